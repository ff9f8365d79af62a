"""Writes of the feedback app (DOMAIN.md 4, "Feedback channels"): feedback received and
answered, ratings of closed cases and their invitations, survey answers at the desk,
improvements published.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.audit.services import Action, audit_record
from kancelaria.core.errors import KancelariaError, ValidationFailed
from kancelaria.registry.models import CaseFile, CaseStatus, Entry, Kind

from .models import Feedback, Improvement, RatingInvitation, SurveyAnswer

log = logging.getLogger(__name__)

# The rating link is valid this many days from the closing of the case.
RATING_VALID_DAYS = 14
# 16 random bytes: 128 bits, far beyond guessing.
TOKEN_BYTES = 16
TEXT_MAX = 5000
COMMENT_MAX = 2000

TEXT_REQUIRED = gettext_lazy("Write your praise, complaint or suggestion.")
TEXT_TOO_LONG = gettext_lazy("The text is too long: at most %(max)d characters.")
KIND_REQUIRED = gettext_lazy("Choose whether this is praise, a complaint or a suggestion.")
EMAIL_INVALID = gettext_lazy("Enter an e-mail address like name@example.com, or leave it empty.")
CONSENT_REQUIRED = gettext_lazy("To get an answer by e-mail, agree that we use your name and e-mail for it.")
SCORE_REQUIRED = gettext_lazy("Choose a rating from 1 to 5.")


class RatingClosed(KancelariaError):
    """The rating link has been used or has expired (`code` says which)."""


# --------------------------------------------------------------------------- feedback

def feedback_submit(*, kind: str, text: str, unit=None, service=None, name: str = "", email: str = "",
                    consent: bool = False) -> Feedback:
    """Store one opinion from the public. Name and e-mail are optional; an e-mail is kept
    only with the consent to be contacted."""
    text = (text or "").strip()
    name = (name or "").strip()[:200]
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in Feedback.Kind.values:
        errors["kind"] = [str(KIND_REQUIRED)]
    if not text:
        errors["text"] = [str(TEXT_REQUIRED)]
    elif len(text) > TEXT_MAX:
        errors["text"] = [str(TEXT_TOO_LONG) % {"max": TEXT_MAX}]
    if email:
        try:
            validate_email(email)
        except Exception:
            errors["email"] = [str(EMAIL_INVALID)]
        else:
            if not consent:
                errors["consent"] = [str(CONSENT_REQUIRED)]
    if errors:
        raise ValidationFailed(_("Check the form."), fields=errors)
    return Feedback.objects.create(kind=kind, text=text, unit=unit, service=service, name=name,
                                   email=email, consent=bool(consent and (email or name)))


def feedback_respond(*, actor, feedback: Feedback, response: str, status: str, request=None) -> Feedback:
    """Staff answer a feedback item and/or mark it as acted on."""
    response = (response or "").strip()
    if status not in Feedback.Status.values:
        raise ValidationFailed(_("Choose a status."), fields={"status": [_("Choose a status.")]})
    if status != Feedback.Status.NEW and not response:
        raise ValidationFailed(_("Write the response."), fields={"response": [_("Write the response.")]})
    before = {"status": feedback.status, "response": feedback.response}
    feedback.response = response
    feedback.status = status
    feedback.responded_at = timezone.now()
    feedback.responded_by = actor
    feedback.save(update_fields=["response", "status", "responded_at", "responded_by"])
    audit_record(actor=actor, action=Action.UPDATE, obj=feedback,
                 changes={"before": before, "after": {"status": status, "response": response}}, request=request)
    return feedback


# --------------------------------------------------------------------------- ratings

def _service_for(case: CaseFile):
    from kancelaria.catalogue.models import Service

    services = list(Service.objects.filter(index_id=case.index_id, is_active=True)[:2])
    return services[0] if len(services) == 1 else None


def rating_invitation_for(case: CaseFile) -> RatingInvitation | None:
    """The invitation to rate a closed case (created once, then returned); None while
    the case is not closed."""
    existing = RatingInvitation.objects.filter(case=case).first()
    if existing is not None:
        return existing
    if case.status != CaseStatus.CLOSED or case.closed_on is None:
        return None
    invitation = RatingInvitation(
        case=case, token=secrets.token_urlsafe(TOKEN_BYTES),
        valid_until=case.closed_on + dt.timedelta(days=RATING_VALID_DAYS),
        unit_id=case.holder_unit_id, service=_service_for(case),
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # made at the same moment elsewhere
        return RatingInvitation.objects.get(case=case)
    return invitation


def rating_url(invitation: RatingInvitation) -> str:
    return settings.PUBLIC_URL + reverse("feedback:rate", args=[invitation.token])


def rating_state(invitation: RatingInvitation, today: dt.date) -> str:
    """'open', 'used' or 'expired'."""
    if invitation.is_used:
        return "used"
    if today > invitation.valid_until:
        return "expired"
    return "open"


def case_rate(*, invitation: RatingInvitation, score, comment: str = "", today: dt.date) -> RatingInvitation:
    """Record the citizen's rating, once, within the validity of the link."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    comment = (comment or "").strip()
    if not 1 <= score <= 5:
        raise ValidationFailed(SCORE_REQUIRED, fields={"score": [str(SCORE_REQUIRED)]})
    if len(comment) > COMMENT_MAX:
        message = str(TEXT_TOO_LONG) % {"max": COMMENT_MAX}
        raise ValidationFailed(message, fields={"comment": [message]})
    state = rating_state(invitation, today)
    if state != "open":
        raise RatingClosed(_("This rating link can no longer be used."), code=state)
    # Once: only the first of two simultaneous submissions is stored.
    updated = RatingInvitation.objects.filter(pk=invitation.pk, rated_at__isnull=True).update(
        score=score, comment=comment, rated_at=timezone.now())
    if not updated:
        raise RatingClosed(_("This rating link can no longer be used."), code="used")
    invitation.refresh_from_db()
    return invitation


