"""Writes on requests for access to public information and for re-use of public-sector
information (DOMAIN.md 5; 004 art. 2-44).

Every function is keyword-only, runs in one transaction with its audit event, returns
the changed object and raises `ValidationFailed` (nothing recorded, nothing registered:
every check runs before the first document is registered) or `PermissionRefused`.
E-mails to the requester leave on commit (`tasks.py`).

Documents: the request is registered under its own index ("ЗДОИ", re-use "ЗДОИ-ПИ");
every later document of the matter (letters, the clarification, the decision, protocols)
joins its case file through `Registration(case=...)` and so carries its number.

Clocks, all from the deadline engine with the office's calendar:
- the decision: 14 days from `counted_from` (the statutory start of the registration, or
  the date of the clarification), plus the extensions;
- the clarification: 30 days from the letter; none -> left without action;
- a third party: the unit tells the secretary within 5 days of registration, the request
  for consent leaves within 7;
- forwarding: within 14 days of registration.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    Entry,
    Index,
    Kind,
)
from kancelaria.registry.services import Correspondent, Registration, entry_register, index_save
from kancelaria.workcalendar.selectors import office_calendar

from .models import (
    EXTENSION_LIMITS,
    REQUIRED_CONTENT,
    AccessForm,
    Clarification,
    ConsentAnswer,
    CostLine,
    DeliveryMethod,
    ExtensionReason,
    InfoChannel,
    InfoExtension,
    InfoRequest,
    Outcome,
    PublishField,
    RefusalGround,
    RequesterType,
    RequestKind,
    Status,
    TariffItem,
    ThirdParty,
    WithoutActionReason,
)
from .selectors import (  # noqa: F401  (part of the service surface)
    can_administer_tariff,
    can_decide,
    can_handle,
    can_intake,
    earlier_grants,
)

INDEXES = {
    RequestKind.ACCESS: ("ЗДОИ", "Заявления по ЗДОИ"),
    RequestKind.REUSE: ("ЗДОИ-ПИ", "Заявления за повторно използване на информация"),
}
DECISION_DAYS = 14
CLARIFICATION_DAYS = 30
UNIT_TELLS_DAYS = 5
CONSENT_ASKED_DAYS = 7
FORWARD_DAYS = 14

DEFAULT_APPEAL_ROUTE = gettext_lazy(
    "The decision may be appealed before the Administrative Court within 14 days of its delivery, "
    "through the mayor of the municipality.")


def default_appeal_route() -> str:
    """The appeal route written into a decision when none is given: a text of the
    decision, so in the office's language (LANGUAGE_CODE), whoever decides."""
    return office_text(DEFAULT_APPEAL_ROUTE)

TO_REGISTRY_CHANNEL = {
    InfoChannel.PORTAL: Channel.PORTAL,
    InfoChannel.EMAIL: Channel.EMAIL,
    InfoChannel.PLATFORM: Channel.PORTAL,
    InfoChannel.E_DELIVERY: Channel.E_DELIVERY,
    InfoChannel.POST: Channel.POST,
    InfoChannel.DESK: Channel.DESK,
    InfoChannel.ORAL: Channel.ORAL,
}
FROM_REGISTRY_CHANNEL = {
    Channel.PORTAL: InfoChannel.PORTAL,
    Channel.EMAIL: InfoChannel.EMAIL,
    Channel.E_DELIVERY: InfoChannel.E_DELIVERY,
    Channel.POST: InfoChannel.POST,
    Channel.DESK: InfoChannel.DESK,
    Channel.ORAL: InfoChannel.ORAL,
}
ELECTRONIC_FORMS = frozenset({AccessForm.ELECTRONIC, AccessForm.WEB_ADDRESS})
ELECTRONIC_DELIVERY = frozenset({DeliveryMethod.EMAIL, DeliveryMethod.PLATFORM})
GRANTED = (Outcome.GRANTED, Outcome.PARTIAL)


# --------------------------------------------------------------------------- helpers

def info_index(*, actor, kind: str) -> Index:
    """The request register of the kind (created when missing)."""
    code, name = INDEXES[kind]
    index = Index.objects.filter(code=code).first()
    if index is None:
        index = index_save(actor=actor, index=Index(code=code, name=name, numbering_scope=Index.Scope.YEARLY))
    return index


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _require_handler(actor) -> None:
    if not can_handle(actor):
        raise PermissionRefused(_("Only the officers who handle requests for information may do this."))


def _require_decider(actor) -> None:
    if not can_decide(actor):
        raise PermissionRefused(_("Only a resolver (the secretary or the mayor) or an administrator decides "
                                  "on a request for information."))


def _fail(errors: dict, message: str | None = None) -> None:
    if errors:
        raise ValidationFailed(message or _("Nothing was recorded: correct the marked fields."), fields=errors)


