"""Staff pages of access to public information (DOMAIN.md section 5): the electronic
register of requests (with its CSV export), intake at the desk, the dossier of one
request with the steps its state allows, the decision page, the printable decision and
the tariff.

Views are thin: each write calls one service. Need-to-know: only those who handle
requests (`selectors.can_handle`: holders of `publicinfo.handle_inforequest`, resolvers,
administrators) see the register and the dossiers; everyone else gets 403. Reads of a
dossier are recorded in the audit trail.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.audit.services import audit_read
from kancelaria.control.forms import Employees
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.validators import mask_egn
from kancelaria.registry.selectors import sees_personal_numbers

from . import selectors, services
from .forms import (
    AccessGiveForm,
    ClarificationForm,
    ClarifyForm,
    DeliverForm,
    ExtendForm,
    ForwardForm,
    GrantForm,
    IntakeForm,
    NotHeldForm,
    PaymentForm,
    RefuseForm,
    RegisterFilterForm,
    RequesterRefusedForm,
    TariffItemForm,
    ThirdPartyForm,
    ThirdPartyStepForm,
    cost_lines,
)
from .models import (
    REQUIRED_CONTENT,
    AccessForm,
    DeliveryMethod,
    InfoRequest,
    Outcome,
    PublishField,
    RefusalGround,
    RequestKind,
    Status,
    TariffItem,
    ThirdParty,
)

PAGE_SIZE = 50


def _require_handler(request) -> None:
    if not selectors.can_handle(request.user):
        raise PermissionDenied(_("Only the officers who handle requests for information see them."))


def requester_label(user, entry) -> str:
    """The requester's names, with the EGN masked for anyone but the desk."""
    egn = entry.correspondent_egn
    shown = egn if sees_personal_numbers(user) else mask_egn(egn)
    name = entry.correspondent_name
    if shown:
        return f"{name} ({shown})" if name else shown
    return name


def clock(r: InfoRequest, today: dt.date) -> dict:
    """The decision clock as the register shows it: days left, or how late."""
    if r.decision_due is None:
        return {"due": None, "days_left": None, "late": False, "late_days": 0}
    if r.decided_on:
        late_days = (r.decided_on - r.decision_due).days
        return {"due": r.decision_due, "days_left": None, "late": late_days > 0, "late_days": max(late_days, 0)}
    if r.is_finished:
        return {"due": r.decision_due, "days_left": None, "late": False, "late_days": 0}
    left = (r.decision_due - today).days
    return {"due": r.decision_due, "days_left": left if left >= 0 else None, "late": left < 0,
            "late_days": -left if left < 0 else 0}


# --------------------------------------------------------------------------- the register

def _register_queryset(user, values: dict):
    filters = {k: v for k, v in values.items() if k != "status" or v in Status.values}
    qs = selectors.register_rows(filters, user=user)
    if values.get("status") == "pending":
        qs = qs.exclude(status__in=Status.finished())
    return qs


CSV_HEADER = (
    gettext_lazy("Number"), gettext_lazy("Registered on"), gettext_lazy("Kind"), gettext_lazy("Requester type"),
    gettext_lazy("Requester"), gettext_lazy("Received through"), gettext_lazy("Information asked for"),
    gettext_lazy("Status"), gettext_lazy("Decision due"), gettext_lazy("Days left"), gettext_lazy("Days late"),
    gettext_lazy("Outcome"), gettext_lazy("Decided on"), gettext_lazy("Delivered on"),
)


class _Echo:
    def write(self, value):
        return value


