"""Public tracking of a case file ("virtual registry", DOMAIN.md 2): what a citizen who
holds the register number and the tracking code may see.

Only the case itself: its number, status, dates, deadline, the units it went through
and the list of its incoming and outgoing documents by number, date, kind and type. Never names of people
(correspondents, staff), never subjects, notes or personal numbers (DOMAIN.md 11).

The look-up always does the same work whether the code is wrong or the number is: two
queries keyed by the code, then the number is compared in Python. A wrong code and a
number that does not exist therefore answer alike and take alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kancelaria.registry.models import CaseMovement, CaseStatus, Entry, Kind
from kancelaria.registry.numbering import number_normalize, tracking_code_normalize

DEADLINE_STATES = {
    "none": _("no deadline"),
    "met": _("answered on time"),
    "missed": _("answered after the deadline"),
    "on_time": _("on time"),
    "overdue": _("overdue"),
}


@dataclass(frozen=True)
class TrackedDocument:
    number: str
    registered_on: dt.date
    kind: str
    kind_label: str
    doc_type: str
    doc_type_label: str


@dataclass(frozen=True)
class TrackedMovement:
    at: dt.datetime
    action: str
    action_label: str
    unit: str
    # An extension: the new deadline (its label says "deadline extended to dd.mm.yyyy").
    new_deadline: dt.date | None = None


@dataclass(frozen=True)
class Tracking:
    number: str
    case_number: str
    status: str
    status_label: str
    is_finished: bool
    registered_on: dt.date
    deadline: dt.date | None
    deadline_state: str
    deadline_state_label: str
    closed_on: dt.date | None
    documents: list[TrackedDocument] = field(default_factory=list)
    movements: list[TrackedMovement] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return self.deadline_state in {"overdue", "missed"}

    @property
    def last_extension(self) -> TrackedMovement | None:
        """The latest extension of the deadline, if it was extended (DOMAIN.md 3)."""
        extensions = [m for m in self.movements if m.new_deadline is not None]
        return extensions[-1] if extensions else None


def extension_date(movement: CaseMovement) -> dt.date | None:
    """The new deadline an "extended" movement records (its note, dd.mm.yyyy)."""
    if movement.action != CaseMovement.Action.EXTENDED:
        return None
    try:
        return dt.datetime.strptime(movement.note.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None


def movement_label(movement: CaseMovement, new_deadline: dt.date | None) -> str:
    """What happened, for the citizen: an extension says to when; never a name."""
    if new_deadline is not None:
        return gettext("deadline extended to %(date)s") % {"date": new_deadline.strftime("%d.%m.%Y")}
    return movement.get_action_display()


def case_track(*, number: str, code: str, today: dt.date | None = None) -> Tracking | None:
    """The case whose tracking code is `code` and whose number (`94-00-12`) or one of
    whose document numbers (`94-00-12/21.11.2026`) is `number`; None otherwise.

    Tolerant of what people type: letter case, spaces, a missing dash in the code, a
    leading `№` in the number.
    """
    code = tracking_code_normalize(code)
    wanted = number_normalize(number)
    # Always the same two queries, keyed by the (possibly empty) code.
    entries = list(
        Entry.objects.filter(case__tracking_code=code)
        .select_related("case")
        .only("case", "number", "ordinal", "kind", "doc_type", "registered_on", "case__number",
              "case__status", "case__opened_on", "case__deadline", "case__closed_on",
              "case__tracking_code")
        .order_by("ordinal")
    )
    movements = list(
        CaseMovement.objects.filter(case__tracking_code=code)
        .select_related("unit")
        .only("at", "action", "note", "unit", "unit__name")
        .order_by("at", "id")
    )
    if not code or not wanted or not entries:
        return None
    case = entries[0].case
    # Internal documents are the office's own working papers: not listed, not a key.
    public = [e for e in entries if e.kind != Kind.INTERNAL]
    known = {number_normalize(case.number)} | {number_normalize(e.number) for e in public}
    if wanted not in known:
        return None

    state = case.deadline_state(today or timezone.localdate())
    return Tracking(
        number=entries[0].number,
        case_number=case.number,
        status=case.status,
        status_label=str(CaseStatus(case.status).label),
        is_finished=case.is_finished,
        registered_on=case.opened_on,
        deadline=case.deadline,
        deadline_state=state,
        deadline_state_label=str(DEADLINE_STATES[state]),
        closed_on=case.closed_on,
        documents=[
            TrackedDocument(
                number=e.number, registered_on=e.registered_on, kind=e.kind,
                kind_label=e.get_kind_display(), doc_type=e.doc_type,
                doc_type_label=e.get_doc_type_display(),
            )
            for e in public
        ],
        movements=[
            TrackedMovement(
                at=m.at, action=m.action, action_label=movement_label(m, new_deadline),
                unit=m.unit.name if m.unit else "", new_deadline=new_deadline,
            )
            for m, new_deadline in ((m, extension_date(m)) for m in movements)
        ],
    )
