"""A document from registration to closure through the work pages (DOMAIN.md 3): the
registrar registers it at the desk, the mayor resolves it to the head of the directorate,
the head resolves further to the expert and extends the deadline (the citizen's tracking
page shows it), the expert adds a note and marks the task done, the registrar registers
the answer and records its handover, and the case file is closed. A substitute sees the
absent expert's task. The inbox, the task page with its resolution form and the absences
page pass axe-core.

Set WORK_SCREENSHOTS=<folder> to keep full-page screenshots of every step.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kancelaria.control import services
from kancelaria.control.models import Assignment
from kancelaria.registry.models import CaseFile, CaseStatus, Entry
from kancelaria.registry.services import Correspondent, Registration, entry_register
from kancelaria.workcalendar.selectors import office_calendar
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("WORK_SCREENSHOTS", "")
CITIZEN = "Радослава Кирилова Маринова"


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


@pytest.fixture
def people(transactional_db):
    """The organisation: a registrar, the mayor (first resolver: a resolver of the top
    unit, no routing rules), the head of the directorate, two experts of its department."""
    org = factories.organisation()
    factories.index(code="94-00", name="Заявления и искания")
    return {
        "org": org,
        "registrar": factories.user("registrar", role="registrar", unit=org["desk"], first_name="Мария",
                                    last_name="Деловодна"),
        "mayor": factories.user("mayor", role="resolver", unit=org["municipality"], first_name="Ахмед",
                                last_name="Кметов"),
        "head": factories.user("head", role="resolver", unit=org["spatial"], first_name="Елена",
                               last_name="Началникова"),
        "expert": factories.user("expert", role="executor", unit=org["planning"], first_name="Петър",
                                 last_name="Експертов"),
        "expert2": factories.user("expert2", role="executor", unit=org["planning"], first_name="Стоян",
                                  last_name="Заместников"),
    }


def open_task(page, entry_number: str) -> None:
    """From My work, open the task on the document."""
    page.goto("/work/")
    row = page.locator("tr[data-assignment]", has=page.locator(f"a:text-is('{entry_number}')"))
    expect(row).to_have_count(1)
    row.locator("a[href^='/work/']").click()
    page.wait_for_url(re.compile(r"/work/\d+/$"))


def test_a_document_from_registration_to_closure(page, people, live_server):
    # --- the registrar registers the application at the desk
    as_user(page, "registrar")
    page.goto("/")
    page.fill("#id_subject", "Искане за издаване на скица на имот")
    page.fill("#id_correspondent_name", CITIZEN)
    page.fill("#id_correspondent_address", "гр. Момчилград, ул. „Трети март“ 12")
    page.fill("#id_correspondent_email", "radoslava@example.bg")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    number = page.locator("#registered-number").inner_text().strip()
    entry = Entry.objects.get(number=number)
    case = entry.case
    shot(page, "01-registered")

    # --- the mayor finds it in My work and resolves it to the head
    as_user(page, "mayor")
    page.goto("/work/")
    expect(page.locator("table[data-group='resolve'] tr[data-assignment]")).to_have_count(1)
    expect(page.locator(".kc-navigation [data-work-count='1']")).to_be_visible()
    assert_accessible(page)
    shot(page, "02-mayor-inbox")
    open_task(page, number)
    expect(page.locator("#id_resolution-lead")).to_be_visible()
    assert_accessible(page)
    shot(page, "03-mayor-resolution-form")
    page.select_option("#id_resolution-lead", str(people["head"].pk))
    page.fill("#id_resolution-task", "Да се подготви скица и отговор.")
    with page.expect_navigation():
        page.locator("form[action$='/resolve/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/work/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(number)
    shot(page, "04-mayor-resolved")

    # --- the head resolves further to the expert (cascade)
    as_user(page, "head")
    open_task(page, number)
    expect(page.locator("#resolve")).to_be_visible()
    page.select_option("#id_resolution-lead", str(people["expert"].pk))
    page.fill("#id_resolution-task", "Скица по кадастралната карта.")
    with page.expect_navigation():
        page.locator("form[action$='/resolve/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/work/$"))
    expert_task = Assignment.objects.get(entry=entry, assignee=people["expert"])

    # --- the head, resolver of the expert's task, extends its deadline; the citizen sees it
    old = expert_task.deadline
    new = office_calendar().next_working_day(old + dt.timedelta(days=10))
    page.goto(f"/work/{expert_task.pk}/")
    page.fill("#id_extend-new_deadline", new.isoformat())
    page.fill("#id_extend-reason", "Нужна е проверка на място.")
    shot(page, "05-head-extension-form")
    with page.expect_navigation():
        page.locator("form[action$='/extend/'] button[type=submit]").click()
    expect(page.locator("#task-deadline")).to_have_text(new.strftime("%d.%m.%Y"))
    expect(page.locator("table[data-extensions]")).to_contain_text(old.strftime("%d.%m.%Y"))
    page.context.clear_cookies()
    page.goto("/track/")
    page.fill("#id_number", number)
    page.fill("#id_code", case.tracking_code)
    page.locator("main form[action='/track/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text(new.strftime("%d.%m.%Y"))
    shot(page, "06-tracking-extended")

    # --- the expert adds a note and marks the task done
    as_user(page, "expert")
    open_task(page, number)
    assert page.locator("#resolve").count() == 0  # an expert does not resolve further
    page.fill("#id_note-text", "Скицата е изготвена, проектът на отговор е приложен.")
    with page.expect_navigation():
        page.locator("form[action$='/notes/'] button[type=submit]").click()
    expect(page.locator("#notes")).to_contain_text("Скицата е изготвена")
    shot(page, "07-expert-task")
    with page.expect_navigation():
        page.locator("form[action$='/complete/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/work/$"))
    expert_task.refresh_from_db()
    assert expert_task.status == "done"

    # --- the registrar registers the answer from the case page, then records the handover
    as_user(page, "registrar")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#kc-case-work")).to_be_visible()
    shot(page, "08-case-with-resolutions")
    page.locator(f"a[href$='?answers={entry.pk}']").click()
    page.wait_for_url(re.compile(r"answers="))
    page.fill("#id_subject", "Отговор: скица на имот")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    answer = Entry.objects.get(number=page.locator("#registered-number").inner_text().strip())
    assert answer.answers_id == entry.pk
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED  # on paper: not closed until handed over
    # The recipient's name is revealed with the handover choice
    expect(page.locator("#conditional-dispatch-handover")).to_be_hidden()
    page.locator("input[name='dispatch-method'][value='handover']").check()
    expect(page.locator("#id_dispatch-recipient_name")).to_be_visible()
    page.fill("#id_dispatch-recipient_name", CITIZEN)
    shot(page, "09-dispatch-form")
    with page.expect_navigation():
        page.locator("form[action$='/dispatch/'] button[type=submit]").click()
    expect(page.locator("#dispatch-record")).to_contain_text(CITIZEN)
    shot(page, "10-dispatched")

    # --- the case file is closed
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not Assignment.objects.filter(case=case, status="open").exists()
    assert page.csp_violations == []


def test_a_substitute_sees_the_absent_experts_task(page, people):
    # Given a task of the expert
    registrar, mayor, expert = people["registrar"], people["mayor"], people["expert"]
    entry = factories.entry(registrar, subject="Жалба срещу шум")
    services.resolution_create(actor=mayor, assignment=Assignment.objects.get(entry=entry, role="resolve"),
                               kind="execute", task="Проверка", executors=[expert])
    # When the expert records his absence on the absences page, expert2 substituting
    as_user(page, "expert")
    page.goto("/work/absences/")
    assert_accessible(page)
    today = dt.date.today()
    page.fill("#id_absence-first_day", today.isoformat())
    page.fill("#id_absence-last_day", (today + dt.timedelta(days=3)).isoformat())
    page.select_option("#id_absence-substitute", str(people["expert2"].pk))
    page.fill("#id_absence-reason", "отпуск")
    with page.expect_navigation():
        page.locator("form[action='/work/absences/'] button[type=submit]").click()
    expect(page.locator("tr[data-absence]")).to_have_count(1)
    shot(page, "11-absences")
    # Then the substitute finds the task in his inbox, marked as substituting, and may open it
    as_user(page, "expert2")
    page.goto("/work/")
    row = page.locator("tr[data-assignment]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(entry.number)
    expect(row.locator(f"[data-standing-in='{expert.pk}']")).to_contain_text("Експертов")
    shot(page, "12-substitute-inbox")
    open_task(page, entry.number)
    expect(page.locator("#id_note-text")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["bg", "en"])
def test_pages_in_both_languages(page, people, live_server, language):
    """The work pages render in Bulgarian and in English and stay accessible."""
    registrar, mayor, head = people["registrar"], people["mayor"], people["head"]
    entry = factories.entry(registrar, doc_type="info_request", subject="Заявление за достъп до информация")
    services.resolution_create(actor=mayor, assignment=Assignment.objects.get(entry=entry, role="resolve"),
                               kind="execute", task="Да се подготви решение.", executors=[head, people["expert"]])
    as_user(page, "head")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto("/work/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    shot(page, f"20-{language}-inbox")
    open_task(page, entry.number)
    page.locator("#resolve").scroll_into_view_if_needed()
    assert_accessible(page)
    shot(page, f"21-{language}-task")
    page.goto(f"/cases/{entry.case_id}/")
    assert_accessible(page)
    shot(page, f"22-{language}-case")
    assert CaseFile.objects.get(pk=entry.case_id).deadline is not None


def test_the_handover_name_is_a_plain_visible_field_without_javascript(browser, live_server, settings, people):
    """GOV.UK conditional reveal: with JavaScript off the recipient's name is simply shown."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    registrar = people["registrar"]
    entry = factories.entry(registrar)
    answer = entry_register(actor=registrar, registration=Registration(
        kind="outgoing", doc_type="answer", subject="Отговор", channel="desk", answers=entry,
        correspondent=Correspondent(name=CITIZEN)))
    context = browser.new_context(base_url=live_server.url, locale="bg-BG", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        login(page, "registrar")
        page.goto(f"/entries/{answer.pk}/")
        # Given no JavaScript, the name field shows at once
        expect(page.locator("#id_dispatch-recipient_name")).to_be_visible()
        # When the clerk records the handover with the form as it is
        page.locator("input[name='dispatch-method'][value='handover']").check()
        page.fill("#id_dispatch-recipient_name", CITIZEN)
        with page.expect_navigation():
            page.locator("form[action$='/dispatch/'] button[type=submit]").click()
        # Then it is recorded and the case file is closed
        expect(page.locator("#dispatch-record")).to_contain_text(CITIZEN)
        assert CaseFile.objects.get(pk=entry.case_id).status == CaseStatus.CLOSED
    finally:
        context.close()



def test_the_other_work_pages_and_errors_are_accessible(page, people):
    """The resolution form with its errors, the extension page, the answer's card with the
    dispatch form and the routing rules pass axe-core."""
    registrar, mayor, expert = people["registrar"], people["mayor"], people["expert"]
    org = people["org"]
    factories.user("admin", role="administrator", unit=org["municipality"])
    first = factories.entry(registrar, subject="Сигнал за нередност", doc_type="signal")
    second = factories.entry(registrar, subject="Искане за удостоверение")
    resolution = services.resolution_create(
        actor=mayor, assignment=Assignment.objects.get(entry=second, role="resolve"), kind="execute",
        task="Удостоверение", executors=[expert])
    answer = entry_register(actor=registrar, registration=Registration(
        kind="outgoing", doc_type="answer", subject="Отговор", channel="post", answers=second,
        correspondent=Correspondent(name=CITIZEN)))
    # The resolution form sent empty: the error summary, still accessible
    as_user(page, "mayor")
    open_task(page, first.number)
    with page.expect_navigation():
        page.locator("form[action$='/resolve/'] button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    shot(page, "30-resolution-errors")
    # The extension page of the resolver
    page.goto(f"/work/resolutions/{resolution.pk}/extend/")
    assert_accessible(page)
    # The registrar's card of the answer with its dispatch form
    as_user(page, "registrar")
    page.goto(f"/entries/{answer.pk}/")
    expect(page.locator("form[action$='/dispatch/']")).to_be_visible()
    assert_accessible(page)
    # The routing rules of the administrator
    as_user(page, "admin")
    page.goto("/work/routing/")
    page.select_option("#id_rule-doc_type", "signal")
    page.select_option("#id_rule-resolver", str(people["head"].pk))
    with page.expect_navigation():
        page.locator("form[action='/work/routing/'] button[type=submit]").click()
    expect(page.locator("tr[data-rule]")).to_have_count(1)
    assert_accessible(page)
    shot(page, "31-routing")
