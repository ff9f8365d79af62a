"""Recording audit events. Services call `audit_record` in the same transaction as the
change they make, so the trail and the data cannot disagree."""

from __future__ import annotations

import ipaddress

from django.db import models

from kancelaria.core.ratelimit import client_address

from .models import AuditEvent

Action = AuditEvent.Action


def audit_record(
    *, actor, action: str, obj: models.Model | None = None, object_type: str = "",
    object_id: str = "", object_repr: str = "", changes: dict | None = None, request=None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=changes or {},
        ip=_ip_or_none(client_address(request)) if request is not None else None,
        path=request.path[:300] if request is not None else "",
    )


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def audit_read(*, actor, obj: models.Model, request=None, action: str = Action.READ) -> AuditEvent:
    """A member of staff saw `obj` (an entry, a case file, an attachment)."""
    return audit_record(actor=actor, action=action, obj=obj, request=request)


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