def _add(errors: dict, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _day(value) -> str:
    return value.strftime("%d.%m.%Y")


def _date_checks(errors: dict, name: str, day, *, not_before: dt.date | None = None,
                 before_message: str = "", today: dt.date) -> bool:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        _add(errors, name, _("Enter a date."))
        return False
    ok = True
    if day > today:
        _add(errors, name, _("The date cannot be in the future."))
        ok = False
    if not_before is not None and day < not_before:
        _add(errors, name, before_message or _("The date is too early."))
        ok = False
    return ok


def _moment(day: dt.date, today: dt.date) -> dt.datetime | None:
    """When a document of a past day is registered: noon of that day (the demo and
    records made afterwards); today: now."""
    if day >= today:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _lock(info_request: InfoRequest) -> InfoRequest:
    return (InfoRequest.objects.select_for_update(of=("self",))
            .select_related("case", "entry").get(pk=info_request.pk))


def _require_state(info_request: InfoRequest, *allowed: str) -> None:
    if info_request.status in allowed:
        return
    if info_request.is_finished:
        raise ValidationFailed(
            _("The request %(number)s is finished (%(status)s): nothing more can be done on it.")
            % {"number": info_request.number, "status": info_request.get_status_display()},
            code="finished", fields={"request": [_("The request is finished.")]})
    messages = {
        Status.CLARIFICATION: _("The request waits for the requester's clarification."),
        Status.DECIDED: _("The request is already decided."),
        Status.DELIVERED: _("The request is already decided and the decision delivered."),
        Status.OPEN: _("The request is not decided yet."),
    }
    message = messages.get(info_request.status, _("This cannot be done in the request's present state."))
    raise ValidationFailed(message, code="wrong_state", fields={"request": [message]})


def decision_clock(start: dt.date, extend_days: int = 0):
    """The engine's answer for the decision: 14 days from `start`, plus extensions."""
    return due_date(start=start, days=DECISION_DAYS, extend_days=extend_days, calendar=office_calendar())


def days_after(start: dt.date, days: int) -> dt.date:
    return due_date(start=start, days=days, calendar=office_calendar()).due


def _requester(info_request: InfoRequest) -> Correspondent:
    e = info_request.entry
    return Correspondent(name=e.correspondent_name, kind=e.correspondent_kind, egn=e.correspondent_egn,
                         eik=e.correspondent_eik, address=e.correspondent_address, email=e.correspondent_email,
                         phone=e.correspondent_phone)


def _letter_channel(info_request: InfoRequest) -> str:
    return Channel.EMAIL if info_request.entry.correspondent_email else Channel.POST


def _letter(*, actor, info_request: InfoRequest, subject: str, doc_type: str = DocumentType.LETTER,
            on: dt.date, today: dt.date, notes: str = "", files: Iterable = (), to: Correspondent | None = None,
            channel: str = "", request=None) -> Entry:
    """An outgoing document of the matter, registered into its case file."""
    return entry_register(actor=actor, request=request, now=_moment(on, today), registration=Registration(
        kind=Kind.OUTGOING, doc_type=doc_type, case=info_request.case, channel=channel or _letter_channel(info_request),
        subject=office_text(subject)[:500], correspondent=to or _requester(info_request), notes=notes,
        files=list(files),
    ))


def _set_case_deadline(info_request: InfoRequest, day: dt.date | None) -> None:
    CaseFile.objects.filter(pk=info_request.case_id).update(deadline=day)


def _close_case(*, info_request: InfoRequest, day: dt.date, actor, note: str, status: str = CaseStatus.CLOSED,
                action: str = CaseMovement.Action.CLOSED, entry: Entry | None = None) -> None:
    """The matter ends: the case file closes with the day, and any work still open on it."""
    from kancelaria.control.services import case_close

    info_request.case = case_close(case_id=info_request.case_id, day=day, actor=_user(actor), note=note,
                                   status=status, action=action, entry=entry or info_request.entry)


def _on_commit(task, **kwargs) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


# --------------------------------------------------------------------------- intake

def content_missing(correspondent: Correspondent, description: str) -> list[str]:
    """The items of REQUIRED_CONTENT the request lacks (004 art. 8): names, a description,
    an address for correspondence (a postal or an e-mail address)."""
    missing = []
    for key, _label in REQUIRED_CONTENT:
        if key == "names" and not correspondent.name.strip():
            missing.append(key)
        elif key == "description" and not (description or "").strip():
            missing.append(key)
        elif key == "address" and not (correspondent.address.strip() or correspondent.email.strip()):
            missing.append(key)
    return missing


def request_intake(*, actor, registration: Registration, kind: str = RequestKind.ACCESS, channel: str = "",
                   requester_type: str, description: str, preferred_forms: Iterable[str] = (),
                   accessible_form: str = "", protocol_signed: bool = False,
                   publish_consent: Iterable[str] = (), request=None, now: dt.datetime | None = None) -> InfoRequest:
    """Register a request (anyone may ask) in its own register and start its clock.

    `actor` is the clerk (registrar or administrator) or None for the web portal.
    `channel` is the intake channel; empty means the one matching `registration.channel`.
    An oral request is written in a protocol (the registration's notes) signed by the
    person and the clerk. A request without names, a description or an address is
    registered all the same and left without action at once, with a letter saying why
    (when there is anyone to write to); the desk never refuses it."""
    reg = registration
    errors: dict[str, list[str]] = {}
    if _user(actor) is not None and not can_intake(actor):
        raise PermissionRefused(_("Only registrars and administrators register requests for information."))
    if kind not in RequestKind.values:
        _add(errors, "kind", _("Choose access to information or re-use of information."))
    channel = channel or FROM_REGISTRY_CHANNEL.get(reg.channel, "")
    if channel not in InfoChannel.values:
        _add(errors, "channel", _("Choose how the request was received."))
    elif _user(actor) is None and channel != InfoChannel.PORTAL:
        _add(errors, "channel", _("Without a clerk, only the web portal registers."))
    if requester_type not in RequesterType.values:
        _add(errors, "requester_type", _("Choose who asks: a citizen, a foreigner, a journalist or an organisation."))
    preferred_forms = list(dict.fromkeys(preferred_forms or ()))
    if any(f not in AccessForm.values for f in preferred_forms):
        _add(errors, "preferred_forms", _("Choose the forms of access from the list."))
    publish_consent = list(dict.fromkeys(publish_consent or ()))
    if any(f not in PublishField.values for f in publish_consent):
        _add(errors, "publish_consent", _("Choose what may be published from the list."))
    if channel == InfoChannel.ORAL:
        if not (reg.notes or "").strip():
            _add(errors, "notes", _("Write the protocol of the oral request."))
        if not protocol_signed:
            _add(errors, "protocol_signed", _("The protocol of an oral request is signed by the person and the clerk."))
    if reg.case is not None:
        _add(errors, "case", _("A request opens its own case file."))
    accessible_form = (accessible_form or "").strip()
    if len(accessible_form) > 300:
        _add(errors, "accessible_form", _("Describe the form in at most 300 characters."))
    description = (description or "").strip()
    _fail(errors, _("The request was not registered: correct the marked fields."))

    c = reg.correspondent
    missing = content_missing(c, description)
    reg.kind = Kind.INCOMING
    reg.doc_type = DocumentType.INFO_REQUEST
    if FROM_REGISTRY_CHANNEL.get(reg.channel) != channel:
        reg.channel = TO_REGISTRY_CHANNEL[channel]
    if not (reg.subject or "").strip():
        reg.subject = (description[:500] if description else
                       office_text(gettext_lazy("Request for access to public information"))
                       if kind == RequestKind.ACCESS
                       else office_text(gettext_lazy("Request for re-use of public-sector information")))
    if c.is_empty:
        reg.is_anonymous = True
    if missing:
        labels = [office_text(label) for key, label in REQUIRED_CONTENT if key in missing]
        reg.is_incomplete = True
        reg.incomplete_warning = reg.incomplete_warning or office_text(gettext_lazy(
            "The request lacks: %(items)s. It is left without action."), items="; ".join(labels))

    with transaction.atomic():
        reg.index = info_index(actor=_user(actor), kind=kind)
        entry = entry_register(actor=actor, registration=reg, request=request, now=now)
        from kancelaria.control.services import statutory_start

        info_request = InfoRequest(
            case=entry.case, entry=entry, kind=kind, channel=channel, requester_type=requester_type,
            received_on=entry.registered_on, description=description, preferred_forms=preferred_forms,
            accessible_form=accessible_form, protocol_signed=bool(protocol_signed), missing_content=missing,
            publish_consent=publish_consent, reply_token=secrets.token_urlsafe(24),
        )
        today = _today(now)
        if missing:
            info_request.status = Status.WITHOUT_ACTION
            info_request.outcome = Outcome.WITHOUT_ACTION
            info_request.without_action_reason = WithoutActionReason.MISSING_CONTENT
            info_request.decided_on = entry.registered_on
            info_request.save()
            letter = None
            if not c.is_empty:
                letter = _letter(actor=actor, info_request=info_request, on=entry.registered_on, today=today,
                                 subject=gettext_lazy("Your request is left without action: it lacks required content"),
                                 request=request)
                info_request.decision_entry = letter
                info_request.save(update_fields=["decision_entry"])
            _close_case(info_request=info_request, day=entry.registered_on, actor=actor,
                        status=CaseStatus.NO_PROCEEDINGS, entry=letter,
                        note=WithoutActionReason.MISSING_CONTENT.label)
            if letter is not None and letter.correspondent_email:
                from .tasks import send_without_action_letter

                _on_commit(send_without_action_letter, info_request_id=info_request.pk)
        else:
            start = statutory_start(entry)
            result = decision_clock(start)
            info_request.counted_from = start
            info_request.decision_due = result.due
            info_request.due_explanation = result.as_dict()
            info_request.forward_due = days_after(start, FORWARD_DAYS)
            info_request.save()
            _set_case_deadline(info_request, result.due)
        audit_record(actor=actor, action=Action.CREATE, obj=info_request, request=request, changes={
            "number": entry.number, "kind": kind, "channel": channel, "requester_type": requester_type,
            "missing_content": missing or None,
            "decision_due": info_request.decision_due.isoformat() if info_request.decision_due else None,
        })
    return info_request


# --------------------------------------------------------------------------- clarification

def clarification_ask(*, actor, info_request: InfoRequest, question: str, on: dt.date | None = None,
                      request=None) -> Clarification:
    """The request is unclear: the requester is told (a letter registered in the case and
    e-mailed with the link to answer online); the decision clock stops, and he has 30 days."""
    _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    question = (question or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        if not question:
            _add(errors, "question", _("Say what is unclear in the request."))
        _date_checks(errors, "on", on, not_before=info_request.counted_from or info_request.received_on, today=today,
                     before_message=_("The requester cannot be asked before the request was registered."))
        if info_request.decision_due and isinstance(on, dt.date) and on > info_request.decision_due:
            _add(errors, "on", _("The decision was due on %(date)s: it is too late to ask for a clarification.")
                 % {"date": _day(info_request.decision_due)})
        _fail(errors, _("The requester was not asked: correct the marked fields."))
        answer_by = days_after(on, CLARIFICATION_DAYS)
        letter = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                         subject=gettext_lazy("Please clarify your request for information"), notes=question)
        clarification = Clarification.objects.create(request=info_request, question=question, asked_on=on,
                                                     letter=letter, answer_by=answer_by, asked_by=actor)
        old_due = info_request.decision_due
        info_request.status = Status.CLARIFICATION
        info_request.decision_due = None
        info_request.save(update_fields=["status", "decision_due"])
        _set_case_deadline(info_request, None)
        audit_record(actor=actor, action=Action.CREATE, obj=clarification, request=request, changes={
            "request": info_request.number, "asked_on": on.isoformat(), "answer_by": answer_by.isoformat(),
            "decision_due": [old_due.isoformat() if old_due else None, None],
        })
        if letter.correspondent_email:
            from .tasks import send_clarification_letter

            _on_commit(send_clarification_letter, clarification_id=clarification.pk)
    return clarification


def clarification_answer(*, actor, info_request: InfoRequest, answer: str, on: dt.date | None = None,
                         channel: str = "", request=None) -> Clarification:
    """The requester's clarification: registered as an incoming document of the case; the
    full 14 days start again from its date. `actor` None is the requester through the
    link of the letter (the portal); a clerk records an answer that came on paper
    (`channel`: post by default)."""
    if actor is not None:
        _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    answer = (answer or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.CLARIFICATION)
        clarification = (Clarification.objects.select_for_update()
                         .filter(request=info_request, answered_on__isnull=True, lapsed_on__isnull=True)
                         .order_by("-asked_on", "-id").first())
        errors: dict[str, list[str]] = {}
        if clarification is None:
            raise ValidationFailed(_("No clarification is awaited on this request."), code="wrong_state")
        if not answer:
            _add(errors, "answer", _("Write the clarification."))
        if _date_checks(errors, "on", on, not_before=clarification.asked_on, today=today,
                        before_message=_("The clarification cannot come before it was asked for.")) \
                and on > clarification.answer_by:
            _add(errors, "on", _("The 30 days to clarify the request ended on %(date)s.")
                 % {"date": _day(clarification.answer_by)})
        if actor is None:
            channel = InfoChannel.PORTAL
        else:
            channel = channel or InfoChannel.POST
            if channel not in InfoChannel.values:
                _add(errors, "channel", _("Choose how the clarification was received."))
        _fail(errors, _("The clarification was not recorded: correct the marked fields."))
        entry = entry_register(actor=actor, request=request, now=_moment(on, today), registration=Registration(
            kind=Kind.INCOMING, doc_type=DocumentType.LETTER, case=info_request.case,
            channel=TO_REGISTRY_CHANNEL[channel], subject=office_text(gettext_lazy("Clarification of the request for information")),
            correspondent=_requester(info_request), notes=answer[:4000],
        ))
        clarification.answered_on, clarification.answer, clarification.answer_entry = on, answer, entry
        clarification.save(update_fields=["answered_on", "answer", "answer_entry"])
        result = decision_clock(on)
        info_request.status = Status.OPEN
        info_request.counted_from = on
        info_request.decision_due = result.due
        info_request.due_explanation = result.as_dict()
        info_request.save(update_fields=["status", "counted_from", "decision_due", "due_explanation"])
        _set_case_deadline(info_request, result.due)
        audit_record(actor=actor, action=Action.UPDATE, obj=clarification, request=request, changes={
            "request": info_request.number, "answered_on": on.isoformat(),
            "decision_due": result.due.isoformat(), "channel": channel,
        })
    return clarification


def clarifications_lapse(*, today: dt.date | None = None) -> int:
    """No clarification within 30 days: the request is left without action (a letter
    says why) and its case closes. Returns how many were left."""
    today = today or timezone.localdate()
    done = 0
    pending = (Clarification.objects.filter(answered_on__isnull=True, lapsed_on__isnull=True, answer_by__lt=today,
                                            request__status=Status.CLARIFICATION)
               .values_list("pk", flat=True).order_by("pk"))
    for pk in list(pending):
        with transaction.atomic():
            clarification = Clarification.objects.select_for_update().get(pk=pk)
            info_request = _lock(clarification.request)
            if clarification.answered_on or clarification.lapsed_on or info_request.status != Status.CLARIFICATION:
                continue
            clarification.lapsed_on = today
            clarification.save(update_fields=["lapsed_on"])
            letter = _letter(actor=None, info_request=info_request, on=today, today=timezone.localdate(),
                             subject=gettext_lazy("Your request is left without action: it was not clarified within 30 days"))
            info_request.status = Status.WITHOUT_ACTION
            info_request.outcome = Outcome.WITHOUT_ACTION
            info_request.without_action_reason = WithoutActionReason.NO_CLARIFICATION
            info_request.decided_on = today
            info_request.decision_entry = letter
            info_request.save(update_fields=["status", "outcome", "without_action_reason", "decided_on",
                                             "decision_entry"])
            _close_case(info_request=info_request, day=today, actor=None, entry=letter,
                        note=WithoutActionReason.NO_CLARIFICATION.label)
            audit_record(actor=None, action=Action.UPDATE, obj=info_request, changes={
                "status": [Status.CLARIFICATION, Status.WITHOUT_ACTION],
                "without_action_reason": WithoutActionReason.NO_CLARIFICATION,
                "answer_by": clarification.answer_by.isoformat(),
            })
            if letter.correspondent_email:
                from .tasks import send_without_action_letter

                _on_commit(send_without_action_letter, info_request_id=info_request.pk)
            done += 1
    return done


# --------------------------------------------------------------------------- extensions

def extension_reasons(kind: str) -> list[str]:
    if kind == RequestKind.REUSE:
        return [ExtensionReason.COMPLEX_REUSE]
    return [ExtensionReason.LARGE_VOLUME, ExtensionReason.THIRD_PARTY]


def extension_grant(*, actor, info_request: InfoRequest, reason: str, days: int, note: str = "",
                    on: dt.date | None = None, request=None) -> InfoExtension:
    """More time to decide: up to 10 days for a large volume, up to 14 when a third party's
    consent is needed (a third party must be recorded); a re-use request up to 14 for a
    complex one, only while its first 14 days run. Each reason once, granted before the
    current due date passes; the requester is told by a registered letter."""
    _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    note = (note or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        used = list(info_request.extensions.values_list("reason", "days"))
        if reason not in extension_reasons(info_request.kind):
            _add(errors, "reason", _("Choose a reason the law allows for this kind of request."))
        else:
            limit = EXTENSION_LIMITS[reason]
            if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= limit:
                _add(errors, "days", _("Extend by 1 to %(limit)s days for this reason.") % {"limit": limit})
            if any(r == reason for r, _d in used):
                _add(errors, "reason", _("The time was already extended for this reason: each reason once."))
            if reason == ExtensionReason.THIRD_PARTY and not info_request.third_parties.exists():
                _add(errors, "reason", _("First record the third party whose consent is needed."))
            if reason == ExtensionReason.COMPLEX_REUSE and used:
                _add(errors, "reason", _("A re-use request is extended once, while its first 14 days run."))
        if _date_checks(errors, "on", on, not_before=info_request.counted_from or info_request.received_on,
                        today=today) and on > info_request.decision_due:
            _add(errors, "on", _("The decision was due on %(date)s: an extension must be granted before the "
                                 "deadline passes.") % {"date": _day(info_request.decision_due)})
        _fail(errors, _("The time was not extended: correct the marked fields."))
        total = sum(d for _r, d in used) + days
        result = decision_clock(info_request.counted_from, extend_days=total)
        old_due = info_request.decision_due
        letter = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                         subject=office_text(gettext_lazy("The time to decide on your request is extended until %(date)s"),
                                             date=_day(result.due)), notes=note)
        extension = InfoExtension.objects.create(request=info_request, reason=reason, days=days, note=note,
                                                 old_due=old_due, new_due=result.due, letter=letter,
                                                 granted_by=actor)
        info_request.decision_due = result.due
        info_request.due_explanation = result.as_dict()
        info_request.save(update_fields=["decision_due", "due_explanation"])
        _set_case_deadline(info_request, result.due)
        case = info_request.case
        CaseMovement.objects.create(case=case, action=CaseMovement.Action.EXTENDED, unit=case.holder_unit,
                                    entry=letter, actor=actor, note=_day(result.due))
        audit_record(actor=actor, action=Action.CREATE, obj=extension, request=request, changes={
            "request": info_request.number, "reason": reason, "days": days,
            "decision_due": [old_due.isoformat(), result.due.isoformat()],
        })
        if letter.correspondent_email:
            from .tasks import send_extension_letter

            _on_commit(send_extension_letter, extension_id=extension.pk)
    return extension


# --------------------------------------------------------------------------- third parties

def third_party_add(*, actor, info_request: InfoRequest, name: str, address: str = "",
                    request=None) -> ThirdParty:
    """The information touches a third party's interests: its consent is needed. The unit
    tells the secretary within 5 days of registration; the request for consent leaves
    within 7."""
    _require_handler(actor)
    name, address = (name or "").strip(), (address or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN, Status.CLARIFICATION)
        errors: dict[str, list[str]] = {}
        if not name:
            _add(errors, "name", _("Name the third party."))
        elif len(name) > 250:
            _add(errors, "name", _("The name may have at most 250 characters."))
        if len(address) > 300:
            _add(errors, "address", _("The address may have at most 300 characters."))
        _fail(errors)
        from kancelaria.control.services import statutory_start

        start = statutory_start(info_request.entry)
        party = ThirdParty.objects.create(request=info_request, name=name, address=address,
                                          unit_told_due=days_after(start, UNIT_TELLS_DAYS),
                                          consent_asked_due=days_after(start, CONSENT_ASKED_DAYS))
        audit_record(actor=actor, action=Action.CREATE, obj=party, request=request, changes={
            "request": info_request.number, "name": name,
            "unit_told_due": party.unit_told_due.isoformat(),
            "consent_asked_due": party.consent_asked_due.isoformat(),
        })
    return party


def third_party_record(*, actor, third_party: ThirdParty, unit_told_on: dt.date | None = None,
                       consent_asked_on: dt.date | None = None, answer: str = "",
                       answered_on: dt.date | None = None, note: str = "", request=None) -> ThirdParty:
    """A step with the third party: the unit told the secretary; the request for consent
    left (a letter registered in the case); its answer (given, refused, or not needed
    because it is an obliged body or there is an overriding public interest). A step once
    recorded is not changed."""
    _require_handler(actor)
    today = timezone.localdate()
    note = (note or "").strip()
    with transaction.atomic():
        party = ThirdParty.objects.select_for_update().get(pk=third_party.pk)
        info_request = _lock(party.request)
        _require_state(info_request, Status.OPEN, Status.CLARIFICATION)
        errors: dict[str, list[str]] = {}
        before = {"unit_told_on": party.unit_told_on, "consent_asked_on": party.consent_asked_on,
                  "answer": party.answer, "answered_on": party.answered_on}
        if unit_told_on is not None:
            if party.unit_told_on is not None:
                _add(errors, "unit_told_on", _("Already recorded."))
            else:
                _date_checks(errors, "unit_told_on", unit_told_on, not_before=info_request.received_on, today=today,
                             before_message=_("This cannot come before the request was registered."))
        if consent_asked_on is not None:
            if party.consent_asked_on is not None:
                _add(errors, "consent_asked_on", _("Already recorded."))
            else:
                _date_checks(errors, "consent_asked_on", consent_asked_on, not_before=info_request.received_on,
                             today=today, before_message=_("This cannot come before the request was registered."))
        if answer:
            if answer not in ConsentAnswer.values or answer == ConsentAnswer.PENDING:
                _add(errors, "answer", _("Choose the answer: consent given, refused, or not needed."))
            elif party.answer != ConsentAnswer.PENDING:
                _add(errors, "answer", _("The answer is already recorded."))
            else:
                asked = consent_asked_on or party.consent_asked_on
                if answer != ConsentAnswer.NOT_NEEDED and asked is None:
                    _add(errors, "answer", _("First record when the consent was asked for."))
                if answered_on is None:
                    _add(errors, "answered_on", _("Enter the date of the answer."))
                else:
                    _date_checks(errors, "answered_on", answered_on,
                                 not_before=asked if answer != ConsentAnswer.NOT_NEEDED else info_request.received_on,
                                 today=today, before_message=_("The answer cannot come before the question."))
        elif answered_on is not None:
            _add(errors, "answer", _("Choose the answer."))
        if answer == ConsentAnswer.NOT_NEEDED and not note:
            _add(errors, "note", _("Say why no consent is needed: an obliged body, or which overriding public "
                                   "interest."))
        if unit_told_on is None and consent_asked_on is None and not answer and not note:
            _add(errors, "answer", _("Record a step, an answer or a note."))
        _fail(errors)
        if unit_told_on is not None:
            party.unit_told_on = unit_told_on
        if consent_asked_on is not None:
            party.consent_asked_on = consent_asked_on
            party.consent_letter = _letter(
                actor=actor, info_request=info_request, on=consent_asked_on, today=today, request=request,
                to=Correspondent(name=party.name, address=party.address, kind=CorrespondentKind.PERSON),
                channel=Channel.POST, subject=gettext_lazy("Request for consent to provide information that concerns you"))
        if answer:
            party.answer, party.answered_on = answer, answered_on
        if note:
            party.note = f"{party.note}\n{note}".strip() if party.note else note
        party.save()
        after = {"unit_told_on": party.unit_told_on, "consent_asked_on": party.consent_asked_on,
                 "answer": party.answer, "answered_on": party.answered_on}
        audit_record(actor=actor, action=Action.UPDATE, obj=party, request=request, changes=diff(
            {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in before.items()},
            {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in after.items()},
        ) | ({"note": note} if note else {}))
    return party


# --------------------------------------------------------------------------- not held

def request_forward(*, actor, info_request: InfoRequest, to_body: str, on: dt.date | None = None,
                    request=None) -> InfoRequest:
    """The information is not held here but the holder is known: the request is forwarded
    (within 14 days of registration) and the requester told; the case closes here."""
    _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    to_body = (to_body or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        if not to_body:
            _add(errors, "to_body", _("Name the body that holds the information."))
        elif len(to_body) > 300:
            _add(errors, "to_body", _("The name may have at most 300 characters."))
        _date_checks(errors, "on", on, not_before=info_request.received_on, today=today,
                     before_message=_("A request cannot be forwarded before it was registered."))
        _fail(errors, _("The request was not forwarded: correct the marked fields."))
        forwarding = _letter(
            actor=actor, info_request=info_request, on=on, today=today, request=request,
            doc_type=DocumentType.FORWARDING, channel=Channel.E_DELIVERY,
            to=Correspondent(name=to_body, kind=CorrespondentKind.ORGANISATION),
            subject=gettext_lazy("Request for information forwarded to the body that holds it"))
        letter = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                         subject=office_text(gettext_lazy("Your request was forwarded to %(body)s"), body=to_body))
        info_request.status = Status.FORWARDED
        info_request.outcome = Outcome.FORWARDED
        info_request.forwarded_to, info_request.forwarded_on = to_body, on
        info_request.decided_on, info_request.decided_by = on, actor
        info_request.decision_entry = letter
        info_request.save(update_fields=["status", "outcome", "forwarded_to", "forwarded_on", "decided_on",
                                         "decided_by", "decision_entry"])
        _close_case(info_request=info_request, day=on, actor=actor, status=CaseStatus.FORWARDED,
                    action=CaseMovement.Action.FORWARDED, entry=forwarding, note=to_body)
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "status": [Status.OPEN, Status.FORWARDED], "forwarded_to": to_body, "forwarded_on": on.isoformat(),
            "late": bool(info_request.forward_due and on > info_request.forward_due),
        })
        if letter.correspondent_email:
            from .tasks import send_forwarding_letter

            _on_commit(send_forwarding_letter, info_request_id=info_request.pk)
    return info_request


