"""Fixtures for the staff API: clients authenticated with a token, and a valid
registration payload."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture(autouse=True)
def _english():
    """Requests ask for English, so messages do not depend on compiled translations."""
    with translation.override("en"):
        yield


def token_client(user, language: str = "en") -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient(headers={"accept-language": language})
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(registrar, index):
    """The desk's client."""
    return token_client(registrar)


@pytest.fixture
def make_client():
    return token_client


def payload(**overrides) -> dict:
    data = {
        "kind": "incoming",
        "index": "94-00",
        "subject": "Искане за издаване на скица на имот",
        "channel": "desk",
        "doc_type": "application",
        "correspondent": {
            "name": "Иван Петров Иванов",
            "kind": "person",
            "egn": factories.VALID_EGN,
            "address": "гр. Момчилград, ул. „Трети март“ 12",
            "email": "ivan@example.org",
            "phone": "0888 123 456",
        },
        "pages": 2,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_payload():
    return payload
