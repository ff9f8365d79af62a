"""The feedback pages (DOMAIN.md 4 "Feedback channels", 6): the public web form, the
rating of a closed case, the survey kiosk at the desk, the staff results with answers
and improvements, "You told us, we did" and the public statistics with their CSV.

Views are thin: each write calls one service.
"""

from __future__ import annotations

import csv
import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kancelaria.accounts.models import Role, Unit
from kancelaria.audit.services import Action, audit_record
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.ratelimit import client_address, hit

from . import selectors, services
from .forms import (
    FeedbackFilterForm,
    FeedbackForm,
    ImprovementForm,
    KioskEnableForm,
    RatingForm,
    ResponseForm,
    SurveyForm,
)
from .models import Feedback, Improvement, RatingInvitation

PAGE_SIZE = 50

# Feedback from one internet address: this many messages in this many seconds.
FEEDBACK_LIMIT, FEEDBACK_WINDOW = 5, 3600
# Rating-link look-ups from one address (the token is 128 bits; this only stops noise).
RATE_LOOKUP_LIMIT, RATE_LOOKUP_WINDOW = 60, 60

KIOSK_COOKIE = "kc_kiosk"
KIOSK_SALT = "kancelaria.feedback.kiosk"
KIOSK_MAX_AGE = 365 * 24 * 3600
KIOSK_RESET_SECONDS = 8
KIOSK_ROLES = (Role.REGISTRAR, Role.CONTROLLER, Role.ADMINISTRATOR)
RESULTS_ROLES = (Role.CONTROLLER, Role.ADMINISTRATOR)


