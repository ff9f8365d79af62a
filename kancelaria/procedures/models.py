"""Proposals, signals and complaints (DOMAIN.md section 4): the procedure kept beside
the registry's case file, with its statutory clocks.

- Proposals and signals: decision within 2 months of receipt; a proposal may be extended
  up to 6 months in total, a signal by at most 2 more months; the sender is told.
- A decision is written and reasoned, and reaches the sender within 7 days.
- No proceedings on anonymous proposals and signals, nor on signals about violations
  older than two years; a signal repeated on a decided matter is not assigned unless it
  concerns the execution of the decision or brings new facts.
- The mayor orders how, by when and by whom a decision is executed; the proceedings end
  with its execution.
- Complaints: their own register, the required content checked at intake (never a
  refusal), decision within one month from when the responsible officer receives the file.
- Corruption signals: their own register, visible only with `view_corruption_register`.

Writes go through `services.py`; nothing here has side effects in `save()`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcedureKind(models.TextChoices):
    PROPOSAL = "proposal", _("proposal")
    SIGNAL = "signal", _("signal")
    COMPLAINT = "complaint", _("complaint")
    CORRUPTION_SIGNAL = "corruption_signal", _("corruption signal")


class IntakeChannel(models.TextChoices):
    PORTAL = "portal", _("web portal")
    DESK = "desk", _("in person at the desk")
    EMAIL = "email", _("e-mail")
    HOTLINE = "hotline", _("hotline (oral, by protocol)")
    POST = "post", _("post or fax")


class NoProceedingsReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("anonymous: no names and address of the sender")
    OLD_VIOLATION = "old_violation", _("the violation was committed more than two years ago")
    REPEAT = "repeat", _("repeated on a decided matter without new facts")


class RepeatKind(models.TextChoices):
    EXECUTION = "execution", _("concerns the execution of the decision")
    NEW_FACTS = "new_facts", _("brings new facts and circumstances")
    PLAIN = "plain", _("a plain repeat")


class NotifyHow(models.TextChoices):
    EMAIL = "email", _("by e-mail")
    POST = "post", _("by post")
    HANDOVER = "handover", _("handed over in person")
    E_DELIVERY = "e_delivery", _("secure electronic delivery")


class ProcedureStatus(models.TextChoices):
    NO_PROCEEDINGS = "no_proceedings", _("no proceedings")
    AWAITING_FILE = "awaiting_file", _("waiting for the responsible officer")
    OPEN = "open", _("awaiting the decision")
    DECIDED = "decided", _("decided, the sender not yet told")
    NOTIFIED = "notified", _("decided and communicated")
    EXECUTING = "executing", _("being executed")
    CLOSED = "closed", _("proceedings ended")


# The required content of a complaint (004, "Форма на жалбите"), in the order of the rules.
COMPLAINT_ITEMS = (
    ("names_address", _("names and address for correspondence")),
    ("contacts", _("phone, fax or e-mail, if any")),
    ("entity_data", _("legal-entity data (name, seat, EIK) when a company complains")),
    ("act_contested", _("the act contested")),
    ("authority", _("the authority the complaint is addressed to")),
    ("objections", _("the objections and their grounds")),
    ("request", _("the request")),
    ("signature", _("the sender's signature")),
)
# A general complaint (not against an act) needs items 1, 2, 3, 5 and 8.
GENERAL_COMPLAINT_ITEMS = ("names_address", "contacts", "entity_data", "authority", "signature")


class CheckState(models.TextChoices):
    PRESENT = "present", _("present")
    MISSING = "missing", _("missing")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Procedure(models.Model):
    case = models.OneToOneField("registry.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT,
                                related_name="procedure")
    entry = models.OneToOneField("registry.Entry", verbose_name=_("document"), on_delete=models.PROTECT,
                                 related_name="procedure")
    kind = models.CharField(_("kind"), max_length=20, choices=ProcedureKind.choices, db_index=True)
    channel = models.CharField(_("received through"), max_length=10, choices=IntakeChannel.choices)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("text"), blank=True)
    violation_date = models.DateField(_("date of the violation"), null=True, blank=True)

    no_proceedings_reason = models.CharField(_("no proceedings because"), max_length=20,
                                             choices=NoProceedingsReason.choices, blank=True)
    no_proceedings_on = models.DateField(_("no proceedings recorded on"), null=True, blank=True)

    repeat_of = models.ForeignKey("self", verbose_name=_("repeats"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="repeats")
    repeat_kind = models.CharField(_("kind of repeat"), max_length=12, choices=RepeatKind.choices, blank=True)

    complaint_checks = models.JSONField(_("content of the complaint checked at intake"), default=dict, blank=True)
    complaint_general = models.BooleanField(_("general complaint (not against an act)"), default=False)
    file_received_on = models.DateField(_("file received by the responsible officer on"), null=True, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible officer"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    decision_due = models.DateField(_("decision due"), null=True, blank=True, db_index=True)
    decision_limit = models.DateField(_("latest decision date the rules allow"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    notify_due = models.DateField(_("the sender to be told by"), null=True, blank=True)
    notified_on = models.DateField(_("the sender told on"), null=True, blank=True)
    notify_how = models.CharField(_("told how"), max_length=12, choices=NotifyHow.choices, blank=True)

    execution_how = models.TextField(_("how the decision is executed"), blank=True)
    execution_due = models.DateField(_("execution due"), null=True, blank=True)
    executor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible for the execution"),
                                 null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    execution_ordered_on = models.DateField(_("execution ordered on"), null=True, blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal, signal or complaint")
        verbose_name_plural = _("proposals, signals and complaints")
        ordering = ["-received_on", "-id"]
        permissions = [("view_corruption_register", _("Can see the register of corruption signals"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entry.number if self.entry_id else ''}".strip()

    # ------------------------------------------------------------------ state

    @property
    def has_proceedings(self) -> bool:
        return not self.no_proceedings_reason

    @property
    def ends_with_execution(self) -> bool:
        """Proposals and signals end with the execution of the decision; a complaint ends
        when its decision is communicated."""
        return self.kind != ProcedureKind.COMPLAINT

    @property
    def is_finished(self) -> bool:
        if not self.has_proceedings:
            return True
        if self.ends_with_execution:
            return self.executed_on is not None
        return self.notified_on is not None

    @property
    def status(self) -> str:
        if not self.has_proceedings:
            return ProcedureStatus.NO_PROCEEDINGS
        if self.decided_on is None:
            if self.kind == ProcedureKind.COMPLAINT and self.file_received_on is None:
                return ProcedureStatus.AWAITING_FILE
            return ProcedureStatus.OPEN
        if self.notified_on is None:
            return ProcedureStatus.DECIDED
        if not self.ends_with_execution or self.executed_on is not None:
            return ProcedureStatus.CLOSED
        if self.execution_ordered_on is not None:
            return ProcedureStatus.EXECUTING
        return ProcedureStatus.NOTIFIED

    def get_status_display(self) -> str:
        return str(ProcedureStatus(self.status).label)

    def decision_overdue(self, today: dt.date | None = None) -> bool:
        """Undecided after its due date, or decided after it."""
        if self.decision_due is None or not self.has_proceedings:
            return False
        day = self.decided_on or today or timezone.localdate()
        return day > self.decision_due

    def notify_late(self, today: dt.date | None = None) -> bool:
        """The decision did not reach (or has not yet reached) the sender within 7 days."""
        if self.notify_due is None:
            return False
        day = self.notified_on or today or timezone.localdate()
        return day > self.notify_due

    def execution_overdue(self, today: dt.date | None = None) -> bool:
        if self.execution_due is None:
            return False
        day = self.executed_on or today or timezone.localdate()
        return day > self.execution_due

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None

    @property
    def complaint_missing(self) -> list[str]:
        """The keys of the required content that the complaint lacks."""
        return [key for key, _label in COMPLAINT_ITEMS
                if self.complaint_checks.get(key) == CheckState.MISSING]


class ProcedureExtension(models.Model):
    """A longer decision deadline: for a proposal up to 6 months in total, for a signal
    by at most 2 more months; the sender is told (DOMAIN.md 4)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="extensions")
    old_due = models.DateField(_("old deadline"))
    new_due = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    # The extension of the resolution's deadline made with it, when there was one.
    control_extension = models.ForeignKey("control.Extension", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    sender_notified = models.BooleanField(_("sender told by e-mail"), default=False)

    class Meta:
        verbose_name = _("extension of the decision deadline")
        verbose_name_plural = _("extensions of the decision deadline")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.old_due} -> {self.new_due}"
