"""Pages of proposals, signals and complaints (DOMAIN.md section 4): the public portal
form, the desk intake, the three registers and the procedure page with its steps.

Views are thin: each write calls one service. A procedure outside the user's need to
know answers 404 (selectors.procedures_visible), and so does the whole corruption
register for anyone without `procedures.view_corruption_register`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.audit.services import audit_read
from kancelaria.control.forms import Employees
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.ratelimit import client_address, hit
from kancelaria.core.templatetags.kancelaria import STAFF_ROLES
from kancelaria.core.validators import mask_egn
from kancelaria.registry.models import Entry
from kancelaria.registry.selectors import sees_personal_numbers

from . import selectors, services
from .forms import (
    DecideForm,
    DeskIntakeForm,
    ExecutedForm,
    ExtendForm,
    FileReceivedForm,
    NotifyForm,
    OrderForm,
    PortalForm,
    RegisterFilterForm,
)
from .models import COMPLAINT_ITEMS, CheckState, Procedure, ProcedureKind

PAGE_SIZE = 50
SESSION_SUBMITTED = "procedures.submitted"
PORTAL_SCOPE = "procedures-portal"

REGISTER_TITLES = {
    "proposals": gettext_lazy("Register of proposals and signals"),
    "complaints": gettext_lazy("Register of complaints"),
    "corruption": gettext_lazy("Register of corruption signals"),
}
REGISTER_URLS = {"proposals": "procedures:proposals", "complaints": "procedures:complaints",
                 "corruption": "procedures:corruption"}


def _staff(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def _require_staff(request) -> None:
    if not _staff(request.user):
        raise PermissionDenied(_("Only the municipality's staff see the registers."))


def _sender(user, entry: Entry, *, full: bool = False) -> str:
    if entry.is_anonymous:
        return _("anonymous")
    egn = entry.correspondent_egn
    shown = egn if full and sees_personal_numbers(user) else mask_egn(egn)
    return f"{entry.correspondent_name} ({shown})" if shown else entry.correspondent_name


# --------------------------------------------------------------------------- the portal

def _portal_limit() -> tuple[int, int]:
    return (settings.PROCEDURES_PORTAL_RATE_LIMIT,
            settings.PROCEDURES_PORTAL_RATE_WINDOW)


@never_cache
@require_http_methods(["GET", "POST"])
def portal_new(request):
    """A proposal or signal from the public, no login; a few per hour from one address."""
    if request.method == "POST":
        form = PortalForm(request.POST, request.FILES)
        limit, window = _portal_limit()
        if not hit(PORTAL_SCOPE, client_address(request), limit=limit, window=window):
            response = render(request, "procedures/portal_new.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(window)
            return response
        if form.is_valid():
            try:
                procedure = services.procedure_intake(
                    actor=None, kind=form.cleaned_data["kind"], registration=form.registration(), channel="portal",
                    text=form.cleaned_data["text"], violation_date=form.cleaned_data.get("violation_date"),
                    request=request,
                )
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                request.session[SESSION_SUBMITTED] = procedure.pk
                return redirect("procedures:submitted")
        return render(request, "procedures/portal_new.html", {"form": form}, status=400)
    return render(request, "procedures/portal_new.html", {"form": PortalForm()})


@never_cache
def portal_submitted(request):
    """The slip of what was just sent: the number and the tracking code."""
    pk = request.session.get(SESSION_SUBMITTED)
    procedure = Procedure.objects.select_related("entry", "case").filter(pk=pk).first() if pk else None
    if procedure is None:
        return redirect("procedures:new")
    track = reverse("portal:track") + "?" + urlencode({"number": procedure.entry.number,
                                                        "code": procedure.case.tracking_code})
    return render(request, "procedures/portal_submitted.html", {"procedure": procedure, "track_url": track})


# --------------------------------------------------------------------------- the desk

@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    """The desk registers a proposal, signal, complaint or corruption signal."""
    if not request.user.has_role(*services.DESK_ROLES):
        raise PermissionDenied(_("Only registrars and administrators register proposals, signals and complaints."))
    if request.method == "POST":
        form = DeskIntakeForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                procedure = services.procedure_intake(
                    actor=request.user, kind=d["kind"], registration=form.registration(), channel=d["channel"],
                    text=d.get("text", ""), violation_date=d.get("violation_date"),
                    complaint_checks=form.complaint_checks(), complaint_general=d.get("complaint_general", False),
                    repeat_of=form.repeat_of, repeat_kind=d.get("repeat_kind", ""), request=request,
                )
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            except PermissionRefused as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Registered under No. %(number)s, tracking code %(code)s.")
                                 % {"number": procedure.entry.number, "code": procedure.case.tracking_code})
                if selectors.procedures_visible(request.user).filter(pk=procedure.pk).exists():
                    return redirect("procedures:procedure", pk=procedure.pk)
                return redirect("procedures:desk")
        return render(request, "procedures/desk.html", {"form": form}, status=400)
    return render(request, "procedures/desk.html", {"form": DeskIntakeForm(user=request.user)})


# --------------------------------------------------------------------------- the registers

def _register(request, name: str):
    _require_staff(request)
    if name == "corruption" and not selectors.sees_corruption(request.user):
        raise Http404
    filters = RegisterFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("kind", "") if name == "proposals" and filters.is_valid() else ""
    page = Paginator(selectors.register(request.user, name, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for procedure in page.object_list:
        rows.append({
            "procedure": procedure, "entry": procedure.entry, "sender": _sender(request.user, procedure.entry),
            "decision_overdue": procedure.decision_overdue(today), "notify_late": procedure.notify_late(today),
            "execution_overdue": procedure.execution_overdue(today),
        })
    return render(request, "procedures/register.html", {
        "name": name, "title": REGISTER_TITLES[name], "page": page, "rows": rows, "filters": filters,
        "show_filters": name == "proposals", "sees_corruption": selectors.sees_corruption(request.user),
        "can_register": request.user.has_role(*services.DESK_ROLES),
    })


@login_required
def proposals(request):
    return _register(request, "proposals")


@login_required
def complaints(request):
    return _register(request, "complaints")


@login_required
def corruption(request):
    return _register(request, "corruption")


@login_required
def home(request):
    return redirect("procedures:proposals")


# --------------------------------------------------------------------------- one procedure

def _procedure(request, pk: int) -> Procedure:
    _require_staff(request)
    return get_object_or_404(selectors.procedures_visible(request.user).select_related(
        "case__holder_unit", "decided_by", "responsible", "repeat_of__entry"), pk=pk)


def _steps(user, procedure: Procedure) -> dict:
    """Which step forms the user may use now."""
    deciding = user.has_role(*services.DECIDING_ROLES)
    notifying = user.has_role(*services.NOTIFYING_ROLES)
    open_ = procedure.has_proceedings and procedure.decided_on is None
    complaint = procedure.kind == ProcedureKind.COMPLAINT
    return {
        "file": notifying and open_ and complaint,
        "extend": deciding and open_ and not complaint and procedure.decision_due is not None,
        "decide": deciding and open_ and (not complaint or procedure.file_received_on is not None),
        "notify": notifying and procedure.decided_on is not None and procedure.notified_on is None,
        "order": deciding and procedure.ends_with_execution and procedure.decided_on is not None
        and procedure.executed_on is None,
        "executed": (deciding or user.pk == procedure.executor_id) and procedure.execution_ordered_on is not None
        and procedure.executed_on is None,
    }


def _page(request, procedure: Procedure, *, status: int = 200, **forms):
    user = request.user
    today = timezone.localdate()
    employees = None
    steps = _steps(user, procedure)
    if steps["order"] or steps["file"]:
        employees = Employees()
    defaults = {
        "file_form": lambda: FileReceivedForm(employees=employees),
        "extend_form": ExtendForm, "decide_form": DecideForm, "notify_form": NotifyForm,
        "order_form": lambda: OrderForm(employees=employees, initial={
            "how": procedure.execution_how, "due": procedure.execution_due,
            "executor": procedure.executor_id}),
        "executed_form": ExecutedForm,
    }
    context = {name: forms.get(name) or make() for name, make in defaults.items()}
    checks = [{"key": key, "label": label, "state": procedure.complaint_checks.get(key, ""),
               "state_label": CheckState(procedure.complaint_checks[key]).label
               if procedure.complaint_checks.get(key) in CheckState.values else ""}
              for key, label in COMPLAINT_ITEMS] if procedure.kind == ProcedureKind.COMPLAINT else []
    context.update({
        "procedure": procedure, "entry": procedure.entry, "case": procedure.case, "today": today,
        "sender": _sender(user, procedure.entry, full=True), "steps": steps, "checks": checks,
        "extensions": list(procedure.extensions.select_related("granted_by")),
        "candidates": selectors.repeat_candidates(procedure, user=user),
        "decision_overdue": procedure.decision_overdue(today), "notify_late": procedure.notify_late(today),
        "execution_overdue": procedure.execution_overdue(today),
        "register_url": reverse(REGISTER_URLS[{"proposal": "proposals", "signal": "proposals",
                                               "complaint": "complaints"}.get(procedure.kind, "corruption")]),
    })
    return render(request, "procedures/procedure.html", context, status=status)


@login_required
def procedure_page(request, pk: int):
    procedure = _procedure(request, pk)
    audit_read(actor=request.user, obj=procedure, request=request)
    return _page(request, procedure)


def _step(request, pk: int, form_name: str, form_class, call, done: str, *, needs_employees: bool = False):
    """POST one step: parse the form, call its service, back to the page."""
    procedure = _procedure(request, pk)
    kwargs = {"employees": Employees()} if needs_employees else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(procedure, form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, done)
            return redirect("procedures:procedure", pk=procedure.pk)
    return _page(request, procedure, status=400, **{form_name: form})


@login_required
@require_POST
def file_received(request, pk: int):
    return _step(request, pk, "file_form", FileReceivedForm, lambda p, d: services.procedure_file_received(
        actor=request.user, procedure=p, on=d["on"], responsible=d.get("responsible"), request=request),
        _("The file's receipt is recorded: the month for the decision runs."), needs_employees=True)


@login_required
@require_POST
def extend(request, pk: int):
    return _step(request, pk, "extend_form", ExtendForm, lambda p, d: services.procedure_extend(
        actor=request.user, procedure=p, new_due=d["new_due"], reason=d["reason"], request=request),
        _("The decision deadline is extended."))


@login_required
@require_POST
def decide(request, pk: int):
    return _step(request, pk, "decide_form", DecideForm, lambda p, d: services.procedure_decide(
        actor=request.user, procedure=p, decision_text=d["decision_text"], reasons=d["reasons"],
        decided_on=d["decided_on"], request=request),
        _("The decision is recorded. It must reach the sender within 7 days."))


@login_required
@require_POST
def notify(request, pk: int):
    return _step(request, pk, "notify_form", NotifyForm, lambda p, d: services.procedure_notify(
        actor=request.user, procedure=p, on=d["on"], how=d["how"], request=request),
        _("The notice to the sender is recorded."))


@login_required
@require_POST
def order(request, pk: int):
    return _step(request, pk, "order_form", OrderForm, lambda p, d: services.procedure_order_execution(
        actor=request.user, procedure=p, how=d["how"], due=d["due"], executor=d["executor"], request=request),
        _("The execution is ordered."), needs_employees=True)


@login_required
@require_POST
def executed(request, pk: int):
    return _step(request, pk, "executed_form", ExecutedForm, lambda p, d: services.procedure_executed(
        actor=request.user, procedure=p, on=d["on"], request=request),
        _("The execution is recorded: the proceedings have ended."))

