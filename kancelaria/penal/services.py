"""Writes on administrative-penal proceedings (DOMAIN.md 9; module docstring of
`models.py` for the rules).

Every function runs in one transaction with its audit event. Documents are registered
only through `kancelaria.registry.services.entry_register`: a statement under the index
"АУАН" (its sequence number is the case number), a finding under "КП", a ticket under
"ФИШ"; objections, decisions and the covering letter to the court join the statement's
case file. A refused operation raises before or inside the transaction, so the number
it would have taken goes back unused: the numbering stays gapless.

Every clock comes from the deadline engine (`kancelaria.calendars.due_date` on
`office_calendar()`), and is stored with its explanation (`as_dict()`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.accounts.models import Role
from kancelaria.audit.services import Action, audit_record
from kancelaria.calendars import DueDate, Pause, WorkingCalendar, due_date
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.text import office_text, search_normalize
from kancelaria.core.validators import egn_is_valid, eik_is_valid
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
from kancelaria.registry.services import Correspondent, Registration, entry_register, index_save
from kancelaria.workcalendar.selectors import office_calendar

from .models import (
    CURRENCY,
    DISTRICT_COURT,
    TICKET_FINE,
    AppealOutcome,
    DecisionKind,
    DecreeDelivery,
    Finding,
    Objection,
    OffenderKind,
    OffenderNotFound,
    Origin,
    PenalCase,
    SanctionType,
    Stage,
    StatementDelivery,
    TerminationGround,
    Ticket,
    TicketOutcome,
    WitnessBasis,
    provision_text,
)

# The registers, each its own index of the nomenclature (created when missing).
INDEX_STATEMENTS = ("АУАН", "Актове за установяване на административни нарушения")
INDEX_FINDINGS = ("КП", "Констативни протоколи за установени нарушения")
INDEX_TICKETS = ("ФИШ", "Фишове за глоби, наложени на място")

OBJECTION_DAYS = 7        # written objections, from the statement's delivery (art. 44(1))
AUTHORITY_DAYS = 14       # the file to the penalising authority, from delivery (art. 44(3))
LAWYER_DAYS = 3           # the file to the lawyer, from the statement's receipt
OPINION_DAYS = 3          # the lawyer's opinion, from his receiving the file
DRAFT_DAYS = 3            # the decree drafted, from the mayor's decision
APPEAL_DAYS = 14          # an appeal, from the decree's delivery (art. 59)
STATEMENT_MONTHS = 3      # a statement within 3 months of discovering the offender (art. 34(1))
VIOLATION_MONTHS = 12     # and within one year of the violation (art. 34(1))
DECREE_MONTHS = 6         # a decree within 6 months of the statement (art. 34(3))
WARN_DAYS = 30            # limits are shown (and e-mailed) this many days before they bite

REGISTER_PERMISSION = "penal.view_penal_register"
OFFENDER_PERMISSION = "penal.view_offender_data"
DECIDING_ROLES = (Role.RESOLVER, Role.ADMINISTRATOR)
LAWYER_ROLES = (Role.EXECUTOR,)

MAX_AMOUNT = Decimal("9999999999.99")


# --------------------------------------------------------------------------- who may act

def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def keeps_register(user) -> bool:
    """The holders of the penal register (the mayor, the secretary, the lawyer and the
    inspectors in the demo) see and keep it; nobody else sees anything of it."""
    return _user(user) is not None and user.is_active and user.has_perm(REGISTER_PERMISSION)


def sees_offender_data(user) -> bool:
    return keeps_register(user) and user.has_perm(OFFENDER_PERMISSION)


def can_decide(user) -> bool:
    return keeps_register(user) and user.has_role(*DECIDING_ROLES)


def can_give_opinion(user, penal: PenalCase) -> bool:
    """The lawyer who received the file (an executor keeping the register), or an administrator."""
    if not keeps_register(user):
        return False
    if user.has_role(Role.ADMINISTRATOR):
        return True
    return user.has_role(*LAWYER_ROLES) and (penal.lawyer_id is None or penal.lawyer_id == user.pk)


def _require_register(actor) -> None:
    if not keeps_register(actor):
        raise PermissionRefused(_("Only the holders of the penal register act on administrative-penal cases."))


def _require_decider(actor) -> None:
    if not can_decide(actor):
        raise PermissionRefused(_("Only the mayor (a resolver keeping the penal register) or an administrator "
                                  "decides."))


# --------------------------------------------------------------------------- clocks

def clock(start: dt.date, *, days: int | None = None, months: int | None = None, pauses=(),
          calendar: WorkingCalendar | None = None) -> DueDate:
    """A due date from the deadline engine on the office's calendar."""
    return due_date(start=start, days=days, months=months, pauses=tuple(pauses),
                    calendar=calendar or office_calendar())


def statement_limit(discovered_on: dt.date | None, calendar=None) -> DueDate | None:
    """(a) a statement within 3 months of discovering the offender."""
    return clock(discovered_on, months=STATEMENT_MONTHS, calendar=calendar) if discovered_on else None


def violation_limit(violation_date: dt.date, calendar=None) -> DueDate:
    """(b) a statement within one year of the violation."""
    return clock(violation_date, months=VIOLATION_MONTHS, calendar=calendar)


def not_found_pauses(periods, today: dt.date) -> list[Pause]:
    """The days the 6-month clock stood still: from the day the offender could not be
    found to the day before he was found again (to `today` while he is still not found)."""
    pauses = []
    for period in periods:
        last = period.last_day - dt.timedelta(days=1) if period.last_day else today
        if last >= period.first_day:
            pauses.append(Pause(period.first_day, last))
    return pauses


def decree_limit(penal: PenalCase, periods, today: dt.date, calendar=None) -> DueDate:
    """(c) a penal decree within 6 months of the statement, paused while the offender
    cannot be found."""
    return clock(penal.drawn_up_on, months=DECREE_MONTHS, pauses=not_found_pauses(periods, today),
                 calendar=calendar)


def _set_clock(penal: PenalCase, name: str, result: DueDate | None) -> list[str]:
    setattr(penal, name, result.due if result else None)
    setattr(penal, f"{name}_x", result.as_dict() if result else None)
    return [name, f"{name}_x"]


def _refresh_decree_limit(penal: PenalCase, today: dt.date, calendar=None) -> list[str]:
    result = decree_limit(penal, list(penal.not_found.all()), today, calendar)
    CaseFile.objects.filter(pk=penal.case_id).update(deadline=result.due)
    return _set_clock(penal, "decree_limit", result)


# --------------------------------------------------------------------------- helpers

def _fail(errors: dict, message: str | None = None) -> None:
    if errors:
        raise ValidationFailed(message or _("Nothing was recorded: correct the marked fields."), fields=errors)


