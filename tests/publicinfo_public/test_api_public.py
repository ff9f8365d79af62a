"""The public API of access to information: the register, one record and the annual
report, without authentication and without personal data (DOMAIN.md 5)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kancelaria.publicinfo import report

from .conftest import PERSONAL, YEAR, grant, intake, pdf_file, publish, refuse

pytestmark = pytest.mark.django_db

BASE = "/api/v1/information"


@pytest.fixture
def api():
    return APIClient(headers={"accept-language": "en"})


@pytest.fixture
def published(registrar, handler, secretary):
    return [
        publish(handler, grant(secretary, intake(registrar), files=[pdf_file()])),
        publish(handler, refuse(secretary, intake(registrar, kind="reuse", requester_type="company"),
                                grounds=["reuse_conditions"])),
        grant(secretary, intake(registrar)),  # not published
    ]


def test_rule_public_api_lists_published_records_without_personal_data(api, published,
                                                                      django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = api.get(f"{BASE}/public/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {published[0].pk, published[1].pk}
    text = response.content.decode()
    for item in PERSONAL:
        assert item not in text
    first = next(row for row in body["results"] if row["id"] == published[0].pk)
    assert first["outcome"] == "granted" and first["requester"] == "" and first["requester_type"] == "citizen"
    assert first["files"][0]["url"].endswith(
        f"/information/public/{published[0].pk}/files/{first['files'][0]['id']}/")


def test_public_api_filters_and_rejects_a_wrong_filter(api, published):
    assert api.get(f"{BASE}/public/?kind=reuse").json()["count"] == 1
    assert api.get(f"{BASE}/public/?outcome=granted&year=2026").json()["count"] == 1
    response = api.get(f"{BASE}/public/?kind=nonsense")
    assert response.status_code == 400 and "kind" in response.json()


def test_public_api_one_record_and_404_for_an_unpublished_one(api, published):
    response = api.get(f"{BASE}/public/{published[1].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "reuse" and body["refusal_grounds"] == [
        "the request does not meet the conditions for re-use"]
    assert api.get(f"{BASE}/public/{published[2].pk}/").status_code == 404
    assert api.get(f"{BASE}/public/999999/").status_code == 404


def test_public_api_needs_no_login_even_with_a_bad_token(api, published):
    api.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert api.get(f"{BASE}/public/").status_code == 200


def test_public_api_annual_report_matches_the_page(api, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.get(f"{BASE}/report/{YEAR}/")
    assert response.status_code == 200
    body = response.json()
    assert body["received"] == 3 and body["year"] == YEAR
    expected = report.annual_report(YEAR).as_dict()
    assert [t["key"] for t in body["tables"]] == [t["key"] for t in expected["tables"]]
    outcome = next(t for t in body["tables"] if t["key"] == "outcome")
    assert {line["key"]: line["count"] for line in outcome["lines"]}["granted"] == 2
    assert api.get(f"{BASE}/report/1999/").status_code == 404
