"""Writes on proposals, signals and complaints (DOMAIN.md section 4).

Every function runs in one transaction with its audit event; e-mails leave on commit.
The document itself is registered through `kancelaria.registry.services.entry_register`
(which also routes it to its first resolver); extensions that go with a resolution
through `kancelaria.control.services.deadline_extend`.

The rules applied at intake:
- anonymous (no names and address): registered, no proceedings (reason `anonymous`);
- a signal about a violation committed more than two years before its receipt:
  registered, no proceedings (reason `old_violation`);
- a proposal or signal repeated on a matter already decided, unless it concerns the
  execution of the decision or brings new facts: registered, not assigned: its routing
  assignment is closed at once and no proceedings open (reason `repeat`). A repeat
  of a matter not yet decided, and a repeat about execution or with new facts, is
  assigned as usual and only flagged as a repeat.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.accounts.models import Role
from kancelaria.audit.services import Action, audit_record, diff
from kancelaria.calendars import due_date
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.text import office_text
from kancelaria.registry.models import (
    CaseFile,
    CaseMovement,
    CaseStatus,
    Channel,
    CorrespondentKind,
    DocumentType,
    Index,
    Kind,
)
from kancelaria.registry.services import Registration, entry_register, index_save
from kancelaria.workcalendar.selectors import office_calendar

from .models import (
    COMPLAINT_ITEMS,
    GENERAL_COMPLAINT_ITEMS,
    CheckState,
    IntakeChannel,
    NoProceedingsReason,
    NotifyHow,
    Procedure,
    ProcedureExtension,
    ProcedureKind,
    RepeatKind,
)
from .selectors import repeat_candidates, sees_corruption  # noqa: F401  (part of the service surface)

# The separate registers (004: complaints and corruption signals each in their own).
INDEXES = {
    ProcedureKind.PROPOSAL: ("70-00", "Предложения и сигнали"),
    ProcedureKind.SIGNAL: ("70-00", "Предложения и сигнали"),
    ProcedureKind.COMPLAINT: ("26-00", "Жалби"),
    ProcedureKind.CORRUPTION_SIGNAL: ("КС", "Сигнали за корупция"),
}
DOC_TYPES = {
    ProcedureKind.PROPOSAL: DocumentType.PROPOSAL,
    ProcedureKind.SIGNAL: DocumentType.SIGNAL,
    ProcedureKind.COMPLAINT: DocumentType.COMPLAINT,
    ProcedureKind.CORRUPTION_SIGNAL: DocumentType.SIGNAL,
}
# Decision periods in months: (the period, the longest it may become with extensions).
# A proposal may be extended up to 6 months in total; a signal by at most 2 more months;
# a complaint's month (from the file's receipt by the responsible officer) is not extended.
PERIODS = {
    ProcedureKind.PROPOSAL: (2, 6),
    ProcedureKind.SIGNAL: (2, 4),
    ProcedureKind.CORRUPTION_SIGNAL: (2, 4),
    ProcedureKind.COMPLAINT: (1, 1),
}
NOTIFY_DAYS = 7
OLD_VIOLATION_YEARS = 2

TO_REGISTRY_CHANNEL = {
    IntakeChannel.PORTAL: Channel.PORTAL,
    IntakeChannel.DESK: Channel.DESK,
    IntakeChannel.EMAIL: Channel.EMAIL,
    IntakeChannel.HOTLINE: Channel.ORAL,
    IntakeChannel.POST: Channel.POST,
}
FROM_REGISTRY_CHANNEL = {
    Channel.PORTAL: IntakeChannel.PORTAL,
    Channel.DESK: IntakeChannel.DESK,
    Channel.EMAIL: IntakeChannel.EMAIL,
    Channel.E_DELIVERY: IntakeChannel.EMAIL,
    Channel.ORAL: IntakeChannel.HOTLINE,
    Channel.POST: IntakeChannel.POST,
    Channel.FAX: IntakeChannel.POST,
}

DESK_ROLES = (Role.REGISTRAR, Role.ADMINISTRATOR)
DECIDING_ROLES = (Role.RESOLVER, Role.ADMINISTRATOR)
NOTIFYING_ROLES = (Role.REGISTRAR, Role.RESOLVER, Role.ADMINISTRATOR)


# --------------------------------------------------------------------------- helpers

def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def violation_is_old(violation_date: dt.date | None, received_on: dt.date) -> bool:
    """A violation committed more than two years before the signal was received."""
    return violation_date is not None and violation_date < years_before(received_on, OLD_VIOLATION_YEARS)


def decision_clock(kind: str, start: dt.date) -> tuple[dt.date, dt.date]:
    """(decision due, the latest date extensions may reach) for a period starting `start`."""
    months, max_months = PERIODS[kind]
    calendar = office_calendar()
    due = due_date(start=start, months=months, calendar=calendar).due
    limit = due_date(start=start, months=max_months, calendar=calendar).due
    return due, limit


def notify_deadline(decided_on: dt.date) -> dt.date:
    """The decision reaches the sender within 7 days of being made (DOMAIN.md 4)."""
    return due_date(start=decided_on, days=NOTIFY_DAYS, calendar=office_calendar()).due


def procedure_index(*, actor, kind: str) -> Index:
    """The register of the kind (created when missing)."""
    code, name = INDEXES[kind]
    index = Index.objects.filter(code=code).first()
    if index is None:
        index = index_save(actor=actor, index=Index(code=code, name=name, numbering_scope=Index.Scope.YEARLY))
    return index


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _require_role(actor, roles, message: str) -> None:
    if _user(actor) is None or not actor.has_role(*roles):
        raise PermissionRefused(message)


def _require_visible(actor, procedure: Procedure) -> None:
    if procedure.kind == ProcedureKind.CORRUPTION_SIGNAL and not sees_corruption(actor):
        raise PermissionRefused(_("Only the holders of the corruption register act on corruption signals."))


def _fail(errors: dict, message: str | None = None) -> None:
    if errors:
        raise ValidationFailed(message or _("Nothing was recorded: correct the marked fields."), fields=errors)


def _date_checks(errors: dict, name: str, day, *, not_before: dt.date | None = None,
                 before_message: str = "", today: dt.date) -> None:
    if not isinstance(day, dt.date):
        errors.setdefault(name, []).append(_("Enter a date."))
        return
    if day > today:
        errors.setdefault(name, []).append(_("The date cannot be in the future."))
    if not_before is not None and day < not_before:
        errors.setdefault(name, []).append(before_message or _("The date is too early."))


def _lock(procedure: Procedure) -> Procedure:
    return Procedure.objects.select_for_update(of=("self",)).select_related("case", "entry").get(pk=procedure.pk)


def _close_case(*, procedure: Procedure, status: str, day: dt.date, actor, note: str) -> None:
    """The proceedings end: the case file closes with the day and the reason, and any
    work still open on it closes too."""
    from kancelaria.control.services import case_close

    procedure.case = case_close(case_id=procedure.case_id, day=day, actor=_user(actor), note=note, status=status,
                                entry=procedure.entry)


# --------------------------------------------------------------------------- intake

def complaint_checks_normalize(checks: dict | None, registration: Registration, *,
                               general: bool = False) -> tuple[dict, dict]:
    """(the recorded check of each required item, field errors). Items not given are
    worked out from the registration where they can be (names and address, contacts,
    legal-entity data), else recorded as missing; a general complaint does not need the
    act, the objections or the request. Recording never refuses the complaint."""
    checks = dict(checks or {})
    errors: dict[str, list[str]] = {}
    keys = {key for key, _label in COMPLAINT_ITEMS}
    unknown = sorted(set(checks) - keys)
    if unknown:
        errors["complaint_checks"] = [_("Unknown items of a complaint: %(items)s") % {"items": ", ".join(unknown)}]
    c = registration.correspondent
    organisation = c.kind == CorrespondentKind.ORGANISATION or bool(c.eik)
    derived = {
        "names_address": CheckState.PRESENT if c.name and c.address else CheckState.MISSING,
        "contacts": CheckState.PRESENT if c.email or c.phone else CheckState.MISSING,
        "entity_data": (CheckState.PRESENT if c.eik else CheckState.MISSING) if organisation
        else CheckState.NOT_APPLICABLE,
    }
    recorded = {}
    for key, _label in COMPLAINT_ITEMS:
        value = checks.get(key)
        if isinstance(value, bool):
            value = CheckState.PRESENT if value else CheckState.MISSING
        if value in (None, ""):
            value = derived.get(key) or (
                CheckState.NOT_APPLICABLE if general and key not in GENERAL_COMPLAINT_ITEMS else CheckState.MISSING)
        if value not in CheckState.values:
            errors.setdefault("complaint_checks", []).append(
                _("Record each item as present, missing or not applicable."))
            continue
        recorded[key] = str(value)
    return recorded, errors


def procedure_intake(*, actor, kind: str, registration: Registration, channel: str = "",
                     text: str = "", violation_date: dt.date | None = None,
                     complaint_checks: dict | None = None, complaint_general: bool = False,
                     repeat_of: Procedure | None = None, repeat_kind: str = "",
                     request=None, now: dt.datetime | None = None) -> Procedure:
    """Register a proposal, signal, complaint or corruption signal in its register and
    open its procedure with the clocks, applying the rules of intake (module docstring).

    `actor` is the clerk (registrar or administrator), or None for the public portal.
    `channel` is the intake channel (portal, desk, email, hotline, post); empty means
    the one that matches `registration.channel`. A hotline call is an oral document: the
    clerk's protocol is its notes."""
    reg = registration
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if _user(actor) is not None and not actor.has_role(*DESK_ROLES):
        raise PermissionRefused(_("Only registrars and administrators register proposals, signals and complaints."))
    if kind not in ProcedureKind.values:
        add("kind", _("Choose proposal, signal, complaint or corruption signal."))
    channel = channel or FROM_REGISTRY_CHANNEL.get(reg.channel, "")
    if channel not in IntakeChannel.values:
        add("channel", _("Choose how it was received: portal, desk, e-mail, hotline or post."))
    elif _user(actor) is None and channel != IntakeChannel.PORTAL:
        add("channel", _("Without a clerk, only the web portal registers."))
    if reg.case is not None:
        add("case", _("A proposal, signal or complaint opens its own case file."))
    if channel == IntakeChannel.HOTLINE and not (reg.notes or "").strip():
        add("notes", _("Write the protocol of the call: what the person said, signed by the clerk."))
    today = timezone.localdate(now) if now else timezone.localdate()
    if violation_date is not None:
        if not isinstance(violation_date, dt.date):
            add("violation_date", _("Enter a date."))
        elif violation_date > today:
            add("violation_date", _("The violation cannot be in the future."))
    if violation_date is not None and kind in (ProcedureKind.PROPOSAL, ProcedureKind.COMPLAINT):
        add("violation_date", _("A date of the violation belongs to a signal."))
    if repeat_kind and repeat_kind not in RepeatKind.values:
        add("repeat_kind", _("Choose: about the execution of the decision, new facts, or a plain repeat."))
    if repeat_kind and repeat_of is None:
        add("repeat_of", _("Name the earlier proposal or signal this one repeats."))
    if repeat_of is not None:
        if repeat_of.kind == ProcedureKind.COMPLAINT or kind == ProcedureKind.COMPLAINT:
            add("repeat_of", _("Only proposals and signals are marked as repeats."))
        elif repeat_of.kind == ProcedureKind.CORRUPTION_SIGNAL and not sees_corruption(actor):
            add("repeat_of", _("Name the earlier proposal or signal this one repeats."))
        repeat_kind = repeat_kind or RepeatKind.PLAIN
    checks: dict = {}
    if kind == ProcedureKind.COMPLAINT:
        checks, check_errors = complaint_checks_normalize(complaint_checks, reg, general=complaint_general)
        for key, messages in check_errors.items():
            errors.setdefault(key, []).extend(messages)
    elif complaint_checks:
        add("complaint_checks", _("Only a complaint has its content checked."))
    _fail(errors, _("It was not registered: correct the marked fields."))

    reg.kind = Kind.INCOMING
    reg.doc_type = DOC_TYPES[kind]
    if FROM_REGISTRY_CHANNEL.get(reg.channel) != channel:
        reg.channel = TO_REGISTRY_CHANNEL[channel]
    missing = [office_text(label) for key, label in COMPLAINT_ITEMS if checks.get(key) == CheckState.MISSING]
    if missing and not reg.is_anonymous:
        # The desk never refuses: the person is warned and the warning is recorded (DOMAIN.md 2).
        reg.is_incomplete = True
        reg.incomplete_warning = reg.incomplete_warning or office_text(gettext_lazy(
            "The complaint lacks: %(items)s. The sender was told; the complaint goes on as usual."
        ), items="; ".join(missing))

    with transaction.atomic():
        reg.index = procedure_index(actor=_user(actor), kind=kind)
        entry = entry_register(actor=actor, registration=reg, request=request, now=now)
        case = entry.case
        received_on = entry.registered_on
        procedure = Procedure(
            case=case, entry=entry, kind=kind, channel=channel, received_on=received_on,
            text=(text or "").strip(), violation_date=violation_date, repeat_of=repeat_of,
            repeat_kind=repeat_kind if repeat_of is not None else "", complaint_checks=checks,
            complaint_general=bool(complaint_general) and kind == ProcedureKind.COMPLAINT,
        )
        reason = ""
        if entry.is_anonymous:
            reason = NoProceedingsReason.ANONYMOUS
        elif kind in (ProcedureKind.SIGNAL, ProcedureKind.CORRUPTION_SIGNAL) and \
                violation_is_old(violation_date, received_on):
            reason = NoProceedingsReason.OLD_VIOLATION
        elif repeat_of is not None and repeat_kind == RepeatKind.PLAIN and _original(repeat_of).decided_on:
            reason = NoProceedingsReason.REPEAT

        if reason:
            procedure.no_proceedings_reason, procedure.no_proceedings_on = reason, received_on
        elif kind == ProcedureKind.COMPLAINT:
            # The month runs from the file's receipt by the responsible officer.
            CaseFile.objects.filter(pk=case.pk).update(deadline=None)
        else:
            from kancelaria.control.services import statutory_start

            procedure.decision_due, procedure.decision_limit = decision_clock(kind, statutory_start(entry))
            CaseFile.objects.filter(pk=case.pk).update(deadline=procedure.decision_due)
        procedure.save()
        if reason and reason != NoProceedingsReason.ANONYMOUS:
            # Registered, not assigned: the routing assignment closes with the reason.
            _close_case(procedure=procedure, status=CaseStatus.NO_PROCEEDINGS, day=received_on, actor=actor,
                        note=office_text(NoProceedingsReason(reason).label))
        audit_record(actor=actor, action=Action.CREATE, obj=procedure, request=request, changes={
            "number": entry.number, "kind": kind, "channel": channel,
            "no_proceedings_reason": reason or None,
            "repeat_of": repeat_of.entry.number if repeat_of is not None else None,
            "repeat_kind": procedure.repeat_kind or None,
            "decision_due": procedure.decision_due.isoformat() if procedure.decision_due else None,
            "complaint_checks": checks or None,
        })
    return procedure