def _add(errors: dict, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _refused(errors: dict, refusals) -> None:
    """The refusals the state of the case gives (`PenalCase.refuses_*`, shared with the case page)."""
    for refusal in refusals:
        _add(errors, refusal.field, refusal.message)


def _date(errors: dict, name: str, day, *, today: dt.date, not_before: dt.date | None = None,
          before_message: str = "", required: bool = True) -> None:
    if day is None and not required:
        return
    if not isinstance(day, dt.date):
        _add(errors, name, _("Enter a date."))
        return
    if day > today:
        _add(errors, name, _("The date cannot be in the future."))
    if not_before is not None and day < not_before:
        _add(errors, name, before_message or _("The date is too early."))


def _amount(errors: dict, name: str, value, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            _add(errors, name, _("Enter the amount in euro."))
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        _add(errors, name, _("Enter an amount like 150.00."))
        return None
    if amount <= 0 or amount > MAX_AMOUNT:
        _add(errors, name, _("The amount must be more than zero."))
        return None
    return amount


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def penal_index(*, actor, register: tuple[str, str]) -> Index:
    """The index of a register (created when missing)."""
    code, name = register
    index = Index.objects.filter(code=code).first()
    if index is None:
        index = index_save(actor=_user(actor), index=Index(code=code, name=name, numbering_scope=Index.Scope.YEARLY,
                                                           retention_years=10))
    return index


def _lock(penal: PenalCase) -> PenalCase:
    return PenalCase.objects.select_for_update(of=("self",)).select_related("case", "entry").get(pk=penal.pk)


def _restage(penal: PenalCase) -> str:
    """The stage, worked out from what has been recorded."""
    if penal.decision_kind in (DecisionKind.WARNING, DecisionKind.TERMINATION):
        return Stage.CLOSED
    if penal.appeal_outcome == AppealOutcome.REVOKED:
        return Stage.CLOSED
    if penal.appeal_outcome:
        return Stage.FINAL
    if penal.appeal_lodged_on:
        return Stage.APPEALED
    if penal.decree_delivered_on:
        return Stage.DECREE_DELIVERED
    if penal.issued_on:
        return Stage.DECREE_ISSUED
    if penal.decision_kind == DecisionKind.DECREE:
        return Stage.DRAFTING
    if penal.opinion_on:
        return Stage.AWAITING_DECISION
    if penal.to_lawyer_on:
        return Stage.WITH_LAWYER
    if penal.delivered_on:
        return Stage.DELIVERED
    return Stage.REGISTERED


def _save(penal: PenalCase, fields: list[str]) -> None:
    penal.stage = _restage(penal)
    penal.save(update_fields=sorted(set(fields) | {"stage"}))


def _close_case_file(*, penal: PenalCase, day: dt.date, actor, note: str) -> None:
    """The proceedings end: the case file closes and any work still open on it too."""
    from kancelaria.control.services import case_close

    case_close(case_id=penal.case_id, day=day, actor=_user(actor), note=note)
    penal.closed_on = day


def _offender_correspondent(penal_or_kind, name: str = "", address: str = "", eik: str = "") -> Correspondent:
    """The offender as the registry records him: names and address (and EIK for an
    entity); the personal number stays in the penal register, under its permission."""
    if isinstance(penal_or_kind, PenalCase):
        p = penal_or_kind
        return _offender_correspondent(p.offender_kind, p.offender_name, p.offender_address, p.offender_eik)
    entity = penal_or_kind == OffenderKind.ENTITY
    return Correspondent(name=name, address=address, eik=eik if entity else "",
                         kind=CorrespondentKind.ORGANISATION if entity else CorrespondentKind.PERSON)


def _register_in_case(*, actor, penal: PenalCase, kind: str, doc_type: str, subject: str, channel: str,
                      correspondent: Correspondent, notes: str = "", files=None, request=None, now=None):
    return entry_register(actor=actor, registration=Registration(
        kind=kind, doc_type=doc_type, subject=subject[:500], channel=channel, case=penal.case,
        correspondent=correspondent, notes=notes, files=files or []), request=request, now=now)


# --------------------------------------------------------------------------- the statement

@dataclass
class Statement:
    """The content of a statement of violation (art. 42 ЗАНН)."""

    author_name: str = ""
    author_position: str = ""
    drawn_up_on: dt.date | None = None
    violation_date: dt.date | None = None
    violation_place: str = ""
    description: str = ""
    circumstances: str = ""
    provisions: list = field(default_factory=list)   # [{"act", "article", "paragraph", "point"}]
    offender_kind: str = OffenderKind.PERSON
    offender_name: str = ""
    offender_birth_date: dt.date | None = None
    offender_address: str = ""
    offender_workplace: str = ""
    offender_egn: str = ""
    offender_document: str = ""
    offender_eik: str = ""
    witness_basis: str = WitnessBasis.PRESENT
    witnesses: list = field(default_factory=list)    # [{"name", "address"}]
    explanations: str = ""
    injured: str = ""
    evidence: str = ""
    seized_items: str = ""
    seized_keeper: str = ""
    wants_e_delivery: bool = False


TEXT_FIELDS = ("author_name", "author_position", "violation_place", "description", "circumstances",
               "offender_name", "offender_address", "offender_workplace", "offender_egn", "offender_document",
               "offender_eik", "explanations", "injured", "evidence", "seized_items", "seized_keeper")


def egn_birth_date(egn: str) -> dt.date | None:
    if not egn_is_valid(egn):
        return None
    year, month, day = int(egn[0:2]), int(egn[2:4]), int(egn[4:6])
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    return dt.date(year, month, day)


def statement_check(s: Statement, *, today: dt.date) -> dict[str, list[str]]:
    """The missing or wrong items of a statement (art. 42), by field; it also tidies
    `s` (trimmed text, cleaned provisions and witnesses, the birth date from the EGN)."""
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        setattr(s, name, (getattr(s, name) or "").strip())
    if not s.author_name:
        _add(errors, "author_name", _("Enter the names of the official who drew up the statement."))
    if not s.author_position:
        _add(errors, "author_position", _("Enter the author's position."))
    _date(errors, "violation_date", s.violation_date, today=today)
    _date(errors, "drawn_up_on", s.drawn_up_on, today=today,
          not_before=s.violation_date if isinstance(s.violation_date, dt.date) else None,
          before_message=_("A statement cannot be drawn up before the violation."))
    if not s.violation_place:
        _add(errors, "violation_place", _("Enter where the violation was committed."))
    if not s.description:
        _add(errors, "description", _("Describe the violation and the circumstances in which it was committed."))

    provisions = []
    for item in s.provisions or []:
        item = {k: str((item or {}).get(k) or "").strip() for k in ("act", "article", "paragraph", "point")}
        if not any(item.values()):
            continue
        if not item["act"] or not item["article"]:
            _add(errors, "provisions", _("Each provision names the law or ordinance and the article."))
            continue
        provisions.append(item)
    s.provisions = provisions
    if not provisions and "provisions" not in errors:
        _add(errors, "provisions", _("Name at least one provision breached: the law or ordinance and the article."))

    if s.offender_kind not in OffenderKind.values:
        _add(errors, "offender_kind", _("Choose a Bulgarian citizen, a foreigner or a legal entity."))
    if not s.offender_name:
        _add(errors, "offender_name", _("Enter the offender's names (or the entity's name)."))
    if not s.offender_address:
        _add(errors, "offender_address", _("Enter the offender's exact address."))
    if s.offender_kind == OffenderKind.PERSON:
        if not s.offender_egn:
            _add(errors, "offender_egn", _("Enter the offender's personal number (EGN)."))
        elif not egn_is_valid(s.offender_egn):
            _add(errors, "offender_egn", _("This personal number (EGN) is not valid: check the digits."))
        else:
            s.offender_birth_date = s.offender_birth_date or egn_birth_date(s.offender_egn)
        s.offender_eik = s.offender_document = ""
    elif s.offender_kind == OffenderKind.FOREIGNER:
        if s.offender_birth_date is None:
            _add(errors, "offender_birth_date", _("Enter the foreigner's date of birth."))
        if not s.offender_document:
            _add(errors, "offender_document",
                 _("Enter the passport or travel document: number, date of issue and issuer."))
        s.offender_eik = ""
        if s.offender_egn and not egn_is_valid(s.offender_egn):
            _add(errors, "offender_egn", _("This personal number (EGN) is not valid: check the digits."))
    elif s.offender_kind == OffenderKind.ENTITY:
        if not s.offender_eik:
            _add(errors, "offender_eik", _("Enter the entity's EIK/BULSTAT."))
        elif not eik_is_valid(s.offender_eik):
            _add(errors, "offender_eik", _("This EIK/BULSTAT is not valid: check the digits."))
        s.offender_egn = s.offender_document = ""
        s.offender_birth_date = None
    if isinstance(s.offender_birth_date, dt.date) and s.offender_birth_date > today:
        _add(errors, "offender_birth_date", _("The date cannot be in the future."))

    witnesses = []
    for item in s.witnesses or []:
        item = {k: str((item or {}).get(k) or "").strip() for k in ("name", "address")}
        if not any(item.values()):
            continue
        if not item["name"] or not item["address"]:
            _add(errors, "witnesses", _("Give each witness's names and exact address."))
            continue
        witnesses.append(item)
    s.witnesses = witnesses
    if s.witness_basis not in WitnessBasis.values:
        _add(errors, "witness_basis", _("Say who witnessed the statement."))
    elif s.witness_basis == WitnessBasis.PRESENT and not witnesses and "witnesses" not in errors:
        _add(errors, "witnesses", _("Name at least one witness who was present."))
    elif s.witness_basis == WitnessBasis.OTHER_TWO and len(witnesses) < 2 and "witnesses" not in errors:
        _add(errors, "witnesses", _("When no witness was present, the statement is drawn up before two other "
                                    "witnesses: name both."))
    if s.seized_items and not s.seized_keeper:
        _add(errors, "seized_keeper", _("Say who keeps the items seized."))
    return errors


def _late_ground(drawn_up_on: dt.date, a: DueDate | None, b: DueDate) -> str:
    """The limit of art. 34(1) the statement came after, the one that bit first."""
    bitten = [(b.due, TerminationGround.ONE_YEAR)]
    if a is not None:
        bitten.append((a.due, TerminationGround.NO_STATEMENT_3_MONTHS))
    bitten = sorted((due, ground) for due, ground in bitten if drawn_up_on > due)
    return str(bitten[0][1]) if bitten else ""


def case_open(*, actor, statement: Statement, origin: str = Origin.STATEMENT, origin_reference: str = "",
              discovered_on: dt.date | None = None, finding: Finding | None = None, ticket: Ticket | None = None,
              pages: int = 1, files=None, request=None, now: dt.datetime | None = None) -> PenalCase:
    """Register a statement of violation and open its penal case (the case number is
    the statement's sequence number). Missing required content is refused; a
    statement made after 3 months from discovering the offender or a year from the
    violation is registered and flagged: only termination may follow."""
    _require_register(actor)
    today = timezone.localdate(now) if now else timezone.localdate()
    s = statement
    errors = statement_check(s, today=today)
    origin_reference = (origin_reference or "").strip()
    if origin not in Origin.values:
        _add(errors, "origin", _("Choose how the case is opened."))
    elif origin != Origin.STATEMENT and not origin_reference:
        _add(errors, "origin_reference", _("Enter the court's or prosecutor's file and its number."))
    if finding is not None:
        if not finding.is_open:
            _add(errors, "finding", _("This finding already has its statement, or was closed."))
        discovered_on = discovered_on or finding.discovered_on
    if discovered_on is not None:
        _date(errors, "discovered_on", discovered_on, today=today,
              not_before=s.violation_date if isinstance(s.violation_date, dt.date) else None,
              before_message=_("The offender cannot be discovered before the violation."))
        if isinstance(s.drawn_up_on, dt.date) and isinstance(discovered_on, dt.date) and discovered_on > s.drawn_up_on:
            _add(errors, "discovered_on", _("The offender was discovered before the statement was drawn up."))
    if ticket is not None and (ticket.outcome != TicketOutcome.REFUSED or ticket.penal_case_id):
        _add(errors, "ticket", _("Only a ticket the offender refused, not yet followed by a statement, leads here."))
    _fail(errors, _("The statement was not registered: correct the marked fields."))

    calendar = office_calendar()
    limit_a = statement_limit(discovered_on, calendar)
    limit_b = violation_limit(s.violation_date, calendar)
    court_origin = origin != Origin.STATEMENT
    subject = _("Statement of violation: %(provisions)s – %(offender)s") % {
        "provisions": "; ".join(provision_text(p) for p in s.provisions), "offender": s.offender_name}
    registration = Registration(
        kind=Kind.INCOMING if court_origin else Kind.INTERNAL, doc_type=DocumentType.VIOLATION_STATEMENT,
        subject=subject[:500], channel=Channel.POST if court_origin else Channel.INTERNAL, pages=pages,
        correspondent=(Correspondent(name=origin_reference[:250], kind=CorrespondentKind.ORGANISATION)
                       if court_origin else _offender_correspondent(s.offender_kind, s.offender_name,
                                                                    s.offender_address, s.offender_eik)),
        notes=_("Drawn up by %(author)s, %(position)s, on %(date)s.") % {
            "author": s.author_name, "position": s.author_position, "date": s.drawn_up_on.strftime("%d.%m.%Y")},
        files=files or [],
    )
    with transaction.atomic():
        registration.index = penal_index(actor=actor, register=INDEX_STATEMENTS)
        entry = entry_register(actor=actor, registration=registration, request=request, now=now)
        case = entry.case
        penal = PenalCase(
            case=case, entry=entry, year=case.year, number=case.sequence, origin=origin,
            origin_reference=origin_reference, received_on=entry.registered_on,
            discovered_on=discovered_on, finding=finding,
            statement_limit_x=limit_a.as_dict() if limit_a else None, violation_limit_x=limit_b.as_dict(),
            late_ground=_late_ground(s.drawn_up_on, limit_a, limit_b),
            **{name: getattr(s, name) for name in (
                *TEXT_FIELDS, "drawn_up_on", "violation_date", "provisions", "offender_kind", "offender_birth_date",
                "witness_basis", "witnesses", "wants_e_delivery")},
        )
        _set_clock(penal, "lawyer_due", clock(penal.received_on, days=LAWYER_DAYS, calendar=calendar))
        _set_clock(penal, "decree_limit", decree_limit(penal, [], today, calendar))
        penal.stage = _restage(penal)
        penal.search_text = search_normalize(
            penal.label, f"{penal.number}/{penal.year}", entry.number, penal.offender_name, penal.provisions_text,
            penal.violation_place, penal.offender_eik)
        penal.save()
        CaseFile.objects.filter(pk=case.pk).update(deadline=penal.decree_limit)
        if ticket is not None:
            Ticket.objects.filter(pk=ticket.pk).update(penal_case=penal)
            ticket_case = CaseFile.objects.select_for_update().get(pk=ticket.case_id)
            ticket_case.status, ticket_case.closed_on = CaseStatus.CLOSED, entry.registered_on
            ticket_case.save(update_fields=["status", "closed_on"])
            CaseMovement.objects.create(case=ticket_case, action=CaseMovement.Action.CLOSED, actor=_user(actor),
                                        note=office_text(gettext_lazy(
                                            "The offender refused to pay: statement %(number)s followed."),
                                            number=entry.number))
        audit_record(actor=actor, action=Action.CREATE, obj=penal, request=request, changes={
            "number": penal.label, "entry": entry.number, "origin": origin, "late_ground": penal.late_ground,
            "decree_limit": penal.decree_limit.isoformat(), "finding": finding.pk if finding else None,
            "ticket": ticket.pk if ticket else None,
        })
    return penal


# --------------------------------------------------------------------------- delivery, objections

def case_deliver(*, actor, penal: PenalCase, on: dt.date, how: str, witness: str = "",
                 today: dt.date | None = None, request=None) -> PenalCase:
    """The statement reached the offender: signed, refused before a witness, or drawn up
    in his absence and presented later. The 7-day and 14-day clocks start."""
    _require_register(actor)
    today = _today(today)
    witness = (witness or "").strip()
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        _refused(errors, penal.refuses_delivery())
        if how not in StatementDelivery.values:
            _add(errors, "how", _("Choose how the statement reached the offender."))
        if how == StatementDelivery.REFUSED and not witness:
            _add(errors, "witness", _("A refusal is certified by a witness: enter the witness's names and address."))
        _date(errors, "on", on, today=today, not_before=penal.drawn_up_on,
              before_message=_("The statement cannot be delivered before it was drawn up."))
        _fail(errors)
        calendar = office_calendar()
        penal.delivered_on, penal.delivery_how, penal.delivery_witness = on, how, witness
        fields = ["delivered_on", "delivery_how", "delivery_witness"]
        fields += _set_clock(penal, "objection_due", clock(on, days=OBJECTION_DAYS, calendar=calendar))
        fields += _set_clock(penal, "authority_due", clock(on, days=AUTHORITY_DAYS, calendar=calendar))
        _save(penal, fields)
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "delivered_on": on.isoformat(), "how": how, "objection_due": penal.objection_due.isoformat(),
            "authority_due": penal.authority_due.isoformat()})
    return penal


