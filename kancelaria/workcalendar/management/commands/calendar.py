"""`kancelaria calendar`: the office's working calendar on the command line (DOMAIN.md 3,
"Deadline arithmetic").

    kancelaria calendar due --start 2026-12-14 --days 12 [--extend-days N]
                            [--pause 2026-12-01:2026-12-03 ...] [--country BG] [--explain]
    kancelaria calendar days --year 2026 [--country BG]

`due` prints the due date as YYYY-MM-DD on its first line; with --explain the
explanation follows. It uses the office's own days off and working days (with the official
calendar of --country when it is given). Bad input: a message on stderr and exit code 2
(a malformed argument) or 1 (a value out of range); never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from kancelaria.calendars import Pause
from kancelaria.core.errors import ValidationFailed
from kancelaria.workcalendar import selectors


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {text!r}")
    return value


def pause(text: str) -> Pause:
    try:
        return Pause.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = "The office's working calendar: due dates and the year's non-working days."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{due,days}")

        due = actions.add_parser("due", help="print the due date of a period (YYYY-MM-DD on the first line)")
        due.add_argument("--start", type=iso_date, required=True, metavar="YYYY-MM-DD",
                         help="the day of the event; the period runs from the next day")
        period = due.add_mutually_exclusive_group(required=True)
        period.add_argument("--days", type=whole_number, metavar="N", help="the period in calendar days")
        period.add_argument("--months", type=whole_number, metavar="N", help="the period in months")
        due.add_argument("--extend-days", type=whole_number, default=0, metavar="N",
                         help="an extension of the period, in days")
        due.add_argument("--pause", type=pause, action="append", default=[], metavar="FIRST:LAST",
                         help="days the clock stopped, both included (YYYY-MM-DD:YYYY-MM-DD); may be repeated")
        due.add_argument("--country", metavar="CODE",
                         help="the official calendar of this country (default: the office's)")
        due.add_argument("--explain", action="store_true", help="print how the date was reached")

        days = actions.add_parser("days", help="list the year's non-working weekdays and the office's working days")
        days.add_argument("--year", type=whole_number, required=True, metavar="YYYY")
        days.add_argument("--country", metavar="CODE",
                          help="the official calendar of this country (default: the office's)")

    def handle(self, *args, action: str, **options):
        try:
            if action == "due":
                self._due(**options)
            else:
                self._days(**options)
        except ValidationFailed as error:
            problems = [f"{name}: {problem}" for name, messages in error.fields.items() for problem in messages]
            raise CommandError("; ".join(problems) or str(error.message)) from None
        except DatabaseError as error:
            raise CommandError(f"the office's days cannot be read ({error}); has `kancelaria migrate` run?") from None

    def _due(self, *, start, days, months, extend_days, pause, country, explain, **options):
        result = selectors.office_due_date(start=start, days=days, months=months, extend_days=extend_days,
                                           pauses=pause, country=country)
        self.stdout.write(result.due.isoformat())
        if explain:
            for line in result.explain():
                self.stdout.write(line)

    def _days(self, *, year, country, **options):
        try:
            calendar = selectors.office_calendar(country=country)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if year not in calendar.years:
            raise CommandError(f"the official calendar of {calendar.country} covers the years "
                               f"{calendar.years.start} to {calendar.years.stop - 1}")
        day = dt.date(year, 1, 1)
        while day.year == year:
            found = calendar.non_working(day)
            if found and day.weekday() < 5:
                kind, name = found
                self.stdout.write(f"{day.isoformat()} {day:%a} {kind}: {name}")
            elif not found and day in calendar.working_days:
                self.stdout.write(f"{day.isoformat()} {day:%a} working: {calendar.working_days[day]}")
            day += dt.timedelta(days=1)