def _register_csv(user, qs, today: dt.date) -> HttpResponse:
    writer = csv.writer(_Echo())
    lines = ["\ufeff", writer.writerow([str(h) for h in CSV_HEADER])]
    for r in qs.iterator(chunk_size=500):
        c = clock(r, today)
        lines.append(writer.writerow([
            r.entry.number, r.received_on.isoformat(), r.get_kind_display(), r.get_requester_type_display(),
            requester_label(user, r.entry), r.get_channel_display(), " ".join(r.description.split()),
            r.get_status_display(), r.decision_due.isoformat() if r.decision_due else "",
            "" if c["days_left"] is None else c["days_left"], c["late_days"] or "",
            r.get_outcome_display(), r.decided_on.isoformat() if r.decided_on else "",
            r.delivered_on.isoformat() if r.delivered_on else "",
        ]))
    response = HttpResponse("".join(lines).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="information-requests-{today:%Y-%m-%d}.csv"'
    return response


@login_required
def register(request):
    """The electronic register of requests: filters, the clocks, CSV export. A registrar
    who registers requests but does not handle them goes to the intake form."""
    if not selectors.can_handle(request.user) and selectors.can_intake(request.user):
        return redirect("publicinfo:new")
    _require_handler(request)
    today = timezone.localdate()
    years = sorted({d.year for d in InfoRequest.objects.dates("received_on", "year")} | {today.year}, reverse=True)
    filters = RegisterFilterForm(request.GET or None, years=years)
    values = filters.values()
    qs = _register_queryset(request.user, values)
    if request.GET.get("format") == "csv":
        return _register_csv(request.user, qs, today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"r": r, "requester": requester_label(request.user, r.entry), "clock": clock(r, today)}
            for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(request, "publicinfo/staff/register.html", {
        "filters": filters, "page": page, "rows": rows, "csv_query": query.urlencode(),
        "can_intake": selectors.can_intake(request.user), "today": today,
        "can_administer_tariff": selectors.can_administer_tariff(request.user),
    })


# --------------------------------------------------------------------------- intake at the desk

@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """A request received at the desk, by post, e-mail, the platform or orally."""
    if not selectors.can_intake(request.user):
        raise PermissionDenied(_("Only registrars and administrators register requests."))
    status = 200
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                r = services.request_intake(actor=request.user, registration=form.registration(),
                                            request=request, **form.service_kwargs())
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            except PermissionRefused as exc:
                raise PermissionDenied(str(exc.message)) from exc
            else:
                if r.status == Status.WITHOUT_ACTION:
                    messages.warning(request, _(
                        "Registered under No. %(number)s and left without action: the request lacks names, a "
                        "description or an address. The letter to the requester is in the case file.")
                                     % {"number": r.entry.number})
                else:
                    messages.success(request, _("Registered under No. %(number)s, the decision is due on %(due)s.")
                                     % {"number": r.entry.number,
                                        "due": r.decision_due.strftime("%d.%m.%Y") if r.decision_due else "—"})
                if selectors.can_handle(request.user):
                    return redirect("publicinfo:dossier", pk=r.pk)
                return redirect("publicinfo:new")
        status = 400
    else:
        form = IntakeForm()
    today = timezone.localdate()
    recent = (InfoRequest.objects.select_related("entry")
              .filter(entry__registered_by=request.user, received_on=today).order_by("-id")[:8])
    return render(request, "publicinfo/staff/intake.html", {
        "form": form, "recent": recent, "files_lost": bool(request.method == "POST" and request.FILES),
        "can_handle": selectors.can_handle(request.user),
    }, status=status)


# --------------------------------------------------------------------------- the dossier

def _request(request, pk: int) -> InfoRequest:
    _require_handler(request)
    return get_object_or_404(selectors.visible_requests(request.user).select_related("access_officer"), pk=pk)


def allowed_actions(user, r: InfoRequest, today: dt.date | None = None) -> dict:
    """Which steps the user may take now: only those the request's state allows (the
    services check the same again)."""
    today = today or timezone.localdate()
    handle = selectors.can_handle(user)
    decide = selectors.can_decide(user)
    is_open = r.status == Status.OPEN
    used = {e.reason for e in r.extensions.all()}
    reasons = set(services.extension_reasons(r.kind))
    if r.kind == RequestKind.REUSE and used:
        reasons = set()
    grant_pending = r.status in (Status.DECIDED, Status.DELIVERED) and r.outcome in (Outcome.GRANTED, Outcome.PARTIAL)
    return {
        "clarify": handle and is_open,
        "clarification": handle and r.status == Status.CLARIFICATION,
        "extend": handle and is_open and r.decision_due is not None and today <= r.decision_due
        and bool(reasons - used),
        "third_party": handle and r.status in (Status.OPEN, Status.CLARIFICATION) and r.kind == RequestKind.ACCESS,
        "forward": handle and is_open,
        "decide": decide and is_open,
        "deliver": handle and r.delivered_on is None and (
            r.status == Status.DECIDED or (r.status == Status.REFUSED and r.decision_entry_id is not None)),
        "payment": handle and grant_pending and r.costs > 0 and r.paid_on is None,
        "access": handle and grant_pending and (r.costs == 0 or r.paid_on is not None),
        "requester_refused": handle and grant_pending and r.delivered_on is not None and not r.is_electronic
        and r.access_until is not None and today > r.access_until,
    }


def third_parties_editable(user, r: InfoRequest) -> bool:
    return selectors.can_handle(user) and r.status in (Status.OPEN, Status.CLARIFICATION)


def _third_parties(r: InfoRequest, today: dt.date, forms: dict | None = None, *, editable: bool) -> list[dict]:
    rows = []
    for tp in r.third_parties.select_related("consent_letter"):
        rows.append({
            "tp": tp,
            "unit_late": tp.unit_told_on is None and today > tp.unit_told_due
            or bool(tp.unit_told_on and tp.unit_told_on > tp.unit_told_due),
            "consent_late": tp.consent_asked_on is None and today > tp.consent_asked_due
            or bool(tp.consent_asked_on and tp.consent_asked_on > tp.consent_asked_due),
            "form": ((forms or {}).get(tp.pk) or ThirdPartyStepForm(third_party=tp)) if editable else None,
        })
    return rows


def _labels(choices, values) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(v, v)) for v in (values or [])]


