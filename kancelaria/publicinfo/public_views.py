"""The public pages of access to public information (DOMAIN.md 5), mounted under
/information/ with the staff pages:

- `apply/`: the request on the web portal (no login, rate-limited), then the number,
  the tracking code and the slip;
- `clarify/<token>/`: the requester answers a clarification through the letter's link;
- `public/`: the public register of published requests, without personal data;
- `report/`: the annual report (page, CSV, PDF);
- `publication/`: staff who handle requests publish and withdraw them.

Views are thin: each write calls one service; what the public sees is built by
`publication.public_record`, never the request itself.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kancelaria.audit.services import Action, audit_read
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.ratelimit import client_address, hit
from kancelaria.registry.slip import slip_build, slip_filename, slip_pdf_render

from . import publication, report, services
from .models import Clarification, InfoRequest, Status
from .public_forms import (
    ClarificationAnswerForm,
    PortalRequestForm,
    PublicationForm,
    PublicFilterForm,
)

PAGE_SIZE = 20
SESSION_SUBMITTED = "publicinfo.submitted"
PORTAL_SCOPE = "publicinfo-portal"
FIRST_YEAR = 2000


def portal_limit() -> tuple[int, int]:
    """Requests per client address and window (seconds): the procedures' portal setting
    unless the information portal has its own."""
    return (getattr(settings, "PUBLICINFO_PORTAL_RATE_LIMIT", settings.PROCEDURES_PORTAL_RATE_LIMIT),
            getattr(settings, "PUBLICINFO_PORTAL_RATE_WINDOW", settings.PROCEDURES_PORTAL_RATE_WINDOW))


# --------------------------------------------------------------------------- the portal

@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    """A request for information from anyone, no login; a few per hour from one address."""
    if request.method == "POST":
        form = PortalRequestForm(request.POST)
        limit, window = portal_limit()
        if not hit(PORTAL_SCOPE, client_address(request), limit=limit, window=window):
            response = render(request, "publicinfo/public/apply.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(window)
            return response
        if form.is_valid():
            d = form.cleaned_data
            try:
                info_request = services.request_intake(
                    actor=None, registration=form.registration(), kind=d["kind"], channel="portal",
                    requester_type=d["requester_type"], description=d["description"],
                    preferred_forms=d.get("preferred_forms") or (), accessible_form=d.get("accessible_form", ""),
                    publish_consent=d.get("publish_consent") or (), request=request,
                )
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                request.session[SESSION_SUBMITTED] = info_request.pk
                return redirect("publicinfo:public_submitted")
        return render(request, "publicinfo/public/apply.html", {"form": form}, status=400)
    return render(request, "publicinfo/public/apply.html", {"form": PortalRequestForm()})


def _submitted(request) -> InfoRequest | None:
    pk = request.session.get(SESSION_SUBMITTED)
    return InfoRequest.objects.select_related("entry", "case").filter(pk=pk).first() if pk else None


@never_cache
@require_safe
def submitted(request):
    """What was just filed: the number, the tracking code, the due date and the slip."""
    info_request = _submitted(request)
    if info_request is None:
        return redirect("publicinfo:public_apply")
    track = reverse("portal:track") + "?" + urlencode({"number": info_request.entry.number,
                                                        "code": info_request.case.tracking_code})
    return render(request, "publicinfo/public/submitted.html", {"info_request": info_request, "track_url": track})


@never_cache
@require_safe
def submitted_slip(request):
    """The slip (PDF) of the request just filed, for the person who filed it (the session)."""
    info_request = _submitted(request)
    if info_request is None:
        raise Http404
    entry = info_request.entry
    response = HttpResponse(slip_pdf_render(slip_build(entry)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, slip_filename(entry))
    return response


# --------------------------------------------------------------------------- clarification

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{16,40}$")


def _by_token(token: str) -> tuple[InfoRequest, Clarification]:
    """The request and its latest clarification; 404 (without saying why) for a wrong
    token, or when no clarification is awaited or was just given."""
    if not TOKEN_SHAPE.match(token or ""):
        raise Http404
    info_request = InfoRequest.objects.select_related("entry").filter(reply_token=token).first()
    if info_request is None:
        raise Http404
    clarification = info_request.clarifications.order_by("-asked_on", "-id").first()
    if clarification is None or clarification.lapsed_on is not None:
        raise Http404
    awaiting = info_request.status == Status.CLARIFICATION and clarification.answered_on is None
    answered = info_request.status == Status.OPEN and clarification.answered_on is not None
    if not (awaiting or answered):
        raise Http404
    return info_request, clarification


@never_cache
@require_http_methods(["GET", "POST"])
def clarify(request, token: str):
    """The requester answers the question of the clarification letter; the 14 days start
    again from his answer (DOMAIN.md 5)."""
    info_request, clarification = _by_token(token)
    if clarification.answered_on is not None:
        return render(request, "publicinfo/public/clarify_done.html",
                      {"info_request": info_request, "clarification": clarification})
    form = ClarificationAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.clarification_answer(actor=None, info_request=info_request,
                                              answer=form.cleaned_data["answer"], request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                return redirect("publicinfo:public_clarify", token=token)
        status = 400
    return render(request, "publicinfo/public/clarify.html",
                  {"info_request": info_request, "clarification": clarification, "form": form}, status=status)


# --------------------------------------------------------------------------- the public register

@require_safe
def register(request):
    """The published requests, newest first, without personal data (DOMAIN.md 5)."""
    filters = PublicFilterForm(request.GET or None, years=publication.public_years())
    chosen = filters.filters()
    page = Paginator(publication.public_requests(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    records = [publication.public_record(r) for r in page.object_list]
    return render(request, "publicinfo/public/register.html",
                  {"filters": filters, "page": page, "records": records, "filtered": bool(chosen)})


def _published(pk: int) -> InfoRequest:
    return get_object_or_404(publication.public_requests(), pk=pk)


@require_safe
def record(request, pk: int):
    return render(request, "publicinfo/public/record.html", {"record": publication.public_record(_published(pk))})


@require_safe
def record_file(request, pk: int, attachment_id: int):
    """A file of a published decision; nothing else is downloadable."""
    info_request = _published(pk)
    attachment = publication.public_file(info_request, attachment_id)
    if attachment is None:
        raise Http404
    shown = next(f.name for f in publication.public_record(info_request).files if f.pk == attachment.pk)
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=shown, content_type=attachment.content_type)


# --------------------------------------------------------------------------- the annual report

@require_safe
def report_index(request):
    today = timezone.localdate()
    years = report.report_years(today)
    return render(request, "publicinfo/public/report_index.html",
                  {"years": years, "report": report.annual_report(years[0])})


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


@require_safe
def report_year(request, year: int):
    data = report.annual_report(_year(year))
    if request.GET.get("format") == "csv":
        response = HttpResponse(report.report_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"information-report-{year}.csv")
        return response
    return render(request, "publicinfo/public/report.html",
                  {"report": data, "years": report.report_years(timezone.localdate())})


@require_safe
def report_pdf(request, year: int):
    data = report.annual_report(_year(year))
    response = HttpResponse(report.report_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"information-report-{year}.pdf")
    return response


# --------------------------------------------------------------------------- publication (staff)

def _require_publisher(request) -> None:
    if not publication.can_publish(request.user):
        raise PermissionDenied(_("Only the officers who handle requests for information publish them."))


@login_required
@require_safe
def publication_list(request):
    """Decided requests not yet published, and the published ones."""
    _require_publisher(request)
    queue = Paginator(publication.publication_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    published = Paginator(publication.publication_published(), PAGE_SIZE).get_page(request.GET.get("published"))
    return render(request, "publicinfo/public/publication.html", {"queue": queue, "published": published})


@login_required
@require_http_methods(["GET", "POST"])
def publication_record(request, pk: int):
    """The record as the public will see it, the summary, publish or withdraw."""
    _require_publisher(request)
    info_request = get_object_or_404(publication.publication_candidates(), pk=pk)
    form = PublicationForm(request.POST or None, initial={"public_summary": info_request.public_summary})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in PublicationForm.ACTIONS and form.is_valid():
            d = form.cleaned_data
            try:
                if action == "save":
                    publication.public_summary_save(actor=request.user, info_request=info_request,
                                                    public_summary=d["public_summary"], request=request)
                    messages.success(request, _("The summary is saved."))
                elif action == "publish":
                    publication.request_publish(actor=request.user, info_request=info_request,
                                                public_summary=d["public_summary"], request=request)
                    messages.success(request, _("Published in the public register."))
                else:
                    publication.request_withdraw(actor=request.user, info_request=info_request,
                                                 reason=d.get("reason", ""), request=request)
                    messages.success(request, _("Withdrawn from the public register."))
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            except PermissionRefused as exc:
                raise PermissionDenied(str(exc.message)) from exc
            else:
                return redirect("publicinfo:public_publication_record", pk=pk)
        elif action not in PublicationForm.ACTIONS:
            form.add_error(None, _("Choose to save, publish or withdraw."))
        status = 400
    else:
        audit_read(actor=request.user, obj=info_request, request=request, action=Action.READ)
    preview = publication.public_record(info_request)
    return render(request, "publicinfo/public/publication_record.html",
                  {"info_request": info_request, "record": preview, "form": form}, status=status)
