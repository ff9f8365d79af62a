"""The deadline engine. Everything here works on plain `datetime.date` values; `today`
is always passed in, never read.

Deadline arithmetic (DOMAIN.md 3):
- `start` is the date of the event (registration, resolution, clarification, delivery);
- days: the period runs from the day after `start`; raw end = start + N days;
- months: raw end = the same day-of-month N months after `start`, or that month's last
  day when it has no such day (31 Jan + 1 month = 28/29 Feb);
- an extension by E days lengthens the period: raw end = start + (N + E) days (for
  months: the month end above plus E days);
- a pause from A to B inclusive adds the paused days that fall inside the running
  period: the clock does not run on them (a restart is a new `start`, so a new call);
- the raw end then moves forward to the first working day if it is not one;
- a working day is Monday to Friday, not an official non-working day of the office's
  country (public holidays, the days off replacing holidays on a weekend, the days off
  declared by the government), plus the office's own overrides: extra days off, or
  Saturdays declared working.

The official calendar is the `holidays` package's for the office's country, for the
years the package covers (`WorkingCalendar.years`; Bulgaria: 1991-2100). A day outside
them raises `OutsideCalendar` rather than being taken for a working day. Holiday names
are in English unless a calendar is made with another `language` (never the process's
locale, so that the same question always gets the same answer).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH = "en_US"
ONE_DAY = dt.timedelta(days=1)


class UnknownCountry(ValueError):
    """The `holidays` package has no calendar for this country code."""


class OutsideCalendar(ValueError):
    """A day outside the years the country's official calendar covers."""


@lru_cache(maxsize=1024)
def _official(country: str, year: int, language: str = ENGLISH) -> dict[dt.date, str]:
    # The language is always given: left to itself the package names holidays in the
    # language of the process's locale.
    return dict(holidays.country_holidays(country, years=year, language=language))


@lru_cache(maxsize=64)
def _entity(country: str) -> type:
    try:
        return type(holidays.country_holidays(country))
    except NotImplementedError as error:
        raise UnknownCountry(f"no official calendar is known for the country {country!r}") from error