def _dossier(request, r: InfoRequest, *, status: int = 200, step_forms: dict | None = None, tp_forms=None):
    user = request.user
    today = timezone.localdate()
    actions = allowed_actions(user, r)
    given = step_forms or {}
    defaults = {
        "clarify_form": lambda: ClarifyForm(), "clarification_form": lambda: ClarificationForm(),
        "extend_form": lambda: ExtendForm(kind=r.kind), "third_form": lambda: ThirdPartyForm(),
        "forward_form": lambda: ForwardForm(), "deliver_form": lambda: DeliverForm(initial={
            "method": DeliveryMethod.EMAIL if r.is_electronic and r.entry.correspondent_email else None}),
        "payment_form": lambda: PaymentForm(), "access_form": lambda: AccessGiveForm(),
        "refused_form": lambda: RequesterRefusedForm(),
    }
    context = {name: given.get(name) or make() for name, make in defaults.items()}
    errored = [f for f in [*given.values(), *(tp_forms or {}).values()] if f.errors]
    context.update({
        "error_items": [item for f in errored for item in f.error_summary()],
        "preferred_forms": _labels(AccessForm, r.preferred_forms), "access_forms": _labels(AccessForm, r.access_forms),
        "consent": _labels(PublishField, r.publish_consent),
        "refusal_grounds": _labels(RefusalGround, r.refusal_grounds),
        "missing": [str(label) for key, label in REQUIRED_CONTENT if key in (r.missing_content or [])],
    })
    context.update({
        "r": r, "entry": r.entry, "case": r.case, "today": today, "actions": actions,
        "requester": requester_label(user, r.entry), "clock": clock(r, today),
        "documents": selectors.request_dossier(r),
        "clarifications": list(r.clarifications.select_related("letter", "answer_entry", "asked_by")),
        "extensions": list(r.extensions.select_related("letter", "granted_by")),
        "third_parties": _third_parties(r, today, tp_forms, editable=third_parties_editable(user, r)),
        "cost_lines": list(r.cost_lines.select_related("item")),
        "any_action": any(actions.values()),
    })
    return render(request, "publicinfo/staff/dossier.html", context, status=status)


@login_required
def dossier(request, pk: int):
    """The dossier: the request, its clocks, its documents in order and the steps."""
    r = _request(request, pk)
    audit_read(actor=request.user, obj=r, request=request)
    return _dossier(request, r)


