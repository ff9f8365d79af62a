"""Intake, the own register, the required content and the clarification (DOMAIN.md 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.publicinfo import selectors, services
from kancelaria.publicinfo.models import (
    Clarification,
    InfoChannel,
    Outcome,
    RequesterType,
    Status,
    WithoutActionReason,
)
from kancelaria.registry.models import CaseStatus, Counter, DocumentType, Entry, Kind

from .conftest import DAY, RECEIVED, intake, registration, requester

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("requester_type", [RequesterType.CITIZEN, RequesterType.FOREIGNER,
                                            RequesterType.COMPANY, RequesterType.NGO])
def test_rule_anyone_may_ask(registrar, requester_type):
    r = intake(registrar, requester_type=requester_type,
               registration=registration(correspondent=requester(
                   egn="", name="John Smith" if requester_type == RequesterType.FOREIGNER else "Сдружение „Прозрачна община“",
                   kind="person" if requester_type == RequesterType.FOREIGNER else "organisation")))
    assert r.status == Status.OPEN and r.requester_type == requester_type


def test_rule_registered_under_own_index_and_numbered(registrar):
    access = intake(registrar)
    reuse = intake(registrar, kind="reuse")
    assert access.case.index.code == "ЗДОИ" and access.number.startswith("ЗДОИ-1")
    assert reuse.case.index.code == "ЗДОИ-ПИ" and reuse.number.startswith("ЗДОИ-ПИ-1")
    assert access.entry.doc_type == DocumentType.INFO_REQUEST
    assert access.number.endswith("02.03.2026")


def test_rule_decision_within_14_days_after_registration(registrar):
    r = intake(registrar)
    assert r.counted_from == DAY
    assert r.decision_due == dt.date(2026, 3, 16)
    assert r.case.deadline == dt.date(2026, 3, 16) or type(r.case).objects.get(pk=r.case_id).deadline == r.decision_due
    assert r.due_explanation["due"] == "2026-03-16"
    assert r.forward_due == dt.date(2026, 3, 16)


def test_rule_decision_due_moves_past_non_working_day(registrar):
    # registered Friday 6 March: 14 days end on Friday 20 March; registered Saturday 7 → Saturday 21 → Monday 23
    r = intake(registrar, now=dt.datetime(2026, 3, 7, 10, 0, tzinfo=RECEIVED.tzinfo))
    assert r.decision_due == dt.date(2026, 3, 23)
    assert r.due_explanation["skipped"]


def test_rule_oral_request_needs_a_signed_protocol(registrar):
    with pytest.raises(ValidationFailed) as err:
        intake(registrar, channel=InfoChannel.ORAL, registration=registration(notes=""))
    assert set(err.value.fields) == {"notes", "protocol_signed"}
    assert not Entry.objects.exists() and not Counter.objects.exists()
    r = intake(registrar, channel=InfoChannel.ORAL, protocol_signed=True,
               registration=registration(notes="Лицето устно поиска копие от договора; протоколът е подписан."))
    assert r.channel == InfoChannel.ORAL and r.entry.channel == "oral"


def test_rule_email_and_platform_need_no_signature(registrar):
    r = intake(registrar, channel=InfoChannel.PLATFORM)
    assert r.status == Status.OPEN and r.is_electronic
    r = intake(registrar, channel=InfoChannel.EMAIL)
    assert r.status == Status.OPEN


@pytest.mark.parametrize(("correspondent", "description", "missing"), [
    ({"name": ""}, "Копие от договора", ["names"]),
    ({"address": "", "email": ""}, "Копие от договора", ["address"]),
    ({}, "", ["description"]),
])
def test_rule_without_names_description_or_address_left_without_action(
        registrar, django_capture_on_commit_callbacks, correspondent, description, missing):
    with django_capture_on_commit_callbacks(execute=True):
        r = intake(registrar, description=description, registration=registration(correspondent=requester(**correspondent)))
    assert r.missing_content == missing
    assert (r.status, r.outcome, r.without_action_reason) == (
        Status.WITHOUT_ACTION, Outcome.WITHOUT_ACTION, WithoutActionReason.MISSING_CONTENT)
    letter = r.decision_entry
    assert letter.kind == Kind.OUTGOING and letter.case_id == r.case_id and letter.number.startswith(r.case.number)
    r.case.refresh_from_db()
    assert r.case.status == CaseStatus.NO_PROCEEDINGS and r.case.closed_on == DAY
    with translation.override(settings.LANGUAGE_CODE):  # letters are in the office's language
        lacks = gettext("A request must contain the names (or the name and seat of the organisation), a "
                        "description of the information asked for and an address for correspondence. "
                        "Your request lacks:")
    letters = [m for m in mail.outbox if m.to == [r.entry.correspondent_email] and lacks in m.body]
    assert (len(letters) == 1) == bool(r.entry.correspondent_email)


def test_rule_nobody_to_write_to_registers_no_letter(registrar):
    r = intake(registrar, registration=registration(correspondent=requester(name="", address="", email="", egn="")))
    assert r.status == Status.WITHOUT_ACTION and r.decision_entry is None
    assert r.entry.is_anonymous
    assert Entry.objects.count() == 1


def test_rule_the_preferred_form_is_optional(registrar):
    assert intake(registrar, preferred_forms=()).status == Status.OPEN


def test_portal_intake_without_clerk_only_through_the_portal():
    with pytest.raises(ValidationFailed) as err:
        intake(None, channel=InfoChannel.DESK)
    assert "channel" in err.value.fields
    r = intake(None, channel=InfoChannel.PORTAL, registration=registration(channel="portal"))
    assert r.channel == InfoChannel.PORTAL and r.entry.registered_by is None


def test_intake_refused_to_an_executor(expert):
    with pytest.raises(PermissionRefused):
        intake(expert)


def test_intake_rejects_unknown_forms_and_consent(registrar):
    with pytest.raises(ValidationFailed) as err:
        intake(registrar, preferred_forms=["fax"], publish_consent=["egn"], requester_type="alien")
    assert set(err.value.fields) == {"preferred_forms", "publish_consent", "requester_type"}
    assert not Entry.objects.exists()


def test_reply_tokens_are_unique_and_long(registrar):
    a, b = intake(registrar), intake(registrar)
    assert a.reply_token != b.reply_token and len(a.reply_token) >= 30


# --------------------------------------------------------------------------- clarification

def test_rule_unclear_request_stops_the_clock_and_the_requester_is_told(
        registrar, handler, django_capture_on_commit_callbacks):
    r = intake(registrar)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        c = services.clarification_ask(actor=handler, info_request=r, question="За кой сезон?",
                                       on=dt.date(2026, 3, 4))
    r.refresh_from_db()
    assert r.status == Status.CLARIFICATION and r.decision_due is None
    assert c.answer_by == dt.date(2026, 4, 3)
    assert c.letter.case_id == r.case_id and c.letter.kind == Kind.OUTGOING
    assert c.letter.registered_on == dt.date(2026, 3, 4)
    (message,) = mail.outbox
    assert f"/information/clarify/{r.reply_token}/" in message.body
    assert message.body.count("http") >= 2 and "За кой сезон?" in message.body


def test_rule_the_14_days_start_again_from_the_clarification(registrar, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="За кой сезон?", on=dt.date(2026, 3, 12))
    c = services.clarification_answer(actor=None, info_request=r, answer="За сезон 2025/2026.",
                                      on=dt.date(2026, 3, 20))
    r.refresh_from_db()
    assert r.status == Status.OPEN and r.counted_from == dt.date(2026, 3, 20)
    assert r.decision_due == dt.date(2026, 4, 3)  # the full 14 days, not what was left
    assert c.answer_entry.kind == Kind.INCOMING and c.answer_entry.case_id == r.case_id
    assert c.answer_entry.channel == "portal"
    assert r.case.deadline == dt.date(2026, 4, 3) or type(r.case).objects.get(pk=r.case_id).deadline == r.decision_due


def test_clerk_records_a_paper_clarification(registrar, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="?", on=dt.date(2026, 3, 4))
    c = services.clarification_answer(actor=handler, info_request=r, answer="Писмено уточнение.",
                                      on=dt.date(2026, 3, 6))
    assert c.answer_entry.channel == "post" and c.answer_entry.registered_by == handler


def test_rule_clarification_after_30_days_is_refused(registrar, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="?", on=dt.date(2026, 3, 4))
    entries = Entry.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.clarification_answer(actor=None, info_request=r, answer="късно", on=dt.date(2026, 4, 6))
    assert "on" in err.value.fields
    assert Entry.objects.count() == entries


def test_rule_no_clarification_within_30_days_left_without_action(
        registrar, handler, django_capture_on_commit_callbacks):
    r = intake(registrar)
    c = services.clarification_ask(actor=handler, info_request=r, question="?", on=dt.date(2026, 3, 4))
    assert services.clarifications_lapse(today=c.answer_by) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.clarifications_lapse(today=c.answer_by + dt.timedelta(days=1)) == 1
    r.refresh_from_db()
    c.refresh_from_db()
    assert c.lapsed_on == dt.date(2026, 4, 4)
    assert (r.status, r.without_action_reason) == (Status.WITHOUT_ACTION, WithoutActionReason.NO_CLARIFICATION)
    assert r.decision_entry.kind == Kind.OUTGOING and r.case.status == CaseStatus.CLOSED
    # the letter is in the office's language (LANGUAGE_CODE), whatever the clerk's
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("You were asked to clarify your request and did not do so within 30 days.")
    assert len(mail.outbox) == 1 and reason in mail.outbox[0].body
    assert services.clarifications_lapse(today=c.answer_by + dt.timedelta(days=2)) == 0


def test_clarification_refused_to_an_outsider_and_on_a_finished_request(registrar, handler, outsider):
    r = intake(registrar)
    with pytest.raises(PermissionRefused):
        services.clarification_ask(actor=outsider, info_request=r, question="?")
    done = intake(registrar, description="")
    with pytest.raises(ValidationFailed) as err:
        services.clarification_ask(actor=handler, info_request=done, question="?", on=DAY)
    assert "finished" in str(err.value.message)


def test_no_second_clarification_while_one_is_awaited(registrar, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="?", on=DAY)
    with pytest.raises(ValidationFailed):
        services.clarification_ask(actor=handler, info_request=r, question="??", on=DAY)
    assert Clarification.objects.count() == 1


# --------------------------------------------------------------------------- who sees

def test_rule_need_to_know_only_handlers_see_the_register(registrar, handler, secretary, outsider, expert):
    r = intake(registrar)
    assert list(selectors.visible_requests(handler)) == [r]
    assert list(selectors.visible_requests(secretary)) == [r]
    assert not selectors.visible_requests(outsider).exists()
    assert not selectors.visible_requests(registrar).exists()  # the desk registers; the permission handles
    assert selectors.can_handle(handler) and not selectors.can_decide(handler)
    assert selectors.can_decide(secretary) and not selectors.can_handle(expert)
