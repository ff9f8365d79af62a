"""Administrative-penal proceedings through their services (DOMAIN.md 9; the
Momchilgrad internal rules of 2024, ЗАНН)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kancelaria.audit.models import AuditEvent
from kancelaria.calendars import Pause, WorkingCalendar, due_date
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.penal import selectors, services
from kancelaria.penal.models import Finding, PenalCase, Stage, Ticket
from kancelaria.penal.services import Statement
from kancelaria.registry.integrity import verify_register
from kancelaria.registry.models import CaseStatus, Counter, Entry, Index
from tests import factories

from .conftest import (
    DRAWN_UP,
    OFFENDER_EGN,
    RECEIVED,
    SOFIA,
    decided_case,
    holder,
    open_case,
    statement,
)

pytestmark = pytest.mark.django_db
BG = WorkingCalendar("BG")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SOFIA)


# --------------------------------------------------------------------------- opening a case

def test_rule_the_case_number_is_the_statements_sequence_number(inspector):
    """DOMAIN.md 9: every statement received is registered with a sequence number, which
    is the number of the penal case; the decree takes "НП-" and that number.
    Given two statements registered in March 2025,
    then they are the first two of the index "АУАН", the cases АНП 1/2025 and 2/2025."""
    first = open_case(inspector)
    second = open_case(inspector, statement=statement(offender_name="Ивана Петрова", offender_egn="7512010011"))
    assert Index.objects.get(code="АУАН").name.startswith("Актове за установяване")
    assert first.entry.number == "АУАН-1/10.03.2025" and second.entry.number == "АУАН-2/10.03.2025"
    assert (first.number, first.year, first.label) == (1, 2025, "АНП 1/2025")
    assert second.label == "АНП 2/2025" and second.decree_number == "НП-2/2025"
    assert first.entry.doc_type == "violation_statement" and first.received_on == DRAWN_UP
    # the offender's personal number stays in the penal register, not in the registry
    assert first.entry.correspondent_name == "Мехмед Али Юсеин" and first.entry.correspondent_egn == ""
    assert first.offender_birth_date == dt.date(1975, 1, 2)  # from the EGN


def test_rule_a_statement_missing_what_art_42_requires_is_refused_and_takes_no_number(inspector):
    """DOMAIN.md 9 (art. 42): the missing items of a statement are errors at intake, and a
    refused statement takes no number (gapless numbering).
    Given an empty statement, when it is registered, then every required item is named;
    the next good statement is still number 1."""
    with pytest.raises(ValidationFailed) as refused:
        services.case_open(actor=inspector, statement=Statement(), now=RECEIVED)
    assert {"author_name", "author_position", "drawn_up_on", "violation_date", "violation_place", "description",
            "provisions", "offender_name", "offender_address", "offender_egn", "witnesses"} <= set(refused.value.fields)
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, statement=statement(
            provisions=[{"act": "Закон за движението по пътищата", "article": ""}], offender_egn="7501020019",
            seized_items="Бетонобъркачка", drawn_up_on=dt.date(2025, 3, 1)))
    fields = refused.value.fields
    assert "article" in fields["provisions"][0] and "not valid" in fields["offender_egn"][0]
    assert "seized_keeper" in fields and "drawn_up_on" in fields
    assert Entry.objects.count() == 0
    assert open_case(inspector).number == 1


def test_rule_a_failure_inside_the_registration_gives_the_number_back(inspector, monkeypatch):
    """DOMAIN.md 2 and 9: a failed operation registers nothing. Given a failure after the
    statement took its number (the audit write breaks), then no entry, case or counter
    step is left, and the next statement gets number 1; the register chain verifies."""
    calls = {"n": 0}
    real = services.audit_record

    def breaking(**kwargs):
        calls["n"] += 1
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_record", breaking)
    with pytest.raises(RuntimeError):
        open_case(inspector)
    assert calls["n"] == 1
    assert not PenalCase.objects.exists() and not Entry.objects.exists()
    assert not Counter.objects.filter(last_value__gt=0).exists()
    monkeypatch.setattr(services, "audit_record", real)
    assert open_case(inspector).entry.number == "АУАН-1/10.03.2025"
    problems, _checked = verify_register()
    assert problems == []


def test_rule_witnesses_one_present_or_two_others_or_none_from_official_documents(inspector):
    """DOMAIN.md 9 (art. 40): at least one witness present; when none was present, two
    other witnesses, recorded as such; none when the violation is established from
    official documents."""
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, statement=statement(witnesses=[]))
    assert "at least one witness" in refused.value.fields["witnesses"][0]
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, statement=statement(witness_basis="other_two"))
    assert "two other witnesses" in refused.value.fields["witnesses"][0]
    two = open_case(inspector, statement=statement(witness_basis="other_two", witnesses=[
        {"name": "Петър Петров", "address": "Момчилград"}, {"name": "Анна Иванова", "address": "Кърджали"}]))
    assert two.get_witness_basis_display().startswith("two other witnesses") and len(two.witnesses) == 2
    documents = open_case(inspector, statement=statement(witness_basis="official_documents", witnesses=[]))
    assert documents.witnesses == []


def test_rule_the_offender_a_foreigner_or_a_legal_entity_is_identified_as_art_42_says(inspector):
    """DOMAIN.md 9 (art. 42): a foreigner by birth date and travel document, an entity by
    a valid EIK."""
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, statement=statement(offender_kind="foreigner", offender_egn=""))
    assert {"offender_birth_date", "offender_document"} <= set(refused.value.fields)
    foreigner = open_case(inspector, statement=statement(
        offender_kind="foreigner", offender_egn="", offender_name="Ahmet Yılmaz", offender_birth_date=dt.date(1980, 5, 1),
        offender_document="паспорт U12345678, издаден на 01.02.2020 г. от МВР на Турция"))
    assert foreigner.offender_document.startswith("паспорт")
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, statement=statement(offender_kind="entity", offender_eik="831902089"))
    assert "offender_eik" in refused.value.fields
    entity = open_case(inspector, statement=statement(offender_kind="entity", offender_name="„Строй“ ЕООД",
                                                      offender_eik=factories.VALID_EIK))
    assert entity.offender_egn == "" and entity.entry.correspondent_eik == factories.VALID_EIK


def test_rule_the_egn_is_masked_without_the_offender_data_permission(inspector, mayor):
    """DOMAIN.md 9 and 11: the offender's EGN is shown in full only with
    `penal.view_offender_data`."""
    penal = open_case(inspector)
    assert selectors.offender_identifier(inspector, penal) == "******0018"
    assert selectors.offender_identifier(mayor, penal) == OFFENDER_EGN


def test_rule_a_case_opened_from_a_court_or_prosecutor_file(inspector):
    """DOMAIN.md 9 (art. 36(2)): a case may be opened from a file a court or a prosecutor
    sends; it is an incoming document from that body, numbered like every statement."""
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, origin="prosecutor")
    assert "origin_reference" in refused.value.fields
    penal = open_case(inspector, origin="prosecutor",
                      origin_reference="Районна прокуратура – Кърджали, пр. пр. № 412/2025")
    assert penal.origin == "prosecutor" and penal.entry.kind == "incoming" and penal.number == 1
    assert penal.entry.correspondent_name.startswith("Районна прокуратура")


def test_only_the_holders_of_the_register_act(inspector, expert, lawyer):
    """DOMAIN.md 9 and 11: someone without `penal.view_penal_register` registers nothing;
    an inspector may not decide; a refusal leaves no trace in the register."""
    with pytest.raises(PermissionRefused):
        open_case(expert)
    penal = open_case(inspector)
    with pytest.raises(PermissionRefused):
        services.case_decide(actor=inspector, penal=penal, kind="termination", termination_ground="died")
    with pytest.raises(PermissionRefused):
        services.case_deliver(actor=expert, penal=penal, on=DRAWN_UP, how="signed")
    assert selectors.cases_visible(expert).count() == 0 and selectors.cases_visible(lawyer).count() == 1


# --------------------------------------------------------------------------- clocks

def test_rule_objections_in_writing_within_7_days_of_delivery_late_ones_recorded(inspector):
    """DOMAIN.md 9 (art. 44(1)): written objections within 7 days of delivery; they are
    registered as incoming documents in the case file; a late one is recorded too.
    Given a statement delivered on Monday 10 March 2025 (objections due Monday 17 March),
    when objections arrive on 14 and 20 March, then both join the case file under its
    number, the first in time, the second late."""
    penal = open_case(inspector)
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
    assert penal.objection_due == dt.date(2025, 3, 17) and penal.objection_due_x["days"] == 7
    assert penal.objection_due_x["start"] == "2025-03-10"
    first = services.objection_register(actor=inspector, penal=penal, summary="Отпадъците не са мои.",
                                        now=at(dt.date(2025, 3, 14)))
    late = services.objection_register(actor=inspector, penal=penal, summary="Допълнително възражение.",
                                       channel="post", now=at(dt.date(2025, 3, 20)))
    assert first.in_time is True and late.in_time is False
    assert first.entry.number == "АУАН-1-[2]/14.03.2025" and late.entry.number == "АУАН-1-[3]/20.03.2025"
    assert first.entry.doc_type == "objection" and first.entry.kind == "incoming"
    with pytest.raises(ValidationFailed) as refused:
        services.objection_register(actor=inspector, penal=penal, summary=" ")
    assert "summary" in refused.value.fields
    assert penal.case.entries.count() == 3


def test_rule_the_file_goes_to_the_penalising_authority_within_14_days_of_delivery(inspector):
    """DOMAIN.md 9 (art. 44(3)): the file within 14 days of delivery, counted by the
    engine and kept with its explanation."""
    penal = open_case(inspector)
    with pytest.raises(ValidationFailed):
        services.case_to_authority(actor=inspector, penal=penal, on=DRAWN_UP)  # not delivered yet
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
    assert penal.authority_due == dt.date(2025, 3, 24) and penal.authority_due_x["due"] == "2025-03-24"
    penal = services.case_to_authority(actor=inspector, penal=penal, on=dt.date(2025, 3, 25))
    clock = next(c for c in selectors.case_clocks(penal, dt.date(2025, 4, 1)) if c.key == "authority")
    assert clock.state == "late" and clock.done_on == dt.date(2025, 3, 25)


def test_rule_a_refused_delivery_is_certified_by_a_witness(inspector):
    """DOMAIN.md 9 (art. 43(2)): a refusal to sign is certified by a witness."""
    penal = open_case(inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="refused")
    assert "witness" in refused.value.fields
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="refused",
                                  witness="Петър Петров, Момчилград, ул. „Победа“ 3")
    assert penal.stage == Stage.DELIVERED


def test_rule_file_to_the_lawyer_within_3_days_and_his_opinion_within_3_days(inspector, lawyer, mayor):
    """DOMAIN.md 9: the file to the lawyer within 3 days of the statement's receipt, the
    opinion within 3 days of his receiving it (legal basis, sanctions with minimum and
    maximum, minor or not, proposal). Received Monday 10 March: the lawyer by Thursday
    13 March; received by him on Wednesday 12 March: the opinion by Saturday 15 March,
    moved to Monday 17 March."""
    penal = open_case(inspector)
    assert penal.lawyer_due == dt.date(2025, 3, 13)
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=dt.date(2025, 3, 12))
    assert penal.opinion_due == dt.date(2025, 3, 17)
    assert [s["kind"] for s in penal.opinion_due_x["skipped"]] == ["weekend", "weekend"]
    with pytest.raises(PermissionRefused):
        services.case_opinion(actor=mayor, penal=penal, legal_basis="x", sanctions="глоба", minor=False,
                              proposal="глоба")
    with pytest.raises(ValidationFailed) as refused:
        services.case_opinion(actor=lawyer, penal=penal, legal_basis="", sanctions="", minimum="500", maximum="100",
                              minor=None, proposal="")
    assert {"legal_basis", "sanctions", "maximum", "minor", "proposal"} <= set(refused.value.fields)
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="чл. 48, ал. 1 от Наредбата",
                                  sanctions="глоба", minimum="100", maximum="1000", minor=False,
                                  proposal="глоба 300 евро", on=dt.date(2025, 3, 14))
    assert penal.stage == Stage.AWAITING_DECISION and penal.opinion_min == Decimal("100.00")
    assert penal.opinion_minor is False


def test_rule_only_the_lawyer_who_received_the_file_gives_the_opinion(inspector, lawyer, org):
    """DOMAIN.md 9: the lawyer (an executor keeping the register) who received the file."""
    other = holder("lawyer2", "executor", org["municipality"])
    penal = open_case(inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.case_to_lawyer(actor=inspector, penal=penal, lawyer=factories.user("nobody", role="executor"),
                                on=DRAWN_UP)
    assert "lawyer" in refused.value.fields
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=DRAWN_UP)
    with pytest.raises(PermissionRefused):
        services.case_opinion(actor=other, penal=penal, legal_basis="x", sanctions="глоба", minor=True,
                              proposal="предупреждение")


# --------------------------------------------------------------------------- the decision

def test_rule_after_the_mayor_decides_the_decree_is_drafted_within_3_days(inspector, lawyer, mayor):
    """DOMAIN.md 9: the mayor decides the sanction; the decree is drafted within 3 days
    and numbered НП-<case number>, registered as an outgoing document of the case file,
    with the appeal before the Районен съд – Кърджали by default."""
    penal = decided_case(inspector, lawyer, mayor, decided_on=dt.date(2025, 3, 20),
                         aggravating="Повторно нарушение.", mitigating="Оказал съдействие.")
    assert penal.stage == Stage.DRAFTING and penal.draft_due == dt.date(2025, 3, 24)  # Thu + 3 = Sun -> Mon
    assert penal.court == "Районен съд – Кърджали" and penal.amount == Decimal("300.00")
    penal = services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 3, 21), now=at(dt.date(2025, 3, 21)))
    assert penal.stage == Stage.DECREE_ISSUED and penal.decision_entry.doc_type == "penal_decree"
    assert penal.decision_entry.number == "АУАН-1-[2]/21.03.2025" and penal.decision_entry.kind == "outgoing"
    assert "НП-1/2025" in penal.decision_entry.subject
    clock = next(c for c in selectors.case_clocks(penal, dt.date(2025, 4, 1)) if c.key == "draft")
    assert clock.state == "done"


def test_rule_a_decree_needs_a_sanction_an_amount_and_the_lawyers_opinion(inspector, lawyer, mayor):
    penal = open_case(inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="", amount="")
    fields = refused.value.fields
    assert "sanction_type" in fields and "penal" in fields
    with pytest.raises(ValidationFailed) as refused:
        decided_case(inspector, lawyer, mayor, amount="-5")
    assert "amount" in refused.value.fields


def test_rule_a_written_warning_for_a_minor_case_closes_it(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 28): a minor case ends with a written warning, registered in the
    case file; the case file closes."""
    penal = decided_case(inspector, lawyer, mayor, kind="warning", sanction_type="", amount=None,
                         reasons="Маловажен случай: отпадъците са почистени веднага.")
    assert penal.stage == Stage.CLOSED and penal.decision_entry.doc_type == "penal_warning"
    penal.case.refresh_from_db()
    assert penal.case.status == CaseStatus.CLOSED and penal.case.closed_on == dt.date(2025, 3, 20)