def decision_not_held(*, actor, info_request: InfoRequest, note: str, on: dt.date | None = None,
                      request=None) -> InfoRequest:
    """The information is not held and the holder is not known: the requester is told
    (within the decision deadline) by a registered letter; the case closes."""
    _require_decider(actor)
    today = timezone.localdate()
    on = on or today
    note = (note or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        if not note:
            _add(errors, "note", _("Say what was searched and why the information is not held."))
        _date_checks(errors, "on", on, not_before=info_request.counted_from or info_request.received_on,
                     today=today, before_message=_("The decision cannot come before the request."))
        _fail(errors, _("Nothing was recorded: correct the marked fields."))
        letter = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                         subject=gettext_lazy("The information you asked for is not held"), notes=note)
        info_request.status = Status.NOT_HELD
        info_request.outcome = Outcome.NOT_HELD
        info_request.factual_grounds = note
        info_request.decided_on, info_request.decided_by = on, actor
        info_request.decision_entry = letter
        info_request.save(update_fields=["status", "outcome", "factual_grounds", "decided_on", "decided_by",
                                         "decision_entry"])
        _close_case(info_request=info_request, day=on, actor=actor, entry=letter,
                    action=CaseMovement.Action.ANSWERED, note=Outcome.NOT_HELD.label)
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "status": [Status.OPEN, Status.NOT_HELD], "decided_on": on.isoformat(),
            "late": info_request.is_overdue(),
        })
        if letter.correspondent_email:
            from .tasks import send_not_held_letter

            _on_commit(send_not_held_letter, info_request_id=info_request.pk)
    return info_request


