"""A signal from the portal to the end of its proceedings (DOMAIN.md 4): a citizen sends
a signal on the public form and sees its number and tracking code; the mayor records the
decision, the registrar the notice to the sender, the mayor orders the execution to the
head of the directorate, who records it done, and the proceedings end. The portal form,
the slip, the registers and the procedure page pass axe-core.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from kancelaria.procedures.models import Procedure
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


@pytest.fixture
def people(transactional_db):
    org = factories.organisation()
    return {
        "registrar": factories.user("registrar", role="registrar", unit=org["desk"], first_name="Мария",
                                    last_name="Деловодна"),
        "mayor": factories.user("mayor", role="resolver", unit=org["municipality"], first_name="Ахмед",
                                last_name="Кметов"),
        "head": factories.user("head", role="resolver", unit=org["spatial"], first_name="Елена",
                               last_name="Началникова"),
    }


def test_a_signal_from_the_portal_to_its_execution(page, people, live_server):
    today = dt.date.today()

    # --- a citizen sends a signal on the portal, no login
    page.goto("/procedures/new/")
    assert_accessible(page)
    page.locator("label[for='id_kind_1']").click()
    page.fill("#id_subject", "Разбит тротоар на ул. „Родопи“")
    page.fill("#id_text", "Тротоарът пред № 3 е разбит от месеци.")
    page.fill("#id_name", "Радослава Кирилова Маринова")
    page.fill("#id_email", "radoslava@example.bg")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    number = page.locator("#registered-number").inner_text().strip()
    assert re.fullmatch(r"70-00-\d+/\d\d\.\d\d\.\d{4}", number)
    procedure = Procedure.objects.get(entry__number=number)
    expect(page.locator("#tracking-code")).to_have_text(procedure.case.tracking_code)
    expect(page.locator("#track-link")).to_have_attribute("href", re.compile(r"^/track/\?number=.+&code=.+"))
    assert_accessible(page)

    # --- the registers show it to the registrar; the complaints register is empty
    as_user(page, "registrar")
    page.goto("/procedures/proposals-and-signals/")
    expect(page.locator(f"tr[data-procedure='{procedure.pk}']")).to_contain_text(number)
    assert_accessible(page)
    page.goto("/procedures/complaints/")
    assert_accessible(page)
    assert page.goto("/procedures/corruption/").status == 404

    # --- the mayor records the decision on the procedure page
    as_user(page, "mayor")
    page.goto(f"/procedures/{procedure.pk}/")
    assert_accessible(page)
    page.fill("#id_decide-decision_text", "Тротоарът да се ремонтира.")
    page.fill("#id_decide-reasons", "Проверката на място потвърди сигнала.")
    with page.expect_navigation():
        page.locator("form[action$='/decide/'] button[type=submit]").click()
    expect(page.locator("#procedure-status")).to_have_attribute("data-status", "decided")
    expect(page.locator("#notify-due")).to_contain_text(re.compile(r"\d\d\.\d\d\.\d{4}"))

    # --- the registrar records that the decision reached the sender
    as_user(page, "registrar")
    page.goto(f"/procedures/{procedure.pk}/")
    page.locator("label[for='id_notify-how_0']").click()
    with page.expect_navigation():
        page.locator("form[action$='/notify/'] button[type=submit]").click()
    expect(page.locator("#procedure-status")).to_have_attribute("data-status", "notified")

    # --- the mayor orders the execution: how, by when, by whom
    as_user(page, "mayor")
    page.goto(f"/procedures/{procedure.pk}/")
    page.fill("#id_order-how", "Ремонт на тротоара с нови плочки.")
    page.fill("#id_order-due", (today + dt.timedelta(days=14)).isoformat())
    page.select_option("#id_order-executor", str(people["head"].pk))
    with page.expect_navigation():
        page.locator("form[action$='/order/'] button[type=submit]").click()
    expect(page.locator("#procedure-status")).to_have_attribute("data-status", "executing")
    assert_accessible(page)

    # --- the head records the execution: the proceedings end
    as_user(page, "head")
    page.goto(f"/procedures/{procedure.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/executed/'] button[type=submit]").click()
    expect(page.locator("#procedure-status")).to_have_attribute("data-status", "closed")
    procedure.refresh_from_db()
    assert procedure.executed_on == today
    procedure.case.refresh_from_db()
    assert procedure.case.status == "closed"