def _original(procedure: Procedure) -> Procedure:
    """The matter a chain of plain repeats goes back to."""
    seen = set()
    while procedure.repeat_of_id and procedure.no_proceedings_reason == NoProceedingsReason.REPEAT \
            and procedure.pk not in seen:
        seen.add(procedure.pk)
        procedure = procedure.repeat_of
    return procedure


# --------------------------------------------------------------------------- the clocks

def procedure_file_received(*, actor, procedure: Procedure, on: dt.date, responsible=None,
                            request=None) -> Procedure:
    """A complaint's file reaches the responsible officer named by the mayor: its month
    starts (DOMAIN.md 4)."""
    with transaction.atomic():
        procedure = _lock(procedure)
        _require_role(actor, NOTIFYING_ROLES, _("Only the registry, the resolvers and administrators record this."))
        _require_visible(actor, procedure)
        today = timezone.localdate()
        errors: dict[str, list[str]] = {}
        if procedure.kind != ProcedureKind.COMPLAINT:
            errors["procedure"] = [_("Only a complaint's clock starts with the file's receipt.")]
        if not procedure.has_proceedings:
            errors["procedure"] = [_("No proceedings were opened on this document.")]
        if procedure.decided_on is not None:
            errors["procedure"] = [_("The complaint is already decided.")]
        _date_checks(errors, "on", on, not_before=procedure.received_on, today=today,
                     before_message=_("The file cannot be received before the complaint was registered."))
        if responsible is not None and not responsible.is_active:
            errors["responsible"] = [_("This employee's account is switched off.")]
        _fail(errors)
        before = {"file_received_on": procedure.file_received_on, "decision_due": procedure.decision_due}
        procedure.file_received_on = on
        procedure.responsible = responsible or procedure.responsible
        procedure.decision_due, procedure.decision_limit = decision_clock(procedure.kind, on)
        procedure.save(update_fields=["file_received_on", "responsible", "decision_due", "decision_limit"])
        CaseFile.objects.filter(pk=procedure.case_id).update(deadline=procedure.decision_due)
        audit_record(actor=actor, action=Action.UPDATE, obj=procedure, request=request, changes=diff(
            {k: v.isoformat() if v else None for k, v in before.items()},
            {"file_received_on": on.isoformat(), "decision_due": procedure.decision_due.isoformat()},
        ) | ({"responsible": str(responsible)} if responsible else {}))
        return procedure


