"""Reads of the working calendar: the office's calendar (the country's official one with
the office's own overrides), due dates on it, and a year's non-working days for the
staff pages (DOMAIN.md 3, "Deadline arithmetic").

The rest of the system asks for due dates through `office_calendar()` and the engine's
`due_date()`, or through `office_due_date()` here, which checks its input the way the
API, the command line and the calculator page do.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kancelaria.calendars import (
    DueDate,
    OutsideCalendar,
    Pause,
    UnknownCountry,
    WorkingCalendar,
    due_date,
)
from kancelaria.core.errors import ValidationFailed

from .models import OfficeDay

# Limits of what a due date may be asked for: far beyond any statutory period, small
# enough that a question is answered at once.
MAX_DAYS = 3660
MAX_MONTHS = 120
MAX_EXTEND_DAYS = 3660
MAX_PAUSES = 20

# The interface's languages and the `holidays` package's codes for them.
HOLIDAY_LANGUAGES = {"bg": "bg", "en": "en_US", "pl": "pl", "uk": "uk"}


def holidays_language(language: str | None = None) -> str:
    """The `holidays` package's code for an interface language (the active one by default)."""
    code = (language or get_language() or "en").split("-")[0].lower()
    return HOLIDAY_LANGUAGES.get(code, "en_US")


def official_years() -> range:
    """The years the office country's official calendar covers (no query)."""
    return WorkingCalendar(settings.OFFICE_COUNTRY).years


def office_overrides() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """The office's own days off and working days: ({date: note}, {date: note}), one query."""
    days_off: dict[dt.date, str] = {}
    working_days: dict[dt.date, str] = {}
    for day, kind, note in OfficeDay.objects.order_by("date").values_list("date", "kind", "note"):
        (days_off if kind == OfficeDay.Kind.DAY_OFF else working_days)[day] = note
    return days_off, working_days


def office_calendar(*, country: str | None = None, language: str | None = None) -> WorkingCalendar:
    """The office's working calendar: settings.OFFICE_COUNTRY's official calendar with the
    office's own days off and working days (DOMAIN.md 3).

    `country` asks for another country's official calendar with the same overrides;
    `language` names the official holidays in that language (a `holidays` code, see
    `holidays_language`; English by default, so that answers do not depend on who asks).

    It reads the overrides on every call (one small query), so a change made in one process
    is seen at once in every other: call it once per request or task, not once per date.
    """
    days_off, working_days = office_overrides()
    return WorkingCalendar(country or settings.OFFICE_COUNTRY, days_off=days_off,
                           working_days=working_days, language=language)


def office_due_date(*, start: dt.date, days: int | None = None, months: int | None = None,
                    extend_days: int | None = 0, pauses: Iterable[Pause] = (), country: str | None = None,
                    language: str | None = None, calendar: WorkingCalendar | None = None) -> DueDate:
    """The due date on the office's calendar, with its input checked: ValidationFailed
    with translated messages by field (`start`, `days`, `months`, `extend_days`, `pause`,
    `country`) when the question cannot be answered."""
    pauses = list(pauses)
    extend_days = extend_days or 0
    errors: dict[str, list[str]] = {}
    if days is not None and months is not None:
        errors["months"] = [_("Give the period either in days or in months, not both.")]
    elif days is None and months is None:
        errors["days"] = [_("Enter the period in days or in months.")]
    if days is not None and not 0 <= days <= MAX_DAYS:
        errors.setdefault("days", []).append(
            _("Enter a number of days from 0 to %(max)s.") % {"max": MAX_DAYS})
    if months is not None and not 0 <= months <= MAX_MONTHS:
        errors.setdefault("months", []).append(
            _("Enter a number of months from 0 to %(max)s.") % {"max": MAX_MONTHS})
    if not 0 <= extend_days <= MAX_EXTEND_DAYS:
        errors["extend_days"] = [_("Enter an extension from 0 to %(max)s days.") % {"max": MAX_EXTEND_DAYS}]
    if len(pauses) > MAX_PAUSES:
        errors["pause"] = [_("Give at most %(max)s pauses.") % {"max": MAX_PAUSES}]
    if calendar is None:
        try:
            calendar = office_calendar(country=country, language=language)
        except UnknownCountry:
            errors["country"] = [_("No official calendar is known for the country code “%(code)s”.")
                                 % {"code": country}]
    if calendar is not None:
        first, last = calendar.years.start, calendar.years.stop - 1
        if not calendar.covers(start):
            errors.setdefault("start", []).append(
                _("Enter a date from %(first)s to %(last)s: the official calendar covers those years.")
                % {"first": first, "last": last})
        if any(not (calendar.covers(p.first) and calendar.covers(p.last)) for p in pauses):
            errors.setdefault("pause", []).append(
                _("Enter pauses from %(first)s to %(last)s: the official calendar covers those years.")
                % {"first": first, "last": last})
    if errors:
        raise ValidationFailed(_("The due date cannot be computed: check the fields marked."), fields=errors)
    try:
        return due_date(start=start, calendar=calendar, days=days, months=months, extend_days=extend_days,
                        pauses=pauses)
    except OutsideCalendar:
        message = (_("The due date falls after %(last)s, the last year the official calendar covers.")
                   % {"last": calendar.years.stop - 1})
        raise ValidationFailed(message, fields={"start": [message]}) from None


# --------------------------------------------------------------------------- the year's page


@dataclass
class CalendarDay:
    """One day worth listing: an official non-working day or an office override."""

    date: dt.date
    official: str = ""                      # the holiday's name, when it is an official day off
    override: OfficeDay | None = None        # the office's own day off or working day
    working: bool = True                     # whether the office works on it, all told

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass
class CalendarMonth:
    first: dt.date
    working_days: int
    days: list[CalendarDay] = field(default_factory=list)


def calendar_year(year: int, *, calendar: WorkingCalendar) -> list[CalendarMonth]:
    """The months of `year` with their official non-working days (holidays, days off
    replacing them, days off declared by the government) and the office's overrides, and
    how many working days each month has. One query (the overrides of the year)."""
    official = calendar.official_days(year)
    overrides = {d.date: d for d in OfficeDay.objects.filter(date__year=year).select_related("created_by")}
    months = []
    for month in range(1, 13):
        length = _calendar.monthrange(year, month)[1]
        first = dt.date(year, month, 1)
        listed = []
        working = 0
        for offset in range(length):
            day = first + dt.timedelta(days=offset)
            is_working = calendar.is_working_day(day)
            working += is_working
            if day in official or day in overrides:
                listed.append(CalendarDay(date=day, official=official.get(day, ""), override=overrides.get(day),
                                          working=is_working))
        months.append(CalendarMonth(first=first, working_days=working, days=listed))
    return months
