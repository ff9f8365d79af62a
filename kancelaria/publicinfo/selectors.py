"""Reads on requests for public information: who may see and act on them, the earlier
grants a refusal as "already given" rests on, the dossier and the electronic register.

Need-to-know: the register of requests is seen only by those who handle them (holders of
`publicinfo.handle_inforequest`, resolvers and administrators); everyone else sees nothing
of it. Decisions are for resolvers (the secretary, the mayor) and administrators.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kancelaria.accounts.models import Role
from kancelaria.registry.models import Attachment, Entry

from .models import InfoRequest, Outcome, Status

HANDLE_PERMISSION = "publicinfo.handle_inforequest"
HANDLING_ROLES = (Role.RESOLVER, Role.ADMINISTRATOR)
DECIDING_ROLES = (Role.RESOLVER, Role.ADMINISTRATOR)
DESK_ROLES = (Role.REGISTRAR, Role.ADMINISTRATOR)

# "The same information given to the same requester within the previous 6 months."
ALREADY_GIVEN_MONTHS = 6
EARLIER_POOL = 500


def _staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_intake(user) -> bool:
    """Registers requests at the desk."""
    return _staff(user) and user.has_role(*DESK_ROLES)


def can_handle(user) -> bool:
    """Clarifications, extensions, third parties, forwarding, delivery, payment, protocol."""
    return _staff(user) and (user.has_perm(HANDLE_PERMISSION) or user.has_role(*HANDLING_ROLES))


def can_decide(user) -> bool:
    """Grants, refusals, not held."""
    return _staff(user) and user.has_role(*DECIDING_ROLES)


def can_administer_tariff(user) -> bool:
    return _staff(user) and user.has_role(Role.ADMINISTRATOR)


def visible_requests(user) -> QuerySet[InfoRequest]:
    """All requests for the handlers; nothing for anyone else."""
    if not can_handle(user):
        return InfoRequest.objects.none()
    return InfoRequest.objects.select_related("entry", "case__index", "handler", "decided_by", "decision_entry")


# --------------------------------------------------------------------------- already given

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if len(w) >= 3}


def text_similarity(a: str, b: str) -> float:
    """How alike two descriptions are, 0..1: the better of the character match and the
    share of common words."""
    a, b = (a or "").casefold().strip(), (b or "").casefold().strip()
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    wa, wb = _words(a), _words(b)
    overlap = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return max(ratio, overlap)


def _name(value: str) -> str:
    return " ".join((value or "").casefold().split())


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


@dataclass
class EarlierGrant:
    request: InfoRequest
    similarity: float
    same: str  # "egn", "email" or "name"


def earlier_grants(info_request: InfoRequest, limit: int = 5) -> list[EarlierGrant]:
    """Requests of the same requester (same EGN, e-mail or name) granted (fully or
    partly) in the 6 months before this one's registration, the most alike first."""
    entry = info_request.entry
    egn, email, name = entry.correspondent_egn, (entry.correspondent_email or "").casefold(), \
        _name(entry.correspondent_name)
    if not (egn or email or name):
        return []
    since = months_before(info_request.received_on, ALREADY_GIVEN_MONTHS)
    same = Q()
    if egn:
        same |= Q(entry__correspondent_egn=egn)
    if email:
        same |= Q(entry__correspondent_email__iexact=email)
    if name:
        same |= Q(entry__correspondent_name__iexact=entry.correspondent_name.strip())
    pool = (InfoRequest.objects.select_related("entry")
            .filter(outcome__in=(Outcome.GRANTED, Outcome.PARTIAL), decided_on__gte=since,
                    decided_on__lte=info_request.received_on)
            .exclude(pk=info_request.pk)
            .filter(same)
            .order_by("-decided_on", "-id")[:EARLIER_POOL])
    found = []
    for other in pool:
        oe = other.entry
        if egn and oe.correspondent_egn == egn:
            how = "egn"
        elif email and (oe.correspondent_email or "").casefold() == email:
            how = "email"
        elif name and _name(oe.correspondent_name) == name:
            how = "name"
        else:
            continue
        found.append(EarlierGrant(request=other, similarity=round(text_similarity(
            info_request.description, other.description), 3), same=how))
    found.sort(key=lambda g: (-g.similarity, -g.request.decided_on.toordinal(), -g.request.pk))
    return found[:limit]


# --------------------------------------------------------------------------- dossier, register

def request_dossier(info_request: InfoRequest) -> list[Entry]:
    """The case file's documents in order (the request, letters, the clarification, the
    decision, protocols), each with its attachments prefetched."""
    return list(
        Entry.objects.filter(case_id=info_request.case_id)
        .select_related("registered_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")))
        .order_by("ordinal")
    )


def register_rows(filters: dict | None = None, *, user=None) -> QuerySet[InfoRequest]:
    """The electronic register, filtered: `year`, `kind`, `status`, `overdue` (true: open
    requests past their due date), `q` (number or text). With `user`, only what he may see."""
    filters = filters or {}
    qs = visible_requests(user) if user is not None else InfoRequest.objects.select_related(
        "entry", "case__index", "handler", "decided_by", "decision_entry")
    year = filters.get("year")
    if year:
        qs = qs.filter(received_on__year=int(year))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        today = filters.get("today") or timezone.localdate()
        qs = qs.filter(status=Status.OPEN, decision_due__lt=today)
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(entry__number__icontains=text) | Q(case__number__icontains=text)
                       | Q(description__icontains=text) | Q(entry__correspondent_name__icontains=text))
    return qs.order_by("-received_on", "-id")
