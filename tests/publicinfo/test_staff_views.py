"""The staff pages of access to public information (DOMAIN.md 5): the electronic register
of requests with its filters and CSV, intake at the desk, the dossier with its clocks,
documents and the steps its state allows, the decision page and the tariff."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kancelaria.audit.models import AuditEvent
from kancelaria.publicinfo import services
from kancelaria.publicinfo.models import (
    ConsentAnswer,
    InfoRequest,
    Outcome,
    Status,
    TariffItem,
)
from kancelaria.registry.models import DocumentType
from tests import factories

from .conftest import DAY, intake, registration, requester

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = dt.date.today


def url(name: str, *args) -> str:
    return reverse(f"publicinfo:{name}", args=args)


def recent(days_ago: int = 0, hour: int = 10) -> dt.datetime:
    """A moment `days_ago` working-ish days back, for requests whose clock runs now."""
    from django.utils import timezone

    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def grant_data(officer, **overrides) -> dict:
    data = {
        "grant-extent": "Копие от договора и анексите към него.", "grant-access_forms": ["paper"],
        "grant-access_until": (TODAY() + dt.timedelta(days=14)).isoformat(),
        "grant-place": "Център за административно обслужване, гише 3", "grant-officer": str(officer.pk),
        "grant-appeal_route": "", "grant-on": "",
        "cost-TOTAL_FORMS": "3", "cost-INITIAL_FORMS": "0", "cost-MIN_NUM_FORMS": "0", "cost-MAX_NUM_FORMS": "20",
        "cost-0-item": str(TariffItem.objects.get(code="copy-a4").pk), "cost-0-quantity": "12",
        "cost-1-item": str(TariffItem.objects.get(code="cd").pk), "cost-1-quantity": "1",
        "cost-2-item": "", "cost-2-quantity": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def filled(handler):
    """An open request of this week, a late one, a re-use request and one left without action."""
    return {
        "open": intake(handler, now=recent(1)),
        "late": intake(handler, description="Протоколите от заседанията на общинския съвет през 2025 г.",
                       registration=registration(correspondent=requester(name="Елена Стоянова", egn="",
                                                                         email="elena@example.bg"))),
        "reuse": intake(handler, kind="reuse", now=recent(2), requester_type="company",
                        description="Наборите от данни за общинските имоти за повторно използване.",
                        registration=registration(correspondent=requester(name="Дата Консулт ООД", egn="",
                                                                          kind="organisation"))),
        "empty": intake(handler, description="", now=recent(3)),
    }


# --------------------------------------------------------------------------- the register

def test_rule_electronic_register_lists_number_date_requester_channel_status_due_and_outcome(
        client, secretary, filled, django_assert_max_num_queries):
    """DOMAIN.md 5 (an electronic register of requests is kept): given four requests, when
    the secretary opens the register, then each row shows its number, date, requester
    type, channel, description, status, the due date with days left or how late, and the
    outcome, in a fixed number of queries; the EGN is masked for her."""
    for _extra in range(5):
        intake(factories.user("handler"), now=recent(1))
    client.force_login(secretary)
    with django_assert_max_num_queries(9):
        response = client.get(url("register"))
    assert response.status_code == 200
    html = response.content.decode()
    for r in filled.values():
        assert f'data-request="{r.pk}"' in html and r.entry.number in html
    assert re.search(r"\d+ days? late", html) and 'data-late="' in html  # the March request is late
    assert 'data-days-left="' in html
    assert "******0018" in html and factories.VALID_EGN not in html
    assert 'data-outcome="without_action"' in html and "Left without action" in html
    assert "in writing at the desk" in html and "Company" in html


def test_the_register_filters_by_kind_status_year_lateness_and_text(client, secretary, filled):
    client.force_login(secretary)

    def numbers(**params) -> set[str]:
        html = client.get(url("register"), params).content.decode()
        return {r.entry.number for r in filled.values() if f'data-request="{r.pk}"' in html}

    assert numbers(kind="reuse") == {filled["reuse"].entry.number}
    assert numbers(status="without_action") == {filled["empty"].entry.number}
    assert filled["empty"].entry.number not in numbers(status="pending")
    assert numbers(overdue="on") == {filled["late"].entry.number}
    assert numbers(q="общинския съвет") == {filled["late"].entry.number}
    assert numbers(q=filled["open"].entry.number) == {filled["open"].entry.number}
    assert numbers(year=str(DAY.year)) == {r.entry.number for r in filled.values()}
    assert numbers(year="1999", kind="reuse") == {filled["reuse"].entry.number}  # a wrong filter is left out
    assert client.get(url("register"), {"year": "abc", "status": "nonsense"}).status_code == 200


def test_the_register_exports_csv_with_the_filters(client, secretary, filled):
    """The register is exportable: the CSV holds the filtered rows, with days left or late."""
    client.force_login(secretary)
    response = client.get(url("register"), {"kind": "access", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Number" and rows[0][9] == "Days left" and len(rows[0]) == 14
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {filled[k].entry.number for k in ("open", "late", "empty")}
    late = by_number[filled["late"].entry.number]
    assert late[1] == DAY.isoformat() and late[8] == "2026-03-16" and int(late[10]) > 0
    assert by_number[filled["open"].entry.number][9] != ""
    assert late[4] == "Елена Стоянова" and late[3] == "citizen"


def test_rule_need_to_know_only_handlers_see_the_register_and_the_dossiers(
        client, handler, secretary, registrar, expert, filled):
    """DOMAIN.md 5 and 11: staff without the permission to handle requests (and without a
    resolver's or administrator's role) see nothing of the register: 403 on the register,
    the dossier, the decision page and the tariff; anonymous visitors log in first."""
    r = filled["open"]
    assert client.get(url("register")).status_code == 302
    for user in (expert, registrar, factories.user("citizen")):
        client.force_login(user)
        for page in (url("dossier", r.pk), url("decide", r.pk), url("tariff")):
            assert client.get(page).status_code == 403, (user, page)
        # the register: refused, except that a registrar (who registers requests) is taken to the intake form
        response = client.get(url("register"))
        if user == registrar:
            assert response.status_code == 302 and response["Location"] == url("new")
        else:
            assert response.status_code == 403, user
        assert client.post(url("clarify", r.pk), {"clarify-question": "?"}).status_code == 403
    client.force_login(handler)
    assert client.get(url("register")).status_code == 200
    assert client.get(url("dossier", r.pk)).status_code == 200
    assert client.get(url("dossier", 999999)).status_code == 404


def test_the_dossier_read_is_audited(client, secretary, filled):
    r = filled["open"]
    client.force_login(secretary)
    before = AuditEvent.objects.filter(action="read", object_id=str(r.pk), object_type__icontains="inforequest").count()
    assert client.get(url("dossier", r.pk)).status_code == 200
    after = AuditEvent.objects.filter(action="read", object_id=str(r.pk), object_type__icontains="inforequest").count()
    assert after == before + 1


# --------------------------------------------------------------------------- intake at the desk

def intake_post(**overrides) -> dict:
    data = {"name": "Гергана Илиева Петрова", "identifier": "", "requester_type": "citizen", "channel": "desk",
            "kind": "access", "address": "гр. Момчилград, ул. „Ал. Стамболийски“ 5", "email": "", "phone": "",
            "description": "Справка за разходите за улично осветление през 2026 г.", "accessible_form": "",
            "notes": "", "pages": "1"}
    data.update(overrides)
    return data


def test_desk_intake_registers_under_its_own_index_and_opens_the_dossier(client, handler):
    """DOMAIN.md 5: the desk registers a request under its own index (ЗДОИ) and the
    decision is due 14 days later; the dossier explains how the date was counted."""
    client.force_login(handler)
    page = client.get(url("new")).content.decode()
    assert 'autofocus' in page and 'name="name"' in page
    response = client.post(url("new"), intake_post(preferred_forms=["paper", "electronic"],
                                                    publish_consent=["name"], email="gergana@example.bg"))
    r = InfoRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("dossier", r.pk)
    assert r.entry.number.startswith("ЗДОИ-") and r.channel == "desk" and r.status == Status.OPEN
    assert r.preferred_forms == ["paper", "electronic"] and r.publish_consent == ["name"]
    html = client.get(response["Location"]).content.decode()
    assert "How the deadline was counted" in html and r.decision_due.strftime("%d.%m.%Y") in html
    assert 'id="step-clarify"' in html and 'id="step-extend"' in html and 'id="step-forward"' in html
    assert 'id="step-deliver"' not in html and 'id="step-payment"' not in html


def test_rule_an_oral_request_is_recorded_in_a_protocol_signed_by_both(client, handler):
    """DOMAIN.md 5: an oral request is written in a protocol, signed by the requester and
    the clerk; without it the desk shows the errors in the error summary."""
    client.force_login(handler)
    response = client.post(url("new"), intake_post(channel="oral"))
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    assert "Write the protocol of the oral request." in html and 'href="#id_protocol_signed"' in html
    assert not InfoRequest.objects.exists()
    response = client.post(url("new"), intake_post(channel="oral", protocol_signed="on",
                                                   notes="Лицето пита устно за разходите за осветление."))
    r = InfoRequest.objects.get()
    assert response.status_code == 302 and r.channel == "oral" and r.protocol_signed
    assert r.entry.notes.startswith("Лицето пита устно")


def test_rule_without_names_description_or_address_the_request_is_registered_and_left_without_action(
        client, handler):
    """DOMAIN.md 5: never refused at the desk: a request without a description is
    registered, then left without action at once."""
    client.force_login(handler)
    response = client.post(url("new"), intake_post(description=""))
    r = InfoRequest.objects.get()
    assert response.status_code == 302
    assert r.status == Status.WITHOUT_ACTION and r.missing_content == ["description"]
    html = client.get(url("dossier", r.pk)).content.decode()
    assert 'id="missing-content"' in html and 'data-status="without_action"' in html
    assert "Next steps" not in html


def test_desk_intake_errors_are_shown_and_only_the_desk_registers(client, handler, expert):
    client.force_login(handler)
    response = client.post(url("new"), intake_post(identifier="1234567890", email="not-an-email", pages="-1"))
    html = response.content.decode()
    assert response.status_code == 400 and "Enter an e-mail address like name@example.bg." in html
    assert 'href="#id_email"' in html and not InfoRequest.objects.exists()
    response = client.post(url("new"), intake_post(identifier="1234567890"))
    assert response.status_code == 400 and "EGN" in response.content.decode()
    client.force_login(expert)
    assert client.get(url("new")).status_code == 403


def test_a_registrar_without_the_permission_registers_but_does_not_see_the_dossier(client, registrar):
    client.force_login(registrar)
    response = client.post(url("new"), intake_post())
    assert response.status_code == 302 and response["Location"] == url("new")
    assert InfoRequest.objects.get().entry.number in client.get(url("new")).content.decode()


# --------------------------------------------------------------------------- the dossier and its steps

def test_the_dossier_lists_the_case_documents_in_order_with_links(client, handler, secretary):
    """The dossier holds the request and all letters, in order, each linked to its
    registration card."""
    r = intake(handler, now=recent(1))
    services.clarification_ask(actor=handler, info_request=r, question="Кой сезон имате предвид?")
    services.clarification_answer(actor=handler, info_request=r, answer="Сезон 2025/2026.")
    client.force_login(secretary)
    html = client.get(url("dossier", r.pk)).content.decode()
    rows = re.findall(r'data-entry="(\d+)"', html)
    entries = list(r.case.entries.order_by("ordinal").values_list("pk", flat=True))
    assert [int(x) for x in rows] == entries and len(entries) == 3
    for pk in entries:
        assert reverse("registry:entry", args=[pk]) in html
    assert 'id="clarifications"' in html and "Сезон 2025/2026." in html


def test_rule_clarification_stops_the_clock_and_the_14_days_start_again(client, handler):
    """DOMAIN.md 5: asking for a clarification stops the clock (only the step to record the
    clarification remains); the clarification received on paper restarts the full 14 days."""
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    response = client.post(url("clarify", r.pk), {"clarify-question": ""})
    assert response.status_code == 400 and 'href="#id_clarify-question"' in response.content.decode()
    response = client.post(url("clarify", r.pk), {"clarify-question": "Кой договор имате предвид?"})
    assert response.status_code == 302
    html = client.get(url("dossier", r.pk)).content.decode()
    assert 'data-status="clarification"' in html and "The clock is stopped" in html
    assert 'id="step-clarification"' in html and 'id="step-clarify"' not in html and 'id="step-decide"' not in html
    response = client.post(url("clarification", r.pk), {"clarification-answer": "Договорът за снегопочистване.",
                                                        "clarification-channel": "post"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.OPEN and r.counted_from == TODAY()
    assert r.decision_due == services.decision_clock(TODAY()).due


def test_rule_extension_at_most_10_days_for_a_large_volume(client, handler):
    """DOMAIN.md 5: a large volume allows at most 10 more days; the error is shown with
    the form, and a valid extension moves the due date and registers the letter."""
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    response = client.post(url("extend", r.pk), {"extend-reason": "large_volume", "extend-days": "12"})
    html = response.content.decode()
    assert response.status_code == 400 and "at most 10 days" in html and 'href="#id_extend-days"' in html
    response = client.post(url("extend", r.pk), {"extend-reason": "third_party", "extend-days": "14"})
    assert response.status_code == 400 and "First record the third party" in response.content.decode()
    response = client.post(url("extend", r.pk), {"extend-reason": "large_volume", "extend-days": "10",
                                                 "extend-note": "Над 300 страници документи."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.decision_due == services.decision_clock(r.counted_from, extend_days=10).due
    html = client.get(url("dossier", r.pk)).content.decode()
    assert 'data-extension="large_volume"' in html and 'id="step-extend"' in html  # third-party reason left


def test_rule_third_party_the_unit_tells_in_5_days_and_consent_is_asked_in_7(client, handler):
    """DOMAIN.md 5: a recorded third party shows the 5-day and the 7-day dates; the
    request for consent is a registered letter; the answer is recorded once."""
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    response = client.post(url("third_party_add", r.pk), {"third-name": "", "third-address": ""})
    assert response.status_code == 400
    response = client.post(url("third_party_add", r.pk), {"third-name": "Пътстрой ЕООД",
                                                           "third-address": "гр. Кърджали"})
    assert response.status_code == 302
    tp = r.third_parties.get()
    html = client.get(url("dossier", r.pk)).content.decode()
    assert tp.unit_told_due.strftime("%d.%m.%Y") in html and tp.consent_asked_due.strftime("%d.%m.%Y") in html
    assert f'id="step-third-party-{tp.pk}"' in html
    prefix = f"tp{tp.pk}"
    response = client.post(url("third_party_record", r.pk, tp.pk), {
        f"{prefix}-unit_told_on": TODAY().isoformat(), f"{prefix}-consent_asked_on": TODAY().isoformat()})
    assert response.status_code == 302
    tp.refresh_from_db()
    assert tp.consent_letter is not None and tp.consent_letter.case_id == r.case_id
    response = client.post(url("third_party_record", r.pk, tp.pk), {f"{prefix}-answer": "refused"})
    assert response.status_code == 400 and "Enter the date of the answer." in response.content.decode()
    response = client.post(url("third_party_record", r.pk, tp.pk), {
        f"{prefix}-answer": "refused", f"{prefix}-answered_on": TODAY().isoformat()})
    assert response.status_code == 302
    tp.refresh_from_db()
    assert tp.answer == ConsentAnswer.REFUSED


def test_forward_closes_the_case(client, handler):
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    response = client.post(url("forward", r.pk), {"forward-to_body": "Областна администрация – Кърджали"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.FORWARDED and r.forwarded_to.startswith("Областна")
    html = client.get(url("dossier", r.pk)).content.decode()
    assert 'id="step-forward"' not in html and "Forwarded on" in html
    assert client.post(url("forward", r.pk), {"forward-to_body": "Друг орган"}).status_code == 403


# --------------------------------------------------------------------------- the decision

def test_the_decision_page_is_for_deciders_only(client, handler, secretary):
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    assert client.get(url("dossier", r.pk)).status_code == 200
    assert 'id="step-decide"' not in client.get(url("dossier", r.pk)).content.decode()
    assert client.get(url("decide", r.pk)).status_code == 403
    assert client.post(url("refuse", r.pk), {}).status_code == 403
    client.force_login(secretary)
    assert 'id="step-decide"' in client.get(url("dossier", r.pk)).content.decode()
    assert client.get(url("decide", r.pk)).status_code == 200


def test_rule_already_given_earlier_grants_to_the_same_requester_in_6_months_are_shown(client, handler, secretary):
    """DOMAIN.md 5 (refusal: the same information given to the same requester within the
    previous 6 months): the decision page lists the earlier grants to the same requester,
    the most alike first, and a refusal on that ground is accepted."""
    earlier = intake(handler, now=recent(40))
    services.decision_grant(actor=secretary, info_request=earlier, extent="Целият договор.",
                            access_until=TODAY() - dt.timedelta(days=10), place="ЦАО", officer=secretary,
                            forms=["electronic"], on=TODAY() - dt.timedelta(days=35))
    other = intake(handler, now=recent(30), description="Бюджетът на общината за 2026 г.",
                   registration=registration(correspondent=requester(name="Друг Човек", egn="", email="x@example.bg")))
    services.decision_grant(actor=secretary, info_request=other, extent="Бюджетът.",
                            access_until=TODAY() - dt.timedelta(days=10), place="ЦАО", officer=secretary,
                            forms=["electronic"], on=TODAY() - dt.timedelta(days=25))
    r = intake(handler, now=recent(1))
    client.force_login(secretary)
    html = client.get(url("decide", r.pk)).content.decode()
    assert f'data-earlier="{earlier.pk}"' in html and f'data-earlier="{other.pk}"' not in html
    assert earlier.entry.number in html
    response = client.post(url("refuse", r.pk), {
        "refuse-grounds": ["already_given"], "refuse-factual_grounds": f"Дадена с решение по {earlier.entry.number}.",
        "refuse-appeal_route": str(services.DEFAULT_APPEAL_ROUTE)})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.REFUSED and r.decision_entry.doc_type == DocumentType.INFO_REFUSAL


def test_refusal_errors_are_in_the_error_summary(client, handler, secretary):
    r = intake(handler, now=recent(1))
    client.force_login(secretary)
    response = client.post(url("refuse", r.pk), {"refuse-grounds": [], "refuse-factual_grounds": "",
                                                 "refuse-appeal_route": "x"})
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    assert 'href="#id_refuse-grounds_0"' in html and 'href="#id_refuse-factual_grounds"' in html
    response = client.post(url("refuse", r.pk), {"refuse-grounds": ["third_party"],
                                                 "refuse-factual_grounds": "Третото лице отказа.",
                                                 "refuse-appeal_route": "x"})
    assert response.status_code == 400 and "No third party refused its consent" in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.OPEN


def test_rule_costs_are_computed_from_the_tariff_lines(client, handler, secretary):
    """DOMAIN.md 5 (costs follow the national tariff): the decision form computes the costs
    from tariff item x quantity lines before deciding, and the grant copies the prices."""
    r = intake(handler, now=recent(1))
    client.force_login(secretary)
    data = grant_data(secretary, calculate="1")
    response = client.post(url("grant", r.pk), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="cost-preview"' in html
    assert "Total: 0.86 EUR" in html  # 12 x 0.05 + 1 x 0.26
    r.refresh_from_db()
    assert r.status == Status.OPEN
    data.pop("calculate")
    response = client.post(url("grant", r.pk), data)
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.DECIDED and r.outcome == Outcome.GRANTED and r.costs == Decimal("0.86")
    assert r.cost_lines.count() == 2 and r.decision_entry.doc_type == DocumentType.INFO_ANSWER


def test_rule_partial_access_states_the_grounds_for_the_withheld_part(client, handler, secretary):
    """DOMAIN.md 5: a partial grant needs the grounds and the facts for the withheld part;
    after the third party refused, a full grant is not possible."""
    r = intake(handler, now=recent(1))
    tp = services.third_party_add(actor=handler, info_request=r, name="Пътстрой ЕООД")
    services.third_party_record(actor=handler, third_party=tp, consent_asked_on=TODAY(), answer="refused",
                                answered_on=TODAY())
    client.force_login(secretary)
    response = client.post(url("grant", r.pk), grant_data(secretary, **{"cost-0-quantity": "abc"}))
    html = response.content.decode()
    assert response.status_code == 400 and "Enter the quantity as a whole number." in html
    assert 'href="#id_cost-0-quantity"' in html
    response = client.post(url("grant", r.pk), grant_data(secretary, **{"grant-partial": "on"}))
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#id_grant-refusal_grounds_0"' in html
    response = client.post(url("grant", r.pk), grant_data(secretary))
    assert response.status_code == 400 and "A third party refused its consent" in response.content.decode()
    response = client.post(url("grant", r.pk), grant_data(secretary, **{
        "grant-partial": "on", "grant-refusal_grounds": ["third_party"],
        "grant-factual_grounds": "Пътстрой ЕООД не даде съгласие за търговските условия."}))
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.outcome == Outcome.PARTIAL and r.refusal_grounds == ["third_party"] and r.appeal_route
    html = client.get(url("decision", r.pk)).content.decode()
    assert "Decision granting partial access to public information" in html and "0.86" in html
    assert "Пътстрой ЕООД не даде съгласие" in html


def test_not_held(client, handler, secretary):
    r = intake(handler, now=recent(1))
    client.force_login(secretary)
    assert client.post(url("not_held", r.pk), {"notheld-note": ""}).status_code == 400
    response = client.post(url("not_held", r.pk), {"notheld-note": "Общината не е страна по такъв договор."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.NOT_HELD
    assert client.get(url("decision", r.pk)).status_code == 200


def test_delivery_payment_and_the_handover_protocol(client, handler, secretary):
    """DOMAIN.md 5: the costs are paid before access; access is given against a handover
    protocol registered in the case; then no step is left."""
    r = intake(handler, now=recent(1))
    client.force_login(secretary)
    assert client.post(url("grant", r.pk), grant_data(secretary)).status_code == 302
    client.force_login(handler)
    html = client.get(url("dossier", r.pk)).content.decode()
    assert 'id="step-deliver"' in html and 'id="step-payment"' in html and 'id="step-access"' not in html
    assert client.post(url("access", r.pk), {"access-on": TODAY().isoformat()}).status_code == 403
    response = client.post(url("deliver", r.pk), {"deliver-method": "in_person"})
    assert response.status_code == 302
    response = client.post(url("payment", r.pk), {"payment-document": "", "payment-on": TODAY().isoformat()})
    assert response.status_code == 400 and 'href="#id_payment-document"' in response.content.decode()
    response = client.post(url("payment", r.pk), {"payment-document": "Квитанция 123",
                                                  "payment-on": TODAY().isoformat()})
    assert response.status_code == 302
    response = client.post(url("access", r.pk), {"access-on": TODAY().isoformat(), "access-notes": "Предадени 12 с."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.ACCESS_GIVEN and r.protocol_entry.doc_type == DocumentType.PROTOCOL
    html = client.get(url("dossier", r.pk)).content.decode()
    assert "Next steps" not in html and r.protocol_entry.number in html


def test_electronic_delivery_of_an_electronic_grant_gives_access_that_day(client, handler, secretary):
    r = intake(handler, now=recent(1), channel="email",
               registration=registration(channel="email"))
    client.force_login(secretary)
    data = grant_data(secretary, **{"grant-access_forms": ["electronic"], "grant-place": "",
                                    "cost-0-item": "", "cost-0-quantity": "", "cost-1-item": "",
                                    "cost-1-quantity": ""})
    assert client.post(url("grant", r.pk), data).status_code == 302
    response = client.post(url("deliver", r.pk), {"deliver-method": "email"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.ACCESS_GIVEN and r.access_given_on == TODAY()


def test_steps_the_state_does_not_allow_are_refused(client, handler, secretary):
    r = intake(handler, now=recent(1))
    client.force_login(handler)
    for name, data in (("deliver", {"deliver-method": "post"}), ("payment", {"payment-document": "1"}),
                       ("requester_refused", {}), ("clarification", {"clarification-answer": "x"})):
        assert client.post(url(name, r.pk), data).status_code == 403, name
    assert client.get(url("decision", r.pk)).status_code == 404
    assert client.get(url("clarify", r.pk)).status_code == 405


# --------------------------------------------------------------------------- the tariff

def test_the_tariff_is_seen_by_handlers_and_kept_by_administrators(client, handler, admin):
    client.force_login(handler)
    html = client.get(url("tariff")).content.decode()
    assert 'data-tariff="copy-a4"' in html and "0.05" in html and "<form" not in html.split('id="tariff"')[1]
    item = TariffItem.objects.get(code="cd")
    assert client.post(url("tariff"), {"code": "x"}).status_code == 403
    assert client.get(url("tariff_item", item.pk)).status_code == 403
    client.force_login(admin)
    response = client.post(url("tariff_item", item.pk), {"code": "cd", "name": item.name, "unit": item.unit,
                                                         "price": "-1", "currency": "EUR", "ordering": "30",
                                                         "is_active": "on"})
    assert response.status_code == 400 and "The price cannot be negative." in response.content.decode()
    response = client.post(url("tariff_item", item.pk), {"code": "cd", "name": item.name, "unit": item.unit,
                                                         "price": "0.30", "currency": "EUR", "ordering": "30",
                                                         "is_active": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.price == Decimal("0.30")
    response = client.post(url("tariff"), {"code": "usb", "name": "USB памет", "unit": "брой", "price": "5.00",
                                           "currency": "EUR", "ordering": "90", "is_active": "on"})
    assert response.status_code == 302 and TariffItem.objects.filter(code="usb").exists()

