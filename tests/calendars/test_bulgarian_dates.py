"""Due dates on real Bulgarian dates, table-driven (DOMAIN.md 3, "Deadline arithmetic").

Each row says the arithmetic in its comment. The official days are the `holidays`
package's (printed with `holidays.country_holidays("BG", years=...)` when the table was
written); the rows that depend on one of them check it too, so a change in the package's
data shows up as a failure here rather than as a silently different due date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kancelaria.calendars import Pause, WorkingCalendar, add_months, due_date

D = dt.date
BG = WorkingCalendar("BG")


# --------------------------------------------------------------------------- the official calendar

# (day, kind, name): what the Bulgarian calendar says of the day.
OFFICIAL_DAYS = [
    # Orthodox Easter 2025: Good Friday 18 Apr to Easter Monday 21 Apr (the package calls
    # both Sunday and Monday "Easter").
    (D(2025, 4, 18), "official", "Good Friday"),
    (D(2025, 4, 19), "official", "Holy Saturday"),
    (D(2025, 4, 20), "official", "Easter"),
    (D(2025, 4, 21), "official", "Easter"),
    (D(2025, 4, 22), None, None),  # Tuesday after Easter: back to work
    # Orthodox Easter 2026: 10-13 Apr.
    (D(2026, 4, 10), "official", "Good Friday"),
    (D(2026, 4, 13), "official", "Easter"),
    (D(2026, 4, 14), None, None),
    # Christmas: 24, 25 and 26 Dec.
    (D(2025, 12, 24), "official", "Christmas Eve"),
    (D(2025, 12, 26), "official", "Christmas Day"),
    # 2026: 26 Dec is a Saturday, so Monday 28 Dec is the day off replacing it.
    (D(2026, 12, 26), "official", "Christmas Day"),
    (D(2026, 12, 27), "weekend", "Sunday"),
    (D(2026, 12, 28), "official", "Christmas Day (observed)"),
    (D(2026, 12, 29), None, None),
    # Days off replacing holidays on a weekend (Labour Code art. 154(2)).
    (D(2026, 9, 6), "official", "Unification Day"),  # a Sunday
    (D(2026, 9, 7), "official", "Unification Day (observed)"),
    (D(2026, 5, 24), "official", "Day of Slavonic Alphabet, Bulgarian Enlightenment and Culture"),  # Sunday
    (D(2026, 5, 25), "official", "Day of Slavonic Alphabet, Bulgarian Enlightenment and Culture (observed)"),
    # Extra days off declared by the government, as the package has them.
    (D(2025, 12, 31), "official", "Non-working day"),
    (D(2026, 1, 2), "official", "Non-working day"),
    # ... and not in 2024: 31 Dec 2024 is an ordinary Tuesday.
    (D(2024, 12, 31), None, None),
    # A leap day is an ordinary day.
    (D(2024, 2, 29), None, None),
    (D(2026, 11, 21), "weekend", "Saturday"),
]


@pytest.mark.parametrize(("day", "kind", "name"), OFFICIAL_DAYS, ids=[str(row[0]) for row in OFFICIAL_DAYS])
def test_the_bulgarian_calendar_knows_its_non_working_days(day, kind, name):
    """DOMAIN.md 3: a working day is Monday-Friday that is not a public holiday, a day off
    replacing a holiday on a weekend, or a day off declared by the government."""
    found = BG.non_working(day)
    assert found == ((kind, name) if kind else None)
    assert BG.is_working_day(day) is (kind is None)


def test_holiday_names_do_not_depend_on_the_process_locale(monkeypatch):
    """Given a Bulgarian locale in the environment, when a calendar is made without a
    language, then the names are still English (the package would follow the locale),
    and a calendar asked for Bulgarian names gives them."""
    monkeypatch.setenv("LANGUAGE", "bg")
    monkeypatch.setenv("LANG", "bg_BG.UTF-8")
    assert WorkingCalendar("BG").non_working(D(2023, 1, 1)) == ("official", "New Year's Day")
    assert WorkingCalendar("BG", language="bg").non_working(D(2023, 1, 1)) == ("official", "Нова година")


# --------------------------------------------------------------------------- months

MONTHS = [
    # 31 Jan + 1 month: February has no 31st, so its last day, 28 Feb in 2025 ...
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    # ... and 29 Feb in the leap year 2024.
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    # 30 Apr + 1 month: May has a 30th.
    (D(2026, 4, 30), 1, D(2026, 5, 30)),
    # 31 Mar + 1 month: April has no 31st, so 30 Apr.
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    # 29 Feb 2024 + 12 months: 2025 has no 29 Feb, so 28 Feb 2025; + 48 months: 29 Feb 2028.
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    # 31 Dec + 2 months crosses the year end: 28 Feb of the next year.
    (D(2026, 12, 31), 2, D(2027, 2, 28)),
    # 15 Nov + 3 months: the same day, the year after.
    (D(2026, 11, 15), 3, D(2027, 2, 15)),
    # 0 months is the start itself.
    (D(2026, 11, 15), 0, D(2026, 11, 15)),
]


@pytest.mark.parametrize(("start", "months", "end"), MONTHS, ids=[f"{r[0]}+{r[1]}m" for r in MONTHS])
def test_a_period_in_months_ends_on_the_same_day_or_the_month_end(start, months, end):
    """DOMAIN.md 3: months end on the same day-of-month, or the month's last day when it
    has no such day."""
    assert add_months(start, months) == end


# --------------------------------------------------------------------------- due dates

# Each row: id, keyword arguments of due_date, office days off, office working days,
# expected raw end, expected due date. The comment gives the arithmetic.
OFFICE_FEAST = {D(2026, 11, 23): "Празник на общината"}
WORKING_SATURDAY = {D(2026, 11, 21): "Отработване"}

DUE = [
    # Easter 2025: Mon 14 Apr + 4 days = Fri 18 Apr (Good Friday); 18-21 Apr are official
    # days off, so the deadline ends on Tue 22 Apr.
    ("easter-2025", dict(start=D(2025, 4, 14), days=4), {}, {}, D(2025, 4, 18), D(2025, 4, 22)),
    # Easter 2026: Fri 3 Apr + 7 days = Fri 10 Apr (Good Friday) -> Tue 14 Apr.
    ("easter-2026", dict(start=D(2026, 4, 3), days=7), {}, {}, D(2026, 4, 10), D(2026, 4, 14)),
    # Christmas 2025: Fri 19 Dec + 5 = Wed 24 Dec; 24-26 Dec off, 27-28 the weekend -> Mon 29 Dec.
    ("christmas-2025", dict(start=D(2025, 12, 19), days=5), {}, {}, D(2025, 12, 24), D(2025, 12, 29)),
    # Christmas 2026: Mon 14 Dec + 12 = Sat 26 Dec (Christmas Day); Sun 27; Mon 28 replaces
    # the Saturday holiday -> Tue 29 Dec.
    ("christmas-2026", dict(start=D(2026, 12, 14), days=12), {}, {}, D(2026, 12, 26), D(2026, 12, 29)),
    # Christmas 2027: 25 and 26 Dec fall on the weekend, so 27 and 28 Dec are both days
    # off: Mon 20 Dec + 4 = Fri 24 Dec -> Wed 29 Dec.
    ("christmas-2027", dict(start=D(2027, 12, 20), days=4), {}, {}, D(2027, 12, 24), D(2027, 12, 29)),
    # Unification Day on Sun 6 Sep 2026 is replaced by Mon 7 Sep: Mon 31 Aug + 6 = Sun 6 Sep
    # -> Tue 8 Sep.
    ("6-september-2026", dict(start=D(2026, 8, 31), days=6), {}, {}, D(2026, 9, 6), D(2026, 9, 8)),
    # 24 May 2026 is a Sunday, replaced by Mon 25 May: Thu 14 May + 10 = Sun 24 May -> Tue 26 May.
    ("24-may-2026", dict(start=D(2026, 5, 14), days=10), {}, {}, D(2026, 5, 24), D(2026, 5, 26)),
    # The government's extra days off around New Year: Sun 21 Dec 2025 + 10 = Wed 31 Dec
    # (day off), 1 Jan (New Year), Fri 2 Jan (day off), 3-4 Jan weekend -> Mon 5 Jan 2026.
    ("new-year-2026", dict(start=D(2025, 12, 21), days=10), {}, {}, D(2025, 12, 31), D(2026, 1, 5)),
    # Year end without extra days off: Sun 1 Dec 2024 + 30 = Tue 31 Dec 2024, a working day.
    ("year-end-2024", dict(start=D(2024, 12, 1), days=30), {}, {}, D(2024, 12, 31), D(2024, 12, 31)),
    # Days run from the day after the start: Mon 16 Nov 2026 + 7 (the default period for a
    # task) = Mon 23 Nov, a working day, which is the due date (the start day never counts).
    ("seven-days", dict(start=D(2026, 11, 16), days=7), {}, {}, D(2026, 11, 23), D(2026, 11, 23)),
    # Fri 20 Nov 2026 + 14 = Fri 4 Dec.
    ("fourteen-days", dict(start=D(2026, 11, 20), days=14), {}, {}, D(2026, 12, 4), D(2026, 12, 4)),
    # Across a leap day: 20 Feb 2024 + 14 = 5 Mar 2024 (February has 29 days; Liberation Day
    # 3 Mar was a Sunday, replaced by Mon 4 Mar, both before the end) ...
    ("leap-2024", dict(start=D(2024, 2, 20), days=14), {}, {}, D(2024, 3, 5), D(2024, 3, 5)),
    # ... and 20 Feb 2025 + 14 = Thu 6 Mar 2025 (February has 28).
    ("no-leap-2025", dict(start=D(2025, 2, 20), days=14), {}, {}, D(2025, 3, 6), D(2025, 3, 6)),
    # Months: 31 Jan 2025 + 1 month = Fri 28 Feb 2025; 31 Jan 2024 + 1 month = Thu 29 Feb 2024.
    ("31-jan-2025", dict(start=D(2025, 1, 31), months=1), {}, {}, D(2025, 2, 28), D(2025, 2, 28)),
    ("31-jan-2024", dict(start=D(2024, 1, 31), months=1), {}, {}, D(2024, 2, 29), D(2024, 2, 29)),
    # 30 Apr 2026 + 1 month = Sat 30 May; the weekend -> Mon 1 Jun.
    ("30-apr-2026", dict(start=D(2026, 4, 30), months=1), {}, {}, D(2026, 5, 30), D(2026, 6, 1)),
    # 31 Mar 2026 + 1 month = Thu 30 Apr.
    ("31-mar-2026", dict(start=D(2026, 3, 31), months=1), {}, {}, D(2026, 4, 30), D(2026, 4, 30)),
    # 31 Dec 2026 + 2 months = Sun 28 Feb 2027 -> Mon 1 Mar 2027.
    ("31-dec-2026", dict(start=D(2026, 12, 31), months=2), {}, {}, D(2027, 2, 28), D(2027, 3, 1)),
    # Extension in days: Mon 16 Nov 2026 + 7 + 5 = Sat 28 Nov -> Mon 30 Nov.
    ("extended-days", dict(start=D(2026, 11, 16), days=7, extend_days=5), {}, {},
     D(2026, 11, 28), D(2026, 11, 30)),
    # Extension after months: 31 Jan 2026 + 1 month = Sat 28 Feb; + 3 days = Tue 3 Mar
    # (Liberation Day) -> Wed 4 Mar.
    ("extended-months", dict(start=D(2026, 1, 31), months=1, extend_days=3), {}, {},
     D(2026, 3, 3), D(2026, 3, 4)),
    # A pause inside the period, both ends included: Mon 2 Nov 2026 + 14 = 16 Nov; paused
    # 5-9 Nov (5 days) -> Sat 21 Nov -> Mon 23 Nov.
    ("pause-inside", dict(start=D(2026, 11, 2), days=14, pauses=[Pause(D(2026, 11, 5), D(2026, 11, 9))]),
     {}, {}, D(2026, 11, 21), D(2026, 11, 23)),
    # A pause before the period does not count, even one ending on the start day (the
    # period runs from the day after): raw end stays Mon 16 Nov.
    ("pause-before", dict(start=D(2026, 11, 2), days=14, pauses=[Pause(D(2026, 10, 20), D(2026, 11, 2))]),
     {}, {}, D(2026, 11, 16), D(2026, 11, 16)),
    # A pause after the end does not count: 17-20 Nov lie after Mon 16 Nov.
    ("pause-after", dict(start=D(2026, 11, 2), days=14, pauses=[Pause(D(2026, 11, 17), D(2026, 11, 20))]),
     {}, {}, D(2026, 11, 16), D(2026, 11, 16)),
    # Overlapping pauses count each day once: 5-9 and 8-12 Nov are 5-12 Nov, 8 days ->
    # 16 Nov + 8 = Tue 24 Nov.
    ("pauses-overlap", dict(start=D(2026, 11, 2), days=14,
                            pauses=[Pause(D(2026, 11, 5), D(2026, 11, 9)), Pause(D(2026, 11, 8), D(2026, 11, 12))]),
     {}, {}, D(2026, 11, 24), D(2026, 11, 24)),
    # A pause reaching past the raw end pushes it further: the clock runs 3-13 Nov (11 days),
    # stops 14-20 Nov, and runs again 21, 22, 23 Nov (days 12-14) -> Mon 23 Nov.
    ("pause-past-end", dict(start=D(2026, 11, 2), days=14, pauses=[Pause(D(2026, 11, 14), D(2026, 11, 20))]),
     {}, {}, D(2026, 11, 23), D(2026, 11, 23)),
    # A pause that the pushed end reaches: 10-11 Nov moves the end to 18 Nov, which brings
    # 17-18 Nov inside: the clock runs 3-9, 12-16, 19, 20 Nov -> Fri 20 Nov.
    ("pause-reached", dict(start=D(2026, 11, 2), days=14,
                           pauses=[Pause(D(2026, 11, 17), D(2026, 11, 18)), Pause(D(2026, 11, 10), D(2026, 11, 11))]),
     {}, {}, D(2026, 11, 20), D(2026, 11, 20)),
    # The office's own day off: Mon 16 Nov + 7 = Mon 23 Nov, the municipality's feast -> Tue 24 Nov.
    ("office-day-off", dict(start=D(2026, 11, 16), days=7), OFFICE_FEAST, {}, D(2026, 11, 23), D(2026, 11, 24)),
    # The office's working Saturday: Sat 14 Nov + 7 = Sat 21 Nov, declared working -> it stays ...
    ("working-saturday", dict(start=D(2026, 11, 14), days=7), {}, WORKING_SATURDAY, D(2026, 11, 21), D(2026, 11, 21)),
    # ... while without the override it moves to Mon 23 Nov.
    ("ordinary-saturday", dict(start=D(2026, 11, 14), days=7), {}, {}, D(2026, 11, 21), D(2026, 11, 23)),
    # An office day off joins the Christmas days: Mon 21 Dec 2026 + 2 = Wed 23 Dec (office),
    # 24-26 Dec, Sun 27, Mon 28 (observed) -> Tue 29 Dec.
    ("office-before-christmas", dict(start=D(2026, 12, 21), days=2), {D(2026, 12, 23): "Коледен ден"}, {},
     D(2026, 12, 23), D(2026, 12, 29)),
    # The office works on Sat 26 Dec 2026 although it is a holiday: the override wins.
    ("office-works-a-holiday", dict(start=D(2026, 12, 14), days=12), {}, {D(2026, 12, 26): "Дежурство"},
     D(2026, 12, 26), D(2026, 12, 26)),
]


@pytest.mark.parametrize(("arguments", "days_off", "working_days", "raw_end", "due"),
                         [row[1:] for row in DUE], ids=[row[0] for row in DUE])
def test_due_dates_on_bulgarian_dates(arguments, days_off, working_days, raw_end, due):
    """DOMAIN.md 3, "Deadline arithmetic": days from the day after the start, months to the
    same day or the month end, extensions, inclusive pauses, then the first working day of
    the office's calendar (the country's, corrected by the office's own overrides)."""
    calendar = WorkingCalendar("BG", days_off=days_off, working_days=working_days)
    result = due_date(calendar=calendar, **arguments)
    assert (result.raw_end, result.due) == (raw_end, due)
    # The explanation names the start and every day it skipped.
    lines = result.explain()
    assert lines[0] == f"start: {arguments['start'].isoformat()}"
    assert lines[-1].startswith(f"due: {due.isoformat()}")
    assert [s.day for s in result.skipped] == [raw_end + dt.timedelta(days=i) for i in range((due - raw_end).days)]


