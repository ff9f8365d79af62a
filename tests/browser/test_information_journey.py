"""A citizen's request for public information, start to end, as both sides see it
(DOMAIN.md 5): the citizen files the request on the portal; the secretary asks what is
unclear from the dossier; the citizen answers through the link in the e-mail and sees the
new deadline; the secretary grants partial access, electronically, with the information
attached, and records the delivery by e-mail; the citizen receives the decision and the
file by e-mail, follows the case with its number and code, and finds the published record
in the public register without any of his personal data. Every page passes axe-core and
the Content Security Policy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from kancelaria.publicinfo.models import InfoRequest, Status
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Стефан Илиев Караиванов"
EMAIL = "stefan.karaivanov@example.bg"
PHONE = "0896 112 233"
ADDRESS = "гр. Момчилград, ул. „Христо Ботев“ 41"
PERSONAL = ("Стефан", "Караиванов", "Илиев", EMAIL, PHONE, "Ботев“ 41")


@pytest.fixture
def secretary(transactional_db):
    org = factories.organisation()
    return factories.user("secretary", role="resolver", unit=org["municipality"], first_name="Мария",
                          last_name="Николова", email="secretary@momchilgrad.example")


def mail_to(mailoutbox, address: str, containing: str):
    found = [m for m in mailoutbox if address in m.to and containing in m.body]
    assert found, f"no e-mail to {address} containing {containing!r}: {[m.subject for m in mailoutbox]}"
    return found[-1]


def submit(page, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_citizen_asks_clarifies_receives_a_partial_grant_by_email_and_finds_it_published(
        page, secretary, live_server, mailoutbox):
    # --- the citizen files the request on the portal
    page.goto("/information/apply/")
    page.locator("label[for='id_requester_type_0']").click()  # a citizen
    page.fill("#id_description", "Моля за информация за ремонта на читалището в с. Звездел.")
    page.locator("label[for='id_preferred_forms_4']").click()  # electronic copies
    page.fill("#id_name", NAME)
    page.fill("#id_address", ADDRESS)
    page.fill("#id_email", EMAIL)
    page.fill("#id_phone", PHONE)
    submit(page)
    number = page.locator("#registered-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    info_request = InfoRequest.objects.select_related("case").get(entry__number=number)
    assert info_request.status == Status.OPEN
    assert_accessible(page)

    # --- the secretary finds it in the register and asks what is unclear
    login(page, "secretary")
    page.goto("/information/")
    with page.expect_navigation():
        page.locator(f"tr[data-request='{info_request.pk}'] a", has_text=number).first.click()
    assert_accessible(page)
    page.fill("#id_clarify-question", "Кой ремонт имате предвид: покрива през 2025 г. или фасадата през 2026 г.?")
    submit(page, "#step-clarify ~ form button[type=submit]")
    expect(page.locator("#request-status")).to_have_attribute("data-status", "clarification")
    assert_accessible(page)

    # --- the citizen answers through the link in the e-mail and sees the new deadline
    letter = mail_to(mailoutbox, EMAIL, "/information/clarify/")
    link = re.search(r"https?://[^\s]+(/information/clarify/[^\s/]+/)", letter.body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("#question")).to_contain_text("покрива")
    page.fill("#id_answer", "Ремонтът на покрива през 2025 г.: договорът, сметките и протоколите.")
    submit(page)
    info_request.refresh_from_db()
    assert info_request.status == Status.OPEN
    expect(page.locator("#decision-due")).to_contain_text(info_request.decision_due.strftime("%d.%m.%Y"))
    assert_accessible(page)

    # --- the secretary grants partial access, electronically, with the contract attached
    login(page, "secretary")
    page.goto(f"/information/{info_request.pk}/")
    with page.expect_navigation():
        page.locator("#step-decide a").click()
    page.check("#id_grant-partial")
    page.fill("#id_grant-extent", "Договорът и сметките; без приложението с данните на подизпълнителите.")
    page.check("#id_grant-access_forms_4")  # electronic copies
    page.fill("#id_grant-access_until", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.select_option("#id_grant-officer", str(secretary.pk))
    page.check("#id_grant-refusal_grounds_0")  # a protected secret
    page.fill("#id_grant-factual_grounds", "Приложението съдържа търговска тайна на подизпълнителите.")
    page.fill("#id_grant-information_text", "Ремонтът на покрива струва 38 400 EUR; изпълнител „Родопа Строй“ ООД.")
    page.set_input_files("#id_grant-files", files=[{
        "name": "dogovor-chitalishte.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    submit(page, "#grant-form button[type=submit]:not([name])")
    expect(page.locator("#request-outcome")).to_have_attribute("data-outcome", "partial")
    assert_accessible(page)

    # --- and records the delivery by e-mail: no costs, no protocol, access given that day
    page.locator("label[for='id_deliver-method_1']").click()  # by e-mail
    submit(page, "#step-deliver ~ form button[type=submit]")
    expect(page.locator("#request-status")).to_have_attribute("data-status", "access_given")
    info_request.refresh_from_db()
    assert info_request.costs == 0 and info_request.protocol_entry_id is None
    assert_accessible(page)

    # --- the citizen has the decision and the file in his mailbox
    decision = mail_to(mailoutbox, EMAIL, "38 400 EUR")
    assert number in decision.subject
    assert [name for name, _content, _type in decision.attachments] == ["dogovor-chitalishte.pdf"]

    # --- he follows the case with its number and code
    page.context.clear_cookies()
    page.goto("/track/")
    page.locator("#id_number").fill(number)
    page.locator("#id_code").fill(code)
    submit(page)
    expect(page.locator("main")).to_contain_text(number)
    assert_accessible(page)

    # --- the secretary publishes the record; anyone finds it without the personal data
    login(page, "secretary")
    page.goto("/information/publication/")
    with page.expect_navigation():
        page.locator("#queue a", has_text=number).click()
    submit(page, "button[name=action][value=publish]")
    page.context.clear_cookies()
    page.goto("/information/public/")
    row = page.locator(f"tr[data-record='{info_request.pk}']")
    expect(row).to_contain_text(number)
    with page.expect_navigation():
        row.get_by_role("link", name=number).click()
    expect(page.locator("[data-information]")).to_contain_text("38 400 EUR")
    text = page.locator("main").inner_text()
    for item in PERSONAL:
        assert item not in text
    assert_accessible(page)
