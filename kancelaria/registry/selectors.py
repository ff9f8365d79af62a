"""Reads on the registry: need-to-know querysets with their joins.

Who sees what (DOMAIN.md 11, need-to-know):
- registrars, controllers and administrators see the whole register;
- anyone else sees the case files held by his own unit or a unit below it, the
  documents he registered himself, and the case files resolved to him (or to a
  colleague he substitutes today).
"""

from __future__ import annotations

import re
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from kancelaria.accounts.models import Role
from kancelaria.core.text import search_terms

from .models import CaseFile, Entry, Index
from .numbering import number_normalize

WIDE_ROLES = (Role.REGISTRAR, Role.CONTROLLER, Role.ADMINISTRATOR)


def sees_whole_register(user) -> bool:
    return user.is_authenticated and user.has_role(*WIDE_ROLES)


def sees_personal_numbers(user) -> bool:
    """The EGN is shown in full only to the desk and the administrators; everyone else
    sees it masked."""
    return user.is_authenticated and user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR)


def _case_scope(user) -> Q:
    """The whole register for the desk and the controllers; otherwise the case files held
    below the user's unit, those he registered, and those resolved to him or to a
    colleague he substitutes today."""
    if sees_whole_register(user):
        return Q()
    from kancelaria.control.services import acts_for

    scope = Q(entries__registered_by=user) | Q(assignments__assignee_id__in=acts_for(user, timezone.localdate()))
    if user.unit_id:
        scope |= Q(holder_unit__path__startswith=user.unit.path)
    return scope


def sees_corruption_register(user) -> bool:
    """Corruption signals are kept in a separate register that only its keepers see."""
    return user.is_authenticated and user.has_perm("procedures.view_corruption_register")


CORRUPTION = Q(procedure__kind="corruption_signal")


def cases_visible(user) -> QuerySet[CaseFile]:
    if not user.is_authenticated:
        return CaseFile.objects.none()
    qs = CaseFile.objects.select_related("index", "holder_unit")
    scope = _case_scope(user)
    if scope:
        qs = qs.filter(pk__in=CaseFile.objects.filter(scope).values("pk"))
    if not sees_corruption_register(user):
        qs = qs.exclude(CORRUPTION)
    return qs


def entries_visible(user) -> QuerySet[Entry]:
    if not user.is_authenticated:
        return Entry.objects.none()
    qs = Entry.objects.select_related("case__index", "case__holder_unit", "registered_by")
    if not sees_whole_register(user):
        qs = qs.filter(case__in=cases_visible(user).values("pk"))
    elif not sees_corruption_register(user):
        qs = qs.exclude(case__procedure__kind="corruption_signal")
    return qs


def entries_search(qs: QuerySet[Entry], *, text: str = "", index: str = "", kind: str = "",
                   status: str = "", date_from: date | None = None, date_to: date | None = None,
                   doc_type: str = "", channel: str = "") -> QuerySet[Entry]:
    """Filter the register. Full-text on subject, correspondent and number: PostgreSQL's
    text search with prefix matching; elsewhere every word must occur."""
    terms = search_terms(text)
    if terms:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            query = None
            for term in terms:
                piece = SearchQuery(_tsquery_prefix(term), search_type="raw", config="simple")
                query = piece if query is None else query & piece
            qs = qs.annotate(_search=SearchVector("search_text", config="simple")).filter(_search=query)
        else:
            for term in terms:
                qs = qs.filter(search_text__contains=term)
    if index:
        qs = qs.filter(case__index__code=index)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(case__status=status)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if channel:
        qs = qs.filter(channel=channel)
    if date_from:
        qs = qs.filter(registered_on__gte=date_from)
    if date_to:
        qs = qs.filter(registered_on__lte=date_to)
    return qs


def _tsquery_prefix(term: str) -> str:
    """One user word as a prefix lexeme; characters that mean something to tsquery go."""
    cleaned = "".join(ch for ch in term if ch.isalnum() or ch in "-_/.")
    cleaned = cleaned.replace("'", "")
    return f"'{cleaned}':*" if cleaned else "''"


def case_timeline(case: CaseFile) -> list[dict]:
    """Documents and movements of a case file in the order they happened."""
    items = []
    for entry in case.entries.select_related("registered_by").prefetch_related("attachments"):
        items.append({"at": entry.registered_at, "type": "entry", "entry": entry})
    for move in case.movements.select_related("unit", "actor", "entry"):
        items.append({"at": move.at, "type": "movement", "movement": move})
    items.sort(key=lambda item: (item["at"], 0 if item["type"] == "entry" else 1))
    return items


def case_by_reference(user, text: str, index: Index | None = None) -> CaseFile | None:
    """The case file a clerk means by `94-00-12`, `12`, `94-00-12-[2]` or a full entry
    number; within the chosen index and the current year first, then the newest."""
    value = number_normalize(text)
    if not value:
        return None
    if "/" in value:
        entry = entries_visible(user).filter(Q(number=value) | Q(number__iexact=value)).first()
        return entry.case if entry else None
    value = re.sub(r"-\[\d+\]$", "", value)
    cases = cases_visible(user)
    if value.isdigit():
        if index is None:
            return None
        candidates = list(cases.filter(index=index, sequence=int(value)))
    else:
        candidates = list(cases.filter(Q(number=value) | Q(number__iexact=value)))
    if not candidates:
        return None
    year = timezone.localdate().year

    def rank(case: CaseFile):
        return (index is not None and case.index_id != index.pk,
                case.year != case.index.numbering_year(year), -case.year)

    return sorted(candidates, key=rank)[0]


def entry_by_reference(user, text: str, index: Index | None = None, *, kind: str = "") -> Entry | None:
    """The entry meant by its full number; a case-file number means its first document
    (of the given kind, when there is one)."""
    value = number_normalize(text)
    if not value:
        return None
    if "/" in value:
        return entries_visible(user).filter(Q(number=value) | Q(number__iexact=value)).first()
    case = case_by_reference(user, value, index)
    if case is None:
        return None
    entries = entries_visible(user).filter(case=case).order_by("ordinal")
    return (entries.filter(kind=kind).first() if kind else None) or entries.first()
