"""Authentication of the staff API: tokens, sessions, and the api-token command
(DOMAIN.md 11: unique credentials, access recorded)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kancelaria.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def issue(username: str, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


class TestTokenAuthentication:
    def test_a_request_without_credentials_gets_401(self, index):
        """Given no token and no session, when the register is asked for, then 401 with a
        WWW-Authenticate challenge."""
        response = APIClient().get("/api/v1/entries/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}

    def test_a_wrong_token_gets_401(self, index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        response = client.get("/api/v1/indexes/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401
        assert response.json() == {"detail": "Invalid token."}

    def test_the_token_authenticates_its_owner(self, registrar, index):
        """Given the registrar's token, when /me/ is asked for, then it names the registrar."""
        token = Token.objects.create(user=registrar)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.get("/api/v1/me/")
        assert response.status_code == 200
        body = response.json()
        assert body["username"] == "registrar"
        assert body["roles"] == ["registrar"]
        assert body["sees_personal_numbers"] is True
        assert body["unit"]["code"] == "cao"

    def test_a_token_of_a_disabled_account_stops_working(self, registrar, index):
        token = Token.objects.create(user=registrar)
        registrar.is_active = False
        registrar.save()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.get("/api/v1/indexes/").status_code == 401


def sign_in(client, username: str) -> None:
    """Sign in through the login page, as a browser does (the session the browsable API
    uses)."""
    response = client.post("/accounts/login/", {"username": username, "password": username},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:500]


class TestSession:
    def test_the_browsable_api_works_with_a_session(self, registrar, index, client):
        """Given a signed-in registrar, when a browser opens the register endpoint, then
        DRF's browsable page answers, with scripts only from this site."""
        factories.entry(registrar, index=index)
        sign_in(client, "registrar")
        response = client.get("/api/v1/entries/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert "94-00-1/" in html
        assert "Register a document" in html or "Entry List" in html
        assert 'src="http' not in html
        assert "script-src 'self'" in response["Content-Security-Policy"]

    def test_a_registrar_registers_through_the_session(self, registrar, index, client, make_payload):
        """Given a signed-in registrar (no token), when he posts JSON, then 201."""
        sign_in(client, "registrar")
        response = client.post("/api/v1/entries/", make_payload(), content_type="application/json")
        assert response.status_code == 201, response.content


class TestApiTokenCommand:
    def test_prints_a_token_that_authenticates_and_is_stable(self, registrar, index):
        """Given a registrar without a token, when api-token runs twice, then the same
        token is printed and it authenticates."""
        first = issue("registrar")
        second = issue("registrar")
        assert first == second
        assert len(first) == 40
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
        assert client.get("/api/v1/me/").json()["username"] == "registrar"

    def test_rotate_replaces_the_token_and_the_old_one_stops_working(self, registrar, index):
        old = issue("registrar")
        new = issue("registrar", "--rotate")
        assert new != old
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
        assert client.get("/api/v1/me/").status_code == 401
        client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
        assert client.get("/api/v1/me/").status_code == 200

    def test_creation_and_rotation_are_audited_without_the_token(self, registrar):
        """DOMAIN 11: the trail says who got a credential, never the credential."""
        first = issue("registrar")
        issue("registrar")
        second = issue("registrar", "--rotate")
        events = list(AuditEvent.objects.filter(object_type="authtoken.token").order_by("id"))
        assert [e.action for e in events] == ["create", "update"]
        assert all(e.object_id == str(registrar.pk) for e in events)
        for event in events:
            stored = f"{event.object_id} {event.object_repr} {event.changes}"
            assert first not in stored and second not in stored

    def test_unknown_user_is_a_clear_error(self, org):
        with pytest.raises(CommandError, match="no employee with the user name “nobody”"):
            issue("nobody")
        assert not Token.objects.exists()

    def test_disabled_user_is_refused(self, org):
        factories.user("gone", role="registrar", is_active=False)
        with pytest.raises(CommandError, match="disabled"):
            issue("gone")
        assert not Token.objects.exists()

    def test_console_script_spelling_exits_non_zero_for_an_unknown_user(self, org, capsys):
        """`kancelaria api-token nobody` maps to the command and exits with 1."""
        from kancelaria.cli import main

        with pytest.raises(SystemExit) as stop:
            main(["kancelaria", "api-token", "nobody"])
        assert stop.value.code == 1
        assert "nobody" in capsys.readouterr().err
