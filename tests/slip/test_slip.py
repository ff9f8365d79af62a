"""The registration slip (DOMAIN.md 2: "the citizen receives a slip with the register
number and a code to check the case online"), staff only and need-to-know (DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from kancelaria.audit.models import AuditEvent
from kancelaria.registry.services import Correspondent, case_send
from kancelaria.registry.slip import (
    font_path,
    slip_build,
    slip_filename,
    tracking_qr,
    tracking_url,
    tracking_url_for,
)
from tests import factories

CITIZEN = "Иван Петров Иванов"


@pytest.fixture
def entry(registrar, index):
    """Given an application registered at the desk by a person with an EGN, paper
    attachments, a scanned file and a deadline."""
    return factories.entry(
        registrar, index=index,
        correspondent=Correspondent(name=CITIZEN, kind="person", egn=factories.VALID_EGN,
                                    address="гр. Момчилград, ул. „Трети март“ 12"),
        pages=3, attachments_description="Скица на имота, 2 листа",
        deadline=dt.date.today() + dt.timedelta(days=14),
        files=[SimpleUploadedFile("нотариален-акт.pdf", b"%PDF-1.4\n%test\n", "application/pdf")],
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- the tracking URL and the QR code ---------------------------------------------------

def test_tracking_url_carries_number_and_code_url_encoded(settings):
    """Given the public address, when the URL for a number and code is built, then it opens
    /track/ with both parameters, the number URL-encoded (slashes, brackets)."""
    settings.PUBLIC_URL = "https://obshtina.example.bg"
    url = tracking_url("94-00-12-[2]/25.11.2026", "AB3DE-FG7HJ")
    assert url == "https://obshtina.example.bg/track/?number=94-00-12-%5B2%5D%2F25.11.2026&code=AB3DE-FG7HJ"
    parts = urlsplit(url)
    assert parts.path == "/track/"
    assert parse_qs(parts.query) == {"number": ["94-00-12-[2]/25.11.2026"], "code": ["AB3DE-FG7HJ"]}


def test_qr_code_encodes_the_tracking_url(entry):
    """Given a registered entry, when its slip is built, then the QR code is the segno
    symbol of the tracking URL (same modules as encoding the URL directly)."""
    slip = slip_build(entry)
    expected = tracking_url(entry.number, entry.case.tracking_code)
    assert slip.url == expected == tracking_url_for(entry)
    assert isinstance(slip.qr, segno.QRCode)
    assert slip.qr.is_micro is False
    assert slip.qr.error == "M"
    assert slip.qr.matrix == segno.make(expected, error="m", micro=False).matrix
    assert tracking_qr(expected).matrix == slip.qr.matrix
    assert slip.qr.matrix != segno.make(expected + "x", error="m", micro=False).matrix


# --- the HTML page --------------------------------------------------------------------

def test_slip_page_shows_what_the_citizen_needs(client, registrar, entry, settings):
    """Given an entry, when the registrar opens its slip, then it shows the office, number,
    date and time, subject, name, what was submitted, channel, deadline, code and QR."""
    client.force_login(registrar)
    response = client.get(reverse("slip:html", args=[entry.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (settings.OFFICE_NAME, entry.number, entry.subject, CITIZEN, entry.case.tracking_code,
                 "Скица на имота, 2 листа", "нотариален-акт.pdf", entry.get_channel_display().capitalize(),
                 entry.get_doc_type_display().capitalize(), entry.deadline.strftime("%d.%m.%Y")):
        assert escape(text) in body, text
    assert slip_build(entry).registered_at.strftime("%d.%m.%Y %H:%M") in body
    assert escape(slip_build(entry).qr_svg_uri) in body
    assert reverse("slip:pdf", args=[entry.pk]) in body
    assert "no-store" in response["Cache-Control"]


def test_slip_never_shows_the_egn(client, registrar, entry):
    """DOMAIN.md 11: personal data only as the law needs. Given a correspondent with an
    EGN, when the slip is shown or downloaded, then the EGN (masked or not) is absent."""
    client.force_login(registrar)
    html = client.get(reverse("slip:html", args=[entry.pk])).content.decode()
    pdf = client.get(reverse("slip:pdf", args=[entry.pk])).content
    assert factories.VALID_EGN not in html
    assert factories.VALID_EGN[:6] not in html
    assert factories.VALID_EGN not in pdf_text(pdf)
    assert factories.VALID_EGN[:6] not in pdf_text(pdf)
    assert "ул. „Трети март“" not in html


def test_anonymous_document_slip_says_anonymous(client, registrar, index):
    """Given an anonymous document, when its slip is shown, then the sender reads 'anonymous'."""
    entry = factories.entry(registrar, index=index, is_anonymous=True, correspondent=Correspondent())
    client.force_login(registrar)
    response = client.get(reverse("slip:html", args=[entry.pk]))
    assert response.status_code == 200
    assert "anonymous" in response.content.decode()


# --- the PDF --------------------------------------------------------------------------

def test_slip_pdf_has_number_code_and_cyrillic(client, registrar, entry):
    """Given an entry, when the PDF is downloaded, then it is a PDF shown inline under a
    file name with the number, and its text has the number, code and Cyrillic subject."""
    client.force_login(registrar)
    response = client.get(reverse("slip:pdf", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert slip_filename(entry) in response["Content-Disposition"]
    assert entry.number.replace("/", "-") in slip_filename(entry)
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert entry.number in text
    assert entry.case.tracking_code in text
    assert "Искане за издаване" in text  # Cyrillic came out as text, not as boxes
    assert CITIZEN in text


def test_slip_pdf_embeds_dejavu_and_the_qr_image(client, registrar, entry):
    """Given an entry, when the PDF is rendered, then DejaVu Sans is embedded (Cyrillic
    glyphs) and the page carries one image: the QR code."""
    assert font_path() is not None
    client.force_login(registrar)
    reader = PdfReader(io.BytesIO(client.get(reverse("slip:pdf", args=[entry.pk])).content))
    page = reader.pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in name for name in fonts), fonts
    images = list(page.images)
    assert len(images) == 1


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="needs poppler-utils and zbar-tools to read the printed QR code")
def test_printed_qr_code_scans_to_the_tracking_url(client, registrar, entry, tmp_path):
    """Given the slip PDF printed to an image, when a QR reader scans it, then it reads
    the tracking URL with the number and the code."""
    client.force_login(registrar)
    (tmp_path / "slip.pdf").write_bytes(client.get(reverse("slip:pdf", args=[entry.pk])).content)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(tmp_path / "slip.pdf"),
                    str(tmp_path / "slip")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "slip.png")],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert scanned == tracking_url_for(entry)


# --- need-to-know and audit -----------------------------------------------------------

@pytest.mark.parametrize("name", ["slip:html", "slip:pdf"])
def test_outsider_gets_404(client, outsider, entry, name):
    """DOMAIN.md 11 (need-to-know). Given a user in a unit that does not hold the case,
    when he asks for its slip, then the answer is 404, as if it did not exist."""
    client.force_login(outsider)
    assert client.get(reverse(name, args=[entry.pk])).status_code == 404


def test_unit_that_holds_the_case_sees_the_slip(client, registrar, expert, entry, org):
    """Given a case sent to the expert's unit, when the expert opens the slip, then he sees it."""
    client.force_login(expert)
    assert client.get(reverse("slip:html", args=[entry.pk])).status_code == 404
    case_send(actor=registrar, case=entry.case, unit=org["planning"])
    assert client.get(reverse("slip:html", args=[entry.pk])).status_code == 200


