"""Reading the catalogue of administrative services (DOMAIN.md 1).

Every list comes with what the pages and the machine-readable catalogue show (the unit,
the fee tiers, the required documents, the technology card with its units, the life
situations) in a fixed number of queries, however many services there are.

Search folds letter case in Python (`search_normalize`), so that Cyrillic matches on
every database (SQLite's LIKE folds only ASCII letters). The catalogue holds a few
hundred services at most, so reading their names and descriptions once per search is
cheap.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from kancelaria.accounts.models import Unit
from kancelaria.core.text import search_normalize, search_terms

from .i18n import text_in
from .models import FeeTier, LifeSituation, Service, TechnologyStep

SEARCH_MAX_LENGTH = 100


def services_active() -> QuerySet[Service]:
    """Offered services with everything about them: 6 queries for any number of services
    (services with unit and index, life situations, documents, fee tiers, steps with
    their units)."""
    return (
        Service.objects.filter(is_active=True)
        .select_related("unit", "index")
        .prefetch_related(
            "life_situations",
            "documents",
            Prefetch("tiers", queryset=FeeTier.objects.order_by("-days", "tier")),  # regular first
            Prefetch("steps", queryset=TechnologyStep.objects.select_related("unit")),
        )
        .order_by("code")
    )


def service_by_code(code: str) -> Service | None:
    """One offered service with everything about it, or None."""
    return services_active().filter(code=code).first()


def services_by_life_situation(situation: LifeSituation) -> QuerySet[Service]:
    return services_active().filter(life_situations=situation)


def services_by_unit(unit: Unit) -> QuerySet[Service]:
    """Services of a unit and of the units below it (a directorate lists its departments')."""
    return services_active().filter(unit__path__startswith=unit.path)


def _language(language: str | None) -> str:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def services_search(text: str, *, language: str | None = None,
                    queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Offered services whose code, name or description (in the reader's language, and in
    Bulgarian, the original) contain every word of `text`, in any letter case."""
    queryset = services_active() if queryset is None else queryset
    terms = search_terms(text)
    if not terms:
        return queryset
    language = _language(language)
    matching = []
    for pk, code, name, description in queryset.order_by().values_list("pk", "code", "name", "description"):
        haystack = search_normalize(
            code,
            text_in(name, language), text_in(description, language),
            text_in(name, settings.LANGUAGE_CODE), text_in(description, settings.LANGUAGE_CODE),
        )
        if all(term in haystack for term in terms):
            matching.append(pk)
    return queryset.filter(pk__in=matching)


def life_situations() -> QuerySet[LifeSituation]:
    """Life situations that have at least one offered service, with their count."""
    return (
        LifeSituation.objects.annotate(service_count=Count("services", filter=Q(services__is_active=True)))
        .filter(service_count__gt=0)
        .order_by("order", "code")
    )


def units_with_services() -> QuerySet[Unit]:
    """Units responsible for at least one offered service, with their count."""
    return (
        Unit.objects.annotate(service_count=Count("services", filter=Q(services__is_active=True)))
        .filter(service_count__gt=0)
        .order_by("path")
    )