def _step(request, pk: int, action: str, form_name: str, make_form, call, done: str):
    """POST one step of the dossier: check the state allows it, parse the form, call its
    service, back to the dossier (or the dossier again with the errors, 400)."""
    r = _request(request, pk)
    if not allowed_actions(request.user, r).get(action):
        raise PermissionDenied(_("This step is not possible for this request now, or not for you."))
    form = make_form(r)
    if form.is_valid():
        try:
            call(r, form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, done)
            return redirect("publicinfo:dossier", pk=r.pk)
    r.refresh_from_db()
    return _dossier(request, r, status=400, step_forms={form_name: form})


def _on(data) -> dt.date | None:
    return data.get("on") or None


@login_required
@require_POST
def clarify(request, pk: int):
    return _step(request, pk, "clarify", "clarify_form", lambda r: ClarifyForm(request.POST),
                 lambda r, d: services.clarification_ask(actor=request.user, info_request=r, question=d["question"],
                                                         on=_on(d), request=request),
                 _("The requester is asked to clarify the request; the clock stops until the clarification."))


@login_required
@require_POST
def clarification(request, pk: int):
    return _step(request, pk, "clarification", "clarification_form", lambda r: ClarificationForm(request.POST),
                 lambda r, d: services.clarification_answer(actor=request.user, info_request=r, answer=d["answer"],
                                                            on=_on(d), channel=d["channel"], request=request),
                 _("The clarification is registered; the 14 days start again from it."))


@login_required
@require_POST
def extend(request, pk: int):
    return _step(request, pk, "extend", "extend_form", lambda r: ExtendForm(request.POST, kind=r.kind),
                 lambda r, d: services.extension_grant(actor=request.user, info_request=r, reason=d["reason"],
                                                       days=d["days"], note=d.get("note", ""), on=_on(d),
                                                       request=request),
                 _("The deadline is extended and the requester told by letter."))


@login_required
@require_POST
def third_party_add(request, pk: int):
    return _step(request, pk, "third_party", "third_form", lambda r: ThirdPartyForm(request.POST),
                 lambda r, d: services.third_party_add(actor=request.user, info_request=r, name=d["name"],
                                                       address=d.get("address", ""), request=request),
                 _("The third party is recorded: the unit tells the secretary within 5 days of registration, "
                   "and the request for consent leaves within 7."))


@login_required
@require_POST
def third_party_record(request, pk: int, tp: int):
    r = _request(request, pk)
    if not third_parties_editable(request.user, r):
        raise PermissionDenied(_("This step is not possible for this request now, or not for you."))
    third_party = get_object_or_404(ThirdParty, pk=tp, request=r)
    form = ThirdPartyStepForm(request.POST, third_party=third_party)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.third_party_record(
                actor=request.user, third_party=third_party, unit_told_on=d.get("unit_told_on"),
                consent_asked_on=d.get("consent_asked_on"),
                answer=d.get("answer") or "", answered_on=d.get("answered_on"), note=d.get("note", ""),
                request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, _("The steps with the third party are recorded."))
            return redirect("publicinfo:dossier", pk=r.pk)
    return _dossier(request, r, status=400, tp_forms={third_party.pk: form})


@login_required
@require_POST
def forward(request, pk: int):
    return _step(request, pk, "forward", "forward_form", lambda r: ForwardForm(request.POST),
                 lambda r, d: services.request_forward(actor=request.user, info_request=r, to_body=d["to_body"],
                                                       on=_on(d), request=request),
                 _("The request is forwarded and the requester told; the case file is closed."))


@login_required
@require_POST
def deliver(request, pk: int):
    return _step(request, pk, "deliver", "deliver_form", lambda r: DeliverForm(request.POST),
                 lambda r, d: services.decision_deliver(actor=request.user, info_request=r, method=d["method"],
                                                        on=_on(d), request=request),
                 _("The delivery of the decision is recorded."))


@login_required
@require_POST
def payment(request, pk: int):
    return _step(request, pk, "payment", "payment_form", lambda r: PaymentForm(request.POST),
                 lambda r, d: services.payment_record(actor=request.user, info_request=r, on=d["on"],
                                                      document=d["document"], request=request),
                 _("The payment is recorded: access may be given."))


