"""The API of administrative-penal proceedings: /api/v1/penal/ (DOMAIN.md 9)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kancelaria.audit.models import AuditEvent
from kancelaria.penal.models import PenalCase

from .conftest import OFFENDER_EGN, open_case

pytestmark = pytest.mark.django_db

URL = "/api/v1/penal/"

STATEMENT = {
    "author_name": "Николай Иванов Ненов", "author_position": "главен специалист", "drawn_up_on": "2025-03-10",
    "violation_date": "2025-03-05", "violation_place": "гр. Момчилград", "description": "Строителни отпадъци.",
    "provisions": [{"act": "Наредба за управление на отпадъците", "article": "12", "paragraph": "1"}],
    "offender_kind": "person", "offender_name": "Мехмед Али Юсеин", "offender_egn": OFFENDER_EGN,
    "offender_address": "гр. Момчилград", "witness_basis": "present",
    "witnesses": [{"name": "Петър Петров", "address": "Момчилград"}],
}


@pytest.fixture
def api():
    return APIClient()


def test_the_list_masks_the_egn_filters_and_costs_a_bounded_number_of_queries(
        api, inspector, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9 and 11: the register through the API, EGN masked without
    `view_offender_data`, filters validated."""
    for _ in range(3):
        open_case(inspector)
    api.force_authenticate(inspector)
    with django_assert_max_num_queries(8):
        body = api.get(f"{URL}cases/").json()
    assert body["count"] == 3
    row = body["results"][0]
    assert row["label"] == "АНП 3/2025" and row["offender_identifier"] == "******0018"
    assert row["stage"] == "registered" and row["decree_limit"] == "2025-09-10"
    assert api.get(f"{URL}cases/", {"q": "АНП 2/2025"}).json()["count"] == 1
    assert api.get(f"{URL}cases/", {"stage": "nonsense"}).status_code == 400
    api.force_authenticate(mayor)
    assert api.get(f"{URL}cases/").json()["results"][0]["offender_identifier"] == OFFENDER_EGN


def test_registering_a_statement_and_its_field_errors(api, inspector):
    """DOMAIN.md 9: a statement posted is registered (201, the case number and clocks);
    one missing what art. 42 requires answers 400 with the fields named, taking no number."""
    api.force_authenticate(inspector)
    response = api.post(f"{URL}cases/", {**STATEMENT, "witnesses": [], "offender_egn": "123"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "witnesses" in body and "offender_egn" in body and body["code"] == "invalid"
    response = api.post(f"{URL}cases/", STATEMENT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.localdate().year
    assert body["label"] == f"АНП 1/{year}" and body["statement_number"].startswith("АУАН-1/")
    assert response["Location"].endswith(f"{URL}cases/{body['id']}/")
    lawyer_clock = next(c for c in body["clocks"] if c["key"] == "lawyer")
    assert lawyer_clock["explanation"]["days"] == 3
    assert api.post(f"{URL}cases/", {**STATEMENT, "drawn_up_on": "not a date"}, format="json").status_code == 400


def test_the_steps_through_the_api(api, inspector, lawyer, mayor):
    """DOMAIN.md 9: delivery, lawyer, opinion, decision and issue through POST actions;
    a step by the wrong person is 403, an impossible one 400, an unknown one 404."""
    penal = open_case(inspector)
    url = f"{URL}cases/{penal.pk}/"
    api.force_authenticate(inspector)
    body = api.post(url + "delivery/", {"on": "2025-03-10", "how": "signed"}, format="json").json()
    assert body["delivered_on"] == "2025-03-10"
    objection = next(c for c in body["clocks"] if c["key"] == "objection")
    assert objection["due"] == "2025-03-17" and objection["explanation"]["start"] == "2025-03-10"
    assert api.post(url + "delivery/", {"on": "2025-03-10", "how": "signed"}, format="json").status_code == 400
    assert api.post(url + "lawyer/", {"lawyer": lawyer.pk, "on": "2025-03-11"}, format="json").status_code == 200
    assert api.post(url + "opinion/", {"legal_basis": "x", "sanctions": "глоба", "minor": False,
                                       "proposal": "глоба"}, format="json").status_code == 403
    api.force_authenticate(lawyer)
    assert api.post(url + "opinion/", {"legal_basis": "чл. 48", "sanctions": "глоба", "minor": False,
                                       "proposal": "глоба 200", "on": "2025-03-12"}, format="json").status_code == 200
    api.force_authenticate(mayor)
    response = api.post(url + "decision/", {"kind": "decree", "on": "2025-03-20", "sanction_type": "fine"},
                        format="json")
    assert response.status_code == 400 and "amount" in response.json()
    assert api.post(url + "decision/", {"kind": "decree", "on": "2025-03-20", "sanction_type": "fine",
                                        "amount": "200.00"}, format="json").status_code == 200
    body = api.post(url + "issue/", {"on": "2025-03-21"}, format="json").json()
    assert body["decree_number"] == "НП-1/2025" and body["stage"] == "decree_issued" and len(body["documents"]) == 2
    assert api.post(url + "nonsense/", {}, format="json").status_code == 404
    assert api.post(f"{URL}cases/99999/delivery/", {"on": "2025-03-10", "how": "signed"},
                    format="json").status_code == 404


def test_others_get_403_audited(api, expert, inspector):
    """DOMAIN.md 9 and 11: without the register permission, 403 on every endpoint, audited."""
    penal = open_case(inspector)
    api.force_authenticate(expert)
    for url in (f"{URL}cases/", f"{URL}cases/{penal.pk}/", f"{URL}findings/", f"{URL}tickets/"):
        assert api.get(url).status_code == 403
    assert api.post(f"{URL}cases/", STATEMENT, format="json").status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor=expert, object_type="penal.penalcase").count() == 5
    assert PenalCase.objects.count() == 1
    api.force_authenticate(None)
    assert api.get(f"{URL}cases/").status_code in (401, 403)


def test_findings_and_tickets_through_the_api(api, inspector, django_assert_max_num_queries):
    """DOMAIN.md 9: findings with their statement-by date; tickets with the default fine."""
    api.force_authenticate(inspector)
    response = api.post(f"{URL}findings/", {"found_on": "2025-02-03", "author_name": "Н. Ненов",
                                            "violation_date": "2025-02-01", "violation_place": "Момчилград",
                                            "description": "Сметище.", "offender_known": True,
                                            "offender_name": "Али Реджеб", "discovered_on": "2025-02-10"},
                        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["statement_by"] == "2025-05-12" and response.json()["explanation"]["months"] == 3
    assert api.post(f"{URL}findings/", {"found_on": "2025-02-03", "violation_date": "2025-02-01"},
                    format="json").status_code == 400
    response = api.post(f"{URL}tickets/", {"issued_on": "2025-03-10", "issued_by": "Н. Ненов",
                                           "offender_name": "Ердинч Мустафа", "offender_address": "Момчилград",
                                           "violation": "Паркиране.", "violation_place": "ул. „Родопи“",
                                           "provision": "чл. 21", "outcome": "agreed"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "10.00"
    assert response.json()["final_on"] == "2025-03-10"
    with django_assert_max_num_queries(8):
        assert api.get(f"{URL}findings/").json()["count"] == 1
    with django_assert_max_num_queries(8):
        assert api.get(f"{URL}tickets/").json()["count"] == 1
    assert api.get(f"{URL}tickets/{response.json()['id']}/").status_code == 200
    assert api.get(f"{URL}findings/99999/").status_code == 404
