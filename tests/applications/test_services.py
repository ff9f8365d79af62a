"""Service requests: submission, fees, deadlines, deficiencies, the technology card,
issuing and withdrawal (DOMAIN.md 1, 2, 3 and 7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from kancelaria.applications import services
from kancelaria.applications.models import Payment, ServiceRequest, StepProgress
from kancelaria.audit.models import AuditEvent
from kancelaria.core.errors import ValidationFailed
from kancelaria.registry.models import CaseMovement, CaseStatus, DocumentType

from .factories import applicant, at, service, submit

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status


def test_desk_never_refuses_and_records_the_missing_documents(org, index, registrar):
    """DOMAIN.md 2: the desk may never refuse; an incomplete request is registered with
    the warning recorded.
    Given a service with two documents the applicant must bring (and one the office collects),
    when the applicant brings only the first,
    then the request is registered, the second is recorded as missing, and the one the
    office collects is not asked for."""
    svc = service(org=org, index=index)
    first, second = [d for d in svc.documents.all() if d.source == "applicant"]
    obj = submit(registrar, svc, brought=[first.pk])
    assert obj.pk and obj.entry.number.startswith("94-00-")
    assert obj.missing_documents == [{"id": second.pk, "name": "Документ за собственост"}]
    assert obj.entry.is_incomplete and "Документ за собственост" in obj.entry.incomplete_warning
    assert obj.entry.doc_type == DocumentType.APPLICATION


def test_nothing_brought_is_still_registered(org, index, registrar):
    """DOMAIN.md 2: given nothing of the checklist brought, when submitted, then registered anyway."""
    svc = service(org=org, index=index)
    obj = submit(registrar, svc, brought=[])
    assert len(obj.missing_documents) == 2
    assert ServiceRequest.objects.count() == 1


def test_the_fee_and_deadline_come_from_the_tier(org, index, registrar):
    """DOMAIN.md 1 and 3: the tier fixes the fee and the deadline (days counted from the
    day after registration, moved to a working day).
    Given a request registered on Monday 3 February 2025,
    when the regular tier (10 days, 10 EUR) is chosen, then the fee is 10 EUR and the
    deadline 13 February; with express (2 days, 30 EUR) it is 5 February."""
    svc = service(org=org, index=index)
    regular = submit(registrar, svc, now=at(2025, 2, 3))
    assert (regular.fee_amount, regular.fee_currency) == (Decimal("10.00"), "EUR")
    assert regular.deadline == dt.date(2025, 2, 13)
    assert regular.case.deadline == dt.date(2025, 2, 13)
    express = submit(registrar, svc, tier="express", now=at(2025, 2, 3))
    assert express.fee_amount == Decimal("30.00") and express.deadline == dt.date(2025, 2, 5)


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day(org, index, registrar):
    """DOMAIN.md 3: given a 10-day tier and registration on Wednesday 5 February 2025,
    when the raw end falls on Saturday 15 February, then the deadline is Monday 17 February."""
    svc = service(org=org, index=index)
    assert submit(registrar, svc, now=at(2025, 2, 5)).deadline == dt.date(2025, 2, 17)


def test_post_outside_working_hours_counts_from_the_next_working_day(org, index, registrar):
    """DOMAIN.md 3: requests that arrive by post outside working hours start counting on
    the next working day.
    Given post registered on Friday 7 February 2025 at 18:00,
    when the 10-day tier is counted, then the first counted day is Monday 10 February and
    the deadline 19 February; the same at the desk counts from 7 February (17 February)."""
    svc = service(org=org, index=index)
    posted = submit(registrar, svc, channel="post", now=at(2025, 2, 7, 18, 0))
    assert posted.counted_from == dt.date(2025, 2, 9)
    assert posted.deadline == dt.date(2025, 2, 19)
    at_desk = submit(registrar, svc, channel="desk", now=at(2025, 2, 7, 16, 0))
    assert at_desk.deadline == dt.date(2025, 2, 17)
    in_hours = submit(registrar, svc, channel="post", now=at(2025, 2, 7, 9, 0))
    assert in_hours.counted_from == dt.date(2025, 2, 7)


def test_bad_input_names_the_fields(org, index, registrar):
    """Given no applicant name, an unknown tier and e-mail delivery without an address,
    when submitted, then nothing is registered and each field says why."""
    svc = service(org=org, index=index)
    with pytest.raises(ValidationFailed) as caught:
        submit(registrar, svc, tier="nonsense", receive_channel="email", applicant=applicant(name="", email=""))
    assert {"tier", "applicant.name", "applicant.email"} <= set(caught.value.fields)
    assert ServiceRequest.objects.count() == 0


def test_an_invalid_egn_is_refused_with_its_field(org, index, registrar):
    """Given an EGN with a wrong check digit, when submitted, then the applicant's EGN field says so."""
    svc = service(org=org, index=index)
    with pytest.raises(ValidationFailed) as caught:
        submit(registrar, svc, applicant=applicant(egn="7501020019"))
    assert "applicant.egn" in caught.value.fields


