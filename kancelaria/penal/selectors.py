"""Reads of administrative-penal proceedings: the register (need-to-know: only the
holders of `penal.view_penal_register`), the clocks of a case with their explanations,
and the limits about to bite, sorted by urgency, for the home page and the daily job.

Every date here comes from the deadline engine: the 6-month limit is worked out again
for `today` from the case's not-found periods, so a suspended case's limit moves on
while the offender is still not found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kancelaria.core.text import search_terms
from kancelaria.core.validators import mask_egn
from kancelaria.workcalendar.selectors import office_calendar

from . import services
from .models import (
    BARRED,
    DONE,
    OPEN_STAGES,
    DecisionKind,
    Finding,
    OffenderNotFound,
    PenalCase,
    Stage,
    Ticket,
)

SUSPENDED = "suspended"


def keeps_register(user) -> bool:
    return services.keeps_register(user)


def cases_visible(user) -> QuerySet[PenalCase]:
    if not keeps_register(user):
        return PenalCase.objects.none()
    return PenalCase.objects.select_related("case", "entry", "lawyer", "decided_by", "decision_entry") \
        .prefetch_related("not_found")


def findings_visible(user) -> QuerySet[Finding]:
    if not keeps_register(user):
        return Finding.objects.none()
    return Finding.objects.select_related("entry", "case", "penal_case")


def tickets_visible(user) -> QuerySet[Ticket]:
    if not keeps_register(user):
        return Ticket.objects.none()
    return Ticket.objects.select_related("entry", "case", "penal_case")


def offender_identifier(user, obj) -> str:
    """The EGN in full only with `penal.view_offender_data`; masked otherwise. An
    entity's EIK and a foreigner's document are not personal numbers."""
    egn = getattr(obj, "offender_egn", "")
    if egn:
        return egn if services.sees_offender_data(user) else mask_egn(egn)
    return getattr(obj, "offender_eik", "") or ""


def _suspended_q() -> Exists:
    return Exists(OffenderNotFound.objects.filter(penal_case=OuterRef("pk"), last_day__isnull=True))


def overdue_q(today: dt.date) -> Q:
    """A clock of the office has run out, or the 6-month limit has passed with no decree."""
    open_ = Q(stage__in=OPEN_STAGES)
    return (
        (open_ & Q(to_lawyer_on__isnull=True, lawyer_due__lt=today, decision_kind=""))
        | (open_ & Q(to_lawyer_on__isnull=False, opinion_on__isnull=True, opinion_due__lt=today, decision_kind=""))
        | (open_ & Q(delivered_on__isnull=False, sent_to_authority_on__isnull=True, authority_due__lt=today,
                     decision_kind=""))
        | Q(stage=Stage.DRAFTING, draft_due__lt=today)
        | (open_ & Q(decree_limit__lt=today, issued_on__isnull=True) & ~Q(decision_kind__in=["warning", "termination"])
           & ~_suspended_q())
    )


def cases_search(qs: QuerySet[PenalCase], *, today: dt.date, year: int | None = None, stage: str = "",
                 overdue: bool = False, text: str = "") -> QuerySet[PenalCase]:
    if year:
        qs = qs.filter(year=year)
    if stage == SUSPENDED:
        qs = qs.filter(_suspended_q())
    elif stage == Stage.FINAL:
        qs = qs.filter(Q(stage=Stage.FINAL) | Q(stage=Stage.DECREE_DELIVERED, final_on__lte=today))
    elif stage == Stage.DECREE_DELIVERED:
        qs = qs.filter(stage=stage, final_on__gt=today)
    elif stage:
        qs = qs.filter(stage=stage)
    if overdue:
        qs = qs.filter(overdue_q(today))
    for term in search_terms(text):
        qs = qs.filter(search_text__contains=term)
    return qs.order_by("-year", "-number")


def stage_counts(user, today: dt.date) -> list[dict]:
    """The cases by stage (one grouped query), each with its label and the filter value."""
    rows = {r["stage"]: r["n"] for r in cases_visible(user).order_by().values("stage").annotate(n=Count("pk"))}
    final_now = cases_visible(user).filter(stage=Stage.DECREE_DELIVERED, final_on__lte=today).count() \
        if rows.get(Stage.DECREE_DELIVERED) else 0
    rows[Stage.DECREE_DELIVERED] = rows.get(Stage.DECREE_DELIVERED, 0) - final_now
    rows[Stage.FINAL] = rows.get(Stage.FINAL, 0) + final_now
    return [{"stage": s.value, "label": s.label, "count": rows.get(s.value, 0)} for s in Stage]


# --------------------------------------------------------------------------- clocks

@dataclass
class Clock:
    key: str
    label: str
    due: dt.date | None
    explanation: dict | None
    done_on: dt.date | None = None
    state: str = "not_started"   # not_started, running, due_soon, overdue, done, late, ended, suspended
    days_left: int | None = None
    window: bool = False         # the offender's period (objections, appeal), not the office's

    @property
    def is_alert(self) -> bool:
        return self.state in ("overdue", "due_soon")


def _state(clock: Clock, today: dt.date, *, soon: int = 3) -> Clock:
    if clock.due is None:
        clock.state = "not_started"
        return clock
    clock.days_left = (clock.due - today).days
    if clock.done_on is not None:
        clock.state = "done" if clock.done_on <= clock.due else "late"
    elif clock.window:
        clock.state = "running" if today <= clock.due else "ended"
    elif today > clock.due:
        clock.state = "overdue"
    elif clock.days_left <= soon:
        clock.state = "due_soon"
    else:
        clock.state = "running"
    return clock


def decree_limit_now(penal: PenalCase, today: dt.date, calendar=None):
    """The engine's answer for the 6-month limit as it stands `today` (DueDate)."""
    return services.decree_limit(penal, list(penal.not_found.all()), today, calendar)


