"""Small factories for tests and benchmarks. Each returns saved objects made through
the services, so tests see the system as users make it."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group

from kancelaria.accounts.models import Unit, User
from kancelaria.accounts.services import roles_ensure, unit_save
from kancelaria.registry.models import Index
from kancelaria.registry.services import Correspondent, Registration, entry_register, index_save

_counter = itertools.count(1)

# Valid identifiers for tests (checksums verified in tests/unit/test_validators.py).
VALID_EGN = "7501020018"
VALID_EIK = "831902088"


def unit(code: str, name: str, kind: str = Unit.Kind.DEPARTMENT, parent: Unit | None = None) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    return unit_save(unit=Unit(code=code, name=name, kind=kind, parent=parent))


def organisation() -> dict[str, Unit]:
    roles_ensure()
    top = unit("obshtina", "Община Момчилград", Unit.Kind.MUNICIPALITY)
    desk = unit("cao", "Център за административно обслужване", Unit.Kind.SERVICE_CENTRE, top)
    spatial = unit("ustr", "Дирекция „Устройство на територията“", Unit.Kind.DIRECTORATE, top)
    planning = unit("ustr-plan", "Отдел „Планиране“", Unit.Kind.DEPARTMENT, spatial)
    finance = unit("fin", "Дирекция „Финанси“", Unit.Kind.DIRECTORATE, top)
    return {"municipality": top, "desk": desk, "spatial": spatial, "planning": planning, "finance": finance}


def user(username: str | None = None, *, role: str | None = None, unit: Unit | None = None,
         password: str | None = None, **extra) -> User:
    username = username or f"user{next(_counter)}"
    u = User.objects.filter(username=username).first()
    if u is None:
        u = User.objects.create_user(username=username, password=password or username, unit=unit, **extra)
    if role:
        roles_ensure()
        u.groups.add(Group.objects.get(name=role))
    return u


def index(code: str = "94-00", name: str = "Заявления", **extra) -> Index:
    existing = Index.objects.filter(code=code).first()
    if existing:
        return existing
    return index_save(actor=None, index=Index(code=code, name=name, **extra))


def registration(**overrides) -> Registration:
    data = {
        "kind": "incoming",
        "subject": "Искане за издаване на скица на имот",
        "channel": "desk",
        "doc_type": "application",
        "correspondent": Correspondent(name="Иван Петров Иванов", kind="person",
                                       address="гр. Момчилград, ул. „Трети март“ 12"),
    }
    data.update(overrides)
    return Registration(**data)


def entry(actor, **overrides):
    if "index" not in overrides and "case" not in overrides and "answers" not in overrides:
        overrides["index"] = index()
    return entry_register(actor=actor, registration=registration(**overrides))


def national_tariff() -> None:
    """The national tariff of access to information, as migration 0002 seeds it: a test on
    a transactional database (which is flushed between tests) has to put it back."""
    import importlib

    from django.apps import apps

    importlib.import_module("kancelaria.publicinfo.migrations.0002_national_tariff").seed(apps, None)
