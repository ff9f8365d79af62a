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
        subject=subject[:500], correspondent=to or _requester(info_request), notes=notes, files=list(files),
    ))


def _set_case_deadline(info_request: InfoRequest, day: dt.date | None) -> None:
    CaseFile.objects.filter(pk=info_request.case_id).update(deadline=day)


def _close_case(*, info_request: InfoRequest, day: dt.date, actor, note: str, status: str = CaseStatus.CLOSED,
                action: str = CaseMovement.Action.CLOSED, entry: Entry | None = None) -> None:
    """The matter ends: the case file closes with the day, and any work still open on it."""
    from kancelaria.control.services import case_work_close

    case = CaseFile.objects.select_for_update().get(pk=info_request.case_id)
    case.status, case.closed_on = status, day
    case.save(update_fields=["status", "closed_on"])
    case_work_close(case=case, day=day)
    CaseMovement.objects.create(case=case, action=action, unit=case.holder_unit, entry=entry or info_request.entry,
                                actor=_user(actor), note=str(note)[:500])
    info_request.case = case


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
                       _("Request for access to public information") if kind == RequestKind.ACCESS
                       else _("Request for re-use of public-sector information"))
    if c.is_empty:
        reg.is_anonymous = True
    if missing:
        labels = [str(label) for key, label in REQUIRED_CONTENT if key in missing]
        reg.is_incomplete = True
        reg.incomplete_warning = reg.incomplete_warning or _(
            "The request lacks: %(items)s. It is left without action.") % {"items": "; ".join(labels)}

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
                                 subject=_("Your request is left without action: it lacks required content"),
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
                         subject=_("Please clarify your request for information"), notes=question)
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
            channel=TO_REGISTRY_CHANNEL[channel], subject=_("Clarification of the request for information"),
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
            letter = _letter(actor=None, info_request=info_request, on=today, today=today,
                             subject=_("Your request is left without action: it was not clarified within 30 days"))
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
