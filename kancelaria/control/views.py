"""The work pages: the inbox of open tasks, one task with its resolution form or its
execution, extensions, dispatch of answers, absences and routing rules (DOMAIN.md
section 3).

Views are thin: each write calls one service. A document outside the user's need to
know answers 404 (registry.selectors.entries_visible); a task the user may see but not
work on answers 403, and the refusal goes into the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.accounts.models import Role, User
from kancelaria.audit.services import Action, audit_read, audit_record
from kancelaria.calendars import due_date
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.validators import mask_egn
from kancelaria.registry.selectors import entries_visible, sees_personal_numbers
from kancelaria.workcalendar.selectors import office_calendar

from . import selectors, services
from .forms import (
    AbsenceForm,
    CompleteForm,
    DispatchForm,
    Employees,
    ExtensionForm,
    NoteForm,
    ReassignForm,
    ResolutionForm,
    RoutingRuleForm,
    active_employees,
)
from .models import Absence, Assignment, AssignmentNote, Dispatch, Resolution, RoutingRule
from .templatetags.control_tags import (
    SOON_WORKING_DAYS,
    control_dates,
    deadline_state,
    work_count_forget,
    work_count_remember,
)

PAGE_SIZE = 50
Status = Assignment.Status
LONG_ABSENCE_WORKING_DAYS = 5


def _refuse(request, what: str, obj=None):
    """403: recorded in the audit trail as a refused access."""
    audit_record(actor=request.user, action=Action.DENIED, obj=obj,
                 object_type="" if obj is not None else "control", object_repr=what[:300], request=request)
    raise PermissionDenied(what)


def _is_admin(user) -> bool:
    return user.has_role(Role.ADMINISTRATOR)


def _is_manager(user) -> bool:
    return bool(user.unit_id) and user.has_role(Role.RESOLVER, Role.CONTROLLER)


# --------------------------------------------------------------------------- the inbox

GROUPS = ("resolve", "lead", "opinion")


def _group(assignment: Assignment) -> str:
    if assignment.role == Assignment.Role.RESOLVE:
        return "resolve"
    return "lead" if assignment.is_lead else "opinion"


@login_required
def inbox(request):
    """My work: the open tasks of the user and of the colleagues he substitutes today."""
    user = request.user
    today, soon = control_dates(request)
    rows = list(selectors.inbox(user, today=today))
    standing_in = {a.employee_id: a for a in selectors.substitutes_today(user, today=today)}
    groups: dict[str, list] = {name: [] for name in GROUPS}
    for row in rows:
        row.state = deadline_state(row.deadline, today, soon)
        row.opinion_state = deadline_state(row.opinion_deadline, today, soon) if row.opinion_deadline else ""
        row.standing_in = standing_in.get(row.assignee_id) if row.assignee_id != user.pk else None
        groups[_group(row)].append(row)
    work_count_remember(user.pk, len(rows))
    return render(request, "control/inbox.html", {
        "groups": [(name, groups[name]) for name in GROUPS], "count": len(rows),
        "standing_in": list(standing_in.values()), "today": today, "soon_days": SOON_WORKING_DAYS,
        "may_route": _is_admin(user),
    })


# --------------------------------------------------------------------------- one task

def _assignment(request, pk: int) -> Assignment:
    """The task, if its document is within the user's need to know (else 404)."""
    visible = entries_visible(request.user).values("pk")
    return get_object_or_404(
        Assignment.objects.select_related("entry__case__index", "assignee__unit", "resolution__resolver", "case"),
        pk=pk, entry__in=visible,
    )


def _chain(assignment: Assignment) -> list[Resolution]:
    """The resolutions that led to this task, from the first resolver down; one query."""
    if assignment.resolution_id is None:
        return []
    by_id = {r.pk: r for r in Resolution.objects.filter(entry_id=assignment.entry_id)
             .select_related("resolver", "parent__assignee").prefetch_related("extensions")}
    chain, current, seen = [], by_id.get(assignment.resolution_id), set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        chain.append(current)
        parent = current.parent
        current = by_id.get(parent.resolution_id) if parent is not None and parent.resolution_id else None
    return list(reversed(chain))


def _acts(user, assignment: Assignment, today) -> bool:
    return assignment.assignee_id in services.acts_for(user, today)


def _lead(resolution: Resolution | None, assignments: list[Assignment]) -> Assignment | None:
    leads = [a for a in assignments if a.resolution_id == getattr(resolution, "pk", None) and a.is_lead]
    return next((a for a in leads if a.is_open), leads[0] if leads else None)


