"""A statement of violation to its delivered penal decree (DOMAIN.md 9): the inspector
registers a statement and records its delivery, an objection and the file sent to the
lawyer; the lawyer gives the opinion; the mayor decides on a decree and issues it; the
inspector records its delivery. Every page passes axe-core, with the clocks explained.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kancelaria.penal.models import PenalCase
from tests import factories
from tests.browser.conftest import assert_accessible, login
from tests.penal.conftest import holder

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


@pytest.fixture
def people(transactional_db):
    org = factories.organisation()
    return {
        "builder": holder("builder", "executor", org["spatial"], first_name="Николай", last_name="Ненов"),
        "lawyer": holder("lawyer", "executor", org["municipality"], offender_data=True, first_name="Десислава",
                         last_name="Маринова"),
        "mayor": holder("mayor", "resolver", org["municipality"], offender_data=True, first_name="Ахмед",
                        last_name="Кметов"),
    }


def step(page, name: str) -> None:
    with page.expect_navigation():
        page.locator(f"section[aria-labelledby='step-{name}'] button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_a_statement_to_its_delivered_penal_decree(page, people, live_server):
    today = dt.date.today()
    iso = today.isoformat()

    # --- the inspector registers the statement
    as_user(page, "builder")
    page.goto("/penal/")
    assert_accessible(page)
    page.goto("/penal/cases/new/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()  # empty: errors on the fields
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_author_name", "Николай Стоянов Ненов")
    page.fill("#id_author_position", "главен специалист „Строителство“")
    page.fill("#id_drawn_up_on", iso)
    page.fill("#id_violation_date", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_violation_place", "гр. Момчилград, ул. „Трети март“ 14")
    page.fill("#id_description", "Изхвърляне на строителни отпадъци на неразрешено място.")
    page.fill("#id_provisions", "Наредба за управление на отпадъците | 28 | 1 | 2")
    page.fill("#id_offender_name", "Мехмед Али Юсеин")
    page.fill("#id_offender_egn", "7501020018")
    page.fill("#id_offender_address", "гр. Момчилград, ул. „Родопи“ 7")
    page.fill("#id_witnesses", "Петър Стоянов Петров | гр. Момчилград, ул. „Победа“ 3")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    penal = PenalCase.objects.get()
    expect(page.locator("#case-number")).to_have_text(penal.label)
    expect(page.locator("#offender")).to_contain_text("******0018")
    # only the steps the state allows: the file to the authority waits for the delivery
    expect(page.locator("#waiting-authority")).to_be_visible()
    expect(page.locator("#step-authority")).to_have_count(0)
    assert_accessible(page)

    # --- delivery, an objection, the file to the lawyer
    page.fill("#id_delivery-on", iso)
    page.locator("label[for='id_delivery-how_0']").click()
    step(page, "delivery")
    expect(page.locator("[data-clock='objection'] .govuk-details__summary")).to_be_visible()
    page.fill("#id_objection-summary", "Отпадъците не са мои.")
    step(page, "objection")
    expect(page.locator("[data-objection='in_time']")).to_be_visible()
    page.select_option("#id_lawyer-lawyer", str(people["lawyer"].pk))
    page.fill("#id_lawyer-on", iso)
    step(page, "lawyer")
    page.locator("[data-clock='opinion'] .govuk-details__summary").click()
    assert_accessible(page)

    # --- the lawyer's opinion
    as_user(page, "lawyer")
    page.goto(f"/penal/cases/{penal.pk}/")
    page.fill("#id_opinion-legal_basis", "Чл. 53, ал. 1 ЗАНН във връзка с чл. 48 от Наредбата.")
    page.fill("#id_opinion-sanctions", "глоба")
    page.fill("#id_opinion-minimum", "100")
    page.fill("#id_opinion-maximum", "1000")
    page.locator("label[for='id_opinion-minor_1']").click()
    page.fill("#id_opinion-proposal", "Глоба 300 евро.")
    page.fill("#id_opinion-on", iso)
    step(page, "opinion")
    expect(page.locator("#opinion")).to_be_visible()
    assert_accessible(page)

    # --- the mayor decides and issues the decree
    as_user(page, "mayor")
    page.goto("/penal/")
    expect(page.locator("#for-mayor")).to_contain_text(penal.label)
    assert_accessible(page)
    page.goto(f"/penal/cases/{penal.pk}/")
    page.locator("label[for='id_decision-kind_0']").click()
    page.fill("#id_decision-on", iso)
    page.select_option("#id_decision-sanction_type", "fine")
    page.fill("#id_decision-amount", "300")
    page.fill("#id_decision-mitigating", "Първо нарушение.")
    step(page, "decision")
    page.fill("#id_issue-on", iso)
    step(page, "issue")
    expect(page.locator("#decree-link")).to_contain_text(penal.decree_number)
    assert_accessible(page)
    page.goto(f"/penal/cases/{penal.pk}/decree/")
    expect(page.locator("#decree h1")).to_contain_text(penal.decree_number)
    expect(page.locator("#decree-offender")).to_contain_text("7501020018")
    expect(page.locator("#decree-appeal")).to_contain_text("Районен съд – Кърджали")
    assert_accessible(page)

    # --- the inspector records the decree's delivery
    as_user(page, "builder")
    page.goto(f"/penal/cases/{penal.pk}/")
    page.fill("#id_decreedelivery-on", iso)
    page.locator("label[for='id_decreedelivery-how_0']").click()
    step(page, "decree_delivery")
    expect(page.locator("#decree-delivered")).to_be_visible()
    expect(page.locator("[data-clock='appeal']")).to_have_attribute("data-state", "running")
    assert_accessible(page)
    penal.refresh_from_db()
    assert penal.stage == "decree_delivered" and penal.final_on is not None

    for url in ("/penal/cases/", "/penal/findings/", "/penal/findings/new/", "/penal/tickets/",
                "/penal/tickets/new/"):
        page.goto(url)
        assert_accessible(page)