def test_rule_termination_with_its_ground(inspector, mayor):
    """DOMAIN.md 9 (art. 34): termination names its ground; "other" needs reasons; it is
    registered in the case file (PENAL_TERMINATION) and closes it."""
    penal = open_case(inspector)
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="termination", termination_ground="other")
    assert "reasons" in refused.value.fields
    penal = services.case_decide(actor=mayor, penal=penal, kind="termination", termination_ground="died",
                                 on=dt.date(2025, 4, 1), now=at(dt.date(2025, 4, 1)))
    assert penal.stage == Stage.CLOSED and penal.decision_entry.doc_type == "penal_termination"
    assert penal.decision_entry.number == "АУАН-1-[2]/01.04.2025"
    assert not any(c.state == "overdue" for c in selectors.case_clocks(penal, dt.date(2026, 1, 1)))


# --------------------------------------------------------------------------- the limits

def test_rule_no_statement_within_3_months_of_discovering_the_offender(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 34(1)): no statement within 3 months of discovering the
    offender. Given an offender discovered on 1 November 2024 (limit 3 February 2025) and
    a statement of 10 March 2025, then it is registered and flagged; a decree is refused,
    termination on another ground too; termination on that ground closes the case."""
    penal = open_case(inspector, discovered_on=dt.date(2024, 11, 1),
                      statement=statement(violation_date=dt.date(2024, 10, 30)))
    assert penal.number == 1 and penal.late_ground == "no_statement_3_months"
    assert penal.statement_limit_x["due"] == "2025-02-03"  # 1 Feb 2025 is a Saturday
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=DRAWN_UP)
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="x", sanctions="глоба", minor=False,
                                  proposal="прекратяване", on=DRAWN_UP)
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="fine", amount="100")
    assert "only decision allowed is termination" in refused.value.fields["kind"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="termination", termination_ground="one_year")
    assert "termination_ground" in refused.value.fields
    penal = services.case_decide(actor=mayor, penal=penal, kind="termination",
                                 termination_ground="no_statement_3_months", on=dt.date(2025, 3, 20))
    assert penal.stage == Stage.CLOSED


def test_rule_one_year_since_the_violation(inspector):
    """DOMAIN.md 9 (art. 34(1)): a statement more than one year after the violation is
    registered, flagged with that ground."""
    penal = open_case(inspector, statement=statement(violation_date=dt.date(2024, 3, 1)))
    assert penal.late_ground == "one_year" and penal.violation_limit_x["due"] == "2025-03-04"  # 3 March: a holiday
    assert open_case(inspector, statement=statement(violation_date=dt.date(2024, 3, 11))).late_ground == ""


def test_rule_no_penal_decree_after_6_months_from_the_statement(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 34(3)): a decree after 6 months of the statement is refused by
    the service. Statement of Monday 10 March 2025: the limit is Wednesday 10 September."""
    penal = decided_case(inspector, lawyer, mayor, decided_on=dt.date(2025, 9, 1))
    assert penal.decree_limit == dt.date(2025, 9, 10)
    with pytest.raises(ValidationFailed) as refused:
        services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 9, 11))
    assert "Six months have passed" in refused.value.fields["on"][0]
    assert penal.case.entries.count() == 1
    with pytest.raises(ValidationFailed) as refused:
        decided_case(inspector, lawyer, mayor, decided_on=dt.date(2025, 9, 11))
    assert "Six months have passed" in refused.value.fields["kind"][0]
    penal = services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 9, 10))
    assert penal.issued_on == dt.date(2025, 9, 10)


