"""The view tests read English text: the test client asks for English, so the
assertions hold whatever the translation catalogues say. Tests about the language
itself set the header or the cookie they need."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")