# --------------------------------------------------------------------------- decisions

def _grounds_check(errors: dict, info_request: InfoRequest, grounds, *, name: str = "grounds") -> list[str]:
    grounds = list(dict.fromkeys(grounds or ()))
    allowed = RefusalGround.for_kind(info_request.kind)
    if not grounds:
        _add(errors, name, _("Choose at least one ground of refusal."))
    elif any(g not in allowed for g in grounds):
        _add(errors, name, _("Choose grounds the law gives for this kind of request."))
    if RefusalGround.THIRD_PARTY in grounds and not info_request.third_parties.filter(
            answer=ConsentAnswer.REFUSED).exists():
        _add(errors, name, _("No third party refused its consent: record its answer first."))
    if RefusalGround.ALREADY_GIVEN in grounds and not earlier_grants(info_request):
        _add(errors, name, _("No grant of information to this requester in the 6 months before this request "
                             "was found."))
    return grounds


def _pending_consents(info_request: InfoRequest) -> bool:
    return info_request.third_parties.filter(answer=ConsentAnswer.PENDING).exists()


def decision_grant(*, actor, info_request: InfoRequest, partial: bool = False, extent: str,
                   access_until: dt.date, place: str, officer, forms: Iterable[str],
                   cost_lines: Iterable = (), other_bodies: str = "", refusal_grounds: Iterable[str] = (),
                   factual_grounds: str = "", appeal_route: str = "", information_text: str = "",
                   information_url: str = "", files: Iterable = (), on: dt.date | None = None,
                   request=None) -> InfoRequest:
    """Access granted, in full or in part: the extent, the time limit, the place, the
    officer, the forms and the costs from the tariff (electronic forms cost nothing); a
    partial grant also gives the grounds for the withheld part, the facts and the appeal
    route. The preferred form is honoured, or the factual grounds say why not. The
    decision is an outgoing document of the case (with the files of the information)."""
    _require_decider(actor)
    today = timezone.localdate()
    on = on or today
    extent, place = (extent or "").strip(), (place or "").strip()
    other_bodies, factual_grounds = (other_bodies or "").strip(), (factual_grounds or "").strip()
    information_text, information_url = (information_text or "").strip(), (information_url or "").strip()
    appeal_route = (appeal_route or "").strip()
    forms = list(dict.fromkeys(forms or ()))
    cost_lines = list(cost_lines or ())
    files = list(files or ())
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        if not extent:
            _add(errors, "extent", _("Describe the extent of access."))
        if not forms:
            _add(errors, "forms", _("Choose at least one form of access."))
        elif any(f not in AccessForm.values for f in forms):
            _add(errors, "forms", _("Choose the forms of access from the list."))
        electronic_only = bool(forms) and set(forms) <= ELECTRONIC_FORMS
        if not place and not electronic_only:
            _add(errors, "place", _("Say where access is given."))
        if officer is None:
            _add(errors, "officer", _("Name the officer who gives access."))
        elif not getattr(officer, "is_active", False):
            _add(errors, "officer", _("This employee's account is switched off."))
        if _date_checks(errors, "on", on, not_before=info_request.counted_from or info_request.received_on,
                        today=today, before_message=_("The decision cannot come before the request.")):
            if not isinstance(access_until, dt.date) or isinstance(access_until, dt.datetime):
                _add(errors, "access_until", _("Enter the date until which access is given."))
            elif access_until < on:
                _add(errors, "access_until", _("Access cannot end before the decision."))
        preferred = set(info_request.preferred_forms or ())
        if preferred and forms and not preferred & set(forms) and not factual_grounds:
            _add(errors, "factual_grounds", _("The requester asked for another form: say why it cannot be given."))
        if AccessForm.WEB_ADDRESS in forms and not information_url:
            _add(errors, "information_url", _("Give the web address where the information is published."))
        if information_url:
            try:
                URLValidator(schemes=["http", "https"])(information_url)
            except ValidationError:
                _add(errors, "information_url", _("Enter a web address starting with http:// or https://."))
        lines = []
        if cost_lines and electronic_only:
            _add(errors, "cost_lines", _("Electronic copies and a web address cost nothing."))
        else:
            for item, quantity in cost_lines:
                if not isinstance(item, TariffItem) or not item.is_active:
                    _add(errors, "cost_lines", _("Choose items of the tariff in use."))
                elif not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
                    _add(errors, "cost_lines", _("Enter a whole quantity of at least 1."))
                else:
                    lines.append((item, quantity))
        if partial:
            refusal_grounds = _grounds_check(errors, info_request, refusal_grounds, name="refusal_grounds")
            if not factual_grounds:
                _add(errors, "factual_grounds", _("Give the facts on which part of the information is withheld."))
        elif refusal_grounds:
            _add(errors, "refusal_grounds", _("Grounds of refusal belong to a partial grant or a refusal."))
            refusal_grounds = []
        if _pending_consents(info_request):
            _add(errors, "request", _("A third party has not answered yet: record its answer first."))
        if info_request.third_parties.filter(answer=ConsentAnswer.REFUSED).exists() and not partial:
            _add(errors, "partial", _("A third party refused its consent: the information is given without the part "
                                      "that concerns it (a partial grant)."))
        _fail(errors, _("The decision was not recorded: correct the marked fields."))

        kind_label = (gettext_lazy("Decision granting partial access to public information") if partial
                      else gettext_lazy("Decision granting access to public information"))
        if info_request.kind == RequestKind.REUSE:
            kind_label = (gettext_lazy("Decision granting in part the re-use of public-sector information") if partial
                          else gettext_lazy("Decision granting the re-use of public-sector information"))
        entry = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                        doc_type=DocumentType.INFO_ANSWER, subject=kind_label, files=files)
        total = Decimal("0.00")
        for item, quantity in lines:
            amount = (item.price * quantity).quantize(Decimal("0.01"))
            CostLine.objects.create(request=info_request, item=item, quantity=quantity, price=item.price,
                                    amount=amount)
            total += amount
        info_request.status = Status.DECIDED
        info_request.outcome = Outcome.PARTIAL if partial else Outcome.GRANTED
        info_request.decided_on, info_request.decided_by, info_request.decision_entry = on, actor, entry
        info_request.extent, info_request.access_until, info_request.access_place = extent, access_until, place
        info_request.access_officer, info_request.access_forms = officer, forms
        info_request.costs = total
        info_request.other_bodies = other_bodies
        info_request.refusal_grounds = list(refusal_grounds) if partial else []
        info_request.factual_grounds = factual_grounds
        info_request.appeal_route = (appeal_route or default_appeal_route()) if partial else appeal_route
        info_request.information_text, info_request.information_url = information_text, information_url
        info_request.save()
        CaseFile.objects.filter(pk=info_request.case_id, status=CaseStatus.REGISTERED).update(
            status=CaseStatus.IN_PROGRESS)
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "outcome": info_request.outcome, "decided_on": on.isoformat(), "forms": forms,
            "costs": str(total), "refusal_grounds": info_request.refusal_grounds or None,
            "access_until": access_until.isoformat(), "late": info_request.is_overdue(),
            "files": len(files) or None,
        })
    return info_request


