"""Shared fixtures: a small organisation, an index, users in each role, and test-safe
settings (tasks run immediately, files go to a temporary folder)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def index(db):
    return factories.index(code="94-00", name="Заявления и искания")


@pytest.fixture
def registrar(org):
    return factories.user("registrar", role="registrar", unit=org["desk"])


@pytest.fixture
def controller(org):
    return factories.user("controller", role="controller", unit=org["municipality"])


@pytest.fixture
def expert(org):
    return factories.user("expert", role="executor", unit=org["planning"])


@pytest.fixture
def outsider(org):
    """An executor in a unit that holds nothing."""
    return factories.user("outsider", role="executor", unit=org["finance"])