@dataclass
class InvitationReport:
    created: int = 0
    sent: int = 0
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "sent": self.sent, "failed": self.failed}


def _first_entries(case_ids) -> dict[int, Entry]:
    return {e.case_id: e for e in Entry.objects.filter(case_id__in=case_ids, ordinal=1)}


def rating_invitations_send(*, today: dt.date) -> InvitationReport:
    """Invite the senders of recently closed cases to rate them: cases closed within the
    last 14 days whose first document is incoming and gave an e-mail. Each invitation is
    e-mailed once, however often this runs."""
    report = InvitationReport()
    since = today - dt.timedelta(days=RATING_VALID_DAYS)
    cases = list(CaseFile.objects.filter(status=CaseStatus.CLOSED, closed_on__gte=since, closed_on__lte=today)
                 .select_related("rating_invitation"))
    firsts = _first_entries([c.pk for c in cases])
    for case in cases:
        first = firsts.get(case.pk)
        if first is None or first.kind != Kind.INCOMING or not first.correspondent_email:
            continue
        invitation = getattr(case, "rating_invitation", None)
        if invitation is None:
            invitation = rating_invitation_for(case)
            report.created += 1
        if invitation.sent_at is not None or invitation.is_used:
            continue
        # Claim the sending first: a second run at the same time finds it taken.
        if not RatingInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        try:
            _invitation_mail(invitation, first)
        except Exception as error:  # the mail server away: try again next run
            RatingInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)
            log.warning("rating invitation for %s not sent: %s", case.number, error)
            report.failed.append(case.number)
            continue
        report.sent += 1
    return report


def _invitation_mail(invitation: RatingInvitation, first: Entry) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("feedback/email/rating_invitation.txt", {
            "number": first.number, "url": rating_url(invitation), "valid_until": invitation.valid_until,
            "OFFICE_NAME": settings.OFFICE_NAME,
        })
        send_mail(subject=_("How did we handle your case %(number)s?") % {"number": first.number},
                  message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[first.correspondent_email])


# --------------------------------------------------------------------------- the desk survey

def survey_answer(*, unit, overall, waited_long=None, understood=None, polite=None) -> SurveyAnswer:
    try:
        overall = int(overall)
    except (TypeError, ValueError):
        overall = 0
    if not 1 <= overall <= 5:
        raise ValidationFailed(SCORE_REQUIRED, fields={"overall": [str(SCORE_REQUIRED)]})
    return SurveyAnswer.objects.create(unit=unit, overall=overall, waited_long=waited_long,
                                       understood=understood, polite=polite)


# --------------------------------------------------------------------------- improvements

def improvement_save(*, actor, improvement: Improvement, feedback_ids=(), request=None) -> Improvement:
    errors = {}
    if not (improvement.title or "").strip():
        errors["title"] = [_("Give the improvement a title.")]
    if not (improvement.description or "").strip():
        errors["description"] = [_("Say what changed.")]
    if not improvement.made_on:
        errors["made_on"] = [_("Enter the date of the change.")]
    if errors:
        raise ValidationFailed(_("Check the form."), fields=errors)
    created = improvement.pk is None
    if created:
        improvement.created_by = actor
    improvement.save()
    improvement.feedback.set(Feedback.objects.filter(pk__in=list(feedback_ids)))
    audit_record(actor=actor, action=Action.CREATE if created else Action.UPDATE, obj=improvement,
                 changes={"title": improvement.title, "published": improvement.is_published}, request=request)
    return improvement