def test_the_explanation_of_a_christmas_deadline_says_why_each_day_is_skipped():
    """DOMAIN.md 3: every due date explains itself: start, period, each skipped day and why."""
    result = due_date(start=D(2026, 12, 14), days=12, extend_days=0, calendar=WorkingCalendar(
        "BG", days_off={D(2026, 12, 29): "Инвентаризация"}))
    assert result.explain() == [
        "start: 2026-12-14",
        "period: 12 day(s) counted from the day after 2026-12-14, ends 2026-12-26",
        "raw end: 2026-12-26",
        "skipped 2026-12-26: official non-working day: Christmas Day",
        "skipped 2026-12-27: Sunday",
        "skipped 2026-12-28: official non-working day: Christmas Day (observed)",
        "skipped 2026-12-29: office day off: Инвентаризация",
        "due: 2026-12-30 (Wednesday)",
    ]
    data = result.as_dict()
    assert data["due"] == "2026-12-30" and data["raw_end"] == "2026-12-26"
    assert [(s["date"], s["kind"]) for s in data["skipped"]] == [
        ("2026-12-26", "official"), ("2026-12-27", "weekend"), ("2026-12-28", "official"), ("2026-12-29", "office")]


def test_pauses_and_extensions_are_explained():
    """DOMAIN.md 3: given an extension and two overlapping pauses, when the due date is computed,
    then the explanation lists the extension, each pause and the paused days counted once."""
    result = due_date(start=D(2026, 11, 2), days=14, extend_days=2, calendar=BG,
                      pauses=[Pause(D(2026, 11, 8), D(2026, 11, 12)), Pause(D(2026, 11, 5), D(2026, 11, 9))])
    # 5-12 Nov merged: 8 days; 16 Nov + 2 + 8 = Thu 26 Nov.
    assert result.paused_days == 8 and result.raw_end == D(2026, 11, 26)
    assert "extension: 2 day(s)" in result.explain()
    assert "pause: 2026-11-05 to 2026-11-09" in result.explain()
    assert "paused days inside the running period: 8" in result.explain()


