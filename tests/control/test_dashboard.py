"""The control dashboards (DOMAIN.md 3, "Control"): the mayor, the deputy mayors and the
secretary see everything, a head of unit his unit's subtree, anyone else 403; open work
counted overdue / due today / due soon by unit and by executor, the filterable task list,
and the monthly on-time rate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kancelaria.accounts.models import Unit
from kancelaria.audit.models import AuditEvent
from kancelaria.control import dashboard, services
from kancelaria.control.models import Assignment
from kancelaria.registry.services import Correspondent, Registration, entry_register
from tests import factories

pytestmark = pytest.mark.django_db

# Thursday 19 November 2026; "due soon" runs to Tuesday 24 November (3 working days).
TODAY = dt.date(2026, 11, 19)
URL = "/work/control/"


# --------------------------------------------------------------------------- helpers (shared)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def resolve_task(entry) -> Assignment:
    return Assignment.objects.get(entry=entry, role=Assignment.Role.RESOLVE)


def assign(registrar, resolver, executors, *, resolved_on: dt.date, deadline: dt.date | None = None,
           lead=None, subject: str = "Искане за скица", email: str = "") -> list[Assignment]:
    """Register an incoming application on `resolved_on` and resolve it the same day to
    `executors` with `deadline`; returns their assignments (the lead first)."""
    entry = entry_register(actor=registrar, now=at(resolved_on), registration=factories.registration(
        index=factories.index(), subject=subject,
        correspondent=Correspondent(name="Иван Петров Иванов", kind="person", email=email)))
    services.resolution_create(actor=resolver, assignment=resolve_task(entry), kind="execute", task="Да се изпълни.",
                               executors=list(executors), lead=lead, deadline=deadline, today=resolved_on)
    return list(Assignment.objects.filter(entry=entry, role=Assignment.Role.EXECUTE).order_by("-is_lead", "id"))


def answer_electronically(registrar, task: Assignment, on: dt.date):
    """An answer sent electronically closes the case and its open work (DOMAIN.md 3)."""
    return entry_register(actor=registrar, now=at(on, 12), registration=Registration(
        kind="outgoing", doc_type="answer", subject="Отговор", channel="e_delivery", answers=task.entry,
        correspondent=Correspondent(name="Иван Петров Иванов")))


@pytest.fixture(autouse=True)
def _english():
    """Pages and expectations in English, whatever the compiled catalogues say."""
    with translation.override("en"):
        yield


@pytest.fixture
def web():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def today(monkeypatch):
    """The office's today is TODAY for the pages."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate",
                        lambda value=None, timezone=None: TODAY if value is None else real(value, timezone))
    return TODAY


@pytest.fixture
def work(registrar, mayor, head, expert, expert2, outsider):
    """Given open work: in planning (under the head's directorate) one task overdue by 2
    days, one due today, two due soon (Monday and Tuesday, across the weekend), one later;
    in finance (outside his directorate) one overdue task."""
    monday = dt.date(2026, 11, 16)
    made = {
        "overdue": assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 11, 10), deadline=dt.date(2026, 11, 17),
                          subject="Просрочена задача")[0],
        "today": assign(registrar, mayor, [expert2], resolved_on=monday, deadline=TODAY,
                        subject="Задача за днес")[0],
        "monday": assign(registrar, mayor, [expert], resolved_on=monday, deadline=dt.date(2026, 11, 23))[0],
        "tuesday": assign(registrar, mayor, [expert2], resolved_on=monday, deadline=dt.date(2026, 11, 24))[0],
        "later": assign(registrar, mayor, [expert], resolved_on=monday, deadline=dt.date(2026, 11, 25))[0],
        "finance": assign(registrar, mayor, [outsider], resolved_on=dt.date(2026, 11, 9),
                          deadline=dt.date(2026, 11, 12), subject="Финансова задача")[0],
    }
    return made


def rows(web, **params) -> list[str]:
    html = web.get(URL, params).content.decode()
    return [part.split('"')[0] for part in html.split('data-task="')[1:]]