def objection_register(*, actor, penal: PenalCase, summary: str = "", channel: str = Channel.DESK,
                       sender: str = "", pages: int = 1, files=None, request=None,
                       now: dt.datetime | None = None) -> Objection:
    """A written objection, registered as an incoming document in the case file and
    marked in time (within 7 days of delivery) or late; a late one is still recorded
    and considered."""
    _require_register(actor)
    summary = (summary or "").strip()
    errors: dict = {}
    _refused(errors, penal.refuses_objection())
    if not summary:
        _add(errors, "summary", _("Write what the offender objects."))
    if channel not in Channel.values or channel == Channel.INTERNAL:
        _add(errors, "channel", _("Choose how the objection arrived."))
    _fail(errors, _("The objection was not registered: correct the marked fields."))
    with transaction.atomic():
        penal = _lock(penal)
        correspondent = _offender_correspondent(penal)
        if (sender or "").strip():
            correspondent = Correspondent(name=sender.strip()[:250], kind=CorrespondentKind.PERSON)
        entry = _register_in_case(
            actor=actor, penal=penal, kind=Kind.INCOMING, doc_type=DocumentType.OBJECTION, channel=channel,
            subject=office_text(gettext_lazy("Objection to the statement of %(case)s"), case=penal.label),
            correspondent=correspondent, notes=summary, files=files, request=request, now=now)
        received_on = entry.registered_on
        in_time = penal.objection_due is None or received_on <= penal.objection_due
        objection = Objection.objects.create(penal_case=penal, entry=entry, received_on=received_on,
                                             in_time=in_time, summary=summary)
        audit_record(actor=actor, action=Action.CREATE, obj=objection, request=request, changes={
            "case": penal.label, "entry": entry.number, "in_time": in_time})
    return objection


