"""The daily checks of requests for public information (run by the scheduler): requests
not clarified within 30 days are left without action, and delivered grants not taken or
not paid within their time limit count as refused by the requester (never a request made
electronically)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def daily_checks(day: str | None = None) -> dict:
    """The checks of `day` (ISO date "YYYY-MM-DD"; today by default). Each is safe to
    run again: a request it has already moved on is not counted twice."""
    from . import services

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {
        "day": today.isoformat(),
        "left_without_action": services.clarifications_lapse(today=today),
        "refused_by_requester": services.requester_refusals_check(today=today),
    }
