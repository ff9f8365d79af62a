"""Background work of the registry (thin wrappers over services)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_registration_slip(entry_id: int) -> None:
    """E-mail the registration slip (number, tracking code, link) to the sender."""
    from .models import Entry
    from .slip import tracking_url_for

    entry = Entry.objects.select_related("case__index").get(pk=entry_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"entry": entry, "case": entry.case, "PUBLIC_URL": settings.PUBLIC_URL,
                   "OFFICE_NAME": settings.OFFICE_NAME, "tracking_url": tracking_url_for(entry)}
        body = render_to_string("registry/email/slip.txt", context)
        send_mail(
            subject=_("Your document was registered under No. %(number)s") % {"number": entry.number},
            message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[entry.correspondent_email],
        )
