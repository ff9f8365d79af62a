"""Writes on resolutions and deadline control (DOMAIN.md section 3).

Every function runs in one transaction with its audit event; e-mails leave on commit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kancelaria.accounts.models import Role, User
from kancelaria.audit.services import Action, audit_record
from kancelaria.calendars import due_date, previous_working_day
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.text import office_text
from kancelaria.registry.attachments import (
    attachment_check,
    attachment_store,
    storage_delete_quietly,
)
from kancelaria.registry.models import CaseFile, CaseMovement, CaseStatus, Channel, Entry, Kind
from kancelaria.workcalendar.selectors import office_calendar

from .models import (
    Absence,
    Assignment,
    AssignmentNote,
    Dispatch,
    Extension,
    Resolution,
    RoutingRule,
)
from .statutory import STATUTORY

Status = Assignment.Status

# Incoming documents that arrive after this hour are resolved by noon of the next
# working day (DOMAIN.md 3); working hours bound "outside working hours" for post.
LATE_ARRIVAL = dt.time(14, 30)
WORKDAY_START, WORKDAY_END = dt.time(8, 0), dt.time(17, 0)
DEFAULT_DAYS = 7


# --------------------------------------------------------------------------- routing

def first_resolver(entry: Entry) -> User | None:
    """The most specific routing rule for the entry's index and type; without rules, a
    resolver of the top unit (the mayor or the secretary)."""
    index_id = entry.case.index_id
    rules = RoutingRule.objects.filter(
        Q(index_id=index_id) | Q(index__isnull=True), Q(doc_type=entry.doc_type) | Q(doc_type="")
    ).select_related("resolver")
    best = max(rules, key=lambda r: r.specificity, default=None)
    if best is not None and best.resolver.is_active:
        return best.resolver
    return (User.objects.filter(is_active=True, groups__name=Role.RESOLVER, unit__parent__isnull=True)
            .order_by("id").first())


def statutory_start(entry: Entry) -> dt.date:
    """A statutory deadline starts the day after registration; a request that came by post
    outside working hours starts counting on the next working day (DOMAIN.md 3)."""
    calendar = office_calendar()
    local = timezone.localtime(entry.registered_at)
    day = local.date()
    outside = (not calendar.is_working_day(day) or local.time() < WORKDAY_START
               or local.time() >= WORKDAY_END)
    if entry.channel == Channel.POST and outside:
        # the next working day is the first day counted, so the start is the day before it
        return calendar.next_working_day(day + dt.timedelta(days=1)) - dt.timedelta(days=1)
    return day


def statutory_deadline(entry: Entry):
    """(due date result, latest date with extensions) of the entry's type, or (None, None)."""
    period = STATUTORY.get(entry.doc_type)
    if period is None:
        return None, None
    calendar = office_calendar()
    start = statutory_start(entry)
    due = due_date(start=start, calendar=calendar, days=period.days, months=period.months)
    limit = due_date(start=start, calendar=calendar,
                     days=period.max_days if period.days is not None else None,
                     months=period.max_months if period.months is not None else None)
    return due, limit.due


def entry_route(*, entry: Entry) -> Assignment | None:
    """Every incoming document goes to its first resolver the day it is registered; one
    that arrives after 14:30 is resolved by noon of the next working day."""
    resolver = first_resolver(entry)
    if resolver is None:
        return None
    calendar = office_calendar()
    local = timezone.localtime(entry.registered_at)
    deadline = calendar.next_working_day(local.date())
    if local.time() >= LATE_ARRIVAL or deadline != local.date():
        deadline = calendar.add_working_days(local.date(), 1)
    statutory, _limit = statutory_deadline(entry)
    case = entry.case
    if statutory is not None and not case.deadline:
        CaseFile.objects.filter(pk=case.pk).update(deadline=statutory.due)
        case.deadline = statutory.due
    return Assignment.objects.create(
        entry=entry, case=case, assignee=resolver, unit=resolver.unit, role=Assignment.Role.RESOLVE,
        deadline=deadline, assigned_on=local.date(),
    )


