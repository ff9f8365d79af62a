"""Proposals, signals and complaints through their services (DOMAIN.md 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kancelaria.audit.models import AuditEvent
from kancelaria.calendars import WorkingCalendar, due_date
from kancelaria.control.models import Assignment
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.text import office_text
from kancelaria.procedures import selectors, services
from kancelaria.procedures.models import (
    COMPLAINT_ITEMS,
    CheckState,
    NoProceedingsReason,
    Procedure,
    ProcedureStatus,
)
from kancelaria.registry.models import CaseStatus
from kancelaria.registry.services import Correspondent as Sender
from tests import factories

from .conftest import RECEIVED, intake, registration, sender

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 11, 3)            # 1 Sep 2025 + 2 months = Sat 1 Nov -> Mon 3 Nov
PROPOSAL_LIMIT = dt.date(2026, 3, 2)  # + 6 months = Sun 1 Mar 2026 -> Mon 2 Mar
SIGNAL_LIMIT = due_date(start=dt.date(2025, 9, 1), months=4, calendar=WorkingCalendar("BG")).due  # + 4 months


def decided(actor, mayor, kind="signal", **kwargs):
    procedure = intake(actor, kind, **kwargs)
    return services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Да се ремонтира.",
                                     reasons="Проверката потвърди сигнала.", decided_on=dt.date(2025, 10, 1))


# --------------------------------------------------------------------------- the decision clock

def test_a_proposal_is_decided_within_two_months_of_receipt(registrar, mayor):
    """DOMAIN.md 4, proposals: decision within 2 months of receipt.
    Given a proposal received on Monday 1 September 2025,
    when it is registered,
    then it goes into the proposals-and-signals register 70-00, and its decision is due
    on Monday 3 November (2 months end on a Saturday), which the case file shows too."""
    procedure = intake(registrar, "proposal")
    assert procedure.entry.number.startswith("70-00-1/")
    assert procedure.entry.doc_type == "proposal"
    assert procedure.received_on == dt.date(2025, 9, 1)
    assert procedure.decision_due == DUE
    assert procedure.decision_limit == PROPOSAL_LIMIT
    procedure.case.refresh_from_db()
    assert procedure.case.deadline == DUE
    assert procedure.status == ProcedureStatus.OPEN
    assert procedure.decision_overdue(today=DUE) is False
    assert procedure.decision_overdue(today=DUE + dt.timedelta(days=1)) is True


def test_a_signal_is_decided_within_two_months_too(registrar, mayor):
    """DOMAIN.md 4, signals: decision within 2 months of receipt."""
    procedure = intake(registrar, "signal", violation_date=dt.date(2025, 8, 20))
    assert procedure.decision_due == DUE
    assert procedure.decision_limit == SIGNAL_LIMIT


def test_a_proposal_may_be_extended_up_to_six_months_in_total_and_no_further(
        registrar, mayor, django_capture_on_commit_callbacks):
    """DOMAIN.md 4, proposals: extension up to 6 months, the sender told.
    Given a proposal due on 3 November 2025,
    when the mayor extends it to 2 March 2026 (6 months from receipt),
    then the new deadline stands and the sender gets an e-mail;
    and a further extension to 3 March is refused with a field error."""
    procedure = intake(registrar, "proposal")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extension = services.procedure_extend(actor=mayor, procedure=procedure, new_due=dt.date(2026, 1, 15),
                                              reason="Нужно е по-продължително проучване.")
    assert extension.sender_notified is True
    assert len(mail.outbox) == 1 and "70-00-1/" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["ivan@example.bg"]
    services.procedure_extend(actor=mayor, procedure=procedure, new_due=PROPOSAL_LIMIT, reason="Още проучване.")
    procedure.refresh_from_db()
    assert procedure.decision_due == PROPOSAL_LIMIT
    procedure.case.refresh_from_db()
    assert procedure.case.deadline == PROPOSAL_LIMIT
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_extend(actor=mayor, procedure=procedure, new_due=PROPOSAL_LIMIT + dt.timedelta(days=1),
                                  reason="Още.")
    assert "6 months" in refused.value.fields["new_due"][0]
    assert procedure.extensions.count() == 2


def test_a_signal_may_be_extended_by_at_most_two_more_months(registrar, mayor):
    """DOMAIN.md 4, signals: extension by no more than 2 more months.
    Given a signal received on 1 September 2025,
    when the mayor extends it a day past 4 months from receipt, it is refused;
    when he extends it to exactly 4 months, it stands."""
    procedure = intake(registrar, "signal")
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_extend(actor=mayor, procedure=procedure, new_due=SIGNAL_LIMIT + dt.timedelta(days=1),
                                  reason="Особено важни причини.")
    assert "2 months" in refused.value.fields["new_due"][0]
    services.procedure_extend(actor=mayor, procedure=procedure, new_due=SIGNAL_LIMIT, reason="Особено важни причини.")
    procedure.refresh_from_db()
    assert procedure.decision_due == SIGNAL_LIMIT


def test_an_extension_needs_a_reason_a_later_date_and_a_resolver(registrar, mayor, expert):
    """Given a proposal, when an extension has no reason and an earlier date, then both
    fields are named; an executor may not extend at all."""
    procedure = intake(registrar, "proposal")
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_extend(actor=mayor, procedure=procedure, new_due=DUE - dt.timedelta(days=3), reason=" ")
    assert set(refused.value.fields) == {"new_due", "reason"}
    with pytest.raises(PermissionRefused):
        services.procedure_extend(actor=expert, procedure=procedure, new_due=DUE + dt.timedelta(days=9),
                                  reason="Проучване.")


def test_an_extension_with_the_resolution_goes_through_deadline_control(
        registrar, mayor, expert, django_capture_on_commit_callbacks):
    """DOMAIN.md 3 and 4: given a proposal the mayor resolved to an executor, when he
    extends the decision deadline with that resolution, then the resolution's deadline
    moves too and deadline control tells the sender."""
    from kancelaria.control.services import resolution_create

    procedure = intake(registrar, "proposal")
    task = Assignment.objects.get(case=procedure.case, role="resolve")
    resolution = resolution_create(actor=mayor, assignment=task, kind="execute", task="Проучване.",
                                   executors=[expert], today=dt.date(2025, 9, 2))
    assert resolution.deadline == DUE
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extension = services.procedure_extend(actor=mayor, procedure=procedure, resolution=resolution,
                                              new_due=dt.date(2025, 12, 15), reason="Проучване на място.",
                                              today=dt.date(2025, 9, 10))
    resolution.refresh_from_db()
    assert resolution.deadline == dt.date(2025, 12, 15)
    assert extension.control_extension is not None and extension.sender_notified
    assert len(mail.outbox) == 1


def test_a_complaint_month_is_not_extended(registrar, mayor):
    """DOMAIN.md 4, complaints: one month from the file's receipt, with no extension."""
    procedure = intake(registrar, "complaint")
    services.procedure_file_received(actor=registrar, procedure=procedure, on=dt.date(2025, 9, 3))
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_extend(actor=mayor, procedure=procedure, new_due=dt.date(2025, 11, 20), reason="Още.")
    assert "new_due" in refused.value.fields


