"""The demo penal register and the daily checks (DOMAIN.md 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kancelaria.penal import demo, jobs, selectors
from kancelaria.penal.models import Finding, PenalCase, Stage, Ticket
from kancelaria.registry.integrity import verify_register
from tests import factories

from .conftest import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(org):
    made = {}
    for name, role in (("mayor", "resolver"), ("secretary", "resolver"), ("lawyer", "executor"),
                       ("builder", "executor")):
        made[name] = factories.user(name, role=role, unit=org["municipality"], email=f"{name}@momchilgrad.example")
    return made


def test_the_demo_register_has_cases_at_every_stage_and_is_idempotent(demo_users):
    """Given the demo users, when the penal demo is seeded, then ~8 cases at different
    stages (one 6-month limit about 20 days away, one suspended), 2 findings and 3
    tickets exist, the register chain verifies, and a second run adds nothing."""
    today = timezone.localdate()
    created = demo.demo_seed(today=today, units={})
    assert created == {"cases": 8, "findings": 2, "tickets": 3}
    assert PenalCase.objects.count() == 8 and Finding.objects.count() == 2 and Ticket.objects.count() == 3
    stages = set(PenalCase.objects.values_list("stage", flat=True))
    assert {Stage.FINAL, Stage.APPEALED, Stage.CLOSED, Stage.AWAITING_DECISION, Stage.WITH_LAWYER} <= stages
    mayor = type(demo_users["mayor"]).objects.get(pk=demo_users["mayor"].pk)
    ahead = selectors.limits_ahead(mayor, today)
    near = [x for x in ahead["limits"] if x.kind == "decree" and not x.obj.late_ground]
    assert near and 14 <= near[0].days_left <= 26
    assert len(ahead["suspended"]) == 1
    assert Ticket.objects.filter(outcome="refused", penal_case__isnull=False).count() == 1
    problems, _checked = verify_register()
    assert problems == []
    assert demo.demo_seed(today=today, units={}) == {"cases": 0, "findings": 0, "tickets": 0}


def test_the_daily_checks_mail_each_limit_once_and_make_decrees_final(inspector, mayor, lawyer):
    """DOMAIN.md 9: the holders of the register are e-mailed a limit that bites within 30
    days, once per case and limit; an unappealed decree becomes final."""
    mayor.email = "mayor@momchilgrad.example"
    mayor.save()
    penal = open_case(inspector)  # 6-month limit 10 September 2025
    mail.outbox.clear()
    assert jobs.daily_checks.call(day="2025-09-01") == {"final": 0, "warned": 1}
    assert len(mail.outbox) == 1 and penal.label in mail.outbox[0].subject
    assert mail.outbox[0].to == ["mayor@momchilgrad.example"] and "10.09.2025" in mail.outbox[0].subject
    assert jobs.daily_checks.call(day="2025-09-02") == {"final": 0, "warned": 0}
    assert jobs.limits_warn(day=dt.date(2025, 7, 1)) == 0  # not within 30 days yet: nothing claimed
