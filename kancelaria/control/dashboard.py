"""Reads for the control dashboards (DOMAIN.md 3, "Control"; 004 chapter 5, art. 24).

The mayor, the deputy mayors and the secretary control everything; the head of a unit
(a director, a head of department or sector, the mayor of a mayoralty) controls the work
of his unit and of the units below it. A control level is a user with the role
`controller` or `resolver`: in the top unit of the organisation, or in one of the units
named in settings.CONTROL_TOP_UNITS (the offices of the mayor, the deputy mayors and
the secretary), he sees everything; anywhere else, his unit's subtree.

The work is the open assignments (to resolve and to execute) counted against `today`:
overdue (deadline before today), due today, due soon (within the next
settings.CONTROL_DUE_SOON_DAYS working days) and later. Every function takes `today`;
none reads the clock. Each makes a fixed number of queries, whatever the number of
tasks, units or executors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kancelaria.accounts.models import Role, Unit, User
from kancelaria.calendars import WorkingCalendar
from kancelaria.workcalendar.selectors import office_calendar

from .models import Absence, Assignment

Status = Assignment.Status
CONTROL_ROLES = (Role.CONTROLLER, Role.RESOLVER)
# The roles of work a control level follows: resolving a document and executing it.
WORK_ROLES = (Assignment.Role.RESOLVE, Assignment.Role.EXECUTE)
# Finished work counted in the on-time rate: done by the executor, or closed with the case.
FINISHED = (Status.DONE, Status.CLOSED)
RATE_MONTHS = 12


class State:
    """Where an open task stands against today."""

    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"

    LABELS = {
        OVERDUE: pgettext_lazy("task state", "overdue"),
        TODAY: pgettext_lazy("task state", "due today"),
        SOON: pgettext_lazy("task state", "due soon"),
        LATER: pgettext_lazy("task state", "later"),
    }
    PRESSING = (OVERDUE, TODAY, SOON)


# --------------------------------------------------------------------------- who controls what


@dataclass(frozen=True)
class ControlScope:
    """What a control level sees: everything, or the subtree of `unit`."""

    everything: bool
    unit: Unit | None = None

    @property
    def label(self) -> str:
        return str(_("the whole administration")) if self.everything else str(self.unit)

    def covers(self, unit_path: str | None) -> bool:
        if self.everything:
            return True
        return bool(unit_path) and unit_path.startswith(self.unit.path)

    def filter(self, qs: QuerySet, unit_field: str = "unit") -> QuerySet:
        if self.everything:
            return qs
        return qs.filter(**{f"{unit_field}__path__startswith": self.unit.path})

    def units(self) -> QuerySet[Unit]:
        qs = Unit.objects.filter(is_active=True)
        return qs if self.everything else qs.filter(path__startswith=self.unit.path)


def top_unit_codes() -> frozenset[str]:
    return frozenset(settings.CONTROL_TOP_UNITS)


def is_top_level(unit: Unit) -> bool:
    """The organisation's top unit, or an office whose heads control everything."""
    return unit.parent_id is None or unit.code in top_unit_codes()