# --------------------------------------------------------------------------- decision and notice

def test_the_decision_reaches_the_sender_within_seven_days(registrar, mayor):
    """DOMAIN.md 4: decisions are written, reasoned and sent within 7 days of being made.
    Given a signal decided on Wednesday 1 October 2025,
    then the sender must be told by 8 October; told on the 8th it is on time,
    and a second signal told on the 9th is flagged late."""
    procedure = decided(registrar, mayor)
    assert procedure.notify_due == dt.date(2025, 10, 8)
    assert procedure.status == ProcedureStatus.DECIDED
    assert procedure.notify_late(today=dt.date(2025, 10, 8)) is False
    procedure = services.procedure_notify(actor=registrar, procedure=procedure, on=dt.date(2025, 10, 8), how="post")
    assert procedure.notify_late() is False and procedure.status == ProcedureStatus.NOTIFIED

    late = decided(registrar, mayor, registration=registration("Замърсяване на река Върбица"))
    late = services.procedure_notify(actor=registrar, procedure=late, on=dt.date(2025, 10, 9), how="email")
    assert late.notify_late() is True
    event = AuditEvent.objects.filter(object_type="procedures.procedure", object_id=str(late.pk)).latest("id")
    assert event.changes["late"] is True


def test_a_decision_is_written_and_reasoned(registrar, mayor, expert):
    """DOMAIN.md 4: a decision without its text or reasons is not recorded (both fields
    named); an executor does not decide; a decided matter is not decided twice."""
    procedure = intake(registrar, "signal")
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="", reasons="",
                                  decided_on=dt.date(2025, 10, 1))
    assert set(refused.value.fields) == {"decision_text", "reasons"}
    with pytest.raises(PermissionRefused):
        services.procedure_decide(actor=expert, procedure=procedure, decision_text="Да.", reasons="Защото.")
    with pytest.raises(ValidationFailed) as early:
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Да.", reasons="Защото.",
                                  decided_on=dt.date(2025, 8, 1))
    assert "decided_on" in early.value.fields
    services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Да.", reasons="Защото.",
                              decided_on=dt.date(2025, 10, 1))
    with pytest.raises(ValidationFailed):
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Пак.", reasons="Пак.")


