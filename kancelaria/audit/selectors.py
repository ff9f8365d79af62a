from __future__ import annotations

from datetime import date

from .models import AuditEvent


def audit_events(*, actor: str = "", action: str = "", object_type: str = "", object_id: str = "",
                 day_from: date | None = None, day_to: date | None = None):
    qs = AuditEvent.objects.select_related("actor")
    if actor:
        qs = qs.filter(actor_name=actor)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if day_from:
        qs = qs.filter(at__date__gte=day_from)
    if day_to:
        qs = qs.filter(at__date__lte=day_to)
    return qs
