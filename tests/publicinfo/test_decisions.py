"""Extensions, third parties, forwarding, decisions, delivery, payment and access, the
requester's refusal, the tariff and the daily job (DOMAIN.md 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy

from kancelaria.audit.models import AuditEvent
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.text import office_text
from kancelaria.publicinfo import jobs, selectors, services
from kancelaria.publicinfo.models import (
    ConsentAnswer,
    CostLine,
    ExtensionReason,
    InfoChannel,
    Outcome,
    RefusalGround,
    Status,
    TariffItem,
)
from kancelaria.registry.models import CaseStatus, Counter, DocumentType, Entry, Kind

from .conftest import DAY, RECEIVED, intake, registration, requester

pytestmark = pytest.mark.django_db

D = dt.date


def tariff(code: str) -> TariffItem:
    return TariffItem.objects.get(code=code)


def grant(actor, r, **overrides):
    data = {"extent": "Пълен достъп до договора и анексите.", "access_until": D(2026, 4, 15),
            "place": "Център за административно обслужване, гише 3", "officer": actor,
            "forms": ["paper"], "cost_lines": [(tariff("copy-a4"), 12)], "on": D(2026, 3, 10)}
    data.update(overrides)
    return services.decision_grant(actor=actor, info_request=r, **data)


def numbers_unchanged(func):
    """The call fails and registers nothing: no entry, no number drawn."""
    entries, counters = Entry.objects.count(), list(Counter.objects.values_list("last_value", flat=True))
    with pytest.raises(ValidationFailed) as err:
        func()
    assert Entry.objects.count() == entries
    assert list(Counter.objects.values_list("last_value", flat=True)) == counters
    return err.value


# --------------------------------------------------------------------------- tariff

def test_rule_costs_follow_the_national_tariff_in_euro():
    prices = dict(TariffItem.objects.values_list("code", "price"))
    assert prices == {"print-a4": Decimal("0.06"), "copy-a4": Decimal("0.05"), "cd": Decimal("0.26"),
                      "dvd": Decimal("0.31"), "fax-a4": Decimal("0.31"), "reference-a4": Decimal("0.43")}
    assert set(TariffItem.objects.values_list("currency", flat=True)) == {"EUR"}


def test_tariff_save_by_administrators_only_and_price_copied(admin, secretary, registrar):
    with pytest.raises(PermissionRefused):
        services.tariff_save(actor=secretary, item=TariffItem(code="x", name="x", unit="x", price=Decimal("1")))
    item = tariff("copy-a4")
    r = intake(registrar)
    grant(secretary, r)
    item.price = Decimal("0.07")
    services.tariff_save(actor=admin, item=item)
    line = CostLine.objects.get()
    assert (line.price, line.amount) == (Decimal("0.05"), Decimal("0.60"))
    with pytest.raises(ValidationFailed) as err:
        services.tariff_save(actor=admin, item=TariffItem(code="cd", name="", unit="", price=Decimal("-1")))
    assert set(err.value.fields) == {"code", "name", "unit", "price"}
    assert AuditEvent.objects.filter(object_type="publicinfo.tariffitem").count() == 1


# --------------------------------------------------------------------------- extensions

def test_rule_extension_up_to_10_days_for_a_large_volume(registrar, handler, django_capture_on_commit_callbacks):
    r = intake(registrar)
    with pytest.raises(ValidationFailed):
        services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=11,
                                 on=D(2026, 3, 5))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ext = services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=10,
                                       note="Над 300 страници документи.", on=D(2026, 3, 5))
    r.refresh_from_db()
    assert (ext.old_due, ext.new_due) == (D(2026, 3, 16), D(2026, 3, 26))
    assert r.decision_due == D(2026, 3, 26) and r.due_explanation["extend_days"] == 10
    assert ext.letter.kind == Kind.OUTGOING and ext.letter.case_id == r.case_id
    assert len(mail.outbox) == 1 and "26.03.2026" in mail.outbox[0].body


def test_rule_extension_up_to_14_days_needs_a_third_party(registrar, handler):
    r = intake(registrar)
    err = numbers_unchanged(lambda: services.extension_grant(
        actor=handler, info_request=r, reason=ExtensionReason.THIRD_PARTY, days=14, on=D(2026, 3, 5)))
    assert "reason" in err.fields
    services.third_party_add(actor=handler, info_request=r, name="Родопи Строй ООД")
    ext = services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.THIRD_PARTY, days=14,
                                   on=D(2026, 3, 5))
    assert ext.new_due == D(2026, 3, 30)


def test_rule_each_extension_reason_once(registrar, handler):
    r = intake(registrar)
    services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5,
                             on=D(2026, 3, 5))
    err = numbers_unchanged(lambda: services.extension_grant(
        actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5, on=D(2026, 3, 6)))
    assert "reason" in err.fields
    # the other reason adds up: 14 + 5 + 14 days
    services.third_party_add(actor=handler, info_request=r, name="Родопи Строй ООД")
    ext = services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.THIRD_PARTY, days=14,
                                   on=D(2026, 3, 6))
    assert ext.new_due == D(2026, 4, 6)  # 2 March + 33 days = Saturday 4 April -> Monday 6 April


def test_rule_extension_after_the_due_date_is_refused(registrar, handler):
    r = intake(registrar)
    err = numbers_unchanged(lambda: services.extension_grant(
        actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5, on=D(2026, 3, 17)))
    assert "on" in err.fields
    assert services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5,
                                    on=D(2026, 3, 16)).new_due == D(2026, 3, 23)


def test_rule_reuse_extended_by_14_for_a_complex_request_within_the_first_14_days(registrar, handler):
    r = intake(registrar, kind="reuse")
    with pytest.raises(ValidationFailed):
        services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5,
                                 on=D(2026, 3, 5))
    with pytest.raises(ValidationFailed):
        services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.COMPLEX_REUSE, days=14,
                                 on=D(2026, 3, 17))
    ext = services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.COMPLEX_REUSE, days=14,
                                   on=D(2026, 3, 16))
    assert ext.new_due == D(2026, 3, 30)


def test_extension_refused_while_waiting_for_a_clarification(registrar, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="?", on=DAY)
    with pytest.raises(ValidationFailed) as err:
        services.extension_grant(actor=handler, info_request=r, reason=ExtensionReason.LARGE_VOLUME, days=5, on=DAY)
    assert "clarification" in str(err.value.message)


# --------------------------------------------------------------------------- third parties

def test_rule_third_party_steps_5_and_7_days_after_registration(registrar, handler):
    r = intake(registrar)
    party = services.third_party_add(actor=handler, info_request=r, name="Родопи Строй ООД",
                                     address="гр. Кърджали, ул. „Беломорска“ № 60")
    assert party.unit_told_due == D(2026, 3, 9)  # 7 March is a Saturday
    assert party.consent_asked_due == D(2026, 3, 9)
    party = services.third_party_record(actor=handler, third_party=party, unit_told_on=D(2026, 3, 4),
                                        consent_asked_on=D(2026, 3, 5))
    assert party.consent_letter.kind == Kind.OUTGOING and party.consent_letter.case_id == r.case_id
    assert party.consent_letter.correspondent_name == "Родопи Строй ООД"
    with pytest.raises(ValidationFailed):
        services.third_party_record(actor=handler, third_party=party, unit_told_on=D(2026, 3, 5))
    party = services.third_party_record(actor=handler, third_party=party, answer=ConsentAnswer.GIVEN,
                                        answered_on=D(2026, 3, 9))
    assert party.answer == ConsentAnswer.GIVEN


def test_rule_no_consent_needed_for_an_obliged_body_or_public_interest(registrar, handler, secretary):
    r = intake(registrar)
    party = services.third_party_add(actor=handler, info_request=r, name="Областна администрация – Кърджали")
    with pytest.raises(ValidationFailed) as err:
        services.third_party_record(actor=handler, third_party=party, answer=ConsentAnswer.NOT_NEEDED,
                                    answered_on=D(2026, 3, 3))
    assert "note" in err.value.fields
    services.third_party_record(actor=handler, third_party=party, answer=ConsentAnswer.NOT_NEEDED,
                                answered_on=D(2026, 3, 3), note="Задължен субект по чл. 3 ЗДОИ.")
    assert grant(secretary, r).outcome == Outcome.GRANTED


def test_rule_third_party_refusal_gives_partial_access(registrar, handler, secretary):
    r = intake(registrar)
    party = services.third_party_add(actor=handler, info_request=r, name="Родопи Строй ООД")
    err = numbers_unchanged(lambda: grant(secretary, r))
    assert "request" in err.fields  # the third party has not answered
    services.third_party_record(actor=handler, third_party=party, consent_asked_on=D(2026, 3, 4),
                                answer=ConsentAnswer.REFUSED, answered_on=D(2026, 3, 9))
    err = numbers_unchanged(lambda: grant(secretary, r))
    assert "partial" in err.fields
    r = grant(secretary, r, partial=True, refusal_grounds=[RefusalGround.THIRD_PARTY],
              factual_grounds="Търговската тайна на изпълнителя (единични цени) е заличена.")
    assert r.outcome == Outcome.PARTIAL and r.refusal_grounds == ["third_party"]
    assert r.appeal_route == services.default_appeal_route() and r.decision_entry.doc_type == DocumentType.INFO_ANSWER


def test_third_party_ground_needs_a_refusal(registrar, secretary):
    r = intake(registrar)
    err = numbers_unchanged(lambda: services.decision_refuse(
        actor=secretary, info_request=r, grounds=[RefusalGround.THIRD_PARTY], factual_grounds="...", on=D(2026, 3, 10)))
    assert "grounds" in err.fields


# --------------------------------------------------------------------------- not held

def test_rule_not_held_holder_known_forwarded_within_14_days(registrar, handler, django_capture_on_commit_callbacks):
    r = intake(registrar)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = services.request_forward(actor=handler, info_request=r, to_body="Областна администрация – Кърджали",
                                     on=D(2026, 3, 9))
    assert (r.status, r.outcome, r.forwarded_on) == (Status.FORWARDED, Outcome.FORWARDED, D(2026, 3, 9))
    assert r.case.status == CaseStatus.FORWARDED and r.forward_due == D(2026, 3, 16)
    docs = list(r.case.entries.order_by("ordinal").values_list("doc_type", "correspondent_name"))
    assert docs[1] == (DocumentType.FORWARDING, "Областна администрация – Кърджали")
    assert docs[2] == (DocumentType.LETTER, "Иван Петров Иванов")
    assert len(mail.outbox) == 1 and "Областна администрация" in mail.outbox[0].body


def test_rule_not_held_holder_unknown_the_requester_is_told(registrar, secretary, handler,
                                                             django_capture_on_commit_callbacks):
    r = intake(registrar)
    with pytest.raises(PermissionRefused):
        services.decision_not_held(actor=handler, info_request=r, note="...")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = services.decision_not_held(actor=secretary, info_request=r, note="Общината не е възложител.",
                                       on=D(2026, 3, 10))
    assert (r.status, r.outcome) == (Status.NOT_HELD, Outcome.NOT_HELD)
    assert r.decision_entry.doc_type == DocumentType.LETTER and r.case.status == CaseStatus.CLOSED
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------- grant

def test_rule_grant_states_extent_time_place_officer_form_costs(registrar, secretary):
    r = intake(registrar)
    err = numbers_unchanged(lambda: services.decision_grant(
        actor=secretary, info_request=r, extent="", access_until=None, place="", officer=None, forms=[],
        on=D(2026, 3, 10)))
    assert {"extent", "access_until", "place", "officer", "forms"} <= set(err.fields)
    r = grant(secretary, r, other_bodies="Областна администрация – Кърджали")
    assert (r.status, r.outcome, r.costs) == (Status.DECIDED, Outcome.GRANTED, Decimal("0.60"))
    assert r.decision_entry.number.startswith(r.case.number) and r.decision_entry.kind == Kind.OUTGOING
    assert r.access_officer == secretary and r.access_forms == ["paper"]


def test_rule_grant_with_electronic_forms_costs_nothing(registrar, secretary):
    r = intake(registrar)
    err = numbers_unchanged(lambda: grant(secretary, r, forms=["electronic"], place=""))
    assert "cost_lines" in err.fields
    r = grant(secretary, r, forms=["electronic", "web_address"], place="", cost_lines=(),
              information_url="https://momchilgrad.bg/obshtestveni-porachki")
    assert r.costs == Decimal("0.00")


def test_rule_preferred_form_honoured_or_reasoned(registrar, secretary):
    r = intake(registrar, preferred_forms=["electronic"])
    err = numbers_unchanged(lambda: grant(secretary, r))
    assert "factual_grounds" in err.fields
    r = grant(secretary, r, factual_grounds="Договорът не е сканиран: копие на хартия.")
    assert r.access_forms == ["paper"]


def test_rule_decision_files_and_web_address_e_mailed_on_electronic_delivery(
        registrar, secretary, handler, django_capture_on_commit_callbacks):
    r = intake(registrar, channel=InfoChannel.EMAIL, registration=registration(channel="email"))
    pdf = SimpleUploadedFile("dogovor.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    r = grant(secretary, r, forms=["electronic"], place="", cost_lines=(), files=[pdf],
              information_url="https://momchilgrad.bg/dogovori", information_text="Договор № 12/2025.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = services.decision_deliver(actor=handler, info_request=r, method="email", on=D(2026, 3, 10))
    assert (r.status, r.access_given_on, r.protocol_entry) == (Status.ACCESS_GIVEN, D(2026, 3, 10), None)
    assert r.case.status == CaseStatus.CLOSED
    (message,) = mail.outbox
    assert message.attachments[0][0] == "dogovor.pdf"
    assert "https://momchilgrad.bg/dogovori" in message.body and "Договор № 12/2025." in message.body


def test_rule_costs_paid_before_access_with_a_handover_protocol(registrar, secretary, handler):
    r = intake(registrar)
    r = grant(secretary, r)
    r = services.decision_deliver(actor=handler, info_request=r, method="post", on=D(2026, 3, 12))
    assert r.status == Status.DELIVERED
    err = numbers_unchanged(lambda: services.access_give(actor=handler, info_request=r, on=D(2026, 3, 13)))
    assert "request" in err.fields
    services.payment_record(actor=handler, info_request=r, on=D(2026, 3, 13), document="Квитанция № 0001234")
    with pytest.raises(ValidationFailed):
        services.payment_record(actor=handler, info_request=r, on=D(2026, 3, 13), document="again")
    r = services.access_give(actor=handler, info_request=r, on=D(2026, 3, 13), notes="Предадени 12 страници.")
    assert r.status == Status.ACCESS_GIVEN and r.protocol_entry.doc_type == DocumentType.PROTOCOL
    assert r.protocol_entry.case_id == r.case_id and r.case.status == CaseStatus.CLOSED


def test_free_grant_needs_no_payment(registrar, secretary, handler):
    r = grant(secretary, intake(registrar), forms=["inspection"], cost_lines=())
    with pytest.raises(ValidationFailed):
        services.payment_record(actor=handler, info_request=r, on=D(2026, 3, 11), document="x")
    r = services.access_give(actor=handler, info_request=r, on=D(2026, 3, 11))
    assert r.delivery_method == "in_person" and r.delivered_on == D(2026, 3, 11)


def test_access_after_the_time_limit_is_refused(registrar, secretary, handler):
    r = grant(secretary, intake(registrar), cost_lines=(), forms=["inspection"], access_until=D(2026, 3, 20))
    err = numbers_unchanged(lambda: services.access_give(actor=handler, info_request=r, on=D(2026, 3, 23)))
    assert "on" in err.fields


# --------------------------------------------------------------------------- refusal

def test_rule_refusal_states_grounds_facts_and_appeal(registrar, secretary):
    r = intake(registrar)
    err = numbers_unchanged(lambda: services.decision_refuse(actor=secretary, info_request=r, grounds=[],
                                                             factual_grounds="", on=D(2026, 3, 10)))
    assert {"grounds", "factual_grounds"} <= set(err.fields)
    r = services.decision_refuse(actor=secretary, info_request=r, grounds=[RefusalGround.CLASSIFIED],
                                 factual_grounds="Документът е класифициран.", on=D(2026, 3, 10))
    assert (r.status, r.outcome, r.decision_entry.doc_type) == (Status.REFUSED, Outcome.REFUSED,
                                                                DocumentType.INFO_REFUSAL)
    assert r.appeal_route == services.default_appeal_route() and r.case.status == CaseStatus.CLOSED


def test_rule_already_given_in_the_previous_6_months(registrar, secretary, handler):
    first = grant(secretary, intake(registrar), on=D(2026, 3, 10))
    later = intake(registrar, now=RECEIVED.replace(month=8, day=3),
                   registration=registration(correspondent=requester(egn="", email="IVAN@example.bg")))
    found = selectors.earlier_grants(later)
    assert [g.request for g in found] == [first] and found[0].same == "email" and found[0].similarity == 1.0
    r = services.decision_refuse(actor=secretary, info_request=later, grounds=[RefusalGround.ALREADY_GIVEN],
                                 factual_grounds=f"Предоставена с решение {first.decision_entry.number}.",
                                 on=D(2026, 8, 5))
    assert r.outcome == Outcome.REFUSED
    too_late = intake(registrar, now=RECEIVED.replace(month=9, day=11))
    assert selectors.earlier_grants(too_late) == []
    err = numbers_unchanged(lambda: services.decision_refuse(
        actor=secretary, info_request=too_late, grounds=[RefusalGround.ALREADY_GIVEN], factual_grounds="...",
        on=D(2026, 9, 14)))
    assert "grounds" in err.fields


def test_rule_reuse_refusal_reasoned_with_date_and_appeal(registrar, secretary):
    r = intake(registrar, kind="reuse")
    with pytest.raises(ValidationFailed):
        services.decision_refuse(actor=secretary, info_request=r, grounds=[RefusalGround.ALREADY_GIVEN],
                                 factual_grounds="...", on=D(2026, 3, 10))
    r = services.decision_refuse(actor=secretary, info_request=r, grounds=[RefusalGround.REUSE_THIRD_PARTY_IP],
                                 factual_grounds="Картите са собственост на АГКК.", on=D(2026, 3, 10))
    assert r.decided_on == D(2026, 3, 10) and r.appeal_route and r.decision_entry.subject == office_text(
        gettext_lazy("Decision refusing the re-use of public-sector information"))


def test_refusal_delivery_recorded_once(registrar, secretary, handler, django_capture_on_commit_callbacks):
    r = services.decision_refuse(actor=secretary, info_request=intake(registrar), grounds=["classified"],
                                 factual_grounds="Класифицирана информация.", on=D(2026, 3, 10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = services.decision_deliver(actor=handler, info_request=r, method="email", on=D(2026, 3, 10))
    assert r.status == Status.REFUSED and r.delivered_on == D(2026, 3, 10)
    assert services.default_appeal_route() in mail.outbox[0].body and not mail.outbox[0].attachments
    with pytest.raises(ValidationFailed) as err:
        services.decision_deliver(actor=handler, info_request=r, method="post", on=D(2026, 3, 11))
    assert "finished" in str(err.value.message)


# --------------------------------------------------------------------------- requester's refusal

def test_rule_not_collected_or_not_paid_is_the_requesters_refusal(registrar, secretary, handler):
    r = grant(secretary, intake(registrar), access_until=D(2026, 3, 31))
    services.decision_deliver(actor=handler, info_request=r, method="post", on=D(2026, 3, 12))
    with pytest.raises(ValidationFailed):
        services.requester_refusal_record(actor=handler, info_request=r, on=D(2026, 3, 31))
    assert services.requester_refusals_check(today=D(2026, 3, 31)) == 0
    assert services.requester_refusals_check(today=D(2026, 4, 1)) == 1
    r.refresh_from_db()
    assert (r.status, r.requester_refused_on) == (Status.REQUESTER_REFUSED, D(2026, 4, 1))
    assert r.case.status == CaseStatus.CLOSED or type(r.case).objects.get(pk=r.case_id).status == CaseStatus.CLOSED
    assert services.requester_refusals_check(today=D(2026, 4, 2)) == 0


def test_rule_electronic_requests_never_turn_into_requester_refusals(registrar, secretary, handler):
    r = intake(registrar, channel=InfoChannel.PLATFORM)
    r = grant(secretary, r, access_until=D(2026, 3, 31))
    services.decision_deliver(actor=handler, info_request=r, method="post", on=D(2026, 3, 12))
    err = numbers_unchanged(lambda: services.requester_refusal_record(actor=handler, info_request=r,
                                                                      on=D(2026, 4, 2)))
    assert "electronically" in str(err.fields["request"][0])
    assert services.requester_refusals_check(today=D(2026, 4, 2)) == 0


def test_daily_checks_job_runs_both_checks(registrar, secretary, handler):
    r = grant(secretary, intake(registrar), access_until=D(2026, 3, 31))
    services.decision_deliver(actor=handler, info_request=r, method="in_person", on=D(2026, 3, 12))
    other = intake(registrar)
    services.clarification_ask(actor=handler, info_request=other, question="?", on=D(2026, 3, 3))
    result = jobs.daily_checks.enqueue(day="2026-04-06").return_value
    assert result == {"day": "2026-04-06", "left_without_action": 1, "refused_by_requester": 1}


# --------------------------------------------------------------------------- finished requests

def test_rule_actions_on_finished_requests_are_refused(registrar, secretary, handler):
    r = services.decision_refuse(actor=secretary, info_request=intake(registrar), grounds=["classified"],
                                 factual_grounds="...", on=D(2026, 3, 10))
    for call in (
        lambda: services.clarification_ask(actor=handler, info_request=r, question="?", on=D(2026, 3, 11)),
        lambda: services.extension_grant(actor=handler, info_request=r, reason="large_volume", days=5,
                                         on=D(2026, 3, 11)),
        lambda: services.request_forward(actor=handler, info_request=r, to_body="X", on=D(2026, 3, 11)),
        lambda: grant(secretary, r),
        lambda: services.decision_not_held(actor=secretary, info_request=r, note="x", on=D(2026, 3, 11)),
        lambda: services.third_party_add(actor=handler, info_request=r, name="X"),
    ):
        err = numbers_unchanged(call)
        assert "finished" in str(err.message)


def test_a_second_decision_is_refused(registrar, secretary):
    r = grant(secretary, intake(registrar))
    err = numbers_unchanged(lambda: grant(secretary, r))
    assert "already decided" in str(err.message)


def test_rule_dossier_holds_every_document_in_order(registrar, secretary, handler):
    r = intake(registrar)
    services.clarification_ask(actor=handler, info_request=r, question="?", on=D(2026, 3, 3))
    services.clarification_answer(actor=None, info_request=r, answer="Сезон 2025/2026.", on=D(2026, 3, 4))
    services.extension_grant(actor=handler, info_request=r, reason="large_volume", days=5, on=D(2026, 3, 5))
    r = grant(secretary, r, on=D(2026, 3, 10))
    services.payment_record(actor=handler, info_request=r, on=D(2026, 3, 11), document="К-1")
    services.access_give(actor=handler, info_request=r, on=D(2026, 3, 11))
    dossier = selectors.request_dossier(r)
    assert [e.ordinal for e in dossier] == [1, 2, 3, 4, 5, 6]
    assert [e.kind for e in dossier] == ["incoming", "outgoing", "incoming", "outgoing", "outgoing", "internal"]
    assert all(e.number.startswith(r.case.number) for e in dossier)


def test_register_rows_filters(registrar, secretary, handler, django_assert_max_num_queries):
    a = intake(registrar)
    b = intake(registrar, kind="reuse")
    assert list(selectors.register_rows({"kind": "reuse"}, user=handler)) == [b]
    assert list(selectors.register_rows({"overdue": True, "today": D(2026, 3, 17)}, user=handler)) == [b, a]
    assert list(selectors.register_rows({"q": a.number}, user=handler)) == [a]
    with django_assert_max_num_queries(3):
        rows = list(selectors.register_rows({"year": 2026}, user=handler))
        [(row.number, row.case.index.code) for row in rows]
    assert len(rows) == 2
