"""Every change to the models has its migration: a model change without one would reach a
production database only half applied."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"a migration is missing (exit {exit_.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
