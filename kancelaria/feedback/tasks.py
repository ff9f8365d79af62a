"""Background work of the feedback app: the rating invitations (run daily by the
scheduler; idempotent: each invitation is e-mailed once)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def send_rating_invitations(day: str | None = None) -> dict:
    """Invite the senders of cases closed within the last 14 days before `day` (ISO date;
    today by default) to rate them."""
    from .services import rating_invitations_send

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return rating_invitations_send(today=today).as_dict()
