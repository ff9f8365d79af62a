"""The `kancelaria` console script and the demo municipality."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kancelaria.accounts.models import User
from kancelaria.control import dashboard
from kancelaria.control.models import Absence, Assignment, Extension, Resolution, RoutingRule
from kancelaria.core.demo import USERS
from kancelaria.registry.integrity import verify_register
from kancelaria.registry.models import CaseFile, CaseMovement, CaseStatus, Entry, Index

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
    for command in ("seed_demo", "verify_register", "verify_attachments", "migrate", "db_worker", "scheduler"):
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
    assert ("users created: registrar, mayor, secretary, head, expert, admin, deputy, builder, lawyer, social, "
            "taxes") in first.stdout
    assert "routing rules created: 2" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "users created: none" in second.stdout
    assert "documents: none added" in second.stdout
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "register intact:" in verify.stdout
    assert "routing rules created: 0" in second.stdout

    # The scheduler enqueues the day's jobs once (DOMAIN.md 3), through the console script.
    once = cli("scheduler", "--once", "--now", "2026-11-19T08:00", env=env)
    again = cli("scheduler", "--once", "--now", "2026-11-19T08:05", env=env)
    assert once.returncode == 0, once.stderr
    assert "enqueued reminders 07:30 for 2026-11-19" in once.stdout and "enqueued digest" in once.stdout
    assert "nothing due" in again.stdout


def test_the_scheduler_loop_runs_until_it_is_stopped(tmp_path):
    """Given a migrated database, when `kancelaria scheduler` runs as a loop (as `make run`
    and the systemd service start it), then it enqueues what is due at once, and SIGTERM
    stops it cleanly between two looks at the clock."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'loop.sqlite3'}", "TASKS_BACKEND": "immediate",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "KANCELARIA_DEMO": "true"}
    assert cli("migrate", "--noinput", "-v", "0", env=env).returncode == 0
    proc = subprocess.Popen([str(CONSOLE_SCRIPT), "scheduler", "--interval", "1", "--now", "2026-11-19T07:50"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, **env})
    lines = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "enqueued digest" in line:
                break
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = "".join(lines) + out
    assert proc.returncode == 0, err
    assert "reminders 07:30 at 07:30, digest at 07:45, rating invitations at 09:00, reminders 13:00 at 13:00" in output
    assert "enqueued reminders 07:30 for 2026-11-19" in output and "enqueued digest for 2026-11-19" in output
    assert "scheduler: stopped" in output


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


@pytest.mark.django_db
def test_demo_has_work_to_control():
    """Given the demo, then (DOMAIN.md 3) applications go first to the secretary and the
    rest to the mayor; resolutions (one cascading through the director) leave open work
    overdue, due today or soon and later; earlier months hold tasks done on time and late;
    one deadline was extended (the citizen's tracking shows it); one executor is absent
    with a substitute; and the dashboards show it to the mayor and to the head."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    today = timezone.localdate()
    h = dashboard.horizon(today)

    rules = {(r.index.code if r.index else "", r.resolver.username) for r in RoutingRule.objects.select_related(
        "index", "resolver")}
    assert rules == {("94-00", "secretary"), ("", "mayor")}
    assert Assignment.objects.filter(role="resolve", entry__case__index__code="94-00",
                                     assignee__username="secretary").exists()

    open_work = Assignment.objects.filter(status="open")
    states = [h.state(a.deadline) for a in open_work]
    assert states.count("overdue") >= 4
    assert states.count("today") + states.count("soon") >= 4
    assert states.count("later") >= 3
    assert open_work.filter(role="resolve", deadline__lte=today).exists(), "a document still waits for resolution"
    assert Resolution.objects.filter(parent__role="execute").exists(), "a director resolved further (cascade)"
    assert open_work.filter(is_lead=False, opinion_deadline__isnull=False).exists(), "a co-executor's opinion"

    finished = Assignment.objects.filter(role="execute", status__in=["done", "closed"])
    on_time = [a for a in finished if a.finished_on <= a.deadline]
    late = [a for a in finished if a.finished_on > a.deadline]
    months = {a.finished_on.replace(day=1) for a in finished}
    assert len(on_time) >= 10 and len(late) >= 5 and len(months) >= 10
    assert finished.filter(status="done").exists() and finished.filter(status="closed").exists()

    extension = Extension.objects.select_related("resolution__case").get()
    assert extension.new_deadline > extension.old_deadline
    assert extension.resolution.case.movements.filter(
        action=CaseMovement.Action.EXTENDED, note=extension.new_deadline.strftime("%d.%m.%Y")).exists()
    absence = Absence.objects.select_related("employee", "substitute").get()
    assert (absence.employee.username, absence.substitute.username) == ("builder", "expert")
    assert absence.first_day < today <= absence.last_day

    mayor = dashboard.control_scope(User.objects.get(username="mayor"))
    head = dashboard.control_scope(User.objects.get(username="head"))
    assert mayor.everything and not head.everything
    everything = dashboard.totals(dashboard.counts_by_unit(mayor, h=h))
    directorate = dashboard.totals(dashboard.counts_by_unit(head, h=h))
    assert everything.overdue > directorate.overdue > 0
    _units, overall = dashboard.on_time_rates(mayor, today=today)
    assert sum(1 for m in overall.months if m.finished) >= 10
