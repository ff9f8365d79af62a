"""Template helpers of the work pages and of the parts they add to the registry's case
and entry pages (DOMAIN.md section 3). Load with `{% load control_tags %}`.

- `deadline_state(day, today, soon)`: "none", "overdue", "today", "soon" (within 3
  working days) or "on_time"; `{% deadline_tag day %}` renders it as a GOV.UK tag.
- `{% case_work_for case as work %}` / `{% entry_work_for entry as work %}`: what the
  registry's case and entry pages show of resolutions, tasks, extensions and dispatch,
  read in a fixed number of queries.
- `{% my_work_count user %}`: the open tasks in the navigation, kept for a minute.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kancelaria.accounts.models import Role
from kancelaria.calendars import OutsideCalendar, UnknownCountry, WorkingCalendar
from kancelaria.control import selectors, services
from kancelaria.control.models import Assignment, Dispatch, Resolution
from kancelaria.registry.models import Kind
from kancelaria.workcalendar.selectors import holidays_language, office_calendar

register = template.Library()

SOON_WORKING_DAYS = 3
COUNT_SECONDS = 60

STATE_LABELS = {
    "overdue": _("overdue"),
    "today": _("due today"),
    "soon": _("due soon"),
    "on_time": _("on time"),
    "none": _("no deadline"),
}
STATE_CLASSES = {
    "overdue": "govuk-tag--red",
    "today": "govuk-tag--orange",
    "soon": "govuk-tag--yellow",
    "on_time": "govuk-tag--green",
    "none": "govuk-tag--grey",
}
STATUS_CLASSES = {
    Assignment.Status.OPEN: "govuk-tag--blue",
    Assignment.Status.DONE: "govuk-tag--green",
    Assignment.Status.DELEGATED: "govuk-tag--purple",
    Assignment.Status.CLOSED: "govuk-tag--grey",
    Assignment.Status.REASSIGNED: "govuk-tag--grey",
}


# --------------------------------------------------------------------------- deadlines

def deadline_state(day: dt.date | None, today: dt.date, soon: dt.date) -> str:
    if day is None:
        return "none"
    if day < today:
        return "overdue"
    if day == today:
        return "today"
    if day <= soon:
        return "soon"
    return "on_time"


def control_dates(request=None) -> tuple[dt.date, dt.date]:
    """(today, the last day that is "soon": 3 working days ahead), computed once per request."""
    cached = getattr(request, "_control_dates", None) if request is not None else None
    if cached is None:
        today = timezone.localdate()
        cached = (today, office_calendar().add_working_days(today, SOON_WORKING_DAYS))
        if request is not None:
            request._control_dates = cached
    return cached


@register.inclusion_tag("control/_deadline_tag.html", takes_context=True)
def deadline_tag(context, day, finished: bool = False):
    """`{% deadline_tag assignment.deadline %}`: the date's state as a coloured tag."""
    if finished:
        return {"state": ""}
    today, soon = control_dates(context.get("request"))
    state = deadline_state(day, today, soon)
    return {"state": state, "label": STATE_LABELS[state], "css": STATE_CLASSES[state]}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def isodate(value):
    """A date written as YYYY-MM-DD (as kept in a deadline's explanation) as a date."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


@register.filter
def holiday_name(item) -> str:
    """The name of an official non-working day skipped by a deadline, in the page's
    language when the calendar has it; the stored name otherwise."""
    day = isodate(item.get("date")) if isinstance(item, dict) else None
    stored = item.get("name", "") if isinstance(item, dict) else ""
    if day is None:
        return stored
    try:
        calendar = WorkingCalendar(settings.OFFICE_COUNTRY, language=holidays_language())
        return calendar.official_holiday(day) or stored
    except (OutsideCalendar, UnknownCountry):
        return stored


# --------------------------------------------------------------------------- the case and entry pages

def _user(context):
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return user


def _mine(user, assignments, today) -> list[Assignment]:
    if user is None or not user.is_authenticated:
        return []
    ids = set(services.acts_for(user, today))
    return [a for a in assignments if a.is_open and a.assignee_id in ids]


@register.simple_tag(takes_context=True)
def case_work_for(context, case) -> dict:
    """Resolutions of the case with their executors, notes and extensions; the pending
    first resolutions; and the user's own open tasks on it (links to work on them)."""
    request = context.get("request")
    today, _soon = control_dates(request)
    resolutions = list(selectors.case_work(case))
    pending = list(Assignment.objects.filter(case=case, role=Assignment.Role.RESOLVE, status=Assignment.Status.OPEN)
                   .select_related("assignee", "entry"))
    everyone = pending + [a for r in resolutions for a in r.assignments.all()]
    for resolution in resolutions:
        for assignment in resolution.assignments.all():
            assignment.notes_count = len(assignment.notes.all())
    return {"resolutions": resolutions, "pending": pending, "mine": _mine(_user(context), everyone, today)}


@register.simple_tag(takes_context=True)
def entry_work_for(context, entry) -> dict:
    """The resolutions of one document, the user's tasks on it, and for an outgoing answer
    its dispatch (or the form to record it, for the desk)."""
    request = context.get("request")
    user = _user(context)
    today, _soon = control_dates(request)
    resolutions = list(Resolution.objects.filter(entry=entry).select_related("resolver")
                       .prefetch_related("assignments__assignee", "extensions__granted_by")
                       .order_by("created_at", "id"))
    pending = list(Assignment.objects.filter(entry=entry, role=Assignment.Role.RESOLVE,
                                             status=Assignment.Status.OPEN).select_related("assignee"))
    everyone = pending + [a for r in resolutions for a in r.assignments.all()]
    work = {"resolutions": resolutions, "pending": pending, "mine": _mine(user, everyone, today),
            "is_answer": entry.kind == Kind.OUTGOING and bool(entry.answers_id)}
    if entry.kind == Kind.OUTGOING:
        work["dispatch"] = Dispatch.objects.filter(entry=entry).select_related("recorded_by").first()
        may_dispatch = bool(user and user.is_authenticated and user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR))
        if work["is_answer"] and work["dispatch"] is None and may_dispatch:
            from kancelaria.control.forms import DispatchForm

            work["dispatch_form"] = DispatchForm()
    return work


# --------------------------------------------------------------------------- navigation

def work_count_key(user_id: int, today: dt.date) -> str:
    return f"control:work-count:{user_id}:{today.isoformat()}"


def work_count_forget(user_id: int) -> None:
    cache.delete(work_count_key(user_id, timezone.localdate()))


def work_count_remember(user_id: int, count: int) -> None:
    cache.set(work_count_key(user_id, timezone.localdate()), count, COUNT_SECONDS)


@register.simple_tag
def my_work_count(user) -> int:
    """Open tasks of the user and of the colleagues he substitutes today; one query at
    most a minute (the inbox and the work pages keep it current for their user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    today = timezone.localdate()
    key = work_count_key(user.pk, today)
    count = cache.get(key)
    if count is None:
        count = (Assignment.objects.filter(status=Assignment.Status.OPEN)
                 .filter(Q(assignee=user) | Q(assignee__absences__substitute=user,
                                               assignee__absences__first_day__lte=today,
                                               assignee__absences__last_day__gte=today))
                 .values("pk").distinct().count())
        cache.set(key, count, COUNT_SECONDS)
    return count
