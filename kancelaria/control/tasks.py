"""Background work of deadline control: the sender told of an extension, reminders and
the heads' morning digest (run by the scheduler, `kancelaria scheduler`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_extension(extension_id: int) -> None:
    """Tell the sender of the request that its deadline was extended (DOMAIN.md 3)."""
    from kancelaria.registry.slip import tracking_url_for

    from .models import Extension

    extension = Extension.objects.select_related("resolution__case").get(pk=extension_id)
    case = extension.resolution.case
    first = case.entries.order_by("ordinal").first()
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("control/email/extension.txt", {
            "extension": extension, "case": case, "entry": first, "OFFICE_NAME": settings.OFFICE_NAME,
            "tracking_url": tracking_url_for(first),
        })
        send_mail(
            subject=_("The deadline of your case %(number)s was extended") % {"number": first.number},
            message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[first.correspondent_email],
        )


def _day(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else timezone.localdate()


@task()
def send_reminders(day: str | None = None) -> dict:
    """The executors' reminders owed on `day` (ISO date; today by default): due on the
    next working day, newly overdue, opinions due on the next working day. Each once."""
    from .reminders import reminders_send

    return reminders_send(today=_day(day)).as_dict()


@task()
def send_digests(day: str | None = None) -> dict:
    """The heads' morning digest of `day` (ISO date; today by default), once per head."""
    from .reminders import digests_send

    return digests_send(today=_day(day)).as_dict()