def procedure_extend(*, actor, procedure: Procedure, new_due: dt.date, reason: str, resolution=None,
                     today: dt.date | None = None, request=None) -> ProcedureExtension:
    """A longer decision deadline: a proposal up to 6 months in total, a signal by at most
    2 more months, a complaint not at all; the sender is told (DOMAIN.md 4). With a
    resolution, its deadline is extended too, through deadline control (which tells the
    sender); otherwise a resolver or administrator extends the procedure's own clock."""
    with transaction.atomic():
        procedure = _lock(procedure)
        today = today or timezone.localdate()
        reason = (reason or "").strip()
        _require_visible(actor, procedure)
        if resolution is None:
            _require_role(actor, DECIDING_ROLES, _("Only a resolver or an administrator extends the decision deadline."))
        errors: dict[str, list[str]] = {}
        if procedure.kind == ProcedureKind.COMPLAINT:
            errors["new_due"] = [_("A complaint is decided within one month of the file's receipt: "
                                   "that month is not extended.")]
        elif not procedure.has_proceedings:
            errors["procedure"] = [_("No proceedings were opened on this document.")]
        elif procedure.decided_on is not None:
            errors["procedure"] = [_("The decision is already made.")]
        elif not isinstance(new_due, dt.date):
            errors["new_due"] = [_("Enter a date.")]
        else:
            if new_due <= procedure.decision_due:
                errors["new_due"] = [_("The new deadline must be later than the current one, %(date)s.")
                                     % {"date": procedure.decision_due.strftime("%d.%m.%Y")}]
            elif new_due > procedure.decision_limit:
                message = (_("A proposal may be extended up to 6 months in total: no later than %(date)s.")
                           if procedure.kind == ProcedureKind.PROPOSAL else
                           _("A signal may be extended by no more than 2 months: no later than %(date)s."))
                errors["new_due"] = [message % {"date": procedure.decision_limit.strftime("%d.%m.%Y")}]
        if not reason:
            errors["reason"] = [_("Say why the deadline is extended.")]
        if resolution is not None and resolution.case_id != procedure.case_id:
            errors["resolution"] = [_("This resolution belongs to another case file.")]
        _fail(errors, _("The deadline was not extended: correct the marked fields."))

        old_due = procedure.decision_due
        control_extension = None
        if resolution is not None:
            from kancelaria.control.services import deadline_extend

            control_extension = deadline_extend(actor=actor, resolution=resolution, new_deadline=new_due,
                                                reason=reason, today=today, request=request)
            new_due = control_extension.new_deadline
            notified = control_extension.citizen_notified
        else:
            new_due = office_calendar().next_working_day(new_due)
            case = CaseFile.objects.select_for_update().get(pk=procedure.case_id)
            if case.deadline is None or case.deadline < new_due:
                case.deadline = new_due
                case.save(update_fields=["deadline"])
            CaseMovement.objects.create(case=case, action=CaseMovement.Action.EXTENDED, unit=case.holder_unit,
                                        actor=actor, note=new_due.strftime("%d.%m.%Y"))
            entry = procedure.entry
            notified = bool(entry.correspondent_email and not entry.is_anonymous)
        procedure.decision_due = new_due
        procedure.save(update_fields=["decision_due"])
        extension = ProcedureExtension.objects.create(
            procedure=procedure, old_due=old_due, new_due=new_due, reason=reason, granted_by=actor,
            control_extension=control_extension, sender_notified=notified,
        )
        audit_record(actor=actor, action=Action.CREATE, obj=extension, request=request, changes={
            "decision_due": [old_due.isoformat(), new_due.isoformat()], "reason": reason,
            "resolution": resolution.pk if resolution is not None else None,
        })
        if notified and control_extension is None:
            from .tasks import notify_procedure_extension

            transaction.on_commit(lambda: notify_procedure_extension.enqueue(extension_id=extension.pk))
        return extension


