"""The annual report on access to public information (DOMAIN.md 5: "annual report with
the number of requests, refusals and their reasons, published on the website and the
open-data portal").

Every figure of a year's report counts the requests REGISTERED in that year, whatever
happened to them later, so the tables add up: each request has one requester type, one
channel, one kind and one outcome (or is still being considered). The figures come from
three queries (the requests, their extensions, their clarifications) whatever the
volume; the page, the CSV, the PDF and the API show the same `AnnualReport`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import (
    AccessForm,
    Clarification,
    ExtensionReason,
    InfoChannel,
    InfoExtension,
    InfoRequest,
    Outcome,
    RefusalGround,
    RequesterType,
    RequestKind,
    WithoutActionReason,
)

PENDING = "pending"
# The outcomes that are a decision on the request itself (the deadline table).
DECISIONS = (Outcome.GRANTED, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD)


@dataclass
class Line:
    key: str
    label: str
    count: int = 0
    # The figure the share is counted against (the table's base).
    base: int = 0

    @property
    def share(self) -> float | None:
        """Per cent of the base, one decimal; None when the base is 0."""
        return round(100 * self.count / self.base, 1) if self.base else None

    @property
    def bar(self) -> int:
        """The bar's length in pixels on a 200-pixel scale (the page's figures)."""
        return round(2 * self.share) if self.share else 0

    @property
    def blocks(self) -> str:
        """The bar in the PDF: one block per 5 per cent."""
        return "█" * round(self.share / 5) if self.share else ""

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "count": self.count, "share": self.share}


@dataclass
class Table:
    key: str
    title: str
    # What the shares are of ("of all requests", "of the refusals"…).
    base_label: str
    lines: list[Line]
    note: str = ""

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "base": self.base_label, "note": self.note,
                "total": self.total, "lines": [line.as_dict() for line in self.lines]}


@dataclass
class AnnualReport:
    year: int
    office: str
    received: int
    decided: int
    on_time: int
    late: int
    pending: int
    refused: int
    tables: list[Table] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        counted = self.on_time + self.late
        return round(100 * self.on_time / counted, 1) if counted else None

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def as_dict(self) -> dict:
        return {"year": self.year, "office": self.office, "received": self.received, "decided": self.decided,
                "decided_on_time": self.on_time, "decided_late": self.late, "on_time_share": self.on_time_share,
                "pending": self.pending, "refused": self.refused,
                "tables": [t.as_dict() for t in self.tables]}


def _lines(choices, counts: Counter, base: int) -> list[Line]:
    return [Line(str(value), str(label), counts.get(value, 0), base) for value, label in choices]


def report_years(today: dt.date) -> list[int]:
    """The years with requests, and this year, newest first."""
    years = {d.year for d in InfoRequest.objects.dates("received_on", "year")}
    years.add(today.year)
    return sorted(years, reverse=True)


def annual_report(year: int) -> AnnualReport:
    """The figures of the requests registered in `year` (see the module's docstring)."""
    rows = list(InfoRequest.objects.filter(received_on__year=year).values_list(
        "pk", "kind", "channel", "requester_type", "outcome", "without_action_reason", "refusal_grounds",
        "decided_on", "decision_due", "forwarded_on", "forward_due", "access_forms"))
    received = len(rows)
    by_type, by_channel, by_kind, outcomes = Counter(), Counter(), Counter(), Counter()
    grounds, without_action, forms, deadline = Counter(), Counter(), Counter(), Counter()
    refusals = 0
    for (_pk, kind, channel, requester_type, outcome, wa_reason, refusal_grounds, decided_on, decision_due,
         forwarded_on, forward_due, access_forms) in rows:
        by_type[requester_type] += 1
        by_channel[channel] += 1
        by_kind[kind] += 1
        outcomes[outcome or PENDING] += 1
        if outcome in (Outcome.REFUSED, Outcome.PARTIAL):
            refusals += 1
            for ground in set(refusal_grounds or []):
                grounds[ground] += 1
        if outcome == Outcome.WITHOUT_ACTION:
            without_action[wa_reason] += 1
        if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
            for form in set(access_forms or []):
                forms[form] += 1
        if outcome in DECISIONS and decided_on:
            deadline["decided_on_time" if decision_due is None or decided_on <= decision_due
                     else "decided_late"] += 1
        if outcome == Outcome.FORWARDED and forwarded_on:
            deadline["forwarded_on_time" if forward_due is None or forwarded_on <= forward_due
                     else "forwarded_late"] += 1

    extensions = Counter(dict(
        InfoExtension.objects.filter(request__received_on__year=year)
        .values_list("reason").annotate(n=Count("id")).order_by()))
    clar = Clarification.objects.filter(request__received_on__year=year).aggregate(
        asked=Count("request", distinct=True),
        answered=Count("request", filter=Q(answered_on__isnull=False), distinct=True),
        lapsed=Count("request", filter=Q(lapsed_on__isnull=False), distinct=True),
    )

    decided = sum(outcomes[o] for o in Outcome.values)
    of_all = _("of all requests")
    outcome_choices = [*Outcome.choices, (PENDING, _("still being considered"))]
    forwarded = outcomes[Outcome.FORWARDED]
    decisions = deadline["decided_on_time"] + deadline["decided_late"]
    tables = [
        Table("requester_type", _("Who asked"), of_all, _lines(RequesterType.choices, by_type, received)),
        Table("channel", _("How the requests came in"), of_all, _lines(InfoChannel.choices, by_channel, received)),
        Table("kind", _("What was asked for"), of_all, _lines(RequestKind.choices, by_kind, received)),
        Table("outcome", _("How the requests ended"), of_all, _lines(outcome_choices, outcomes, received)),
        Table("refusal_ground", _("Refusals and partial refusals by ground"), _("of the refusals"),
              _lines(RefusalGround.choices, grounds, refusals),
              _("A refusal may rest on more than one ground, so the lines can add up to more than the refusals.")),
        Table("deadline", _("Decided within the deadline"), _("of the decisions"),
              [Line("decided_on_time", _("decided within the deadline"), deadline["decided_on_time"], decisions),
               Line("decided_late", _("decided after the deadline"), deadline["decided_late"], decisions)],
              _("Decisions to grant, partly grant or refuse access, or that the information is not held; "
                "the deadline includes the extensions.")),
        Table("forwarding", _("Forwarded to the body that holds the information"), _("of the forwardings"),
              [Line("forwarded_on_time", _("forwarded within 14 days"), deadline["forwarded_on_time"], forwarded),
               Line("forwarded_late", _("forwarded later"), deadline["forwarded_late"], forwarded)]),
        Table("extension", _("Deadlines extended"), of_all,
              _lines(ExtensionReason.choices, extensions, received)),
        Table("without_action", _("Left without action"), _("of the requests left without action"),
              _lines(WithoutActionReason.choices, without_action, outcomes[Outcome.WITHOUT_ACTION])),
        Table("clarification", _("Clarifications asked for"), _("of all requests, then of those asked"),
              [Line("asked", _("requests the requester was asked to clarify"), clar["asked"], received),
               Line("answered", _("clarified by the requester"), clar["answered"], clar["asked"]),
               Line("lapsed", _("not clarified within 30 days"), clar["lapsed"], clar["asked"])],
              _("The first line is a share of all requests; the other two of the requests asked to clarify.")),
        Table("access_form", _("Forms in which access was given"), _("of the grants"),
              _lines(AccessForm.choices, forms, outcomes[Outcome.GRANTED] + outcomes[Outcome.PARTIAL]),
              _("A grant may give more than one form.")),
    ]
    return AnnualReport(
        year=year, office=settings.OFFICE_NAME, received=received, decided=decided,
        on_time=deadline["decided_on_time"], late=deadline["decided_late"], pending=outcomes[PENDING],
        refused=outcomes[Outcome.REFUSED] + outcomes[Outcome.PARTIAL], tables=tables,
    )


CSV_HEADER = ["year", "table", "key", "label", "count", "share_percent"]


def report_rows(report: AnnualReport):
    """The CSV rows, header first: the headline figures, then one row per table line."""
    yield CSV_HEADER
    for key, label, count in (
        ("received", _("requests registered"), report.received),
        ("decided", _("requests ended"), report.decided),
        ("pending", _("still being considered"), report.pending),
        ("decided_on_time", _("decided within the deadline"), report.on_time),
        ("decided_late", _("decided after the deadline"), report.late),
        ("refused", _("refused in full or in part"), report.refused),
    ):
        yield [report.year, "summary", key, label, count, ""]
    for table in report.tables:
        for line in table.lines:
            yield [report.year, table.key, line.key, line.label, line.count,
                   "" if line.share is None else line.share]


def report_csv(report: AnnualReport) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens the Cyrillic right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in report_rows(report):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_pdf(report: AnnualReport) -> bytes:
    """The report as an A4 PDF (xhtml2pdf, DejaVu Sans for the Cyrillic, as the slip)."""
    from xhtml2pdf import pisa

    from kancelaria.registry.slip import font_path

    html = render_to_string("publicinfo/public/report_pdf.html", {
        "report": report, "font_regular": font_path("DejaVuSans.ttf"),
        "font_bold": font_path("DejaVuSans-Bold.ttf") or font_path("DejaVuSans.ttf"),
    })
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"the report PDF could not be rendered ({result.err} errors)")
    return out.getvalue()
