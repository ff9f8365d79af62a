"""The office's own days off and working days (DOMAIN.md 3, "Deadline arithmetic":
a working day is the country's, plus the office's overrides), saved through the services
with the audit trail (DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from kancelaria.audit.models import AuditEvent
from kancelaria.calendars import WorkingCalendar, due_date
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.workcalendar.models import OfficeDay
from kancelaria.workcalendar.selectors import office_calendar, office_due_date
from kancelaria.workcalendar.services import office_day_delete, office_day_save

pytestmark = pytest.mark.django_db
D = dt.date


def add(actor, date, kind, note="Бележка") -> OfficeDay:
    return office_day_save(actor=actor, day=OfficeDay(date=date, kind=kind, note=note))


def test_a_working_saturday_keeps_a_deadline_that_ends_on_it(admin):
    """Given Sat 21 Nov 2026 declared working by the office, when a 7-day period starts on
    Sat 14 Nov, then it ends on Saturday 21 Nov itself, not Monday 23 Nov."""
    assert due_date(start=D(2026, 11, 14), days=7, calendar=office_calendar()).due == D(2026, 11, 23)

    add(admin, D(2026, 11, 21), OfficeDay.Kind.WORKING_DAY, "Отработване на 2 януари")

    calendar = office_calendar()
    assert calendar.is_working_day(D(2026, 11, 21))
    assert due_date(start=D(2026, 11, 14), days=7, calendar=calendar).due == D(2026, 11, 21)


def test_an_office_day_off_moves_a_deadline_past_it_and_explains_why(admin):
    """Given Mon 23 Nov 2026 an office day off, when a 7-day period starts on Mon 16 Nov,
    then it ends on Tue 24 Nov, and the explanation names the office's reason."""
    add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF, "Празник на общината")

    result = office_due_date(start=D(2026, 11, 16), days=7)

    assert result.due == D(2026, 11, 24)
    assert [(s.day, s.kind, s.name) for s in result.skipped] == [(D(2026, 11, 23), "office", "Празник на общината")]
    assert "skipped 2026-11-23: office day off: Празник на общината" in result.explain()


def test_deleting_an_override_gives_the_official_calendar_back_at_once(admin):
    """office_calendar() reads the overrides on every call: a deletion is seen at once."""
    day = add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF)
    assert not office_calendar().is_working_day(D(2026, 11, 23))

    office_day_delete(actor=admin, day=day)

    assert office_calendar().is_working_day(D(2026, 11, 23))
    assert not OfficeDay.objects.exists()


def test_office_calendar_is_one_query_and_uses_the_office_country(admin, settings, django_assert_num_queries):
    """Given overrides and OFFICE_COUNTRY = PL, when office_calendar() is built, then it takes
    one query, uses the Polish calendar with the overrides, and another country on request
    keeps the same overrides."""
    add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF)
    add(admin, D(2026, 11, 21), OfficeDay.Kind.WORKING_DAY)
    settings.OFFICE_COUNTRY = "PL"
    with django_assert_num_queries(1):
        calendar = office_calendar()
    assert calendar.country == "PL"
    assert calendar.days_off == {D(2026, 11, 23): "Бележка"}
    assert calendar.working_days == {D(2026, 11, 21): "Бележка"}
    assert not calendar.is_working_day(D(2026, 11, 11))  # Polish Independence Day
    # another country on request, with the same overrides
    assert office_calendar(country="BG").is_working_day(D(2026, 11, 11))
    assert not office_calendar(country="BG").is_working_day(D(2026, 11, 23))


