"""A small factory of catalogue services for the request tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from kancelaria.applications import services
from kancelaria.catalogue.models import FeeTier, RequiredDocument, Service, TechnologyStep
from kancelaria.registry.services import Correspondent
from tests import factories

_codes = itertools.count(1001)


def service(*, org, index=None, tiers=(("regular", "10.00", 10), ("express", "30.00", 2)),
            documents=("Заявление по образец", "Документ за собственост"), office_documents=("Удостоверение за наследници",),
            steps=None, receive_channels=("desk", "post", "email"), **extra) -> Service:
    """A service with fee tiers, a checklist and a technology card. `steps` is a list of
    (unit, working days); by default the desk, then planning, then the desk again."""
    index = index or factories.index()
    svc = Service.objects.create(
        code=str(next(_codes)), name={"bg": "Издаване на скица на имот", "en": "Issuing a sketch of a property"},
        unit=org["spatial"], index=index, submit_channels=["desk", "post", "portal"],
        receive_channels=list(receive_channels), **extra)
    for tier, amount, days in tiers:
        FeeTier.objects.create(service=svc, tier=tier, amount=Decimal(amount), days=days)
    for order, name in enumerate(documents):
        RequiredDocument.objects.create(service=svc, name={"bg": name, "en": name}, order=order)
    for order, name in enumerate(office_documents, start=len(documents)):
        RequiredDocument.objects.create(service=svc, name={"bg": name, "en": name}, order=order,
                                        source=RequiredDocument.Source.OFFICE)
    if steps is None:
        steps = [(org["desk"], 1), (org["planning"], 5), (org["desk"], 1)]
    for order, (unit, days) in enumerate(steps, start=1):
        TechnologyStep.objects.create(service=svc, order=order, unit=unit, days=days,
                                      title={"bg": f"Стъпка {order}", "en": f"Step {order}"})
    return svc


def applicant(**overrides) -> Correspondent:
    data = {"name": "Мария Георгиева Петрова", "kind": "person", "address": "гр. Момчилград, ул. „Родопи“ 3",
            "email": "maria@example.org"}
    data.update(overrides)
    return Correspondent(**data)


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def submit(actor, svc, *, tier="regular", receive_channel="desk", channel="desk", brought=None, **kwargs):
    if brought is None:
        brought = [d.pk for d in svc.documents.all()]
    kwargs.setdefault("applicant", applicant())
    return services.request_submit(actor=actor, service=svc, tier=tier, receive_channel=receive_channel,
                                   channel=channel, brought_documents=brought, **kwargs)
