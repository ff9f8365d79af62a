"""The scheduler (`kancelaria scheduler`): on working days it enqueues the reminders at
their times and the heads' digest, each once per day, recorded in ScheduledRun so that
a restart does not enqueue (and send) twice (DOMAIN.md 3)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import default_task_backend

from kancelaria.control.management import schedule
from kancelaria.control.models import ScheduledRun
from kancelaria.workcalendar.models import OfficeDay

pytestmark = pytest.mark.django_db

THURSDAY = "2026-11-19"


@pytest.fixture
def queue(settings):
    """The tasks are only queued (django-tasks' dummy backend), so what the scheduler
    enqueued can be read back."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.CONTROL_REMINDER_TIMES = ["07:30", "13:00"]
    settings.CONTROL_DIGEST_TIME = "07:45"
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run(now: str) -> str:
    out = io.StringIO()
    call_command("scheduler", "--once", "--now", now, stdout=out)
    return out.getvalue()


def enqueued(queue) -> list[tuple[str, dict]]:
    """(app:task, arguments) of each task enqueued, in order."""
    return [(f"{result.task.module_path.split('.')[1]}:{result.task.name}", result.kwargs)
            for result in queue.results]


DAILY_CHECKS = [("publicinfo:daily_checks", {"day": THURSDAY}), ("penal:daily_checks", {"day": THURSDAY})]


def test_each_job_is_enqueued_once_a_day_at_its_time(queue):
    """Given the default timetable, when `scheduler --once` runs through a Thursday,
    then the daily checks of information requests and penal cases are enqueued at 07:00,
    the reminders at 07:30 and 13:00 and the digest at 07:45, each once, for that day."""
    assert "nothing due" in run(f"{THURSDAY}T06:59")
    seven = run(f"{THURSDAY}T07:00")
    assert "enqueued information requests for 2026-11-19" in seven
    assert "enqueued penal cases for 2026-11-19" in seven
    assert "nothing due" in run(f"{THURSDAY}T07:29")
    assert "enqueued reminders 07:30 for 2026-11-19" in run(f"{THURSDAY}T07:30")
    assert "nothing due" in run(f"{THURSDAY}T07:31")
    assert "enqueued digest" in run(f"{THURSDAY}T07:45")
    assert "enqueued rating invitations" in run(f"{THURSDAY}T09:00")
    assert "nothing due" in run(f"{THURSDAY}T12:00")
    assert "enqueued reminders 13:00" in run(f"{THURSDAY}T13:05")
    assert "nothing due" in run(f"{THURSDAY}T17:00")

    assert enqueued(queue) == DAILY_CHECKS + [
        ("control:send_reminders", {"day": THURSDAY}), ("control:send_digests", {"day": THURSDAY}),
        ("feedback:send_rating_invitations", {"day": THURSDAY}), ("control:send_reminders", {"day": THURSDAY})]
    assert sorted(ScheduledRun.objects.values_list("job", "day")) == [
        ("digest", dt.date(2026, 11, 19)), ("information requests", dt.date(2026, 11, 19)),
        ("penal cases", dt.date(2026, 11, 19)), ("rating invitations", dt.date(2026, 11, 19)),
        ("reminders 07:30", dt.date(2026, 11, 19)), ("reminders 13:00", dt.date(2026, 11, 19))]


def test_the_next_day_runs_again(queue):
    run(f"{THURSDAY}T08:00")
    run("2026-11-20T08:00")
    friday = {"day": "2026-11-20"}
    assert enqueued(queue) == DAILY_CHECKS + [
        ("control:send_reminders", {"day": THURSDAY}), ("control:send_digests", {"day": THURSDAY}),
        ("publicinfo:daily_checks", friday), ("penal:daily_checks", friday),
        ("control:send_reminders", friday), ("control:send_digests", friday)]


def test_a_restart_late_in_the_day_catches_up_once(queue):
    """Given a scheduler that was down all morning, when it starts at 16:00, then each
    job of the day is enqueued once; started again, it enqueues nothing."""
    first = run(f"{THURSDAY}T16:00")
    second = run(f"{THURSDAY}T16:01")
    assert [line.split(" enqueued ")[1] for line in first.splitlines()] == [
        "information requests for 2026-11-19", "penal cases for 2026-11-19",
        "reminders 07:30 for 2026-11-19", "digest for 2026-11-19", "rating invitations for 2026-11-19",
        "reminders 13:00 for 2026-11-19"]
    assert "nothing due" in second
    assert len(queue.results) == 6


def test_nothing_runs_on_days_off(queue, db):
    """DOMAIN 3: working days only: not on a Saturday, not on an official day off (24 May falls on a Sunday: Monday 25 May),
    not on the office's own day off; but on a Saturday declared working."""
    OfficeDay.objects.create(date=dt.date(2026, 11, 18), kind=OfficeDay.Kind.DAY_OFF, note="Ден на общината")
    OfficeDay.objects.create(date=dt.date(2026, 11, 28), kind=OfficeDay.Kind.WORKING_DAY, note="Отработване")
    for day in ("2026-11-21", "2026-05-25", "2026-11-18"):
        assert "nothing due" in run(f"{day}T09:00"), day
    assert "enqueued" in run("2026-11-28T09:00")
    assert {result.kwargs["day"] for result in queue.results} == {"2026-11-28"}


def test_the_enqueued_tasks_send_the_reminders_of_that_day(settings, registrar, mayor, expert, mailoutbox):
    """Given the immediate backend (the worker's part done at once) and a task due on
    Friday, when the scheduler runs on Thursday at 07:30, then the executor is reminded;
    run again at 13:00, nothing more is sent."""
    from kancelaria.accounts.models import User
    from tests.control.test_dashboard import assign

    User.objects.filter(pk=expert.pk).update(email="expert@momchilgrad.example")
    expert.refresh_from_db()
    assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 11, 16), deadline=dt.date(2026, 11, 20))
    run(f"{THURSDAY}T07:30")
    run(f"{THURSDAY}T13:00")
    assert [m.to for m in mailoutbox] == [["expert@momchilgrad.example"]]


@pytest.mark.parametrize("value", ["2026-11-19 07:30", "19.11.2026T07:30", "2026-13-01T07:30", "tomorrow"])
def test_a_bad_now_is_a_clear_error(queue, value):
    with pytest.raises(CommandError, match="is not a date and time YYYY-MM-DDTHH:MM"):
        run(value)
    assert not queue.results


def test_a_bad_time_in_the_settings_is_a_clear_error(queue, settings):
    settings.CONTROL_DIGEST_TIME = "7.45"
    with pytest.raises(CommandError, match="CONTROL_DIGEST_TIME: '7.45' is not a time of day HH:MM"):
        run(f"{THURSDAY}T08:00")


def test_the_timetable_follows_the_settings(settings):
    settings.CONTROL_REMINDER_TIMES = ["14:00", "07:00", "07:00"]
    settings.CONTROL_DIGEST_TIME = "08:15"
    assert [(job.name, job.at) for job in schedule.jobs()] == [
        ("information requests", dt.time(7, 0)), ("penal cases", dt.time(7, 0)), ("reminders 07:00", dt.time(7, 0)),
        ("digest", dt.time(8, 15)), ("rating invitations", dt.time(9, 0)), ("reminders 14:00", dt.time(14, 0))]