# --------------------------------------------------------------------------- who sees what


class TestScope:
    def test_the_mayor_controls_everything_a_head_his_subtree_an_expert_nothing(self, org, mayor, head, expert):
        """DOMAIN 3: the mayor, deputy mayors and secretary control everything; heads their
        subordinates; others are no control level."""
        assert dashboard.control_scope(mayor).everything
        scope = dashboard.control_scope(head)
        assert not scope.everything and scope.unit == org["spatial"]
        assert scope.covers(org["planning"].path) and not scope.covers(org["finance"].path)
        assert dashboard.control_scope(expert) is None

    def test_the_offices_of_the_mayor_and_the_secretary_see_everything(self, org, settings):
        """DOMAIN 3: the mayor's office is a unit below the municipality, as in the demo;
        its controllers still see the whole administration (settings.CONTROL_TOP_UNITS)."""
        office = factories.unit("kmet", "Кмет", Unit.Kind.DEPARTMENT, org["municipality"])
        secretary = factories.user("secretary", role="controller", unit=office)
        settings.CONTROL_TOP_UNITS = ["kmet"]
        assert dashboard.control_scope(secretary).everything
        settings.CONTROL_TOP_UNITS = []
        assert dashboard.control_scope(secretary).unit == office

    def test_an_expert_gets_403_and_the_refusal_is_recorded(self, web, expert):
        """DOMAIN 3 / 11: only control levels open the dashboard; refused access is audited."""
        web.force_login(expert)
        response = web.get(URL)
        assert response.status_code == 403
        assert AuditEvent.objects.filter(actor=expert, action="denied", object_type="control.dashboard").exists()

    def test_anonymous_visitors_are_sent_to_log_in(self, web, db):
        response = web.get(URL)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_the_url_is_named(self):
        assert reverse("control:dashboard") == URL

    def test_the_head_sees_only_his_subtree(self, web, today, work, head):
        """DOMAIN 3: a head of unit sees his subordinates' work, not another directorate's."""
        web.force_login(head)
        shown = rows(web)
        assert str(work["finance"].pk) not in shown
        assert set(shown) == {str(work[k].pk) for k in ("overdue", "today", "monday", "tuesday", "later")}
        page = web.get(URL).content.decode()
        assert "Финансова задача" not in page and "Дирекция „Финанси“" not in page

    def test_the_mayor_sees_everything(self, web, today, work, mayor):
        web.force_login(mayor)
        assert set(rows(web)) == {str(t.pk) for t in work.values()}


# --------------------------------------------------------------------------- counts