class WorkingCalendar:
    """The working days of an office: its country's official calendar (the `holidays`
    package) corrected by the office's own days off and working days."""

    def __init__(self, country: str = "BG", *, days_off: Mapping[dt.date, str] | None = None,
                 working_days: Mapping[dt.date, str] | None = None, language: str | None = None):
        self.country = str(country).strip().upper()
        entity = _entity(self.country)  # an unknown country fails here, loudly (UnknownCountry)
        self.years = range(getattr(entity, "start_year", dt.MINYEAR), getattr(entity, "end_year", dt.MAXYEAR) + 1)
        self.languages = tuple(getattr(entity, "supported_languages", ()))
        self.days_off = dict(days_off or {})
        self.working_days = dict(working_days or {})
        # Holiday names: in `language` when the package has them in it, else in English.
        self.language = language if language in self.languages else ENGLISH

    def with_language(self, language: str | None) -> WorkingCalendar:
        """The same calendar naming the official holidays in `language` (a code the
        `holidays` package knows for the country, e.g. "bg", "en_US", "pl", "uk";
        otherwise in English)."""
        return WorkingCalendar(self.country, days_off=self.days_off, working_days=self.working_days,
                               language=language)

    def __repr__(self) -> str:
        return (f"WorkingCalendar({self.country!r}, days_off={len(self.days_off)}, "
                f"working_days={len(self.working_days)})")

    def covers(self, day: dt.date) -> bool:
        return day.year in self.years

    def official_holiday(self, day: dt.date) -> str | None:
        if day.year not in self.years:
            raise OutsideCalendar(
                f"the official calendar of {self.country} covers the years {self.years.start} to "
                f"{self.years.stop - 1}; {day.isoformat()} is outside it")
        return _official(self.country, day.year, self.language).get(day)

    def official_days(self, year: int) -> dict[dt.date, str]:
        """The country's official non-working days of `year` (holidays, days off replacing
        holidays on a weekend, days off declared by the government), by date."""
        if year not in self.years:
            raise OutsideCalendar(f"the official calendar of {self.country} does not cover {year}")
        return dict(sorted(_official(self.country, year, self.language).items()))

    def non_working(self, day: dt.date) -> tuple[str, str] | None:
        """None on a working day; otherwise (kind, name): ("office", note),
        ("official", holiday name) or ("weekend", weekday)."""
        if day in self.working_days:
            return None
        if day in self.days_off:
            return "office", self.days_off[day]
        name = self.official_holiday(day)
        if name:
            return "official", name
        if day.weekday() >= 5:
            return "weekend", WEEKDAY_NAMES[day.weekday()]
        return None

    def why_not_working(self, day: dt.date) -> str | None:
        """None on a working day; otherwise the reason in English."""
        found = self.non_working(day)
        return SkippedDay(day, *found).reason if found else None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (count >= 0; 0 gives next_working_day)."""
        if count <= 0:
            return self.next_working_day(day)
        while count:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days from `first` to `last`, both included."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count


def previous_working_day(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    """The last working day strictly before `day`."""
    day -= ONE_DAY
    while not calendar.is_working_day(day):
        day -= ONE_DAY
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day-of-month `months` later, or that month's last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


@dataclass(frozen=True)
class Pause:
    """Stop-the-clock from `first` to `last`, both included."""

    first: dt.date
    last: dt.date

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(f"a pause cannot end ({self.last}) before it begins ({self.first})")

    @classmethod
    def parse(cls, text: str) -> Pause:
        """"2026-04-01:2026-04-10" (first and last day) or "2026-04-01" (one day)."""
        first_text, separator, last_text = str(text).strip().partition(":")
        try:
            first = dt.date.fromisoformat(first_text.strip())
            last = dt.date.fromisoformat(last_text.strip()) if separator else first
        except ValueError:
            raise ValueError(f"a pause is written FIRST:LAST as YYYY-MM-DD:YYYY-MM-DD, not {text!r}") from None
        return cls(first, last)

    def __len__(self) -> int:
        return (self.last - self.first).days + 1

    def days(self) -> set[dt.date]:
        return {self.first + dt.timedelta(days=i) for i in range(len(self))}


@dataclass(frozen=True)
class SkippedDay:
    day: dt.date
    kind: str   # "weekend", "official" (country's calendar) or "office" (the office's own day off)
    name: str   # the weekday, the holiday's name or the office's note

    @property
    def reason(self) -> str:
        return {"weekend": "{name}", "official": "official non-working day: {name}",
                "office": "office day off: {name}"}[self.kind].format(name=self.name)


@dataclass(frozen=True)
class DueDate:
    start: dt.date
    days: int | None
    months: int | None
    extend_days: int
    pauses: tuple[Pause, ...]
    paused_days: int
    period_end: dt.date         # the end of the period itself (days or months), before extensions and pauses
    raw_end: dt.date            # after extensions and pauses, before moving to a working day
    due: dt.date
    skipped: tuple[SkippedDay, ...] = field(default=())
    country: str = "BG"

    def explain(self) -> list[str]:
        """The result in sentences (English; the pages translate their own rendering)."""
        if self.days is not None:
            period = f"{self.days} day(s) counted from the day after {self.start.isoformat()}"
        else:
            period = f"{self.months} month(s) from {self.start.isoformat()}"
        lines = [f"start: {self.start.isoformat()}", f"period: {period}, ends {self.period_end.isoformat()}"]
        if self.extend_days:
            lines.append(f"extension: {self.extend_days} day(s)")
        for pause in self.pauses:
            lines.append(f"pause: {pause.first.isoformat()} to {pause.last.isoformat()}")
        if self.pauses:
            lines.append(f"paused days inside the running period: {self.paused_days}")
        lines.append(f"raw end: {self.raw_end.isoformat()}")
        for skipped in self.skipped:
            lines.append(f"skipped {skipped.day.isoformat()}: {skipped.reason}")
        lines.append(f"due: {self.due.isoformat()} ({WEEKDAY_NAMES[self.due.weekday()]})")
        return lines

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(), "days": self.days, "months": self.months,
            "extend_days": self.extend_days,
            "pauses": [{"from": p.first.isoformat(), "to": p.last.isoformat()} for p in self.pauses],
            "paused_days": self.paused_days, "period_end": self.period_end.isoformat(),
            "raw_end": self.raw_end.isoformat(), "due": self.due.isoformat(),
            "skipped": [{"date": s.day.isoformat(), "kind": s.kind, "name": s.name, "reason": s.reason}
                        for s in self.skipped],
            "country": self.country, "explanation": self.explain(),
        }


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise OutsideCalendar("the due date falls after the last date a calendar can hold") from None


def _merged(pauses: Iterable[Pause], *, after: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The paused days after `after`, as sorted, disjoint, non-adjacent (first, last) runs."""
    runs: list[list[dt.date]] = []
    for pause in sorted(pauses, key=lambda p: (p.first, p.last)):
        if pause.last <= after:
            continue
        first, last = max(pause.first, after + ONE_DAY), pause.last
        if runs and (first - runs[-1][1]).days <= 1:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    return [(first, last) for first, last in runs]


def due_date(*, start: dt.date, calendar: WorkingCalendar, days: int | None = None,
             months: int | None = None, extend_days: int = 0,
             pauses: Iterable[Pause] = ()) -> DueDate:
    """The due date of a period of `days` or `months` from `start` (DOMAIN.md 3)."""
    if (days is None) == (months is None):
        raise ValueError("give the period either in days or in months")
    if (days is not None and days < 0) or (months is not None and months < 0) or extend_days < 0:
        raise ValueError("periods and extensions cannot be negative")
    pauses = tuple(sorted(pauses, key=lambda p: (p.first, p.last)))
    try:
        period_end = _shift(start, days) if days is not None else add_months(start, months)
    except ValueError:
        raise OutsideCalendar("the period ends after the last date a calendar can hold") from None
    base_end = _shift(period_end, extend_days)

    # The clock does not run on paused days inside the running period (start, raw end]:
    # each one pushes the end a day further, which may bring more paused days inside.
    # Overlapping pauses are merged first, so a day paused twice counts once. Taking the
    # merged pauses in order, one that begins inside the period (as it stands so far)
    # lies wholly inside it once the end has moved by its length; the first one that
    # begins after the end, and every one after it, does not count.
    raw_end, counted = base_end, 0
    for first, last in _merged(pauses, after=start):
        if first > raw_end:
            break
        length = (last - first).days + 1
        counted += length
        raw_end = _shift(raw_end, length)

    skipped = []
    due = raw_end
    while (found := calendar.non_working(due)) is not None:
        skipped.append(SkippedDay(due, *found))
        due = _shift(due, 1)
    return DueDate(start=start, days=days, months=months, extend_days=extend_days, pauses=pauses,
                   paused_days=counted, period_end=period_end, raw_end=raw_end, due=due,
                   skipped=tuple(skipped), country=calendar.country)