# --------------------------------------------------------------------------- decision and after

def procedure_decide(*, actor, procedure: Procedure, decision_text: str, reasons: str = "",
                     decided_on: dt.date | None = None, request=None) -> Procedure:
    """The decision, written and reasoned; from it the sender must be told within 7 days."""
    with transaction.atomic():
        procedure = _lock(procedure)
        _require_role(actor, DECIDING_ROLES, _("Only a resolver (the mayor) or an administrator records the decision."))
        _require_visible(actor, procedure)
        today = timezone.localdate()
        decided_on = decided_on or today
        decision_text, reasons = (decision_text or "").strip(), (reasons or "").strip()
        errors: dict[str, list[str]] = {}
        if not procedure.has_proceedings:
            errors["procedure"] = [_("No proceedings were opened on this document: there is nothing to decide.")]
        elif procedure.decided_on is not None:
            errors["procedure"] = [_("The decision is already recorded.")]
        elif procedure.kind == ProcedureKind.COMPLAINT and procedure.file_received_on is None:
            errors["procedure"] = [_("First record when the responsible officer received the complaint's file.")]
        if not decision_text:
            errors["decision_text"] = [_("Write the decision.")]
        if not reasons:
            errors["reasons"] = [_("A decision is reasoned: write its reasons.")]
        _date_checks(errors, "decided_on", decided_on, not_before=procedure.received_on, today=today,
                     before_message=_("The decision cannot come before the document was received."))
        _fail(errors, _("The decision was not recorded: correct the marked fields."))
        procedure.decided_on, procedure.decided_by = decided_on, actor
        procedure.decision_text, procedure.decision_reasons = decision_text, reasons
        procedure.notify_due = notify_deadline(decided_on)
        procedure.save(update_fields=["decided_on", "decided_by", "decision_text", "decision_reasons",
                                      "notify_due"])
        CaseFile.objects.filter(pk=procedure.case_id, status=CaseStatus.REGISTERED).update(
            status=CaseStatus.IN_PROGRESS)
        audit_record(actor=actor, action=Action.UPDATE, obj=procedure, request=request, changes={
            "decided_on": decided_on.isoformat(), "decision_text": decision_text[:500],
            "late": procedure.decision_overdue(), "notify_due": procedure.notify_due.isoformat(),
        })
        return procedure