def test_rule_the_6_month_limit_stops_while_the_offender_cannot_be_found(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 34(3)): the 6-month clock stops while the offender cannot be
    found, and the proceedings are suspended meanwhile.
    Given a statement of 10 March 2025 (limit 10 September), when the offender is not
    found from 1 April and found again on 1 May (30 days paused), then the limit is
    Friday 10 October 2025, explained with the pause; while he is not found no decree
    may be decided; after he is found, a decree on 1 October stands."""
    penal = open_case(inspector)
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=DRAWN_UP)
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="x", sanctions="глоба", minor=False,
                                  proposal="глоба", on=DRAWN_UP)
    services.not_found_start(actor=inspector, penal=penal, on=dt.date(2025, 4, 1), note="Издирван чрез РУ МВР.")
    penal = PenalCase.objects.get(pk=penal.pk)
    assert selectors.is_suspended(penal)
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="fine", amount="100",
                             on=dt.date(2025, 4, 20))
    assert "suspended" in refused.value.fields["kind"][0]
    # while suspended, the limit moves on with the days he is not found
    limit = selectors.decree_limit_now(penal, dt.date(2025, 4, 10))
    assert limit.due == due_date(start=DRAWN_UP, months=6, pauses=[Pause(dt.date(2025, 4, 1), dt.date(2025, 4, 10))],
                                 calendar=BG).due == dt.date(2025, 9, 23)  # 22 Sep: a holiday
    services.not_found_end(actor=inspector, penal=penal, on=dt.date(2025, 5, 1))
    penal = PenalCase.objects.get(pk=penal.pk)
    assert penal.decree_limit == dt.date(2025, 10, 10)
    assert penal.decree_limit_x["pauses"] == [{"from": "2025-04-01", "to": "2025-04-30"}]
    assert penal.decree_limit_x["paused_days"] == 30
    penal.case.refresh_from_db()
    assert penal.case.deadline == dt.date(2025, 10, 10)
    penal = services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="fine", amount="100",
                                 on=dt.date(2025, 10, 1))
    penal = services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 10, 1))
    assert penal.issued_on == dt.date(2025, 10, 1)


def test_limits_about_to_bite_are_listed_30_days_ahead_most_urgent_first(inspector, lawyer, mayor, expert):
    """DOMAIN.md 9: every limit is shown with days left, and listed 30 days before it
    bites, most urgent first; a suspended case is listed apart.
    Given today 1 September 2025: a case whose decree limit is 10 September (9 days),
    a finding whose statement is due 2 October 2025 (31 days: not yet), one due
    15 September (14 days), and a suspended case, then the list holds the case first,
    then the finding due on 15 September."""
    today = dt.date(2025, 9, 1)
    urgent = open_case(inspector)
    later = services.finding_register(actor=inspector, found_on=dt.date(2025, 7, 2), author_name="Н. Ненов",
                                      violation_date=dt.date(2025, 7, 1), violation_place="с. Звездел",
                                      description="Незаконна сеч.", offender_known=True, offender_name="Али Реджеб",
                                      discovered_on=dt.date(2025, 7, 2), now=at(dt.date(2025, 7, 2)))
    soon = services.finding_register(actor=inspector, found_on=dt.date(2025, 6, 15), author_name="Н. Ненов",
                                     violation_date=dt.date(2025, 6, 14), violation_place="с. Груево",
                                     description="Незаконно сметище.", offender_known=True, offender_name="Сали Хасан",
                                     discovered_on=dt.date(2025, 6, 15), now=at(dt.date(2025, 6, 15)))
    suspended = open_case(inspector, now=at(dt.date(2025, 5, 5)), statement=statement(drawn_up_on=dt.date(2025, 5, 5)))
    services.not_found_start(actor=inspector, penal=suspended, on=dt.date(2025, 6, 1), today=today)
    assert later.statement_by == dt.date(2025, 10, 2) and soon.statement_by == dt.date(2025, 9, 15)
    found = selectors.limits_ahead(mayor, today)
    assert [(x.kind, x.obj.pk, x.days_left) for x in found["limits"]] == [("decree", urgent.pk, 9),
                                                                          ("statement", soon.pk, 14)]
    assert found["limits"][0].explanation["due"] == "2025-09-10"
    assert [p.pk for p in found["suspended"]] == [suspended.pk]
    assert {(p.pk, c.key) for p, c in found["overdue"]} == {(urgent.pk, "lawyer"), (suspended.pk, "lawyer")}
    assert selectors.limits_ahead(expert, today) == {"limits": [], "suspended": [], "overdue": []}


# --------------------------------------------------------------------------- after the decree

def _issued(inspector, lawyer, mayor, **kwargs):
    penal = decided_case(inspector, lawyer, mayor, **kwargs)
    return services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 3, 21), now=at(dt.date(2025, 3, 21)))


def test_rule_the_decree_becomes_final_14_days_after_delivery_without_appeal(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 58, 59, 64): a decree delivered by post on Tuesday 1 April 2025
    (the return receipt's date) may be appealed until Tuesday 15 April; unappealed, it
    is final on 16 April, and the daily job closes the case file."""
    penal = _issued(inspector, lawyer, mayor)
    penal = services.decree_deliver(actor=inspector, penal=penal, on=dt.date(2025, 4, 1), how="post",
                                    note="обратна разписка от 01.04.2025")
    assert penal.appeal_due == dt.date(2025, 4, 15) and penal.final_on == dt.date(2025, 4, 16)
    assert penal.appeal_due_x["days"] == 14
    assert penal.stage_now(dt.date(2025, 4, 15)) == Stage.DECREE_DELIVERED
    assert penal.stage_now(dt.date(2025, 4, 16)) == Stage.FINAL
    assert services.decrees_finalize(day=dt.date(2025, 4, 16)) == 1
    penal.refresh_from_db()
    penal.case.refresh_from_db()
    assert penal.stage == Stage.FINAL and penal.case.status == CaseStatus.CLOSED
    assert penal.case.closed_on == dt.date(2025, 4, 16)
    assert services.decrees_finalize(day=dt.date(2025, 4, 17)) == 0


