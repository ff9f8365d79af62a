"""Background work of proposals, signals and complaints: the sender told of a longer
decision deadline (DOMAIN.md 4)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_procedure_extension(extension_id: int) -> None:
    """Tell the sender that the decision on his proposal or signal will take longer."""
    from kancelaria.registry.slip import tracking_url_for

    from .models import ProcedureExtension

    extension = ProcedureExtension.objects.select_related("procedure__entry__case").get(pk=extension_id)
    entry = extension.procedure.entry
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("procedures/email/extension.txt", {
            "extension": extension, "procedure": extension.procedure, "entry": entry,
            "OFFICE_NAME": settings.OFFICE_NAME, "tracking_url": tracking_url_for(entry),
        })
        send_mail(
            subject=_("The decision on your %(kind)s %(number)s will take longer")
            % {"kind": extension.procedure.get_kind_display(), "number": entry.number},
            message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[entry.correspondent_email],
        )