def procedure_notify(*, actor, procedure: Procedure, on: dt.date, how: str, request=None) -> Procedure:
    """The decision reached the sender (on `on`, `how`): the 7-day clock stops; a late
    notice stays visible. A complaint's proceedings end here."""
    with transaction.atomic():
        procedure = _lock(procedure)
        _require_role(actor, NOTIFYING_ROLES, _("Only the registry, a resolver or an administrator records this."))
        _require_visible(actor, procedure)
        today = timezone.localdate()
        errors: dict[str, list[str]] = {}
        if procedure.decided_on is None:
            errors["procedure"] = [_("There is no decision to communicate yet.")]
        elif procedure.notified_on is not None:
            errors["procedure"] = [_("The sender was already told.")]
        if how not in NotifyHow.values:
            errors["how"] = [_("Choose how the decision reached the sender.")]
        _date_checks(errors, "on", on, not_before=procedure.decided_on, today=today,
                     before_message=_("The sender cannot be told before the decision was made."))
        _fail(errors)
        procedure.notified_on, procedure.notify_how = on, how
        procedure.save(update_fields=["notified_on", "notify_how"])
        if procedure.ends_with_execution:
            case = procedure.case
            CaseMovement.objects.create(case=case, action=CaseMovement.Action.ANSWERED, unit=case.holder_unit,
                                        entry=procedure.entry, actor=actor,
                                        note=office_text(gettext_lazy("The decision was communicated to the sender.")))
        else:
            _close_case(procedure=procedure, status=CaseStatus.CLOSED, day=on, actor=actor,
                        note=office_text(gettext_lazy("The decision on the complaint was communicated to the sender.")))
        audit_record(actor=actor, action=Action.UPDATE, obj=procedure, request=request, changes={
            "notified_on": on.isoformat(), "how": how, "late": procedure.notify_late(),
        })
        return procedure


