"""The command line and the API give the same due date, and the same explanation, for the
same question (DOMAIN.md 3, "Deadline arithmetic: exact, so that every part of the system
agrees"), with the office's own days in the database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kancelaria.workcalendar.models import OfficeDay
from kancelaria.workcalendar.services import office_day_save

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendar/due-date/"

OFFICE_DAYS = [
    (dt.date(2026, 11, 23), "day_off", "Празник на общината"),
    (dt.date(2026, 11, 21), "working_day", "Отработване"),
    (dt.date(2026, 12, 23), "day_off", "Коледен ден"),
    (dt.date(2026, 12, 26), "working_day", "Дежурство"),  # a Saturday holiday the office works
    (dt.date(2027, 2, 26), "day_off", "Инвентаризация"),
]


@pytest.fixture
def office_days(admin):
    for date, kind, note in OFFICE_DAYS:
        office_day_save(actor=admin, day=OfficeDay(date=date, kind=kind, note=note))


@pytest.fixture
def api(api_client, registrar):
    return api_client(registrar)


def ask_both(api, *, start, days=None, months=None, extend_days=0, pauses=(), country=None):
    args = ["--start", start.isoformat()]
    query: dict = {"start": start.isoformat(), "extend_days": extend_days,
                   "pause": [f"{a.isoformat()}:{b.isoformat()}" for a, b in pauses]}
    if days is not None:
        args += ["--days", str(days)]
        query["days"] = days
    else:
        args += ["--months", str(months)]
        query["months"] = months
    args += ["--extend-days", str(extend_days), "--explain"]
    for a, b in pauses:
        args += ["--pause", f"{a.isoformat()}:{b.isoformat()}"]
    if country:
        args += ["--country", country]
        query["country"] = country
    out = io.StringIO()
    call_command("calendar", "due", *args, stdout=out)
    response = api.get(URL, query)
    assert response.status_code == 200, response.content
    return out.getvalue().splitlines(), response.json()


D = dt.date
TABLE = [
    # Mon 16 Nov 2026 + 7 = the office's day off Mon 23 Nov -> Tue 24 Nov.
    dict(start=D(2026, 11, 16), days=7),
    # Sat 14 Nov + 7 = the office's working Saturday 21 Nov: it stays.
    dict(start=D(2026, 11, 14), days=7),
    # Mon 21 Dec + 2 = the office's 23 Dec, Christmas Eve, Christmas Day, then the office
    # works on the holiday Sat 26 Dec.
    dict(start=D(2026, 12, 21), days=2),
    # Mon 14 Dec 2026 + 12 = Sat 26 Dec, a holiday the office works: it stays.
    dict(start=D(2026, 12, 14), days=12),
    # 26 Jan 2027 + 1 month = Fri 26 Feb, the office's inventory, then the weekend -> Mon 1 Mar.
    dict(start=D(2027, 1, 26), months=1),
    # 31 Jan 2027 + 1 month = Sun 28 Feb (month end) + 2 days = Tue 2 Mar.
    dict(start=D(2027, 1, 31), months=1, extend_days=2),
    # Wed 1 Apr 2026 + 7 = 8 Apr; paused 6-9 Apr (4 days) -> Easter Sunday 12 Apr -> Tue 14 Apr.
    dict(start=D(2026, 4, 1), days=7, pauses=[(D(2026, 4, 6), D(2026, 4, 9))]),
    # Overlapping pauses (5-12 Nov, 8 days) and one before the start that does not count:
    # 16 Nov + 8 = Tue 24 Nov.
    dict(start=D(2026, 11, 2), days=14, pauses=[(D(2026, 11, 5), D(2026, 11, 9)), (D(2026, 11, 8), D(2026, 11, 12)),
                                                  (D(2026, 10, 1), D(2026, 10, 5))]),
    # The government's days off around New Year 2026: Wed 31 Dec 2025 to Sun 4 Jan -> Mon 5 Jan.
    dict(start=D(2025, 12, 21), days=10),
    # Month ends in a leap year: 31 Jan 2024 + 1 month = Thu 29 Feb.
    dict(start=D(2024, 1, 31), months=1),
    # Another country's calendar with the office's days: Wed 11 Nov is off in Poland -> Thu 12 Nov.
    dict(start=D(2026, 11, 10), days=1, country="PL"),
]
EXPECTED = ["2026-11-24", "2026-11-21", "2026-12-26", "2026-12-26", "2027-03-01", "2027-03-02",
            "2026-04-14", "2026-11-24", "2026-01-05", "2024-02-29", "2026-11-12"]


@pytest.mark.parametrize(("case", "expected"), list(zip(TABLE, EXPECTED, strict=True)),
                         ids=[f"{c['start']}-{c.get('days', c.get('months'))}" for c in TABLE])
def test_the_command_and_the_api_agree_on_a_table(office_days, api, case, expected):
    """Given the office's days in the database, when the same question goes to the command
    and to the API, then the first line is the API's `due` (and the expected date), and the
    explanation lines are the same."""
    lines, body = ask_both(api, **case)
    assert lines[0] == body["due"] == expected
    assert lines[1:] == body["explanation"]


# Up to 2097: the longest question drawn (24 months, 30 days, 3 pauses) ends before 2101.
starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2097, 12, 31))


@st.composite
def questions(draw):
    start = draw(st.one_of(starts, st.dates(min_value=D(2026, 10, 1), max_value=D(2027, 2, 28))))
    period = ({"days": draw(st.integers(0, 200))} if draw(st.booleans())
              else {"months": draw(st.integers(0, 24))})
    pauses = []
    for offset in draw(st.lists(st.integers(-20, 200), max_size=3)):
        first = start + dt.timedelta(days=offset)
        pauses.append((first, first + dt.timedelta(days=draw(st.integers(0, 30)))))
    return dict(start=start, **period, extend_days=draw(st.integers(0, 30)), pauses=pauses,
                country=draw(st.sampled_from([None, None, "BG", "PL"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=questions())
def test_the_command_and_the_api_agree_on_generated_questions(office_days, api, question):
    """The fixtures are set once and only read by every example."""
    lines, body = ask_both(api, **question)
    assert lines[0] == body["due"]
    assert lines[1:] == body["explanation"]