def _may_extend(user, resolution: Resolution | None, lead: Assignment | None) -> bool:
    if resolution is None or resolution.kind != Resolution.Kind.EXECUTE or resolution.deadline is None:
        return False
    return user.pk == resolution.resolver_id or (lead is not None and services.is_direct_manager(user, lead.assignee))


def _may_view(user, assignment: Assignment, chain: list[Resolution], acts: bool) -> bool:
    """The worker (or his substitute), the resolvers above the task, the assignee's
    direct manager, controllers and administrators."""
    return (acts or any(r.resolver_id == user.pk for r in chain)
            or services.is_direct_manager(user, assignment.assignee)
            or user.has_role(Role.CONTROLLER, Role.ADMINISTRATOR))


def _default_deadline(entry, today):
    """What an empty deadline in the resolution form becomes: (date, basis label, limit)."""
    statutory, limit = services.statutory_deadline(entry)
    if statutory is not None:
        return statutory.due, Resolution.Basis.STATUTORY.label, limit
    result = due_date(start=today, days=services.DEFAULT_DAYS, calendar=office_calendar())
    return result.due, Resolution.Basis.DEFAULT.label, None


def _viewable(request, assignment: Assignment) -> tuple[list[Resolution], bool]:
    """(the resolution chain, whether the user works on it); 403 for anyone else."""
    today, _soon = control_dates(request)
    chain = _chain(assignment)
    acts = _acts(request.user, assignment, today)
    if not _may_view(request.user, assignment, chain, acts):
        _refuse(request, f"task {assignment.pk}", assignment)
    return chain, acts


def _assignment_page(request, assignment: Assignment, *, status: int = 200, **forms):
    user = request.user
    today, soon = control_dates(request)
    chain, acts = _viewable(request, assignment)
    entry = assignment.entry
    resolution = assignment.resolution
    siblings = list(resolution.assignments.select_related("assignee__unit").order_by("-is_lead", "id")) \
        if resolution else [assignment]
    note_owners = [a.pk for a in siblings] if resolution else [assignment.pk]
    notes = list(AssignmentNote.objects.filter(assignment_id__in=note_owners)
                 .select_related("author", "assignment__assignee").order_by("at", "id"))
    children = list(Resolution.objects.filter(parent=assignment).select_related("resolver")
                    .prefetch_related("assignments__assignee").order_by("created_at", "id"))
    lead = _lead(resolution, siblings)
    open_here = assignment.is_open and acts
    may_resolve = open_here and (assignment.role == Assignment.Role.RESOLVE or selectors.may_resolve(user))
    context = {
        "assignment": assignment, "entry": entry, "case": assignment.case, "chain": chain,
        "resolution": resolution, "co_executors": [a for a in siblings if a.pk != assignment.pk],
        "lead": lead, "notes": notes, "children": children, "acts": acts,
        "waiting": [a.assignee for a in siblings if a.pk != assignment.pk and a.is_open and not a.is_lead],
        "standing_in": acts and assignment.assignee_id != user.pk,
        "absence": (Absence.objects.filter(employee_id=assignment.assignee_id, substitute=user, first_day__lte=today,
                                           last_day__gte=today).first()
                    if acts and assignment.assignee_id != user.pk else None),
        "state": deadline_state(assignment.deadline, today, soon),
        "correspondent_egn": (entry.correspondent_egn if sees_personal_numbers(user)
                              else mask_egn(entry.correspondent_egn)),
        "extensions": list(resolution.extensions.select_related("granted_by")) if resolution else [],
    }
    if may_resolve:
        default_due, default_basis, limit = _default_deadline(entry, today)
        context.update(default_due=default_due, default_basis=default_basis, statutory_limit=limit,
                       cascade=assignment.role == Assignment.Role.EXECUTE)
        context["resolution_form"] = forms.get("resolution_form") or ResolutionForm(
            cascade=context["cascade"], statutory_limit=limit, default_due=default_due, default_basis=default_basis,
            own_deadline=assignment.deadline if context["cascade"] else None)
    if open_here and assignment.role == Assignment.Role.EXECUTE:
        context["note_form"] = forms.get("note_form") or NoteForm()
        context["complete_form"] = forms.get("complete_form") or CompleteForm()
    if _may_extend(user, resolution, lead) and services.work_open_under(resolution):
        context["extension_form"] = forms.get("extension_form") or ExtensionForm(
            with_memo=user.pk != resolution.resolver_id, statutory_limit=resolution.statutory_limit,
            initial={"assignment": assignment.pk})
    context["open_action"] = next((name for name, form in forms.items() if form is not None), "")
    return render(request, "control/assignment.html", context, status=status)


