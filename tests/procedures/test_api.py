"""The API of proposals, signals and complaints: /api/v1/procedures/ (DOMAIN.md 4)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kancelaria.procedures.models import Procedure
from tests import factories

from .conftest import intake, registration

pytestmark = pytest.mark.django_db

URL = "/api/v1/procedures/"


@pytest.fixture
def api():
    return APIClient()


def test_the_list_filters_by_kind_masks_the_egn_and_keeps_corruption_out(
        api, registrar, mayor, corruption_officer, django_assert_max_num_queries):
    """DOMAIN.md 4 and 11: given a proposal, a signal, a complaint and a corruption
    signal, when the mayor lists them, then he gets the first three with masked EGNs in a
    bounded number of queries, `kind=signal` gives the signal only, and the corruption
    signal is listed only for the holder of its register."""
    proposal = intake(registrar, "proposal")
    signal = intake(registrar, "signal", registration=registration("Дупка"))
    intake(registrar, "complaint", registration=registration("Жалба"))
    corruption = intake(corruption_officer, "corruption_signal", registration=registration("Подкуп"))
    api.force_authenticate(mayor)
    with django_assert_max_num_queries(8):
        body = api.get(URL).json()
    assert body["count"] == 3
    numbers = {row["number"] for row in body["results"]}
    assert proposal.entry.number in numbers and corruption.entry.number not in numbers
    row = next(r for r in body["results"] if r["number"] == proposal.entry.number)
    assert row["correspondent"]["egn"] == "******0018"
    assert row["decision_due"] == "2025-11-03" and row["status"] == "open" and row["decision_overdue"] is True
    body = api.get(URL, {"kind": "signal"}).json()
    assert [r["number"] for r in body["results"]] == [signal.entry.number]
    assert api.get(URL, {"kind": "corruption_signal"}).json()["count"] == 0
    assert api.get(f"{URL}{corruption.pk}/").status_code == 404
    api.force_authenticate(corruption_officer)
    assert api.get(URL, {"kind": "corruption_signal"}).json()["count"] == 1
    assert api.get(URL, {"kind": "nonsense"}).status_code == 400


def test_the_detail_shows_the_clocks_and_complaint_checks(api, registrar, mayor):
    """Given a complaint with its content checked, then its detail shows each item and
    that its decision clock waits for the file."""
    complaint = intake(registrar, "complaint", complaint_checks={"signature": "present"})
    api.force_authenticate(registrar)
    body = api.get(f"{URL}{complaint.pk}/").json()
    assert body["kind"] == "complaint" and body["status"] == "awaiting_file"
    assert body["complaint_checks"]["signature"] == "present"
    assert body["complaint_checks"]["act_contested"] == "missing"
    assert body["decision_due"] is None and body["tracking_code"] == complaint.case.tracking_code


def test_intake_through_the_api(api, registrar, mayor):
    """DOMAIN.md 4: given a signal posted by the registrar, then it is registered (201)
    with its number and clock; an old violation is registered without proceedings."""
    api.force_authenticate(registrar)
    response = api.post(URL, {
        "kind": "signal", "channel": "email", "subject": "Незаконно сметище", "text": "Край реката.",
        "correspondent": {"name": "Петър Петров", "email": "petar@example.bg"},
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("70-00-") and body["channel"] == "email" and body["decision_due"]
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    old = api.post(URL, {
        "kind": "signal", "channel": "desk", "subject": "Стар строеж", "violation_date": "2019-05-01",
        "correspondent": {"name": "Петър Петров", "address": "Момчилград"}, "repeat_of": body["number"],
        "repeat_kind": "new_facts",
    }, format="json").json()
    assert old["no_proceedings_reason"] == "old_violation" and old["repeat_of"]["id"] == body["id"]


def test_intake_errors_are_400_with_field_errors(api, registrar):
    """Bad input gives field errors, never a 500: an unknown kind, an invalid EGN, a
    hotline call without its protocol, an unknown repeat."""
    api.force_authenticate(registrar)
    response = api.post(URL, {"kind": "x", "channel": "desk", "subject": "А"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    response = api.post(URL, {"kind": "signal", "channel": "desk", "subject": "А",
                              "correspondent": {"name": "Иван", "egn": "1234567890"}}, format="json")
    assert response.status_code == 400 and "egn" in response.json()["correspondent"]
    response = api.post(URL, {"kind": "signal", "channel": "hotline", "subject": "А",
                              "correspondent": {"name": "Иван", "address": "Момчилград"}}, format="json")
    assert response.status_code == 400 and "notes" in response.json()
    response = api.post(URL, {"kind": "signal", "channel": "desk", "subject": "А", "repeat_of": "1-1-1",
                              "correspondent": {"name": "Иван", "address": "Момчилград"}}, format="json")
    assert response.status_code == 400 and "repeat_of" in response.json()
    assert Procedure.objects.count() == 0


def test_only_staff_read_and_only_the_desk_registers(api, expert):
    assert api.get(URL).status_code in (401, 403)
    api.force_authenticate(factories.user("citizen"))
    assert api.get(URL).status_code == 403
    api.force_authenticate(expert)
    assert api.get(URL).status_code == 200
    response = api.post(URL, {"kind": "proposal", "channel": "desk", "subject": "А",
                              "correspondent": {"name": "Иван", "address": "Момчилград"}}, format="json")
    assert response.status_code == 403
