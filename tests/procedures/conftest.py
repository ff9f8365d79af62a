"""Fixtures for proposals, signals and complaints: the mayor (first resolver), a head,
an executor, and helpers that take a document in on a fixed past day."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Permission

from kancelaria.procedures import services
from kancelaria.registry.services import Correspondent, Registration
from tests import factories
from tests.english import _english, client  # noqa: F401  (the checks read English text)

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
# Monday 1 September 2025, a working day: two months end on Saturday 1 November, so the
# decision is due on Monday 3 November 2025.
RECEIVED = dt.datetime(2025, 9, 1, 10, 0, tzinfo=SOFIA)


@pytest.fixture
def mayor(org):
    return factories.user("mayor", role="resolver", unit=org["municipality"], first_name="Ахмед", last_name="Кметов")


@pytest.fixture
def head(org):
    return factories.user("head", role="resolver", unit=org["spatial"])


@pytest.fixture
def corruption_officer(org):
    """A registrar who holds the corruption register."""
    user = factories.user("inspector", role="registrar", unit=org["municipality"])
    user.user_permissions.add(Permission.objects.get(codename="view_corruption_register"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def sender(**overrides) -> Correspondent:
    data = {"name": "Иван Петров Иванов", "kind": "person", "address": "гр. Момчилград, ул. „Трети март“ 12",
            "email": "ivan@example.bg", "egn": factories.VALID_EGN}
    data.update(overrides)
    return Correspondent(**data)


def registration(subject: str = "Неработещо улично осветление на ул. „Родопи“", **overrides) -> Registration:
    data = {"kind": "incoming", "subject": subject, "channel": "desk", "correspondent": sender()}
    data.update(overrides)
    return Registration(**data)


def intake(actor, kind: str = "proposal", *, now=RECEIVED, **kwargs):
    reg = kwargs.pop("registration", None) or registration()
    return services.procedure_intake(actor=actor, kind=kind, registration=reg, now=now, **kwargs)
