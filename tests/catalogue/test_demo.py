"""The demo catalogue (DOMAIN.md 1): real services of the national register with texts in
four languages, documents (some collected by the office), fees per tier, technology
cards across the demo units and channels; loading it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from kancelaria.catalogue.demo import SERVICES, catalogue_seed
from kancelaria.catalogue.models import (
    FeeTier,
    LifeSituation,
    RequiredDocument,
    Service,
    TechnologyStep,
)
from kancelaria.core.demo import UNITS, SeedReport, organisation_seed
from kancelaria.registry.models import Index

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_units(db):
    return organisation_seed(SeedReport())


def test_seed_creates_the_catalogue_once(demo_units):
    """Given the demo units, when the catalogue is seeded twice, then the first run creates
    every service and the second creates nothing (no duplicate documents, fees or steps)."""
    assert catalogue_seed(demo_units) == len(SERVICES) >= 15
    counts = (Service.objects.count(), RequiredDocument.objects.count(), FeeTier.objects.count(),
              TechnologyStep.objects.count(), LifeSituation.objects.count())
    assert catalogue_seed(demo_units) == 0
    assert (Service.objects.count(), RequiredDocument.objects.count(), FeeTier.objects.count(),
            TechnologyStep.objects.count(), LifeSituation.objects.count()) == counts
    assert LifeSituation.objects.count() >= 5


def test_every_demo_service_is_complete(demo_units):
    """Every demo service has its name, description, legal basis and who may apply in
    Bulgarian, English, Polish and Ukrainian; documents; a regular fee in EUR; 2-4 steps;
    channels and at least one life situation."""
    catalogue_seed(demo_units)
    languages = {"bg", "en", "pl", "uk"}
    for service in Service.objects.prefetch_related("documents", "tiers", "steps", "life_situations"):
        for field in ("name", "description", "legal_basis", "who_may_apply"):
            texts = getattr(service, field)
            assert set(texts) == languages and all(texts.values()), (service.code, field)
        assert all(set(d.name) == languages for d in service.documents.all()), service.code
        assert service.documents.exists()
        assert service.regular_tier() is not None and service.regular_tier().currency == "EUR"
        assert 2 <= service.steps.count() <= 4, service.code
        assert all(set(s.title) == languages for s in service.steps.all()), service.code
        assert service.submit_channels and service.receive_channels
        assert service.life_situations.exists()
    assert RequiredDocument.objects.filter(source=RequiredDocument.Source.OFFICE).count() >= 10
    heirs = Service.objects.get(code="2079")
    assert "Закон за гражданската регистрация" in heirs.legal_basis["bg"]
    assert [(t.tier, t.days) for t in heirs.tiers.order_by("-days")] == [("regular", 7), ("fast", 3), ("express", 1)]
    assert set(TechnologyStep.objects.values_list("unit__code", flat=True)) >= {"cao", "apo", "ut", "fb-danaci"}


def test_demo_index_is_used_when_it_exists(demo_units):
    """Given the demo index 94-00, then the services are registered under it."""
    index = Index.objects.create(code="94-00", name="Заявления за административни услуги")
    catalogue_seed(demo_units)
    assert set(Service.objects.values_list("index", flat=True)) == {index.pk}


def test_demo_service_page_in_english(demo_units):
    """A demo service's page reads in English for an English reader."""
    catalogue_seed(demo_units)
    html = Client(headers={"accept-language": "en"}).get(
        reverse("catalogue:service", args=["1987"])).content.decode()
    assert "Issuing a building permit" in html and "Spatial Development Act" in html


def test_command_needs_the_demo_units(db):
    """Without the demo municipality the command says to load it first."""
    with pytest.raises(CommandError, match="seed-demo"):
        call_command("seed_catalogue")


def test_command_seeds(demo_units):
    out = io.StringIO()
    call_command("seed_catalogue", stdout=out)
    assert f"services created: {len(SERVICES)}" in out.getvalue()
    assert {code for code, *_ in UNITS} >= set(Service.objects.values_list("unit__code", flat=True))