def decision_refuse(*, actor, info_request: InfoRequest, grounds: Iterable[str], factual_grounds: str,
                    appeal_route: str = "", on: dt.date | None = None, request=None) -> InfoRequest:
    """Access (or re-use) refused: the legal grounds, the facts, the date and the appeal
    route; an outgoing document of the case. The case closes."""
    _require_decider(actor)
    today = timezone.localdate()
    on = on or today
    factual_grounds, appeal_route = (factual_grounds or "").strip(), (appeal_route or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_state(info_request, Status.OPEN)
        errors: dict[str, list[str]] = {}
        grounds = _grounds_check(errors, info_request, grounds)
        if not factual_grounds:
            _add(errors, "factual_grounds", _("Give the facts on which access is refused."))
        if _pending_consents(info_request):
            _add(errors, "request", _("A third party has not answered yet: record its answer first."))
        _date_checks(errors, "on", on, not_before=info_request.counted_from or info_request.received_on,
                     today=today, before_message=_("The decision cannot come before the request."))
        _fail(errors, _("The refusal was not recorded: correct the marked fields."))
        subject = (gettext_lazy("Decision refusing access to public information") if info_request.kind == RequestKind.ACCESS
                   else gettext_lazy("Decision refusing the re-use of public-sector information"))
        entry = _letter(actor=actor, info_request=info_request, on=on, today=today, request=request,
                        doc_type=DocumentType.INFO_REFUSAL, subject=subject)
        info_request.status = Status.REFUSED
        info_request.outcome = Outcome.REFUSED
        info_request.refusal_grounds = grounds
        info_request.factual_grounds = factual_grounds
        info_request.appeal_route = appeal_route or default_appeal_route()
        info_request.decided_on, info_request.decided_by, info_request.decision_entry = on, actor, entry
        info_request.save(update_fields=["status", "outcome", "refusal_grounds", "factual_grounds", "appeal_route",
                                         "decided_on", "decided_by", "decision_entry"])
        _close_case(info_request=info_request, day=on, actor=actor, entry=entry,
                    action=CaseMovement.Action.ANSWERED, note=Outcome.REFUSED.label)
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "status": [Status.OPEN, Status.REFUSED], "grounds": grounds, "decided_on": on.isoformat(),
            "late": info_request.is_overdue(),
        })
    return info_request