def is_suspended(penal: PenalCase) -> bool:
    return any(p.last_day is None for p in penal.not_found.all())


def case_clocks(penal: PenalCase, today: dt.date, calendar=None) -> list[Clock]:
    """Every clock of a case in the order they run, each with the engine's explanation."""
    clocks = [
        Clock("lawyer", _("File to the lawyer: 3 days from the statement's receipt"), penal.lawyer_due,
              penal.lawyer_due_x, penal.to_lawyer_on),
        Clock("opinion", _("The lawyer's opinion: 3 days from his receiving the file"), penal.opinion_due,
              penal.opinion_due_x, penal.opinion_on),
        Clock("objection", _("Written objections of the offender: 7 days from delivery"), penal.objection_due,
              penal.objection_due_x, window=True),
        Clock("authority", _("File to the penalising authority: 14 days from delivery"), penal.authority_due,
              penal.authority_due_x, penal.sent_to_authority_on),
        Clock("draft", _("Penal decree drafted: 3 days from the mayor's decision"), penal.draft_due,
              penal.draft_due_x, penal.issued_on),
    ]
    decided_otherwise = penal.decision_kind in ("warning", "termination")
    for clock in clocks:
        if decided_otherwise and clock.done_on is None and clock.key in ("lawyer", "opinion", "authority"):
            clock.due = None  # no longer needed: the case was closed
    if not decided_otherwise:
        limit = decree_limit_now(penal, today, calendar) if penal.issued_on is None else None
        clocks.append(Clock("decree_limit", _("Penal decree within 6 months of the statement (art. 34(3))"),
                            limit.due if limit else penal.decree_limit,
                            limit.as_dict() if limit else penal.decree_limit_x, penal.issued_on))
    clocks.append(Clock("appeal", _("Appeal before the court: 14 days from the decree's delivery"),
                        penal.appeal_due, penal.appeal_due_x, penal.appeal_lodged_on, window=True))
    for clock in clocks:
        _state(clock, today, soon=services.WARN_DAYS if clock.key == "decree_limit" else 3)
        if clock.key == "decree_limit" and clock.done_on is None and is_suspended(penal):
            clock.state = "suspended"
        if clock.key == "appeal" and clock.done_on is not None:
            clock.state = "done" if clock.done_on <= clock.due else "late"
    return clocks


# --------------------------------------------------------------------------- the steps of a case

# The steps in the order a clerk works through a case; the offender lost comes last.
STEP_ORDER = ("delivery", "lawyer", "opinion", "objection", "authority", "found", "decision", "issue",
              "decree_delivery", "appeal", "outcome", "not_found")


@dataclass
class Step:
    name: str
    open: bool                                   # the state allows it and the user may take it
    hint: str = ""                               # not yet: what comes first (the service's own words)
    kinds: list[str] = field(default_factory=list)        # decision: the kinds open now
    kind_hints: list[str] = field(default_factory=list)   # decision: why the other kinds are not

    @property
    def closed_kinds(self) -> str:
        """Decision: the kinds not open now, by name."""
        return ", ".join(str(kind.label) for kind in DecisionKind if kind.value not in self.kinds)


