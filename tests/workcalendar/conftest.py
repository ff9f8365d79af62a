"""Fixtures of the working calendar tests: English pages and messages, an administrator,
a member of staff without the administrator's role, and a token client for the API."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.english import _english, client  # noqa: F401


@pytest.fixture
def admin(org):
    return factories.user("admin", role="administrator", unit=org["municipality"])


@pytest.fixture
def api_client():
    def make(user) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        api = APIClient(headers={"accept-language": "en"})
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api
    return make
