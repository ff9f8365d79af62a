"""The `kancelaria` console script and the demo municipality."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from kancelaria.accounts.models import User
from kancelaria.core.demo import USERS
from kancelaria.registry.integrity import verify_register
from kancelaria.registry.models import CaseFile, CaseStatus, Entry, Index

CONSOLE_SCRIPT = Path(sys.executable).with_name("kancelaria")
ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, **(env or {})})


def test_console_script_lists_our_commands():
    """Given the package installed (pip install -e .), when `kancelaria help` runs,
    then our commands are listed with Django's."""
    assert CONSOLE_SCRIPT.exists(), f"{CONSOLE_SCRIPT} is missing: the console script is not installed"

    result = cli("help", env={"DATABASE_URL": ""})

    assert result.returncode == 0, result.stderr
    for command in ("seed_demo", "verify_register", "verify_attachments", "migrate", "db_worker"):
        assert command in result.stdout


def test_console_script_runs_the_demo_end_to_end(tmp_path):
    """Given an empty SQLite database, when `kancelaria migrate`, `seed-demo` (spelt with a
    dash) twice and `verify-register` run through the console script,
    then the second seed adds nothing and the register verifies."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "KANCELARIA_DEMO": "true",
           "MEDIA_ROOT": str(tmp_path / "media"), "TASKS_BACKEND": "immediate",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}

    assert cli("migrate", "--noinput", "-v", "0", env=env).returncode == 0
    first = cli("seed-demo", env=env)
    second = cli("seed-demo", env=env)
    verify = cli("verify-register", env=env)

    assert first.returncode == 0, first.stderr
    assert "users created: registrar, mayor, secretary, head, expert, admin" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "users created: none" in second.stdout
    assert "documents: none added" in second.stdout
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "register intact:" in verify.stdout


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_keeps_the_register_valid():
    """Given an empty database, when seed-demo runs twice,
    then the second run changes no table, and the register verifies (DOMAIN.md 2)."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    after_first = _counts()
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)

    assert _counts() == after_first
    assert "documents: none added" in out.getvalue()
    assert verify_register()[0] == []
    assert after_first["registry.Entry"] >= 40


@pytest.mark.django_db
def test_demo_has_the_users_roles_and_cases_the_brief_promises():
    """Given the demo, then each demo user logs in with his name as password and has his
    roles; the register holds an anonymous, an incomplete, a forwarded, a withdrawn and
    an answered case, and some case files sent to units."""
    call_command("seed_demo", "--force", stdout=io.StringIO())

    for spec in USERS:
        user = User.objects.get(username=spec.username)
        assert user.check_password(spec.username)
        assert set(spec.roles) <= set(user.role_codes)
        assert user.first_name and user.last_name and user.unit_id
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="secretary").has_perm("registry.view_offensive_log")
    assert not User.objects.get(username="mayor").has_perm("registry.view_offensive_log")
    head, expert = User.objects.get(username="head"), User.objects.get(username="expert")
    assert expert.unit.path.startswith(head.unit.path), "the expert works in the head's directorate"

    statuses = set(CaseFile.objects.values_list("status", flat=True))
    assert {CaseStatus.NO_PROCEEDINGS, CaseStatus.FORWARDED, CaseStatus.WITHDRAWN, CaseStatus.ANSWERED,
            CaseStatus.IN_PROGRESS} <= statuses
    assert Entry.objects.filter(is_incomplete=True).exists()
    assert Entry.objects.filter(is_anonymous=True).exists()
    assert Index.objects.get(code="РД-01").retention_years is None  # orders: permanent
    assert Index.objects.get(code="94-00").retention_years == 20


@pytest.mark.django_db
def test_seed_demo_refuses_outside_a_demo(settings, monkeypatch):
    """Given a production-like installation (no KANCELARIA_DEMO, DEBUG off),
    when seed-demo runs without --force, then it refuses: its users have weak passwords."""
    monkeypatch.delenv("KANCELARIA_DEMO", raising=False)
    settings.DEBUG = False

    with pytest.raises(CommandError, match="KANCELARIA_DEMO"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()
