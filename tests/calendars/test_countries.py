"""Other countries' calendars load (DOMAIN.md 3: the working day is the office's
country's; the seeds come from Bulgaria, Poland and Ukraine)."""

from __future__ import annotations

import datetime as dt

from kancelaria.calendars import WorkingCalendar, due_date


def test_poland_knows_its_independence_day_and_christmas():
    """Given the Polish calendar, then 11 Nov (National Independence Day) and 26 Dec are
    non-working, as is 6 Jan (Epiphany), while the Bulgarian calendar works on 11 Nov."""
    poland = WorkingCalendar("pl")
    assert poland.country == "PL"
    assert poland.non_working(dt.date(2026, 11, 11)) == ("official", "National Independence Day")
    assert not poland.is_working_day(dt.date(2026, 12, 26))
    assert not poland.is_working_day(dt.date(2026, 1, 6))
    assert WorkingCalendar("BG").is_working_day(dt.date(2026, 11, 11))
    # Tue 10 Nov 2026 + 1 day = Wed 11 Nov: Thursday 12 Nov in Poland.
    assert due_date(start=dt.date(2026, 11, 10), days=1, calendar=poland).due == dt.date(2026, 11, 12)


def test_ukraine_loads_with_its_calendar():
    """Given the Ukrainian calendar, then it loads; before martial law (2021) Orthodox
    Christmas on 7 Jan was a day off, and the package has no public holidays during martial
    law (from 2022), so 7 Jan 2026 is an ordinary Wednesday."""
    ukraine = WorkingCalendar("UA")
    assert ukraine.non_working(dt.date(2021, 1, 7)) == ("official", "Christmas Day")
    assert ukraine.is_working_day(dt.date(2026, 1, 7))
    assert not ukraine.is_working_day(dt.date(2026, 1, 10))  # a Saturday


def test_holiday_names_in_the_office_language():
    """The staff pages name holidays in the reader's language when the package has it."""
    assert WorkingCalendar("PL", language="pl").non_working(dt.date(2026, 11, 11)) == (
        "official", "Narodowe Święto Niepodległości")
    assert WorkingCalendar("BG").with_language("uk").official_days(2026)[dt.date(2026, 1, 1)] == "Новий рік"