def retry_after(window: int) -> int:
    now = time.time()
    return max(math.ceil((now // window + 1) * window - now), 1)


def feedback_hit(request) -> bool:
    """One message from this address; False when over the limit (shared with the API)."""
    return hit("feedback", client_address(request), limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW)


def _apply_errors(form, error: ValidationFailed) -> None:
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    if not error.fields:
        form.add_error(None, error.message)


# --------------------------------------------------------------------------- the web form

@never_cache
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest) -> HttpResponse:
    template = "feedback/form.html"
    if request.method == "GET":
        return render(request, template, {"form": FeedbackForm()})
    form = FeedbackForm(request.POST)
    if not feedback_hit(request):
        seconds = retry_after(FEEDBACK_WINDOW)
        response = render(request, template, {"form": form, "limited": True, "retry_after": seconds}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    data = form.cleaned_data
    try:
        services.feedback_submit(kind=data["kind"], text=data["text"], unit=data.get("unit"),
                                 service=data.get("service"), name=data.get("name", ""),
                                 email=data.get("email", ""), consent=data.get("consent", False))
    except ValidationFailed as error:
        _apply_errors(form, error)
        return render(request, template, {"form": form}, status=400)
    return redirect("feedback:thanks")


@require_safe
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/thanks.html")


# --------------------------------------------------------------------------- rating a closed case

@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    template = "feedback/rate.html"
    if not hit("feedback-rate", client_address(request), limit=RATE_LOOKUP_LIMIT, window=RATE_LOOKUP_WINDOW):
        seconds = retry_after(RATE_LOOKUP_WINDOW)
        response = render(request, template, {"state": "limited", "retry_after": seconds}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    invitation = (RatingInvitation.objects.select_related("case").filter(token=token).first()
                  if len(token) <= 64 else None)
    if invitation is None:
        return render(request, template, {"state": "not_found"}, status=404)
    today = timezone.localdate()
    state = services.rating_state(invitation, today)
    context = {"invitation": invitation, "state": state, "number": invitation.case.number}
    if state != "open":
        return render(request, template, context, status=410)
    if request.method == "GET":
        return render(request, template, {**context, "form": RatingForm()})
    form = RatingForm(request.POST)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    try:
        services.case_rate(invitation=invitation, score=form.cleaned_data["score"],
                           comment=form.cleaned_data.get("comment", ""), today=today)
    except services.RatingClosed as error:
        return render(request, template, {**context, "state": error.code}, status=410)
    except ValidationFailed as error:
        _apply_errors(form, error)
        return render(request, template, {**context, "form": form}, status=400)
    return render(request, template, {**context, "state": "thanks"})


# --------------------------------------------------------------------------- the kiosk

def kiosk_unit(request) -> Unit | None:
    """The unit this tablet was enabled for (a signed cookie), or None."""
    try:
        unit_id = request.get_signed_cookie(KIOSK_COOKIE, salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    try:
        return Unit.objects.filter(pk=int(unit_id), is_active=True).first()
    except (TypeError, ValueError):
        return None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_enable(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(*KIOSK_ROLES):
        audit_record(actor=request.user, action=Action.DENIED, object_type="feedback",
                     object_repr="kiosk enable", request=request)
        raise PermissionDenied(_("Only the desk staff may enable the survey tablet."))
    template = "feedback/kiosk_enable.html"
    current = kiosk_unit(request)
    if request.method == "GET":
        form = KioskEnableForm(initial={"unit": current or request.user.unit})
        return render(request, template, {"form": form, "current": current})
    if request.POST.get("action") == "disable":
        response = redirect("feedback:kiosk_enable")
        response.delete_cookie(KIOSK_COOKIE)
        messages.success(request, _("The survey is switched off on this device."))
        return response
    form = KioskEnableForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"form": form, "current": current}, status=400)
    unit = form.cleaned_data["unit"]
    audit_record(actor=request.user, action=Action.UPDATE, obj=unit, object_repr=f"kiosk enabled: {unit}",
                 request=request)
    response = redirect("feedback:kiosk")
    response.set_signed_cookie(KIOSK_COOKIE, str(unit.pk), salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    unit = kiosk_unit(request)
    if unit is None:
        return render(request, "feedback/kiosk_off.html", status=403)
    template = "feedback/kiosk.html"
    if request.method == "GET":
        return render(request, template, {"form": SurveyForm(), "unit": unit})
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"form": form, "unit": unit}, status=400)
    services.survey_answer(unit=unit, **form.answers())
    return redirect("feedback:kiosk_thanks")


@never_cache
@require_safe
def kiosk_thanks(request: HttpRequest) -> HttpResponse:
    if kiosk_unit(request) is None:
        return render(request, "feedback/kiosk_off.html", status=403)
    return render(request, "feedback/kiosk_thanks.html", {"reset_seconds": KIOSK_RESET_SECONDS})


# --------------------------------------------------------------------------- staff results

def _results_user(request) -> None:
    if not request.user.has_role(*RESULTS_ROLES):
        audit_record(actor=request.user, action=Action.DENIED, object_type="feedback",
                     object_repr="feedback results", request=request)
        raise PermissionDenied(_("The feedback results are for controllers and administrators."))


@login_required
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    _results_user(request)
    filters = FeedbackFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    items = selectors.feedback_list(kind=criteria.get("kind", ""), status=criteria.get("status", ""),
                                    unit=criteria.get("unit"))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/results.html", {
        "filters": filters, "page": page, "query": query.urlencode(),
        "ratings_by_unit": selectors.ratings_by_unit(),
        "ratings_by_service": selectors.ratings_by_service(translation.get_language()),
        "survey_by_unit": selectors.survey_by_unit(),
        "new_count": Feedback.objects.filter(status=Feedback.Status.NEW).count(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _results_user(request)
    item = get_object_or_404(Feedback.objects.select_related("unit", "service", "responded_by"), pk=pk)
    template = "feedback/detail.html"
    if request.method == "GET":
        form = ResponseForm(initial={"status": item.status if item.status != Feedback.Status.NEW
                                     else Feedback.Status.ANSWERED, "response": item.response})
        return render(request, template, {"item": item, "form": form})
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"item": item, "form": form}, status=400)
    try:
        services.feedback_respond(actor=request.user, feedback=item, response=form.cleaned_data["response"],
                                  status=form.cleaned_data["status"], request=request)
    except ValidationFailed as error:
        _apply_errors(form, error)
        return render(request, template, {"item": item, "form": form}, status=400)
    messages.success(request, _("The response is saved."))
    return redirect("feedback:results")


@login_required
@require_http_methods(["GET", "POST"])
def improvements(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _results_user(request)
    instance = get_object_or_404(Improvement, pk=pk) if pk else None
    template = "feedback/improvements.html"
    recent = list(Feedback.objects.select_related("unit").order_by("-received_at")[:100])
    selected = set(instance.feedback.values_list("pk", flat=True)) if instance else set()
    context = {"improvements": selectors.improvements_all(), "editing": instance, "recent": recent}
    if request.method == "GET":
        form = ImprovementForm(instance=instance, initial={} if instance else {"made_on": timezone.localdate()})
        return render(request, template, {**context, "form": form, "selected": selected})
    form = ImprovementForm(request.POST, instance=instance)
    chosen = [int(v) for v in request.POST.getlist("feedback") if v.isdigit()]
    if not form.is_valid():
        return render(request, template, {**context, "form": form, "selected": set(chosen)}, status=400)
    try:
        services.improvement_save(actor=request.user, improvement=form.save(commit=False), feedback_ids=chosen,
                                  request=request)
    except ValidationFailed as error:
        _apply_errors(form, error)
        return render(request, template, {**context, "form": form, "selected": set(chosen)}, status=400)
    messages.success(request, _("The improvement is saved."))
    return redirect("feedback:improvements")


@require_safe
def you_told_us(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/you_told_us.html", {"improvements": selectors.improvements_published()[:200]})


# --------------------------------------------------------------------------- public statistics

@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "feedback/statistics.html",
                  {"stats": selectors.public_statistics(today=today), "today": today})


class _Echo:
    def write(self, value):
        return value


@require_safe
def statistics_csv(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.public_statistics(today=today)
    writer = csv.writer(_Echo())
    body = "\ufeff" + "".join(writer.writerow(row) for row in selectors.statistics_rows(data))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{today:%Y-%m-%d}.csv"'
    return response

