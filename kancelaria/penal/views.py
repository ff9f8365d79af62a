"""Pages of administrative-penal proceedings (DOMAIN.md 9): the home page with the
limits about to bite, the register of cases (CSV too), registering a statement, the case
with its clocks and steps, the printable decree, the findings and the tickets.

Only the holders of `penal.view_penal_register` see any of it; anyone else gets 403 and
the attempt is recorded in the audit trail. Each write calls one service.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.audit.services import Action, audit_read, audit_record
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.workcalendar.selectors import office_calendar

from . import selectors, services
from .forms import (
    AppealForm,
    AuthorityForm,
    CaseFilterForm,
    DecisionForm,
    DecreeDeliveryForm,
    DeliveryForm,
    DiscoveredForm,
    FindingForm,
    FoundForm,
    IssueForm,
    LawyerForm,
    NotFoundForm,
    ObjectionForm,
    OpinionForm,
    OutcomeForm,
    StatementForm,
    TicketForm,
)
from .models import DecisionKind, PenalCase, Stage, Ticket, TicketOutcome

PAGE_SIZE = 50


def _require_register(request, what: str = "penal register") -> None:
    if not selectors.keeps_register(request.user):
        audit_record(actor=request.user, action=Action.DENIED, object_type="penal.penalcase", object_repr=what,
                     request=request)
        raise PermissionDenied(_("Only the holders of the penal register see administrative-penal cases."))


def _nav(request, name: str) -> dict:
    return {"nav": name, "can_decide": services.can_decide(request.user)}


# --------------------------------------------------------------------------- home

@login_required
def home(request):
    """What a penal-case clerk, the lawyer and the mayor look at first: the limits about
    to bite (30 days ahead), the suspended cases, the clocks overdue, cases by stage."""
    _require_register(request)
    today = timezone.localdate()
    ahead = selectors.limits_ahead(request.user, today)
    mine = []
    if request.user.has_role("executor"):
        mine = list(selectors.cases_visible(request.user).filter(lawyer=request.user, opinion_on__isnull=True,
                                                                 stage=Stage.WITH_LAWYER))
    drafting = list(selectors.cases_visible(request.user).filter(stage__in=[Stage.AWAITING_DECISION, Stage.DRAFTING]))
    return render(request, "penal/home.html", {
        **_nav(request, "home"), "today": today, "limits": ahead["limits"], "suspended": ahead["suspended"],
        "overdue": ahead["overdue"], "stages": selectors.stage_counts(request.user, today),
        "for_opinion": mine, "for_mayor": drafting, "warn_days": services.WARN_DAYS,
    })


# --------------------------------------------------------------------------- the register

def _offender(user, penal) -> str:
    identifier = selectors.offender_identifier(user, penal)
    return f"{penal.offender_name} ({identifier})" if identifier else penal.offender_name


@login_required
def cases(request):
    _require_register(request)
    today = timezone.localdate()
    filters = CaseFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = selectors.cases_search(selectors.cases_visible(request.user), today=today, year=data.get("year"),
                                stage=data.get("stage", ""), overdue=bool(data.get("overdue")),
                                text=data.get("q", ""))
    if request.GET.get("format") == "csv":
        return _csv(request, qs, today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"penal": p, "offender": _offender(request.user, p), "stage": p.get_stage_now_display(today),
             "suspended": selectors.is_suspended(p),
             "days_left": (p.decree_limit - today).days if p.awaits_decree and p.decree_limit else None}
            for p in page.object_list]
    query = request.GET.copy()
    query["format"] = "csv"
    query.pop("page", None)
    return render(request, "penal/cases.html", {**_nav(request, "cases"), "filters": filters, "page": page,
                                                "rows": rows, "today": today, "csv_query": query.urlencode()})


def _csv(request, qs, today) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="penal-cases.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Case"), _("Statement"), _("Drawn up on"), _("Offender"), _("Provisions breached"),
                     _("Stage"), _("Penal decree no later than"), _("Decision"), _("Amount (EUR)")])
    for p in qs:
        writer.writerow([p.label, p.entry.number, p.drawn_up_on.strftime("%d.%m.%Y"), _offender(request.user, p),
                         p.provisions_text, p.get_stage_now_display(today),
                         p.decree_limit.strftime("%d.%m.%Y") if p.decree_limit else "",
                         p.get_decision_kind_display(), p.amount if p.amount is not None else ""])
    audit_record(actor=request.user, action=Action.DOWNLOAD, object_type="penal.penalcase",
                 object_repr="penal register CSV", request=request)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    """Register a statement of violation (or a file from a court or prosecutor)."""
    _require_register(request)
    finding = ticket = None
    source = request.POST if request.method == "POST" else request.GET
    if str(source.get("finding", "")).isdigit():
        finding = selectors.findings_visible(request.user).filter(pk=int(source["finding"])).first()
    if str(source.get("ticket", "")).isdigit():
        ticket = selectors.tickets_visible(request.user).filter(pk=int(source["ticket"])).first()
    if request.method == "POST":
        form = StatementForm(request.POST)
        if form.is_valid():
            try:
                penal = services.case_open(
                    actor=request.user, statement=form.statement(), origin=form.cleaned_data["origin"],
                    origin_reference=form.cleaned_data.get("origin_reference", ""),
                    discovered_on=form.cleaned_data.get("discovered_on"), finding=finding, ticket=ticket,
                    request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            except PermissionRefused as exc:
                raise PermissionDenied(str(exc.message)) from exc
            else:
                message = _("The statement is registered under No. %(number)s: case %(case)s.") % {
                    "number": penal.entry.number, "case": penal.label}
                if penal.late_ground:
                    messages.warning(request, message + " " + _("It came after a limit: only termination may follow."))
                else:
                    messages.success(request, message)
                return redirect("penal:case", pk=penal.pk)
        return render(request, "penal/case_new.html", {**_nav(request, "new"), "form": form, "finding": finding,
                                                       "ticket": ticket}, status=400)
    initial = {}
    if finding is not None:
        initial = {"finding": finding.pk, "violation_date": finding.violation_date,
                   "violation_place": finding.violation_place, "description": finding.description,
                   "offender_name": finding.offender_name, "offender_address": finding.offender_address,
                   "discovered_on": finding.discovered_on}
    if ticket is not None:
        initial = {"ticket": ticket.pk, "violation_date": ticket.issued_on, "violation_place": ticket.violation_place,
                   "description": ticket.violation, "offender_name": ticket.offender_name,
                   "offender_address": ticket.offender_address, "offender_egn": ticket.offender_egn,
                   "author_name": ticket.issued_by}
    return render(request, "penal/case_new.html", {**_nav(request, "new"), "form": StatementForm(initial=initial),
                                                   "finding": finding, "ticket": ticket})


# --------------------------------------------------------------------------- one case

def _case(request, pk: int) -> PenalCase:
    _require_register(request)
    return get_object_or_404(selectors.cases_visible(request.user).select_related("finding__entry"), pk=pk)


STEP_FORMS = {
    "delivery": DeliveryForm, "objection": ObjectionForm, "lawyer": LawyerForm, "opinion": OpinionForm,
    "authority": AuthorityForm, "not_found": NotFoundForm, "found": FoundForm, "decision": DecisionForm,
    "issue": IssueForm, "decree_delivery": DecreeDeliveryForm, "appeal": AppealForm, "outcome": OutcomeForm,
}


DECREE_FIELDS = ("sanction_type", "amount", "deprivation_months", "aggravating", "mitigating")


def _step_form(step: selectors.Step, penal: PenalCase, bound):
    """The form of an open step; the decision offers only the kinds open now (and, after
    a late statement, only its ground)."""
    form = bound or STEP_FORMS[step.name]()
    if step.name == "decision":
        kinds = form.fields["kind"]
        kinds.choices = [(value, label) for value, label in kinds.choices if value in step.kinds]
        if DecisionKind.DECREE not in step.kinds and bound is None:  # a refused form keeps its errors' fields
            for name in DECREE_FIELDS:
                form.fields.pop(name, None)
        if penal.late_ground:
            ground = form.fields["termination_ground"]
            ground.choices = [(value, label) for value, label in ground.choices if value in ("", penal.late_ground)]
    return form


def _page(request, penal: PenalCase, *, status: int = 200, bound: dict | None = None, step_error: str = ""):
    today = timezone.localdate()
    calendar = office_calendar()
    suspended = selectors.is_suspended(penal)
    bound = bound or {}
    steps = [{"step": step, "form": _step_form(step, penal, bound.get(step.name)) if step.open else None}
             for step in selectors.case_steps(request.user, penal, suspended=suspended)]
    return render(request, "penal/case.html", {
        **_nav(request, "cases"), "penal": penal, "today": today, "suspended": suspended, "step_error": step_error,
        "offender_id": selectors.offender_identifier(request.user, penal),
        "clocks": selectors.case_clocks(penal, today, calendar), "steps": steps,
        "documents": list(selectors.case_documents(penal)),
        "objections": list(penal.objections.select_related("entry")),
        "periods": list(penal.not_found.all()),
        "ticket": Ticket.objects.filter(penal_case=penal).select_related("entry").first(),
    }, status=status)


@login_required
def case_page(request, pk: int):
    penal = _case(request, pk)
    audit_read(actor=request.user, obj=penal, request=request)
    return _page(request, penal)


def _call(step: str, request, penal: PenalCase, d: dict):
    user = request.user
    common = {"actor": user, "penal": penal, "request": request}
    if step == "delivery":
        return services.case_deliver(on=d["on"], how=d["how"], witness=d.get("witness", ""), **common)
    if step == "objection":
        return services.objection_register(summary=d["summary"], channel=d["channel"], sender=d.get("sender", ""),
                                           **common)
    if step == "lawyer":
        return services.case_to_lawyer(lawyer=d["lawyer"], on=d["on"], **common)
    if step == "opinion":
        return services.case_opinion(legal_basis=d["legal_basis"], sanctions=d["sanctions"], minimum=d.get("minimum"),
                                     maximum=d.get("maximum"), minor=d["minor"] == "yes", proposal=d["proposal"],
                                     on=d["on"], **common)
    if step == "authority":
        return services.case_to_authority(on=d["on"], **common)
    if step == "not_found":
        return services.not_found_start(on=d["on"], note=d.get("note", ""), **common)
    if step == "found":
        return services.not_found_end(on=d["on"], **common)
    if step == "decision":
        return services.case_decide(kind=d["kind"], on=d["on"], sanction_type=d.get("sanction_type", ""),
                                    amount=d.get("amount"), deprivation_months=d.get("deprivation_months"),
                                    aggravating=d.get("aggravating", ""), mitigating=d.get("mitigating", ""),
                                    termination_ground=d.get("termination_ground", ""), reasons=d.get("reasons", ""),
                                    court=d.get("court", ""), **common)
    if step == "issue":
        return services.decree_issue(on=d["on"], **common)
    if step == "decree_delivery":
        return services.decree_deliver(on=d["on"], how=d["how"], note=d.get("note", ""), **common)
    if step == "appeal":
        return services.appeal_record(lodged_on=d["lodged_on"], court=d.get("court", ""),
                                      letter_number=d.get("letter_number", ""), letter_date=d.get("letter_date"),
                                      sent_on=d.get("sent_on"), register_letter=bool(d.get("register_letter")),
                                      **common)
    if step == "outcome":
        return services.appeal_outcome_record(outcome=d["outcome"], on=d["on"], **common)
    raise ValueError(step)


def _done_message(step: str, penal: PenalCase) -> str:
    return {
        "delivery": _("The delivery is recorded: written objections are possible until %(date)s.")
        % {"date": penal.objection_due.strftime("%d.%m.%Y") if penal.objection_due else ""},
        "objection": _("The objection is registered in the case file."),
        "lawyer": _("The file is with the lawyer: the opinion is due by %(date)s.")
        % {"date": penal.opinion_due.strftime("%d.%m.%Y") if penal.opinion_due else ""},
        "opinion": _("The lawyer's opinion is recorded: the mayor decides."),
        "authority": _("The file is recorded as sent to the penalising authority."),
        "not_found": _("The offender is recorded as not found: the proceedings are suspended and the 6-month "
                       "limit stops."),
        "found": _("The offender is found: the proceedings resume."),
        "decision": _("The decision is recorded."),
        "issue": _("The penal decree %(number)s is issued and registered.") % {"number": penal.decree_number},
        "decree_delivery": _("The delivery of the decree is recorded."),
        "appeal": _("The appeal is recorded."),
        "outcome": _("The court's outcome is recorded."),
    }[step]


@login_required
@require_POST
def case_step(request, pk: int, step: str):
    """POST one step of a case: parse its form, call its service, back to the case."""
    penal = _case(request, pk)
    if step not in STEP_FORMS:
        raise PermissionDenied(_("Unknown step."))
    form = STEP_FORMS[step](request.POST)
    open_steps = {s.name for s in selectors.case_steps(request.user, penal) if s.open}
    if step not in open_steps:
        if not selectors.may_take(request.user, penal, step):
            raise PermissionDenied(_("Your role does not allow this step."))
        return _page(request, penal, status=400, step_error=_("This step is not possible at this stage of the case."))
    if form.is_valid():
        try:
            penal = _call(step, request, penal, form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            if not isinstance(penal, PenalCase):
                penal = PenalCase.objects.get(pk=pk)
            messages.success(request, _done_message(step, penal))
            return redirect("penal:case", pk=pk)
    penal = _case(request, pk)
    return _page(request, penal, status=400, bound={step: form})


@login_required
def decree(request, pk: int):
    """The printable penal decree (art. 57), numbered НП-<case number>."""
    penal = _case(request, pk)
    if penal.decision_kind != DecisionKind.DECREE:
        return render(request, "penal/decree.html", {"penal": penal, "missing": True}, status=404)
    audit_read(actor=request.user, obj=penal, request=request)
    return render(request, "penal/decree.html", {
        "penal": penal, "offender_id": selectors.offender_identifier(request.user, penal),
        "mayor": penal.decided_by, "today": timezone.localdate(),
    })


# --------------------------------------------------------------------------- findings

@login_required
def findings(request):
    _require_register(request)
    today = timezone.localdate()
    qs = selectors.findings_visible(request.user).order_by("closed_on", "statement_by", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"finding": f, "days_left": (f.statement_by - today).days, "open": f.is_open} for f in page.object_list]
    return render(request, "penal/findings.html", {**_nav(request, "findings"), "page": page, "rows": rows,
                                                  "today": today, "warn_days": services.WARN_DAYS})


@login_required
@require_http_methods(["GET", "POST"])
def finding_new(request):
    _require_register(request)
    if request.method == "POST":
        form = FindingForm(request.POST)
        if form.is_valid():
            try:
                finding = services.finding_register(actor=request.user, request=request, **form.cleaned_data)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The finding is registered under No. %(number)s: a statement is due "
                                            "by %(date)s.") % {"number": finding.entry.number,
                                                               "date": finding.statement_by.strftime("%d.%m.%Y")})
                return redirect("penal:findings")
        return render(request, "penal/finding_new.html", {**_nav(request, "findings"), "form": form}, status=400)
    return render(request, "penal/finding_new.html", {**_nav(request, "findings"),
                                                      "form": FindingForm(initial={"found_on": timezone.localdate()})})


@login_required
@require_http_methods(["GET", "POST"])
def finding_discovered(request, pk: int):
    _require_register(request)
    finding = get_object_or_404(selectors.findings_visible(request.user), pk=pk)
    form = DiscoveredForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_offender_discovered(actor=request.user, finding=finding, request=request,
                                                 **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The offender is recorded: the 3 months for the statement run."))
            return redirect("penal:findings")
    return render(request, "penal/finding_discovered.html", {**_nav(request, "findings"), "form": form,
                                                             "finding": finding},
                  status=400 if request.method == "POST" else 200)


# --------------------------------------------------------------------------- tickets

@login_required
def tickets(request):
    _require_register(request)
    page = Paginator(selectors.tickets_visible(request.user).order_by("-issued_on", "-id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"ticket": t, "offender": _offender(request.user, t)} for t in page.object_list]
    return render(request, "penal/tickets.html", {**_nav(request, "tickets"), "page": page, "rows": rows,
                                                 "refused": TicketOutcome.REFUSED})


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request):
    _require_register(request)
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                ticket = services.ticket_issue(actor=request.user, request=request, **form.cleaned_data)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The ticket is registered under No. %(number)s.")
                                 % {"number": ticket.entry.number})
                return redirect("penal:tickets")
        return render(request, "penal/ticket_new.html", {**_nav(request, "tickets"), "form": form}, status=400)
    return render(request, "penal/ticket_new.html", {**_nav(request, "tickets"), "form": TicketForm()})