# --------------------------------------------------------------------------- payments

def test_a_request_with_a_fee_awaits_payment_and_the_desk_records_it(org, index, registrar):
    """Given a request with a fee, when the desk records a cash payment, then it is paid
    and the request is registered for work; a second payment is refused."""
    svc = service(org=org, index=index)
    obj = submit(registrar, svc)
    assert obj.status == Status.AWAITING_PAYMENT
    payment = services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)
    assert payment.status == Payment.Status.PAID and payment.amount == Decimal("10.00") and payment.paid_at
    obj.refresh_from_db()
    assert obj.status == Status.REGISTERED
    with pytest.raises(ValidationFailed) as caught:
        services.payment_record(actor=registrar, request=obj, method=Payment.Method.CARD)
    assert caught.value.code == "already_paid"


def test_the_desk_records_only_desk_methods(org, index, registrar):
    """Given the desk, when it records an "online" payment, then the method field is refused."""
    obj = submit(registrar, service(org=org, index=index))
    with pytest.raises(ValidationFailed) as caught:
        services.payment_record(actor=registrar, request=obj, method=Payment.Method.ONLINE)
    assert "method" in caught.value.fields


def test_a_free_service_needs_no_payment(org, index, registrar):
    """Given a tier without a fee, when submitted, then the request is registered, not awaiting payment."""
    svc = service(org=org, index=index, tiers=(("regular", "0.00", 7),))
    obj = submit(registrar, svc)
    assert obj.status == Status.REGISTERED
    with pytest.raises(ValidationFailed):
        services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)


def test_a_refund_marks_the_payment_refunded(org, index, registrar):
    """Given a paid fee, when refunded, then its status is refunded; a pending one cannot be."""
    obj = submit(registrar, service(org=org, index=index))
    payment = services.payment_record(actor=registrar, request=obj, method=Payment.Method.BANK_TRANSFER)
    assert services.payment_refund(actor=registrar, payment=payment).status == Payment.Status.REFUNDED
    with pytest.raises(ValidationFailed):
        services.payment_refund(actor=registrar, payment=payment)


# --------------------------------------------------------------------------- deficiencies

def test_a_deficiency_pauses_the_clock_by_exactly_the_paused_days(org, index, registrar):
    """DOMAIN.md 3 (pause): the clock stops from the day after the notice until the day
    it is fixed.
    Given a 10-day request registered on Monday 3 February 2025 (deadline 13 February),
    when a deficiency is noticed on 5 February and fixed on Sunday 9 February,
    then 6-9 February (4 days) do not count and the deadline is Monday 17 February."""
    svc = service(org=org, index=index)
    obj = submit(registrar, svc, now=at(2025, 2, 3))
    services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)
    assert obj.deadline == dt.date(2025, 2, 13)
    deficiency = services.deficiency_notice(actor=registrar, request=obj, description="Липсва скица",
                                            fix_by=dt.date(2025, 2, 12), on=dt.date(2025, 2, 5))
    obj.refresh_from_db()
    assert obj.status == Status.DEFICIENCY and deficiency.fix_by == dt.date(2025, 2, 12)
    services.deficiency_fixed(actor=registrar, request=obj, on=dt.date(2025, 2, 9))
    obj.refresh_from_db()
    assert obj.status == Status.REGISTERED
    assert obj.deadline == dt.date(2025, 2, 17)
    assert obj.case.deadline == dt.date(2025, 2, 17)
    assert (obj.deadline - dt.date(2025, 2, 13)).days == 4
    assert services.deadline_compute(obj).paused_days == 4


