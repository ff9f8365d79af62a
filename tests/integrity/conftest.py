"""Helpers for tampering with the register the way someone with database rights would:
raw SQL behind the application's back, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories


def run_command(name: str, *args) -> tuple[int, str]:
    """Run a management command; returns (exit code, stdout + stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue() + err.getvalue()


def sql(statement: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.rowcount


def register_triggers_disable() -> None:
    """What an attacker with DBA rights does first: switch the append-only triggers off
    (migration registry 0002)."""
    if connection.vendor == "postgresql":
        # Inside the test's transaction the deferred foreign-key checks of the rows just
        # written are still pending, and ALTER TABLE refuses to run over them: fire them.
        sql("SET CONSTRAINTS ALL IMMEDIATE")
        sql("ALTER TABLE registry_registerrecord DISABLE TRIGGER registry_record_no_update")
        sql("SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "sqlite":
        sql("DROP TRIGGER registry_record_no_update")
        sql("DROP TRIGGER registry_record_no_delete")
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        pytest.fail(f"no recipe to disable the register triggers on {connection.vendor}")


@pytest.fixture
def register(registrar, index):
    """Given a register of five documents in index 94-00 and one in 70-00."""
    entries = [factories.entry(registrar, subject=f"Заявление за скица № {n}") for n in range(1, 6)]
    other = factories.index(code="70-00", name="Предложения и сигнали")
    entries.append(factories.entry(registrar, index=other, doc_type="signal",
                                   subject="Сигнал за повредено осветление"))
    return entries