@login_required
@require_POST
def access(request, pk: int):
    return _step(request, pk, "access", "access_form", lambda r: AccessGiveForm(request.POST),
                 lambda r, d: services.access_give(actor=request.user, info_request=r, on=d["on"],
                                                   notes=d.get("notes", ""), request=request),
                 _("Access is given; the handover protocol is registered in the case file."))


@login_required
@require_POST
def requester_refused(request, pk: int):
    return _step(request, pk, "requester_refused", "refused_form", lambda r: RequesterRefusedForm(request.POST),
                 lambda r, d: services.requester_refusal_record(actor=request.user, info_request=r, on=_on(d),
                                                                request=request),
                 _("Recorded: the requester did not collect the information or did not pay, which counts as "
                   "his refusal."))


# --------------------------------------------------------------------------- the decision

def _tariff():
    return TariffItem.objects.filter(is_active=True).order_by("ordering", "code")


def _decide_page(request, r: InfoRequest, *, status: int = 200, grant_form=None, costs=None, refuse_form=None,
                 not_held_form=None, preview=None):
    grant_form = grant_form or GrantForm(kind=r.kind, employees=Employees(), initial=_grant_initial(r))
    costs = costs or cost_lines(items=_tariff())
    refuse_form = refuse_form or RefuseForm(kind=r.kind)
    not_held_form = not_held_form or NotHeldForm()
    errors = []
    for form in (grant_form, refuse_form, not_held_form):
        if form.is_bound and form.errors:
            errors += form.error_summary()
    if costs.is_bound:
        errors += [{"anchor": "", "message": m} for m in costs.non_form_errors()]
        for line in costs.forms:
            for name, messages_ in line.errors.items():
                errors += [{"anchor": line[name].auto_id if name in line.fields else "", "message": m}
                           for m in messages_]
    return render(request, "publicinfo/staff/decide.html", {
        "r": r, "entry": r.entry, "requester": requester_label(request.user, r.entry),
        "clock": clock(r, timezone.localdate()), "preferred_forms": _labels(AccessForm, r.preferred_forms),
        "grant_form": grant_form, "costs": costs, "tariff": list(_tariff()), "refuse_form": refuse_form,
        "not_held_form": not_held_form, "earlier": selectors.earlier_grants(r), "preview": preview,
        "error_items": errors, "dossier_url": reverse("publicinfo:dossier", args=[r.pk]),
    }, status=status)


def _grant_initial(r: InfoRequest) -> dict:
    return {"access_forms": list(r.preferred_forms or []), "appeal_route": services.default_appeal_route()}


def _decidable(request, pk: int) -> InfoRequest:
    r = _request(request, pk)
    if not allowed_actions(request.user, r)["decide"]:
        raise PermissionDenied(_("Only the secretary, the mayor or an administrator decides, and only on a request "
                                 "under consideration."))
    return r


@login_required
def decide(request, pk: int):
    """The decision forms: grant (full or partial) with the costs, refusal, not held;
    with the earlier grants to the same requester in the last 6 months."""
    r = _decidable(request, pk)
    return _decide_page(request, r)


def _preview(lines) -> dict:
    rows = [{"item": item, "quantity": quantity, "amount": (item.price * quantity).quantize(Decimal("0.01"))}
            for item, quantity in lines]
    return {"rows": rows, "total": sum((row["amount"] for row in rows), Decimal("0.00"))}