def test_rule_not_found_at_the_address_the_decree_is_deemed_delivered_that_day(inspector, lawyer, mayor):
    """DOMAIN.md 9 (art. 58(2)): not found at the address and no new address known: the
    decree is deemed delivered on the day it is noted; a refusal needs a witness."""
    penal = _issued(inspector, lawyer, mayor)
    with pytest.raises(ValidationFailed) as refused:
        services.decree_deliver(actor=inspector, penal=penal, on=dt.date(2025, 3, 25), how="refused")
    assert "note" in refused.value.fields
    penal = services.decree_deliver(actor=inspector, penal=penal, on=dt.date(2025, 3, 25), how="not_found",
                                    note="Не е намерен на адреса; новият адрес е неизвестен.")
    assert penal.decree_delivered_on == dt.date(2025, 3, 25) and penal.appeal_due == dt.date(2025, 4, 8)


def test_rule_an_appeal_sends_the_file_to_the_court_with_a_covering_letter(inspector, lawyer, mayor):
    """DOMAIN.md 9 (section V ЗАНН): the appeal, lodged through the mayor, sends the file
    to the court with a covering letter whose number and date are noted (registered in
    the case file here); the outcome makes the decree final."""
    penal = _issued(inspector, lawyer, mayor)
    penal = services.decree_deliver(actor=inspector, penal=penal, on=dt.date(2025, 4, 1), how="signature")
    penal = services.appeal_record(actor=inspector, penal=penal, lodged_on=dt.date(2025, 4, 10),
                                   register_letter=True, now=at(dt.date(2025, 4, 11)))
    assert penal.stage == Stage.APPEALED and penal.final_on is None
    assert penal.appeal_court == "Районен съд – Кърджали"
    assert penal.appeal_letter_number == "АУАН-1-[3]/11.04.2025" and penal.appeal_letter_date == dt.date(2025, 4, 11)
    letter = Entry.objects.get(number=penal.appeal_letter_number)
    assert letter.correspondent_name == "Районен съд – Кърджали" and letter.kind == "outgoing"
    penal = services.appeal_outcome_record(actor=inspector, penal=penal, outcome="confirmed",
                                           on=dt.date(2025, 9, 15))
    assert penal.stage == Stage.FINAL and penal.final_on == dt.date(2025, 9, 15)


