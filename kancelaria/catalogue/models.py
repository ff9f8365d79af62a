"""The catalogue of administrative services (DOMAIN.md 1).

Texts meant for citizens are stored per language (JSON: {"bg": ..., "en": ..., "pl": ...,
"uk": ...}; `i18n.text_in` picks the reader's language and falls back to Bulgarian).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import text_in


class TranslatedMixin:
    def t(self, field: str, language: str | None = None) -> str:
        return text_in(getattr(self, field), language)


class LifeSituation(TranslatedMixin, models.Model):
    """A situation in a citizen's life that services are grouped by (a birth, building a
    house, a new address, ...)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.JSONField(_("name"), default=dict)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.t("name")


class ReceiveChannel(models.TextChoices):
    DESK = "desk", _("at the desk")
    POST = "post", _("by post")
    EMAIL = "email", _("by e-mail")
    E_DELIVERY = "e_delivery", _("by secure electronic delivery")


class Service(TranslatedMixin, models.Model):
    code = models.CharField(_("code in the national register of services"), max_length=20, unique=True)
    name = models.JSONField(_("name"), default=dict)
    legal_basis = models.JSONField(_("legal basis"), default=dict, blank=True)
    who_may_apply = models.JSONField(_("who may apply"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT,
                             related_name="services")
    life_situations = models.ManyToManyField(LifeSituation, verbose_name=_("life situations"), blank=True,
                                             related_name="services")
    # Ways to submit (registry Channel codes) and to receive the result (ReceiveChannel codes).
    submit_channels = models.JSONField(_("ways to submit"), default=list, blank=True)
    receive_channels = models.JSONField(_("ways to receive the result"), default=list, blank=True)
    form_template = models.FileField(_("application form"), upload_to="catalogue/forms/", blank=True)
    index = models.ForeignKey("registry.Index", verbose_name=_("registered under index"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    is_complex = models.BooleanField(_("complex service (several units)"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("administrative service")
        verbose_name_plural = _("administrative services")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.t('name')}"

    ONLINE_CHANNELS = frozenset({"portal", "email", "e_delivery"})

    @property
    def can_apply_online(self) -> bool:
        """Offered, and its ways to submit name an electronic one (or are not given)."""
        return self.is_active and (not self.submit_channels or bool(self.ONLINE_CHANNELS & set(self.submit_channels)))

    def submit_channel_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the ways to submit, in the order stored; unknown codes are left out."""
        from kancelaria.registry.models import Channel

        return [(code, Channel(code).label) for code in self.submit_channels if code in Channel.values]

    def receive_channel_choices(self) -> list[tuple[str, str]]:
        return [(code, ReceiveChannel(code).label) for code in self.receive_channels
                if code in ReceiveChannel.values]

    def regular_tier(self) -> FeeTier | None:
        """The regular fee tier (read from prefetched tiers when there are any)."""
        return next((tier for tier in self.tiers.all() if tier.tier == FeeTier.Tier.REGULAR), None)


class RequiredDocument(TranslatedMixin, models.Model):
    class Source(models.TextChoices):
        APPLICANT = "applicant", _("brought by the applicant")
        OFFICE = "office", _("collected by the office from other registers")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    name = models.JSONField(_("document"), default=dict)
    source = models.CharField(_("provided"), max_length=10, choices=Source.choices, default=Source.APPLICANT)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "order", "id"]

    def __str__(self) -> str:
        return self.t("name")


class FeeTier(models.Model):
    class Tier(models.TextChoices):
        REGULAR = "regular", _("regular")
        FAST = "fast", _("fast")
        EXPRESS = "express", _("express")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    amount = models.DecimalField(_("fee"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    days = models.PositiveSmallIntegerField(_("deadline in days"))

    class Meta:
        ordering = ["service", "days"]
        constraints = [models.UniqueConstraint(fields=["service", "tier"], name="fee_tier_unique_service_tier")]

    def __str__(self) -> str:
        return f"{self.service.code} {self.get_tier_display()} {self.amount} {self.currency} / {self.days}"


class TechnologyStep(TranslatedMixin, models.Model):
    """One step of the service's technology card: which unit acts, in which order, how long."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    title = models.JSONField(_("step"), default=dict)
    days = models.PositiveSmallIntegerField(_("step deadline in working days"), default=1)

    class Meta:
        ordering = ["service", "order"]
        constraints = [models.UniqueConstraint(fields=["service", "order"], name="step_unique_service_order")]

    def __str__(self) -> str:
        return f"{self.service.code} #{self.order} {self.t('title')}"