@login_required
def assignment(request, pk: int):
    """One task: the document, the resolutions above it, the co-executors, notes and
    drafts, and what the user may do with it."""
    task = _assignment(request, pk)
    _viewable(request, task)
    audit_read(actor=request.user, obj=task, request=request)
    return _assignment_page(request, task)


def _worker(request, pk: int) -> Assignment:
    """The task for an action: 404 outside the need to know, 403 unless the user is its
    assignee or substitutes him today."""
    task = _assignment(request, pk)
    if not _acts(request.user, task, timezone.localdate()):
        _refuse(request, f"task {task.pk}", task)
    return task


@login_required
@require_POST
def resolve(request, pk: int):
    task = _worker(request, pk)
    cascade = task.role == Assignment.Role.EXECUTE
    if cascade and not selectors.may_resolve(request.user):
        _refuse(request, f"resolve further on task {task.pk}", task)
    default_due, default_basis, limit = _default_deadline(task.entry, timezone.localdate())
    form = ResolutionForm(request.POST, cascade=cascade, statutory_limit=limit, default_due=default_due,
                          default_basis=default_basis, own_deadline=task.deadline if cascade else None)
    if form.is_valid():
        try:
            services.resolution_create(actor=request.user, assignment=task, request=request, **form.service_kwargs())
        except PermissionRefused:
            _refuse(request, f"task {task.pk}", task)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            work_count_forget(request.user.pk)
            messages.success(request, _("The resolution on %(number)s was recorded.") % {"number": task.entry.number})
            return redirect("control:inbox")
    return _assignment_page(request, task, resolution_form=form)


@login_required
@require_POST
def note(request, pk: int):
    task = _worker(request, pk)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.assignment_note(actor=request.user, assignment=task, text=form.cleaned_data["text"],
                                     file=form.cleaned_data.get("file"), request=request)
        except PermissionRefused:
            _refuse(request, f"task {task.pk}", task)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your note was added."))
            return redirect("control:assignment", pk=task.pk)
    return _assignment_page(request, task, note_form=form)


