"""The staff API of service requests (DOMAIN.md 2 and 3)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kancelaria.applications.models import ServiceRequest

from .factories import service, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def body(svc, **overrides):
    data = {"service": svc.code, "tier": "regular", "receive_channel": "desk", "channel": "desk",
            "applicant": {"name": "Иван Иванов", "email": "ivan@example.org"},
            "brought_documents": [svc.documents.filter(source="applicant").first().pk]}
    data.update(overrides)
    return data


def test_intake_registers_with_missing_documents(api, org, index, registrar):
    """DOMAIN.md 2: given one document of two brought, when posted, then 201 with the
    missing one recorded, the fee and the deadline."""
    svc = service(org=org, index=index)
    api.force_authenticate(registrar)
    response = api.post("/api/v1/requests/", body(svc), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "awaiting_payment" and data["fee_amount"] == "10.00"
    assert [m["name"] for m in data["missing_documents"]] == ["Документ за собственост"]
    assert response["Location"].endswith(f"/api/v1/requests/{data['id']}/")
    assert data["progress"][0]["unit"] == org["desk"].code


def test_bad_intake_gives_400_with_fields(api, org, index, registrar):
    """Given an unknown tier and a bad EGN, when posted, then 400 naming them, nested."""
    svc = service(org=org, index=index)
    api.force_authenticate(registrar)
    response = api.post("/api/v1/requests/", body(svc, tier="slow", applicant={"name": "Иван",
                                                                              "egn": "7501020019"}), format="json")
    assert response.status_code == 400
    data = response.json()
    assert "tier" in data and "egn" in data["applicant"]
    assert api.post("/api/v1/requests/", body(svc, service="nope"), format="json").json()["service"]
    assert ServiceRequest.objects.count() == 0


def test_only_the_desk_posts(api, org, index, expert):
    """Given an executor, when he posts a request, then 403."""
    svc = service(org=org, index=index)
    api.force_authenticate(expert)
    assert api.post("/api/v1/requests/", body(svc), format="json").status_code == 403


def test_the_list_filters_in_a_fixed_number_of_queries(api, org, index, registrar, django_assert_max_num_queries):
    """Given several requests, when listed and filtered, then the right ones in a fixed number of queries."""
    svc = service(org=org, index=index)
    other = service(org=org, index=index, steps=[(org["planning"], 2)])
    for _ in range(6):
        submit(registrar, svc)
    mine = submit(registrar, other)
    api.force_authenticate(registrar)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/requests/")
    assert response.status_code == 200 and response.json()["count"] == 7
    assert [r["id"] for r in api.get("/api/v1/requests/", {"service": other.code}).json()["results"]] == [mine.pk]
    assert [r["id"] for r in api.get("/api/v1/requests/", {"unit": "ustr-plan"}).json()["results"]] == [mine.pk]
    assert api.get("/api/v1/requests/", {"status": "issued"}).json()["count"] == 0
    assert api.get("/api/v1/requests/", {"status": "nonsense"}).status_code == 400
    assert api.get("/api/v1/requests/", {"unit": "nonsense"}).status_code == 400


def test_detail_is_need_to_know(api, org, index, registrar, outsider):
    """DOMAIN.md 11: given a request, then the desk reads it, an unrelated executor gets 404."""
    obj = submit(registrar, service(org=org, index=index))
    api.force_authenticate(registrar)
    data = api.get(f"/api/v1/requests/{obj.pk}/").json()
    assert data["number"] == obj.entry.number and data["tracking_code"] == obj.case.tracking_code
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/requests/{obj.pk}/").status_code == 404
    api.force_authenticate(None)
    assert api.get("/api/v1/requests/").status_code in (401, 403)