# --------------------------------------------------------------------------- lawyer, authority

def case_to_lawyer(*, actor, penal: PenalCase, lawyer, on: dt.date, today: dt.date | None = None,
                   request=None) -> PenalCase:
    """The file goes to the lawyer (due within 3 days of the statement's receipt); his
    opinion is due within 3 days of his receiving it."""
    _require_register(actor)
    today = _today(today)
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        _refused(errors, penal.refuses_lawyer())
        if lawyer is None:
            _add(errors, "lawyer", _("Choose the lawyer."))
        elif not (keeps_register(lawyer) and lawyer.has_role(*LAWYER_ROLES, Role.ADMINISTRATOR)):
            _add(errors, "lawyer", _("The lawyer is an employee who keeps the penal register."))
        _date(errors, "on", on, today=today, not_before=penal.received_on,
              before_message=_("The file cannot reach the lawyer before the statement was received."))
        _fail(errors)
        penal.to_lawyer_on, penal.lawyer = on, lawyer
        fields = ["to_lawyer_on", "lawyer"] + _set_clock(penal, "opinion_due", clock(on, days=OPINION_DAYS))
        _save(penal, fields)
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "to_lawyer_on": on.isoformat(), "lawyer": str(lawyer), "late": on > penal.lawyer_due,
            "opinion_due": penal.opinion_due.isoformat()})
    return penal


