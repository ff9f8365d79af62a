"""GET /api/v1/calendar/due-date/: the due date on the office's calendar (DOMAIN.md 3,
"Deadline arithmetic"), for authenticated staff, with field errors for bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from kancelaria.workcalendar.models import OfficeDay
from kancelaria.workcalendar.services import office_day_save

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendar/due-date/"


def test_the_due_date_with_its_explanation(api_client, registrar):
    """Given Christmas 2026, when a 12-day period starts on Mon 14 Dec, then the due date is
    Tue 29 Dec and the answer lists the skipped days with kind and name."""
    response = api_client(registrar).get(URL, {"start": "2026-12-14", "days": 12})

    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-12-29" and body["raw_end"] == "2026-12-26"
    assert body["period_end"] == "2026-12-26" and body["country"] == "BG"
    assert body["days"] == 12 and body["months"] is None and body["extend_days"] == 0
    assert [(s["date"], s["kind"], s["name"]) for s in body["skipped"]] == [
        ("2026-12-26", "official", "Christmas Day"), ("2026-12-27", "weekend", "Sunday"),
        ("2026-12-28", "official", "Christmas Day (observed)")]
    assert body["explanation"][0] == "start: 2026-12-14"
    assert body["explanation"][-1] == "due: 2026-12-29 (Tuesday)"


def test_months_extension_pauses_and_the_office_days(api_client, registrar, admin):
    """31 Jan 2026 + 1 month = Sat 28 Feb; + 3 days = Tue 3 Mar (Liberation Day); paused
    1-2 Feb (2 days) -> Thu 5 Mar, an office day off -> Fri 6 Mar."""
    office_day_save(actor=admin, day=OfficeDay(date=dt.date(2026, 3, 5), kind="day_off", note="Дезинфекция"))

    response = api_client(registrar).get(URL, {"start": "2026-01-31", "months": 1, "extend_days": 3,
                                               "pause": ["2026-02-01:2026-02-02"]})

    body = response.json()
    assert response.status_code == 200, body
    assert (body["period_end"], body["raw_end"], body["due"]) == ("2026-02-28", "2026-03-05", "2026-03-06")
    assert body["pauses"] == [{"from": "2026-02-01", "to": "2026-02-02"}] and body["paused_days"] == 2
    assert body["skipped"] == [{"date": "2026-03-05", "kind": "office", "name": "Дезинфекция",
                                "reason": "office day off: Дезинфекция"}]


def test_repeated_pauses_and_another_country(api_client, registrar):
    """Tue 10 Nov 2026 + 1 day = Wed 11 Nov, Poland's Independence Day -> Thu 12 Nov; two
    one-day pauses (one given as a single date) inside the period push it two days."""
    response = api_client(registrar).get(URL, {"start": "2026-11-10", "days": 1, "country": "pl"})
    assert response.json()["due"] == "2026-11-12" and response.json()["country"] == "PL"

    response = api_client(registrar).get(f"{URL}?start=2026-11-02&days=10&pause=2026-11-03&pause=2026-11-04:2026-11-04")
    assert response.json()["paused_days"] == 2 and response.json()["raw_end"] == "2026-11-14"
    assert response.json()["due"] == "2026-11-16"


@pytest.mark.parametrize(("query", "field"), [
    ({"days": 7}, "start"),
    ({"start": "2026-02-30", "days": 7}, "start"),
    ({"start": "21.11.2026", "days": 7}, "start"),
    ({"start": "2026-11-21"}, "days"),
    ({"start": "2026-11-21", "days": 7, "months": 1}, "months"),
    ({"start": "2026-11-21", "days": -1}, "days"),
    ({"start": "2026-11-21", "days": "seven"}, "days"),
    ({"start": "2026-11-21", "days": 99999}, "days"),
    ({"start": "2026-11-21", "months": 121}, "months"),
    ({"start": "2026-11-21", "days": 7, "extend_days": -2}, "extend_days"),
    ({"start": "2026-11-21", "days": 7, "pause": "2026-11-25:2026-11-22"}, "pause"),
    ({"start": "2026-11-21", "days": 7, "pause": "soon"}, "pause"),
    ({"start": "2026-11-21", "days": 7, "pause": "1850-01-01:1850-01-02"}, "pause"),
    ({"start": "2026-11-21", "days": 7, "country": "XX"}, "country"),
    ({"start": "1900-11-21", "days": 7}, "start"),
    ({"start": "2100-12-21", "days": 30}, "start"),
])
def test_bad_input_is_a_400_naming_the_field(api_client, registrar, query, field):
    """Given a malformed, missing, conflicting or out-of-range parameter, when the due date is
    asked for, then 400 with a message under that parameter's name (never a 500)."""
    response = api_client(registrar).get(URL, query)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(isinstance(m, str) and m for m in response.json()[field])


def test_only_authenticated_users_ask(client, org):
    """Given no credentials, when the due date is asked for, then it is refused (DOMAIN.md 11)."""
    response = APIClient().get(URL, {"start": "2026-11-21", "days": 7})
    assert response.status_code in (401, 403)


def test_the_endpoint_is_in_the_schema_with_its_parameters():
    """When the OpenAPI schema is read, then the endpoint is there with its six parameters, its
    response component and its 400."""
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"start", "days", "months", "extend_days", "pause",
                                                            "country"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/DueDateOutput")
    assert "400" in operation["responses"]


def test_one_answer_costs_a_fixed_number_of_queries(api_client, registrar, admin, django_assert_max_num_queries):
    """The token, then the overrides once, however many there are and however many days
    the answer skips."""
    for day in (3, 4, 5, 6, 9, 10):
        office_day_save(actor=admin, day=OfficeDay(date=dt.date(2026, 11, day), kind="day_off", note="x"))
    api = api_client(registrar)
    with django_assert_max_num_queries(2):
        response = api.get(URL, {"start": "2026-11-01", "days": 2})
    assert response.json()["due"] == "2026-11-11"
