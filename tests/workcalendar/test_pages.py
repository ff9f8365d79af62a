"""The working calendar page /calendar/: every member of staff sees the year and the due
date calculator; only administrators add or delete the office's days, and each change is
in the audit trail (DOMAIN.md 3, "Deadline arithmetic"; DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from kancelaria.audit.models import AuditEvent
from kancelaria.workcalendar.models import OfficeDay
from kancelaria.workcalendar.services import office_day_save
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/calendar/"
D = dt.date


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_url_is_named():
    """The page is reachable by name, for links from the rest of the system."""
    assert reverse("workcalendar:calendar") == URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    """Given no login, when /calendar/ is asked for, then the login page (DOMAIN.md 11)."""
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_a_staff_role_is_refused_and_recorded(client, org):
    """DOMAIN.md 11: given a user with no staff role, when he opens the calendar, then 403 and
    the refusal is in the audit trail."""
    nobody = factories.user("nobody", unit=org["finance"])
    client.force_login(nobody)
    response = client.get(URL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor=nobody, action="denied", object_type="workcalendar.officeday").exists()


def test_staff_see_the_year_with_official_names_and_no_edit_controls(client, registrar, admin):
    """Given an office day off, when a registrar opens the calendar for 2026, then the month
    lists show the official days by name and the office's day with its reason, and no
    form or button to change them."""
    office_day_save(actor=admin, day=OfficeDay(date=D(2026, 11, 23), kind="day_off", note="Празник на общината"))
    client.force_login(registrar)

    response = client.get(URL, {"year": 2026})

    assert response.status_code == 200
    page = text(response)
    assert "Non-working days in 2026" in page
    assert "10.04.2026 Friday Good Friday" in page
    assert "28.12.2026 Monday Christmas Day (observed)" in page
    assert "02.01.2026 Friday Non-working day" in page
    assert "23.11.2026 Monday Office day off: Празник на общината" in page
    assert "November 2026 20 working days" in page  # 21 weekdays less the office's day
    html = response.content.decode()
    assert 'action="/calendar/days/add/"' not in html
    assert "/delete/" not in html


def test_administrators_see_the_add_form_and_delete_buttons(client, admin):
    """Given an administrator and an office day, when the calendar is opened, then the add form
    and the day's delete button are there."""
    office_day_save(actor=admin, day=OfficeDay(date=D(2026, 11, 23), kind="day_off", note="Празник"))
    client.force_login(admin)
    html = client.get(URL, {"year": 2026}).content.decode()
    assert 'action="/calendar/days/add/"' in html
    assert f'action="/calendar/days/{OfficeDay.objects.get().pk}/delete/"' in html


def test_an_administrator_adds_a_day_off_through_the_form_and_it_is_audited(client, admin):
    """Given an administrator, when he adds Mon 23 Nov 2026 as a day off through the form, then
    it is saved with its reason and author, audited with the page's path, and confirmed."""
    client.force_login(admin)

    response = client.post("/calendar/days/add/", {"date": "2026-11-23", "kind": "day_off",
                                                    "note": "Празник на общината"})

    assert response.status_code == 302 and response["Location"] == "/calendar/?year=2026"
    day = OfficeDay.objects.get()
    assert (day.date, day.kind, day.note, day.created_by) == (D(2026, 11, 23), "day_off", "Празник на общината", admin)
    event = AuditEvent.objects.get(object_type="workcalendar.officeday", action="create")
    assert event.actor == admin and event.path == "/calendar/days/add/"
    assert "23.11.2026 is now an office day off." in text(client.get(response["Location"]))


def test_an_administrator_deletes_an_override_and_it_is_audited(client, admin):
    """Given a working Saturday, when an administrator deletes it, then it is gone and the
    deletion is in the audit trail."""
    day = office_day_save(actor=admin, day=OfficeDay(date=D(2026, 11, 21), kind="working_day", note="Отработване"))
    client.force_login(admin)

    response = client.post(f"/calendar/days/{day.pk}/delete/")

    assert response.status_code == 302
    assert not OfficeDay.objects.exists()
    assert AuditEvent.objects.filter(object_type="workcalendar.officeday", action="delete", actor=admin).exists()


def test_the_add_form_shows_each_mistake_without_saving(client, admin):
    """Given a day off on a Saturday without a reason, or a date that does not exist and an
    unknown kind, when the form is sent, then each mistake is shown and nothing is saved."""
    client.force_login(admin)
    response = client.post("/calendar/days/add/", {"date": "2026-11-21", "kind": "day_off", "note": ""})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "21.11.2026 is already a non-working day (Saturday)." in page
    assert "Say why" in page
    response = client.post("/calendar/days/add/", {"date": "31.02.2026", "kind": "sometimes"})
    page = text(response)
    assert "Enter a real date" in page and "Choose a day off or a working day" in page
    assert not OfficeDay.objects.exists()


@pytest.mark.parametrize("user_fixture", ["registrar", "controller", "expert"])
def test_other_staff_cannot_add_or_delete(client, admin, request, user_fixture):
    """Only administrators edit: a registrar, controller or executor posting the forms is
    refused, the refusal is recorded, and nothing changes."""
    user = request.getfixturevalue(user_fixture)
    day = office_day_save(actor=admin, day=OfficeDay(date=D(2026, 11, 21), kind="working_day", note="Отработване"))
    client.force_login(user)

    added = client.post("/calendar/days/add/", {"date": "2026-11-23", "kind": "day_off", "note": "x"})
    deleted = client.post(f"/calendar/days/{day.pk}/delete/")

    assert added.status_code == deleted.status_code == 403
    assert list(OfficeDay.objects.values_list("date", flat=True)) == [D(2026, 11, 21)]
    assert AuditEvent.objects.filter(actor=user, action="denied").count() == 2