@pytest.mark.parametrize("bad", [
    dict(days=7, months=1),            # both
    dict(),                            # neither
    dict(days=-1),                     # negative
    dict(months=-2),
    dict(days=3, extend_days=-1),
])
def test_a_period_must_be_days_or_months_and_not_negative(bad):
    """DOMAIN.md 3: a period is N days or N months; given both, neither or a negative number,
    then the engine refuses with ValueError rather than guessing."""
    with pytest.raises(ValueError):
        due_date(start=D(2026, 11, 2), calendar=BG, **bad)


def test_a_pause_cannot_end_before_it_begins_and_parses_from_text():
    """DOMAIN.md 3: a pause runs from A to B inclusive; given B before A, or text not of the
    form FIRST:LAST in ISO dates, then it is refused; a single date is a one-day pause."""
    with pytest.raises(ValueError):
        Pause(D(2026, 11, 10), D(2026, 11, 9))
    assert Pause.parse("2026-11-05:2026-11-09") == Pause(D(2026, 11, 5), D(2026, 11, 9))
    assert Pause.parse(" 2026-11-05 ") == Pause(D(2026, 11, 5), D(2026, 11, 5))
    for text in ("2026-11-05/2026-11-09", "05.11.2026:09.11.2026", "2026-11-09:2026-11-05", ""):
        with pytest.raises(ValueError):
            Pause.parse(text)


def test_days_outside_the_official_calendar_are_refused_not_guessed():
    """The package covers 1991-2100 for Bulgaria; past it, a holiday would silently be
    taken for a working day, so the engine refuses instead."""
    from kancelaria.calendars import OutsideCalendar, UnknownCountry

    assert BG.years == range(1991, 2101)
    with pytest.raises(OutsideCalendar):
        due_date(start=D(2100, 12, 20), days=30, calendar=BG)
    with pytest.raises(OutsideCalendar):
        due_date(start=D(9999, 12, 20), days=30, calendar=BG)
    with pytest.raises(UnknownCountry):
        WorkingCalendar("XX")
