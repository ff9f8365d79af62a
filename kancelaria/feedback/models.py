"""Feedback and satisfaction (DOMAIN.md 4, "Feedback channels"; 004 §33; charter 000;
002 "independent satisfaction assessment"): the web form for praise, complaints about
the service and suggestions, the citizen's rating of a closed case, the survey at the
desk, and the improvements made, which are published ("You told us, we did").

Writes go through `services.py`; nothing here has side effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """One opinion sent through the web form or the API. Not a registered document: staff
    answer it here (a formal complaint or proposal goes through the registry)."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("praise")
        COMPLAINT = "complaint", _("complaint about the service")
        SUGGESTION = "suggestion", _("suggestion")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")
        ACTED_ON = "acted_on", _("acted on")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    service = models.ForeignKey("catalogue.Service", verbose_name=_("service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responded by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_at:%d.%m.%Y}"


class RatingInvitation(models.Model):
    """The invitation to rate a closed case: a random token, valid 14 days from the
    closing, used once. The unit and the service are taken when it is made."""

    case = models.OneToOneField("registry.CaseFile", verbose_name=_("case file"), on_delete=models.CASCADE,
                                related_name="rating_invitation")
    token = models.CharField(max_length=64, unique=True)
    valid_until = models.DateField(_("valid until"))
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    service = models.ForeignKey("catalogue.Service", verbose_name=_("service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating invitation")
        verbose_name_plural = _("rating invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}"

    @property
    def is_used(self) -> bool:
        return self.rated_at is not None


class SurveyAnswer(models.Model):
    """One answer to the survey card at the desk (the kiosk)."""

    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), validators=SCORE_VALIDATORS)
    waited_long = models.BooleanField(_("waited long"), null=True)
    understood = models.BooleanField(_("understood the explanation"), null=True)
    polite = models.BooleanField(_("polite staff"), null=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.overall}"


class Improvement(models.Model):
    """An improvement made after feedback, published on "You told us, we did"."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what changed"))
    made_on = models.DateField(_("date"))
    feedback = models.ManyToManyField(Feedback, verbose_name=_("related feedback"), blank=True,
                                      related_name="improvements")
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return self.title
