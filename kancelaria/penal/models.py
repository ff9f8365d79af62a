"""Administrative-penal proceedings (DOMAIN.md 9; the Momchilgrad internal rules of 2024
under ЗАНН, the Administrative Violations and Sanctions Act).

- A statement of violation (АУАН) opens a case. Every statement received is registered
  with a sequence number under its own index ("АУАН"), and that number IS the number of
  the penal case ("АНП 12/2026"); the penal decree is numbered "НП-12/2026". A case may
  also be opened from a file sent by a court or a prosecutor (art. 36(2)): `origin`.
- The statement carries the content art. 42 requires (author, dates, place, description,
  provisions breached, offender, witnesses, explanations, injured persons, evidence and
  seized items, whether the offender wants secure e-delivery).
- Clocks, all from the deadline engine (`kancelaria.calendars.due_date`) and each kept
  with its explanation (`*_x`, the engine's `as_dict()`): written objections within
  7 days of the statement's delivery; the file to the penalising authority within 14 days
  of delivery; the file to the lawyer within 3 days of the statement's receipt and the
  lawyer's opinion within 3 days of his receiving it; the decree drafted within 3 days of
  the mayor's decision; an appeal within 14 days of the decree's delivery.
- Limits that end the case (art. 34): no statement within 3 months of discovering the
  offender, or one year after the violation (checked when the statement is registered;
  a late statement is registered and flagged, and only termination may follow); no
  penal decree within 6 months of the statement, a clock that stops while the offender
  cannot be found (`OffenderNotFound` periods, passed to the engine as pauses).
- Findings (констативни протоколи) show the statement-by date before the first two
  limits bite; on-the-spot tickets (фиш, art. 39) settle minor cases at once.

Writes go through `services.py`; nothing here has side effects in `save()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DISTRICT_COURT = "Районен съд – Кърджали"
TICKET_FINE = Decimal("10.00")
CURRENCY = "EUR"


class Origin(models.TextChoices):
    STATEMENT = "statement", _("a statement of violation drawn up by an official")
    COURT = "court", _("a file sent by a court (art. 36(2))")
    PROSECUTOR = "prosecutor", _("a file sent by a prosecutor (art. 36(2))")


class OffenderKind(models.TextChoices):
    PERSON = "person", _("a Bulgarian citizen")
    FOREIGNER = "foreigner", _("a foreigner")
    ENTITY = "entity", _("a legal entity or sole trader")


class WitnessBasis(models.TextChoices):
    PRESENT = "present", _("witnesses present at the violation or its finding")
    OTHER_TWO = "other_two", _("two other witnesses, none having been present (art. 40(3))")
    OFFICIAL_DOCUMENTS = "official_documents", _("established from official documents, no witnesses (art. 40(4))")


class StatementDelivery(models.TextChoices):
    SIGNED = "signed", _("the offender signed it and received a copy")
    REFUSED = "refused", _("the offender refused to sign, certified by a witness")
    ABSENT = "absent", _("drawn up in his absence and presented to him later")


class DecisionKind(models.TextChoices):
    DECREE = "decree", _("penal decree")
    WARNING = "warning", _("written warning (minor case, art. 28)")
    TERMINATION = "termination", _("termination of the proceedings (art. 34)")


class SanctionType(models.TextChoices):
    FINE = "fine", _("fine")
    PROPERTY_SANCTION = "property_sanction", _("property sanction")
    DEPRIVATION = "deprivation", _("temporary deprivation of the right to practise a profession or activity")
    PUBLIC_CENSURE = "public_censure", _("public censure")


class TerminationGround(models.TextChoices):
    DIED = "died", _("the offender died")
    MENTAL_DISORDER = "mental_disorder", _("the offender fell into a permanent mental disorder")
    LAW_OR_AMNESTY = "law_or_amnesty", _("provided by a law or an amnesty")
    NO_STATEMENT_3_MONTHS = "no_statement_3_months", _("no statement within 3 months of discovering the offender")
    ONE_YEAR = "one_year", _("one year has passed since the violation")
    NO_DECREE_6_MONTHS = "no_decree_6_months", _("no penal decree within 6 months of the statement")
    OTHER = "other", _("other circumstances (art. 33 or 54), with reasons")


class DecreeDelivery(models.TextChoices):
    SIGNATURE = "signature", _("against the offender's signature")
    POST = "post", _("by post with a return receipt")
    E_DELIVERY = "e_delivery", _("by secure electronic delivery")
    REFUSED = "refused", _("refusal to sign, certified by a witness")
    NOT_FOUND = "not_found", _("not found at the address, new address unknown (deemed delivered)")


class AppealOutcome(models.TextChoices):
    PENDING = "", _("not known yet")
    CONFIRMED = "confirmed", _("the decree was confirmed")
    AMENDED = "amended", _("the decree was amended")
    REVOKED = "revoked", _("the decree was revoked")


class Stage(models.TextChoices):
    REGISTERED = "registered", _("statement registered, not yet delivered")
    DELIVERED = "delivered", _("statement delivered")
    WITH_LAWYER = "with_lawyer", _("with the lawyer for an opinion")
    AWAITING_DECISION = "awaiting_decision", _("awaiting the mayor's decision")
    DRAFTING = "drafting", _("decree being drafted")
    DECREE_ISSUED = "decree_issued", _("decree issued, not yet delivered")
    DECREE_DELIVERED = "decree_delivered", _("decree delivered, appeal period running")
    APPEALED = "appealed", _("appealed before the court")
    FINAL = "final", _("decree final")
    CLOSED = "closed", _("closed by a warning or a termination")


# What a refusal means for the case page (`Refusal.after`).
DONE = ""            # the step is done, or does not apply to this case: nothing to show
BARRED = "barred"    # a limit bars the step for good: the page says so


@dataclass(frozen=True)
class Refusal:
    """Why the state of a case refuses a step: the field and the message its service
    reports, and `after`: the step that must come first (the page shows the message while
    that step is open), BARRED, or DONE."""

    field: str
    message: str
    after: str = DONE


OPEN_STAGES = (Stage.REGISTERED, Stage.DELIVERED, Stage.WITH_LAWYER, Stage.AWAITING_DECISION, Stage.DRAFTING)


class PenalCase(models.Model):
    """An administrative-penal case (АНП): the statement of violation and everything after."""

    case = models.OneToOneField("registry.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT,
                                related_name="penal_case")
    entry = models.OneToOneField("registry.Entry", verbose_name=_("statement as registered"),
                                 on_delete=models.PROTECT, related_name="penal_case")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("case number"), help_text=_("The statement's sequence number."))
    origin = models.CharField(_("opened by"), max_length=12, choices=Origin.choices, default=Origin.STATEMENT)
    origin_reference = models.CharField(_("court or prosecutor's file"), max_length=200, blank=True)
    received_on = models.DateField(_("statement received on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED,
                             db_index=True)

    # The statement (art. 42)
    author_name = models.CharField(_("drawn up by"), max_length=200)
    author_position = models.CharField(_("position of the author"), max_length=200)
    drawn_up_on = models.DateField(_("drawn up on"))
    violation_date = models.DateField(_("date of the violation"))
    violation_place = models.CharField(_("place of the violation"), max_length=300)
    description = models.TextField(_("description of the violation"))
    circumstances = models.TextField(_("circumstances"), blank=True)
    provisions = models.JSONField(_("provisions breached"), default=list,
                                  help_text=_("Each: act, article, paragraph, point."))
    offender_kind = models.CharField(_("offender"), max_length=10, choices=OffenderKind.choices)
    offender_name = models.CharField(_("offender's names"), max_length=250)
    offender_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    offender_address = models.CharField(_("offender's address"), max_length=300)
    offender_workplace = models.CharField(_("workplace"), max_length=250, blank=True)
    offender_egn = models.CharField(_("personal number (EGN)"), max_length=10, blank=True)
    offender_document = models.CharField(_("passport or travel document (number, date, issuer)"), max_length=250,
                                         blank=True)
    offender_eik = models.CharField(_("EIK/BULSTAT"), max_length=13, blank=True)
    witness_basis = models.CharField(_("witnesses"), max_length=20, choices=WitnessBasis.choices)
    witnesses = models.JSONField(_("witnesses' names and addresses"), default=list, blank=True)
    explanations = models.TextField(_("the offender's explanations or objections"), blank=True)
    injured = models.TextField(_("persons who suffered damage"), blank=True)
    evidence = models.TextField(_("inventory of the written evidence"), blank=True)
    seized_items = models.TextField(_("items seized"), blank=True)
    seized_keeper = models.CharField(_("the seized items are kept by"), max_length=250, blank=True)
    wants_e_delivery = models.BooleanField(_("the offender wants the decree by secure e-delivery"), default=False)

    # The limits of art. 34 checked at registration
    discovered_on = models.DateField(_("offender discovered on"), null=True, blank=True)
    statement_limit_x = models.JSONField(_("3 months from discovering the offender"), null=True, blank=True)
    violation_limit_x = models.JSONField(_("one year from the violation"), null=True, blank=True)
    late_ground = models.CharField(_("statement made after a limit"), max_length=30, blank=True,
                                   choices=[(TerminationGround.NO_STATEMENT_3_MONTHS.value,
                                             TerminationGround.NO_STATEMENT_3_MONTHS.label),
                                            (TerminationGround.ONE_YEAR.value, TerminationGround.ONE_YEAR.label)])
    finding = models.OneToOneField("Finding", verbose_name=_("finding"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="penal_case")

    # Delivery of the statement and the clocks that start with it
    delivered_on = models.DateField(_("statement delivered on"), null=True, blank=True)
    delivery_how = models.CharField(_("delivered how"), max_length=10, choices=StatementDelivery.choices, blank=True)
    delivery_witness = models.CharField(_("witness of the refusal (names, address)"), max_length=300, blank=True)
    objection_due = models.DateField(_("written objections by"), null=True, blank=True)
    objection_due_x = models.JSONField(null=True, blank=True)
    authority_due = models.DateField(_("file to the penalising authority by"), null=True, blank=True)
    authority_due_x = models.JSONField(null=True, blank=True)
    sent_to_authority_on = models.DateField(_("file sent to the penalising authority on"), null=True, blank=True)

    # The lawyer
    lawyer_due = models.DateField(_("file to the lawyer by"), null=True, blank=True)
    lawyer_due_x = models.JSONField(null=True, blank=True)
    to_lawyer_on = models.DateField(_("the lawyer received the file on"), null=True, blank=True)
    lawyer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lawyer"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    opinion_due = models.DateField(_("opinion by"), null=True, blank=True)
    opinion_due_x = models.JSONField(null=True, blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    opinion_legal_basis = models.TextField(_("legal basis for the sanction"), blank=True)
    opinion_sanctions = models.TextField(_("sanction types"), blank=True)
    opinion_min = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    opinion_max = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True, blank=True)
    opinion_minor = models.BooleanField(_("a minor case"), null=True, blank=True)
    opinion_proposal = models.TextField(_("proposed sanction"), blank=True)

    # The 6-month limit for the decree (paused while the offender cannot be found)
    decree_limit = models.DateField(_("penal decree no later than"), null=True, blank=True, db_index=True)
    decree_limit_x = models.JSONField(null=True, blank=True)

    # The decision
    decision_kind = models.CharField(_("decision"), max_length=12, choices=DecisionKind.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    sanction_type = models.CharField(_("sanction"), max_length=20, choices=SanctionType.choices, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    deprivation_months = models.PositiveSmallIntegerField(_("deprivation for (months)"), null=True, blank=True)
    aggravating = models.TextField(_("aggravating circumstances"), blank=True)
    mitigating = models.TextField(_("mitigating circumstances"), blank=True)
    termination_ground = models.CharField(_("ground for termination"), max_length=30,
                                          choices=TerminationGround.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    court = models.CharField(_("court for an appeal"), max_length=200, default=DISTRICT_COURT)
    draft_due = models.DateField(_("decree drafted by"), null=True, blank=True)
    draft_due_x = models.JSONField(null=True, blank=True)
    decision_entry = models.OneToOneField("registry.Entry", verbose_name=_("decision as registered"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="penal_decision")
    issued_on = models.DateField(_("decree issued on"), null=True, blank=True)

    # Delivery of the decree (art. 58), appeal and finality
    decree_delivered_on = models.DateField(_("decree delivered on"), null=True, blank=True)
    decree_delivery_how = models.CharField(_("decree delivered how"), max_length=12, choices=DecreeDelivery.choices,
                                           blank=True)
    decree_delivery_note = models.CharField(_("receipt, witness or note"), max_length=300, blank=True)
    appeal_due = models.DateField(_("appeal possible until"), null=True, blank=True)
    appeal_due_x = models.JSONField(null=True, blank=True)
    final_on = models.DateField(_("final on"), null=True, blank=True)
    appeal_lodged_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    appeal_court = models.CharField(_("court"), max_length=200, blank=True)
    appeal_letter_number = models.CharField(_("covering letter No."), max_length=80, blank=True)
    appeal_letter_date = models.DateField(_("covering letter dated"), null=True, blank=True)
    appeal_sent_on = models.DateField(_("file sent to the court on"), null=True, blank=True)
    appeal_outcome = models.CharField(_("outcome"), max_length=12, choices=AppealOutcome.choices, blank=True)
    appeal_outcome_on = models.DateField(_("outcome known on"), null=True, blank=True)

    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # number, offender, provisions, place: normalised for search (kancelaria.core.text)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("administrative-penal case")
        verbose_name_plural = _("administrative-penal cases")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="penal_case_unique_year_number")]
        permissions = [
            ("view_penal_register", _("Can see and keep the register of administrative-penal cases")),
            ("view_offender_data", _("Can see the offenders' personal numbers")),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"АНП {self.number}/{self.year}"

    @property
    def decree_number(self) -> str:
        return f"НП-{self.number}/{self.year}"

    @property
    def provisions_text(self) -> str:
        return "; ".join(provision_text(p) for p in self.provisions or [])

    @property
    def is_decided(self) -> bool:
        return bool(self.decision_kind)

    @property
    def is_finished(self) -> bool:
        return self.stage in (Stage.FINAL, Stage.CLOSED)

    def stage_now(self, today: dt.date) -> str:
        """The stored stage, with a delivered decree taken as final once the appeal
        period has run out without an appeal."""
        if self.stage == Stage.DECREE_DELIVERED and self.final_on and self.final_on <= today:
            return Stage.FINAL
        return self.stage

    def get_stage_now_display(self, today: dt.date) -> str:
        return str(Stage(self.stage_now(today)).label)

    @property
    def awaits_decree(self) -> bool:
        """The 6-month limit still matters: no decree (or other decision) yet."""
        return self.stage in OPEN_STAGES and self.issued_on is None and \
            self.decision_kind in ("", DecisionKind.DECREE)

    # ------------------------------------------------------------------ what the state allows
    # One method per step: the refusals its service raises on the state of the case (the
    # services call these; the case page shows only the steps with none). Input is checked
    # by the services themselves.

    def refuses_delivery(self) -> list[Refusal]:
        out = []
        if self.delivered_on is not None:
            out.append(Refusal("penal", gettext("The delivery of the statement is already recorded.")))
        if self.is_finished:
            out.append(Refusal("penal", gettext("The case is closed.")))
        return out

    def refuses_objection(self) -> list[Refusal]:
        return [Refusal("penal", gettext("The case is closed."))] if self.is_finished else []

    def refuses_lawyer(self) -> list[Refusal]:
        out = []
        if self.to_lawyer_on is not None:
            out.append(Refusal("penal", gettext("The file is already with the lawyer.")))
        if self.is_decided:
            out.append(Refusal("penal", gettext("The case is already decided.")))
        return out

    def refuses_opinion(self) -> list[Refusal]:
        if self.to_lawyer_on is None:
            return [Refusal("penal", gettext("First record that the file reached the lawyer."), after="lawyer")]
        if self.opinion_on is not None:
            return [Refusal("penal", gettext("The opinion is already given."))]
        return []

    def refuses_authority(self) -> list[Refusal]:
        if self.delivered_on is None:
            return [Refusal("penal", gettext("First record the delivery of the statement: the 14 days run from it."),
                            after="delivery")]
        if self.sent_to_authority_on is not None:
            return [Refusal("penal", gettext("The file is already with the penalising authority."))]
        return []

    def refuses_not_found(self, *, suspended: bool) -> list[Refusal]:
        out = []
        if not self.awaits_decree:
            out.append(Refusal("penal", gettext("Only a case still waiting for its decree is suspended.")))
        if suspended:
            out.append(Refusal("penal", gettext("The offender is already recorded as not found.")))
        return out

    def refuses_found(self, *, suspended: bool) -> list[Refusal]:
        return [] if suspended else [Refusal("penal", gettext("The offender is not recorded as not found."))]

    def refuses_decision(self) -> list[Refusal]:
        return [Refusal("penal", gettext("The case is already decided."))] if self.is_decided else []

    def refuses_decision_kind(self, kind: str, *, suspended: bool, on, limit_due: dt.date | None) -> list[Refusal]:
        """A decree or a warning needs the lawyer's opinion, a statement made in time and
        the offender found; a decree also the statement delivered and the 6-month limit
        (`limit_due`) not passed on `on`. Termination is always open to an undecided case."""
        out = []
        if kind in (DecisionKind.DECREE, DecisionKind.WARNING):
            if self.late_ground:
                out.append(Refusal("kind", gettext(
                    "The statement was made after a limit (%(ground)s): the only decision allowed is termination "
                    "on that ground.") % {"ground": TerminationGround(self.late_ground).label}, after=BARRED))
            if suspended:
                out.append(Refusal("kind", gettext(
                    "The proceedings are suspended while the offender cannot be found."), after="found"))
            if self.opinion_on is None:
                out.append(Refusal("penal", gettext("First the lawyer gives the opinion."), after="opinion"))
        if kind == DecisionKind.DECREE:
            out += self.refuses_decree_after_limit("kind", on, limit_due)
            if self.delivered_on is None:
                out.append(Refusal("penal", gettext("First record the delivery of the statement."),
                                   after="delivery"))
        return out

    def refuses_decree_after_limit(self, field: str, on, limit_due: dt.date | None) -> list[Refusal]:
        """No penal decree after the 6-month limit (art. 34(3))."""
        if isinstance(on, dt.date) and limit_due is not None and on > limit_due:
            return [Refusal(field, gettext(
                "Six months have passed since the statement (the limit was %(date)s): no penal decree may be "
                "issued; terminate the proceedings.") % {"date": limit_due.strftime("%d.%m.%Y")}, after=BARRED)]
        return []

    def refuses_issue(self, *, suspended: bool) -> list[Refusal]:
        """The decree is issued after the mayor's decision on a decree (the 6-month limit
        is checked against the date of issue: `refuses_decree_after_limit`)."""
        if self.decision_kind != DecisionKind.DECREE:
            return [Refusal("penal", gettext("First the mayor decides on a penal decree."), after="decision")]
        if self.issued_on is not None:
            return [Refusal("penal", gettext("The decree is already issued."))]
        if suspended:
            return [Refusal("penal", gettext("The proceedings are suspended while the offender cannot be found."),
                            after="found")]
        return []

    def refuses_decree_delivery(self) -> list[Refusal]:
        if self.issued_on is None:
            return [Refusal("penal", gettext("The decree is not issued yet."), after="issue")]
        if self.decree_delivered_on is not None:
            return [Refusal("penal", gettext("The delivery of the decree is already recorded."))]
        return []

    def refuses_appeal(self) -> list[Refusal]:
        if self.decree_delivered_on is None:
            return [Refusal("penal", gettext("The decree has not been delivered yet."), after="decree_delivery")]
        if self.appeal_lodged_on is not None:
            return [Refusal("penal", gettext("The appeal is already recorded."))]
        return []

    def refuses_outcome(self) -> list[Refusal]:
        if self.appeal_lodged_on is None:
            return [Refusal("penal", gettext("No appeal is recorded."))]  # one may never come
        if self.appeal_outcome:
            return [Refusal("penal", gettext("The outcome is already recorded."))]
        return []


def provision_text(p: dict) -> str:
    parts = []
    if p.get("article"):
        parts.append(f"чл. {p['article']}")
    if p.get("paragraph"):
        parts.append(f"ал. {p['paragraph']}")
    if p.get("point"):
        parts.append(f"т. {p['point']}")
    parts.append(p.get("act", ""))
    return " ".join(x for x in parts if x)


class OffenderNotFound(models.Model):
    """A period in which the offender could not be found after a thorough search: the
    proceedings are suspended and the 6-month limit does not run (art. 34(3))."""

    penal_case = models.ForeignKey(PenalCase, on_delete=models.PROTECT, related_name="not_found")
    first_day = models.DateField(_("not found from"))
    last_day = models.DateField(_("found again on"), null=True, blank=True)
    note = models.CharField(_("searches made"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("period while the offender was not found")
        verbose_name_plural = _("periods while the offender was not found")
        ordering = ["first_day", "id"]

    def __str__(self) -> str:
        return f"{self.penal_case_id}: {self.first_day} - {self.last_day or '…'}"


class Objection(models.Model):
    """A written objection of the offender, registered in the case file; one made after
    the 7 days is still recorded and considered."""

    penal_case = models.ForeignKey(PenalCase, on_delete=models.PROTECT, related_name="objections")
    entry = models.OneToOneField("registry.Entry", on_delete=models.PROTECT, related_name="penal_objection")
    received_on = models.DateField(_("received on"))
    in_time = models.BooleanField(_("within the 7 days"))
    summary = models.TextField(_("what the offender objects"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return self.entry.number if self.entry_id else ""


class Finding(models.Model):
    """A finding of a violation (констативен протокол), registered under its own index:
    it shows by when a statement must be drawn up, before the limits of art. 34 bite."""

    case = models.OneToOneField("registry.CaseFile", on_delete=models.PROTECT, related_name="penal_finding")
    entry = models.OneToOneField("registry.Entry", on_delete=models.PROTECT, related_name="penal_finding")
    found_on = models.DateField(_("drawn up on"))
    author_name = models.CharField(_("drawn up by"), max_length=200)
    violation_date = models.DateField(_("date of the violation"))
    violation_place = models.CharField(_("place of the violation"), max_length=300)
    description = models.TextField(_("description of the violation"))
    provision = models.CharField(_("provision breached"), max_length=300, blank=True)
    offender_known = models.BooleanField(_("the offender is known"), default=False)
    offender_name = models.CharField(_("offender's names"), max_length=250, blank=True)
    offender_address = models.CharField(_("offender's address"), max_length=300, blank=True)
    discovered_on = models.DateField(_("offender discovered on"), null=True, blank=True)
    statement_limit_x = models.JSONField(null=True, blank=True)
    violation_limit_x = models.JSONField(null=True, blank=True)
    statement_by = models.DateField(_("statement to be drawn up by"), db_index=True)
    closed_on = models.DateField(_("closed without a statement on"), null=True, blank=True)
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("finding of a violation")
        verbose_name_plural = _("findings of violations")
        ordering = ["statement_by", "id"]

    def __str__(self) -> str:
        return self.entry.number if self.entry_id else ""

    @property
    def binding_limit_x(self) -> dict | None:
        """The explanation of the limit that comes first."""
        candidates = [x for x in (self.statement_limit_x, self.violation_limit_x) if x]
        return min(candidates, key=lambda x: x["due"]) if candidates else None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None and not _has_case(self)


def _has_case(finding: Finding) -> bool:
    try:
        return finding.penal_case is not None
    except PenalCase.DoesNotExist:
        return False


class TicketOutcome(models.TextChoices):
    AGREED = "agreed", _("the offender agreed to pay: final at once")
    REFUSED = "refused", _("the offender refused: a statement is drawn up")


class Ticket(models.Model):
    """An on-the-spot ticket (фиш, art. 39) for a minor violation: registered under its
    own index; the offender agrees to pay and it is final at once, or refuses and a
    statement follows (linked here)."""

    case = models.OneToOneField("registry.CaseFile", on_delete=models.PROTECT, related_name="penal_ticket")
    entry = models.OneToOneField("registry.Entry", on_delete=models.PROTECT, related_name="penal_ticket")
    issued_on = models.DateField(_("issued on"))
    issued_by = models.CharField(_("issued by"), max_length=200)
    offender_name = models.CharField(_("offender's names"), max_length=250)
    offender_egn = models.CharField(_("personal number (EGN)"), max_length=10, blank=True)
    offender_address = models.CharField(_("offender's address"), max_length=300)
    violation = models.TextField(_("violation"))
    violation_place = models.CharField(_("place"), max_length=300)
    provision = models.CharField(_("provision breached"), max_length=300)
    amount = models.DecimalField(_("fine (EUR)"), max_digits=8, decimal_places=2, default=TICKET_FINE)
    outcome = models.CharField(_("outcome"), max_length=10, choices=TicketOutcome.choices)
    final_on = models.DateField(_("final on"), null=True, blank=True)
    penal_case = models.OneToOneField(PenalCase, verbose_name=_("the statement that followed"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="ticket")

    class Meta:
        verbose_name = _("on-the-spot ticket")
        verbose_name_plural = _("on-the-spot tickets")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.entry.number if self.entry_id else ""

    @property
    def label(self) -> str:
        return f"ФИШ {self.case.sequence}/{self.case.year}" if self.case_id else ""


class LimitWarning(models.Model):
    """A warning e-mailed to the register's holders that a limit bites within 30 days:
    claimed once per case (or finding) and limit, so it goes once."""

    key = models.CharField(max_length=120, unique=True)
    due = models.DateField()
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("warning of a limit")
        verbose_name_plural = _("warnings of limits")

    def __str__(self) -> str:
        return self.key