def test_execution_ends_the_proceedings(registrar, mayor, expert):
    """DOMAIN.md 4: the mayor sets how, by when and by whom the decision is executed; the
    proceedings end with its execution.
    Given a decided and communicated signal,
    when the executor is recorded before an order it is refused;
    when the mayor orders the execution and the executor records it done,
    then the procedure is closed and so are the case file and all its open work."""
    procedure = decided(registrar, mayor)
    procedure = services.procedure_notify(actor=registrar, procedure=procedure, on=dt.date(2025, 10, 2), how="post")
    with pytest.raises(ValidationFailed):
        services.procedure_executed(actor=mayor, procedure=procedure, on=dt.date(2025, 10, 3))
    with pytest.raises(ValidationFailed) as refused:
        services.procedure_order_execution(actor=mayor, procedure=procedure, how="", due=None, executor=None)
    assert set(refused.value.fields) == {"how", "due", "executor"}
    today = dt.date.today()
    procedure = services.procedure_order_execution(actor=mayor, procedure=procedure, how="Ремонт на осветлението.",
                                                   due=today + dt.timedelta(days=30), executor=expert)
    assert procedure.status == ProcedureStatus.EXECUTING
    with pytest.raises(PermissionRefused):
        services.procedure_executed(actor=registrar, procedure=procedure, on=today)
    procedure = services.procedure_executed(actor=expert, procedure=procedure, on=today)
    assert procedure.status == ProcedureStatus.CLOSED and procedure.is_finished
    procedure.case.refresh_from_db()
    assert procedure.case.status == CaseStatus.CLOSED and procedure.case.closed_on == today
    assert not Assignment.objects.filter(case=procedure.case, status="open").exists()
    assert procedure.case.movements.filter(action="closed").exists()


# --------------------------------------------------------------------------- no proceedings

def test_an_anonymous_signal_is_registered_without_proceedings(registrar, mayor):
    """DOMAIN.md 4: no proceedings on anonymous proposals and signals.
    Given a signal with no sender, when registered, then it has a number, the reason
    'anonymous' with the day, no decision clock, and nobody is assigned."""
    procedure = intake(registrar, "signal", registration=registration(correspondent=Sender(), is_anonymous=True))
    assert procedure.entry.number.startswith("70-00-")
    assert procedure.no_proceedings_reason == NoProceedingsReason.ANONYMOUS
    assert procedure.no_proceedings_on == dt.date(2025, 9, 1)
    assert procedure.decision_due is None and procedure.status == ProcedureStatus.NO_PROCEEDINGS
    assert procedure.case.status == CaseStatus.NO_PROCEEDINGS
    assert not Assignment.objects.filter(case=procedure.case).exists()
    with pytest.raises(ValidationFailed):
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Да.", reasons="Защото.")


