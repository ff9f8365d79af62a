"""The case-file page and its actions (DOMAIN.md section 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kancelaria.registry.models import CaseMovement, CaseStatus, Entry
from tests import factories
from tests.desk.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(registrar, index):
    return factories.entry(registrar, deadline=dt.date(2030, 1, 31))


def case_url(entry) -> str:
    return reverse("registry:case", args=[entry.case_id])


def test_the_page_shows_the_case_and_its_timeline(as_user, registrar, application):
    # Given an application that was sent to a unit
    client = as_user(registrar)
    # When the clerk opens its case file
    response = client.get(case_url(application))
    body = response.content.decode()
    case = application.case
    # Then number, subject, status, holder, deadline and its state, tracking code and the timeline are there
    for text in (case.number, case.subject, case.get_status_display(), "31.01.2030", case.tracking_code,
                 application.number, "Център за административно обслужване"):
        assert text in body
    assert response.context["deadline_state"] == "on_time"
    assert [item["type"] for item in response.context["timeline"]] == ["entry", "movement"]


def test_registrars_see_every_action_and_experts_none(as_user, registrar, expert, org, application):
    from kancelaria.registry.services import case_send

    case_send(actor=registrar, case=application.case, unit=org["planning"])
    registrar_page = as_user(registrar).get(case_url(application)).content.decode()
    for url in ("registry:case_send", "registry:case_forward", "registry:case_withdraw"):
        assert reverse(url, args=[application.case_id]) in registrar_page
    assert f"?case={application.case_id}" in registrar_page and f"?answers={application.pk}" in registrar_page
    # The planning expert may read the case but acts on nothing here
    expert_page = as_user(expert).get(case_url(application)).content.decode()
    assert reverse("registry:case_send", args=[application.case_id]) not in expert_page
    assert f"?case={application.case_id}" not in expert_page


def test_a_controller_may_send_but_not_forward(as_user, controller, org, application):
    client = as_user(controller)
    page = client.get(case_url(application)).content.decode()
    assert reverse("registry:case_send", args=[application.case_id]) in page
    assert reverse("registry:case_forward", args=[application.case_id]) not in page
    refused = client.post(reverse("registry:case_forward", args=[application.case_id]),
                          {"forward-body_name": "РДНСК", "forward-channel": "e_delivery"})
    assert refused.status_code == 403
    sent = client.post(reverse("registry:case_send", args=[application.case_id]),
                       {"send-unit": org["planning"].pk, "send-note": "За становище"})
    assert sent.status_code == 302
    application.case.refresh_from_db()
    assert application.case.holder_unit == org["planning"]
    assert application.case.status == CaseStatus.IN_PROGRESS


def test_sending_without_a_unit_is_a_field_error(as_user, registrar, application):
    response = as_user(registrar).post(reverse("registry:case_send", args=[application.case_id]), {"send-unit": ""})
    assert response.status_code == 200
    assert response.context["send_form"].errors["unit"]
    assert response.context["open_action"] == "send_form"
    assert 'href="#id_send-unit"' in response.content.decode()


def test_forwarding_registers_the_letter_and_closes_the_case(as_user, registrar, application):
    """DOMAIN.md 2: a request the office is not competent for is forwarded at once; the
    case closes at the registry with the forwarding."""
    response = as_user(registrar).post(reverse("registry:case_forward", args=[application.case_id]), {
        "forward-body_name": "Регионална дирекция за национален строителен контрол",
        "forward-body_eik": "", "forward-body_address": "", "forward-body_email": "",
        "forward-channel": "e_delivery", "forward-note": "",
    })
    assert response.status_code == 302
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.FORWARDED
    letter = Entry.objects.get(case=application.case, kind="outgoing")
    assert letter.doc_type == "forwarding"
    assert application.case.movements.filter(action=CaseMovement.Action.FORWARDED).exists()


def test_forwarding_needs_the_competent_body(as_user, registrar, application):
    response = as_user(registrar).post(reverse("registry:case_forward", args=[application.case_id]),
                                       {"forward-body_name": "", "forward-channel": "e_delivery"})
    assert response.context["forward_form"].errors["body_name"]
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.REGISTERED


def test_a_withdrawal_is_registered_and_archives_the_case(as_user, registrar, application):
    """DOMAIN.md 2: a citizen may withdraw a request in writing; the withdrawal is
    registered and the case archived."""
    response = as_user(registrar).post(reverse("registry:case_withdraw", args=[application.case_id]),
                                       {"withdraw-channel": "desk", "withdraw-pages": "1", "withdraw-notes": ""})
    assert response.status_code == 302
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.WITHDRAWN
    assert Entry.objects.filter(case=application.case, doc_type="withdrawal").count() == 1
    # and a closed case offers no more actions
    page = as_user(registrar).get(case_url(application)).content.decode()
    assert reverse("registry:case_withdraw", args=[application.case_id]) not in page


def test_acting_on_a_closed_case_is_an_error_not_a_failure(as_user, registrar, org, application):
    client = as_user(registrar)
    client.post(reverse("registry:case_withdraw", args=[application.case_id]),
                {"withdraw-channel": "desk", "withdraw-pages": "1"})
    response = client.post(reverse("registry:case_send", args=[application.case_id]), {"send-unit": org["planning"].pk})
    assert response.status_code == 200
    assert response.context["send_form"].non_field_errors()


def test_add_a_document_prefills_the_desk(as_user, registrar, application, index):
    client = as_user(registrar)
    # When the clerk follows "add a document" from the case page
    form = client.get(reverse("registry:desk"), {"case": application.case_id}).context["form"]
    # Then the desk form names the case file and opens the "more" block
    assert form["case_ref"].value() == application.case.number
    assert form.details_open
    # and the document registered from it joins the case
    client.post(reverse("registry:desk"), form_data(index, subject="Допълнителни документи",
                                                     case_ref=form["case_ref"].value()))
    assert Entry.objects.filter(case=application.case).count() == 2


def test_the_case_page_query_count_is_constant(as_user, registrar, application, index,
                                               django_assert_max_num_queries):
    client = as_user(registrar)
    client.get(case_url(application))
    with django_assert_max_num_queries(30) as few:
        client.get(case_url(application))
    for n in range(5):
        factories.entry(registrar, case=application.case, subject=f"Допълнение {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(case_url(application))
