"""A citizen finds a service in the public catalogue (DOMAIN.md 1: clear, complete,
accessible information; signs in Bulgarian and English): by life situation, by search,
and reads the service's page, in Bulgarian and in English."""

from __future__ import annotations

import pytest

from kancelaria.catalogue.demo import catalogue_seed
from kancelaria.core.demo import SeedReport, organisation_seed
from tests.browser.conftest import assert_accessible


@pytest.fixture
def demo_catalogue(transactional_db):
    """Given the demo municipality's units and its catalogue of services."""
    catalogue_seed(organisation_seed(SeedReport()))


def test_citizen_browses_searches_and_opens_a_service_in_bulgarian(page, demo_catalogue):
    """Given the catalogue in Bulgarian, when the citizen picks the life situation "Смърт и
    наследяване", then the certificate of heirs is listed; when she searches "наследници"
    in capitals and opens the result, then its page shows the documents (the death
    certificate collected by the office), the fees and the steps. Both pages pass axe."""
    page.goto("/services/")
    assert page.locator("html").get_attribute("lang") == "bg"
    assert "Смърт и наследяване" in page.locator("#situations").inner_text()
    assert_accessible(page)

    page.locator("#situations a[data-situation='inheritance']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#services li[data-code='2079']").count() == 1
    assert page.locator("#services li[data-code='1987']").count() == 0

    page.locator("#search").fill("НАСЛЕДНИЦИ")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#services li[data-code='2079']").count() == 1
    page.locator("#services li[data-code='2079'] a").click()
    page.wait_for_load_state("networkidle")

    assert "Издаване на удостоверение за наследници" in page.locator("h1").inner_text()
    assert "Акт за смърт на наследодателя" in page.locator("#documents").inner_text()
    assert page.locator("#documents tr[data-source='office']").count() >= 1
    assert page.locator("#fees tr[data-tier]").count() == 3
    assert page.locator("#steps tbody tr").count() == 4
    assert "Закон за гражданската регистрация" in page.locator("#legal-basis").inner_text()
    assert_accessible(page)


def test_english_reader_finds_a_building_permit(browser, live_server, demo_catalogue):
    """Given a browser that asks for English, when the reader searches "building permit"
    and opens the result, then the page is in English and passes axe."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", extra_http_headers={
        "Accept-Language": "en"}, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    try:
        page.goto("/services/")
        assert page.locator("h1").inner_text().strip() == "Administrative services"
        assert "Birth and family" in page.locator("#situations").inner_text()
        assert_accessible(page)

        page.locator("#search").fill("Building PERMIT")
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        page.locator("#services li[data-code='1987'] a").click()
        page.wait_for_load_state("networkidle")

        assert page.locator("h1").inner_text().strip() == "Issuing a building permit"
        assert "Spatial Development Act" in page.locator("#legal-basis").inner_text()
        assert "Design visa" in page.locator("#documents").inner_text()
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)
    finally:
        context.close()