# --------------------------------------------------------------------------- delivery and access

def decision_deliver(*, actor, info_request: InfoRequest, method: str, on: dt.date | None = None,
                     request=None) -> InfoRequest:
    """The decision reached the requester. By e-mail or the platform, the decision and the
    information (its files or web address) are e-mailed; a grant in electronic forms only
    gives access that day, without costs or a protocol (a wrong e-mail counts as
    delivered on sending). Otherwise access follows payment and a handover protocol."""
    _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    with transaction.atomic():
        info_request = _lock(info_request)
        if info_request.status == Status.REFUSED and info_request.delivered_on is None:
            pass  # a refusal closes the matter, and its delivery is still recorded
        else:
            _require_state(info_request, Status.DECIDED)
        errors: dict[str, list[str]] = {}
        if method not in DeliveryMethod.values:
            _add(errors, "method", _("Choose how the decision was delivered."))
        elif method == DeliveryMethod.EMAIL and not info_request.entry.correspondent_email:
            _add(errors, "method", _("The requester gave no e-mail address."))
        _date_checks(errors, "on", on, not_before=info_request.decided_on, today=today,
                     before_message=_("The decision cannot be delivered before it was made."))
        _fail(errors, _("The delivery was not recorded: correct the marked fields."))
        before = info_request.status
        info_request.delivery_method, info_request.delivered_on = method, on
        fields = ["delivery_method", "delivered_on"]
        electronic = method in ELECTRONIC_DELIVERY
        if info_request.status == Status.DECIDED:
            if electronic and set(info_request.access_forms) <= ELECTRONIC_FORMS and not info_request.costs:
                info_request.status = Status.ACCESS_GIVEN
                info_request.access_given_on = on
                fields += ["status", "access_given_on"]
                _close_case(info_request=info_request, day=on, actor=actor, entry=info_request.decision_entry,
                            action=CaseMovement.Action.ANSWERED,
                            note=gettext_lazy("The decision and the information were sent electronically."))
            else:
                info_request.status = Status.DELIVERED
                fields.append("status")
        info_request.save(update_fields=fields)
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "status": [before, info_request.status], "delivery_method": method, "delivered_on": on.isoformat(),
        })
        if electronic and info_request.entry.correspondent_email:
            from .tasks import send_decision

            _on_commit(send_decision, info_request_id=info_request.pk)
    return info_request


