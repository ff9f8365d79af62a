"""The demo requests: one in each state, through the services, made once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kancelaria.accounts.models import User
from kancelaria.core.demo import SeedReport, organisation_seed
from kancelaria.publicinfo import selectors
from kancelaria.publicinfo.demo import DEMOS, demo_seed
from kancelaria.publicinfo.models import InfoRequest, Outcome, RequestKind, Status

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_state_and_is_idempotent():
    units = organisation_seed(SeedReport())
    today = timezone.localdate()
    report = SeedReport()
    assert demo_seed(today=today, units=units, report=report) == len(DEMOS)
    assert report.info_requests == len(DEMOS)
    assert demo_seed(today=today, units=units) == 0
    assert InfoRequest.objects.count() == len(DEMOS)
    statuses = set(InfoRequest.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    outcomes = set(InfoRequest.objects.values_list("outcome", flat=True))
    assert set(Outcome.values) <= outcomes
    assert InfoRequest.objects.filter(kind=RequestKind.REUSE).count() == 2
    open_ = InfoRequest.objects.filter(status=Status.OPEN)
    assert any(r.is_overdue(today) for r in open_)
    assert any(0 < (r.decision_due - today).days <= 3 for r in open_)
    assert InfoRequest.objects.filter(received_on__lt=today.replace(year=today.year - 1)).count() == 0
    assert selectors.can_handle(User.objects.get(username="registrar"))
    assert selectors.can_handle(User.objects.get(username="secretary"))