@login_required
@require_POST
def complete(request, pk: int):
    task = _worker(request, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_complete(actor=request.user, assignment=task, note=form.cleaned_data["note"],
                                         request=request)
        except PermissionRefused:
            _refuse(request, f"task {task.pk}", task)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            work_count_forget(request.user.pk)
            if task.is_co_executor:
                text = _("Your opinion on %(number)s is recorded as given.")
            else:
                text = _("The task on %(number)s is marked done.")
            messages.success(request, text % {"number": task.entry.number})
            return redirect("control:inbox")
    return _assignment_page(request, task, complete_form=form)


def _works_beside(user, task: Assignment) -> bool:
    """Whether the user (or the colleague he substitutes) is an executor of the same
    resolution: co-executors share their notes and drafts with the lead and each other."""
    if task.resolution_id is None:
        return False
    return Assignment.objects.filter(resolution_id=task.resolution_id,
                                     assignee_id__in=services.acts_for(user, timezone.localdate())).exists()


@login_required
def draft(request, pk: int):
    """Download a draft attached to a note; recorded in the audit trail like attachments."""
    item = get_object_or_404(AssignmentNote.objects.select_related("assignment__assignee__unit"), pk=pk,
                             assignment__entry__in=entries_visible(request.user).values("pk"))
    task = item.assignment
    if not item.file:
        raise Http404(_("This note has no draft."))
    if not _works_beside(request.user, task):
        _viewable(request, task)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The file of this draft is missing from the storage.")) from exc
    audit_read(actor=request.user, obj=item, request=request, action=Action.DOWNLOAD)
    response = FileResponse(handle, as_attachment=True, filename=item.original_name or "draft",
                            content_type=item.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- extensions

@login_required
@require_http_methods(["GET", "POST"])
def extend(request, pk: int):
    """The resolver extends a deadline with a reason; the lead executor's direct manager
    only on the executor's memo (DOMAIN.md 3). Statutory limits cannot be exceeded."""
    resolution = get_object_or_404(
        Resolution.objects.select_related("entry__case__index", "resolver", "case"), pk=pk,
        entry__in=entries_visible(request.user).values("pk"))
    assignments = list(resolution.assignments.select_related("assignee__unit").order_by("-is_lead", "id"))
    lead = _lead(resolution, assignments)
    if not _may_extend(request.user, resolution, lead):
        _refuse(request, f"extend resolution {resolution.pk}", resolution)
    by_resolver = request.user.pk == resolution.resolver_id
    form = ExtensionForm(request.POST or None, request.FILES or None, with_memo=not by_resolver,
                         statutory_limit=resolution.statutory_limit)
    if request.method == "POST" and form.is_valid():
        try:
            extension = services.deadline_extend(
                actor=request.user, resolution=resolution, new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"], memo=form.cleaned_data.get("memo"), request=request)
        except PermissionRefused:
            _refuse(request, f"extend resolution {resolution.pk}", resolution)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            text = _("The deadline was extended to %(date)s.") % {"date": extension.new_deadline.strftime("%d.%m.%Y")}
            if extension.citizen_notified:
                text += " " + _("The sender is told by e-mail.")
            messages.success(request, text)
            back = form.cleaned_data.get("assignment")
            if back and back in {a.pk for a in assignments} | {resolution.parent_id}:
                return redirect("control:assignment", pk=back)
            return redirect("registry:case", pk=resolution.case_id)
    return render(request, "control/extend.html", {
        "resolution": resolution, "form": form, "lead": lead, "by_resolver": by_resolver,
        "assignments": assignments,
    }, status=200)


# --------------------------------------------------------------------------- dispatch

@login_required
@require_http_methods(["GET", "POST"])
def dispatch(request, pk: int):
    """How an outgoing answer left the office; sent electronically or handed over, it
    closes the case (DOMAIN.md 3)."""
    entry = get_object_or_404(entries_visible(request.user).select_related("answers"), pk=pk)
    if not request.user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR):
        _refuse(request, f"dispatch of entry {entry.pk}", entry)
    recorded = Dispatch.objects.filter(entry=entry).select_related("recorded_by").first()
    form = DispatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            done = services.entry_dispatch(actor=request.user, entry=entry, method=d["method"], on=d["on"],
                                           recipient_name=d["recipient_name"], request=request)
        except PermissionRefused:
            _refuse(request, f"dispatch of entry {entry.pk}", entry)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            entry.case.refresh_from_db()
            text = _("Recorded: %(how)s on %(date)s.") % {"how": done.get_method_display(),
                                                          "date": done.on.strftime("%d.%m.%Y")}
            if entry.case.is_finished:
                text += " " + _("The case file %(number)s is closed.") % {"number": entry.case.number}
            messages.success(request, text)
            return redirect("registry:entry", pk=entry.pk)
    return render(request, "control/dispatch.html", {"entry": entry, "form": form, "recorded": recorded})


# --------------------------------------------------------------------------- absences

def _absence_scope(user) -> Q:
    """Administrators see every absence; a manager those in his units; everyone his own
    and those in which he substitutes."""
    if _is_admin(user):
        return Q()
    scope = Q(employee=user) | Q(substitute=user)
    if _is_manager(user):
        scope |= Q(employee__unit__path__startswith=user.unit.path)
    return scope


def _recordable(user) -> Employees:
    """Whose absence the user may record: anyone (administrators), his units (managers),
    himself (everyone)."""
    if _is_admin(user):
        return Employees()
    if _is_manager(user):
        return Employees(active_employees().filter(Q(unit__path__startswith=user.unit.path) | Q(pk=user.pk)))
    return Employees(User.objects.filter(pk=user.pk).select_related("unit"))


def _urgent_counts(employee_ids, today, soon_until) -> dict[int, int]:
    """services.urgent_open_work counted for several employees in one query."""
    if not employee_ids:
        return {}
    rows = (Assignment.objects.filter(assignee_id__in=employee_ids, status=Status.OPEN)
            .filter(Q(resolution__urgent=True) | Q(deadline__lte=soon_until))
            .values("assignee_id").annotate(n=Count("pk")))
    return {row["assignee_id"]: row["n"] for row in rows}


def _absences_page(request, *, form=None, reassign: tuple[int, ReassignForm] | None = None, status=200):
    user = request.user
    today = timezone.localdate()
    calendar = office_calendar()
    soon_until = calendar.add_working_days(today, SOON_WORKING_DAYS)
    colleagues = Employees()
    qs = (Absence.objects.filter(_absence_scope(user), last_day__gte=today)
          .select_related("employee__unit", "substitute", "created_by").order_by("first_day", "id"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    admin = _is_admin(user)
    long_ids = set()
    for row in rows:
        row.working_days = calendar.working_days_between(row.first_day, row.last_day)
        row.current = row.first_day <= today
        row.may_reassign = (row.working_days > LONG_ABSENCE_WORKING_DAYS
                            and (admin or services.is_direct_manager(user, row.employee)))
        if row.may_reassign:
            long_ids.add(row.employee_id)
    counts = _urgent_counts(long_ids, today, soon_until)
    for row in rows:
        row.urgent = counts.get(row.employee_id, 0) if row.may_reassign else 0
        if reassign and reassign[0] == row.pk:
            row.reassign_form = reassign[1]
        elif row.may_reassign and row.urgent:
            row.reassign_form = ReassignForm(colleagues=colleagues, prefix=f"reassign-{row.pk}")
    if form is None:
        form = AbsenceForm(employees=_recordable(user), colleagues=colleagues)
    return render(request, "control/absences.html", {
        "page": page, "rows": rows, "form": form, "today": today,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def absences(request):
    """Current and coming absences with their substitutes; recording one."""
    if request.method == "POST":
        form = AbsenceForm(request.POST, employees=_recordable(request.user), colleagues=Employees())
        if form.is_valid():
            d = form.cleaned_data
            try:
                absence = services.absence_record(actor=request.user, employee=d["employee"],
                                                  first_day=d["first_day"], last_day=d["last_day"],
                                                  substitute=d["substitute"], reason=d["reason"], request=request)
            except PermissionRefused:
                _refuse(request, "record an absence")
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The absence of %(employee)s was recorded; %(substitute)s substitutes.")
                                 % {"employee": absence.employee, "substitute": absence.substitute})
                return redirect("control:absences")
        return _absences_page(request, form=form)
    return _absences_page(request)


@login_required
@require_POST
def absence_reassign(request, pk: int):
    """After more than 5 working days of absence the manager reassigns the urgent tasks."""
    absence = get_object_or_404(Absence.objects.select_related("employee__unit").filter(_absence_scope(request.user)),
                                pk=pk)
    form = ReassignForm(request.POST, colleagues=Employees(), prefix=f"reassign-{absence.pk}")
    if form.is_valid():
        try:
            moved = services.absence_reassign_urgent(actor=request.user, absence=absence, to=form.cleaned_data["to"],
                                                     request=request)
        except PermissionRefused:
            _refuse(request, f"reassign the tasks of absence {absence.pk}", absence)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, ngettext(
                "%(count)s urgent task of %(employee)s was reassigned to %(to)s.",
                "%(count)s urgent tasks of %(employee)s were reassigned to %(to)s.", len(moved),
            ) % {"count": len(moved), "employee": absence.employee, "to": form.cleaned_data["to"]})
            return redirect("control:absences")
    return _absences_page(request, reassign=(absence.pk, form))


# --------------------------------------------------------------------------- routing rules

def _routing_page(request, form=None):
    rules = (RoutingRule.objects.select_related("index", "resolver__unit")
             .order_by("index__code", "doc_type", "id"))
    return render(request, "control/routing.html", {"rules": rules, "form": form or RoutingRuleForm()})


@login_required
@require_http_methods(["GET", "POST"])
def routing(request):
    """Who resolves an incoming document first, by index and/or document type."""
    if not _is_admin(request.user):
        _refuse(request, "routing rules")
    if request.method == "POST":
        form = RoutingRuleForm(request.POST)
        if form.is_valid():
            try:
                rule = services.routing_rule_add(actor=request.user, rule=form.save(commit=False), request=request)
            except IntegrityError:
                form.add_error(None, _("A rule for this index and document type exists already: delete it first."))
            else:
                messages.success(request, _("The routing rule was added: %(rule)s.") % {"rule": _rule_text(rule)})
                return redirect("control:routing")
        return _routing_page(request, form)
    return _routing_page(request)


def _rule_text(rule: RoutingRule) -> str:
    index = f"{rule.index.code}" if rule.index_id else _("every index")
    doc_type = rule.get_doc_type_display() if rule.doc_type else _("every type")
    return _("%(index)s, %(type)s → %(resolver)s") % {"index": index, "type": doc_type, "resolver": rule.resolver}


@login_required
@require_POST
def routing_delete(request, pk: int):
    if not _is_admin(request.user):
        _refuse(request, f"routing rule {pk}")
    rule = get_object_or_404(RoutingRule.objects.select_related("index", "resolver"), pk=pk)
    text = _rule_text(rule)
    services.routing_rule_delete(actor=request.user, rule=rule, request=request)
    messages.success(request, _("The routing rule was deleted: %(rule)s.") % {"rule": text})
    return redirect(reverse("control:routing"))
