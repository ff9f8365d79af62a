"""The public tracking page ("virtual registry", DOMAIN.md 2): register number and
tracking code in, status and movements of the case out. No login, no cache, a rate
limit per client address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .forms import NOT_FOUND, TrackForm
from .limits import track_hit
from .selectors import case_track

TEMPLATE = "portal/track.html"


@require_safe
@never_cache
def track(request: HttpRequest) -> HttpResponse:
    submitted = "number" in request.GET or "code" in request.GET
    form = TrackForm(request.GET if submitted else None)
    context = {"form": form}
    if not submitted:
        return render(request, TEMPLATE, context)

    allowed, retry_after = track_hit(request)
    if not allowed:
        context.update(limited=True, retry_after=retry_after)
        response = render(request, TEMPLATE, context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)

    tracking = case_track(number=form.cleaned_data["number"], code=form.cleaned_data["code"])
    if tracking is None:
        context.update(not_found=True, not_found_message=NOT_FOUND)
        return render(request, TEMPLATE, context, status=404)
    context["tracking"] = tracking
    return render(request, TEMPLATE, context)
