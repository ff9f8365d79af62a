"""Fixtures for the public side of access to information: the portal, the public
register, publication and the annual report. Data are made through the services, as
users make them: requests taken in on fixed past days of 2026 and decided."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from kancelaria.publicinfo import publication, services
from kancelaria.publicinfo.models import TariffItem
from kancelaria.registry.services import Correspondent, Registration
from tests import factories
from tests.english import _english, client  # noqa: F401  (the checks read English text)

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
D = dt.date
# Monday 2 March 2026, a working day: 14 days end on Monday 16 March 2026.
RECEIVED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SOFIA)
DAY = RECEIVED.date()
YEAR = 2026
# The decisions of the tests: Tuesday 10 March 2026, within the 14 days.
DECIDED = dt.date(2026, 3, 10)

NAME = "Иван Петров Иванов"
ADDRESS = "гр. Момчилград, ул. „Трети март“ 12"
EMAIL = "ivan.ivanov@example.bg"
PHONE = "0888 123 456"
DESCRIPTION = ("Аз, Иван Петров Иванов, ЕГН 7501020018, моля за копие от договора за зимно поддържане на "
               "общинските пътища за сезон 2025/2026. Пишете ми на ivan.ivanov@example.bg или на тел. 0888 123 456.")
# Everything personal in DESCRIPTION: none of it may reach the public.
PERSONAL = ("Иван", "Петров", "Иванов", "7501020018", "ivan.ivanov@example.bg", "0888 123 456", "Трети март")


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


def person(**overrides) -> Correspondent:
    data = {"name": NAME, "kind": "person", "address": ADDRESS, "email": EMAIL, "phone": PHONE,
            "egn": factories.VALID_EGN}
    data.update(overrides)
    return Correspondent(**data)


def organisation(**overrides) -> Correspondent:
    data = {"name": "Сдружение „Прозрачна община“", "kind": "organisation", "address": "гр. Кърджали, бул. „България“ 40",
            "email": "office@prozrachna.example.bg", "eik": factories.VALID_EIK}
    data.update(overrides)
    return Correspondent(**data)


def intake(actor, *, now=RECEIVED, description=DESCRIPTION, requester_type="citizen", correspondent=None,
           channel="desk", **kwargs):
    """A request taken in at the desk (or, with actor None, on the portal)."""
    if actor is None:
        channel = "portal"
    reg = Registration(kind="incoming", subject="", channel=channel, correspondent=correspondent or person())
    return services.request_intake(actor=actor, registration=reg, requester_type=requester_type,
                                   description=description, now=now, **kwargs)


def tariff(code: str = "copy-a4") -> TariffItem:
    factories.national_tariff()
    return TariffItem.objects.get(code=code)


def grant(actor, info_request, *, on=DECIDED, files=(), **overrides):
    data = {"extent": "Пълен достъп до договора и анексите.", "access_until": on + dt.timedelta(days=30),
            "place": "Център за административно обслужване, гише 3", "officer": actor,
            "forms": ["electronic"], "on": on,
            "information_text": "Договорът е сключен с „Пътстрой“ ЕООД, ЕИК 831902088, за 48 000 EUR.",
            "files": list(files)}
    data.update(overrides)
    return services.decision_grant(actor=actor, info_request=info_request, **data)


def refuse(actor, info_request, *, on=DECIDED, **overrides):
    data = {"grounds": ["classified"], "on": on,
            "factual_grounds": "Документите са класифицирана информация; справка на тел. 0361 6 22 33."}
    data.update(overrides)
    return services.decision_refuse(actor=actor, info_request=info_request, **data)


def pdf_file(name: str = "dogovor-zimno-poddarzhane.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def publish(actor, info_request, **kwargs):
    return publication.request_publish(actor=actor, info_request=info_request, **kwargs)
