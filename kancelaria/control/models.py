"""Resolutions and deadline control (DOMAIN.md section 3).

An incoming document is routed to its first resolver (a RESOLVE assignment). A
resolution names the executors (EXECUTE assignments; the lead leads, the others give
their opinion one working day before the deadline), or closes the document ("to file",
"for information"). An executor who is himself a manager may resolve further (cascade).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kancelaria.registry.models import DocumentType


class RoutingRule(models.Model):
    """Who resolves an incoming document first: by index and/or document type; a rule
    with neither is the default. The most specific rule wins."""

    index = models.ForeignKey("registry.Index", verbose_name=_("index"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+")
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices, blank=True)
    resolver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("first resolver"),
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["index", "doc_type"], name="routing_unique_index_type",
                                               nulls_distinct=False)]

    def __str__(self) -> str:
        return f"{self.index or '*'} / {self.doc_type or '*'} -> {self.resolver}"

    @property
    def specificity(self) -> int:
        return (2 if self.index_id else 0) + (1 if self.doc_type else 0)


class Resolution(models.Model):
    class Kind(models.TextChoices):
        EXECUTE = "execute", _("for execution")
        TO_FILE = "to_file", _("to file")
        FOR_INFORMATION = "for_information", _("for information")

    class Basis(models.TextChoices):
        DEFAULT = "default", _("7 days from the assignment")
        URGENT = "urgent", _("urgent: the same day")
        STATUTORY = "statutory", _("the statutory deadline")
        GIVEN = "given", _("set by the resolver")

    entry = models.ForeignKey("registry.Entry", verbose_name=_("document"), on_delete=models.PROTECT,
                              related_name="resolutions")
    case = models.ForeignKey("registry.CaseFile", on_delete=models.PROTECT, related_name="resolutions")
    resolver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolver"), on_delete=models.PROTECT,
                                 related_name="resolutions_given")
    # The assignment this resolution carries out (the resolver's own RESOLVE assignment,
    # or his EXECUTE assignment when he passes the work further down).
    parent = models.ForeignKey("Assignment", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="child_resolutions")
    kind = models.CharField(_("resolution"), max_length=20, choices=Kind.choices)
    task = models.TextField(_("task"), blank=True)
    resolved_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_basis = models.CharField(_("deadline basis"), max_length=12, choices=Basis.choices, blank=True)
    deadline_explanation = models.JSONField(default=dict, blank=True)
    statutory_limit = models.DateField(_("latest date the law allows"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} – {self.get_kind_display()}"


class Assignment(models.Model):
    """One person's part of the work on a document."""

    class Role(models.TextChoices):
        RESOLVE = "resolve", _("to resolve")
        EXECUTE = "execute", _("to execute")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DELEGATED = "delegated", _("resolved further")
        CLOSED = "closed", _("closed")
        REASSIGNED = "reassigned", _("reassigned")

    entry = models.ForeignKey("registry.Entry", verbose_name=_("document"), on_delete=models.PROTECT,
                              related_name="assignments")
    case = models.ForeignKey("registry.CaseFile", on_delete=models.PROTECT, related_name="assignments")
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="assignments")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"),
                                 on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    is_lead = models.BooleanField(_("lead executor"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    opinion_deadline = models.DateField(_("opinion due to the lead by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_on = models.DateField(_("assigned on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    reassigned_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="reassigned_to")
    # Reminders already sent (so the scheduler sends each once).
    reminded_due_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)
    reminded_opinion_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["assignee", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.entry} → {self.assignee} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_co_executor(self) -> bool:
        return self.role == self.Role.EXECUTE and not self.is_lead


class AssignmentNote(models.Model):
    """Progress recorded by an executor, with an optional draft file."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    text = models.TextField(_("note"), blank=True)
    file = models.FileField(_("draft"), upload_to="drafts/%Y/%m/", max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.at:%Y-%m-%d}"


class Extension(models.Model):
    class By(models.TextChoices):
        RESOLVER = "resolver", _("the resolver")
        MANAGER = "manager", _("the direct manager, on the executor's memo")

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="extensions")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by = models.CharField(_("granted by"), max_length=10, choices=By.choices)
    old_deadline = models.DateField(_("old deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    memo = models.FileField(_("executor's memo"), upload_to="memos/%Y/%m/", max_length=300, blank=True)
    memo_sha256 = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    citizen_notified = models.BooleanField(_("sender notified"), default=False)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.resolution_id}: {self.old_deadline} -> {self.new_deadline}"


class Absence(models.Model):
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="absences")
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("substitute"),
                                   on_delete=models.PROTECT, related_name="substitutions")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-first_day", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")),
                                              name="absence_ends_after_it_begins")]

    def __str__(self) -> str:
        return f"{self.employee}: {self.first_day} – {self.last_day}"


class Dispatch(models.Model):
    """How an outgoing answer left the office: sent electronically, by post, or handed
    over (name of the recipient and date). It closes the case (DOMAIN.md 3)."""

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("sent electronically")
        POST = "post", _("sent by post")
        HANDOVER = "handover", _("handed over in person")

    entry = models.OneToOneField("registry.Entry", on_delete=models.PROTECT, related_name="dispatch")
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    on = models.DateField(_("date"))
    recipient_name = models.CharField(_("received by"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.entry} {self.get_method_display()} {self.on}"


class ScheduledRun(models.Model):
    """A periodic job that has run for a day (the scheduler runs each job once a day)."""

    job = models.CharField(max_length=60)
    day = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="scheduled_run_unique_job_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
