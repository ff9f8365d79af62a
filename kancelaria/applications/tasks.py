"""Background work of service requests (thin wrappers): the applicant's e-mails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

SUBJECTS = {
    "deficiency": lambda number: _("Your request No. %(number)s: documents are missing") % {"number": number},
    "fixed": lambda number: _("Your request No. %(number)s: the documents were received") % {"number": number},
    "ready": lambda number: _("Your request No. %(number)s: the result is ready") % {"number": number},
}


@task()
def send_request_notice(request_id: int, kind: str) -> None:
    """Tell the applicant that documents are missing, that they arrived (with the new
    deadline), or that the result is ready."""
    from kancelaria.registry.slip import tracking_url_for

    from .models import ServiceRequest

    obj = ServiceRequest.objects.select_related("entry", "case", "service").get(pk=request_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"obj": obj, "kind": kind, "deficiency": obj.deficiencies.order_by("-id").first(),
                   "OFFICE_NAME": settings.OFFICE_NAME, "tracking_url": tracking_url_for(obj.entry)}
        body = render_to_string("applications/email/notice.txt", context)
        send_mail(subject=SUBJECTS[kind](obj.entry.number), message=body,
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[obj.entry.correspondent_email])
