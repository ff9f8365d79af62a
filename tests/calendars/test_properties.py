"""Properties of the deadline engine over many generated dates (DOMAIN.md 3, "Deadline
arithmetic"). Dates are drawn from 2000-2100 (starts to 2097), inside the years the official calendar
covers; the office's overrides are drawn too."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kancelaria.calendars import Pause, WorkingCalendar, add_months, due_date, previous_working_day

ONE = dt.timedelta(days=1)
# Starts up to 2097, so that every period drawn (up to 24 months, 60 days of extension and
# 3 pauses of up to 41 days) and the days skipped after it end before 2101.
FIRST, LAST = dt.date(2000, 1, 1), dt.date(2097, 12, 31)
BG = WorkingCalendar("BG")

starts = st.dates(min_value=FIRST, max_value=LAST)
day_counts = st.integers(min_value=0, max_value=400)
month_counts = st.integers(min_value=0, max_value=24)
extensions = st.integers(min_value=0, max_value=60)


@st.composite
def calendars(draw, around=None):
    """The Bulgarian calendar with a few office days off and working days, some of them
    near `around` so that they matter."""
    if not draw(st.booleans()):
        return BG
    base = around or draw(starts)
    near = st.integers(min_value=-5, max_value=420).map(lambda n: base + dt.timedelta(days=n))
    off = draw(st.sets(near, max_size=6))
    working = draw(st.sets(near, max_size=4)) - off
    return WorkingCalendar("BG", days_off={d: "office" for d in off}, working_days={d: "works" for d in working})


@st.composite
def pause_lists(draw, start):
    near = st.integers(min_value=-30, max_value=420).map(lambda n: start + dt.timedelta(days=n))
    pauses = []
    for first in draw(st.lists(near, max_size=3)):
        pauses.append(Pause(first, first + dt.timedelta(days=draw(st.integers(min_value=0, max_value=40)))))
    return pauses


@st.composite
def cases(draw, months=None):
    """Arguments of due_date: a start, days or months, an extension, pauses, a calendar."""
    start = draw(starts)
    in_months = draw(st.booleans()) if months is None else months
    period = {"months": draw(month_counts)} if in_months else {"days": draw(day_counts)}
    return dict(start=start, **period, extend_days=draw(extensions), pauses=draw(pause_lists(start)),
                calendar=draw(calendars(around=start)))


def clock_walk(start: dt.date, length: int, pauses) -> dt.date:
    """An independent reading of the pause rule: walk the days after `start`, counting only
    the days the clock runs, until `length` of them have run."""
    paused = set().union(*(p.days() for p in pauses)) if pauses else set()
    day, run = start, 0
    while run < length:
        day += ONE
        if day not in paused:
            run += 1
    return day


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_due_date_is_a_working_day_never_before_the_raw_end(case):
    """DOMAIN.md 3: the raw end moves forward to the first working day; so the due date is
    a working day of the office's calendar, on or after the raw end, and the raw end is on
    or after the end of the (extended) period."""
    result = due_date(**case)
    assert case["calendar"].is_working_day(result.due)
    assert result.due >= result.raw_end >= result.period_end + dt.timedelta(days=case["extend_days"])
    assert result.period_end > case["start"] or (result.days == 0 or result.months == 0)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_explanation_lists_every_skipped_day_and_each_is_non_working(case):
    """DOMAIN.md 3: a due date explains each non-working day it skipped and why: the
    skipped days are exactly the days from the raw end to the day before the due date,
    each non-working for the reason given, and each appears in the explanation."""
    result = due_date(**case)
    calendar = case["calendar"]
    expected = [result.raw_end + dt.timedelta(days=i) for i in range((result.due - result.raw_end).days)]
    assert [s.day for s in result.skipped] == expected
    lines = result.explain()
    for skipped in result.skipped:
        assert not calendar.is_working_day(skipped.day)
        assert calendar.non_working(skipped.day) == (skipped.kind, skipped.name)
        assert f"skipped {skipped.day.isoformat()}: {skipped.reason}" in lines
    assert lines[-1].startswith(f"due: {result.due.isoformat()}")


@settings(max_examples=200, deadline=None)
@given(cases(months=False))
def test_the_due_date_is_monotonic_in_the_period_in_days(case):
    """DOMAIN.md 3: a longer period never ends earlier (days)."""
    longer = dict(case, days=case["days"] + 1)
    assert due_date(**case).due <= due_date(**longer).due
    assert due_date(**case).raw_end < due_date(**longer).raw_end


@settings(max_examples=200, deadline=None)
@given(cases(months=True))
def test_the_due_date_is_monotonic_in_the_period_in_months(case):
    """DOMAIN.md 3: a longer period never ends earlier (months, including month ends)."""
    longer = dict(case, months=case["months"] + 1)
    assert due_date(**case).due <= due_date(**longer).due
    assert add_months(case["start"], case["months"]) < add_months(case["start"], case["months"] + 1)


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=1, max_value=400), st.data())
def test_a_pause_wholly_inside_the_running_period_moves_the_raw_end_by_its_length(start, days, data):
    """DOMAIN.md 3: a pause from A to B inclusive adds its days when they all fall inside
    the running period (the day after the start to the raw end)."""
    first = start + dt.timedelta(days=data.draw(st.integers(min_value=1, max_value=days)))
    length = data.draw(st.integers(min_value=1, max_value=(start + dt.timedelta(days=days) - first).days + 1))
    pause = Pause(first, first + dt.timedelta(days=length - 1))
    without = due_date(start=start, days=days, calendar=BG)
    with_pause = due_date(start=start, days=days, calendar=BG, pauses=[pause])
    assert with_pause.raw_end == without.raw_end + dt.timedelta(days=length)
    assert with_pause.paused_days == length


@settings(max_examples=300, deadline=None)
@given(cases(months=False))
def test_pauses_follow_the_running_clock(case):
    """DOMAIN.md 3: the clock does not run on paused days; the raw end is the day on which
    the period's N + E running days are used up, walking day by day (overlapping pauses
    count once, pauses before the start or after the end do not count)."""
    result = due_date(**case)
    assert result.raw_end == clock_walk(case["start"], case["days"] + case["extend_days"], case["pauses"])
    # every day the end moved past the extended period is a paused day, counted once
    assert result.paused_days == (result.raw_end - result.period_end).days - case["extend_days"]


@settings(max_examples=300, deadline=None)
@given(cases(months=False))
def test_an_extension_by_e_days_equals_a_period_of_n_plus_e_days(case):
    """DOMAIN.md 3: extension by E days lengthens the period: start + (N + E) days."""
    extended = due_date(**case)
    longer = due_date(**dict(case, days=case["days"] + case["extend_days"], extend_days=0))
    assert (extended.raw_end, extended.due, extended.skipped) == (longer.raw_end, longer.due, longer.skipped)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=FIRST, max_value=LAST), st.integers(min_value=0, max_value=40), st.data())
def test_working_day_helpers_agree_with_is_working_day(day, count, data):
    """The helpers the rest of the system uses (next/previous working day, adding working
    days, counting them) agree with is_working_day, office overrides included."""
    calendar = data.draw(calendars(around=day))
    following = calendar.next_working_day(day)
    assert calendar.is_working_day(following)
    assert all(not calendar.is_working_day(day + dt.timedelta(days=i)) for i in range((following - day).days))

    later = calendar.add_working_days(day, count)
    assert calendar.is_working_day(later)
    if count:
        assert later > day
        assert calendar.working_days_between(day + ONE, later) == count
    else:
        assert later == following

    before = previous_working_day(calendar, day)
    assert before < day and calendar.is_working_day(before)
    assert calendar.working_days_between(before + ONE, day - ONE) == 0
