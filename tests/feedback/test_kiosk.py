"""The survey card at the desk as a tablet page (DOMAIN.md 4: "a survey card at the front
office"; 004 §33): answered without login, but only on a device a staff member enabled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kancelaria.feedback.models import SurveyAnswer
from kancelaria.feedback.views import KIOSK_COOKIE
from tests import factories

pytestmark = pytest.mark.django_db


def enabled_client(registrar, unit) -> Client:
    """A device a registrar enabled for `unit`, then logged out of."""
    device = Client(headers={"accept-language": "en"})
    device.force_login(registrar)
    response = device.post(reverse("feedback:kiosk_enable"), {"unit": unit.pk, "action": "enable"})
    assert response.status_code == 302
    signed = device.cookies[KIOSK_COOKIE].value
    device.logout()  # the test client forgets every cookie; a browser keeps the kiosk's
    device.cookies[KIOSK_COOKIE] = signed
    return device


def test_kiosk_refuses_a_device_not_enabled(client):
    """Given a device nobody enabled, when the kiosk is opened or answered, then 403 and nothing is saved."""
    response = client.get(reverse("feedback:kiosk"))
    assert response.status_code == 403
    assert "not switched on" in response.content.decode()
    assert client.post(reverse("feedback:kiosk"), {"overall": "5"}).status_code == 403
    assert not SurveyAnswer.objects.exists()


def test_a_forged_cookie_does_not_enable_it(client, org):
    """Given a cookie naming a unit but not signed by the server, then the kiosk stays off."""
    client.cookies[KIOSK_COOKIE] = str(org["desk"].pk)
    assert client.get(reverse("feedback:kiosk")).status_code == 403


def test_enabling_needs_a_desk_role(client, org, expert):
    """Given an executor without a desk role, when he tries to enable the kiosk, then 403;
    anonymous users are sent to log in."""
    assert client.get(reverse("feedback:kiosk_enable")).status_code == 302
    client.force_login(expert)
    assert client.get(reverse("feedback:kiosk_enable")).status_code == 403


def test_enabled_kiosk_saves_answers_with_its_unit(org, registrar):
    """Given a tablet enabled for the desk, when a visitor answers, then the answer is saved
    with the desk, and the thank-you page offers the next person a fresh survey."""
    device = enabled_client(registrar, org["desk"])
    page = device.get(reverse("feedback:kiosk"))
    assert page.status_code == 200
    assert org["desk"].name in page.content.decode()
    response = device.post(reverse("feedback:kiosk"), {"overall": "4", "waited_long": "no",
                                                       "understood": "yes", "polite": "yes"})
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.unit, answer.overall, answer.waited_long, answer.understood, answer.polite) == \
        (org["desk"], 4, False, True, True)
    thanks = device.get(response["Location"]).content.decode()
    assert 'id="kiosk-next"' in thanks
    assert "feedback/kiosk.js" in thanks
    assert "<script>" not in thanks


def test_optional_questions_may_be_skipped_but_overall_is_needed(org, registrar):
    """Given an enabled kiosk, when only the yes/no questions are answered, then 400 asking
    for the rating; with the rating alone, it is saved."""
    device = enabled_client(registrar, org["desk"])
    response = device.post(reverse("feedback:kiosk"), {"polite": "yes"})
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()
    assert device.post(reverse("feedback:kiosk"), {"overall": "3"}).status_code == 302
    assert SurveyAnswer.objects.get().waited_long is None


def test_switching_off(org, registrar):
    """Given an enabled device, when staff switch it off, then the kiosk refuses again."""
    device = enabled_client(registrar, org["desk"])
    device.force_login(registrar)
    response = device.post(reverse("feedback:kiosk_enable"), {"action": "disable"})
    assert response.cookies[KIOSK_COOKIE].value == ""
    assert device.get(reverse("feedback:kiosk")).status_code == 403


def test_unit_must_exist(client, org):
    """Given a registrar, when he enables the kiosk for a unit that does not exist, then 400."""
    client.force_login(factories.user("reg2", role="registrar", unit=org["desk"]))
    response = client.post(reverse("feedback:kiosk_enable"), {"unit": "999999"})
    assert response.status_code == 400
    assert "Choose the desk or unit." in response.content.decode()