def case_opinion(*, actor, penal: PenalCase, legal_basis: str, sanctions: str, minimum=None, maximum=None,
                 minor: bool | None = None, proposal: str = "", on: dt.date | None = None,
                 today: dt.date | None = None, request=None) -> PenalCase:
    """The lawyer's opinion: the legal basis, the sanction types with their minimum and
    maximum, whether the case is minor, and the sanction he proposes."""
    today = _today(today)
    on = on or today
    with transaction.atomic():
        penal = _lock(penal)
        if not can_give_opinion(actor, penal):
            raise PermissionRefused(_("Only the lawyer who received the file gives the opinion."))
        errors: dict = {}
        legal_basis, sanctions, proposal = (legal_basis or "").strip(), (sanctions or "").strip(), \
            (proposal or "").strip()
        _refused(errors, penal.refuses_opinion())
        if not legal_basis:
            _add(errors, "legal_basis", _("Enter the legal basis for a sanction."))
        if not sanctions:
            _add(errors, "sanctions", _("Enter the types of sanction the provision allows."))
        low = _amount(errors, "minimum", minimum, required=False)
        high = _amount(errors, "maximum", maximum, required=False)
        if low is not None and high is not None and low > high:
            _add(errors, "maximum", _("The maximum cannot be less than the minimum."))
        if minor is None:
            _add(errors, "minor", _("Say whether the case is minor."))
        if not proposal:
            _add(errors, "proposal", _("Propose the type and amount of the sanction."))
        _date(errors, "on", on, today=today, not_before=penal.to_lawyer_on,
              before_message=_("The opinion cannot come before the lawyer received the file."))
        _fail(errors, _("The opinion was not recorded: correct the marked fields."))
        penal.opinion_on, penal.opinion_legal_basis, penal.opinion_sanctions = on, legal_basis, sanctions
        penal.opinion_min, penal.opinion_max, penal.opinion_minor = low, high, bool(minor)
        penal.opinion_proposal = proposal
        penal.lawyer = penal.lawyer or actor
        _save(penal, ["opinion_on", "opinion_legal_basis", "opinion_sanctions", "opinion_min", "opinion_max",
                      "opinion_minor", "opinion_proposal", "lawyer"])
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "opinion_on": on.isoformat(), "minor": bool(minor), "proposal": proposal[:300],
            "late": on > penal.opinion_due})
    return penal


def case_to_authority(*, actor, penal: PenalCase, on: dt.date, today: dt.date | None = None,
                      request=None) -> PenalCase:
    """The file (with the objections and evidence) reached the penalising authority;
    due within 14 days of the statement's delivery."""
    _require_register(actor)
    today = _today(today)
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        _refused(errors, penal.refuses_authority())
        _date(errors, "on", on, today=today, not_before=penal.delivered_on,
              before_message=_("The file cannot be sent before the statement was delivered."))
        _fail(errors)
        penal.sent_to_authority_on = on
        _save(penal, ["sent_to_authority_on"])
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "sent_to_authority_on": on.isoformat(), "late": on > penal.authority_due})
    return penal


# --------------------------------------------------------------------------- offender not found

def not_found_start(*, actor, penal: PenalCase, on: dt.date, note: str = "", today: dt.date | None = None,
                    request=None) -> OffenderNotFound:
    """After a thorough search the offender cannot be found: the proceedings are
    suspended and the 6-month limit stops running."""
    _require_register(actor)
    today = _today(today)
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        last = penal.not_found.order_by("-first_day").first()
        _refused(errors, penal.refuses_not_found(suspended=last is not None and last.last_day is None))
        _date(errors, "on", on, today=today, not_before=max(penal.drawn_up_on, last.last_day) if last and
              last.last_day else penal.drawn_up_on,
              before_message=_("The period cannot begin before the statement or overlap an earlier one."))
        _fail(errors)
        period = OffenderNotFound.objects.create(penal_case=penal, first_day=on, note=(note or "").strip()[:500],
                                                 recorded_by=actor)
        _save(penal, _refresh_decree_limit(penal, today))
        audit_record(actor=actor, action=Action.CREATE, obj=period, request=request, changes={
            "case": penal.label, "from": on.isoformat(), "note": period.note})
    return period


def not_found_end(*, actor, penal: PenalCase, on: dt.date, today: dt.date | None = None,
                  request=None) -> OffenderNotFound:
    """The offender is found: the proceedings resume and the 6-month limit runs on,
    later by the days it stood still."""
    _require_register(actor)
    today = _today(today)
    with transaction.atomic():
        penal = _lock(penal)
        period = penal.not_found.select_for_update().filter(last_day__isnull=True).first()
        errors: dict = {}
        _refused(errors, penal.refuses_found(suspended=period is not None))
        _fail(errors)
        _date(errors, "on", on, today=today, not_before=period.first_day,
              before_message=_("He cannot be found before he was lost."))
        _fail(errors)
        period.last_day = on
        period.save(update_fields=["last_day"])
        _save(penal, _refresh_decree_limit(penal, today))
        audit_record(actor=actor, action=Action.UPDATE, obj=period, request=request, changes={
            "case": penal.label, "found_on": on.isoformat(), "decree_limit": penal.decree_limit.isoformat()})
    return period


# --------------------------------------------------------------------------- the decision

def _decision_channel(penal: PenalCase) -> str:
    return Channel.E_DELIVERY if penal.wants_e_delivery else Channel.POST


