"""The staff API of access to public information: /api/v1/information/requests/ and
/api/v1/information/tariff/ (DOMAIN.md 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kancelaria.audit.models import AuditEvent
from kancelaria.publicinfo import services
from kancelaria.publicinfo.models import InfoRequest, Outcome, Status
from tests import factories

from .conftest import intake, registration, requester

pytestmark = pytest.mark.django_db

URL = "/api/v1/information/requests/"


def recent(days_ago: int = 1) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def api():
    return APIClient()


def test_the_register_lists_filters_and_masks_the_egn_in_a_bounded_number_of_queries(
        api, handler, secretary, django_assert_max_num_queries):
    """DOMAIN.md 5 and 11: the register endpoint lists the requests with their clocks in a
    fixed number of queries, filters them, and masks the EGN except for the desk."""
    late = intake(handler)  # registered on 2 March 2026: long overdue
    for _n in range(6):
        intake(handler, now=recent(1))
    reuse = intake(handler, kind="reuse", now=recent(2), requester_type="company",
                   registration=registration(correspondent=requester(name="Дата Консулт ООД", egn="",
                                                                     kind="organisation")))
    api.force_authenticate(secretary)
    with django_assert_max_num_queries(8):
        body = api.get(URL).json()
    assert body["count"] == 8
    row = next(r for r in body["results"] if r["id"] == late.pk)
    assert row["number"] == late.entry.number and row["requester"]["egn"] == "******0018"
    assert row["decision_due"] == "2026-03-16" and row["days_late"] > 0 and row["days_left"] is None
    assert row["status"] == "open" and row["channel"] == "desk" and row["requester_type"] == "citizen"
    fresh = next(r for r in body["results"] if r["id"] != late.pk and r["kind"] == "access")
    assert fresh["days_left"] is not None and fresh["days_late"] == 0
    assert [r["id"] for r in api.get(URL, {"kind": "reuse"}).json()["results"]] == [reuse.pk]
    assert [r["id"] for r in api.get(URL, {"overdue": "true"}).json()["results"]] == [late.pk]
    assert api.get(URL, {"q": "Дата Консулт"}).json()["count"] == 1
    api.force_authenticate(handler)  # a registrar sees the EGN in full
    row = next(r for r in api.get(URL).json()["results"] if r["id"] == late.pk)
    assert row["requester"]["egn"] == factories.VALID_EGN


def test_list_filter_errors_are_400(api, secretary):
    api.force_authenticate(secretary)
    response = api.get(URL, {"kind": "nonsense", "year": "abc"})
    assert response.status_code == 400 and "kind" in response.json() and "year" in response.json()


def test_rule_anyone_may_ask_intake_through_the_api(api, handler):
    """DOMAIN.md 5 (anyone may ask; intake channels): a foreigner's request by e-mail is
    registered (201) under ЗДОИ with its clock and the Location of the new request."""
    api.force_authenticate(handler)
    response = api.post(URL, {
        "channel": "email", "requester_type": "foreigner", "description": "Списък на разрешенията за строеж.",
        "requester": {"name": "John Smith", "email": "john@example.com"}, "preferred_forms": ["electronic"],
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("ЗДОИ-") and body["channel"] == "email" and body["decision_due"]
    assert body["requester_type"] == "foreigner" and body["preferred_forms"] == ["electronic"]
    assert body["documents"][0]["doc_type"] == "info_request"
    assert response["Location"].endswith(f"{URL}{body['id']}/")


def test_intake_errors_are_400_with_field_errors(api, handler):
    """Bad input gives field errors, never a 500: unknown channel and type, a wrong EGN
    (nested under `requester`), an oral request without its signed protocol."""
    api.force_authenticate(handler)
    response = api.post(URL, {"channel": "pigeon", "requester_type": "alien"}, format="json")
    assert response.status_code == 400 and {"channel", "requester_type"} <= set(response.json())
    response = api.post(URL, {"channel": "desk", "requester_type": "citizen", "description": "Справка.",
                              "requester": {"name": "Иван", "address": "Момчилград", "egn": "1234567890"}},
                        format="json")
    assert response.status_code == 400 and "egn" in response.json()["requester"]
    response = api.post(URL, {"channel": "oral", "requester_type": "citizen", "description": "Справка.",
                              "requester": {"name": "Иван", "address": "Момчилград"}}, format="json")
    assert response.status_code == 400 and {"notes", "protocol_signed"} <= set(response.json())
    assert not InfoRequest.objects.exists()


def test_rule_need_to_know_403_for_others_and_404_for_unknown(api, handler, registrar, expert):
    """DOMAIN.md 5 and 11: only handlers read the register; only the desk registers; an
    unknown request is 404; the detail read is audited."""
    r = intake(handler, now=recent(1))
    assert api.get(URL).status_code in (401, 403)
    for user in (expert, factories.user("citizen")):
        api.force_authenticate(user)
        assert api.get(URL).status_code == 403
        assert api.get(f"{URL}{r.pk}/").status_code == 403
        assert api.post(f"{URL}{r.pk}/clarify/", {"question": "?"}, format="json").status_code == 403
        assert api.get("/api/v1/information/tariff/").status_code == 403
    api.force_authenticate(expert)
    assert api.post(URL, {"channel": "desk", "requester_type": "citizen"}, format="json").status_code == 403
    api.force_authenticate(registrar)  # registers, but does not handle
    assert api.get(URL).status_code == 403
    api.force_authenticate(handler)
    assert api.get(f"{URL}999999/").status_code == 404
    assert api.post(f"{URL}999999/clarify/", {"question": "?"}, format="json").status_code == 404
    before = AuditEvent.objects.filter(action="read", object_id=str(r.pk)).count()
    assert api.get(f"{URL}{r.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="read", object_id=str(r.pk)).count() == before + 1


def test_the_steps_through_the_api_from_clarification_to_access(api, handler, secretary):
    """DOMAIN.md 5 through the API: a clarification stops the clock and restarts it; a
    third party is recorded with its 5/7-day dates; the secretary grants in part with
    costs from the tariff; delivery, payment and the handover protocol close it."""
    r = intake(handler, now=recent(1))
    base = f"{URL}{r.pk}/"
    api.force_authenticate(handler)
    body = api.post(f"{base}clarify/", {"question": "Кой договор?"}, format="json").json()
    assert body["status"] == "clarification" and body["decision_due"] is None
    body = api.post(f"{base}clarification/", {"answer": "Договорът за снегопочистване."}, format="json").json()
    assert body["status"] == "open" and body["counted_from"] == timezone.localdate().isoformat()
    body = api.post(f"{base}third-parties/", {"name": "Пътстрой ЕООД"}, format="json").json()
    tp = body["third_parties"][0]
    assert tp["unit_told_due"] and tp["consent_asked_due"] and tp["answer"] == "pending"
    today = timezone.localdate().isoformat()
    response = api.post(f"{base}third-parties/{tp['id']}/", {"consent_asked_on": today, "answer": "refused",
                                                              "answered_on": today}, format="json")
    assert response.status_code == 200 and response.json()["third_parties"][0]["answer"] == "refused"
    assert api.post(f"{base}third-parties/999999/", {"note": "x"}, format="json").status_code == 404
    assert api.post(f"{base}grant/", {}, format="json").status_code == 400
    grant = {"partial": True, "extent": "Договорът без търговските условия.",
             "access_until": (timezone.localdate() + dt.timedelta(days=14)).isoformat(), "place": "ЦАО, гише 3",
             "officer": handler.pk, "forms": ["paper"], "cost_lines": [{"item": "copy-a4", "quantity": 12}],
             "refusal_grounds": ["third_party"], "factual_grounds": "Третото лице не даде съгласие."}
    assert api.post(f"{base}grant/", grant, format="json").status_code == 403  # the handler does not decide
    api.force_authenticate(secretary)
    response = api.post(f"{base}grant/", {**grant, "cost_lines": [{"item": "nope", "quantity": 0}]}, format="json")
    assert response.status_code == 400 and "cost_lines" in response.json()
    response = api.post(f"{base}grant/", {**grant, "partial": False, "refusal_grounds": []}, format="json")
    assert response.status_code == 400 and "partial" in response.json()
    body = api.post(f"{base}grant/", grant, format="json").json()
    assert body["outcome"] == Outcome.PARTIAL and body["costs"] == "0.60" and body["cost_lines"][0]["item"] == "copy-a4"
    assert body["decision_entry"]["number"].startswith(r.case.number)
    api.force_authenticate(handler)
    response = api.post(f"{base}access/", {"on": today}, format="json")
    assert response.status_code == 400 and "request" in response.json()  # costs not paid
    assert api.post(f"{base}deliver/", {"method": "in_person"}, format="json").json()["status"] == "delivered"
    assert api.post(f"{base}payment/", {"on": today, "document": "Квитанция 7"}, format="json").status_code == 200
    body = api.post(f"{base}access/", {"on": today}, format="json").json()
    assert body["status"] == Status.ACCESS_GIVEN and body["protocol_entry"]["number"]
    response = api.post(f"{base}clarify/", {"question": "?"}, format="json")
    assert response.status_code == 400 and "request" in response.json()


def test_refuse_and_not_held_through_the_api(api, handler, secretary):
    first, second = intake(handler, now=recent(1)), intake(handler, now=recent(1))
    api.force_authenticate(secretary)
    response = api.post(f"{URL}{first.pk}/refuse/", {"grounds": ["reuse_ip"], "factual_grounds": "x"},
                        format="json")
    assert response.status_code == 400 and "grounds" in response.json()
    body = api.post(f"{URL}{first.pk}/refuse/", {"grounds": ["classified"],
                                                 "factual_grounds": "Класифицирана информация."},
                    format="json").json()
    assert body["status"] == "refused" and body["appeal_route"] == services.default_appeal_route()
    body = api.post(f"{URL}{second.pk}/not-held/", {"note": "Не е създавана."}, format="json").json()
    assert body["status"] == "not_held"


def test_the_tariff(api, handler):
    api.force_authenticate(handler)
    items = {i["code"]: i for i in api.get("/api/v1/information/tariff/").json()}
    assert Decimal(items["copy-a4"]["price"]) == Decimal("0.05") and items["dvd"]["currency"] == "EUR"
