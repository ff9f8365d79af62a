"""Shared fixtures: a small organisation, an index, users in each role, and test-safe
settings (tasks run immediately, files go to a temporary folder)."""

from __future__ import annotations

import importlib

import pytest
from django.core.cache import cache
from django.core.management.commands import flush as flush_command

from tests import factories

_append_only = importlib.import_module("kancelaria.registry.migrations.0002_register_append_only")
_sql_flush = flush_command.sql_flush


def _sql_flush_keeping_triggers(style, connection, **kwargs):
    """Transactional tests empty the database after each test; on SQLite that is a
    DELETE, which the register's append-only triggers refuse. The flush lifts them and
    puts them back in the same transaction (PostgreSQL truncates, which they allow)."""
    statements = _sql_flush(style, connection, **kwargs)
    if connection.vendor == "sqlite" and statements:
        return [*_append_only.SQLITE_DOWN, *statements, *_append_only.SQLITE_UP]
    return statements


flush_command.sql_flush = _sql_flush_keeping_triggers


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