def case_decide(*, actor, penal: PenalCase, kind: str, on: dt.date | None = None, sanction_type: str = "",
                amount=None, deprivation_months: int | None = None, aggravating: str = "", mitigating: str = "",
                termination_ground: str = "", reasons: str = "", court: str = "", today: dt.date | None = None,
                request=None, now: dt.datetime | None = None) -> PenalCase:
    """The mayor decides: a penal decree (sanction, amount, circumstances; drafted within
    3 days), a written warning for a minor case, or termination with its ground. A
    warning and a termination are registered in the case file at once and close it.

    Refused: a decree or warning after a late statement (only termination on that
    ground), while the offender is not found, or past the 6-month limit."""
    _require_decider(actor)
    today = timezone.localdate(now) if now else _today(today)
    on = on or today
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        reasons, aggravating, mitigating = (reasons or "").strip(), (aggravating or "").strip(), \
            (mitigating or "").strip()
        court = (court or "").strip() or DISTRICT_COURT
        periods = list(penal.not_found.all())
        suspended = any(p.last_day is None for p in periods)
        _refused(errors, penal.refuses_decision())
        if kind not in DecisionKind.values:
            _add(errors, "kind", _("Choose a penal decree, a warning or termination."))
        _date(errors, "on", on, today=today, not_before=penal.drawn_up_on,
              before_message=_("The decision cannot come before the statement."))
        amount_value = None
        _refused(errors, penal.refuses_decision_kind(
            kind, suspended=suspended, on=on,
            limit_due=decree_limit(penal, periods, today).due if kind == DecisionKind.DECREE else None))
        if kind == DecisionKind.DECREE:
            if sanction_type not in SanctionType.values:
                _add(errors, "sanction_type", _("Choose the sanction."))
            money = sanction_type in (SanctionType.FINE, SanctionType.PROPERTY_SANCTION)
            amount_value = _amount(errors, "amount", amount, required=money)
            if sanction_type == SanctionType.DEPRIVATION and not deprivation_months:
                _add(errors, "deprivation_months", _("Enter for how many months the right is taken away."))
        elif kind == DecisionKind.WARNING:
            if not reasons:
                _add(errors, "reasons", _("Say why the case is minor."))
        elif kind == DecisionKind.TERMINATION:
            if termination_ground not in TerminationGround.values:
                _add(errors, "termination_ground", _("Choose the ground for termination."))
            elif penal.late_ground and termination_ground != penal.late_ground:
                _add(errors, "termination_ground", _("The statement was made after a limit: terminate on that "
                                                     "ground (%(ground)s).")
                     % {"ground": TerminationGround(penal.late_ground).label})
            if termination_ground == TerminationGround.OTHER and not reasons:
                _add(errors, "reasons", _("Give the circumstances and the reasons for termination."))
        _fail(errors, _("The decision was not recorded: correct the marked fields."))

        penal.decision_kind, penal.decided_on, penal.decided_by = kind, on, actor
        penal.decision_reasons, penal.court = reasons, court
        fields = ["decision_kind", "decided_on", "decided_by", "decision_reasons", "court"]
        if kind == DecisionKind.DECREE:
            penal.sanction_type, penal.amount = sanction_type, amount_value
            penal.deprivation_months = deprivation_months if sanction_type == SanctionType.DEPRIVATION else None
            penal.aggravating, penal.mitigating = aggravating, mitigating
            fields += ["sanction_type", "amount", "deprivation_months", "aggravating", "mitigating"]
            fields += _set_clock(penal, "draft_due", clock(on, days=DRAFT_DAYS))
        else:
            penal.termination_ground = termination_ground if kind == DecisionKind.TERMINATION else ""
            doc_type, subject = (
                (DocumentType.PENAL_WARNING, gettext_lazy("Written warning under %(case)s"))
                if kind == DecisionKind.WARNING
                else (DocumentType.PENAL_TERMINATION, gettext_lazy("Resolution terminating %(case)s")))
            entry = _register_in_case(
                actor=actor, penal=penal, kind=Kind.OUTGOING, doc_type=doc_type, channel=_decision_channel(penal),
                subject=office_text(subject, case=penal.label), correspondent=_offender_correspondent(penal),
                notes=reasons or office_text(TerminationGround(termination_ground).label), request=request, now=now)
            penal.decision_entry = entry
            fields += ["termination_ground", "decision_entry", "closed_on"]
            _close_case_file(penal=penal, day=on, actor=actor, note=(
                office_text(gettext_lazy("A written warning was given (minor case).")) if kind == DecisionKind.WARNING
                else office_text(gettext_lazy("The proceedings were terminated: %(ground)s."),
                                 ground=TerminationGround(termination_ground).label)))
        _save(penal, fields)
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "decision": kind, "decided_on": on.isoformat(), "sanction_type": penal.sanction_type,
            "amount": str(penal.amount) if penal.amount is not None else None,
            "termination_ground": penal.termination_ground,
            "entry": penal.decision_entry.number if penal.decision_entry_id else None})
    return penal


def decree_issue(*, actor, penal: PenalCase, on: dt.date | None = None, today: dt.date | None = None,
                 request=None, now: dt.datetime | None = None) -> PenalCase:
    """The mayor signs the penal decree "НП-<case number>", registered as an outgoing
    document of the case file. Refused past the 6-month limit or while the offender
    cannot be found."""
    _require_decider(actor)
    today = timezone.localdate(now) if now else _today(today)
    on = on or today
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        periods = list(penal.not_found.all())
        _refused(errors, penal.refuses_issue(suspended=any(p.last_day is None for p in periods)))
        _date(errors, "on", on, today=today, not_before=penal.decided_on,
              before_message=_("The decree cannot be issued before the decision."))
        _refused(errors, penal.refuses_decree_after_limit("on", on, decree_limit(penal, periods, today).due))
        _fail(errors, _("The decree was not issued: correct the marked fields."))
        entry = _register_in_case(
            actor=actor, penal=penal, kind=Kind.OUTGOING, doc_type=DocumentType.PENAL_DECREE,
            channel=_decision_channel(penal), correspondent=_offender_correspondent(penal),
            subject=office_text(gettext_lazy("Penal decree %(number)s"), number=penal.decree_number),
            notes=_("%(sanction)s %(amount)s") % {
                "sanction": SanctionType(penal.sanction_type).label,
                "amount": f"{penal.amount} {CURRENCY}" if penal.amount is not None else ""},
            request=request, now=now)
        penal.decision_entry, penal.issued_on = entry, on
        _save(penal, ["decision_entry", "issued_on"])
        CaseFile.objects.filter(pk=penal.case_id, status=CaseStatus.REGISTERED).update(status=CaseStatus.IN_PROGRESS)
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "decree": penal.decree_number, "entry": entry.number, "issued_on": on.isoformat(),
            "late_draft": on > penal.draft_due})
    return penal


# --------------------------------------------------------------------------- after the decree

def decree_deliver(*, actor, penal: PenalCase, on: dt.date, how: str, note: str = "",
                   today: dt.date | None = None, request=None) -> PenalCase:
    """The decree reached the offender (art. 58): against signature, by post (the
    return receipt's date), by secure e-delivery, refused before a witness, or noted as
    not found at the address with no new one known (deemed delivered that day). The
    14 days for an appeal start; without one the decree is final after them."""
    _require_register(actor)
    today = _today(today)
    note = (note or "").strip()
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        _refused(errors, penal.refuses_decree_delivery())
        if how not in DecreeDelivery.values:
            _add(errors, "how", _("Choose how the decree reached the offender."))
        if how == DecreeDelivery.REFUSED and not note:
            _add(errors, "note", _("A refusal is certified by a witness: enter the witness's names and address."))
        _date(errors, "on", on, today=today, not_before=penal.issued_on,
              before_message=_("The decree cannot be delivered before it was issued."))
        _fail(errors)
        penal.decree_delivered_on, penal.decree_delivery_how, penal.decree_delivery_note = on, how, note
        fields = ["decree_delivered_on", "decree_delivery_how", "decree_delivery_note", "final_on"]
        fields += _set_clock(penal, "appeal_due", clock(on, days=APPEAL_DAYS))
        penal.final_on = penal.appeal_due + dt.timedelta(days=1)
        _save(penal, fields)
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "decree_delivered_on": on.isoformat(), "how": how, "appeal_due": penal.appeal_due.isoformat(),
            "final_on": penal.final_on.isoformat()})
    return penal


