"""Reads on proposals, signals and complaints: need-to-know querysets, the registers
and the suggestions of earlier matters a new one may repeat.

Who sees what: the registry's need-to-know (kancelaria.registry.selectors.cases_visible)
and, on top of it, corruption signals only for holders of
`procedures.view_corruption_register`, who alone see that register at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

from kancelaria.registry.selectors import cases_visible, sees_whole_register

from .models import Procedure, ProcedureKind

CORRUPTION_PERMISSION = "procedures.view_corruption_register"

# The registers, each its own list page.
REGISTERS = {
    "proposals": (ProcedureKind.PROPOSAL, ProcedureKind.SIGNAL),
    "complaints": (ProcedureKind.COMPLAINT,),
    "corruption": (ProcedureKind.CORRUPTION_SIGNAL,),
}

CANDIDATE_POOL = 1000
CANDIDATE_MIN_SCORE = 0.35


def sees_corruption(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.has_perm(CORRUPTION_PERMISSION))


def procedures_visible(user) -> QuerySet[Procedure]:
    """The procedures whose case files the user may see, or whose execution or file he
    is responsible for; corruption signals only for the holders of the corruption register."""
    if user is None or not user.is_authenticated:
        return Procedure.objects.none()
    qs = Procedure.objects.select_related("entry", "case__index", "executor", "repeat_of__entry")
    if not sees_whole_register(user):
        # the registry's need-to-know, and the procedures the user must act on
        qs = qs.filter(Q(case__in=cases_visible(user).values("pk")) | Q(executor=user) | Q(responsible=user))
    if not sees_corruption(user):
        qs = qs.exclude(kind=ProcedureKind.CORRUPTION_SIGNAL)
    return qs


def register(user, name: str, *, kind: str = "") -> QuerySet[Procedure]:
    """One register (proposals and signals, complaints, corruption signals) as the user may see it."""
    kinds = REGISTERS[name]
    if kind:
        kinds = tuple(k for k in kinds if k == kind)
    return procedures_visible(user).filter(kind__in=kinds).order_by("-received_on", "-id")


# --------------------------------------------------------------------------- repeats

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if len(w) >= 3}


def subject_similarity(a: str, b: str) -> float:
    """How alike two subjects are, 0..1: the better of the character match
    (difflib) and the share of common words."""
    a, b = (a or "").casefold().strip(), (b or "").casefold().strip()
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    wa, wb = _words(a), _words(b)
    overlap = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    return max(ratio, overlap)


def _name(value: str) -> str:
    return " ".join((value or "").casefold().split())


@dataclass
class Candidate:
    procedure: Procedure
    score: float
    similarity: float
    same_sender: str = ""  # "egn", "eik", "name" or ""


def repeat_candidates(procedure: Procedure, user=None, limit: int = 5) -> list[Candidate]:
    """Earlier proposals and signals this one may repeat: the same sender (EGN, EIK or
    name) and subjects alike, best first, at most `limit`, each with a score 0..1."""
    pool = procedures_visible(user) if user is not None else Procedure.objects.select_related("entry", "case")
    family = ((ProcedureKind.COMPLAINT,) if procedure.kind == ProcedureKind.COMPLAINT
              else (ProcedureKind.PROPOSAL, ProcedureKind.SIGNAL, ProcedureKind.CORRUPTION_SIGNAL))
    pool = pool.filter(kind__in=family).exclude(pk=procedure.pk).order_by("-received_on", "-id")[:CANDIDATE_POOL]
    entry = procedure.entry
    egn, eik, name = entry.correspondent_egn, entry.correspondent_eik, _name(entry.correspondent_name)
    found = []
    for other in pool:
        oe = other.entry
        sender = ""
        if egn and oe.correspondent_egn == egn:
            sender = "egn"
        elif eik and oe.correspondent_eik == eik:
            sender = "eik"
        elif name and _name(oe.correspondent_name) == name:
            sender = "name"
        similarity = subject_similarity(entry.subject, oe.subject)
        score = round(0.6 * similarity + (0.4 if sender else 0.0), 3)
        if score < CANDIDATE_MIN_SCORE:
            continue
        found.append(Candidate(procedure=other, score=score, similarity=round(similarity, 3), same_sender=sender))
    found.sort(key=lambda c: (-c.score, -c.procedure.received_on.toordinal(), -c.procedure.pk))
    return found[:limit]
