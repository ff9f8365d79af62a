"""Reads of the feedback app: the public statistics of the last twelve months (DOMAIN.md
6 and 4: the analysis is published), the satisfaction results for staff, feedback lists.

The statistics are computed in Python from one query over the case files (a
municipality's volume: thousands of cases a year), so every figure comes from the same
rows and the page costs the same number of queries whatever the data.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from kancelaria.catalogue.i18n import text_in
from kancelaria.registry.models import CaseFile, CaseStatus, DocumentType, Entry

from .models import Feedback, Improvement, RatingInvitation, SurveyAnswer

MONTHS = 12
# The procedures the statistics separate; every other first document counts as "other".
PROCEDURE_TYPES = (DocumentType.APPLICATION, DocumentType.PROPOSAL, DocumentType.SIGNAL,
                   DocumentType.COMPLAINT, DocumentType.INFO_REQUEST)
OTHER = "other"
NO_UNIT = "none"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_back(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    firsts = []
    for _i in range(count):
        firsts.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(firsts))


@dataclass
class MonthFigures:
    """One month of one group. `decided`: cases closed in the month (status closed);
    `on_time`: those of them closed on or before their deadline, out of `with_deadline`;
    `median_days`: calendar days from registration to closing."""

    month: dt.date
    registered: int = 0
    decided: int = 0
    with_deadline: int = 0
    on_time: int = 0
    days: list[int] = field(default_factory=list, repr=False)

    @property
    def on_time_share(self) -> float | None:
        """Per cent, one decimal; None when no decided case had a deadline."""
        return round(100 * self.on_time / self.with_deadline, 1) if self.with_deadline else None

    @property
    def median_days(self) -> float | None:
        return float(stats.median(self.days)) if self.days else None

    def add(self, other: MonthFigures) -> None:
        self.registered += other.registered
        self.decided += other.decided
        self.with_deadline += other.with_deadline
        self.on_time += other.on_time
        self.days.extend(other.days)

    def as_dict(self) -> dict:
        return {"month": self.month.strftime("%Y-%m"), "registered": self.registered, "decided": self.decided,
                "decided_with_deadline": self.with_deadline, "decided_on_time": self.on_time,
                "on_time_share": self.on_time_share, "median_days": self.median_days}


@dataclass
class Group:
    key: str
    label: str
    months: list[MonthFigures]
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> MonthFigures:
        total = MonthFigures(month=self.months[0].month)
        for figures in self.months:
            total.add(figures)
        return total

    def as_dict(self) -> dict:
        total = self.total.as_dict()
        total.pop("month")
        return {"key": self.key, "label": self.label, **self.extra,
                "months": [m.as_dict() for m in self.months], "total": total}


@dataclass
class Statistics:
    months: list[dt.date]
    overall: Group
    units: list[Group]
    procedures: list[Group]

    @property
    def period_start(self) -> dt.date:
        return self.months[0]

    def as_dict(self, today: dt.date) -> dict:
        return {"from": self.months[0].isoformat(), "to": today.isoformat(),
                "months": [m.strftime("%Y-%m") for m in self.months],
                "overall": self.overall.as_dict(),
                "units": [g.as_dict() for g in self.units],
                "procedures": [g.as_dict() for g in self.procedures]}


def _case_rows(since: dt.date):
    first_type = Entry.objects.filter(case=OuterRef("pk"), ordinal=1).values("doc_type")[:1]
    return (CaseFile.objects.filter(Q(opened_on__gte=since) | Q(closed_on__gte=since))
            .annotate(first_type=Subquery(first_type))
            .values_list("opened_on", "closed_on", "deadline", "status", "holder_unit_id",
                         "holder_unit__name", "index__code", "first_type"))


def public_statistics(*, today: dt.date) -> Statistics:
    """Per unit and per procedure (index and type of the first document), month by month
    for the last twelve months: cases registered, decided, the share decided on time
    (closed_on <= deadline, where both exist) and the median days to the decision."""
    months = months_back(today)
    position = {m: i for i, m in enumerate(months)}
    since = months[0]
    blank = lambda: [MonthFigures(month=m) for m in months]  # noqa: E731
    overall = blank()
    units: dict[str, list[MonthFigures]] = defaultdict(blank)
    unit_names: dict[str, str] = {}
    procedures: dict[tuple[str, str], list[MonthFigures]] = defaultdict(blank)

    for opened_on, closed_on, deadline, status, unit_id, unit_name, index_code, first_type in _case_rows(since):
        unit_key = str(unit_id) if unit_id else NO_UNIT
        unit_names[unit_key] = unit_name or _("no unit")
        doc_type = first_type if first_type in PROCEDURE_TYPES else OTHER
        targets = (overall, units[unit_key], procedures[(index_code, doc_type)])
        opened = position.get(month_start(opened_on)) if opened_on <= today else None
        if opened is not None:
            for target in targets:
                target[opened].registered += 1
        if status == CaseStatus.CLOSED and closed_on and closed_on <= today:
            decided = position.get(month_start(closed_on))
            if decided is None:
                continue
            for target in targets:
                cell = target[decided]
                cell.decided += 1
                cell.days.append((closed_on - opened_on).days)
                if deadline:
                    cell.with_deadline += 1
                    cell.on_time += closed_on <= deadline

    type_labels = dict(DocumentType.choices)
    unit_groups = sorted((Group(key, unit_names[key], figures, {"unit_id": int(key) if key != NO_UNIT else None})
                          for key, figures in units.items()),
                         key=lambda g: (g.key == NO_UNIT, g.label.casefold()))
    procedure_groups = sorted(
        (Group(f"{code}:{doc_type}",
               f"{code} – {type_labels.get(doc_type, _('other documents')) if doc_type != OTHER else _('other documents')}",
               figures, {"index": code, "doc_type": doc_type})
         for (code, doc_type), figures in procedures.items()),
        key=lambda g: (g.extra["index"], g.extra["doc_type"] == OTHER, g.extra["doc_type"]))
    return Statistics(months=months, overall=Group("all", _("All cases"), overall),
                      units=unit_groups, procedures=procedure_groups)


CSV_HEADER = ["dimension", "group", "index", "document_type", "month", "registered", "decided",
              "decided_with_deadline", "decided_on_time", "on_time_share_percent", "median_days"]


def statistics_rows(statistics: Statistics):
    """The CSV rows (header first): one per group and month."""
    yield CSV_HEADER

    def rows(dimension: str, group: Group):
        for m in group.months:
            yield [dimension, group.label, group.extra.get("index", ""), group.extra.get("doc_type", ""),
                   m.month.strftime("%Y-%m"), m.registered, m.decided, m.with_deadline, m.on_time,
                   "" if m.on_time_share is None else m.on_time_share,
                   "" if m.median_days is None else m.median_days]

    yield from rows("all", statistics.overall)
    for group in statistics.units:
        yield from rows("unit", group)
    for group in statistics.procedures:
        yield from rows("procedure", group)


# --------------------------------------------------------------------------- satisfaction

@dataclass
class ScoreSummary:
    key: str
    label: str
    count: int = 0
    total: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: {s: 0 for s in range(5, 0, -1)})
    yes: dict[str, int] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)

    @property
    def average(self) -> float | None:
        return round(self.total / self.count, 2) if self.count else None

    def add(self, score: int, n: int) -> None:
        self.count += n
        self.total += score * n
        self.distribution[score] = self.distribution.get(score, 0) + n

    def bars(self) -> list[tuple[int, int, int]]:
        """(score, count, per cent of all) from 5 down to 1."""
        return [(s, c, round(100 * c / self.count) if self.count else 0) for s, c in self.distribution.items()]

    def yes_share(self, question: str) -> int | None:
        answered = self.answered.get(question, 0)
        return round(100 * self.yes.get(question, 0) / answered) if answered else None


def _summaries(rows, label_none: str) -> list[ScoreSummary]:
    summaries: dict[str, ScoreSummary] = {}
    for key, label, score, n in rows:
        key = str(key) if key else NO_UNIT
        summary = summaries.setdefault(key, ScoreSummary(key, label if key != NO_UNIT else label_none))
        summary.add(score, n)
    return sorted(summaries.values(), key=lambda s: (s.key == NO_UNIT, s.label.casefold()))


def ratings_by_unit() -> list[ScoreSummary]:
    rows = (RatingInvitation.objects.filter(rated_at__isnull=False)
            .values_list("unit_id", "unit__name", "score").annotate(n=Count("id")).order_by())
    return _summaries(rows, _("no unit"))


def ratings_by_service(language: str | None = None) -> list[ScoreSummary]:
    rows = (RatingInvitation.objects.filter(rated_at__isnull=False)
            .values_list("service_id", "service__code", "service__name", "score").annotate(n=Count("id")).order_by())
    named = []
    for service_id, code, name, score, n in rows:
        label = text_in(name, language) or code or ""
        named.append((service_id, label, score, n))
    return _summaries(named, _("service not known"))


SURVEY_QUESTIONS = ("waited_long", "understood", "polite")


def survey_by_unit() -> list[ScoreSummary]:
    rows = (SurveyAnswer.objects.values_list("unit_id", "unit__name", "overall", *SURVEY_QUESTIONS)
            .annotate(n=Count("id")).order_by())
    summaries: dict[str, ScoreSummary] = {}
    for unit_id, name, overall, *answers, n in rows:
        summary = summaries.setdefault(str(unit_id), ScoreSummary(str(unit_id), name))
        summary.add(overall, n)
        for question, answer in zip(SURVEY_QUESTIONS, answers, strict=True):
            if answer is not None:
                summary.answered[question] = summary.answered.get(question, 0) + n
                summary.yes[question] = summary.yes.get(question, 0) + (n if answer else 0)
    return sorted(summaries.values(), key=lambda s: s.label.casefold())


def feedback_list(*, kind: str = "", status: str = "", unit=None):
    qs = Feedback.objects.select_related("unit", "service", "responded_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def improvements_published():
    return Improvement.objects.filter(is_published=True)


def improvements_all():
    return Improvement.objects.prefetch_related("feedback")