def procedure_order_execution(*, actor, procedure: Procedure, how: str, due: dt.date, executor,
                              request=None) -> Procedure:
    """The mayor orders how, by when and by whom the decision is executed (DOMAIN.md 4)."""
    with transaction.atomic():
        procedure = _lock(procedure)
        _require_role(actor, DECIDING_ROLES, _("Only a resolver (the mayor) or an administrator orders the execution."))
        _require_visible(actor, procedure)
        today = timezone.localdate()
        how = (how or "").strip()
        errors: dict[str, list[str]] = {}
        if not procedure.ends_with_execution:
            errors["procedure"] = [_("A complaint's proceedings end with the decision communicated.")]
        elif procedure.decided_on is None:
            errors["procedure"] = [_("First record the decision.")]
        elif procedure.executed_on is not None:
            errors["procedure"] = [_("The decision is already executed.")]
        if not how:
            errors["how"] = [_("Say how the decision is to be executed.")]
        if not isinstance(due, dt.date):
            errors["due"] = [_("Enter a date.")]
        elif due < today:
            errors["due"] = [_("The deadline cannot be in the past.")]
        if executor is None:
            errors["executor"] = [_("Name the employee responsible for the execution.")]
        elif not executor.is_active:
            errors["executor"] = [_("This employee's account is switched off.")]
        _fail(errors, _("The execution was not ordered: correct the marked fields."))
        before = {"how": procedure.execution_how, "due": procedure.execution_due and procedure.execution_due.isoformat(),
                  "executor": str(procedure.executor) if procedure.executor_id else None}
        procedure.execution_how, procedure.execution_due, procedure.executor = how, due, executor
        procedure.execution_ordered_on = procedure.execution_ordered_on or today
        procedure.save(update_fields=["execution_how", "execution_due", "executor", "execution_ordered_on"])
        audit_record(actor=actor, action=Action.UPDATE, obj=procedure, request=request, changes=diff(
            before, {"how": how, "due": due.isoformat(), "executor": str(executor)}))
        return procedure