def routing_rule_add(*, actor, rule: RoutingRule, request=None) -> RoutingRule:
    """A new routing rule, recorded in the audit trail with the rule it adds."""
    with transaction.atomic():
        rule.save()
        audit_record(actor=actor, action=Action.CREATE, obj=rule, request=request, changes={
            "index": rule.index.code if rule.index_id else None, "doc_type": rule.doc_type or None,
            "resolver": str(rule.resolver)})
    return rule


def routing_rule_delete(*, actor, rule: RoutingRule, request=None) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action=Action.DELETE, obj=rule, request=request)
        rule.delete()


# --------------------------------------------------------------------------- who may act

def absent_today(user: User, today: dt.date) -> Absence | None:
    return Absence.objects.filter(employee=user, first_day__lte=today, last_day__gte=today).first()


def acts_for(user: User, today: dt.date) -> list[int]:
    """The employees whose work `user` does today: himself and those he substitutes."""
    ids = [user.pk]
    ids += list(Absence.objects.filter(substitute=user, first_day__lte=today, last_day__gte=today)
                .values_list("employee_id", flat=True))
    return ids


def _require_worker(actor: User, assignment: Assignment, today: dt.date) -> None:
    """Employees work only on documents resolved to them (or to whom they substitute)."""
    if not assignment.is_open:
        raise ValidationFailed(_("This task is no longer open."), code="task_closed")
    if assignment.assignee_id not in acts_for(actor, today):
        raise PermissionRefused(_("This task is not yours, and you do not substitute its executor."))


# --------------------------------------------------------------------------- resolutions

def resolution_create(*, actor: User, assignment: Assignment, kind: str, task: str = "",
                      executors: list[User] | None = None, lead: User | None = None,
                      deadline: dt.date | None = None, urgent: bool = False,
                      today: dt.date | None = None, request=None) -> Resolution:
    """A manager's written assignment: executors, task, deadline, date and resolver.

    Deadline: urgent = the same day; a date the resolver gives (within the statutory
    limit); else the statutory deadline of the document type; else 7 days from the
    assignment, moved to the next working day (DOMAIN.md 3)."""
    today = today or timezone.localdate()
    _require_worker(actor, assignment, today)
    executors = list(dict.fromkeys(executors or []))
    errors: dict[str, list[str]] = {}
    if kind not in Resolution.Kind.values:
        errors["kind"] = [_("Choose what is to be done with the document.")]
    if kind == Resolution.Kind.EXECUTE and not executors:
        errors["executors"] = [_("Name at least one executor.")]
    if kind == Resolution.Kind.EXECUTE and not (task or "").strip():
        errors["task"] = [_("Say what is to be done.")]
    if lead is not None and lead not in executors:
        errors["lead"] = [_("The lead executor must be one of the executors.")]
    if any(not e.is_active for e in executors):
        errors["executors"] = [_("An executor's account is switched off.")]
    if deadline is not None and deadline < today:
        errors["deadline"] = [_("The deadline cannot be in the past.")]
    entry = assignment.entry
    statutory, limit = statutory_deadline(entry)
    if deadline is not None and limit is not None and deadline > limit:
        errors.setdefault("deadline", []).append(
            _("The law allows no later than %(date)s.") % {"date": limit.strftime("%d.%m.%Y")})
    own = assignment.deadline if assignment.role == Assignment.Role.EXECUTE else None
    if deadline is not None and own is not None and deadline > own:
        errors.setdefault("deadline", []).append(
            _("Passed further down, the work is due no later than your own deadline, %(date)s.")
            % {"date": own.strftime("%d.%m.%Y")})
    if errors:
        raise ValidationFailed(_("The resolution was not recorded: correct the marked fields."), fields=errors)

    calendar = office_calendar()
    explanation: dict = {}
    if kind != Resolution.Kind.EXECUTE:
        basis, deadline = "", None
    elif urgent:
        basis, deadline = Resolution.Basis.URGENT, calendar.next_working_day(today)
    elif deadline is not None:
        # a last day that is not a working day ends on the first working day after it
        basis, deadline = Resolution.Basis.GIVEN, calendar.next_working_day(deadline)
    elif statutory is not None:
        basis, deadline, explanation = Resolution.Basis.STATUTORY, statutory.due, statutory.as_dict()
    else:
        result = due_date(start=today, days=DEFAULT_DAYS, calendar=calendar)
        basis, deadline, explanation = Resolution.Basis.DEFAULT, result.due, result.as_dict()
    if kind == Resolution.Kind.EXECUTE and own is not None and deadline > own:
        # resolved further down: the default or statutory date yields to the resolver's own
        basis, deadline, explanation = Resolution.Basis.GIVEN, own, {}

    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _require_worker(actor, assignment, today)
        resolution = Resolution.objects.create(
            entry=entry, case=entry.case, resolver=actor, parent=assignment, kind=kind, task=(task or "").strip(),
            resolved_on=today, urgent=urgent, deadline=deadline, deadline_basis=basis,
            deadline_explanation=explanation, statutory_limit=limit,
        )
        case = CaseFile.objects.select_for_update().get(pk=entry.case_id)
        if kind == Resolution.Kind.EXECUTE:
            lead = lead or executors[0]
            opinion = previous_working_day(calendar, deadline) if len(executors) > 1 else None
            for person in executors:
                Assignment.objects.create(
                    entry=entry, case=case, resolution=resolution, assignee=person, unit=person.unit,
                    role=Assignment.Role.EXECUTE, is_lead=person == lead, deadline=deadline,
                    opinion_deadline=None if person == lead else max(opinion, today), assigned_on=today,
                )
            _finish(assignment, Status.DELEGATED, today)
            if not case.deadline or (entry.ordinal == 1 and deadline and deadline < case.deadline):
                case.deadline = deadline
            if case.status == CaseStatus.REGISTERED:
                case.status = CaseStatus.IN_PROGRESS
            case.holder_unit = lead.unit
            case.save(update_fields=["deadline", "status", "holder_unit"])
            CaseMovement.objects.create(case=case, action=CaseMovement.Action.SENT, unit=lead.unit, entry=entry,
                                        actor=actor, note=office_text(resolution.get_kind_display))
        else:
            _finish(assignment, Status.CLOSED, today)
            _close_if_no_work(case, entry, today, actor)
        audit_record(actor=actor, action=Action.CREATE, obj=resolution, request=request, changes={
            "kind": kind, "executors": [str(e) for e in executors],
            "deadline": deadline.isoformat() if deadline else None, "urgent": urgent,
        })
    return resolution


