"""Fixtures for tests that read English text: pages are asked for, and expectations
computed, in English, so the checks hold whatever the compiled catalogues say. A
folder's conftest imports them."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})
