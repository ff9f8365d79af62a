"""Fixtures for administrative-penal proceedings: the holders of the penal register
(an inspector who draws up statements, the mayor, the lawyer), an outsider, and a
statement that tests change field by field."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import Permission

from kancelaria.penal import services
from kancelaria.penal.services import Statement
from tests import factories
from tests.english import _english, client  # noqa: F401  (the checks read English text)

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
# Monday 10 March 2025: the statement is drawn up and received the same day.
DRAWN_UP = dt.date(2025, 3, 10)
RECEIVED = dt.datetime(2025, 3, 10, 11, 0, tzinfo=SOFIA)
VIOLATION = dt.date(2025, 3, 5)
OFFENDER_EGN = "7501020018"


def holder(username: str, role: str, unit, *, offender_data: bool = False, **extra):
    user = factories.user(username, role=role, unit=unit, **extra)
    user.user_permissions.add(Permission.objects.get(codename="view_penal_register"))
    if offender_data:
        user.user_permissions.add(Permission.objects.get(codename="view_offender_data"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def inspector(org):
    """The inspector who draws up statements and keeps the register (no personal numbers)."""
    return holder("builder", "executor", org["spatial"], first_name="Николай", last_name="Ненов")


@pytest.fixture
def mayor(org):
    return holder("mayor", "resolver", org["municipality"], offender_data=True, first_name="Ахмед",
                  last_name="Кметов")


@pytest.fixture
def lawyer(org):
    return holder("lawyer", "executor", org["municipality"], offender_data=True, first_name="Десислава",
                  last_name="Маринова")


def statement(**overrides) -> Statement:
    data = {
        "author_name": "Николай Иванов Ненов", "author_position": "главен специалист „Строителство“",
        "drawn_up_on": DRAWN_UP, "violation_date": VIOLATION,
        "violation_place": "гр. Момчилград, ул. „Трети март“ 14",
        "description": "Изхвърляне на строителни отпадъци на неразрешено място.",
        "provisions": [{"act": "Наредба за управление на отпадъците на Община Момчилград", "article": "12",
                        "paragraph": "1", "point": "3"}],
        "offender_kind": "person", "offender_name": "Мехмед Али Юсеин", "offender_egn": OFFENDER_EGN,
        "offender_address": "гр. Момчилград, ул. „Родопи“ 7", "offender_workplace": "ЕТ „Юсеин“",
        "witness_basis": "present", "witnesses": [{"name": "Петър Стоянов Петров",
                                                  "address": "гр. Момчилград, ул. „Победа“ 3"}],
        "evidence": "Снимки – 4 бр.",
    }
    data.update(overrides)
    return Statement(**data)


def open_case(actor, *, now=RECEIVED, **kwargs):
    s = kwargs.pop("statement", None) or statement()
    return services.case_open(actor=actor, statement=s, now=now, **kwargs)


def decided_case(inspector, lawyer, mayor, *, delivered=DRAWN_UP, decided_on=dt.date(2025, 3, 20), **decision):
    """A case delivered, with the lawyer's opinion and the mayor's decree decision."""
    penal = open_case(inspector)
    penal = services.case_deliver(actor=inspector, penal=penal, on=delivered, how="signed")
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=dt.date(2025, 3, 12))
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="чл. 48, ал. 1 от Наредбата",
                                  sanctions="глоба", minimum="100", maximum="1000", minor=False,
                                  proposal="глоба 300 евро", on=dt.date(2025, 3, 14))
    data = {"kind": "decree", "sanction_type": "fine", "amount": "300.00", "on": decided_on}
    data.update(decision)
    return services.case_decide(actor=mayor, penal=penal, **data)