def test_fixed_the_same_day_pauses_nothing(org, index, registrar):
    """Given a deficiency fixed the day it was noticed, then no day is paused."""
    obj = submit(registrar, service(org=org, index=index), now=at(2025, 2, 3))
    services.deficiency_notice(actor=registrar, request=obj, description="x", fix_by=dt.date(2025, 2, 10),
                               on=dt.date(2025, 2, 4))
    services.deficiency_fixed(actor=registrar, request=obj, on=dt.date(2025, 2, 4))
    obj.refresh_from_db()
    assert obj.deadline == dt.date(2025, 2, 13)


def test_the_term_to_fix_is_tracked_and_must_follow_the_notice(org, index, registrar):
    """Given a notice, when the term to fix it is not after the notice, then it is refused;
    a second notice while one is open is refused too."""
    obj = submit(registrar, service(org=org, index=index), now=at(2025, 2, 3))
    with pytest.raises(ValidationFailed) as caught:
        services.deficiency_notice(actor=registrar, request=obj, description="x", fix_by=dt.date(2025, 2, 4),
                                   on=dt.date(2025, 2, 4))
    assert "fix_by" in caught.value.fields
    services.deficiency_notice(actor=registrar, request=obj, description="x", fix_by=dt.date(2025, 2, 11),
                               on=dt.date(2025, 2, 4))
    with pytest.raises(ValidationFailed) as caught:
        services.deficiency_notice(actor=registrar, request=obj, description="y", fix_by=dt.date(2025, 2, 11),
                                   on=dt.date(2025, 2, 4))
    assert caught.value.code == "deficiency_open"
    assert obj.deficiencies.get().fix_by == dt.date(2025, 2, 11)


def test_the_citizen_is_told_by_email_on_notice_and_fix(org, index, registrar, django_capture_on_commit_callbacks):
    """Given an applicant with an e-mail, when a deficiency is noticed and fixed, then one
    e-mail each tells him what is missing, and the new deadline."""
    obj = submit(registrar, service(org=org, index=index), now=at(2025, 2, 3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.deficiency_notice(actor=registrar, request=obj, description="Липсва пълномощно",
                                   fix_by=dt.date(2025, 2, 12), on=dt.date(2025, 2, 5))
    with django_capture_on_commit_callbacks(execute=True):
        services.deficiency_fixed(actor=registrar, request=obj, on=dt.date(2025, 2, 9))
    assert [m.to for m in mail.outbox] == [["maria@example.org"], ["maria@example.org"]]
    assert "Липсва пълномощно" in mail.outbox[0].body and "12.02.2025" in mail.outbox[0].body
    assert "17.02.2025" in mail.outbox[1].body


# --------------------------------------------------------------------------- technology card

def test_the_technology_card_moves_the_case_through_its_units(org, index, registrar, expert):
    """DOMAIN.md 1 and 3: the technology card says which units act, in which order, with
    which deadlines; the citizen sees where the case is.
    Given a card desk (1 day) -> planning (5 days) -> desk (1 day), registered on Monday
    3 February 2025, when each step is completed, then the case goes to each unit in turn
    (a movement each), each step has its working-day deadline, and after the last the
    result is ready."""
    svc = service(org=org, index=index)
    obj = submit(registrar, svc, now=at(2025, 2, 3))
    services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)
    first = StepProgress.objects.get(request=obj)
    assert (first.unit, first.started_on, first.due) == (org["desk"], dt.date(2025, 2, 3), dt.date(2025, 2, 4))

    second = services.step_complete(actor=registrar, request=obj, on=dt.date(2025, 2, 4))
    obj.refresh_from_db()
    assert obj.status == Status.IN_PROGRESS and obj.current_step.order == 2
    assert (second.unit, second.due) == (org["planning"], dt.date(2025, 2, 11))  # 5 working days
    assert obj.case.holder_unit == org["planning"]
    assert obj.case.movements.filter(action=CaseMovement.Action.SENT, unit=org["planning"]).exists()

    third = services.step_complete(actor=expert, request=obj, on=dt.date(2025, 2, 7))
    assert third.unit == org["desk"] and third.due == dt.date(2025, 2, 10)  # Friday + 1 working day
    obj.refresh_from_db()
    assert obj.case.holder_unit == org["desk"]
    assert services.step_complete(actor=registrar, request=obj, on=dt.date(2025, 2, 10)) is None
    obj.refresh_from_db()
    assert obj.status == Status.READY and obj.current_step is None
    assert list(obj.progress.order_by("id").values_list("done_on", flat=True)) == [
        dt.date(2025, 2, 4), dt.date(2025, 2, 7), dt.date(2025, 2, 10)]


def test_no_step_moves_before_the_fee_is_paid(org, index, registrar):
    """Given an unpaid fee, when a step is completed, then it is refused."""
    obj = submit(registrar, service(org=org, index=index))
    with pytest.raises(ValidationFailed) as caught:
        services.step_complete(actor=registrar, request=obj)
    assert caught.value.code == "unpaid"


def test_a_request_submitted_online_goes_to_the_first_steps_unit(org, index):
    """Given a portal request (no clerk) whose card starts in planning, then the case is held by planning."""
    svc = service(org=org, index=index, steps=[(org["planning"], 3)])
    obj = submit(None, svc, channel="portal")
    assert obj.case.holder_unit == org["planning"]
    assert obj.entry.registered_by is None


# --------------------------------------------------------------------------- the result

def _ready(org, index, registrar, **kwargs):
    svc = service(org=org, index=index, steps=[(org["desk"], 1)], **kwargs)
    obj = submit(registrar, svc)
    services.payment_record(actor=registrar, request=obj, method=Payment.Method.CARD)
    services.step_complete(actor=registrar, request=obj)
    obj.refresh_from_db()
    return obj


def test_issuing_at_the_desk_needs_the_recipients_name_and_closes_the_case(org, index, registrar):
    """DOMAIN.md 3: handed over in person, the recipient's name and the date are recorded
    and the case closes.
    Given a ready result, when issued at the desk without a name, then refused; with a name,
    the answer is registered into the case file and the case is closed."""
    obj = _ready(org, index, registrar)
    with pytest.raises(ValidationFailed) as caught:
        services.result_issue(actor=registrar, request=obj, how="desk")
    assert "recipient_name" in caught.value.fields
    services.result_issue(actor=registrar, request=obj, how="desk", recipient_name="Мария Петрова")
    obj.refresh_from_db()
    assert obj.status == Status.ISSUED and obj.issued_to == "Мария Петрова"
    assert obj.case.status == CaseStatus.CLOSED and obj.case.closed_on == timezone.localdate()
    answer = obj.case.entries.get(ordinal=2)
    assert answer.answers_id == obj.entry_id and answer.dispatch.recipient_name == "Мария Петрова"


def test_issuing_by_email_closes_the_case_at_once(org, index, registrar):
    """DOMAIN.md 3: an answer sent electronically closes the case at registration."""
    obj = _ready(org, index, registrar)
    services.result_issue(actor=registrar, request=obj, how="email")
    obj.case.refresh_from_db()
    assert obj.case.status == CaseStatus.CLOSED


def test_a_result_is_not_issued_while_steps_remain(org, index, registrar):
    """Given a card with steps still to do, when the result is issued, then it is refused."""
    obj = submit(registrar, service(org=org, index=index))
    services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)
    with pytest.raises(ValidationFailed) as caught:
        services.result_issue(actor=registrar, request=obj, how="post")
    assert caught.value.code == "steps_open"


