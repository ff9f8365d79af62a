"""Fixtures for requests for public information: the secretary (a resolver who decides),
a handler who holds the permission, an outsider, and helpers that take a request in on a
fixed past day."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Permission

from kancelaria.publicinfo import services
from kancelaria.registry.services import Correspondent, Registration
from tests import factories
from tests.english import _english, client  # noqa: F401  (the checks read English text)

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
# Monday 2 March 2026, a working day: 14 days end on Monday 16 March 2026.
RECEIVED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SOFIA)
DAY = RECEIVED.date()


@pytest.fixture
def secretary(org):
    return factories.user("secretary", role="resolver", unit=org["municipality"], first_name="Мария",
                          last_name="Николова")


@pytest.fixture
def handler(org):
    """A desk clerk who holds the permission to handle requests for information."""
    user = factories.user("handler", role="registrar", unit=org["desk"])
    user.user_permissions.add(Permission.objects.get(codename="handle_inforequest"))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def admin(org):
    return factories.user("admin", role="administrator", unit=org["municipality"])


def requester(**overrides) -> Correspondent:
    data = {"name": "Иван Петров Иванов", "kind": "person", "address": "гр. Момчилград, ул. „Трети март“ 12",
            "email": "ivan@example.bg", "egn": factories.VALID_EGN}
    data.update(overrides)
    return Correspondent(**data)


def registration(**overrides) -> Registration:
    data = {"kind": "incoming", "subject": "", "channel": "desk", "correspondent": requester()}
    data.update(overrides)
    return Registration(**data)


DESCRIPTION = "Копие от договора за зимно поддържане на общинските пътища за сезон 2025/2026."


def intake(actor, *, now=RECEIVED, description=DESCRIPTION, requester_type="citizen", **kwargs):
    reg = kwargs.pop("registration", None) or registration()
    return services.request_intake(actor=actor, registration=reg, requester_type=requester_type,
                                   description=description, now=now, **kwargs)