class TestCounts:
    def test_states_against_today_across_a_weekend(self, today, work, mayor):
        """Overdue: deadline before today; due today; due soon: within 3 working days
        (Thursday -> Friday, Monday, Tuesday); later beyond."""
        h = dashboard.horizon(TODAY)
        assert h.soon_until == dt.date(2026, 11, 24)
        assert [h.state(work[k].deadline) for k in ("overdue", "today", "monday", "tuesday", "later")] == [
            "overdue", "today", "soon", "soon", "later"]

    def test_counts_by_unit_and_executor(self, today, work, org, mayor, expert, expert2, outsider):
        scope = dashboard.control_scope(mayor)
        h = dashboard.horizon(TODAY)
        by_unit = {r.unit_id: (r.overdue, r.due_today, r.due_soon, r.total)
                   for r in dashboard.counts_by_unit(scope, h=h)}
        assert by_unit == {org["planning"].pk: (1, 1, 2, 5), org["finance"].pk: (1, 0, 0, 1)}
        by_person = {r.user_id: (r.overdue, r.due_today, r.due_soon, r.total)
                     for r in dashboard.counts_by_executor(scope, h=h)}
        assert by_person == {expert.pk: (1, 0, 1, 3), expert2.pk: (0, 1, 1, 2), outsider.pk: (1, 0, 0, 1)}

    def test_sorted_by_the_overdue_count_or_by_name(self, today, work, registrar, mayor, outsider):
        """The tables sort by the overdue count (most first) or by name."""
        assign(registrar, mayor, [outsider], resolved_on=dt.date(2026, 11, 9), deadline=dt.date(2026, 11, 13))
        scope = dashboard.control_scope(mayor)
        h = dashboard.horizon(TODAY)
        names = [r.name for r in dashboard.counts_by_unit(scope, h=h)]
        assert names == ["Дирекция „Финанси“", "Отдел „Планиране“"]  # 2 overdue before 1
        assert [r.name for r in dashboard.counts_by_unit(scope, h=h, sort="name")] == sorted(names)

    def test_the_page_links_each_count_to_its_filtered_list(self, web, today, work, mayor, org):
        """Each count is a link to the list filtered by unit (or executor) and state."""
        web.force_login(mayor)
        page = web.get(URL).content.decode()
        link = f'?unit={org["planning"].pk}&amp;state=overdue#tasks'
        assert link in page
        assert rows(web, unit=org["planning"].pk, state="overdue") == [str(work["overdue"].pk)]
        assert rows(web, state="soon") == [str(work["monday"].pk), str(work["tuesday"].pk)]

    def test_the_list_shows_number_subject_executor_deadline_and_days_overdue(self, web, today, work, mayor,
                                                                             expert):
        web.force_login(mayor)
        response = web.get(URL, {"executor": expert.pk, "state": "overdue"})
        html = response.content.decode()
        task = work["overdue"]
        assert task.entry.number in html and "Просрочена задача" in html and str(expert) in html
        assert "17.11.2026" in html
        assert 'data-days-overdue="2"' in html  # 17 -> 19 November

    def test_filters_by_role(self, web, today, work, registrar, mayor):
        """Open documents still to resolve are control work too (role filter)."""
        entry = entry_register(actor=registrar, now=at(dt.date(2026, 11, 18)), registration=factories.registration(index=factories.index()))
        web.force_login(mayor)
        assert rows(web, role="resolve") == [str(resolve_task(entry).pk)]
        assert str(resolve_task(entry).pk) not in rows(web, role="execute")

    def test_bad_filters_give_a_clear_error_not_a_500(self, web, today, work, mayor):
        web.force_login(mayor)
        response = web.get(URL, {"executor": "nobody", "state": "sometime", "sort": "x"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and "Select a valid choice" in html
        assert rows(web, executor="nobody") == []

    def test_an_absent_executor_shows_his_substitute(self, web, today, work, mayor, expert, expert2):
        """DOMAIN 3: a substitute takes over an absent employee's documents."""
        services.absence_record(actor=expert, employee=expert, first_day=TODAY, last_day=dt.date(2026, 11, 20),
                                substitute=expert2)
        web.force_login(mayor)
        html = web.get(URL).content.decode()
        assert "Absent until 20.11.2026; substitute: expert2" in html


# --------------------------------------------------------------------------- on-time rate


class TestOnTimeRate:
    def test_monthly_share_of_tasks_finished_by_their_deadline(self, registrar, mayor, expert, expert2, org):
        """Finished in the month (done, or closed when the case closed): finished_on <=
        deadline over all finished. October: 2 of 3 on time; September: 1 of 1."""
        october = [assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 10, 5),
                          deadline=dt.date(2026, 10, 12))[0] for _ in range(3)]
        services.assignment_complete(actor=expert, assignment=october[0], today=dt.date(2026, 10, 9))
        services.assignment_complete(actor=expert, assignment=october[1], today=dt.date(2026, 10, 12))
        services.assignment_complete(actor=expert, assignment=october[2], today=dt.date(2026, 10, 14))  # late
        september = assign(registrar, mayor, [expert2], resolved_on=dt.date(2026, 9, 1),
                           deadline=dt.date(2026, 9, 10))[0]
        answer_electronically(registrar, september, dt.date(2026, 9, 8))  # closes the case and the task
        september.refresh_from_db()
        assert (september.status, september.finished_on) == ("closed", dt.date(2026, 9, 8))
        # still open, and finished long ago: neither counts
        assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 11, 2), deadline=dt.date(2026, 11, 30))
        old = assign(registrar, mayor, [expert], resolved_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 10))[0]
        services.assignment_complete(actor=expert, assignment=old, today=dt.date(2025, 9, 5))

        units, overall = dashboard.on_time_rates(dashboard.control_scope(mayor), today=TODAY)

        assert [m.month for m in overall.months][0] == dt.date(2025, 12, 1)
        assert [m.month for m in overall.months][-1] == dt.date(2026, 11, 1)
        by_month = {m.month: (m.finished, m.on_time, m.percent) for m in overall.months if m.finished}
        assert by_month == {dt.date(2026, 9, 1): (1, 1, 100), dt.date(2026, 10, 1): (3, 2, 67)}
        assert [u.name for u in units] == ["Отдел „Планиране“"]
        assert (overall.total.finished, overall.total.on_time) == (4, 3)

    def test_the_head_sees_the_rate_of_his_subtree_only(self, registrar, mayor, head, expert, outsider):
        mine = assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 10, 5), deadline=dt.date(2026, 10, 12))[0]
        other = assign(registrar, mayor, [outsider], resolved_on=dt.date(2026, 10, 5),
                       deadline=dt.date(2026, 10, 12))[0]
        services.assignment_complete(actor=expert, assignment=mine, today=dt.date(2026, 10, 9))
        services.assignment_complete(actor=outsider, assignment=other, today=dt.date(2026, 10, 20))
        _units, overall = dashboard.on_time_rates(dashboard.control_scope(head), today=TODAY)
        assert (overall.total.finished, overall.total.on_time) == (1, 1)

    def test_the_page_draws_the_chart_with_its_table(self, web, today, registrar, mayor, expert):
        """An accessible chart: an SVG image with a title, the numbers as text, and the
        table alternative; no inline styles (the Content Security Policy forbids them)."""
        task = assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 10, 5), deadline=dt.date(2026, 10, 12))[0]
        services.assignment_complete(actor=expert, assignment=task, today=dt.date(2026, 10, 14))
        web.force_login(mayor)
        html = web.get(URL).content.decode()
        assert 'role="img"' in html and "<title id=" in html
        assert 'data-month="2026-10"' in html
        assert "0 of 1 task on time (0%)" in html
        assert "style=" not in html.split('id="on-time"')[1]


