"""E-mails to the requester of public information (DOMAIN.md 5), sent after the
transaction that registered the letter commits: the letter leaving the request without
action, the clarification letter with the link to answer online, the extension letter,
the forwarding letter, the not-held letter, and the decision with the information given
(the files attached to the decision, or the web address)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


def _request(pk: int):
    from .models import InfoRequest

    return InfoRequest.objects.select_related("entry__case", "decision_entry").get(pk=pk)


def clarify_url(info_request) -> str:
    """The public page where the requester answers a clarification."""
    try:
        path = reverse("publicinfo:public_clarify", kwargs={"token": info_request.reply_token})
    except NoReverseMatch:  # the portal's page is mounted at /information/clarify/<token>/
        path = f"/information/clarify/{info_request.reply_token}/"
    return settings.PUBLIC_URL + path


def _send(*, info_request, template: str, subject: str, context: dict | None = None,
          attachments=()) -> int:
    from kancelaria.registry.slip import tracking_url_for

    entry = info_request.entry
    if not entry.correspondent_email:
        return 0
    body = render_to_string(f"publicinfo/email/{template}", {
        "info_request": info_request, "entry": entry, "OFFICE_NAME": settings.OFFICE_NAME,
        "tracking_url": tracking_url_for(entry), **(context or {}),
    })
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[entry.correspondent_email])
    for attachment in attachments:
        with attachment.file.open("rb") as handle:
            message.attach(attachment.original_name, handle.read(), attachment.content_type)
    return message.send()


@task()
def send_without_action_letter(info_request_id: int) -> None:
    """The request is left without action: it lacks required content, or it was not
    clarified within 30 days."""
    from .models import REQUIRED_CONTENT

    info_request = _request(info_request_id)
    with translation.override(settings.LANGUAGE_CODE):
        missing = [str(label) for key, label in REQUIRED_CONTENT if key in (info_request.missing_content or [])]
        _send(info_request=info_request, template="without_action.txt", context={"missing": missing},
              subject=_("Your request %(number)s is left without action") % {"number": info_request.number})


@task()
def send_clarification_letter(clarification_id: int) -> None:
    """Ask the requester to clarify his request, with the link to answer online."""
    from .models import Clarification

    clarification = Clarification.objects.select_related("request__entry__case").get(pk=clarification_id)
    info_request = clarification.request
    with translation.override(settings.LANGUAGE_CODE):
        _send(info_request=info_request, template="clarification.txt",
              context={"clarification": clarification, "clarify_url": clarify_url(info_request)},
              subject=_("Please clarify your request %(number)s") % {"number": info_request.number})


@task()
def send_extension_letter(extension_id: int) -> None:
    """The time to decide on the request is extended."""
    from .models import InfoExtension

    extension = InfoExtension.objects.select_related("request__entry__case").get(pk=extension_id)
    info_request = extension.request
    with translation.override(settings.LANGUAGE_CODE):
        _send(info_request=info_request, template="extension.txt", context={"extension": extension},
              subject=_("The decision on your request %(number)s will take longer")
              % {"number": info_request.number})


@task()
def send_forwarding_letter(info_request_id: int) -> None:
    """The information is not held here: the request went to the body that holds it."""
    info_request = _request(info_request_id)
    with translation.override(settings.LANGUAGE_CODE):
        _send(info_request=info_request, template="forwarded.txt",
              subject=_("Your request %(number)s was forwarded") % {"number": info_request.number})


@task()
def send_not_held_letter(info_request_id: int) -> None:
    """The information is not held, and the body that holds it is not known."""
    info_request = _request(info_request_id)
    with translation.override(settings.LANGUAGE_CODE):
        _send(info_request=info_request, template="not_held.txt",
              subject=_("The information you asked for in %(number)s is not held")
              % {"number": info_request.number})


@task()
def send_decision(info_request_id: int) -> None:
    """The decision, delivered by e-mail: a grant with the information (the files attached
    to the decision, the web address, the text), or a refusal with its grounds."""
    from .models import AccessForm, Outcome, RefusalGround

    info_request = _request(info_request_id)
    attachments = list(info_request.decision_entry.attachments.all()) if info_request.decision_entry_id else []
    with translation.override(settings.LANGUAGE_CODE):
        grounds = [str(RefusalGround(g).label) for g in info_request.refusal_grounds if g in RefusalGround.values]
        granted = info_request.outcome in (Outcome.GRANTED, Outcome.PARTIAL)
        _send(info_request=info_request, template="decision.txt", attachments=attachments if granted else (),
              context={"grounds": grounds, "granted": granted, "forms": [
                  str(AccessForm(f).label) for f in info_request.access_forms if f in AccessForm.values], "cost_lines": list(info_request.cost_lines.all())},
              subject=_("The decision on your request %(number)s") % {"number": info_request.number})
