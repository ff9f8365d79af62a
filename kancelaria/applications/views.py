"""Pages of service requests: the desk's intake, the staff list and request page with
its actions, the citizen's online application, online payment and confirmation
(DOMAIN.md 1, 2, 3 and 7). Each write calls one service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.audit.services import audit_read
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.ratelimit import client_address, hit
from kancelaria.registry.models import Channel

from . import selectors, services
from .forms import (
    ApplyForm,
    DeficiencyFixedForm,
    DeficiencyForm,
    DeskRequestForm,
    IssueForm,
    PaymentForm,
    RequestFilterForm,
    ServiceChoiceForm,
    WithdrawForm,
)
from .models import Payment, ServiceRequest
from .payments import FakeProvider

PAGE_SIZE = 50


def track_link(obj: ServiceRequest) -> str:
    """The public tracking page for this request, on this site."""
    return f"{reverse('portal:track')}?{urlencode({'number': obj.entry.number, 'code': obj.case.tracking_code})}"


SESSION_APPLIED = "applications.applied"
APPLY_LIMIT, APPLY_WINDOW = 20, 3600


# --------------------------------------------------------------------------- staff

@login_required
def request_list(request):
    form = RequestFilterForm(request.GET or None)
    qs = selectors.requests_visible(request.user)
    if form.is_bound:
        qs = selectors.requests_filter(qs, **form.filters())
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {
        "form": form, "page": page, "may_desk": selectors.may_desk(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    """The desk's intake: first the service, then its checklist, tier and applicant."""
    if not selectors.may_desk(request.user):
        raise PermissionDenied
    chooser = ServiceChoiceForm(request.GET if "service" in request.GET else None)
    if not chooser.is_bound or not chooser.is_valid():
        return render(request, "applications/new_choose.html", {"chooser": chooser})
    service = chooser.cleaned_data["service"]
    form = DeskRequestForm(request.POST or None, request.FILES or None, service=service)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.request_submit(
                actor=request.user, service=service, tier=d["tier"], receive_channel=d["receive_channel"],
                applicant=form.applicant(), channel=d["channel"], brought_documents=d["documents"],
                files=d.get("files") or [], notes=d.get("notes", ""), pages=d.get("pages") or 0,
                http_request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The request was registered under No. %(number)s.")
                             % {"number": obj.entry.number})
            return redirect("applications:detail", pk=obj.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "applications/new.html", {
        "service": service, "form": form, "files_lost": bool(request.method == "POST" and request.FILES),
    }, status=status)


def _detail_context(request, obj: ServiceRequest, **forms) -> dict:
    user = request.user
    steps = list(obj.service.steps.all())
    progress = {p.step_id: p for p in obj.progress.all()}
    open_deficiency = next((d for d in obj.deficiencies.all() if d.is_open), None)
    paid = selectors.request_is_paid(obj)
    return {
        "obj": obj, "case": obj.case, "entry": obj.entry,
        "steps": [{"step": s, "progress": progress.get(s.pk)} for s in steps],
        "open_deficiency": open_deficiency, "paid": paid,
        "may_desk": selectors.may_desk(user), "may_work": selectors.may_work_on(user, obj),
        "payment_form": forms.get("payment_form") or PaymentForm(),
        "deficiency_form": forms.get("deficiency_form") or DeficiencyForm(),
        "fixed_form": forms.get("fixed_form") or DeficiencyFixedForm(),
        "issue_form": forms.get("issue_form") or IssueForm(initial={"how": obj.receive_channel}),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "tracking_url": track_link(obj),
    }


def _visible(request, pk: int) -> ServiceRequest:
    obj = selectors.request_detail(request.user, pk)
    if obj is None:
        raise Http404
    return obj


@login_required
def request_detail(request, pk: int):
    obj = _visible(request, pk)
    audit_read(actor=request.user, obj=obj, request=request)
    return render(request, "applications/detail.html", _detail_context(request, obj))


def _act(request, pk: int, *, form_class, context_name: str, desk_only: bool, action):
    """Run one action from the request page; on bad input the page again, with errors."""
    obj = _visible(request, pk)
    allowed = selectors.may_desk(request.user) if desk_only else selectors.may_work_on(request.user, obj)
    if not allowed:
        raise PermissionDenied
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is None or form.is_valid():
        try:
            text = action(obj, form.cleaned_data if form else {})
        except ValidationFailed as exc:
            if form is None:
                messages.error(request, str(exc.message))
                return redirect("applications:detail", pk=obj.pk)
            form.add_service_errors(exc)
        else:
            messages.success(request, text)
            return redirect("applications:detail", pk=obj.pk)
    obj = _visible(request, pk)
    return render(request, "applications/detail.html", _detail_context(request, obj, **{context_name: form}),
                  status=400)


@login_required
@require_POST
def request_pay(request, pk: int):
    def action(obj, d):
        services.payment_record(actor=request.user, request=obj, method=d["method"],
                                provider_reference=d.get("provider_reference", ""), http_request=request)
        return _("The payment was recorded.")
    return _act(request, pk, form_class=PaymentForm, context_name="payment_form", desk_only=True, action=action)


@login_required
@require_POST
def deficiency_notice(request, pk: int):
    def action(obj, d):
        services.deficiency_notice(actor=request.user, request=obj, description=d["description"],
                                   fix_by=d["fix_by"], http_request=request)
        return _("The deficiency was recorded; the clock stops until it is fixed.")
    return _act(request, pk, form_class=DeficiencyForm, context_name="deficiency_form", desk_only=False,
                action=action)


