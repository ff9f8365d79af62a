"""The registration slip the citizen receives: the register number, what was submitted
and the code to follow the case online (DOMAIN.md 2, "virtual registry").

Printable as an HTML page and as a PDF (xhtml2pdf, DejaVu Sans so Cyrillic renders).
Staff only, need-to-know (DOMAIN.md 11): an entry outside the user's scope answers 404,
and every view of a slip is written to the audit trail.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kancelaria.audit.services import Action, audit_read

from .models import Entry, Kind
from .selectors import entries_visible

# The QR code survives a creased or smudged slip (error correction M: ~15 %).
QR_ERROR = "m"

FONT_STATIC = "dist/fonts/DejaVuSans.ttf"
FONT_FALLBACKS = (
    Path(settings.PROJECT_DIR) / "node_modules" / "dejavu-fonts-ttf" / "ttf" / "DejaVuSans.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


def tracking_url(number: str, code: str) -> str:
    """The public tracking page with the register number and the code filled in: what the
    QR code on the slip and the e-mail open."""
    return f"{settings.PUBLIC_URL}/track/?number={quote(number, safe='')}&code={quote(code, safe='')}"


def tracking_url_for(entry: Entry) -> str:
    """Internal documents are not listed to the public, so their slip tracks the case
    file by its number."""
    number = entry.case.number if entry.kind == Kind.INTERNAL else entry.number
    return tracking_url(number, entry.case.tracking_code)


def tracking_qr(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR, micro=False)


def font_path(name: str = "DejaVuSans.ttf") -> str | None:
    """The DejaVu TTF for the PDF: the front-end build's copy, the npm package, the
    system font, in that order."""
    found = finders.find(f"dist/fonts/{name}")
    if found:
        return str(found)
    for fallback in FONT_FALLBACKS:
        candidate = fallback.with_name(name)
        if candidate.is_file():
            return str(candidate)
    return None


@dataclass(frozen=True)
class Slip:
    entry: Entry
    office: str
    registered_at: object
    correspondent: str
    deadline: object
    attachment_names: list[str]
    tracking_code: str
    url: str
    qr: segno.QRCode

    @property
    def track_page(self) -> str:
        return f"{settings.PUBLIC_URL}/track/"

    @property
    def qr_svg_uri(self) -> str:
        return self.qr.svg_data_uri(scale=4, border=2, title=str(self.url))

    @property
    def qr_png_uri(self) -> str:
        return self.qr.png_data_uri(scale=4, border=2)


def slip_build(entry: Entry) -> Slip:
    """What the slip shows. The correspondent appears by name only: never the EGN."""
    url = tracking_url_for(entry)
    if entry.is_anonymous:
        correspondent = _("anonymous")
    else:
        correspondent = entry.correspondent_name
    return Slip(
        entry=entry,
        office=settings.OFFICE_NAME,
        registered_at=timezone.localtime(entry.registered_at),
        correspondent=correspondent,
        deadline=entry.deadline or entry.case.deadline,
        attachment_names=[a.original_name for a in entry.attachments.all()],
        tracking_code=entry.case.tracking_code,
        url=url,
        qr=tracking_qr(url),
    )


def slip_pdf_render(slip: Slip) -> bytes:
    from xhtml2pdf import pisa

    html = render_to_string("registry/slip_pdf.html", {
        "slip": slip, "entry": slip.entry, "font_regular": font_path("DejaVuSans.ttf"),
        "font_bold": font_path("DejaVuSans-Bold.ttf") or font_path("DejaVuSans.ttf"),
    })
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"the slip PDF could not be rendered ({result.err} errors)")
    return out.getvalue()


def slip_filename(entry: Entry) -> str:
    """`slip-94-00-12-21.11.2026.pdf`: the number with the characters a file name
    cannot carry replaced."""
    safe = re.sub(r"[^\w.\-]+", "-", entry.number).strip("-")
    return f"slip-{safe}.pdf"


def _visible_entry(request: HttpRequest, entry_id: int) -> Entry:
    qs = entries_visible(request.user).prefetch_related("attachments")
    return get_object_or_404(qs, pk=entry_id)


@require_safe
@login_required
@never_cache
def slip_html(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _visible_entry(request, entry_id)
    audit_read(actor=request.user, obj=entry, request=request)
    return render(request, "registry/slip.html", {"slip": slip_build(entry), "entry": entry})


@require_safe
@login_required
@never_cache
def slip_pdf(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _visible_entry(request, entry_id)
    audit_read(actor=request.user, obj=entry, request=request, action=Action.DOWNLOAD)
    response = HttpResponse(slip_pdf_render(slip_build(entry)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, slip_filename(entry))
    return response