def appeal_record(*, actor, penal: PenalCase, lodged_on: dt.date, court: str = "", letter_number: str = "",
                  letter_date: dt.date | None = None, sent_on: dt.date | None = None, register_letter: bool = False,
                  today: dt.date | None = None, request=None, now: dt.datetime | None = None) -> PenalCase:
    """An appeal against the decree, lodged through the mayor: the file goes to the
    court with a covering letter (its number and date noted, or registered here in the
    case file)."""
    _require_register(actor)
    today = timezone.localdate(now) if now else _today(today)
    court, letter_number = (court or "").strip(), (letter_number or "").strip()
    with transaction.atomic():
        penal = _lock(penal)
        court = court or penal.court
        errors: dict = {}
        _refused(errors, penal.refuses_appeal())
        _date(errors, "lodged_on", lodged_on, today=today, not_before=penal.decree_delivered_on,
              before_message=_("The appeal cannot come before the decree was delivered."))
        _date(errors, "letter_date", letter_date, today=today, required=False,
              not_before=lodged_on if isinstance(lodged_on, dt.date) else None,
              before_message=_("The covering letter cannot come before the appeal."))
        _date(errors, "sent_on", sent_on, today=today, required=False,
              not_before=lodged_on if isinstance(lodged_on, dt.date) else None,
              before_message=_("The file cannot go to the court before the appeal."))
        if register_letter and letter_number:
            _add(errors, "letter_number", _("Either give the number of a letter already registered, or register "
                                            "it here."))
        _fail(errors, _("The appeal was not recorded: correct the marked fields."))
        if register_letter:
            entry = _register_in_case(
                actor=actor, penal=penal, kind=Kind.OUTGOING, doc_type=DocumentType.LETTER, channel=Channel.POST,
                subject=office_text(gettext_lazy(
                    "The file of %(case)s sent to the court with the appeal against %(decree)s"),
                    case=penal.label, decree=penal.decree_number),
                correspondent=Correspondent(name=court[:250], kind=CorrespondentKind.ORGANISATION),
                request=request, now=now)
            letter_number, letter_date = entry.number, entry.registered_on
            sent_on = sent_on or entry.registered_on
        penal.appeal_lodged_on, penal.appeal_court = lodged_on, court
        penal.appeal_letter_number, penal.appeal_letter_date, penal.appeal_sent_on = letter_number, letter_date, \
            sent_on
        penal.final_on = None
        _save(penal, ["appeal_lodged_on", "appeal_court", "appeal_letter_number", "appeal_letter_date",
                      "appeal_sent_on", "final_on"])
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "appeal_lodged_on": lodged_on.isoformat(), "court": court, "letter": letter_number,
            "late": lodged_on > penal.appeal_due})
    return penal


def appeal_outcome_record(*, actor, penal: PenalCase, outcome: str, on: dt.date, today: dt.date | None = None,
                          request=None) -> PenalCase:
    """The court's outcome: the decree confirmed or amended (final on that day), or revoked."""
    _require_register(actor)
    today = _today(today)
    with transaction.atomic():
        penal = _lock(penal)
        errors: dict = {}
        _refused(errors, penal.refuses_outcome())
        if outcome not in (AppealOutcome.CONFIRMED, AppealOutcome.AMENDED, AppealOutcome.REVOKED):
            _add(errors, "outcome", _("Choose the court's outcome."))
        _date(errors, "on", on, today=today, not_before=penal.appeal_lodged_on,
              before_message=_("The outcome cannot come before the appeal."))
        _fail(errors)
        penal.appeal_outcome, penal.appeal_outcome_on = outcome, on
        penal.final_on = on if outcome != AppealOutcome.REVOKED else None
        _close_case_file(penal=penal, day=on, actor=actor, note=AppealOutcome(outcome).label)
        _save(penal, ["appeal_outcome", "appeal_outcome_on", "final_on", "closed_on"])
        audit_record(actor=actor, action=Action.UPDATE, obj=penal, request=request, changes={
            "appeal_outcome": outcome, "on": on.isoformat()})
    return penal


def decrees_finalize(*, day: dt.date) -> int:
    """Decrees delivered and not appealed whose appeal period has run out become final,
    and their case files close (run daily by `jobs.daily_checks`)."""
    done = 0
    for penal in PenalCase.objects.filter(stage=Stage.DECREE_DELIVERED, final_on__lte=day):
        with transaction.atomic():
            penal = _lock(penal)
            if penal.stage != Stage.DECREE_DELIVERED:
                continue
            penal.stage = Stage.FINAL
            _close_case_file(penal=penal, day=penal.final_on, actor=None,
                             note=office_text(gettext_lazy("The penal decree became final without an appeal.")))
            penal.save(update_fields=["stage", "closed_on"])
            audit_record(actor=None, action=Action.UPDATE, obj=penal, changes={"stage": "final",
                                                                             "final_on": penal.final_on.isoformat()})
            done += 1
    return done


# --------------------------------------------------------------------------- findings

