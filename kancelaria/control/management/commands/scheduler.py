"""`kancelaria scheduler`: enqueue the reminders and the heads' morning digest at their
times on working days (see kancelaria/control/management/schedule.py).

    kancelaria scheduler                          # a loop: look at the clock every minute
    kancelaria scheduler --once                   # enqueue what is due now, then exit (cron)
    kancelaria scheduler --once --now 2026-11-16T07:45   # as if it were that time

The tasks run in the worker (`kancelaria db_worker`). SIGINT and SIGTERM stop the loop
between two looks at the clock.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from kancelaria.control.management import schedule


def parse_now(text: str) -> dt.datetime:
    try:
        value = dt.datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise CommandError(f"--now: {text!r} is not a date and time YYYY-MM-DDTHH:MM (e.g. 2026-11-16T07:45)") \
            from None
    return timezone.make_aware(value)


class Command(BaseCommand):
    help = "Enqueue the deadline reminders and the heads' morning digest at their times on working days."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and exit (for cron).")
        parser.add_argument("--now", metavar="YYYY-MM-DDTHH:MM",
                            help="Act as if the office clock showed this time (tests, catching up a day).")
        parser.add_argument("--interval", type=int, default=None,
                            help="Seconds between two looks at the clock (default: SCHEDULER_INTERVAL, 60).")

    def handle(self, *args, once: bool = False, now: str | None = None, interval: int | None = None, **options):
        interval = interval if interval is not None else settings.SCHEDULER_INTERVAL
        if interval < 1:
            raise CommandError("--interval must be at least 1 second")
        try:
            timetable = schedule.jobs()
        except Exception as error:  # a bad time in the settings
            raise CommandError(str(error)) from None
        # With --now the clock starts at that time and runs on from there.
        offset = parse_now(now) - timezone.now() if now else dt.timedelta(0)

        def clock() -> dt.datetime:
            return timezone.localtime(timezone.now() + offset)

        if once:
            self.tick(clock())
            return

        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_args: stop.set())
        self.stdout.write("scheduler: " + ", ".join(f"{job.name} at {job.at:%H:%M}" for job in timetable)
                          + f" on working days; every {interval} s", ending="\n")
        self.stdout.flush()
        while not stop.is_set():
            try:
                close_old_connections()
                self.tick(clock(), quiet=True)
            except Exception as error:  # the database away for a moment: try again next time
                self.stderr.write(f"scheduler: {error.__class__.__name__}: {error}")
            finally:
                close_old_connections()
            stop.wait(interval)
        self.stdout.write("scheduler: stopped")

    def tick(self, now: dt.datetime, quiet: bool = False) -> None:
        enqueued = schedule.run_due(now)
        for job in enqueued:
            self.stdout.write(f"scheduler: {now:%Y-%m-%d %H:%M} enqueued {job.name} for {now:%Y-%m-%d}")
        if not enqueued and not quiet:
            self.stdout.write(f"scheduler: {now:%Y-%m-%d %H:%M} nothing due")
        self.stdout.flush()
