"""The scheduler's timetable: which background tasks are enqueued when (DOMAIN.md 3).

On every working day of the office's calendar, once the office clock (TIME_ZONE) has
passed a job's time, the job's task is enqueued for that day, once: the run is recorded
as ScheduledRun(job, day) in the same transaction, so a restarted scheduler, or a second
one, does not enqueue it again. The tasks run in the worker (`kancelaria db_worker`).

    reminders HH:MM   settings.CONTROL_REMINDER_TIMES (07:30 and 13:00 by default)
    digest            settings.CONTROL_DIGEST_TIME (07:45 by default)
    information requests  07:00 (kancelaria.publicinfo.jobs.daily_checks)
    penal cases           07:00 (kancelaria.penal.jobs.daily_checks)
    rating invitations    09:00

A scheduler started late in the day still enqueues what is due (a missed morning run
happens at once); each task sends only what it has not sent before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from kancelaria.control import tasks
from kancelaria.control.models import ScheduledRun
from kancelaria.feedback import tasks as feedback_tasks
from kancelaria.penal import jobs as penal_jobs
from kancelaria.publicinfo import jobs as publicinfo_jobs
from kancelaria.workcalendar.selectors import office_calendar


@dataclass(frozen=True)
class Job:
    name: str
    at: dt.time
    task: object

    def enqueue(self, day: dt.date):
        return self.task.enqueue(day=day.isoformat())


def clock_time(text: str, setting: str) -> dt.time:
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise ImproperlyConfigured(f"{setting}: {text!r} is not a time of day HH:MM") from None


def jobs() -> list[Job]:
    """The timetable from the settings, in order of time."""
    timetable = [Job(f"reminders {at:%H:%M}", at, tasks.send_reminders)
                 for at in sorted({clock_time(t, "CONTROL_REMINDER_TIMES") for t in settings.CONTROL_REMINDER_TIMES})]
    timetable.append(Job("digest", clock_time(settings.CONTROL_DIGEST_TIME, "CONTROL_DIGEST_TIME"),
                         tasks.send_digests))
    # citizens whose case closed in the last 14 days are invited to rate the service, once
    timetable.append(Job("rating invitations", dt.time(9, 0), feedback_tasks.send_rating_invitations))
    # requests for information: unanswered clarifications lapse after 30 days, grants not
    # collected or not paid in time count as the requester's refusal
    timetable.append(Job("information requests", dt.time(7, 0), publicinfo_jobs.daily_checks))
    # penal cases: decrees become final, the register holders are warned of limits within 30 days
    timetable.append(Job("penal cases", dt.time(7, 0), penal_jobs.daily_checks))
    return sorted(timetable, key=lambda job: (job.at, job.name))


def due(now: dt.datetime) -> list[Job]:
    """The jobs whose time has come on `now`'s day and that have not run that day;
    nothing on a non-working day."""
    day = now.date()
    if not office_calendar().is_working_day(day):
        return []
    done = set(ScheduledRun.objects.filter(day=day).values_list("job", flat=True))
    return [job for job in jobs() if job.at <= now.time() and job.name not in done]


def run_due(now: dt.datetime) -> list[Job]:
    """Enqueue each due job once for `now`'s day; returns the jobs enqueued."""
    day = now.date()
    enqueued = []
    for job in due(now):
        try:
            with transaction.atomic():
                _run, created = ScheduledRun.objects.get_or_create(job=job.name, day=day)
                if created:
                    job.enqueue(day)
        except IntegrityError:  # another scheduler recorded it first
            created = False
        if created:
            enqueued.append(job)
    return enqueued