def _finish(assignment: Assignment, status: str, today: dt.date) -> None:
    assignment.status = status
    assignment.finished_on = today
    assignment.save(update_fields=["status", "finished_on"])


def _close_if_no_work(case: CaseFile, entry: Entry, today: dt.date, actor) -> None:
    """'To file' and 'for information' close a document that needs no answer: the case
    closes when no work on it remains open."""
    if case.is_finished or Assignment.objects.filter(case=case, status=Status.OPEN).exists():
        return
    case.status = CaseStatus.CLOSED
    case.closed_on = today
    case.save(update_fields=["status", "closed_on"])
    CaseMovement.objects.create(case=case, action=CaseMovement.Action.CLOSED, unit=case.holder_unit,
                                entry=entry, actor=actor)


def case_work_close(*, case: CaseFile, day: dt.date) -> int:
    """The case is closed (answer sent, forwarded, withdrawn): its open work closes too."""
    return Assignment.objects.filter(case=case, status=Status.OPEN).update(status=Status.CLOSED, finished_on=day)


def case_close(*, case_id: int, day: dt.date, actor, note, status: str = CaseStatus.CLOSED,
               action: str = CaseMovement.Action.CLOSED, entry: Entry | None = None) -> CaseFile:
    """A procedure ends (a decision communicated or executed, a request left without
    action, forwarded, given access, a penal case closed): the case file closes with the
    day and the status (unless it already has them), its open work closes, and a movement
    says why, in the office's language. Runs inside the caller's transaction."""
    case = CaseFile.objects.select_for_update().get(pk=case_id)
    if case.status != status or case.closed_on is None:
        case.status, case.closed_on = status, day
        case.save(update_fields=["status", "closed_on"])
    case_work_close(case=case, day=day)
    CaseMovement.objects.create(case=case, action=action, unit=case.holder_unit, entry=entry,
                                actor=actor if actor is not None and actor.is_authenticated else None,
                                note=office_text(note)[:500])
    return case


