"""Fixtures for the feedback tests: pages in English, and closed case files made the
way the control app closes them (status closed, closed_on set)."""

from __future__ import annotations

import datetime as dt

import pytest

from kancelaria.registry.models import CaseFile, CaseStatus
from kancelaria.registry.services import Correspondent
from tests import factories
from tests.english import _english, client  # noqa: F401

CITIZEN_EMAIL = "citizen@example.com"


def close(case, on: dt.date, *, opened_on: dt.date | None = None, deadline: dt.date | None = None,
          status: str = CaseStatus.CLOSED, unit=None) -> CaseFile:
    """The case closes on `on` (what entry_dispatch does when the answer leaves)."""
    changes = {"status": status, "closed_on": on}
    if opened_on:
        changes["opened_on"] = opened_on
    if deadline:
        changes["deadline"] = deadline
    if unit:
        changes["holder_unit"] = unit
    CaseFile.objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case


@pytest.fixture
def closed_case(org, registrar, index):
    """Given an application with an e-mail, closed yesterday."""
    entry = factories.entry(registrar, index=index,
                            correspondent=Correspondent(name="Мария Иванова", kind="person", email=CITIZEN_EMAIL))
    from django.utils import timezone

    return close(entry.case, timezone.localdate() - dt.timedelta(days=1), unit=org["planning"])


@pytest.fixture
def administrator(org):
    return factories.user("admin1", role="administrator", unit=org["municipality"])
