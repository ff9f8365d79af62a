"""Settings come from the environment with safe defaults, and every variable is
documented in .env.example.

Each case loads kancelaria/settings.py in a fresh interpreter with a controlled
environment, as if the project lived in a temporary folder (so a developer's own `.env`
does not leak in, and a test `.env` can be put there).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "kancelaria" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"

PROBE = r"""
import json, sys
source_path, fake_path = sys.argv[1], sys.argv[2]
namespace = {"__file__": fake_path, "__name__": "settings_under_test"}
exec(compile(open(source_path, encoding="utf-8").read(), source_path, "exec"), namespace)
keys = ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASES", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "CACHES", "TASKS", "STORAGES", "LANGUAGE_CODE", "TIME_ZONE", "OFFICE_NAME", "VAR_DIR",
        "SECURE_PROXY_SSL_HEADER", "TRACKING_RATE_LIMIT", "INSTALLED_APPS"]
print(json.dumps({k: namespace.get(k) for k in keys}, default=str))
"""


def load(tmp_path: Path, env: dict[str, str] | None = None, dotenv: str | None = None) -> dict:
    project = tmp_path / "project"
    (project / "kancelaria").mkdir(parents=True, exist_ok=True)
    if dotenv is not None:
        (project / ".env").write_text(dotenv, encoding="utf-8")
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
             "KANCELARIA_VAR_DIR": str(tmp_path / "var")}
    clean.update(env or {})
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(SETTINGS), str(project / "kancelaria" / "settings.py")],
        capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def variables_read_by_settings() -> set[str]:
    source = SETTINGS.read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def variables_documented() -> dict[str, str]:
    """{name: the comment lines just above it} from .env.example (set or commented out)."""
    documented: dict[str, str] = {}
    comment: list[str] = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            documented[match.group(1)] = " ".join(comment)
            comment = []
            continue
        if line.startswith("#"):
            comment.append(line.lstrip("# "))
        else:
            comment = []
    return documented


def test_every_setting_variable_is_documented_in_env_example():
    """Given settings.py, then every variable it reads from the environment appears in
    .env.example with a comment explaining it."""
    read = variables_read_by_settings()
    documented = variables_documented()

    assert len(read) > 20, "the pattern no longer finds the variables of settings.py"
    assert sorted(read - set(documented)) == []
    assert sorted(name for name in read if not documented[name].strip()) == []


def test_defaults_are_safe_for_a_local_installation(tmp_path):
    """Given no environment at all, then DEBUG is off, cookies are secure, the database
    is SQLite under var/, tasks use the database, and a secret key is generated once
    and kept."""
    first = load(tmp_path)
    second = load(tmp_path)

    assert first["DEBUG"] is False
    assert first["SESSION_COOKIE_SECURE"] is True and first["CSRF_COOKIE_SECURE"] is True
    db = first["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "var" / "kancelaria.sqlite3")
    assert first["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert first["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert first["LANGUAGE_CODE"] == "bg" and first["TIME_ZONE"] == "Europe/Sofia"
    assert len(first["SECRET_KEY"]) >= 40
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "var" / "secret_key").read_text().strip() == first["SECRET_KEY"]
    assert first["SECURE_PROXY_SSL_HEADER"] is None


def test_demo_mode_allows_plain_http_cookies(tmp_path):
    """Given KANCELARIA_DEMO=true (`make run` on http://127.0.0.1:8000), then the session
    and CSRF cookies are not marked Secure."""
    loaded = load(tmp_path, {"KANCELARIA_DEMO": "true"})

    assert loaded["SESSION_COOKIE_SECURE"] is False and loaded["CSRF_COOKIE_SECURE"] is False
    assert loaded["DEBUG"] is False


def test_production_configuration_from_the_environment(tmp_path):
    """Given a production environment, then PostgreSQL, Redis, the proxy header and the
    given secret key and hosts are used."""
    loaded = load(tmp_path, {
        "DATABASE_URL": "postgres://kanc:pw@db.internal:5433/kancelaria",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "deloproizvodstvo.momchilgrad.bg, localhost",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "SECURE_PROXY_SSL_HEADER": "true",
        "TRACKING_RATE_LIMIT": "5",
    })

    db = loaded["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"], db["USER"]) == ("kancelaria", "db.internal", 5433, "kanc")
    assert loaded["SECRET_KEY"] == "x" * 50
    assert loaded["ALLOWED_HOSTS"] == ["deloproizvodstvo.momchilgrad.bg", "localhost"]
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["TRACKING_RATE_LIMIT"] == 5
    assert not (tmp_path / "var" / "secret_key").exists()


@pytest.mark.parametrize(("backend", "expected"), [
    ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
    ("database", "django_tasks_db.DatabaseBackend"),
])
def test_tasks_backend_is_chosen_by_the_environment(tmp_path, backend, expected):
    """Given TASKS_BACKEND, then the matching django-tasks backend is configured."""
    assert load(tmp_path, {"TASKS_BACKEND": backend})["TASKS"]["default"]["BACKEND"] == expected


def test_dotenv_is_read_but_the_real_environment_wins(tmp_path):
    """Given a .env file beside the project, then its values are used, except where the
    real environment says otherwise; comments and quotes are handled."""
    dotenv = "# local settings\nOFFICE_NAME=\"Община Кърджали\"\nTIME_ZONE=UTC\n\nLANGUAGE_CODE='en'\n"

    loaded = load(tmp_path, {"TIME_ZONE": "Europe/Warsaw"}, dotenv=dotenv)

    assert loaded["OFFICE_NAME"] == "Община Кърджали"
    assert loaded["LANGUAGE_CODE"] == "en"
    assert loaded["TIME_ZONE"] == "Europe/Warsaw"