def test_a_signal_about_a_violation_older_than_two_years_has_no_proceedings(registrar, mayor):
    """DOMAIN.md 4: no proceedings on signals about violations committed more than two
    years ago.
    Given a signal received on 1 September 2025 about a violation of 31 August 2023,
    then it is registered without proceedings (reason recorded) and its routing
    assignment is closed; one about 1 September 2023 (exactly two years) is assigned."""
    old = intake(registrar, "signal", violation_date=dt.date(2023, 8, 31))
    assert old.no_proceedings_reason == NoProceedingsReason.OLD_VIOLATION
    assert old.no_proceedings_on == dt.date(2025, 9, 1)
    old.case.refresh_from_db()
    assert old.case.status == CaseStatus.NO_PROCEEDINGS
    assert list(Assignment.objects.filter(case=old.case).values_list("status", flat=True)) == ["closed"]
    # the register's note is in the office's language, whoever registers
    reason = office_text(NoProceedingsReason.OLD_VIOLATION.label)
    assert old.case.movements.filter(action="closed", note=reason).exists()

    recent = intake(registrar, "signal", violation_date=dt.date(2023, 9, 1),
                    registration=registration("Незаконен строеж в кв. Изгрев"))
    assert recent.has_proceedings
    assert Assignment.objects.get(case=recent.case).status == "open"


def test_a_violation_date_is_checked(registrar, mayor):
    """Given a violation date in the future or on a proposal, then the field is named."""
    with pytest.raises(ValidationFailed) as future:
        intake(registrar, "signal", violation_date=dt.date.today() + dt.timedelta(days=2))
    assert "violation_date" in future.value.fields
    with pytest.raises(ValidationFailed) as proposal:
        intake(registrar, "proposal", violation_date=dt.date(2025, 8, 1))
    assert "violation_date" in proposal.value.fields


# --------------------------------------------------------------------------- repeats

def test_a_signal_repeated_on_a_decided_matter_is_not_assigned(registrar, mayor):
    """DOMAIN.md 4: a signal repeated on a matter already decided is not assigned, unless
    it concerns the execution of the decision or brings new facts.
    Given a decided signal,
    when the same sender repeats it plainly, then it is registered, flagged as a repeat,
    its routing assignment is closed and no proceedings open;
    when it concerns the execution or brings new facts, it is assigned as usual."""
    first = decided(registrar, mayor)
    plain = intake(registrar, "signal", repeat_of=first, registration=registration())
    assert plain.is_repeat and plain.repeat_kind == "plain"
    assert plain.no_proceedings_reason == NoProceedingsReason.REPEAT
    assert list(Assignment.objects.filter(case=plain.case).values_list("status", flat=True)) == ["closed"]
    plain.case.refresh_from_db()
    assert plain.case.status == CaseStatus.NO_PROCEEDINGS

    for kind in ("execution", "new_facts"):
        repeat = intake(registrar, "signal", repeat_of=first, repeat_kind=kind, registration=registration())
        assert repeat.has_proceedings and repeat.is_repeat and repeat.decision_due == DUE
        assert Assignment.objects.get(case=repeat.case).status == "open"

    # a plain repeat of the plain repeat goes back to the decided matter
    again = intake(registrar, "signal", repeat_of=plain, registration=registration())
    assert again.no_proceedings_reason == NoProceedingsReason.REPEAT


def test_a_repeat_of_an_undecided_matter_is_assigned(registrar, mayor):
    """Given a signal not yet decided, when it is repeated, then the repeat is flagged
    but assigned (the rule covers decided matters only)."""
    first = intake(registrar, "signal")
    repeat = intake(registrar, "signal", repeat_of=first, registration=registration())
    assert repeat.is_repeat and repeat.has_proceedings
    assert Assignment.objects.get(case=repeat.case).status == "open"