def control_scope(user) -> ControlScope | None:
    """The work `user` controls, or None when he is no control level (DOMAIN.md 3)."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if not user.has_role(*CONTROL_ROLES):
        return None
    if user.unit_id is None:
        return ControlScope(everything=True) if user.is_superuser else None
    unit = user.unit
    if is_top_level(unit):
        return ControlScope(everything=True)
    return ControlScope(everything=False, unit=unit)


# --------------------------------------------------------------------------- states


@dataclass(frozen=True)
class Horizon:
    """Today and the last day that counts as "due soon"."""

    today: dt.date
    soon_until: dt.date

    def state(self, deadline: dt.date | None) -> str:
        if deadline is None or deadline > self.soon_until:
            return State.LATER
        if deadline < self.today:
            return State.OVERDUE
        if deadline == self.today:
            return State.TODAY
        return State.SOON

    def q(self, state: str, field_name: str = "deadline") -> Q:
        """The condition on the deadline for one state."""
        if state == State.OVERDUE:
            return Q(**{f"{field_name}__lt": self.today})
        if state == State.TODAY:
            return Q(**{field_name: self.today})
        if state == State.SOON:
            return Q(**{f"{field_name}__gt": self.today, f"{field_name}__lte": self.soon_until})
        if state == State.LATER:
            return Q(**{f"{field_name}__gt": self.soon_until}) | Q(**{f"{field_name}__isnull": True})
        raise ValueError(state)


def horizon(today: dt.date, *, calendar: WorkingCalendar | None = None, days: int | None = None) -> Horizon:
    """"Due soon" ends `days` (settings.CONTROL_DUE_SOON_DAYS) working days after today."""
    calendar = calendar or office_calendar()
    days = settings.CONTROL_DUE_SOON_DAYS if days is None else days
    return Horizon(today=today, soon_until=calendar.add_working_days(today, days) if days > 0 else today)


def open_work(scope: ControlScope) -> QuerySet[Assignment]:
    """Open work to resolve or execute in the scope."""
    qs = Assignment.objects.filter(status=Status.OPEN, role__in=WORK_ROLES)
    return scope.filter(qs)


def _state_counts(h: Horizon) -> dict:
    return {
        "overdue": Count("id", filter=h.q(State.OVERDUE)),
        "due_today": Count("id", filter=h.q(State.TODAY)),
        "due_soon": Count("id", filter=h.q(State.SOON)),
        "total": Count("id"),
    }


# --------------------------------------------------------------------------- counts


@dataclass
class Counts:
    overdue: int = 0
    due_today: int = 0
    due_soon: int = 0
    total: int = 0

    @property
    def later(self) -> int:
        return self.total - self.overdue - self.due_today - self.due_soon

    def add(self, other: Counts) -> None:
        self.overdue += other.overdue
        self.due_today += other.due_today
        self.due_soon += other.due_soon
        self.total += other.total


@dataclass
class UnitCounts(Counts):
    unit_id: int | None = None
    name: str = ""
    path: str = ""


@dataclass
class ExecutorCounts(Counts):
    user_id: int = 0
    name: str = ""
    unit_name: str = ""
    absence: Absence | None = None


SORTS = ("overdue", "name")


def _sorted(rows: list, sort: str) -> list:
    if sort == "name":
        return sorted(rows, key=lambda r: (r.name.casefold(), r.path if hasattr(r, "path") else ""))
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_today, -r.due_soon, -r.total, r.name.casefold()))


def counts_by_unit(scope: ControlScope, *, h: Horizon, sort: str = "overdue") -> list[UnitCounts]:
    """Open work per unit (the unit of the person it is assigned to). One query."""
    rows = (open_work(scope).order_by().values("unit_id", "unit__name", "unit__path")
            .annotate(**_state_counts(h)))
    out = [UnitCounts(unit_id=r["unit_id"], name=r["unit__name"] or str(_("no unit")), path=r["unit__path"] or "",
                      overdue=r["overdue"], due_today=r["due_today"], due_soon=r["due_soon"], total=r["total"])
           for r in rows]
    return _sorted(out, sort)


def counts_by_executor(scope: ControlScope, *, h: Horizon, sort: str = "overdue") -> list[ExecutorCounts]:
    """Open work per person (with his absence today, if any). Two queries."""
    rows = (open_work(scope).order_by()
            .values("assignee_id", "assignee__first_name", "assignee__last_name", "assignee__username",
                    "assignee__unit__name")
            .annotate(**_state_counts(h)))
    out = []
    for r in rows:
        name = f"{r['assignee__first_name']} {r['assignee__last_name']}".strip() or r["assignee__username"]
        out.append(ExecutorCounts(user_id=r["assignee_id"], name=name, unit_name=r["assignee__unit__name"] or "",
                                  overdue=r["overdue"], due_today=r["due_today"], due_soon=r["due_soon"],
                                  total=r["total"]))
    absences = absences_today([r.user_id for r in out], today=h.today)
    for row in out:
        row.absence = absences.get(row.user_id)
    return _sorted(out, sort)


def absences_today(user_ids, *, today: dt.date) -> dict[int, Absence]:
    """{employee id: his absence covering today, with the substitute}. One query."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    qs = (Absence.objects.filter(employee_id__in=ids, first_day__lte=today, last_day__gte=today)
          .select_related("substitute").order_by("first_day", "id"))
    return {a.employee_id: a for a in qs}


def totals(rows: list[Counts]) -> Counts:
    total = Counts()
    for row in rows:
        total.add(row)
    return total


# --------------------------------------------------------------------------- the task list