@login_required
@require_POST
def deficiency_fixed(request, pk: int):
    def action(obj, d):
        services.deficiency_fixed(actor=request.user, request=obj, on=d["on"], http_request=request)
        return _("The deficiency is fixed; the deadline was recomputed.")
    return _act(request, pk, form_class=DeficiencyFixedForm, context_name="fixed_form", desk_only=False,
                action=action)


@login_required
@require_POST
def step_done(request, pk: int):
    def action(obj, d):
        progress = services.step_complete(actor=request.user, request=obj, http_request=request)
        if progress is None:
            return _("The last step is done: the result is ready to be issued.")
        return _("The step is done; the case went to %(unit)s.") % {"unit": progress.unit}
    return _act(request, pk, form_class=None, context_name="", desk_only=False, action=action)


@login_required
@require_POST
def result_issue(request, pk: int):
    def action(obj, d):
        services.result_issue(actor=request.user, request=obj, how=d["how"],
                              recipient_name=d.get("recipient_name", ""), on=d["on"], http_request=request)
        return _("The result was issued and the case is closed.")
    return _act(request, pk, form_class=IssueForm, context_name="issue_form", desk_only=True, action=action)


@login_required
@require_POST
def request_withdraw(request, pk: int):
    def action(obj, d):
        services.request_withdraw(actor=request.user, request=obj, channel=d["channel"], notes=d.get("notes", ""),
                                  files=d.get("files") or [], http_request=request)
        return _("The withdrawal was registered and the case archived.")
    return _act(request, pk, form_class=WithdrawForm, context_name="withdraw_form", desk_only=True, action=action)


# --------------------------------------------------------------------------- the citizen

@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    """The citizen's online application: no login; a rate limit per address."""
    service = selectors.service_for_online(code)
    if service is None:
        raise Http404
    form = ApplyForm(request.POST or None, request.FILES or None, service=service)
    status = 200
    if request.method == "POST":
        status = 400
        if not hit("apply", client_address(request), limit=APPLY_LIMIT, window=APPLY_WINDOW):
            form.add_error(None, _("Too many applications from your address: please try again in an hour."))
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                obj = services.request_submit(
                    actor=None, service=service, tier=d["tier"], receive_channel=d["receive_channel"],
                    applicant=form.applicant(), channel=Channel.PORTAL, files=d.get("files") or [],
                    brought_documents=[doc.pk for doc in service.documents.all()], http_request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                request.session[SESSION_APPLIED] = obj.pk
                if obj.is_free:
                    return redirect("applications:done")
                _payment, url = services.payment_online_start(request=obj, http_request=request)
                return redirect(url)
    documents = [d for d in service.documents.all() if d.source == d.Source.APPLICANT]
    office_documents = [d for d in service.documents.all() if d.source == d.Source.OFFICE]
    return render(request, "applications/apply.html", {
        "service": service, "form": form, "documents": documents, "office_documents": office_documents,
        "files_lost": bool(request.method == "POST" and request.FILES),
    }, status=status)


def _applied(request) -> ServiceRequest:
    pk = request.session.get(SESSION_APPLIED)
    obj = (ServiceRequest.objects.select_related("entry", "case", "service", "tier").filter(pk=pk).first()
           if pk else None)
    if obj is None:
        raise Http404
    return obj


@never_cache
@require_http_methods(["GET", "POST"])
def apply_done(request):
    """The confirmation: the number, the tracking code, the payment; pay again if declined."""
    obj = _applied(request)
    if request.method == "POST":
        try:
            _payment, url = services.payment_online_start(request=obj, http_request=request)
        except ValidationFailed as exc:
            messages.error(request, str(exc.message))
            return redirect("applications:done")
        return redirect(url)
    last = obj.payments.order_by("-created_at", "-id").first()
    return render(request, "applications/done.html", {
        "obj": obj, "payment": last, "paid": selectors.request_is_paid(obj),
        "tracking_url": track_link(obj),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def pay_fake(request, reference: str):
    """The fake provider's payment page (tests and the demo): "Pay" or "Decline" does what a
    real provider's signed callback would, then the citizen returns to the confirmation."""
    if settings.PAYMENT_PROVIDER != FakeProvider.name:
        raise Http404
    payment = get_object_or_404(Payment.objects.select_related("request__service", "request__entry"),
                                reference=reference, method=Payment.Method.ONLINE, provider=FakeProvider.name)
    if request.method == "POST" and payment.status == Payment.Status.PENDING:
        outcome = "paid" if request.POST.get("outcome") == "paid" else "declined"
        services.payment_online_confirm(reference=reference, data=FakeProvider.callback(payment, outcome),
                                        http_request=request)
        return redirect("applications:done")
    return render(request, "applications/pay_fake.html", {"payment": payment,
                                                           "done_url": reverse("applications:done")})


@csrf_exempt
@require_POST
def pay_callback(request, reference: str):
    """The provider's server-to-server callback; only a verified one changes a payment."""
    try:
        payment = services.payment_online_confirm(reference=reference, data=request.POST.dict(),
                                                  http_request=request)
    except ValidationFailed as exc:
        return JsonResponse({"code": exc.code, "detail": str(exc.message)}, status=400)
    return JsonResponse({"reference": payment.reference, "status": payment.status})