def test_withdrawal_archives_the_case(org, index, registrar, django_capture_on_commit_callbacks):
    """DOMAIN.md 2: a citizen may withdraw in writing; the withdrawal is registered and the
    case archived. Given a request with an online payment pending, when withdrawn, then
    the case is withdrawn, the request too, and the pending payment failed."""
    obj = submit(registrar, service(org=org, index=index))
    payment, _url = services.payment_online_start(request=obj)
    services.request_withdraw(actor=registrar, request=obj)
    obj.refresh_from_db()
    payment.refresh_from_db()
    assert obj.status == Status.WITHDRAWN and obj.case.status == CaseStatus.WITHDRAWN
    assert obj.case.entries.filter(doc_type=DocumentType.WITHDRAWAL).exists()
    assert payment.status == Payment.Status.FAILED
    with pytest.raises(ValidationFailed):
        services.step_complete(actor=registrar, request=obj)


def test_every_change_is_audited(org, index, registrar):
    """DOMAIN.md 11: given a request paid and noticed, then each write left an audit event."""
    obj = submit(registrar, service(org=org, index=index), now=at(2025, 2, 3))
    services.payment_record(actor=registrar, request=obj, method=Payment.Method.CASH)
    services.deficiency_notice(actor=registrar, request=obj, description="x", fix_by=dt.date(2025, 2, 10),
                               on=dt.date(2025, 2, 4))
    types = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert {"applications.servicerequest", "applications.payment", "applications.deficiency"} <= types
