"""Requests for administrative services, their fees and payments, the deficiencies that
stop the clock, and the progress through the service's technology card (DOMAIN.md 1, 2,
3 and 7).

A request is a registered incoming application: its case file and first entry live in
the registry; this app adds what the service needs around them. Writes go through
`services.py`; nothing here has side effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kancelaria.catalogue.models import ReceiveChannel


class ServiceRequest(models.Model):
    class Status(models.TextChoices):
        # Registered, paid (or free), the first step of the technology card not yet done.
        REGISTERED = "registered", _("registered")
        AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
        IN_PROGRESS = "in_progress", _("in progress")
        DEFICIENCY = "deficiency", _("waiting for missing documents")
        READY = "ready", _("ready to be issued")
        ISSUED = "issued", _("issued")
        WITHDRAWN = "withdrawn", _("withdrawn")

        @classmethod
        def finished(cls) -> set[str]:
            return {cls.ISSUED, cls.WITHDRAWN}

    case = models.OneToOneField("registry.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT,
                                related_name="service_request")
    entry = models.OneToOneField("registry.Entry", verbose_name=_("application"), on_delete=models.PROTECT,
                                 related_name="service_request")
    service = models.ForeignKey("catalogue.Service", verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="requests")
    tier = models.ForeignKey("catalogue.FeeTier", verbose_name=_("tier"), on_delete=models.PROTECT,
                             related_name="+")
    receive_channel = models.CharField(_("result received"), max_length=12, choices=ReceiveChannel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED,
                              db_index=True)
    fee_amount = models.DecimalField(_("fee"), max_digits=10, decimal_places=2)
    fee_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # The day the period is counted from (the registration date, or for post that came
    # outside working hours the day before the next working day), kept so that the
    # deadline can be recomputed with every pause.
    counted_from = models.DateField(_("counted from"))
    deadline = models.DateField(_("deadline"))
    # [{"id": RequiredDocument id, "name": its name when the request was made}]: a warning
    # recorded at the desk, never a reason to refuse (DOMAIN.md 2).
    missing_documents = models.JSONField(_("documents not brought"), default=list, blank=True)
    current_step = models.ForeignKey("catalogue.TechnologyStep", verbose_name=_("current step"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_how = models.CharField(_("issued"), max_length=12, choices=ReceiveChannel.choices, blank=True)
    issued_to = models.CharField(_("received by"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entry.number} {self.service.code}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.Status.finished()

    @property
    def is_free(self) -> bool:
        return self.fee_amount <= 0


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("cash desk")
        CARD = "card", _("card terminal")
        BANK_TRANSFER = "bank_transfer", _("bank transfer")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed")
        REFUNDED = "refunded", _("refunded")

    request = models.ForeignKey(ServiceRequest, verbose_name=_("request"), on_delete=models.PROTECT,
                                related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Our reference, given to the provider (random, unguessable); the provider's own id.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    provider = models.CharField(_("provider"), max_length=30, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} {self.currency} {self.status}"


class Deficiency(models.Model):
    """Missing or wrong documents noticed after registration: the applicant is told
    what to fix and by when; the clock stops from the day after the notice until the day
    it is fixed (DOMAIN.md 3, "pause")."""

    request = models.ForeignKey(ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="deficiencies")
    noticed_on = models.DateField(_("noticed on"))
    description = models.TextField(_("what is missing"))
    fix_by = models.DateField(_("to be fixed by"))
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    status_before = models.CharField(max_length=20, choices=ServiceRequest.Status.choices)
    noticed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("deficiency")
        verbose_name_plural = _("deficiencies")
        ordering = ["noticed_on", "id"]

    def __str__(self) -> str:
        return f"{self.noticed_on} {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.fixed_on is None


class StepProgress(models.Model):
    """One step of the technology card as it went for this request."""

    request = models.ForeignKey(ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="progress")
    step = models.ForeignKey("catalogue.TechnologyStep", verbose_name=_("step"), on_delete=models.PROTECT,
                             related_name="+")
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"))
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        ordering = ["started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "step"], name="step_progress_unique")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.step_id}"
