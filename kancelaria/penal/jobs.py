"""Daily work of administrative-penal proceedings: the holders of the penal register are
e-mailed the limits that bite within 30 days, once per case (or finding) and limit, and
decrees whose appeal period ran out unappealed become final.

`daily_checks(day="YYYY-MM-DD")` is a django-tasks task; the scheduler (or a cron line)
enqueues it once a working day. A warning is claimed (a `LimitWarning` row, unique per
case and limit) before the mail goes, and given back if the mail fails, so it goes once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kancelaria.accounts.models import User

from . import selectors, services
from .models import LimitWarning


def register_holders() -> list[User]:
    users = User.objects.filter(is_active=True).exclude(email="").prefetch_related("groups", "user_permissions")
    return [u for u in users if services.keeps_register(u)]


def _claim(key: str, due: dt.date, day: dt.date) -> LimitWarning | None:
    try:
        with transaction.atomic():
            return LimitWarning.objects.create(key=key, due=due, sent_on=day)
    except IntegrityError:
        return None


def limits_warn(*, day: dt.date) -> int:
    """E-mail each limit that bites within 30 days to the register's holders, once."""
    holders = register_holders()
    if not holders:
        return 0
    sent = 0
    ahead = selectors.limits_ahead(holders[0], day)
    with translation.override(settings.LANGUAGE_CODE):
        for item in ahead["limits"]:
            key = f"{item.kind}:{item.obj.pk}:{item.due.isoformat()}"
            claim = _claim(key, item.due, day)
            if claim is None:
                continue
            name = item.obj.label if item.kind == "decree" else item.obj.entry.number
            subject = _("%(what)s: %(name)s, no later than %(date)s") % {
                "what": item.label, "name": name, "date": item.due.strftime("%d.%m.%Y")}
            body = "\n".join([subject, "", *item.explanation.get("explanation", [])]) if item.explanation else subject
            try:
                send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL,
                          recipient_list=[u.email for u in holders])
            except Exception:
                claim.delete()
                raise
            sent += 1
    return sent


@task()
def daily_checks(day: str) -> dict:
    """The penal register's daily checks for `day` (YYYY-MM-DD)."""
    when = dt.date.fromisoformat(day)
    return {"final": services.decrees_finalize(day=when), "warned": limits_warn(day=when)}