# --------------------------------------------------------------------------- findings and tickets

def test_rule_a_finding_shows_by_when_the_statement_is_due_and_turns_into_a_case(inspector):
    """DOMAIN.md 9 (art. 34(1)): a finding (констативен протокол) registered under "КП"
    shows the statement-by date, the earlier of 3 months from discovering the offender
    and one year from the violation; an unknown offender leaves only the year; the
    finding turns into a case when its statement is registered."""
    unknown = services.finding_register(
        actor=inspector, found_on=dt.date(2025, 2, 3), author_name="Н. Ненов", violation_date=dt.date(2025, 2, 1),
        violation_place="Момчилград, коритото на р. Върбица", description="Изхвърлени отпадъци.",
        now=at(dt.date(2025, 2, 3)))
    assert unknown.entry.number == "КП-1/03.02.2025" and unknown.entry.doc_type == "protocol"
    assert unknown.statement_by == dt.date(2026, 2, 2)  # 1 Feb 2026 is a Sunday
    unknown = services.finding_offender_discovered(actor=inspector, finding=unknown, on=dt.date(2025, 2, 10),
                                                   name="Мехмед Али Юсеин", address="Момчилград")
    assert unknown.statement_by == dt.date(2025, 5, 12)  # 10 May 2025 is a Saturday
    assert unknown.binding_limit_x["months"] == 3
    penal = open_case(inspector, finding=unknown, statement=statement(violation_date=dt.date(2025, 2, 1)))
    assert penal.discovered_on == dt.date(2025, 2, 10) and penal.late_ground == ""
    assert Finding.objects.get(pk=unknown.pk).is_open is False
    with pytest.raises(ValidationFailed) as refused:
        open_case(inspector, finding=Finding.objects.get(pk=unknown.pk),
                  statement=statement(violation_date=dt.date(2025, 2, 1)))
    assert "finding" in refused.value.fields


