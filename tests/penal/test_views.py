"""The pages of administrative-penal proceedings (DOMAIN.md 9): the home page with the
limits about to bite, the register (filters, search, CSV), a statement, the case and
its steps, the printable decree, findings and tickets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.penal import services
from kancelaria.penal.models import PenalCase, Stage, Ticket

from .conftest import OFFENDER_EGN, decided_case, open_case, statement

pytestmark = pytest.mark.django_db


def recent(days_ago: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def filled(inspector, lawyer, mayor):
    """An old case decided (drafting), a recent one whose 6-month limit is 20 days away,
    and a recent one just registered."""
    old = decided_case(inspector, lawyer, mayor)
    near_day = timezone.localdate() - dt.timedelta(days=160)
    near = open_case(inspector, now=recent(160), statement=statement(
        drawn_up_on=near_day, violation_date=near_day - dt.timedelta(days=2), offender_name="Сабри Осман"))
    fresh = open_case(inspector, now=recent(1), statement=statement(
        drawn_up_on=timezone.localdate() - dt.timedelta(days=1), violation_date=timezone.localdate() - dt.timedelta(days=3),
        offender_name="Гюлтен Хасан", provisions=[{"act": "Закон за опазване на околната среда", "article": "34"}]))
    return {"old": old, "near": near, "fresh": fresh}


def test_rule_the_home_page_shows_the_limits_about_to_bite_before_they_do(
        client, mayor, filled, django_assert_max_num_queries):
    """DOMAIN.md 9: every limit shown with days left, warned 30 days before, sorted by
    urgency. Given a case whose 6-month limit is about 20 days away, when the mayor opens
    the penal home page, then it is listed with its days left and the engine's
    explanation; the fresh case is not; the page costs a bounded number of queries."""
    client.force_login(mayor)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("penal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    near = PenalCase.objects.get(pk=filled["near"].pk)
    assert f'data-limit="decree-{near.pk}"' in html
    assert f'data-limit="decree-{filled["fresh"].pk}"' not in html
    days = (near.decree_limit - timezone.localdate()).days
    assert 15 <= days <= 30 and f'data-days-left="{days}"' in html
    assert "How the deadline was counted" in html
    assert f'data-overdue="{near.pk}-lawyer"' in html  # never sent to the lawyer
    assert 'data-stage="drafting"' in html and 'id="for-mayor"' in html


def test_the_register_lists_filters_searches_and_masks_the_egn(
        client, inspector, mayor, filled, django_assert_max_num_queries):
    """DOMAIN.md 9 and 11: the register of cases, in a fixed number of queries; the EGN
    masked for the inspector, in full for the mayor (`view_offender_data`); filters by
    stage, year and overdue; search by number, offender and provision; CSV."""
    client.force_login(inspector)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("penal:cases"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "АНП 1/2025" in html and "Сабри Осман" in html and "******0018" in html and OFFENDER_EGN not in html
    html = client.get(reverse("penal:cases"), {"stage": "drafting"}).content.decode()
    assert "АНП 1/2025" in html and "Сабри Осман" not in html
    html = client.get(reverse("penal:cases"), {"q": "околната"}).content.decode()
    assert "Гюлтен Хасан" in html and "Сабри Осман" not in html
    html = client.get(reverse("penal:cases"), {"q": "АНП 1/2025"}).content.decode()
    assert f'data-case="{filled["old"].pk}"' in html and f'data-case="{filled["fresh"].pk}"' not in html
    html = client.get(reverse("penal:cases"), {"overdue": "on"}).content.decode()
    assert f'data-case="{filled["near"].pk}"' in html and f'data-case="{filled["fresh"].pk}"' not in html
    html = client.get(reverse("penal:cases"), {"year": "2025"}).content.decode()
    assert "АНП 1/2025" in html and "Гюлтен Хасан" not in html
    assert client.get(reverse("penal:cases"), {"year": "abc"}).status_code == 200
    csv = client.get(reverse("penal:cases"), {"format": "csv", "stage": "drafting"})
    body = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv") and "АНП 1/2025" in body and "Сабри" not in body
    client.force_login(mayor)
    assert OFFENDER_EGN in client.get(reverse("penal:cases")).content.decode()


def test_rule_others_see_nothing_403_audited(client, expert, registrar, filled):
    """DOMAIN.md 9 and 11: without the register permission every page answers 403, and
    the attempt is in the audit trail."""
    for user in (expert, registrar):
        client.force_login(user)
        for url in (reverse("penal:home"), reverse("penal:cases"), reverse("penal:case", args=[filled["old"].pk]),
                    reverse("penal:findings"), reverse("penal:tickets"), reverse("penal:case_new")):
            assert client.get(url).status_code == 403, url
    assert AuditEvent.objects.filter(action="denied", object_type="penal.penalcase", actor=expert).count() == 6


def test_registering_a_statement_through_the_page(client, inspector):
    """DOMAIN.md 9: the statement form with provisions and witnesses one a line; missing
    items come back on their fields; a good one opens the case."""
    client.force_login(inspector)
    assert client.get(reverse("penal:case_new")).status_code == 200
    response = client.post(reverse("penal:case_new"), {"origin": "statement", "offender_kind": "person",
                                                       "witness_basis": "present", "provisions": "Наредба № 1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Each provision names the law or ordinance and the article." not in html
    today = timezone.localdate()
    response = client.post(reverse("penal:case_new"), {
        "origin": "statement", "author_name": "Николай Ненов", "author_position": "главен специалист",
        "drawn_up_on": today.isoformat(), "violation_date": today.isoformat(), "violation_place": "Момчилград",
        "description": "Строителни отпадъци.", "provisions": "Наредба за управление на отпадъците | 12 | 1 | 3\n",
        "offender_kind": "person", "offender_name": "Мехмед Юсеин", "offender_egn": OFFENDER_EGN,
        "offender_address": "Момчилград", "witness_basis": "present", "witnesses": "Петър Петров | Момчилград",
    })
    penal = PenalCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("penal:case", args=[penal.pk])
    assert penal.provisions == [{"act": "Наредба за управление на отпадъците", "article": "12", "paragraph": "1",
                                 "point": "3"}]
    assert penal.witnesses == [{"name": "Петър Петров", "address": "Момчилград"}]


def test_the_case_page_shows_the_cover_the_clocks_and_the_steps_allowed(client, inspector, lawyer, mayor):
    """DOMAIN.md 9: the cover (number, date, offender, provision), every clock with its
    explanation, the documents in order, and the steps the state allows."""
    penal = open_case(inspector)
    penal = services.case_deliver(actor=inspector, penal=penal, on=penal.drawn_up_on, how="signed")
    client.force_login(inspector)
    response = client.get(reverse("penal:case", args=[penal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "АНП 1/2025" in html and "Мехмед Али Юсеин" in html and "чл. 12, ал. 1, т. 3" in html
    assert 'data-clock="objection"' in html and "17.03.2025" in html and 'data-clock="authority"' in html
    assert html.count("How the deadline was counted") >= 4
    assert 'id="step-lawyer"' in html and 'id="step-decision"' not in html and 'id="step-delivery"' not in html
    assert 'data-entry="АУАН-1/10.03.2025"' in html
    assert AuditEvent.objects.filter(action="read", object_type="penal.penalcase", object_id=str(penal.pk)).exists()
    client.force_login(mayor)
    assert 'id="step-decision"' in client.get(reverse("penal:case", args=[penal.pk])).content.decode()


def test_the_steps_through_the_pages_to_the_printable_decree(client, inspector, lawyer, mayor):
    """DOMAIN.md 9: objection, lawyer, opinion, decision, issue, delivery through the
    case page; the printable decree carries НП-<number>, the sanction and the court."""
    penal = open_case(inspector)
    url = lambda step: reverse("penal:case_step", args=[penal.pk, step])  # noqa: E731
    client.force_login(inspector)
    assert client.post(url("delivery"), {"delivery-on": "2025-03-10", "delivery-how": "signed"}).status_code == 302
    assert client.post(url("objection"), {"objection-summary": "Не съм аз.", "objection-channel": "desk"}
                       ).status_code == 302
    assert client.post(url("lawyer"), {"lawyer-lawyer": lawyer.pk, "lawyer-on": "2025-03-11"}).status_code == 302
    response = client.post(url("opinion"), {"opinion-legal_basis": "x", "opinion-sanctions": "глоба",
                                            "opinion-minor": "no", "opinion-proposal": "глоба",
                                            "opinion-on": "2025-03-12"})
    assert response.status_code == 403  # the inspector is not the lawyer
    client.force_login(lawyer)
    response = client.post(url("opinion"), {"opinion-legal_basis": "", "opinion-minor": "no"})
    assert response.status_code == 400 and "Enter the legal basis" in response.content.decode()
    assert client.post(url("opinion"), {"opinion-legal_basis": "чл. 48 от Наредбата", "opinion-sanctions": "глоба",
                                        "opinion-minimum": "100", "opinion-maximum": "1000", "opinion-minor": "no",
                                        "opinion-proposal": "глоба 200 евро", "opinion-on": "2025-03-12"}
                       ).status_code == 302
    assert client.post(url("decision"), {"decision-kind": "decree", "decision-on": "2025-03-20",
                                         "decision-sanction_type": "fine", "decision-amount": "200"}).status_code == 403
    client.force_login(mayor)
    response = client.post(url("decision"), {"decision-kind": "decree", "decision-on": "2025-03-20",
                                             "decision-sanction_type": "fine"})
    assert response.status_code == 400 and "Enter the amount in euro." in response.content.decode()
    assert client.post(url("decision"), {"decision-kind": "decree", "decision-on": "2025-03-20",
                                         "decision-sanction_type": "fine", "decision-amount": "200",
                                         "decision-court": "Районен съд – Кърджали"}).status_code == 302
    assert client.post(url("issue"), {"issue-on": "2025-03-21"}).status_code == 302
    assert client.post(url("decree_delivery"), {"decreedelivery-on": "2025-03-25", "decreedelivery-how": "signature"}
                       ).status_code == 302
    penal.refresh_from_db()
    assert penal.stage == Stage.DECREE_DELIVERED and penal.objections.count() == 1
    html = client.get(reverse("penal:decree", args=[penal.pk])).content.decode()
    assert "НП-1/2025" in html and "200.00" in html and "Районен съд – Кърджали" in html and OFFENDER_EGN in html
    # a step the stage no longer allows is refused with a message, not a 500
    response = client.post(url("delivery"), {"delivery-on": "2025-03-10", "delivery-how": "signed"})
    assert response.status_code == 400 and "not possible at this stage" in response.content.decode()
    assert client.post(reverse("penal:case_step", args=[penal.pk, "nonsense"]), {}).status_code == 403


def test_findings_and_tickets_pages(client, inspector, django_assert_max_num_queries):
    """DOMAIN.md 9: findings with their statement-by date; tickets with their outcome; a
    refused ticket leads to the statement form."""
    client.force_login(inspector)
    today = timezone.localdate()
    response = client.post(reverse("penal:finding_new"), {
        "found_on": today.isoformat(), "author_name": "Н. Ненов", "violation_date": today.isoformat(),
        "violation_place": "с. Звездел", "description": "Незаконна сеч.", "offender_known": "on",
        "offender_name": "Али Реджеб"})
    assert response.status_code == 302
    assert client.post(reverse("penal:finding_new"), {}).status_code == 400
    response = client.post(reverse("penal:ticket_new"), {
        "issued_on": today.isoformat(), "issued_by": "Н. Ненов", "offender_name": "Ердинч Мустафа",
        "offender_address": "Момчилград", "violation": "Паркиране в зелена площ.", "violation_place": "ул. „Родопи“",
        "provision": "чл. 21", "amount": "10.00", "outcome": "refused"})
    assert response.status_code == 302
    with django_assert_max_num_queries(10):
        html = client.get(reverse("penal:findings")).content.decode()
    assert "КП-1/" in html and "Али Реджеб" in html and "How the deadline was counted" in html
    with django_assert_max_num_queries(10):
        html = client.get(reverse("penal:tickets")).content.decode()
    assert "ФИШ-1/" in html and "10.00" in html and "?ticket=" in html
    ticket = Ticket.objects.get()
    html = client.get(reverse("penal:case_new"), {"ticket": ticket.pk}).content.decode()
    assert 'id="from-ticket"' in html and "Ердинч Мустафа" in html
