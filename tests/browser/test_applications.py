"""A citizen applies for a service online, pays through the fake provider, receives the
number and the tracking code and follows the request (DOMAIN.md 1, 2 and 7)."""

from __future__ import annotations

import pytest

from kancelaria.applications.models import Payment, ServiceRequest
from tests.applications.factories import service
from tests.browser.conftest import assert_accessible


@pytest.fixture
def offered(transactional_db, org, index):
    """Given a service offered online with a regular and an express tier."""
    return service(org=org, index=index)


def test_citizen_applies_online_pays_and_tracks(page, offered, tmp_path):
    """When the citizen fills in the form with an attachment, pays at the provider's page
    and opens the tracking link, then the request is registered and paid, the
    confirmation shows the number and the tracking code, and tracking finds the case.
    Every page on the way passes axe-core."""
    scan = tmp_path / "zayavlenie.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    page.goto(f"/requests/apply/{offered.code}/")
    assert_accessible(page)
    page.fill("#id_name", "Радослава Кирилова Маринова")
    page.fill("#id_address", "гр. Момчилград, ул. „Родопи“ 3")
    page.fill("#id_email", "radoslava@example.org")
    page.check("#id_tier_1")  # the second tier listed: regular (10 days), after express (2 days)
    page.check("input[name=receive_channel][value=email]")
    page.set_input_files("#id_files", str(scan))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert "/requests/pay/fake/" in page.url
    assert "10,00 EUR" in page.locator("#amount").inner_text()
    assert_accessible(page)
    page.locator("button[name=outcome][value=paid]").click()  # "Pay", in the page's language
    page.wait_for_load_state("networkidle")

    obj = ServiceRequest.objects.select_related("entry", "case").get()
    assert obj.tier.tier == "regular" and obj.entry.attachments.count() == 1
    assert obj.payments.get().status == Payment.Status.PAID
    assert page.url.endswith("/requests/apply/done/")
    assert page.locator("#number").inner_text() == obj.entry.number
    assert page.locator("#tracking-code").inner_text() == obj.case.tracking_code
    assert_accessible(page)

    page.locator("#track-link").click()
    page.wait_for_load_state("networkidle")
    assert "/track/" in page.url
    assert obj.entry.number in page.content()
