"""The catalogue's JSON API, /api/v1/catalogue/services/ (open to anyone, DOMAIN.md 1)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalogue/services/"


def test_list_without_login(catalogue, django_assert_max_num_queries):
    """Given the catalogue, when anyone asks for the list without a token, then the offered
    services come with texts per language, unit, documents, fees, steps and links, in a
    fixed number of queries."""
    assert reverse("api-catalogue-services") == URL
    with django_assert_max_num_queries(8):
        response = APIClient().get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    heirs = next(s for s in data["results"] if s["code"] == "2079")
    assert heirs["name"]["en"] == "Certificate of heirs"
    assert heirs["unit"] == {"code": "cao", "name": "Център за административно обслужване"}
    assert [f["tier"] for f in heirs["fees"]] == ["regular", "fast", "express"]
    assert heirs["fees"][0] == {"tier": "regular", "amount": "5.00", "currency": "EUR", "days": 7}
    assert [d["source"] for d in heirs["documents"]] == ["applicant", "office"]
    assert [(s["order"], s["unit"]["code"], s["days"]) for s in heirs["steps"]] == [(1, "cao", 1), (2, "cao", 5)]
    assert heirs["life_situations"] == [{"code": "family", "name": {"bg": "Раждане и семейство",
                                                                      "en": "Birth and family"}}]
    assert heirs["url"] == "http://testserver/services/2079/"
    assert heirs["form_url"] is None


def test_filters(catalogue):
    """The list filters by life situation, by unit (with the units below) and by words."""
    client = APIClient()
    codes = lambda params: [s["code"] for s in client.get(URL, params).json()["results"]]  # noqa: E731
    assert codes({"situation": "property"}) == ["2073"]
    assert codes({"unit": "ustr"}) == ["2073"]
    assert codes({"q": "НАСЛЕДНИЦИ"}) == ["2079"]
    assert codes({"q": "heirs", "lang": "en"}) == ["2079"]


@pytest.mark.parametrize(("params", "field"), [({"situation": "nope"}, "situation"), ({"unit": "nope"}, "unit"),
                                               ({"q": "x" * 101}, "q")])
def test_bad_filters_are_400_with_field(catalogue, params, field):
    """Unknown filters answer 400 naming the parameter, never 500."""
    response = APIClient(headers={"accept-language": "en"}).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_detail_and_404(catalogue):
    client = APIClient(headers={"accept-language": "en"})
    assert client.get(URL + "2094/").json()["code"] == "2094"
    response = client.get(URL + "1999/")
    assert response.status_code == 404
    assert "no service with this code" in response.json()["detail"]


def test_described_in_the_openapi_schema(db):
    """The schema describes the catalogue list as open (no security) with its filters."""
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/catalogue/services/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"situation", "unit", "q", "page"}
    assert not operation.get("security")  # no authentication, like the public tracking look-up
