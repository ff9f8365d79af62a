"""An oral request for public information from the desk to a partial grant (DOMAIN.md 5):
the clerk, starting with the keyboard on the requester's names, registers an oral request
with its signed protocol (after the desk has shown what was missing), and sees its dossier
and the register; the secretary opens the decision page, works out the costs from the
tariff and grants partial access, and prints the decision. Every page passes axe-core.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from kancelaria.publicinfo.models import InfoRequest, TariffItem
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


@pytest.fixture
def people(transactional_db):
    factories.national_tariff()
    org = factories.organisation()
    clerk = factories.user("registrar", role="registrar", unit=org["desk"], first_name="Мария",
                           last_name="Деловодна")
    clerk.user_permissions.add(Permission.objects.get(codename="handle_inforequest"))
    return {
        "registrar": clerk,
        "secretary": factories.user("secretary", role="resolver", unit=org["municipality"], first_name="Севда",
                                    last_name="Секретарова"),
    }


def test_an_oral_request_at_the_desk_granted_in_part(page, people, live_server):
    today = dt.date.today()

    # --- the clerk takes an oral request at the desk, keyboard first
    as_user(page, "registrar")
    page.goto("/information/new/")
    expect(page.locator("#id_name")).to_be_focused()
    assert_accessible(page)
    page.keyboard.type("Айше Мехмед Хасан")
    page.fill("#id_address", "гр. Момчилград, ул. „Родопи“ 14")
    page.select_option("#id_channel", "oral")
    page.fill("#id_description", "Колко е платила общината за снегопочистване през зимата на 2025/2026 г. "
                                 "и копие от договора с изпълнителя.")
    page.check("#id_preferred_forms_2")  # copies on paper
    with page.expect_navigation():
        page.locator("#intake-form button[type=submit]").click()
    # the protocol is missing: the error summary says so, and nothing is registered
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary a[href='#id_protocol_signed']")).to_be_visible()
    assert not InfoRequest.objects.exists()
    assert_accessible(page)
    page.fill("#id_notes", "Лицето се яви на гише 2 и поиска устно информация за разходите за "
                           "снегопочистване и договора с изпълнителя.")
    page.check("#id_protocol_signed")
    with page.expect_navigation():
        page.locator("#intake-form button[type=submit]").click()

    r = InfoRequest.objects.get()
    assert r.channel == "oral" and r.protocol_signed and r.preferred_forms == ["paper"]
    expect(page.locator("#request-number")).to_have_text(r.entry.number)
    assert re.fullmatch(r"ЗДОИ-\d+/\d\d\.\d\d\.\d{4}", r.entry.number)
    expect(page.locator("#request-status")).to_have_attribute("data-status", "open")
    expect(page.locator("#decision-due")).to_contain_text(r.decision_due.strftime("%d.%m.%Y"))
    expect(page.locator(f"#documents tr[data-entry='{r.entry_id}']")).to_be_visible()
    expect(page.locator("#step-decide")).to_have_count(0)  # the clerk does not decide
    assert_accessible(page)

    page.goto("/information/")
    expect(page.locator(f"tr[data-request='{r.pk}']")).to_contain_text(r.entry.number)
    assert_accessible(page)

    # --- the secretary grants partial access, with the costs from the tariff
    as_user(page, "secretary")
    page.goto(f"/information/{r.pk}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#step-decide a").click()
    expect(page.locator("#earlier-grants")).to_be_visible()
    assert_accessible(page)
    page.check("#id_grant-partial")
    page.fill("#id_grant-extent", "Справка за платените суми и копие от договора без приложението с "
                                  "единичните цени.")
    page.fill("#id_grant-access_until", (today + dt.timedelta(days=30)).isoformat())
    page.select_option("#id_grant-officer", str(people["registrar"].pk))
    page.fill("#id_grant-place", "Център за административно обслужване, гише 2")
    page.select_option("#id_cost-0-item", str(TariffItem.objects.get(code="copy-a4").pk))
    page.fill("#id_cost-0-quantity", "14")
    with page.expect_navigation():
        page.locator("button[name=calculate]").click()
    expect(page.locator("#cost-preview")).to_contain_text(re.compile(r"0[.,]70"))  # 14 x 0.05 EUR
    expect(page.locator("#id_grant-partial")).to_be_checked()
    assert_accessible(page)
    page.check("#id_grant-refusal_grounds_0")  # classified
    page.fill("#id_grant-factual_grounds", "Приложението с единичните цени е класифицирано като търговска тайна.")
    with page.expect_navigation():
        page.locator("#grant-form button[type=submit]:not([name])").click()

    expect(page.locator("#request-status")).to_have_attribute("data-status", "decided")
    expect(page.locator("#request-outcome")).to_have_attribute("data-outcome", "partial")
    expect(page.locator("#costs")).to_contain_text(re.compile(r"0[.,]70"))
    r.refresh_from_db()
    assert r.outcome == "partial" and r.refusal_grounds == ["classified"] and str(r.costs) == "0.70"
    expect(page.locator(f"#documents tr[data-entry='{r.decision_entry_id}']")).to_contain_text(r.case.number)
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("#print-decision").click()
    expect(page.locator("#decision-document")).to_contain_text("търговска тайна")
    assert_accessible(page)

    page.goto("/information/tariff/")
    expect(page.locator("tr[data-tariff='copy-a4']")).to_be_visible()
    assert_accessible(page)
