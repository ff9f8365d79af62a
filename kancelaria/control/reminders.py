"""Reminders to executors and the heads' morning digest (DOMAIN.md 3; 004 chapter 5).

Called by the background tasks in `tasks.py`, which the scheduler (`kancelaria
scheduler`) enqueues on working days. Every function takes `today`.

- An executor is reminded the working day before his task is due (the deadline falls
  after today and no later than the next working day), and once when it is overdue.
- A co-executor is reminded the working day before his opinion is due to the lead.
- Each head (a controller or resolver, see `dashboard.control_scope`) gets one digest a
  day of his subtree's overdue, due-today and due-soon work, when there is any.

Each is sent once: an assignment records the day of each reminder (reminded_due_on,
reminded_overdue_on, reminded_opinion_on; an extension clears them), and a digest is
recorded as ScheduledRun("digest:<user id>", day). The record is taken before the
mail leaves and given back if sending fails, so two workers never send the same
reminder, and what a mail server that was down did not take goes at the next run
(reminders run several times a day; a digest when its task is run again that day).

An employee absent today has his reminders and digest sent to his substitute too.
Mail goes through Django's e-mail backend in the site language (settings.LANGUAGE_CODE)
with links under settings.PUBLIC_URL.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kancelaria.calendars import WorkingCalendar
from kancelaria.workcalendar.selectors import office_calendar

from .dashboard import (
    State,
    absences_today,
    control_levels,
    control_scope,
    horizon,
    pressing_work,
)
from .models import Absence, Assignment, ScheduledRun

log = logging.getLogger(__name__)

Status = Assignment.Status
DIGEST_JOB = "digest:{user_id}"
# At most this many tasks are listed per section of a digest; the rest are counted.
DIGEST_LIST_LIMIT = 25


@dataclass
class ReminderReport:
    due: int = 0
    overdue: int = 0
    opinion: int = 0
    messages: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class DigestReport:
    digests: int = 0
    messages: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


# (record field, template, subject)
KINDS = {
    "due": ("reminded_due_on", "control/email/reminder_due.txt"),
    "overdue": ("reminded_overdue_on", "control/email/reminder_overdue.txt"),
    "opinion": ("reminded_opinion_on", "control/email/reminder_opinion.txt"),
}


def public_link(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def tomorrow(today: dt.date, calendar: WorkingCalendar) -> dt.date:
    """The next working day after today."""
    return calendar.next_working_day(today + dt.timedelta(days=1))


def reminders_pending(*, today: dt.date, calendar: WorkingCalendar | None = None) -> dict[str, QuerySet]:
    """The open tasks to execute that a reminder is owed today, by kind."""
    calendar = calendar or office_calendar()
    next_day = tomorrow(today, calendar)
    open_tasks = Assignment.objects.filter(status=Status.OPEN, role=Assignment.Role.EXECUTE)
    related = ("entry", "assignee", "resolution")
    return {
        "due": open_tasks.filter(deadline__gt=today, deadline__lte=next_day, reminded_due_on__isnull=True)
        .select_related(*related).order_by("deadline", "id"),
        "overdue": open_tasks.filter(deadline__lt=today, reminded_overdue_on__isnull=True)
        .select_related(*related).order_by("deadline", "id"),
        "opinion": open_tasks.filter(is_lead=False, opinion_deadline__gt=today, opinion_deadline__lte=next_day,
                                     reminded_opinion_on__isnull=True)
        .select_related(*related).order_by("opinion_deadline", "id"),
    }


def _recipients(user, absence: Absence | None) -> list[tuple[object, Absence | None]]:
    """(person, the absence he covers or None): the employee, and his substitute when he
    is absent today."""
    people = [(user, None)]
    if absence is not None and absence.substitute_id != user.pk:
        people.append((absence.substitute, absence))
    return [(person, covering) for person, covering in people if person.email and person.is_active]


def _claim(pk: int, field_name: str, today: dt.date) -> bool:
    return bool(Assignment.objects.filter(pk=pk, **{f"{field_name}__isnull": True}).update(**{field_name: today}))


def _release(pk: int, field_name: str, today: dt.date) -> None:
    Assignment.objects.filter(pk=pk, **{field_name: today}).update(**{field_name: None})


def _reminder_message(kind: str, task: Assignment, person, covering: Absence | None, today: dt.date) -> EmailMessage:
    template = KINDS[kind][1]
    number = task.entry.number
    if kind == "due":
        subject = _("Reminder: %(number)s is due on %(date)s")
        date = task.deadline
    elif kind == "overdue":
        subject = _("Overdue: %(number)s was due on %(date)s")
        date = task.deadline
    else:
        subject = _("Reminder: your opinion on %(number)s is due on %(date)s")
        date = task.opinion_deadline
    body = render_to_string(template, {
        "task": task, "entry": task.entry, "person": person, "executor": task.assignee, "covering": covering,
        "today": today, "days_overdue": (today - task.deadline).days if task.deadline else 0,
        "link": public_link(reverse("control:assignment", args=[task.pk])),
        "OFFICE_NAME": settings.OFFICE_NAME,
    })
    return EmailMessage(subject=subject % {"number": number, "date": date.strftime("%d.%m.%Y")}, body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email])


def reminders_send(*, today: dt.date) -> ReminderReport:
    """Send every reminder owed today, each once (DOMAIN.md 3)."""
    report = ReminderReport()
    pending = {kind: list(qs) for kind, qs in reminders_pending(today=today).items()}
    absences = absences_today([t.assignee_id for tasks in pending.values() for t in tasks], today=today)
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for kind, tasks in pending.items():
            field_name = KINDS[kind][0]
            for task in tasks:
                if not _claim(task.pk, field_name, today):
                    continue  # another run sent it meanwhile
                messages = [_reminder_message(kind, task, person, covering, today)
                            for person, covering in _recipients(task.assignee, absences.get(task.assignee_id))]
                try:
                    if messages:
                        connection.send_messages(messages)
                except Exception:
                    log.exception("the %s reminder of assignment %s was not sent; it is tried again next run",
                                  kind, task.pk)
                    _release(task.pk, field_name, today)
                    report.failed += 1
                    continue
                setattr(report, kind, getattr(report, kind) + 1)
                report.messages += len(messages)
    return report


# --------------------------------------------------------------------------- the digest


def _claim_digest(job: str, today: dt.date) -> bool:
    try:
        with transaction.atomic():
            _run, created = ScheduledRun.objects.get_or_create(job=job, day=today)
    except IntegrityError:
        return False
    return created


def digests_send(*, today: dt.date) -> DigestReport:
    """Each head's morning digest of his subtree's pressing work, once a day."""
    report = DigestReport()
    h = horizon(today)
    work = pressing_work(h=h)
    if not work:
        return report
    heads = control_levels()
    absences = absences_today([head.pk for head in heads], today=today)
    dashboard_link = public_link(reverse("control:dashboard"))
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for head in heads:
            scope = control_scope(head)
            if scope is None:
                continue
            mine = [task for task in work if scope.covers(task.unit.path if task.unit_id else None)]
            if not mine:
                continue
            job = DIGEST_JOB.format(user_id=head.pk)
            if not _claim_digest(job, today):
                continue
            sections = []
            for state in State.PRESSING:
                items = [task for task in mine if h.state(task.deadline) == state]
                for task in items:
                    task.days_overdue = (today - task.deadline).days
                sections.append({"state": state, "label": State.LABELS[state], "count": len(items),
                                 "tasks": items[:DIGEST_LIST_LIMIT], "more": max(len(items) - DIGEST_LIST_LIMIT, 0),
                                 "link": f"{dashboard_link}?state={state}#tasks"})
            counts = {s["state"]: s["count"] for s in sections}
            subject = _("Deadline control on %(date)s: %(overdue)d overdue, %(today)d due today, %(soon)d due soon") % {
                "date": today.strftime("%d.%m.%Y"), "overdue": counts[State.OVERDUE],
                "today": counts[State.TODAY], "soon": counts[State.SOON]}
            messages = []
            for person, covering in _recipients(head, absences.get(head.pk)):
                body = render_to_string("control/email/digest.txt", {
                    "person": person, "head": head, "covering": covering, "scope": scope, "today": today,
                    "horizon": h, "sections": sections, "dashboard_link": dashboard_link,
                    "OFFICE_NAME": settings.OFFICE_NAME,
                })
                messages.append(EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                             to=[person.email]))
            try:
                if messages:
                    connection.send_messages(messages)
            except Exception:
                log.exception("the digest of user %s was not sent; running the digest task again sends it", head.pk)
                ScheduledRun.objects.filter(job=job, day=today).delete()
                report.failed += 1
                continue
            report.digests += 1
            report.messages += len(messages)
    return report