def test_the_calculator_explains_the_due_date_from_its_parts(client, registrar, admin):
    """DOMAIN.md 3: the due date explains itself: start, period, extension, pauses, and
    each skipped day and why; the page renders it from the result's parts (translated)."""
    office_day_save(actor=admin, day=OfficeDay(date=D(2026, 12, 29), kind="day_off", note="Инвентаризация"))
    client.force_login(registrar)

    response = client.get(URL, {"start": "2026-12-10", "length": "12", "unit": "days", "extend_days": "2",
                                "pause_first_1": "2026-12-11", "pause_last_1": "2026-12-12"})

    page = text(response)
    # 10 Dec + 12 + 2 = 24 Dec; paused 11-12 Dec -> Sat 26 Dec; 26 (holiday), 27 (Sunday),
    # 28 (observed), 29 (office) skipped -> Wed 30 Dec.
    assert "Due date: 30.12.2026 , Wednesday" in page
    assert "12 days, counted from the day after the start ends 22.12.2026" in page
    assert "Extension 2 days" in page
    assert "from 11.12.2026 to 12.12.2026 2 paused days inside the running period" in page
    assert "Last day of the period 26.12.2026, Saturday" in page
    assert "26.12.2026 , Saturday: official non-working day (Christmas Day)" in page
    assert "27.12.2026 , Sunday: weekend" in page
    assert "29.12.2026 , Tuesday: office day off (Инвентаризация)" in page


def test_the_calculator_in_bulgarian_names_the_holidays_in_bulgarian(client, registrar):
    """Holiday names follow the reader's language (the package has them in Bulgarian)."""
    client.force_login(registrar)
    response = client.get(URL, {"start": "2026-04-03", "length": "7", "unit": "days"},
                          headers={"accept-language": "bg"})
    html = response.content.decode()
    assert 'datetime="2026-04-14"' in html
    assert "Велики петък" in html and "Good Friday" not in html


def test_the_calculator_shows_errors_for_bad_input_never_a_500(client, registrar):
    """Given each kind of bad input to the calculator, when the page is asked for, then 200 with
    the error summary and the field's message, and no due date."""
    client.force_login(registrar)
    cases = [
        ({"start": "", "length": "7", "unit": "days"}, "Enter the date."),
        ({"start": "2026-02-30", "length": "7", "unit": "days"}, "Enter a real date"),
        ({"start": "2026-11-02", "length": "-3", "unit": "days"}, "Enter a period of 0 or more."),
        ({"start": "2026-11-02", "length": "500", "unit": "months"}, "Enter a number of months from 0 to 120."),
        ({"start": "2026-11-02", "length": "x", "unit": "weeks"}, "Choose days or months."),
        ({"start": "2100-12-02", "length": "2", "unit": "months"}, "falls after 2100"),
        ({"start": "2026-11-02", "length": "7", "unit": "days", "pause_first_1": "2026-11-05"},
         "Enter the last day of the pause."),
        ({"start": "2026-11-02", "length": "7", "unit": "days", "pause_first_2": "2026-11-05",
          "pause_last_2": "2026-11-01"}, "The pause cannot end before it begins."),
    ]
    for query, message in cases:
        response = client.get(URL, query)
        assert response.status_code == 200, query
        page = text(response)
        assert "There is a problem" in page and message in page, (query, page[:400])
        assert "Due date:" not in page


def test_a_bad_year_falls_back_to_the_current_one(client, registrar):
    """Given a malformed year or one the official calendar does not cover, then the page shows
    this year instead of failing."""
    client.force_login(registrar)
    for year in ("abc", "1800", "99999"):
        response = client.get(URL, {"year": year})
        assert response.status_code == 200
        assert f"Non-working days in {dt.date.today().year}" in text(response)


def test_the_page_runs_a_fixed_number_of_queries(client, admin, django_assert_max_num_queries):
    """The year's list and the calculator read the overrides once for the calendar and once
    for the year's rows, whatever their number: the page with many overrides makes no more
    queries than with one (a query count on every list page). The layout's own queries
    (session, user, roles, navigation) come on top."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office_day_save(actor=admin, day=OfficeDay(date=D(2026, 10, 1), kind="day_off", note="Ден 1"))
    client.force_login(admin)
    query = {"year": 2026, "start": "2026-10-01", "length": "3", "unit": "months"}
    with CaptureQueriesContext(connection) as one:
        client.get(URL, query)
    calendar_queries = [q["sql"] for q in one.captured_queries if "workcalendar_officeday" in q["sql"]]
    assert len(calendar_queries) == 2, calendar_queries
    assert len(one.captured_queries) <= 8

    for day in range(2, 28):
        date = D(2026, 10, day)
        if date.weekday() < 5:
            office_day_save(actor=admin, day=OfficeDay(date=date, kind="day_off", note=f"Ден {day}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL, query)
    assert response.status_code == 200
    assert text(response).count("Office day off:") == OfficeDay.objects.count() == 19
