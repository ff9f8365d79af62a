"""Tests that need PostgreSQL: concurrent numbering under row locks, full-text search.

Every test here is marked `postgres` and is selected only by the PostgreSQL pass of
`make test` (DATABASE_URL=postgres://...). Run on any other database they fail at once
with a clear message instead of passing vacuously.
"""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgresql_required():
    if connection.vendor != "postgresql":
        pytest.fail(
            "tests/postgres/ must run on PostgreSQL, but the database is "
            f"{connection.vendor}. Run them with DATABASE_URL=postgres://... "
            "(`make test` does this in its PostgreSQL pass).",
            pytrace=False,
        )


def pytest_collection_modifyitems(items):
    for item in items:
        path = str(item.fspath).replace("\\", "/")
        if "/tests/postgres/" in path and item.get_closest_marker("postgres") is None:
            raise pytest.UsageError(f"{item.nodeid} must be marked @pytest.mark.postgres")
