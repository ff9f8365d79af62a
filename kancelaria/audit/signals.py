"""Logins, logouts and failed logins go into the audit trail (DOMAIN.md section 11:
access time recorded, unauthorised access attempts tracked).

Connected in `AuditConfig.ready()`. A failed login records the username that was
tried, never the password.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .models import AuditEvent
from .services import audit_record

Action = AuditEvent.Action

def on_logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.LOGIN, obj=user, request=request)


def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit_record(actor=user, action=Action.LOGOUT, obj=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).values_list("pk", flat=True).first() if username else None
    audit_record(
        actor=None, action=Action.LOGIN_FAILED, object_type=User._meta.label_lower,
        object_id=str(known) if known else "", object_repr=username, request=request,
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="kancelaria.audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="kancelaria.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="kancelaria.audit.login_failed")