def finding_register(*, actor, found_on: dt.date, author_name: str, violation_date: dt.date, violation_place: str,
                     description: str, provision: str = "", offender_known: bool = False, offender_name: str = "",
                     offender_address: str = "", discovered_on: dt.date | None = None, request=None,
                     now: dt.datetime | None = None) -> Finding:
    """A finding of a violation (констативен протокол), registered under "КП"; it shows
    by when a statement must be drawn up: the earlier of 3 months from discovering the
    offender and one year from the violation."""
    _require_register(actor)
    today = timezone.localdate(now) if now else timezone.localdate()
    author_name, violation_place, description = (author_name or "").strip(), (violation_place or "").strip(), \
        (description or "").strip()
    provision, offender_name, offender_address = (provision or "").strip(), (offender_name or "").strip(), \
        (offender_address or "").strip()
    errors: dict = {}
    _date(errors, "violation_date", violation_date, today=today)
    _date(errors, "found_on", found_on, today=today,
          not_before=violation_date if isinstance(violation_date, dt.date) else None,
          before_message=_("A violation is found after it was committed."))
    if not author_name:
        _add(errors, "author_name", _("Enter who drew up the finding."))
    if not violation_place:
        _add(errors, "violation_place", _("Enter where the violation was committed."))
    if not description:
        _add(errors, "description", _("Describe the violation."))
    if offender_known:
        if not offender_name:
            _add(errors, "offender_name", _("Enter the offender's names, or mark him as not known."))
        discovered_on = discovered_on or found_on
        _date(errors, "discovered_on", discovered_on, today=today,
              not_before=violation_date if isinstance(violation_date, dt.date) else None,
              before_message=_("The offender cannot be discovered before the violation."))
    else:
        offender_name, offender_address, discovered_on = "", "", None
    _fail(errors, _("The finding was not registered: correct the marked fields."))
    calendar = office_calendar()
    limit_a = statement_limit(discovered_on, calendar)
    limit_b = violation_limit(violation_date, calendar)
    statement_by = min(x.due for x in (limit_a, limit_b) if x is not None)
    with transaction.atomic():
        index = penal_index(actor=actor, register=INDEX_FINDINGS)
        entry = entry_register(actor=actor, registration=Registration(
            kind=Kind.INTERNAL, doc_type=DocumentType.PROTOCOL, channel=Channel.INTERNAL, index=index,
            subject=office_text(gettext_lazy("Finding: %(text)s"), text=description)[:500],
            correspondent=Correspondent(name=offender_name, address=offender_address,
                                        kind=CorrespondentKind.PERSON if offender_name else ""),
            notes=_("Drawn up by %(author)s on %(date)s.") % {"author": author_name,
                                                               "date": found_on.strftime("%d.%m.%Y")},
        ), request=request, now=now)
        finding = Finding.objects.create(
            case=entry.case, entry=entry, found_on=found_on, author_name=author_name, violation_date=violation_date,
            violation_place=violation_place, description=description, provision=provision,
            offender_known=bool(offender_known), offender_name=offender_name, offender_address=offender_address,
            discovered_on=discovered_on, statement_limit_x=limit_a.as_dict() if limit_a else None,
            violation_limit_x=limit_b.as_dict(), statement_by=statement_by)
        CaseFile.objects.filter(pk=entry.case_id).update(deadline=statement_by)
        audit_record(actor=actor, action=Action.CREATE, obj=finding, request=request, changes={
            "entry": entry.number, "statement_by": statement_by.isoformat()})
    return finding


def finding_offender_discovered(*, actor, finding: Finding, on: dt.date, name: str, address: str = "",
                                today: dt.date | None = None, request=None) -> Finding:
    """The offender of a finding is identified: the 3 months start."""
    _require_register(actor)
    today = _today(today)
    name, address = (name or "").strip(), (address or "").strip()
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        errors: dict = {}
        if not finding.is_open:
            _add(errors, "finding", _("This finding already has its statement, or was closed."))
        if finding.offender_known:
            _add(errors, "finding", _("The offender is already known."))
        if not name:
            _add(errors, "name", _("Enter the offender's names."))
        _date(errors, "on", on, today=today, not_before=finding.violation_date,
              before_message=_("The offender cannot be discovered before the violation."))
        _fail(errors)
        limit_a = statement_limit(on)
        finding.offender_known, finding.offender_name, finding.offender_address = True, name, address
        finding.discovered_on, finding.statement_limit_x = on, limit_a.as_dict()
        finding.statement_by = min(limit_a.due, dt.date.fromisoformat(finding.violation_limit_x["due"]))
        finding.save(update_fields=["offender_known", "offender_name", "offender_address", "discovered_on",
                                    "statement_limit_x", "statement_by"])
        CaseFile.objects.filter(pk=finding.case_id).update(deadline=finding.statement_by)
        audit_record(actor=actor, action=Action.UPDATE, obj=finding, request=request, changes={
            "discovered_on": on.isoformat(), "statement_by": finding.statement_by.isoformat()})
    return finding


# --------------------------------------------------------------------------- tickets

def ticket_issue(*, actor, issued_on: dt.date, issued_by: str, offender_name: str, offender_address: str,
                 violation: str, violation_place: str, provision: str, outcome: str, amount=TICKET_FINE,
                 offender_egn: str = "", request=None, now: dt.datetime | None = None) -> Ticket:
    """An on-the-spot ticket (фиш, art. 39) for a minor violation, registered under
    "ФИШ": the offender agrees to pay and it is final at once; he refuses and a
    statement must be drawn up (registered with `case_open(ticket=...)`)."""
    _require_register(actor)
    today = timezone.localdate(now) if now else timezone.localdate()
    values = {k: (v or "").strip() for k, v in {
        "issued_by": issued_by, "offender_name": offender_name, "offender_address": offender_address,
        "violation": violation, "violation_place": violation_place, "provision": provision,
        "offender_egn": offender_egn}.items()}
    errors: dict = {}
    _date(errors, "issued_on", issued_on, today=today)
    messages = {
        "issued_by": _("Enter the official who issued the ticket."),
        "offender_name": _("Enter the offender's names."),
        "offender_address": _("Enter the offender's address."),
        "violation": _("Describe the violation."),
        "violation_place": _("Enter where the violation was committed."),
        "provision": _("Enter the provision breached."),
    }
    for name, message in messages.items():
        if not values[name]:
            _add(errors, name, message)
    if values["offender_egn"] and not egn_is_valid(values["offender_egn"]):
        _add(errors, "offender_egn", _("This personal number (EGN) is not valid: check the digits."))
    amount_value = _amount(errors, "amount", amount if amount not in (None, "") else TICKET_FINE, required=True)
    if outcome not in TicketOutcome.values:
        _add(errors, "outcome", _("Say whether the offender agreed to pay."))
    _fail(errors, _("The ticket was not registered: correct the marked fields."))
    with transaction.atomic():
        index = penal_index(actor=actor, register=INDEX_TICKETS)
        entry = entry_register(actor=actor, registration=Registration(
            kind=Kind.INTERNAL, doc_type=DocumentType.PENAL_TICKET, channel=Channel.INTERNAL, index=index,
            subject=office_text(gettext_lazy("Ticket: %(provision)s – %(offender)s, %(amount)s EUR"),
                                provision=values["provision"], offender=values["offender_name"],
                                amount=amount_value)[:500],
            correspondent=Correspondent(name=values["offender_name"], address=values["offender_address"],
                                        kind=CorrespondentKind.PERSON),
        ), request=request, now=now)
        ticket = Ticket.objects.create(
            case=entry.case, entry=entry, issued_on=issued_on, amount=amount_value, outcome=outcome,
            final_on=issued_on if outcome == TicketOutcome.AGREED else None, **values)
        if outcome == TicketOutcome.AGREED:
            case = entry.case
            case.status, case.closed_on = CaseStatus.CLOSED, issued_on
            case.save(update_fields=["status", "closed_on"])
        audit_record(actor=actor, action=Action.CREATE, obj=ticket, request=request, changes={
            "entry": entry.number, "amount": str(amount_value), "outcome": outcome})
    return ticket