# --------------------------------------------------------------------------- execution

def assignment_note(*, actor: User, assignment: Assignment, text: str = "", file=None,
                    today: dt.date | None = None, request=None) -> AssignmentNote:
    """Progress on a task, with an optional draft."""
    today = today or timezone.localdate()
    _require_worker(actor, assignment, today)
    text = (text or "").strip()
    if not text and file is None:
        raise ValidationFailed(_("Write a note or attach a draft."), fields={"text": [_("Write a note.")]})
    checked = attachment_check(file) if file is not None else None
    stored: list[str] = []
    try:
        with transaction.atomic():
            note = AssignmentNote(assignment=assignment, author=actor, text=text)
            if checked is not None:
                name = attachment_store(checked)
                stored.append(name)
                note.file, note.original_name = name, checked.name
                note.content_type, note.size, note.sha256 = checked.content_type, checked.size, checked.sha256
            note.save()
            audit_record(actor=actor, action=Action.CREATE, obj=note, request=request,
                         object_repr=f"{assignment.entry} – {text[:100]}")
    except BaseException:
        storage_delete_quietly(stored)
        raise
    return note


def assignment_complete(*, actor: User, assignment: Assignment, note: str = "",
                        today: dt.date | None = None, request=None) -> Assignment:
    """The lead marks the task done; a co-executor marks his opinion given."""
    today = today or timezone.localdate()
    _require_worker(actor, assignment, today)
    with transaction.atomic():
        if note.strip():
            AssignmentNote.objects.create(assignment=assignment, author=actor, text=note.strip())
        _finish(assignment, Status.DONE, today)
        audit_record(actor=actor, action=Action.UPDATE, obj=assignment, request=request,
                     changes={"status": [Status.OPEN, Status.DONE]})
    return assignment


def entry_dispatch(*, actor: User, entry: Entry, method: str, on: dt.date | None = None,
                   recipient_name: str = "", request=None) -> Dispatch:
    """An outgoing answer leaves the office: sent electronically, by post, or handed over
    (the recipient's name and the date). The case closes (DOMAIN.md 3)."""
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if entry.kind != Kind.OUTGOING:
        errors["entry"] = [_("Only an outgoing document is sent or handed over.")]
    if method not in Dispatch.Method.values:
        errors["method"] = [_("Choose how the document left the office.")]
    if method == Dispatch.Method.HANDOVER and not recipient_name.strip():
        errors["recipient_name"] = [_("Enter the name of the person who received it.")]
    if on < entry.registered_on:
        errors["on"] = [_("It cannot leave before it was registered.")]
    if on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    if Dispatch.objects.filter(entry=entry).exists():
        errors["entry"] = [_("This document has already been sent or handed over.")]
    if errors:
        raise ValidationFailed(_("Nothing was recorded: correct the marked fields."), fields=errors)
    with transaction.atomic():
        dispatch = Dispatch.objects.create(entry=entry, method=method, on=on,
                                           recipient_name=recipient_name.strip(), recorded_by=actor)
        case = CaseFile.objects.select_for_update().get(pk=entry.case_id)
        if entry.answers_id and not case.is_finished:
            case.status = CaseStatus.CLOSED
            case.closed_on = on
            case.save(update_fields=["status", "closed_on"])
            CaseMovement.objects.create(case=case, action=CaseMovement.Action.CLOSED, unit=case.holder_unit,
                                        entry=entry, actor=actor, note=office_text(dispatch.get_method_display))
            case_work_close(case=case, day=on)
        audit_record(actor=actor, action=Action.CREATE, obj=dispatch, request=request,
                     changes={"method": method, "on": on.isoformat(), "recipient_name": recipient_name})
    return dispatch


# --------------------------------------------------------------------------- extensions

