"""Reads on resolutions and control: inboxes and who may see what."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kancelaria.accounts.models import Role

from .models import Absence, Assignment, Resolution
from .services import acts_for


def inbox(user, *, today: dt.date) -> QuerySet[Assignment]:
    """Open work of the user and of the colleagues he substitutes today, soonest first."""
    return (Assignment.objects.filter(assignee_id__in=acts_for(user, today), status=Assignment.Status.OPEN)
            .select_related("entry", "case__index", "assignee", "resolution__resolver")
            .order_by("deadline", "id"))


def case_work(case) -> QuerySet[Resolution]:
    """The resolutions of a case file with their assignments, extensions and notes."""
    return (Resolution.objects.filter(case=case)
            .select_related("resolver", "entry")
            .prefetch_related("assignments__assignee", "assignments__notes__author", "extensions__granted_by")
            .order_by("created_at", "id"))


def substitutes_today(user, *, today: dt.date) -> QuerySet[Absence]:
    """The absences in which `user` is the substitute today (whom he stands in for)."""
    return Absence.objects.filter(substitute=user, first_day__lte=today, last_day__gte=today).select_related(
        "employee")


def may_resolve(user) -> bool:
    return user.is_authenticated and user.has_role(Role.RESOLVER, Role.ADMINISTRATOR)
