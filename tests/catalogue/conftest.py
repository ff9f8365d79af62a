"""Fixtures for the catalogue: two life situations and three services in two units of
the test organisation, with texts in Bulgarian and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kancelaria.catalogue.models import (
    FeeTier,
    LifeSituation,
    RequiredDocument,
    Service,
    TechnologyStep,
)


def make_service(code: str, *, name: dict, unit, description: dict | None = None, situations=(),
                 steps=(), documents=(), fees=((FeeTier.Tier.REGULAR, "5.00", 7),), **extra) -> Service:
    service = Service.objects.create(code=code, name=name, unit=unit, description=description or {},
                                     **extra)
    service.life_situations.set(situations)
    for order, (doc_name, source) in enumerate(documents, start=1):
        RequiredDocument.objects.create(service=service, name=doc_name, source=source, order=order)
    for tier, amount, days in fees:
        FeeTier.objects.create(service=service, tier=tier, amount=Decimal(amount), days=days)
    for order, (step_unit, title, days) in enumerate(steps, start=1):
        TechnologyStep.objects.create(service=service, order=order, unit=step_unit, title=title, days=days)
    return service


@pytest.fixture
def situations(db):
    return {
        "family": LifeSituation.objects.create(code="family", order=1,
                                               name={"bg": "Раждане и семейство", "en": "Birth and family"}),
        "property": LifeSituation.objects.create(code="property", order=2,
                                                 name={"bg": "Имоти и строителство",
                                                       "en": "Property and construction"}),
    }


@pytest.fixture
def catalogue(org, situations):
    """Given three offered services (heirs and an address certificate at the desk, a
    sketch in planning) and one that is no longer offered."""
    brought, collected = RequiredDocument.Source.APPLICANT, RequiredDocument.Source.OFFICE
    heirs = make_service(
        "2079", unit=org["desk"], situations=[situations["family"]],
        name={"bg": "Издаване на удостоверение за наследници", "en": "Certificate of heirs"},
        description={"bg": "Удостоверение за наследниците на починало лице.",
                     "en": "A certificate naming the heirs of a deceased person."},
        legal_basis={"bg": "Закон за гражданската регистрация, чл. 24", "en": "Civil Registration Act, Art. 24"},
        who_may_apply={"bg": "Наследник или упълномощено лице", "en": "An heir or an authorised person"},
        submit_channels=["desk", "post", "e_delivery"], receive_channels=["desk", "post"],
        documents=[({"bg": "Заявление по образец", "en": "Application form"}, brought),
                   ({"bg": "Акт за смърт", "en": "Death certificate"}, collected)],
        fees=[(FeeTier.Tier.REGULAR, "5.00", 7), (FeeTier.Tier.FAST, "10.00", 3),
              (FeeTier.Tier.EXPRESS, "15.00", 1)],
        steps=[(org["desk"], {"bg": "Приемане на заявлението", "en": "Receiving the application"}, 1),
               (org["desk"], {"bg": "Изготвяне на удостоверението", "en": "Preparing the certificate"}, 5)],
    )
    address = make_service(
        "2094", unit=org["desk"], situations=[situations["family"]],
        name={"bg": "Издаване на удостоверение за постоянен адрес", "en": "Certificate of permanent address"},
        description={"bg": "Удостоверява постоянния адрес.", "en": "Certifies the permanent address."},
    )
    sketch = make_service(
        "2073", unit=org["planning"], situations=[situations["property"]], is_complex=True,
        name={"bg": "Издаване на скица на поземлен имот", "en": "Sketch of a land property"},
        description={"bg": "Скица от подробния устройствен план.", "en": "A sketch from the detailed plan."},
        steps=[(org["desk"], {"bg": "Приемане", "en": "Receiving"}, 1),
               (org["planning"], {"bg": "Изготвяне на скицата", "en": "Drawing the sketch"}, 5)],
    )
    retired = make_service("1999", unit=org["desk"], is_active=False,
                           name={"bg": "Отменена услуга", "en": "Retired service"})
    return {"heirs": heirs, "address": address, "sketch": sketch, "retired": retired}
