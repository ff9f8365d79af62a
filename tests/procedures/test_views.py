"""The pages of proposals, signals and complaints (DOMAIN.md 4): the registers, the
procedure page with its steps, the desk and the public portal form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kancelaria.procedures.models import NoProceedingsReason, Procedure
from kancelaria.registry.services import Correspondent
from tests import factories

from .conftest import intake, registration, sender

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(registrar, mayor, corruption_officer):
    """Three proposals and signals, two complaints and a corruption signal."""
    made = {
        "proposal": intake(registrar, "proposal"),
        "signal": intake(registrar, "signal", registration=registration("Дупка на пътя")),
        "anonymous": intake(registrar, "signal", registration=registration("Шум нощем", correspondent=Correspondent(),
                                                                              is_anonymous=True)),
        "complaint": intake(registrar, "complaint", registration=registration("Жалба срещу заповед")),
        "complaint2": intake(registrar, "complaint", registration=registration("Жалба за обслужването")),
        "corruption": intake(corruption_officer, "corruption_signal", registration=registration("Подкуп")),
    }
    return made


def test_the_proposals_register_lists_with_masked_egn_and_a_bounded_number_of_queries(
        client, registrar, filled, django_assert_max_num_queries):
    """DOMAIN.md 4 and 11: given proposals and signals, when the registrar opens their
    register, then each shows number, date, sender with the EGN masked, subject, status
    and decision due, in a fixed number of queries; complaints and corruption signals
    are not in it."""
    client.force_login(registrar)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procedures:proposals"))
    assert response.status_code == 200
    html = response.content.decode()
    assert filled["proposal"].entry.number in html and filled["signal"].entry.number in html
    assert "******0018" in html and factories.VALID_EGN not in html
    assert filled["complaint"].entry.number not in html and filled["corruption"].entry.number not in html
    assert "03.11.2025" in html and 'data-overdue="decision"' in html  # due in 2025: overdue now
    response = client.get(reverse("procedures:proposals"), {"kind": "signal"})
    assert filled["proposal"].entry.number not in response.content.decode()


def test_the_complaints_register(client, registrar, filled, django_assert_max_num_queries):
    """DOMAIN.md 4: complaints have their own register."""
    client.force_login(registrar)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procedures:complaints"))
    html = response.content.decode()
    assert response.status_code == 200
    assert filled["complaint"].entry.number in html and filled["complaint2"].entry.number in html
    assert filled["proposal"].entry.number not in html


def test_the_corruption_register_is_seen_only_with_the_permission(
        client, registrar, controller, corruption_officer, filled, django_assert_max_num_queries):
    """DOMAIN.md 4 (a separate register of corruption signals) and 11 (need to know):
    given a corruption signal, then the registrar and the controller get 404 on that
    register and on its page; the holder of the permission sees both."""
    corruption = filled["corruption"]
    for user in (registrar, controller):
        client.force_login(user)
        assert client.get(reverse("procedures:corruption")).status_code == 404
        assert client.get(reverse("procedures:procedure", args=[corruption.pk])).status_code == 404
        assert "Подкуп" not in client.get(reverse("procedures:proposals")).content.decode()
    client.force_login(corruption_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procedures:corruption"))
    assert response.status_code == 200 and corruption.entry.number in response.content.decode()
    assert client.get(reverse("procedures:procedure", args=[corruption.pk])).status_code == 200


def test_registers_are_for_staff_only(client, filled):
    """Given a logged-in person without a staff role, then the registers answer 403;
    anonymous visitors are sent to log in."""
    assert client.get(reverse("procedures:proposals")).status_code == 302
    client.force_login(factories.user("citizen"))
    assert client.get(reverse("procedures:proposals")).status_code == 403


def test_the_procedure_page_shows_the_clocks_and_the_repeat_candidates(client, mayor, registrar, filled):
    """Given a signal and a later one by the same sender about the same road, when the
    mayor opens the later one, then he sees its decision due, the earlier signal among
    the candidates, and the forms to decide and extend."""
    later = intake(registrar, "signal", registration=registration("Пак дупка на пътя"))
    client.force_login(mayor)
    response = client.get(reverse("procedures:procedure", args=[later.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="decision-due"' in html and "03.11.2025" in html
    assert f'data-candidate="{filled["signal"].pk}"' in html
    assert 'id="step-decide"' in html and 'id="step-extend"' in html
    assert 'id="step-notify"' not in html


def test_the_steps_from_decision_to_execution_through_the_page(client, mayor, registrar, expert, filled):
    """DOMAIN.md 4: given a signal, when the mayor records the decision, the registry the
    notice, the mayor the execution order and the executor the execution, then each
    step redirects back, and at the end the case file is closed."""
    signal = filled["signal"]
    url = reverse("procedures:procedure", args=[signal.pk])
    client.force_login(mayor)
    response = client.post(reverse("procedures:decide", args=[signal.pk]), {
        "decide-decision_text": "", "decide-reasons": "", "decide-decided_on": "2025-10-01"})
    assert response.status_code == 400 and "A decision is reasoned" in response.content.decode()
    response = client.post(reverse("procedures:decide", args=[signal.pk]), {
        "decide-decision_text": "Да се ремонтира пътят.", "decide-reasons": "Проверката потвърди дупката.",
        "decide-decided_on": "2025-10-01"})
    assert response.status_code == 302 and response.url == url
    client.force_login(registrar)
    response = client.post(reverse("procedures:notify", args=[signal.pk]), {
        "notify-on": "2025-10-10", "notify-how": "post"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-overdue="notify"' in page  # told on the 10th, due on the 8th
    client.force_login(mayor)
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    response = client.post(reverse("procedures:order", args=[signal.pk]), {
        "order-how": "Ремонт с асфалт.", "order-due": due, "order-executor": str(expert.pk)})
    assert response.status_code == 302
    client.force_login(expert)
    # the executor's unit holds nothing: he reaches the page because the order names him
    assert client.get(url).status_code == 200
    response = client.post(reverse("procedures:executed", args=[signal.pk]), {
        "executed-on": dt.date.today().isoformat()})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.executed_on == dt.date.today()
    signal.case.refresh_from_db()
    assert signal.case.status == "closed"


def test_the_desk_registers_a_hotline_call_with_its_protocol(client, registrar, mayor):
    """DOMAIN.md 2 and 4: an oral signal on the hotline is written in a protocol (the
    notes). Given the desk form without the protocol, then the notes field is named;
    with it, the signal is registered in 70-00 and the clerk lands on its page."""
    client.force_login(registrar)
    data = {"kind": "signal", "channel": "hotline", "subject": "Незаконно сметище", "name": "Петър Петров",
            "address": "с. Звезделина", "pages": "1", "notes": ""}
    response = client.post(reverse("procedures:desk"), data)
    assert response.status_code == 400 and "protocol" in response.content.decode()
    data["notes"] = "Обаждане в 10:15: сметище край реката."
    response = client.post(reverse("procedures:desk"), data)
    procedure = Procedure.objects.get(entry__subject="Незаконно сметище")
    assert response.status_code == 302 and response.url == reverse("procedures:procedure", args=[procedure.pk])
    assert procedure.channel == "hotline" and procedure.entry.channel == "oral"
    assert procedure.entry.notes.startswith("Обаждане")


def test_the_desk_records_a_complaint_and_a_repeat(client, registrar, mayor, filled):
    """DOMAIN.md 4: given a complaint with only some items ticked, then the rest are
    recorded missing and it is registered; a repeat names the earlier signal by number."""
    client.force_login(registrar)
    response = client.post(reverse("procedures:desk"), {
        "kind": "complaint", "channel": "desk", "subject": "Жалба срещу отказ", "name": "Иван Иванов",
        "address": "Момчилград", "pages": "2", "check_authority": "on", "check_signature": "on",
        "check_objections": "on", "check_request": "on"})
    assert response.status_code == 302
    complaint = Procedure.objects.get(entry__subject="Жалба срещу отказ")
    assert complaint.complaint_missing == ["contacts", "act_contested"]
    response = client.post(reverse("procedures:desk"), {
        "kind": "signal", "channel": "email", "subject": "Дупка на пътя отново", "name": "Иван Петров Иванов",
        "email": "ivan@example.bg", "pages": "1", "repeat_ref": filled["signal"].entry.number,
        "repeat_kind": "new_facts"})
    assert response.status_code == 302
    repeat = Procedure.objects.get(entry__subject="Дупка на пътя отново")
    assert repeat.repeat_of == filled["signal"] and repeat.repeat_kind == "new_facts"
    response = client.post(reverse("procedures:desk"), {
        "kind": "signal", "channel": "email", "subject": "x", "name": "И", "email": "i@example.bg", "pages": "1",
        "repeat_ref": "99-99-9"})
    assert response.status_code == 400 and "No proposal or signal has this number" in response.content.decode()


def test_only_the_desk_opens_the_desk_form(client, expert):
    client.force_login(expert)
    assert client.get(reverse("procedures:desk")).status_code == 403


# --------------------------------------------------------------------------- the portal

def test_a_citizen_sends_a_signal_from_the_portal_and_gets_the_number_and_code(client, mayor):
    """DOMAIN.md 2 (the slip) and 4: given the public form, no login,
    when a citizen sends a signal with a file,
    then it is registered with channel portal in 70-00, and the page shows the number,
    the tracking code and a link to /track/ with both."""
    assert client.get(reverse("procedures:new")).status_code == 200
    response = client.post(reverse("procedures:new"), {
        "kind": "signal", "subject": "Разбит тротоар", "text": "На ул. „Родопи“ 3 тротоарът е разбит.",
        "name": "Мария Иванова", "email": "maria@example.bg", "violation_date": "2026-11-01",
        "files": SimpleUploadedFile("snimka.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    })
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.content.decode()
    procedure = Procedure.objects.get()
    assert procedure.channel == "portal" and procedure.entry.channel == "portal"
    assert procedure.entry.number.startswith("70-00-") and procedure.text.startswith("На ул.")
    assert procedure.entry.number in html and procedure.case.tracking_code in html
    link = re.search(r'id="track-link" href="([^"]+)"', html).group(1)
    assert link.startswith("/track/?number=") and "code=" in link


def test_the_portal_asks_for_names_or_anonymity_and_accepts_anonymous(client, mayor):
    """DOMAIN.md 4: an anonymous signal is registered, no proceedings. Given the form
    without names and not anonymous, then the names field is named; ticked anonymous,
    it is registered and the page says no proceedings are opened."""
    response = client.post(reverse("procedures:new"), {"kind": "signal", "subject": "Кучета", "text": "Бездомни."})
    assert response.status_code == 400 and "Enter your names" in response.content.decode()
    response = client.post(reverse("procedures:new"), {"kind": "signal", "subject": "Кучета", "text": "Бездомни.",
                                                       "is_anonymous": "on", "name": "ignored"})
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.no_proceedings_reason == NoProceedingsReason.ANONYMOUS
    assert procedure.entry.correspondent_name == ""
    assert 'id="no-proceedings"' in client.get(response.url).content.decode()


def test_the_portal_is_rate_limited(client, settings, mayor):
    """DOMAIN.md 11: given a limit of 2 per hour, then the third submission from the same
    address answers 429 and registers nothing."""
    settings.PROCEDURES_PORTAL_RATE_LIMIT = 2
    data = {"kind": "proposal", "subject": "Пейки в парка", "text": "Повече пейки.", "name": "Иван",
            "email": "ivan@example.bg"}
    assert client.post(reverse("procedures:new"), data).status_code == 302
    assert client.post(reverse("procedures:new"), data).status_code == 302
    response = client.post(reverse("procedures:new"), data)
    assert response.status_code == 429
    assert Procedure.objects.count() == 2


def test_the_sent_page_without_a_submission_goes_back_to_the_form(client):
    response = client.get(reverse("procedures:submitted"))
    assert response.status_code == 302 and response.url == reverse("procedures:new")
    assert sender().name  # the conftest sender is valid