def test_repeat_candidates_by_sender_and_by_subject(registrar, mayor):
    """Given earlier signals: one by the same person (EGN) about the same street light,
    one by someone else about the same street, and one unrelated,
    then the suggestions for a new signal put the same sender first, include the
    similar subject, leave the unrelated one out, and give a score."""
    same = intake(registrar, "signal")
    similar = intake(registrar, "signal", registration=registration(
        "Неработещо улично осветление на ул. „Родопи“ 5",
        correspondent=sender(name="Мария Стоянова", egn="", email="maria@example.bg")))
    intake(registrar, "proposal", registration=registration(
        "Предложение за нов детски парк", correspondent=sender(name="Георги Георгиев", egn="", email="")))
    new = intake(registrar, "signal", registration=registration("Пак не свети осветлението на ул. Родопи"))
    found = selectors.repeat_candidates(new, user=registrar)
    assert [c.procedure for c in found][:2] == [same, similar]
    assert found[0].same_sender == "egn" and 0 < found[0].score <= 1
    assert len(found) == 2


# --------------------------------------------------------------------------- complaints

def test_a_complaint_content_is_checked_and_recorded_never_refused(registrar, mayor):
    """DOMAIN.md 4, complaints: the required content (names and address, contacts,
    legal-entity data, the act, the authority, the objections, the request, the
    signature); DOMAIN.md 2: the desk never refuses.
    Given a complaint with no act named and no signature,
    when registered, then it goes into the complaints register 26-00, each item is
    recorded present / missing / not applicable, the missing ones are the recorded
    warning, and the complaint is registered anyway."""
    procedure = intake(registrar, "complaint", complaint_checks={
        "authority": True, "objections": "present", "request": True, "act_contested": False})
    assert procedure.entry.number.startswith("26-00-1/")
    assert procedure.entry.doc_type == "complaint"
    assert procedure.complaint_checks == {
        "names_address": CheckState.PRESENT, "contacts": CheckState.PRESENT,
        "entity_data": CheckState.NOT_APPLICABLE, "act_contested": CheckState.MISSING,
        "authority": CheckState.PRESENT, "objections": CheckState.PRESENT, "request": CheckState.PRESENT,
        "signature": CheckState.MISSING,
    }
    assert procedure.complaint_missing == ["act_contested", "signature"]
    assert procedure.entry.is_incomplete
    assert office_text(dict(COMPLAINT_ITEMS)["act_contested"]) in procedure.entry.incomplete_warning
    assert procedure.has_proceedings


def test_a_general_complaint_needs_no_act(registrar, mayor):
    """DOMAIN.md 4: a general complaint needs items 1, 2, 3, 5 and 8 only."""
    procedure = intake(registrar, "complaint", complaint_general=True,
                       complaint_checks={"authority": True, "signature": True})
    assert procedure.complaint_missing == []
    assert procedure.complaint_checks["act_contested"] == CheckState.NOT_APPLICABLE
    assert not procedure.entry.is_incomplete


def test_complaint_checks_reject_unknown_items(registrar):
    with pytest.raises(ValidationFailed) as refused:
        intake(registrar, "complaint", complaint_checks={"colour": True})
    assert "complaint_checks" in refused.value.fields