def procedure_executed(*, actor, procedure: Procedure, on: dt.date, request=None) -> Procedure:
    """The decision is executed: the proceedings end and the case file closes."""
    with transaction.atomic():
        procedure = _lock(procedure)
        if _user(actor) is None or not (actor.has_role(*DECIDING_ROLES) or actor.pk == procedure.executor_id):
            raise PermissionRefused(_("Only the employee responsible for the execution, a resolver or an "
                                      "administrator records it."))
        _require_visible(actor, procedure)
        today = timezone.localdate()
        errors: dict[str, list[str]] = {}
        if procedure.execution_ordered_on is None:
            errors["procedure"] = [_("First order how, by when and by whom the decision is executed.")]
        elif procedure.executed_on is not None:
            errors["procedure"] = [_("The execution is already recorded.")]
        _date_checks(errors, "on", on, not_before=procedure.decided_on, today=today,
                     before_message=_("The decision cannot be executed before it was made."))
        _fail(errors)
        procedure.executed_on = on
        procedure.save(update_fields=["executed_on"])
        _close_case(procedure=procedure, status=CaseStatus.CLOSED, day=on, actor=actor,
                    note=office_text(gettext_lazy("The decision was executed: the proceedings ended.")))
        audit_record(actor=actor, action=Action.UPDATE, obj=procedure, request=request, changes={
            "executed_on": on.isoformat(), "late": procedure.execution_overdue(),
        })
        return procedure