@login_required
@require_POST
def grant(request, pk: int):
    r = _decidable(request, pk)
    form = GrantForm(request.POST, request.FILES, kind=r.kind, employees=Employees())
    costs = cost_lines(request.POST, items=_tariff())
    if "calculate" in request.POST:
        # Only the costs: the decider sees the sum before deciding.
        preview = _preview(costs.lines()) if costs.is_valid() else None
        return _decide_page(request, r, grant_form=_unvalidated(form), costs=costs, preview=preview,
                            status=200 if preview is not None else 400)
    form_ok, costs_ok = form.is_valid(), costs.is_valid()
    if form_ok and costs_ok:
        d = form.cleaned_data
        try:
            services.decision_grant(
                actor=request.user, info_request=r, partial=bool(d.get("partial")), extent=d["extent"],
                access_until=d["access_until"], place=d["place"], officer=d["officer"], forms=d["access_forms"],
                cost_lines=costs.lines(), other_bodies=d.get("other_bodies", ""),
                refusal_grounds=d.get("refusal_grounds") or [], factual_grounds=d.get("factual_grounds", ""),
                appeal_route=d.get("appeal_route", ""), information_text=d.get("information_text", ""),
                information_url=d.get("information_url", ""), files=d.get("files") or [], on=_on(d),
                request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, _("Partial access is granted; the decision is registered in the case file.")
                             if d.get("partial") else
                             _("Access is granted; the decision is registered in the case file."))
            return redirect("publicinfo:dossier", pk=r.pk)
    return _decide_page(request, r, status=400, grant_form=form, costs=costs)


def _unvalidated(form):
    """A bound form shown again without its errors (after "calculate the costs")."""
    form._errors = {}  # noqa: SLF001 - the form keeps what was typed, shows no errors
    return form


@login_required
@require_POST
def refuse(request, pk: int):
    r = _decidable(request, pk)
    form = RefuseForm(request.POST, kind=r.kind)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decision_refuse(actor=request.user, info_request=r, grounds=d["grounds"],
                                     factual_grounds=d["factual_grounds"], appeal_route=d["appeal_route"],
                                     on=_on(d), request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, _("Access is refused; the decision is registered in the case file."))
            return redirect("publicinfo:dossier", pk=r.pk)
    return _decide_page(request, r, status=400, refuse_form=form)


@login_required
@require_POST
def not_held(request, pk: int):
    r = _decidable(request, pk)
    form = NotHeldForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decision_not_held(actor=request.user, info_request=r, note=d["note"], on=_on(d),
                                       request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        else:
            messages.success(request, _("The requester is told the information is not held; the letter is "
                                        "registered in the case file."))
            return redirect("publicinfo:dossier", pk=r.pk)
    return _decide_page(request, r, status=400, not_held_form=form)


@login_required
def decision_print(request, pk: int):
    """The decision as printed and signed."""
    r = _request(request, pk)
    if not r.decided_on or r.outcome not in (Outcome.GRANTED, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD):
        raise Http404
    audit_read(actor=request.user, obj=r, request=request)
    return render(request, "publicinfo/staff/decision.html", {
        "r": r, "entry": r.entry, "requester": r.entry.correspondent_name,
        "cost_lines": list(r.cost_lines.select_related("item")), "access_forms": _labels(AccessForm, r.access_forms),
        "refusal_grounds": _labels(RefusalGround, r.refusal_grounds),
    })


# --------------------------------------------------------------------------- the tariff

@login_required
@require_http_methods(["GET", "POST"])
def tariff(request, item: int | None = None):
    """The national tariff of the costs of access: seen by the handlers, kept by the
    administrators."""
    may_edit = selectors.can_administer_tariff(request.user)
    if not (may_edit or selectors.can_handle(request.user)):
        raise PermissionDenied(_("Only the officers who handle requests for information see the tariff."))
    editing = get_object_or_404(TariffItem, pk=item) if item is not None else None
    if editing is not None and not may_edit:
        raise PermissionDenied(_("Only administrators change the tariff."))
    form = TariffItemForm(instance=editing) if may_edit else None
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only administrators change the tariff."))
        form = TariffItemForm(request.POST, instance=editing or TariffItem())
        if form.is_valid():
            try:
                services.tariff_save(actor=request.user, item=form.instance, request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The tariff is saved."))
                return redirect("publicinfo:tariff")
        status = 400
    return render(request, "publicinfo/staff/tariff.html", {
        "items": TariffItem.objects.order_by("ordering", "code"), "form": form, "editing": editing,
        "may_edit": may_edit, "can_intake": selectors.can_intake(request.user),
    }, status=status)
