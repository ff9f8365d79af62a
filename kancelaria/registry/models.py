"""The registry: the nomenclature of case files, case files, register entries, their
attachments and the hash-chained register.

Rules: DOMAIN.md section 2. Writes go through `services.py`; nothing here has side
effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Index(models.Model):
    """A registration index from the nomenclature of case files (e.g. `94-00`)."""

    class Scope(models.TextChoices):
        YEARLY = "yearly", _("a new sequence every calendar year")
        CONTINUOUS = "continuous", _("one continuous sequence")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=250)
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"), null=True, blank=True,
        help_text=_("Empty means permanent retention."),
    )
    numbering_scope = models.CharField(
        _("numbering scope"), max_length=12, choices=Scope.choices, default=Scope.YEARLY
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("index")
        verbose_name_plural = _("indexes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def numbering_year(self, year: int) -> int:
        return year if self.numbering_scope == self.Scope.YEARLY else 0


class Counter(models.Model):
    """The last sequence number given under an index in a numbering year (0: continuous)."""

    index = models.ForeignKey(Index, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index", "year"], name="counter_unique_index_year")]

    def __str__(self) -> str:
        return f"{self.index_id}/{self.year}: {self.last_value}"


class RegisterChain(models.Model):
    """The head of an index's hash chain. Locked by every write into that index, so
    registrations into one index are serialised and the chain stays linear."""

    index = models.OneToOneField(Index, on_delete=models.PROTECT, related_name="chain")
    length = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.index_id}: {self.length}"


class Kind(models.TextChoices):
    INCOMING = "incoming", _("incoming")
    OUTGOING = "outgoing", _("outgoing")
    INTERNAL = "internal", _("internal")


class DocumentType(models.TextChoices):
    LETTER = "letter", _("letter")
    REPORT = "report", _("report")
    MEMO = "memo", _("memo")
    OPINION = "opinion", _("opinion")
    EMAIL = "email", _("e-mail")
    APPLICATION = "application", _("application")
    OBJECTION = "objection", _("objection")
    SIGNAL = "signal", _("signal")
    COMPLAINT = "complaint", _("complaint")
    PROPOSAL = "proposal", _("proposal")
    INFO_REQUEST = "info_request", _("request for access to public information")
    INFO_ANSWER = "info_answer", _("decision granting access to information")
    INFO_REFUSAL = "info_refusal", _("refusal of access to information")
    SPATIAL_APPLICATION = "spatial_application", _("spatial-planning application")
    SPATIAL_ACT = "spatial_act", _("spatial-planning act")
    ORDER = "order", _("order")
    CONTRACT = "contract", _("contract")
    INTERNAL_RULES = "internal_rules", _("internal rules")
    PROTOCOL = "protocol", _("protocol")
    VIOLATION_STATEMENT = "violation_statement", _("statement of an administrative violation")
    PENAL_DECREE = "penal_decree", _("penal decree")
    PENAL_WARNING = "penal_warning", _("written warning (minor case)")
    PENAL_TERMINATION = "penal_termination", _("resolution terminating penal proceedings")
    PENAL_TICKET = "penal_ticket", _("on-the-spot ticket")
    WITHDRAWAL = "withdrawal", _("withdrawal of a request")
    FORWARDING = "forwarding", _("forwarding to the competent body")
    ANSWER = "answer", _("answer")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    DESK = "desk", _("in person at the desk")
    POST = "post", _("licensed post")
    EMAIL = "email", _("e-mail")
    FAX = "fax", _("fax")
    PORTAL = "portal", _("web portal")
    EXCHANGE = "exchange", _("exchange between administrations")
    E_DELIVERY = "e_delivery", _("secure electronic delivery")
    ORAL = "oral", _("oral (protocol)")
    INTERNAL = "internal", _("internal")


class CorrespondentKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered, to be sent")
    CLOSED = "closed", _("closed")
    NO_PROCEEDINGS = "no_proceedings", _("registered, no proceedings")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    WITHDRAWN = "withdrawn", _("withdrawn and archived")

    @classmethod
    def finished(cls) -> set[str]:
        """An answer that is registered but not yet sent or handed over does not close
        the case (DOMAIN.md 3)."""
        return {cls.CLOSED, cls.NO_PROCEEDINGS, cls.FORWARDED, cls.WITHDRAWN}


class CaseFile(models.Model):
    """All documents registered under one number (преписка)."""

    index = models.ForeignKey(Index, verbose_name=_("index"), on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("numbering year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("number"), max_length=60)
    opened_on = models.DateField(_("registered on"))
    subject = models.CharField(_("subject"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    holder_unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("held by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="held_cases",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Random, at least 40 bits, never derived from the number: the citizen's key.
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["-opened_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "sequence"], name="case_unique_index_year_sequence"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_finished(self) -> bool:
        return self.status in CaseStatus.finished()

    def deadline_state(self, today=None) -> str:
        """'none', 'met', 'missed', 'on_time' or 'overdue'."""
        if not self.deadline:
            return "none"
        if self.is_finished:
            return "met" if self.closed_on and self.closed_on <= self.deadline else "missed"
        today = today or timezone.localdate()
        return "on_time" if today <= self.deadline else "overdue"


class Entry(models.Model):
    """One registered document. The first entry opens the case file; later entries of
    the same matter join it with their own date and an ordinal."""

    class Relation(models.TextChoices):
        AMENDS = "amends", _("amends")
        CANCELS = "cancels", _("cancels")

    case = models.ForeignKey(CaseFile, verbose_name=_("case file"), on_delete=models.PROTECT, related_name="entries")
    ordinal = models.PositiveSmallIntegerField(_("ordinal in the case file"))
    number = models.CharField(_("register number"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    registered_at = models.DateTimeField(_("registered at"), db_index=True)
    registered_on = models.DateField(_("registration date"), db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
        on_delete=models.PROTECT, related_name="registered_entries",
    )
    subject = models.CharField(_("subject"), max_length=500)
    # The correspondent as given on the document (a snapshot: the register never changes
    # behind a registered entry's back).
    correspondent_kind = models.CharField(
        _("correspondent kind"), max_length=12, choices=CorrespondentKind.choices, blank=True
    )
    correspondent_name = models.CharField(_("correspondent"), max_length=250, blank=True)
    correspondent_egn = models.CharField(_("personal number (EGN)"), max_length=10, blank=True)
    correspondent_eik = models.CharField(_("EIK/BULSTAT"), max_length=13, blank=True)
    correspondent_address = models.CharField(_("address"), max_length=300, blank=True)
    correspondent_email = models.EmailField(_("e-mail"), blank=True)
    correspondent_phone = models.CharField(_("phone"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    attachments_description = models.CharField(_("paper attachments"), max_length=500, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    your_reference = models.CharField(_("your No."), max_length=80, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_incomplete = models.BooleanField(_("incomplete"), default=False)
    incomplete_warning = models.TextField(_("warning given"), blank=True)
    answers = models.ForeignKey(
        "self", verbose_name=_("answers"), null=True, blank=True, on_delete=models.PROTECT, related_name="answered_by"
    )
    related = models.ForeignKey(
        "self", verbose_name=_("amends or cancels"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="amended_by",
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["-registered_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "ordinal"], name="entry_unique_case_ordinal")]

    def __str__(self) -> str:
        return self.number

    @property
    def index(self) -> Index:
        return self.case.index


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RegisterRecord(models.Model):
    """An append-only, hash-chained record of a registration or a correction.

    `hash = sha256(prev_hash + payload)`, where `payload` is the canonical JSON of the
    entry as registered (or as corrected). Database triggers refuse UPDATE and DELETE.
    """

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("registration")
        CORRECTION = "correction", _("correction")

    index = models.ForeignKey(Index, on_delete=models.PROTECT, related_name="records")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="records")
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    reason = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    payload = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("register record")
        verbose_name_plural = _("register records")
        ordering = ["index_id", "position"]
        constraints = [models.UniqueConstraint(fields=["index", "position"], name="record_unique_index_position")]

    def __str__(self) -> str:
        return f"{self.index_id}#{self.position}"


class CaseMovement(models.Model):
    """Where a case file is: the trail the citizen sees when tracking (units only)."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("registered")
        SENT = "sent", _("sent to unit")
        DOCUMENT_ADDED = "document_added", _("document added")
        ANSWERED = "answered", _("answered")
        EXTENDED = "extended", _("deadline extended")
        FORWARDED = "forwarded", _("forwarded to the competent body")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CLOSED = "closed", _("closed")

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="movements")
    at = models.DateTimeField(_("time"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), null=True, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class OffensiveAnonymousRecord(models.Model):
    """Anonymous documents with insults are not registered: they are logged here for
    the Secretary (DOMAIN.md 2)."""

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    description = models.TextField(_("description"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    handed_to_secretary_at = models.DateTimeField(_("handed to the Secretary"), null=True, blank=True)

    class Meta:
        verbose_name = _("offensive anonymous document")
        verbose_name_plural = _("offensive anonymous documents (log for the Secretary)")
        ordering = ["-received_at"]
        permissions = [("view_offensive_log", _("Can see the log of offensive anonymous documents"))]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.get_channel_display()}"
