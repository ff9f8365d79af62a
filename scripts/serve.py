#!/usr/bin/env python3
"""`make run`: prepare the database, load the demo municipality and run the web server
(waitress), the background worker (django-tasks-db's `db_worker`) and the scheduler
(`kancelaria scheduler`: reminders and the heads' morning digest) together.

All three are stopped on Ctrl-C (or SIGTERM); if one stops by itself, the others are
stopped too and the exit code is passed on.

    .venv/bin/python scripts/serve.py                 # http://127.0.0.1:8000
    KANCELARIA_PORT=8080 .venv/bin/python scripts/serve.py

KANCELARIA_DEMO defaults to true here: plain-HTTP cookies on the loopback address.
Standard library only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def _dotenv(name: str, default: str) -> str:
    """The real environment first, then `.env` (as the settings read it)."""
    if os.environ.get(name):
        return os.environ[name]
    path = ROOT / ".env"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and key.strip() == name and not key.startswith("#"):
                return value.strip().strip('"').strip("'") or default
    return default


HOST = _dotenv("KANCELARIA_HOST", "127.0.0.1")
PORT = int(_dotenv("KANCELARIA_PORT", "8000"))
THREADS = _dotenv("KANCELARIA_THREADS", "8")

LOGINS = [
    ("registrar", "registrar", "desk clerk: registers documents and information requests"),
    ("mayor", "mayor", "mayor: resolver and controller, decides penal cases"),
    ("secretary", "secretary", "secretary: resolver, controller, information requests, penal register"),
    ("head", "head", "head of directorate: resolver and controller"),
    ("expert", "expert", "expert: executor in a department"),
    ("admin", "admin", "administrator, Django admin"),
    ("deputy", "deputy", "deputy mayor: resolver and controller"),
    ("builder", "builder", "executor in construction, penal inspector (absent: expert substitutes)"),
    ("lawyer", "lawyer", "executor: legal department, opinions on penal cases"),
    ("social", "social", "executor: social services"),
    ("taxes", "taxes", "executor: local taxes"),
]


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def step(title: str, cmd: list[str], env: dict) -> None:
    print(f"==> {title}", flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        print(f"*** {title} failed (exit code {result.returncode})", file=sys.stderr)
        sys.exit(result.returncode)


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) != 0


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status < 500
        except urllib.error.HTTPError as exc:
            return exc.code < 500
        except OSError:
            time.sleep(0.3)
    return False


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 10
    for proc in procs:
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def banner(base: str) -> None:
    line = "=" * 72
    print(f"\n{line}\n kancelaria is running (demo: Община Момчилград)\n{line}")
    print(f"  Desk (staff):        {base}/")
    print(f"  Sign in:             {base}/accounts/login/")
    print(f"  Public tracking:     {base}/track/")
    print(f"  API documentation:   {base}/api/v1/docs/   (schema: {base}/api/v1/schema/)")
    print(f"  Django admin:        {base}/admin/")
    print(f"  Deadline control:    {base}/work/control/   (mayor, secretary, head)")
    print(f"  Info requests:       {base}/information/   (secretary, registrar); public: {base}/information/public/")
    print(f"  Penal cases:         {base}/penal/   (mayor, secretary, lawyer, builder)")
    print("\n  Demo logins (password = user name):")
    for username, password, what in LOGINS:
        print(f"    {username:<10} / {password:<10} {what}")
    print("\n  Background worker: db_worker (django-tasks-db)")
    print("  Scheduler:         kancelaria scheduler (reminders, the heads' morning digest and the daily checks")
    print("                     of information requests and penal cases on working days;")
    print("                     e-mails are printed by the worker unless EMAIL_BACKEND says otherwise)")
    print(f"  Press Ctrl-C to stop all three.\n{line}\n", flush=True)


def main() -> int:
    env = dict(os.environ)
    env.setdefault("KANCELARIA_DEMO", "true")
    env.setdefault("DJANGO_SETTINGS_MODULE", "kancelaria.settings")
    env["PYTHONUNBUFFERED"] = "1"
    kancelaria = tool("kancelaria")

    if not port_free(HOST, PORT):
        print(f"*** {HOST}:{PORT} is already in use: stop what runs there or set KANCELARIA_PORT.",
              file=sys.stderr)
        return 1

    step("applying database migrations", [kancelaria, "migrate", "--noinput", "-v", "0"], env)
    step("loading the demo municipality", [kancelaria, "seed-demo"], env)
    step("collecting static files", [kancelaria, "collectstatic", "--noinput", "-v", "0"], env)

    print(f"==> starting the web server (waitress) on http://{HOST}:{PORT}, the worker and the scheduler",
          flush=True)
    web = subprocess.Popen(
        [tool("waitress-serve"), f"--listen={HOST}:{PORT}", f"--threads={THREADS}",
         "kancelaria.wsgi:application"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    worker = subprocess.Popen(
        [kancelaria, "db_worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    scheduler = subprocess.Popen(
        [kancelaria, "scheduler"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    procs = [web, worker, scheduler]

    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    base = f"http://{HOST}:{PORT}"
    if wait_until_up(f"{base}/accounts/login/", web):
        banner(base)
    elif web.poll() is None:
        print(f"!! the web server did not answer {base}/accounts/login/ within 30 s; still waiting",
              flush=True)

    code = 0
    try:
        while not stopping:
            for proc, name in ((web, "web server"), (worker, "worker"), (scheduler, "scheduler")):
                if proc.poll() is not None:
                    print(f"*** the {name} stopped (exit code {proc.returncode}); stopping the rest",
                          file=sys.stderr, flush=True)
                    code = proc.returncode or 1
                    stopping = True
                    break
            time.sleep(0.5)
    finally:
        print("\n==> stopping the web server, the worker and the scheduler", flush=True)
        stop(procs)
    print("==> stopped", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