def may_take(user, penal: PenalCase, step: str) -> bool:
    """The user's side of a step, as the services require it."""
    if step == "opinion":
        return services.can_give_opinion(user, penal)
    if step in ("decision", "issue"):
        return services.can_decide(user)
    return services.keeps_register(user)


def case_steps(user, penal: PenalCase, *, suspended: bool | None = None) -> list[Step]:
    """The steps of a case for `user`, in the clerk's order: open (the state and the
    user allow it: the page shows its form) or waiting (one line on what comes first,
    shown while that step is open). The state's side is `PenalCase.refuses_*`, the very
    checks the services make; a finished case offers nothing. The 6-month limit bars
    only a decree dated after it (a decision taken in time may be recorded later), so it
    closes no step here: the clock shows it, and the service refuses a later date."""
    if penal.is_finished:
        return []
    suspended = is_suspended(penal) if suspended is None else suspended
    refusals = {
        "delivery": penal.refuses_delivery(),
        "lawyer": penal.refuses_lawyer(),
        "opinion": penal.refuses_opinion(),
        "objection": penal.refuses_objection(),
        "authority": penal.refuses_authority(),
        "found": penal.refuses_found(suspended=suspended),
        "decision": penal.refuses_decision(),
        "issue": penal.refuses_issue(suspended=suspended),
        "decree_delivery": penal.refuses_decree_delivery(),
        "appeal": penal.refuses_appeal(),
        "outcome": penal.refuses_outcome(),
        "not_found": penal.refuses_not_found(suspended=suspended),
    }
    by_kind = {kind: penal.refuses_decision_kind(kind, suspended=suspended, on=None, limit_due=None)
               for kind in DecisionKind.values}
    kinds = [kind for kind, refused in by_kind.items() if not refused]
    ready = {name: not refused for name, refused in refusals.items()}
    ready["decision"] = ready["decision"] and DecisionKind.DECREE in kinds  # the issue waits for a decree
    steps = []
    for name in STEP_ORDER:
        if not may_take(user, penal, name):
            continue
        if not refusals[name]:
            step = Step(name, True)
            if name == "decision":
                step.kinds = kinds
                step.kind_hints = list(dict.fromkeys(r.message for refused in by_kind.values() for r in refused))
            steps.append(step)
            continue
        hint = next((r.message for r in refusals[name]
                     if r.after == BARRED or (r.after != DONE and ready.get(r.after))), "")
        if hint:
            steps.append(Step(name, False, hint=hint))
    return steps


# --------------------------------------------------------------------------- the home page

@dataclass
class Limit:
    kind: str            # "statement" (a finding), "decree" (a case)
    label: str
    obj: object
    due: dt.date
    explanation: dict | None
    days_left: int

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def limits_ahead(user, today: dt.date, *, horizon: int = services.WARN_DAYS, calendar=None) -> dict:
    """The limits that bite within `horizon` days (or have bitten), most urgent first:
    statements due on open findings and decrees due on undecided cases; the suspended
    cases apart (their limit does not run); and the office's clocks overdue."""
    calendar = calendar or office_calendar()
    limits: list[Limit] = []
    suspended: list[PenalCase] = []
    overdue: list[tuple[PenalCase, Clock]] = []
    for finding in findings_visible(user).filter(closed_on__isnull=True, penal_case__isnull=True,
                                                 statement_by__lte=today + dt.timedelta(days=horizon)):
        limits.append(Limit("statement", _("Statement due on the finding"), finding, finding.statement_by,
                            finding.binding_limit_x, (finding.statement_by - today).days))
    cases = cases_visible(user).filter(stage__in=OPEN_STAGES).exclude(decision_kind__in=["warning", "termination"])
    for penal in cases:
        if is_suspended(penal):
            suspended.append(penal)
        elif penal.issued_on is None:
            limit = decree_limit_now(penal, today, calendar)
            days_left = (limit.due - today).days
            if days_left <= horizon:
                label = (_("Terminate: the statement came after a limit") if penal.late_ground
                         else _("Penal decree due"))
                limits.append(Limit("decree", label, penal, limit.due, limit.as_dict(), days_left))
        for clock in case_clocks(penal, today, calendar):
            if clock.state == "overdue" and clock.key != "decree_limit":
                overdue.append((penal, clock))
    limits.sort(key=lambda x: (x.due, x.kind))
    overdue.sort(key=lambda pc: (pc[1].due, pc[0].number))
    return {"limits": limits, "suspended": suspended, "overdue": overdue}


def case_documents(penal: PenalCase):
    return penal.case.entries.select_related("registered_by").order_by("ordinal")