def test_a_complaint_is_decided_within_one_month_of_the_file_reaching_the_officer(registrar, mayor, expert):
    """DOMAIN.md 4, complaints: decision within one month from when the responsible
    officer receives the file.
    Given a complaint registered on 1 September 2025, it has no decision clock yet;
    when the officer receives the file on Wednesday 10 September,
    then the decision is due on Friday 10 October; the case file shows it;
    and once the decision is communicated the complaint's proceedings end."""
    procedure = intake(registrar, "complaint")
    assert procedure.decision_due is None and procedure.status == ProcedureStatus.AWAITING_FILE
    procedure.case.refresh_from_db()
    assert procedure.case.deadline is None
    with pytest.raises(ValidationFailed):
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Не.", reasons="Защото.",
                                  decided_on=dt.date(2025, 9, 5))
    procedure = services.procedure_file_received(actor=registrar, procedure=procedure, on=dt.date(2025, 9, 10),
                                                 responsible=expert)
    assert procedure.decision_due == dt.date(2025, 10, 10)
    procedure.case.refresh_from_db()
    assert procedure.case.deadline == dt.date(2025, 10, 10)
    procedure = services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Жалбата се уважава.",
                                          reasons="Актът е издаден без основание.", decided_on=dt.date(2025, 10, 6))
    procedure = services.procedure_notify(actor=registrar, procedure=procedure, on=dt.date(2025, 10, 7), how="post")
    assert procedure.status == ProcedureStatus.CLOSED
    procedure.case.refresh_from_db()
    assert procedure.case.status == CaseStatus.CLOSED
    with pytest.raises(ValidationFailed):
        services.procedure_order_execution(actor=mayor, procedure=procedure, how="x", due=dt.date.today(),
                                           executor=expert)


# --------------------------------------------------------------------------- corruption signals

def test_corruption_signals_have_their_own_register_seen_only_with_the_permission(
        registrar, mayor, controller, corruption_officer):
    """DOMAIN.md 4: a separate register holds corruption signals.
    Given a corruption signal registered by the officer who holds that register,
    then it is numbered in the register КС, it is in his list, and not in the lists of
    the registrar, the controller or the mayor, who may not act on it either."""
    procedure = intake(corruption_officer, "corruption_signal")
    assert procedure.entry.number.startswith("КС-1/")
    assert list(selectors.register(corruption_officer, "corruption")) == [procedure]
    for user in (registrar, controller, mayor):
        assert not selectors.procedures_visible(user).filter(pk=procedure.pk).exists()
        assert not selectors.register(user, "corruption").exists()
    with pytest.raises(PermissionRefused):
        services.procedure_decide(actor=mayor, procedure=procedure, decision_text="Да.", reasons="Защото.")


# --------------------------------------------------------------------------- intake rules

def test_the_hotline_needs_the_protocol_and_portal_intake_needs_no_clerk(registrar, mayor):
    """DOMAIN.md 2 (oral documents by protocol): given a hotline call without the
    clerk's protocol, then it is refused with the field `notes`; with it, it is
    registered as an oral document. The portal registers without a clerk."""
    with pytest.raises(ValidationFailed) as refused:
        intake(registrar, "signal", channel="hotline")
    assert "notes" in refused.value.fields
    oral = intake(registrar, "signal", channel="hotline",
                  registration=registration(notes="Гражданинът съобщи по телефона, че ..."))
    assert oral.channel == "hotline" and oral.entry.channel == "oral"
    portal = services.procedure_intake(actor=None, kind="proposal", channel="portal",
                                       registration=registration(channel="portal"), text="Текст.")
    assert portal.channel == "portal" and portal.entry.registered_by is None and portal.text == "Текст."
    with pytest.raises(ValidationFailed):
        services.procedure_intake(actor=None, kind="proposal", channel="desk", registration=registration())


def test_only_the_desk_registers(expert):
    with pytest.raises(PermissionRefused):
        intake(expert, "proposal")


def test_every_step_is_audited(registrar, mayor, expert):
    """DOMAIN.md 11: each service writes its audit event."""
    procedure = decided(registrar, mayor)
    services.procedure_notify(actor=registrar, procedure=procedure, on=dt.date(2025, 10, 2), how="post")
    actions = list(AuditEvent.objects.filter(object_type="procedures.procedure", object_id=str(procedure.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "update"]
    assert Procedure.objects.count() == 1
    assert procedure.received_on == RECEIVED.date()
    assert procedure.entry.correspondent_egn == factories.VALID_EGN