def test_saving_and_deleting_are_in_the_audit_trail(admin):
    """DOMAIN.md 11: every write is recorded: who, what, the values."""
    day = add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF, "Празник  на   общината")
    day.note = "Ден на общината"
    office_day_save(actor=admin, day=day)
    office_day_delete(actor=admin, day=day)

    events = list(AuditEvent.objects.filter(object_type="workcalendar.officeday").order_by("id"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert all(e.actor == admin for e in events)
    assert events[0].changes == {"date": [None, "2026-11-23"], "kind": [None, "day_off"],
                                 "note": [None, "Празник на общината"]}  # spaces tidied
    assert events[1].changes == {"note": ["Празник на общината", "Ден на общината"]}
    assert events[2].changes["date"] == ["2026-11-23", None]
    assert OfficeDay.objects.count() == 0


@pytest.mark.parametrize(("date", "kind", "field", "text"), [
    # Sat 21 Nov is not a working day already; a day off there changes nothing.
    (D(2026, 11, 21), "day_off", "date", "already a non-working day (Saturday)"),
    # 24 Dec is Christmas Eve.
    (D(2026, 12, 24), "day_off", "date", "already a non-working day (Christmas Eve)"),
    # Mon 23 Nov is a working day already.
    (D(2026, 11, 23), "working_day", "date", "already a working day"),
    # Past the years the official calendar covers.
    (D(2101, 1, 3), "day_off", "date", "from 1991 to 2100"),
    (D(2026, 11, 23), "holiday", "kind", "Choose a day off or a working day"),
])
def test_an_override_must_change_the_official_calendar(admin, date, kind, field, text):
    """DOMAIN.md 3: an office day off replaces a working day, a declared working day replaces
    a non-working one; given one that changes nothing (or lies outside the calendar), then
    a field error, nothing saved and nothing audited."""
    with pytest.raises(ValidationFailed) as caught:
        add(admin, date, kind)
    assert text in " ".join(str(m) for m in caught.value.fields[field])
    assert not OfficeDay.objects.exists()
    assert not AuditEvent.objects.filter(object_type="workcalendar.officeday").exists()


def test_a_reason_is_required_and_a_date_has_one_override(admin):
    """Given no reason, or a date that already has an override, then a field error each time
    and only the first day is kept."""
    with pytest.raises(ValidationFailed) as caught:
        add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF, note="   ")
    assert "note" in caught.value.fields
    add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF)
    with pytest.raises(ValidationFailed) as caught:
        add(admin, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF, note="again")
    assert "delete it first" in str(caught.value.fields["date"][0])
    assert OfficeDay.objects.count() == 1


def test_only_administrators_change_the_calendar(registrar, controller):
    """DOMAIN.md 3 and 11: the office's calendar moves every deadline; only administrators
    change it."""
    for actor in (registrar, controller):
        with pytest.raises(PermissionRefused):
            add(actor, D(2026, 11, 23), OfficeDay.Kind.DAY_OFF)
    assert not OfficeDay.objects.exists()


def test_office_due_date_checks_its_input():
    """Bad questions get translated field errors, never an exception from the engine."""
    cases = [
        (dict(start=D(2026, 11, 2)), "days"),
        (dict(start=D(2026, 11, 2), days=3, months=1), "months"),
        (dict(start=D(2026, 11, 2), days=-1), "days"),
        (dict(start=D(2026, 11, 2), months=121), "months"),
        (dict(start=D(2026, 11, 2), days=3, extend_days=-1), "extend_days"),
        (dict(start=D(1900, 11, 2), days=3), "start"),
        (dict(start=D(2100, 12, 2), days=60), "start"),
        (dict(start=D(2026, 11, 2), days=3, country="XX"), "country"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            office_due_date(**arguments)
        assert field in caught.value.fields, arguments


def test_the_engine_and_the_selector_agree_without_overrides():
    """Given no overrides, when the selector and the engine compute the same periods, then they
    agree (the selector adds checks, not arithmetic)."""
    calendar = WorkingCalendar("BG")
    for start in (D(2025, 4, 14), D(2026, 12, 14), D(2025, 12, 21)):
        assert office_due_date(start=start, days=10).due == due_date(start=start, days=10, calendar=calendar).due