def is_direct_manager(manager: User, employee: User) -> bool:
    """A resolver or controller whose unit holds the employee's unit (not the employee)."""
    if manager.pk == employee.pk or not manager.unit_id or not employee.unit_id:
        return False
    return (manager.has_role(Role.RESOLVER, Role.CONTROLLER)
            and employee.unit.path.startswith(manager.unit.path))


def work_open_under(resolution: Resolution) -> bool:
    """Whether any work on the resolution is still open: its own executors' or, when they
    resolved further (cascade), the work passed down from them."""
    level = [resolution.pk]
    for _depth in range(20):
        if Assignment.objects.filter(resolution_id__in=level, status=Status.OPEN).exists():
            return True
        level = list(Resolution.objects.filter(parent__resolution_id__in=level).values_list("pk", flat=True))
        if not level:
            return False
    return False


def deadline_extend(*, actor: User, resolution: Resolution, new_deadline: dt.date, reason: str,
                    memo=None, today: dt.date | None = None, request=None) -> Extension:
    """The resolver extends with a reason; the executor's direct manager only with the
    executor's written memo. The statutory limit cannot be exceeded (DOMAIN.md 3)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    lead = (resolution.assignments.filter(is_lead=True).exclude(status=Status.REASSIGNED)
            .select_related("assignee__unit").order_by("-id").first())
    if actor.pk == resolution.resolver_id:
        by = Extension.By.RESOLVER
    elif lead is not None and is_direct_manager(actor, lead.assignee):
        by = Extension.By.MANAGER
    else:
        raise PermissionRefused(_("Only the resolver, or the executor's direct manager, may extend this deadline."))
    errors: dict[str, list[str]] = {}
    if resolution.kind != Resolution.Kind.EXECUTE or resolution.deadline is None:
        errors["resolution"] = [_("This resolution has no deadline to extend.")]
    elif new_deadline <= resolution.deadline:
        errors["new_deadline"] = [_("The new deadline must be later than the current one.")]
    if resolution.statutory_limit and new_deadline > resolution.statutory_limit:
        errors.setdefault("new_deadline", []).append(
            _("The law allows no later than %(date)s.") % {"date": resolution.statutory_limit.strftime("%d.%m.%Y")})
    if not reason:
        errors["reason"] = [_("Say why the deadline is extended.")]
    if by == Extension.By.MANAGER and memo is None:
        errors["memo"] = [_("Attach the executor's memo: a direct manager extends only on a written memo.")]
    if not work_open_under(resolution):
        errors.setdefault("resolution", []).append(_("No work on this resolution is open any more."))
    checked = attachment_check(memo) if memo is not None else None
    if errors:
        raise ValidationFailed(_("The deadline was not extended: correct the marked fields."), fields=errors)
    calendar = office_calendar()
    new_deadline = calendar.next_working_day(new_deadline)
    stored: list[str] = []
    try:
        with transaction.atomic():
            resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
            extension = Extension(resolution=resolution, granted_by=actor, by=by, old_deadline=resolution.deadline,
                                  new_deadline=new_deadline, reason=reason)
            if checked is not None:
                name = attachment_store(checked)
                stored.append(name)
                extension.memo, extension.memo_sha256 = name, checked.sha256
            extension.save()
            resolution.deadline = new_deadline
            resolution.save(update_fields=["deadline"])
            opinion = previous_working_day(calendar, new_deadline)
            open_work = resolution.assignments.filter(status=Status.OPEN)
            open_work.filter(is_lead=True).update(deadline=new_deadline, reminded_due_on=None,
                                                  reminded_overdue_on=None)
            open_work.filter(is_lead=False).update(deadline=new_deadline, opinion_deadline=max(opinion, today),
                                                   reminded_due_on=None, reminded_overdue_on=None,
                                                   reminded_opinion_on=None)
            case = CaseFile.objects.select_for_update().get(pk=resolution.case_id)
            if case.deadline is None or case.deadline < new_deadline:
                case.deadline = new_deadline
                case.save(update_fields=["deadline"])
            CaseMovement.objects.create(case=case, action=CaseMovement.Action.EXTENDED, unit=case.holder_unit,
                                        actor=actor, note=new_deadline.strftime("%d.%m.%Y"))
            audit_record(actor=actor, action=Action.CREATE, obj=extension, request=request, changes={
                "deadline": [extension.old_deadline.isoformat(), new_deadline.isoformat()], "reason": reason, "by": by,
            })
            first = case.entries.order_by("ordinal").first()
            if first and first.kind == Kind.INCOMING and first.correspondent_email and not first.is_anonymous:
                from .tasks import notify_extension

                extension.citizen_notified = True
                extension.save(update_fields=["citizen_notified"])
                transaction.on_commit(lambda: notify_extension.enqueue(extension_id=extension.pk))
    except BaseException:
        storage_delete_quietly(stored)
        raise
    return extension


# --------------------------------------------------------------------------- absences

def absence_record(*, actor: User, employee: User, first_day: dt.date, last_day: dt.date,
                   substitute: User, reason: str = "", request=None) -> Absence:
    """An absence with a substitute, who sees and works the absent employee's tasks."""
    errors: dict[str, list[str]] = {}
    if last_day < first_day:
        errors["last_day"] = [_("The absence cannot end before it begins.")]
    if substitute.pk == employee.pk:
        errors["substitute"] = [_("Choose someone else as the substitute.")]
    if not substitute.is_active:
        errors["substitute"] = [_("The substitute's account is switched off.")]
    if not (actor.pk == employee.pk or is_direct_manager(actor, employee) or actor.has_role(Role.ADMINISTRATOR)):
        raise PermissionRefused(_("Only the employee, his manager or an administrator records an absence."))
    if Absence.objects.filter(employee=employee, first_day__lte=last_day, last_day__gte=first_day).exists():
        errors["first_day"] = [_("This employee already has an absence in these days.")]
    if errors:
        raise ValidationFailed(_("The absence was not recorded: correct the marked fields."), fields=errors)
    with transaction.atomic():
        absence = Absence.objects.create(employee=employee, first_day=first_day, last_day=last_day,
                                         substitute=substitute, reason=reason.strip(), created_by=actor)
        audit_record(actor=actor, action=Action.CREATE, obj=absence, request=request)
    return absence