def tasks(scope: ControlScope, *, h: Horizon, unit: int | None = None, no_unit: bool = False,
          executor: int | None = None, state: str = "", role: str = "") -> QuerySet[Assignment]:
    """The open tasks in the scope, filtered, soonest deadline first (overdue first)."""
    qs = open_work(scope)
    if no_unit:
        qs = qs.filter(unit__isnull=True)
    elif unit:
        qs = qs.filter(unit_id=unit)
    if executor:
        qs = qs.filter(assignee_id=executor)
    if state:
        qs = qs.filter(h.q(state))
    if role:
        qs = qs.filter(role=role)
    return (qs.select_related("entry", "case", "assignee", "unit", "resolution")
            .order_by(F("deadline").asc(nulls_last=True), "id"))


def task_rows(page_rows, *, h: Horizon) -> list[Assignment]:
    """Decorate a page of tasks with their state, days overdue and absence. One query."""
    rows = list(page_rows)
    absences = absences_today([r.assignee_id for r in rows], today=h.today)
    for row in rows:
        row.state = h.state(row.deadline)
        row.state_label = State.LABELS[row.state]
        row.days_overdue = (h.today - row.deadline).days if row.state == State.OVERDUE else 0
        row.absence = absences.get(row.assignee_id)
    return rows


# --------------------------------------------------------------------------- on-time rate


@dataclass
class MonthRate:
    month: dt.date
    finished: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.finished - self.on_time

    @property
    def percent(self) -> int | None:
        """The share finished by the deadline, in whole percent (None: nothing finished)."""
        if not self.finished:
            return None
        return round(100 * self.on_time / self.finished)


@dataclass
class UnitRates:
    unit_id: int | None
    name: str
    months: list[MonthRate] = field(default_factory=list)

    @property
    def total(self) -> MonthRate:
        whole = MonthRate(month=self.months[0].month if self.months else dt.date.min)
        for m in self.months:
            whole.finished += m.finished
            whole.on_time += m.on_time
        return whole


def last_months(today: dt.date, count: int = RATE_MONTHS) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, the current month last."""
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def on_time_rates(scope: ControlScope, *, today: dt.date, months: int = RATE_MONTHS) -> tuple[list[UnitRates], UnitRates]:
    """Per unit and month of the last `months`: the tasks to execute finished in the month
    (done, or closed when the case closed) and how many of them by their deadline
    (finished_on <= deadline; a task without a deadline counts as on time). Returns the
    units with any finished work, by name, and the whole scope. One query."""
    firsts = last_months(today, months)
    qs = scope.filter(Assignment.objects.filter(
        role=Assignment.Role.EXECUTE, status__in=FINISHED, finished_on__gte=firsts[0], finished_on__lte=today))
    rows = (qs.order_by().annotate(month=TruncMonth("finished_on"))
            .values("unit_id", "unit__name", "month")
            .annotate(finished=Count("id"),
                      on_time=Count("id", filter=Q(deadline__isnull=True) | Q(finished_on__lte=F("deadline")))))
    by_unit: dict[int | None, dict[dt.date, MonthRate]] = defaultdict(dict)
    names: dict[int | None, str] = {}
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        names[r["unit_id"]] = r["unit__name"] or str(_("no unit"))
        by_unit[r["unit_id"]][month] = MonthRate(month=month, finished=r["finished"], on_time=r["on_time"])
    units = []
    overall = UnitRates(unit_id=None, name=str(_("All units")), months=[MonthRate(month=m) for m in firsts])
    for unit_id, per_month in by_unit.items():
        series = [per_month.get(m) or MonthRate(month=m) for m in firsts]
        units.append(UnitRates(unit_id=unit_id, name=names[unit_id], months=series))
        for whole, part in zip(overall.months, series, strict=True):
            whole.finished += part.finished
            whole.on_time += part.on_time
    units.sort(key=lambda u: u.name.casefold())
    return units, overall


# --------------------------------------------------------------------------- the digest


def pressing_work(*, h: Horizon) -> list[Assignment]:
    """All open work overdue, due today or due soon, with what a digest shows. One query."""
    return list(
        Assignment.objects.filter(status=Status.OPEN, role__in=WORK_ROLES, deadline__lte=h.soon_until)
        .select_related("entry", "assignee", "unit")
        .order_by("deadline", "id")
    )


def control_levels() -> list[User]:
    """Active users with a control role (members of the groups, not superusers by
    default), with their units. One query."""
    return list(User.objects.filter(is_active=True, groups__name__in=CONTROL_ROLES)
                .select_related("unit").distinct().order_by("id"))
