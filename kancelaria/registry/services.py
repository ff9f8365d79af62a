"""Writes on the registry. Every change goes through one function here, inside one
transaction that also appends to the hash-chained register and the audit trail.

Rules: DOMAIN.md section 2 (registration) and 11 (security).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.audit.services import Action, audit_record, diff
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.text import office_text, search_normalize
from kancelaria.core.validators import egn_is_valid, eik_is_valid

from . import numbering
from .attachments import attachment_check, attachment_store, storage_delete_quietly
from .models import (
    Attachment,
    CaseFile,
    CaseMovement,
    CaseStatus,
    Channel,
    CorrespondentKind,
    Counter,
    DocumentType,
    Entry,
    Index,
    Kind,
    OffensiveAnonymousRecord,
    RegisterChain,
    RegisterRecord,
)
from .register import chain_hash, entry_snapshot, record_payload

ELECTRONIC_CHANNELS = frozenset({Channel.EMAIL, Channel.PORTAL, Channel.EXCHANGE, Channel.E_DELIVERY})


@dataclass
class Correspondent:
    name: str = ""
    kind: str = ""
    egn: str = ""
    eik: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""

    @classmethod
    def from_data(cls, data: dict | None) -> Correspondent:
        data = data or {}
        return cls(**{k: (str(data.get(k) or "")).strip() for k in cls.__dataclass_fields__})

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address or self.email or self.egn or self.eik)


@dataclass
class Registration:
    """What a clerk (or the API, or the portal) submits for registration."""

    kind: str
    subject: str
    channel: str
    index: Index | None = None
    doc_type: str = DocumentType.LETTER
    correspondent: Correspondent = field(default_factory=Correspondent)
    pages: int = 1
    attachments_description: str = ""
    deadline: dt.date | None = None
    notes: str = ""
    your_reference: str = ""
    is_anonymous: bool = False
    is_incomplete: bool = False
    incomplete_warning: str = ""
    case: CaseFile | None = None
    answers: Entry | None = None
    related: Entry | None = None
    relation: str = ""
    files: list = field(default_factory=list)


def _validate(reg: Registration) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if reg.kind not in Kind.values:
        add("kind", _("Choose incoming, outgoing or internal."))
    if reg.channel not in Channel.values:
        add("channel", _("Choose how the document arrived or leaves."))
    if reg.doc_type not in DocumentType.values:
        add("doc_type", _("Choose a document type."))
    reg.subject = (reg.subject or "").strip()
    if not reg.subject:
        add("subject", _("Enter what the document is about."))
    elif len(reg.subject) > 500:
        add("subject", _("The subject may have at most 500 characters."))
    if reg.case is None and reg.index is None:
        add("index", _("Choose the index from the nomenclature."))
    if reg.index is not None and not reg.index.is_active and reg.case is None:
        add("index", _("This index is no longer in use."))
    if reg.case is not None and reg.index is not None and reg.case.index_id != reg.index.pk:
        add("case", _("A document joins its case file under the case file's index."))
    if reg.pages is None or reg.pages < 0:
        add("pages", _("Enter the number of pages."))
    c = reg.correspondent
    if c.kind and c.kind not in CorrespondentKind.values:
        add("correspondent.kind", _("Choose person or organisation."))
    if c.egn and not egn_is_valid(c.egn):
        add("correspondent.egn", _("This personal number (EGN) is not valid: check the digits."))
    if c.eik and not eik_is_valid(c.eik):
        add("correspondent.eik", _("This EIK/BULSTAT is not valid: check the digits."))
    if c.egn and c.kind == CorrespondentKind.ORGANISATION:
        add("correspondent.egn", _("An organisation is identified by its EIK/BULSTAT, not an EGN."))
    if reg.is_anonymous and not c.is_empty:
        add("is_anonymous", _("An anonymous document has no name, address or e-mail of its sender."))
    if not reg.is_anonymous and c.is_empty and reg.kind != Kind.INTERNAL:
        add("correspondent.name", _("Enter the sender or recipient, or mark the document as anonymous."))
    if reg.answers is not None:
        if reg.kind != Kind.OUTGOING:
            add("answers", _("Only an outgoing document answers another."))
        if reg.answers.kind != Kind.INCOMING:
            add("answers", _("An answer answers an incoming document."))
        if reg.case is not None and reg.case.pk != reg.answers.case_id:
            add("answers", _("An answer is registered into the case file it answers."))
    if bool(reg.related) != bool(reg.relation):
        add("related", _("Name both the document and whether it is amended or cancelled."))
    if reg.relation and reg.relation not in Entry.Relation.values:
        add("relation", _("Choose amends or cancels."))
    if reg.related is not None and reg.related.doc_type != DocumentType.ORDER:
        add("related", _("Only an order can be amended or cancelled this way."))
    if reg.related is not None and reg.doc_type != DocumentType.ORDER:
        add("doc_type", _("Only an order amends or cancels an order."))
    return errors


def _check_files(files, errors: dict[str, list[str]]) -> list:
    """Check every upload; each refusal names its file under `attachments`."""
    checked = []
    for upload in files or []:
        try:
            checked.append(attachment_check(upload))
        except ValidationFailed as exc:
            errors.setdefault("attachments", []).append(str(exc.message))
    return checked


def _locked_row(model, **key):
    """The row `key` of `model`, locked for this transaction; created first when missing
    (concurrent creators both end up locking the one row)."""
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        model.objects.bulk_create([model(**key)], ignore_conflicts=True)
        row = model.objects.select_for_update().get(**key)
    return row


def _lock_chain(index: Index) -> RegisterChain:
    return _locked_row(RegisterChain, index=index)


def _next_sequence(index: Index, year: int) -> int:
    counter = _locked_row(Counter, index=index, year=index.numbering_year(year))
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def _append_record(*, chain: RegisterChain, entry: Entry, kind: str, actor, reason: str = "",
                   corrects: RegisterRecord | None = None, attachments: list | None = None) -> RegisterRecord:
    if attachments is None:
        attachments = list(entry.attachments.all())
    now = timezone.now()
    position = chain.length + 1
    payload = record_payload(
        position=position, kind=kind, recorded_at=now, reason=reason,
        corrects_position=corrects.position if corrects else None,
        snapshot=entry_snapshot(entry, attachments),
    )
    digest = chain_hash(chain.head_hash, payload)
    record = RegisterRecord.objects.create(
        index_id=chain.index_id, position=position, kind=kind, entry=entry, corrects=corrects,
        reason=reason, recorded_at=now, recorded_by=actor if actor and actor.is_authenticated else None,
        payload=payload, prev_hash=chain.head_hash, hash=digest,
    )
    chain.length = position
    chain.head_hash = digest
    chain.save(update_fields=["length", "head_hash"])
    return record


def _search_text(entry: Entry) -> str:
    return search_normalize(entry.number, entry.subject, entry.correspondent_name,
                            entry.correspondent_eik, entry.your_reference)


def _store_files(checked, entry: Entry, actor, stored: list[str]) -> list[Attachment]:
    created = []
    for item in checked:
        name = attachment_store(item)
        stored.append(name)
        created.append(Attachment.objects.create(
            entry=entry, file=name, original_name=item.name, content_type=item.content_type,
            size=item.size, sha256=item.sha256, uploaded_by=actor if actor and actor.is_authenticated else None,
        ))
    return created


def entry_register(*, actor, registration: Registration, request=None, now: dt.datetime | None = None) -> Entry:
    """Register a document: a new case file under the next number of its index, or the
    next document of an existing case file. Number, entry, attachments, register record,
    movement and audit event are written together or not at all."""
    reg = registration
    if reg.answers is not None and reg.case is None:
        reg.case = reg.answers.case
    if reg.case is not None and reg.index is None:
        reg.index = reg.case.index
    errors = _validate(reg)
    checked = _check_files(reg.files, errors)
    if errors:
        raise ValidationFailed(_("The document was not registered: correct the marked fields."), fields=errors)

    stored: list[str] = []
    try:
        with transaction.atomic():
            entry = _register_locked(actor=actor, reg=reg, checked=checked, stored=stored, now=now)
            audit_record(actor=actor, action=Action.CREATE, obj=entry, request=request,
                         changes={"number": entry.number, "subject": entry.subject})
    except BaseException:
        storage_delete_quietly(stored)
        raise
    if entry.correspondent_email and entry.kind == Kind.INCOMING and not entry.is_anonymous:
        from .tasks import send_registration_slip

        transaction.on_commit(lambda: send_registration_slip.enqueue(entry_id=entry.pk))
    return entry


def _register_locked(*, actor, reg: Registration, checked, stored: list[str], now) -> Entry:
    index = reg.index
    # Drawn before the lock: the index's registrations wait on each other only for the
    # statements that need the number.
    tracking_code = _unique_tracking_code() if reg.case is None else ""
    chain = _lock_chain(index)
    registered_at = now or timezone.now()
    day = timezone.localdate(registered_at)
    unit = getattr(actor, "unit", None)
    if reg.case is None:
        sequence = _next_sequence(index, day.year)
        case = CaseFile.objects.create(
            index=index, year=index.numbering_year(day.year), sequence=sequence,
            number=numbering.case_number(index.code, sequence), opened_on=day, subject=reg.subject,
            status=CaseStatus.NO_PROCEEDINGS if reg.is_anonymous else CaseStatus.REGISTERED,
            closed_on=day if reg.is_anonymous else None,
            holder_unit=unit, deadline=reg.deadline, tracking_code=tracking_code,
        )
        ordinal = 1
    else:
        case = CaseFile.objects.select_for_update().get(pk=reg.case.pk)
        ordinal = case.entries.count() + 1
    c = reg.correspondent
    entry = Entry(
        case=case, ordinal=ordinal,
        number=numbering.entry_number(index.code, case.sequence, ordinal, day),
        kind=reg.kind, doc_type=reg.doc_type, registered_at=registered_at, registered_on=day,
        registered_by=actor if actor and actor.is_authenticated else None,
        subject=reg.subject, correspondent_kind=c.kind or (CorrespondentKind.PERSON if c.name else ""),
        correspondent_name=c.name, correspondent_egn=c.egn, correspondent_eik=c.eik,
        correspondent_address=c.address, correspondent_email=c.email, correspondent_phone=c.phone,
        channel=reg.channel, pages=reg.pages, attachments_description=reg.attachments_description,
        deadline=reg.deadline, notes=reg.notes, your_reference=reg.your_reference,
        is_anonymous=reg.is_anonymous, is_incomplete=reg.is_incomplete or bool(reg.incomplete_warning),
        incomplete_warning=reg.incomplete_warning or (
            _("The person was warned that the document is incomplete.") if reg.is_incomplete else ""),
        answers=reg.answers, related=reg.related, relation=reg.relation,
    )
    entry.search_text = _search_text(entry)
    entry.save()
    attachments = _store_files(checked, entry, actor, stored)
    _append_record(chain=chain, entry=entry, kind=RegisterRecord.Kind.REGISTRATION, actor=actor,
                   attachments=attachments)

    if ordinal == 1:
        CaseMovement.objects.create(case=case, action=CaseMovement.Action.REGISTERED, unit=unit, at=registered_at,
                                    entry=entry, actor=actor if actor and actor.is_authenticated else None)
    else:
        action = CaseMovement.Action.DOCUMENT_ADDED
        if reg.answers is not None:
            # An answer closes the case when it is sent electronically; one that leaves on
            # paper closes it when it is handed over or posted (control.services.entry_dispatch).
            action = CaseMovement.Action.ANSWERED
            if reg.channel in ELECTRONIC_CHANNELS:
                case.status, case.closed_on = CaseStatus.CLOSED, day
            else:
                case.status = CaseStatus.ANSWERED
        if reg.deadline and not case.deadline:
            case.deadline = reg.deadline
        case.save(update_fields=["status", "closed_on", "deadline"])
        CaseMovement.objects.create(case=case, action=action, unit=unit, entry=entry, at=registered_at,
                                    actor=actor if actor and actor.is_authenticated else None)
    if reg.kind == Kind.INCOMING and not reg.is_anonymous and reg.doc_type != DocumentType.WITHDRAWAL:
        from kancelaria.control.services import entry_route

        entry_route(entry=entry)
    elif reg.answers is not None and case.status == CaseStatus.CLOSED:
        from kancelaria.control.services import case_work_close

        case_work_close(case=case, day=day)
    return entry


def _unique_tracking_code() -> str:
    for _attempt in range(5):
        code = numbering.tracking_code_new()
        if not CaseFile.objects.filter(tracking_code=code).exists():
            return code
    raise IntegrityError("could not draw a unique tracking code")  # pragma: no cover - 2**50 codes


CORRECTABLE = (
    "subject", "doc_type", "correspondent_kind", "correspondent_name", "correspondent_egn",
    "correspondent_eik", "correspondent_address", "correspondent_email", "correspondent_phone",
    "pages", "attachments_description", "deadline", "notes", "your_reference",
    "is_incomplete", "incomplete_warning",
)


def entry_correct(*, actor, entry: Entry, changes: dict, reason: str, files: list | None = None,
                  request=None) -> RegisterRecord:
    """A correction is a new register record pointing to the record it corrects; the
    number, index, date and kind of a registered document never change."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why the entry is corrected."), fields={"reason": [_("Enter a reason.")]})
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationFailed(_("These fields cannot be corrected: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
                               code="not_correctable", fields={k: [_("Cannot be corrected.")] for k in unknown})
    file_errors: dict[str, list[str]] = {}
    checked = _check_files(files, file_errors)
    if file_errors:
        raise ValidationFailed(_("The correction was not recorded: correct the marked fields."),
                               fields=file_errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            chain = _lock_chain(entry.case.index)
            entry = Entry.objects.select_for_update().select_related("case__index").get(pk=entry.pk)
            before = {k: getattr(entry, k) for k in changes}
            for key, value in changes.items():
                setattr(entry, key, value)
            probe = Registration(
                kind=entry.kind, subject=entry.subject, channel=entry.channel, index=entry.case.index,
                doc_type=entry.doc_type, case=entry.case, pages=entry.pages,
                is_anonymous=entry.is_anonymous,
                correspondent=Correspondent(name=entry.correspondent_name, kind=entry.correspondent_kind,
                                            egn=entry.correspondent_egn, eik=entry.correspondent_eik,
                                            address=entry.correspondent_address, email=entry.correspondent_email),
                related=entry.related, relation=entry.relation,
            )
            errors = _validate(probe)
            if errors:
                raise ValidationFailed(_("The correction was not recorded: correct the marked fields."),
                                       fields=errors)
            entry.subject = probe.subject
            entry.search_text = _search_text(entry)
            entry.save()
            _store_files(checked, entry, actor, stored)
            last = entry.records.order_by("-position").first()
            record = _append_record(chain=chain, entry=entry, kind=RegisterRecord.Kind.CORRECTION,
                                    actor=actor, reason=reason, corrects=last)
            change_log = diff({k: _plain(v) for k, v in before.items()},
                              {k: _plain(getattr(entry, k)) for k in changes})
            if checked:
                change_log["attachments"] = [None, [c.name for c in checked]]
            audit_record(actor=actor, action=Action.UPDATE, obj=entry, request=request,
                         changes={**change_log, "reason": reason})
    except BaseException:
        storage_delete_quietly(stored)
        raise
    return record


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _close_case(*, actor, case: CaseFile, status: str, action: str, entry: Entry, note: str = "",
                request=None) -> CaseFile:
    case = CaseFile.objects.select_for_update().get(pk=case.pk)
    old = case.status
    case.status = status
    case.closed_on = entry.registered_on
    case.save(update_fields=["status", "closed_on"])
    # The movement that the registration wrote is replaced by the one that says why.
    CaseMovement.objects.filter(case=case, entry=entry).update(action=action, note=note[:500])
    from kancelaria.control.services import case_work_close

    case_work_close(case=case, day=entry.registered_on)
    audit_record(actor=actor, action=Action.UPDATE, obj=case, request=request,
                 changes={"status": [old, status]})
    return case


def _require_incoming_request(case: CaseFile) -> Entry:
    """Forwarding and withdrawal concern a request that came in from outside."""
    first = case.entries.order_by("ordinal").first()
    if first is None or first.kind != Kind.INCOMING:
        raise ValidationFailed(_("Only a case file opened by an incoming document can be forwarded or withdrawn."),
                               code="not_a_request")
    return first


def case_forward(*, actor, case: CaseFile, body: Correspondent, channel: str = Channel.E_DELIVERY,
                 note: str = "", request=None) -> Entry:
    """Not competent: forward at once to the competent body (the outgoing letter is
    registered into the case file) and close the case at the registry."""
    if case.is_finished:
        raise ValidationFailed(_("This case file is already closed."), code="case_closed")
    _require_incoming_request(case)
    if not body.name:
        raise ValidationFailed(_("Name the competent body."), fields={"body": [_("Enter the competent body.")]})
    body.kind = body.kind or CorrespondentKind.ORGANISATION
    with transaction.atomic():
        entry = entry_register(actor=actor, request=request, registration=Registration(
            kind=Kind.OUTGOING, doc_type=DocumentType.FORWARDING, case=case, channel=channel,
            subject=office_text(gettext_lazy("Forwarded to the competent body: %(body)s"), body=body.name),
            correspondent=body, notes=note,
        ))
        _close_case(actor=actor, case=case, status=CaseStatus.FORWARDED, entry=entry,
                    action=CaseMovement.Action.FORWARDED, note=body.name, request=request)
    return entry


def case_withdraw(*, actor, case: CaseFile, channel: str = Channel.DESK, pages: int = 1, notes: str = "",
                  files: list | None = None, request=None) -> Entry:
    """The citizen withdraws his request in writing: the withdrawal is registered into
    the case file and the case is archived."""
    if case.is_finished:
        raise ValidationFailed(_("This case file is already closed."), code="case_closed")
    first = _require_incoming_request(case)
    with transaction.atomic():
        entry = entry_register(actor=actor, request=request, registration=Registration(
            kind=Kind.INCOMING, doc_type=DocumentType.WITHDRAWAL, case=case, channel=channel, pages=pages,
            subject=office_text(gettext_lazy("Withdrawal of the request")), notes=notes, files=files or [],
            correspondent=Correspondent(
                name=first.correspondent_name, kind=first.correspondent_kind, egn=first.correspondent_egn,
                eik=first.correspondent_eik, address=first.correspondent_address,
                email=first.correspondent_email, phone=first.correspondent_phone,
            ),
        ))
        _close_case(actor=actor, case=case, status=CaseStatus.WITHDRAWN, entry=entry,
                    action=CaseMovement.Action.WITHDRAWN, request=request)
    return entry


def case_send(*, actor, case: CaseFile, unit, note: str = "", request=None,
              now: dt.datetime | None = None) -> CaseMovement:
    """Hand the case file to a unit; the citizen's tracking page shows where it is."""
    if case.is_finished:
        raise ValidationFailed(_("This case file is already closed."), code="case_closed")
    with transaction.atomic():
        case = CaseFile.objects.select_for_update().get(pk=case.pk)
        old_unit = case.holder_unit
        case.holder_unit = unit
        if case.status == CaseStatus.REGISTERED:
            case.status = CaseStatus.IN_PROGRESS
        case.save(update_fields=["holder_unit", "status"])
        movement = CaseMovement.objects.create(case=case, action=CaseMovement.Action.SENT, unit=unit,
                                               note=note[:500], actor=actor, at=now or timezone.now())
        audit_record(actor=actor, action=Action.UPDATE, obj=case, request=request,
                     changes={"holder_unit": [str(old_unit) if old_unit else None, str(unit)]})
    return movement


def offensive_anonymous_log(*, actor, channel: str, description: str, request=None) -> OffensiveAnonymousRecord:
    """An anonymous document with insults is not registered: it is logged for the Secretary."""
    description = (description or "").strip()
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the document arrived.")]
    if not description:
        errors["description"] = [_("Describe the document (without repeating the insults).")]
    if errors:
        raise ValidationFailed(_("Nothing was logged: correct the marked fields."), fields=errors)
    with transaction.atomic():
        record = OffensiveAnonymousRecord.objects.create(channel=channel, description=description,
                                                         recorded_by=actor)
        audit_record(actor=actor, action=Action.CREATE, obj=record, request=request)
    return record


def index_save(*, actor, index: Index, request=None) -> Index:
    """Create or change an index of the nomenclature."""
    creating = index.pk is None
    before = {} if creating else dict(Index.objects.filter(pk=index.pk).values(
        "code", "name", "retention_years", "numbering_scope", "is_active", "description").first() or {})
    if not creating and before.get("code") != index.code and index.cases.exists():
        raise ValidationFailed(_("The code of an index that has registered documents cannot change."),
                               fields={"code": [_("In use: the code cannot change.")]})
    with transaction.atomic():
        index.save()
        RegisterChain.objects.get_or_create(index=index)
        after = {k: getattr(index, k) for k in ("code", "name", "retention_years", "numbering_scope",
                                                "is_active", "description")}
        audit_record(actor=actor, action=Action.CREATE if creating else Action.UPDATE, obj=index,
                     request=request, changes=diff(before, after))
    return index
