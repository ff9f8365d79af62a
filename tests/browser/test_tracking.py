"""The citizen tracks his case in a browser (DOMAIN.md 2, "virtual registry"): by typing
the number and the code, or by opening the link of the slip's QR code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kancelaria.registry.services import Correspondent, case_send
from kancelaria.registry.slip import tracking_url
from tests import factories
from tests.browser.conftest import assert_accessible, login

CITIZEN = "Радослава Кирилова Маринова"

@pytest.fixture
def entry(transactional_db, org, registrar, index):
    """Given an application registered at the desk with a deadline and sent to planning."""
    entry = factories.entry(
        registrar, index=index, deadline=timezone.localdate() + dt.timedelta(days=10),
        correspondent=Correspondent(name=CITIZEN, kind="person", egn=factories.VALID_EGN),
    )
    case_send(actor=registrar, case=entry.case, unit=org["planning"])
    return entry


def submit(page) -> None:
    page.locator("main form[action='/track/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_citizen_types_number_and_code_and_sees_the_status(page, entry, org):
    """Given the empty form, when the citizen types the number and the code (in lower case,
    without the dash) and submits, then he sees the status and where the case went."""
    page.goto("/track/")
    assert page.locator("#id_code").get_attribute("autocomplete") == "off"
    assert_accessible(page)
    page.locator("#id_number").fill(entry.number)
    page.locator("#id_code").fill(entry.case.tracking_code.replace("-", "").lower())
    submit(page)

    assert entry.number in page.locator(".govuk-summary-list").inner_text()
    assert page.locator("[data-status='in_progress']").count() == 1
    assert page.locator("[data-deadline-state='on_time']").is_visible()
    movements = page.locator("#movements").inner_text()
    assert org["desk"].name in movements
    assert org["planning"].name in movements
    assert CITIZEN not in page.content()
    assert_accessible(page)


def test_qr_link_opens_the_result_directly(page, entry, live_server, settings):
    """Given the URL of the slip's QR code, when it is opened, then the result shows at
    once, with no form to fill."""
    settings.PUBLIC_URL = live_server.url
    page.goto(tracking_url(entry.number, entry.case.tracking_code))
    assert page.locator("h1").inner_text().strip().endswith(entry.number)
    assert page.locator("#movements li").count() == 2
    assert page.locator("main #id_code").count() == 0


def test_not_found_page_is_accessible_and_says_so(page, entry):
    """Given a wrong code, when the form is submitted, then the GOV.UK error summary says
    nothing was found, keeps what was typed, and the page is accessible."""
    page.goto("/track/")
    page.locator("#id_number").fill(entry.number)
    page.locator("#id_code").fill("00000-00000")
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_number").input_value() == entry.number
    assert page.locator("[data-status]").count() == 0
    assert_accessible(page)


def test_pages_keep_to_the_csp(page, entry, live_server, settings):
    """Given the Content Security Policy enforced, when the tracking result and the slip
    (with its QR image and its Print button script) are shown, then nothing is blocked."""
    settings.PUBLIC_URL = live_server.url
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text)
                   if "Content Security Policy" in msg.text else None)
    page.goto(tracking_url(entry.number, entry.case.tracking_code))
    assert page.locator("[data-status]").count() == 1
    login(page, "registrar")
    page.goto(f"/slip/{entry.pk}/")
    page.wait_for_load_state("networkidle")
    qr = page.locator("main img[src^='data:image/svg+xml']")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("[data-print-button]").is_visible()
    assert violations == []