# --------------------------------------------------------------------------- queries


class TestQueries:
    def _queries(self, web, mayor) -> int:
        web.force_login(mayor)
        web.get(URL)  # the first page of a session caches what the layout asks once
        with CaptureQueriesContext(connection) as captured:
            assert web.get(URL).status_code == 200
        return len(captured)

    def test_the_page_makes_the_same_number_of_queries_for_more_tasks_units_and_people(
            self, web, today, org, registrar, mayor, head, expert, django_assert_max_num_queries):
        """A query-count assertion on the list page: constant in rows, units and executors."""
        assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 11, 10), deadline=dt.date(2026, 11, 17))
        few = self._queries(web, mayor)
        for i in range(6):
            unit = factories.unit(f"u{i}", f"Отдел {i}", Unit.Kind.DEPARTMENT, org["finance"])
            person = factories.user(f"person{i}", role="executor", unit=unit)
            done = assign(registrar, mayor, [person, expert], resolved_on=dt.date(2026, 10, 1 + i),
                          deadline=dt.date(2026, 10, 20))[0]
            services.assignment_complete(actor=person, assignment=done, today=dt.date(2026, 10, 21))
            assign(registrar, mayor, [person], resolved_on=dt.date(2026, 11, 10), deadline=dt.date(2026, 11, 17))
            services.absence_record(actor=person, employee=person, first_day=TODAY, last_day=TODAY, substitute=expert)
        many = self._queries(web, mayor)
        assert many == few
        web.force_login(mayor)
        with django_assert_max_num_queries(few):
            web.get(URL, {"state": "overdue", "role": "execute"})