def _require_grant(info_request: InfoRequest) -> None:
    _require_state(info_request, Status.DECIDED, Status.DELIVERED)
    if info_request.outcome not in GRANTED:
        raise ValidationFailed(_("Only a grant of access is paid for and handed over."), code="wrong_state")


def payment_record(*, actor, info_request: InfoRequest, on: dt.date, document: str,
                   request=None) -> InfoRequest:
    """The costs are paid (before access): the date and the payment document."""
    _require_handler(actor)
    today = timezone.localdate()
    document = (document or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_grant(info_request)
        errors: dict[str, list[str]] = {}
        if not info_request.costs:
            _add(errors, "request", _("This grant costs nothing: there is nothing to pay."))
        elif info_request.paid_on is not None:
            _add(errors, "request", _("The payment is already recorded."))
        if not document:
            _add(errors, "document", _("Enter the receipt or the payment order."))
        elif len(document) > 100:
            _add(errors, "document", _("At most 100 characters."))
        _date_checks(errors, "on", on, not_before=info_request.decided_on, today=today,
                     before_message=_("The costs cannot be paid before the decision."))
        _fail(errors, _("The payment was not recorded: correct the marked fields."))
        info_request.paid_on, info_request.payment_document = on, document
        info_request.save(update_fields=["paid_on", "payment_document"])
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "paid_on": on.isoformat(), "payment_document": document, "costs": str(info_request.costs),
        })
    return info_request


