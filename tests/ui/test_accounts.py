"""Logging in and out: the GOV.UK form, the audit of logins and failed logins, and the
limit on failed attempts (DOMAIN.md section 11: access time recorded, unauthorised
access attempts tracked, passwords never shared or stored in the clear)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kancelaria.accounts.forms import FAILED_LOGIN_LIMIT
from kancelaria.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
Action = AuditEvent.Action


def test_login_page_has_labelled_inputs_with_autocomplete(client):
    # given an anonymous visitor; when the login page opens
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    # then it is a GOV.UK form with labelled fields and the right autocomplete hints
    assert response.status_code == 200
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'class="govuk-button"' in html


def test_successful_login_is_audited_with_address(client, registrar):
    # given a registrar; when they log in through the form
    response = client.post(LOGIN + "?next=/nomenclature/", {"username": "registrar", "password": "registrar"},
                           REMOTE_ADDR="10.1.2.3")
    # then they go where they were heading and the login is in the trail with their address
    assert response.status_code == 302 and response["Location"] == "/nomenclature/"
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == registrar and event.actor_name == "registrar"
    assert event.ip == "10.1.2.3"
    assert event.object_type == "accounts.user" and event.object_id == str(registrar.pk)


def test_failed_login_is_shown_and_audited_without_the_password(client, registrar):
    # given a registrar's username; when someone tries a wrong password
    response = client.post(LOGIN, {"username": "registrar", "password": "S3cret-guess!"})
    html = response.content.decode()
    # then the form says so clearly, in an error summary linked to the field
    assert response.status_code == 200
    assert "govuk-error-summary" in html and 'href="#id_username"' in html
    assert "The username or password is not right" in html
    # and the failed attempt is recorded with the username tried, never the password
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.object_repr == "registrar"
    assert event.object_id == str(registrar.pk)
    stored = json.dumps([event.object_repr, event.changes, event.path, event.actor_name])
    assert "S3cret-guess!" not in stored
    assert not response.wsgi_request.user.is_authenticated


def test_failed_login_for_an_unknown_username_is_audited(client, org):
    # given no such user; when someone tries to log in as "ghost"
    client.post(LOGIN, {"username": "ghost", "password": "whatever-123"})
    # then the attempt is recorded under the name tried, with no object id
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert (event.object_repr, event.object_id) == ("ghost", "")


def test_empty_login_form_gives_field_errors_not_a_500(client, org):
    # given an empty form; when it is sent
    response = client.post(LOGIN, {"username": "", "password": ""})
    # then both fields are marked as errors
    assert response.status_code == 200
    assert response.content.decode().count("govuk-error-message") >= 2


def test_failed_logins_are_rate_limited_per_address_and_username(client, registrar):
    # given FAILED_LOGIN_LIMIT failed attempts for one username from one address
    for _ in range(FAILED_LOGIN_LIMIT):
        response = client.post(LOGIN, {"username": "registrar", "password": "wrong-password"})
        assert "Too many failed attempts" not in response.content.decode()
    # when one more wrong attempt comes
    response = client.post(LOGIN, {"username": "registrar", "password": "wrong-password"})
    # then it is refused with a clear message
    assert "Too many failed attempts" in response.content.decode()
    # and while the block lasts even the right password does not log in
    response = client.post(LOGIN, {"username": "registrar", "password": "registrar"})
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    # and the refused attempt is in the trail
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, changes__reason="rate_limited").count() == 1


def test_rate_limit_does_not_block_another_address_or_username(client, registrar):
    # given the registrar blocked from one address
    for _ in range(FAILED_LOGIN_LIMIT + 1):
        client.post(LOGIN, {"username": "registrar", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    factories.user("clerk", role="registrar")
    # when another user logs in from that address, and the registrar from another address
    other_user = client.post(LOGIN, {"username": "clerk", "password": "clerk"}, REMOTE_ADDR="10.0.0.1")
    client.logout()
    other_address = client.post(LOGIN, {"username": "registrar", "password": "registrar"}, REMOTE_ADDR="10.0.0.2")
    # then both succeed
    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_logout_needs_post_and_is_audited(client, registrar):
    # given a logged-in registrar
    client.force_login(registrar)
    # when a link (GET) tries to log them out, nothing happens
    assert client.get(reverse("accounts:logout")).status_code == 405
    # when they press the log-out button (POST)
    response = client.post(reverse("accounts:logout"))
    # then they are logged out, sent to the login page, and the logout is recorded
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    event = AuditEvent.objects.filter(actor=registrar).latest("id")
    assert event.action == Action.LOGOUT
    page = client.get(response["Location"])
    assert "You have logged out." in page.content.decode()