def test_unknown_entry_gets_404(client, registrar, db):
    """Given no such entry, when the slip is asked for, then 404."""
    client.force_login(registrar)
    assert client.get(reverse("slip:html", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["slip:html", "slip:pdf"])
def test_anonymous_visitor_is_sent_to_log_in(client, entry, name):
    """Given no login, when the slip is asked for, then the visitor goes to the login page."""
    response = client.get(reverse(name, args=[entry.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("name", "action"), [("slip:html", "read"), ("slip:pdf", "download")])
def test_every_view_of_a_slip_is_audited(client, registrar, entry, name, action):
    """DOMAIN.md 11 (access recorded). Given an entry, when the slip is viewed twice, then
    two audit events name the user, the entry and the action."""
    client.force_login(registrar)
    before = AuditEvent.objects.filter(action=action).count()
    client.get(reverse(name, args=[entry.pk]))
    client.get(reverse(name, args=[entry.pk]))
    events = AuditEvent.objects.filter(action=action).order_by("id")
    assert events.count() == before + 2
    last = events.last()
    assert last.actor == registrar
    assert last.object_type == "registry.entry"
    assert last.object_id == str(entry.pk)
    assert last.path == reverse(name, args=[entry.pk])


def test_outsider_read_is_not_audited_as_a_read(client, outsider, entry):
    """Given an outsider, when he is refused, then no read is recorded for the entry."""
    client.force_login(outsider)
    client.get(reverse("slip:html", args=[entry.pk]))
    assert not AuditEvent.objects.filter(action="read", object_id=str(entry.pk)).exists()


def test_slip_page_query_count_is_small(client, registrar, entry, django_assert_max_num_queries):
    """Given an entry, when the slip page is shown, then a handful of queries suffice."""
    client.force_login(registrar)
    with django_assert_max_num_queries(10):  # includes reading the user's permissions once
        assert client.get(reverse("slip:html", args=[entry.pk])).status_code == 200
