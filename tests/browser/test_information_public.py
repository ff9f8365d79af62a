"""A request for public information from the portal to the public register (DOMAIN.md 5):
a citizen files a request on the portal and gets its number, tracking code and slip; the
municipality asks what is unclear and the citizen answers through the letter's link;
the secretary grants access and publishes the record after checking its preview; anyone
finds it in the public register without the citizen's personal data. Every page passes
axe-core and the Content Security Policy."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from kancelaria.publicinfo import services
from kancelaria.publicinfo.models import InfoRequest, Status
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Радослава Кирилова Маринова"
EMAIL = "radoslava.marinova@example.bg"
PHONE = "0877 654 321"
ADDRESS = "гр. Момчилград, ул. „Родопи“ 17"
PERSONAL = ("Радослава", "Маринова", "Кирилова", EMAIL, PHONE, "Родопи“ 17", "7501020018")


@pytest.fixture
def people(transactional_db):
    org = factories.organisation()
    handler = factories.user("registrar", role="registrar", unit=org["desk"], first_name="Мария",
                             last_name="Деловодна")
    handler.user_permissions.add(Permission.objects.get(codename="handle_inforequest"))
    return {
        "handler": type(handler).objects.get(pk=handler.pk),
        "secretary": factories.user("secretary", role="resolver", unit=org["municipality"], first_name="Елена",
                                    last_name="Секретарова"),
    }


def test_a_citizen_asks_clarifies_and_finds_the_published_answer(page, people, live_server):
    # --- the portal form: first sent empty (the errors are accessible too), then filled
    page.goto("/information/apply/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("label[for='id_requester_type_0']").click()
    page.fill("#id_description", f"Моля за копие от договора за зимно поддържане за 2026 г. Аз съм {NAME}, "
                                 f"ЕГН 7501020018, тел. {PHONE}.")
    page.locator("label[for='id_preferred_forms_4']").click()  # electronic copies
    page.fill("#id_name", NAME)
    page.fill("#id_address", ADDRESS)
    page.fill("#id_email", EMAIL)
    page.fill("#id_phone", PHONE)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # --- the number, the tracking code and the slip
    number = page.locator("#registered-number").inner_text().strip()
    assert re.fullmatch(r"ЗДОИ-\d+/\d\d\.\d\d\.\d{4}", number)
    info_request = InfoRequest.objects.select_related("case").get(entry__number=number)
    assert info_request.channel == "portal" and info_request.preferred_forms == ["electronic"]
    expect(page.locator("#tracking-code")).to_have_text(info_request.case.tracking_code)
    expect(page.locator("#slip-link")).to_have_attribute("href", "/information/apply/sent/slip.pdf")
    assert_accessible(page)

    # --- the municipality asks what is unclear; the citizen answers through the link
    services.clarification_ask(actor=people["handler"], info_request=info_request,
                               question="За кой сезон на зимното поддържане се отнася искането?")
    page.goto(f"/information/clarify/{info_request.reply_token}/")
    expect(page.locator("#question")).to_contain_text("За кой сезон")
    assert_accessible(page)
    page.fill("#id_answer", "За сезон 2025/2026, с всички анекси.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#decision-due")).to_contain_text(re.compile(r"\d\d\.\d\d\.\d{4}"))
    assert_accessible(page)
    info_request.refresh_from_db()
    assert info_request.status == Status.OPEN
    assert page.goto("/information/clarify/" + "x" * 32 + "/").status == 404

    # --- the secretary grants access, checks the preview and publishes
    services.decision_grant(
        actor=people["secretary"], info_request=info_request, extent="Пълен достъп до договора и анексите.",
        access_until=info_request.received_on.replace(year=info_request.received_on.year + 1), place="",
        officer=people["secretary"], forms=["electronic"],
        information_text="Договорът е сключен с „Пътстрой“ ЕООД за 48 000 EUR.")
    login(page, "secretary")
    page.goto("/information/publication/")
    expect(page.locator("#queue")).to_contain_text(number)
    assert_accessible(page)
    page.locator("#queue a", has_text=number).click()
    page.wait_for_load_state()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("button[name=action][value=publish]").click()
    assert_accessible(page)
    page.context.clear_cookies()

    # --- anyone finds it in the public register, without the citizen's personal data
    page.goto("/information/public/")
    row = page.locator(f"tr[data-record='{info_request.pk}']")
    expect(row).to_contain_text(number)
    assert_accessible(page)
    text = page.locator("main").inner_text()
    for item in PERSONAL:
        assert item not in text
    with page.expect_navigation():
        row.get_by_role("link", name=number).click()
    expect(page.locator("[data-information]")).to_contain_text("„Пътстрой“ ЕООД")
    expect(page.locator("[data-description]")).to_contain_text("договора за зимно поддържане")
    text = page.locator("main").inner_text()
    for item in PERSONAL:
        assert item not in text
    assert_accessible(page)

    # --- and the year's report counts it
    page.goto(f"/information/report/{info_request.received_on.year}/")
    expect(page.locator("[data-received]")).to_have_text("1")
    assert_accessible(page)
    page.goto("/information/report/")
    assert_accessible(page)