def test_rule_an_on_the_spot_ticket_is_final_when_the_offender_agrees_to_pay(inspector):
    """DOMAIN.md 9 (art. 39): a ticket for a minor case, under its own index "ФИШ", with
    a fine of 10.00 EUR by default; agreed: final at once."""
    ticket = services.ticket_issue(
        actor=inspector, issued_on=dt.date(2025, 3, 10), issued_by="Н. Ненов", offender_name="Ердинч Мустафа",
        offender_address="Момчилград", violation="Паркиране в зелена площ.", violation_place="ул. „Родопи“",
        provision="чл. 21, ал. 2 от Наредба № 1 на ОбС", outcome="agreed", amount=None, now=RECEIVED)
    assert ticket.entry.number == "ФИШ-1/10.03.2025" and ticket.entry.doc_type == "penal_ticket"
    assert ticket.amount == Decimal("10.00") and ticket.final_on == dt.date(2025, 3, 10)
    ticket.case.refresh_from_db()
    assert ticket.case.status == CaseStatus.CLOSED and ticket.label == "ФИШ 1/2025"


def test_rule_a_refused_ticket_is_followed_by_a_statement(inspector):
    """DOMAIN.md 9 (art. 39): the offender refuses to pay: a statement is drawn up, and
    the ticket links to the case that follows."""
    ticket = services.ticket_issue(
        actor=inspector, issued_on=dt.date(2025, 3, 10), issued_by="Н. Ненов", offender_name="Мехмед Али Юсеин",
        offender_address="Момчилград", violation="Паркиране.", violation_place="ул. „Родопи“",
        provision="чл. 21", outcome="refused", amount="20", now=RECEIVED)
    assert ticket.final_on is None and ticket.amount == Decimal("20.00")
    penal = open_case(inspector, ticket=ticket)
    assert Ticket.objects.get(pk=ticket.pk).penal_case_id == penal.pk
    with pytest.raises(ValidationFailed):
        open_case(inspector, ticket=Ticket.objects.get(pk=ticket.pk))
    with pytest.raises(ValidationFailed) as refused:
        services.ticket_issue(actor=inspector, issued_on=dt.date(2025, 3, 10), issued_by="", offender_name="",
                              offender_address="", violation="", violation_place="", provision="", outcome="",
                              amount="abc")
    assert {"issued_by", "offender_name", "violation", "provision", "outcome", "amount"} <= set(refused.value.fields)


def test_every_write_is_in_the_audit_trail(inspector, lawyer, mayor):
    penal = _issued(inspector, lawyer, mayor)
    actions = set(AuditEvent.objects.filter(object_type="penal.penalcase", object_id=str(penal.pk))
                  .values_list("action", flat=True))
    assert actions == {"create", "update"}
    assert AuditEvent.objects.filter(object_type="penal.penalcase", object_id=str(penal.pk)).count() == 6
