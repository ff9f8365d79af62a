"""Reading the catalogue (DOMAIN.md 1): offered services with everything about them in a
fixed number of queries; by life situation, by unit; search in any letter case."""

from __future__ import annotations

import pytest

from kancelaria.catalogue import selectors
from kancelaria.catalogue.models import LifeSituation

from .conftest import make_service

pytestmark = pytest.mark.django_db


def _touch(services):
    """Read everything a service page shows, as the templates do."""
    for s in services:
        s.unit.name  # noqa: B018
        [x.code for x in s.life_situations.all()]
        [d.name for d in s.documents.all()]
        [t.amount for t in s.tiers.all()]
        [(step.unit.name, step.title) for step in s.steps.all()]


def test_active_services_in_fixed_queries(catalogue, org, django_assert_max_num_queries):
    """Given three offered services, when they are listed with all they hold, then it takes
    at most 6 queries, and still 6 with ten more services (no query per service)."""
    with django_assert_max_num_queries(6):
        services = list(selectors.services_active())
        _touch(services)
    assert [s.code for s in services] == ["2073", "2079", "2094"]

    for n in range(10):
        make_service(f"30{n:02d}", unit=org["planning"], name={"bg": f"Услуга {n}"},
                     steps=[(org["desk"], {"bg": "Приемане"}, 1)])
    with django_assert_max_num_queries(6):
        services = list(selectors.services_active())
        _touch(services)
    assert len(services) == 13


def test_inactive_service_is_not_listed(catalogue):
    """Given a service no longer offered, then no list and no look-up returns it."""
    assert "1999" not in {s.code for s in selectors.services_active()}
    assert selectors.service_by_code("1999") is None
    assert selectors.service_by_code("2079").code == "2079"


def test_by_life_situation(catalogue, situations):
    """When services are browsed by the life situation "birth and family", then only its
    services come, and the situations list shows counts of offered services."""
    codes = [s.code for s in selectors.services_by_life_situation(situations["family"])]
    assert codes == ["2079", "2094"]
    counts = {s.code: s.service_count for s in selectors.life_situations()}
    assert counts == {"family": 2, "property": 1}


def test_empty_life_situation_is_not_offered_for_browsing(catalogue):
    """Given a life situation without services, then it is not in the browsing list."""
    LifeSituation.objects.create(code="business", name={"bg": "Бизнес"})
    assert "business" not in {s.code for s in selectors.life_situations()}


def test_by_unit_includes_units_below(catalogue, org):
    """When services are browsed by a directorate, then its departments' services come too."""
    assert [s.code for s in selectors.services_by_unit(org["planning"])] == ["2073"]
    assert [s.code for s in selectors.services_by_unit(org["spatial"])] == ["2073"]
    assert [s.code for s in selectors.services_by_unit(org["desk"])] == ["2079", "2094"]
    assert {u.code: u.service_count for u in selectors.units_with_services()} == {"cao": 2, "ustr-plan": 1}


@pytest.mark.parametrize("query", ["наследници", "НАСЛЕДНИЦИ", "Наследници", "удостоверение НАСЛ"])
def test_search_bulgarian_any_case(catalogue, query):
    """When a reader searches in Bulgarian in any letter case, then the certificate of heirs
    is found (Cyrillic folds case on every database)."""
    found = [s.code for s in selectors.services_search(query, language="bg")]
    assert found == ["2079"]


def test_search_every_word_must_match(catalogue):
    """When two words are searched, then only services holding both are found."""
    assert [s.code for s in selectors.services_search("удостоверение", language="bg")] == ["2079", "2094"]
    assert [s.code for s in selectors.services_search("удостоверение адрес", language="bg")] == ["2094"]


def test_search_english_and_description(catalogue):
    """When an English reader searches, then the English name and description are searched."""
    assert [s.code for s in selectors.services_search("HEIRS", language="en")] == ["2079"]
    assert [s.code for s in selectors.services_search("detailed plan", language="en")] == ["2073"]
    assert [s.code for s in selectors.services_search("nothing like this", language="en")] == []


def test_search_by_code_and_blank(catalogue):
    """When the code is searched, then the service is found; a blank search lists all."""
    assert [s.code for s in selectors.services_search("2094")] == ["2094"]
    assert len(selectors.services_search("   ")) == 3


def test_search_in_fixed_queries(catalogue, django_assert_max_num_queries):
    """A search with everything about the found services takes at most 7 queries."""
    with django_assert_max_num_queries(7):
        _touch(list(selectors.services_search("удостоверение", language="bg")))