def urgent_open_work(employee: User, today: dt.date):
    """Open work that cannot wait: urgent resolutions and deadlines within 3 working days."""
    horizon = office_calendar().add_working_days(today, 3)
    return (Assignment.objects.filter(assignee=employee, status=Status.OPEN)
            .filter(Q(resolution__urgent=True) | Q(deadline__lte=horizon)))


def absence_reassign_urgent(*, actor: User, absence: Absence, to: User, today: dt.date | None = None,
                            request=None) -> list[Assignment]:
    """After more than 5 working days of absence, the manager reassigns the urgent tasks
    in one action (DOMAIN.md 3)."""
    today = today or timezone.localdate()
    if not (is_direct_manager(actor, absence.employee) or actor.has_role(Role.ADMINISTRATOR)):
        raise PermissionRefused(_("Only the employee's manager reassigns his tasks."))
    calendar = office_calendar()
    if calendar.working_days_between(absence.first_day, absence.last_day) <= 5:
        raise ValidationFailed(_("Tasks are reassigned only for an absence of more than 5 working days."),
                               code="absence_too_short")
    if to.pk == absence.employee_id or not to.is_active:
        raise ValidationFailed(_("Choose an active colleague."), fields={"to": [_("Choose an active colleague.")]})
    moved = []
    with transaction.atomic():
        # Lock the tasks only: the urgent flag comes through an outer join to the resolution,
        # and PostgreSQL refuses to lock the nullable side of one.
        for old in urgent_open_work(absence.employee, today).select_for_update(of=("self",)):
            _finish(old, Status.REASSIGNED, today)
            moved.append(Assignment.objects.create(
                entry_id=old.entry_id, case_id=old.case_id, resolution=old.resolution, assignee=to, unit=to.unit,
                role=old.role, is_lead=old.is_lead, deadline=old.deadline, opinion_deadline=old.opinion_deadline,
                assigned_on=today, reassigned_from=old,
            ))
        audit_record(actor=actor, action=Action.UPDATE, obj=absence, request=request,
                     changes={"reassigned_to": str(to), "tasks": len(moved)})
    return moved

