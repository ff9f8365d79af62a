"""The public catalogue of administrative services (DOMAIN.md 1): browse by life
situation and by unit, search, one page per service, and the machine-readable catalogue
(CPSV-AP JSON-LD). No login."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kancelaria.accounts.models import Unit

from . import selectors
from .jsonld import catalogue_jsonld
from .models import LifeSituation


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    situation_code = request.GET.get("situation", "").strip()
    unit_code = request.GET.get("unit", "").strip()
    context = {"query": query, "situations": list(selectors.life_situations()),
               "units": list(selectors.units_with_services()), "error": "", "filtered": False}

    if len(query) > selectors.SEARCH_MAX_LENGTH:
        context["error"] = _("Enter at most %(limit)d characters to search.") % {"limit": selectors.SEARCH_MAX_LENGTH}
        return render(request, "catalogue/index.html", context, status=400)

    services = selectors.services_active()
    if situation_code:
        situation = LifeSituation.objects.filter(code=situation_code).first()
        if situation is None:
            context["error"] = _("There is no such life situation. Choose one from the list.")
            return render(request, "catalogue/index.html", context, status=404)
        context["situation"] = situation
        services = selectors.services_by_life_situation(situation)
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            context["error"] = _("There is no such unit. Choose one from the list.")
            return render(request, "catalogue/index.html", context, status=404)
        context["unit"] = unit
        services = services.filter(unit__path__startswith=unit.path)
    if query:
        services = selectors.services_search(query, queryset=services)
    context["filtered"] = bool(query or situation_code or unit_code)
    context["services"] = sorted(services, key=lambda s: s.t("name").casefold())
    return render(request, "catalogue/index.html", context)


@require_safe
def service(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.service_by_code(code)
    if found is None:
        raise Http404(_("There is no service with this code in the catalogue."))
    return render(request, "catalogue/service.html", {"service": found})


@require_safe
def catalogue_ld(request: HttpRequest) -> HttpResponse:
    document = catalogue_jsonld(selectors.services_active(), base_url=request.build_absolute_uri("/"))
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                        content_type="application/ld+json; charset=utf-8")