def access_give(*, actor, info_request: InfoRequest, on: dt.date, notes: str = "", request=None) -> InfoRequest:
    """Access is given, against a handover protocol signed by the requester and the officer
    (registered in the case); the costs must be paid first, within the time limit."""
    _require_handler(actor)
    today = timezone.localdate()
    notes = (notes or "").strip()
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_grant(info_request)
        errors: dict[str, list[str]] = {}
        if info_request.costs and info_request.paid_on is None:
            _add(errors, "request", _("The costs of %(costs)s %(currency)s are paid before access is given.")
                 % {"costs": info_request.costs, "currency": info_request.currency})
        if _date_checks(errors, "on", on, not_before=info_request.paid_on or info_request.decided_on, today=today,
                        before_message=_("Access cannot be given before the decision and the payment.")) \
                and info_request.access_until and on > info_request.access_until:
            _add(errors, "on", _("Access was to be taken by %(date)s: after that it counts as refused by the "
                                 "requester.") % {"date": _day(info_request.access_until)})
        _fail(errors, _("Access was not recorded: correct the marked fields."))
        protocol = entry_register(actor=actor, request=request, now=_moment(on, today), registration=Registration(
            kind=Kind.INTERNAL, doc_type=DocumentType.PROTOCOL, case=info_request.case, channel=Channel.INTERNAL,
            subject=office_text(gettext_lazy("Handover protocol: access to the information given")),
            correspondent=_requester(info_request), notes=notes,
        ))
        fields = ["protocol_on", "protocol_entry", "access_given_on", "status"]
        if info_request.delivered_on is None:
            info_request.delivered_on, info_request.delivery_method = on, DeliveryMethod.IN_PERSON
            fields += ["delivered_on", "delivery_method"]
        before = info_request.status
        info_request.protocol_on, info_request.protocol_entry = on, protocol
        info_request.access_given_on, info_request.status = on, Status.ACCESS_GIVEN
        info_request.save(update_fields=fields)
        _close_case(info_request=info_request, day=on, actor=actor, entry=protocol,
                    action=CaseMovement.Action.ANSWERED, note=gettext_lazy("Access given against a handover protocol."))
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
            "status": [before, Status.ACCESS_GIVEN], "access_given_on": on.isoformat(),
            "protocol": protocol.number,
        })
    return info_request


def _refused_by_requester(info_request: InfoRequest, *, day: dt.date, actor, request=None) -> None:
    before = info_request.status
    info_request.status, info_request.requester_refused_on = Status.REQUESTER_REFUSED, day
    info_request.save(update_fields=["status", "requester_refused_on"])
    _close_case(info_request=info_request, day=day, actor=actor,
                note=gettext_lazy("Not collected or not paid within the time limit: refused by the requester."))
    audit_record(actor=actor, action=Action.UPDATE, obj=info_request, request=request, changes={
        "status": [before, Status.REQUESTER_REFUSED], "requester_refused_on": day.isoformat(),
        "access_until": info_request.access_until.isoformat() if info_request.access_until else None,
    })


def requester_refusal_record(*, actor, info_request: InfoRequest, on: dt.date | None = None,
                             request=None) -> InfoRequest:
    """The requester did not collect the information or did not pay within the time limit:
    that counts as his refusal; never for a request made electronically or through the
    platform."""
    _require_handler(actor)
    today = timezone.localdate()
    on = on or today
    with transaction.atomic():
        info_request = _lock(info_request)
        _require_grant(info_request)
        errors: dict[str, list[str]] = {}
        if info_request.is_electronic:
            _add(errors, "request", _("The request was made electronically: not collecting or not paying is not "
                                      "a refusal."))
        elif info_request.delivered_on is None:
            _add(errors, "request", _("The decision has not been delivered: the requester cannot have refused it."))
        if _date_checks(errors, "on", on, today=today) and info_request.access_until and \
                on <= info_request.access_until:
            _add(errors, "on", _("The requester may still take the information until %(date)s.")
                 % {"date": _day(info_request.access_until)})
        _fail(errors, _("Nothing was recorded: correct the marked fields."))
        _refused_by_requester(info_request, day=on, actor=actor, request=request)
    return info_request


def requester_refusals_check(*, today: dt.date | None = None) -> int:
    """The daily job: delivered grants not taken (or not paid) by their time limit count as
    refused by the requester, except requests made electronically. Returns how many."""
    today = today or timezone.localdate()
    electronic = list(InfoChannel.electronic())
    pks = list(InfoRequest.objects.filter(status__in=(Status.DECIDED, Status.DELIVERED), outcome__in=GRANTED,
                                          delivered_on__isnull=False, access_until__lt=today,
                                          access_given_on__isnull=True)
               .exclude(channel__in=electronic).values_list("pk", flat=True).order_by("pk"))
    done = 0
    for pk in pks:
        with transaction.atomic():
            info_request = InfoRequest.objects.select_for_update(of=("self",)).select_related("case", "entry").get(
                pk=pk)
            if info_request.status not in (Status.DECIDED, Status.DELIVERED) or info_request.access_given_on:
                continue
            _refused_by_requester(info_request, day=today, actor=None)
            done += 1
    return done


# --------------------------------------------------------------------------- tariff

def tariff_save(*, actor, item: TariffItem, request=None) -> TariffItem:
    """A tariff item created or changed (administrators). Costs already decided keep the
    price they were decided with."""
    if not can_administer_tariff(actor):
        raise PermissionRefused(_("Only administrators change the tariff."))
    errors: dict[str, list[str]] = {}
    item.code = (item.code or "").strip()
    item.name, item.unit = (item.name or "").strip(), (item.unit or "").strip()
    if not item.code:
        _add(errors, "code", _("Enter a code."))
    elif TariffItem.objects.filter(code=item.code).exclude(pk=item.pk).exists():
        _add(errors, "code", _("Another item has this code."))
    if not item.name:
        _add(errors, "name", _("Enter the name."))
    if not item.unit:
        _add(errors, "unit", _("Enter the unit (a page, a disc)."))
    if item.price is None or not isinstance(item.price, Decimal | int) or Decimal(item.price) < 0:
        _add(errors, "price", _("Enter a price of 0 or more."))
    _fail(errors, _("The tariff was not saved: correct the marked fields."))
    with transaction.atomic():
        before = {}
        if item.pk:
            old = TariffItem.objects.select_for_update().filter(pk=item.pk).first()
            if old is not None:
                before = {"code": old.code, "name": old.name, "unit": old.unit, "price": str(old.price),
                          "is_active": old.is_active}
        created = not before
        item.price = Decimal(item.price).quantize(Decimal("0.01"))
        item.save()
        after = {"code": item.code, "name": item.name, "unit": item.unit, "price": str(item.price),
                 "is_active": item.is_active}
        audit_record(actor=actor, action=Action.CREATE if created else Action.UPDATE, obj=item, request=request,
                     changes=after if created else diff(before, after))
    return item
