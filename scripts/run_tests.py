#!/usr/bin/env python3
"""`make test`: the test suite in three passes.

1. sqlite      the main suite on SQLite:  pytest -m "not postgres and not browser"
2. postgresql  the whole non-browser suite again on PostgreSQL (the `postgres`-marked
               tests included):            pytest -m "not browser"
               DATABASE_URL from the environment, or postgres://postgres@127.0.0.1:5432/kancelaria
               when a server answers there.
3. browser     headless Chromium through Playwright, on SQLite:  pytest -m browser

Without PostgreSQL or Chromium the pass is skipped with a loud banner; with CI=true
that is a failure instead, and so is any skipped test. A pass that collects no test
(pytest's exit code 5) fails. The closing line adds up all passes:

    make test: N passed, M failed[, K skipped]

Options: --only sqlite,browser  runs only those passes; anything after `--` goes to pytest.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = ROOT / "var" / "test-results"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/kancelaria"
CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}

PG_PROBE = r"""
import sys
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

url = sys.argv[1]
try:
    psycopg.connect(url, connect_timeout=2).close()
except psycopg.OperationalError as exc:
    if "does not exist" not in str(exc):
        print(str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc))
        sys.exit(1)
    # The server answers but the database is missing: create it.
    params = conninfo_to_dict(url)
    name = params.get("dbname")
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres"), connect_timeout=2,
                             autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc2:
        print(f"database {name} is missing and could not be created: {exc2}".strip())
        sys.exit(1)
print("ok")
"""


@dataclass
class Pass:
    name: str
    title: str
    marker: str
    env: dict = field(default_factory=dict)
    skipped_because: str = ""
    returncode: int | None = None
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    skipped_tests: list[str] = field(default_factory=list)
    seconds: float = 0.0
    problem: str = ""

    @property
    def passed(self) -> int:
        return max(self.tests - self.failures - self.errors - self.skipped, 0)

    @property
    def failed(self) -> int:
        return self.failures + self.errors

    @property
    def ok(self) -> bool:
        if self.skipped_because:
            return not CI
        if self.returncode != 0 or self.failed:
            return False
        return not (CI and self.skipped)


def banner(lines: list[str]) -> None:
    lines = [part for line in lines for part in textwrap.wrap(line, 88)]
    width = max(len(line) for line in lines) + 7
    print("\n" + "#" * width, flush=True)
    for line in lines:
        print(f"##  {line.ljust(width - 7)} ##")
    print("#" * width + "\n", flush=True)


def postgres_url() -> tuple[str, str]:
    """(url, problem): the database for the PostgreSQL pass, or why there is none."""
    url = os.environ.get("DATABASE_URL", "").strip()
    source = "DATABASE_URL"
    if not url:
        url, source = DEFAULT_PG_URL, "the local default"
    if not url.startswith(("postgres://", "postgresql://")):
        return "", f"DATABASE_URL is not a PostgreSQL address ({url.split(':', 1)[0]}:...)"
    probe = subprocess.run([str(VENV_PYTHON), "-c", PG_PROBE, url], capture_output=True, text=True,
                           timeout=30)
    if probe.returncode != 0:
        reason = probe.stdout.strip() or (probe.stderr.strip().splitlines() or ["no answer"])[-1]
        return "", f"no PostgreSQL server answers at {_redact(url)} ({source}): {reason}"
    return url, ""


def _redact(url: str) -> str:
    if "@" in url and ":" in url.split("@", 1)[0].split("//", 1)[-1]:
        scheme, rest = url.split("//", 1)
        user = rest.split(":", 1)[0]
        return f"{scheme}//{user}:***@{rest.split('@', 1)[1]}"
    return url


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM", ""), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser") or ""


def junit_read(item: Pass, path: Path) -> None:
    if not path.exists():
        return
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        item.problem = f"could not read {path}"
        return
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        item.tests += int(suite.get("tests", 0))
        item.failures += int(suite.get("failures", 0))
        item.errors += int(suite.get("errors", 0))
        item.skipped += int(suite.get("skipped", 0))
        for case in suite.iter("testcase"):
            skip = case.find("skipped")
            if skip is not None:
                item.skipped_tests.append(
                    f"{case.get('classname')}.{case.get('name')}: {skip.get('message', '')}")


def run_pass(item: Pass, extra: list[str]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    xml = RESULTS / f"{item.name}.xml"
    if xml.exists():
        xml.unlink()
    env = dict(os.environ)
    env.update(item.env)
    cmd = [str(VENV_PYTHON), "-m", "pytest", "-m", item.marker, f"--junitxml={xml}",
           "-o", "junit_family=xunit2", *extra]
    print(f"\n==> pass {item.name}: {item.title}\n    $ {shlex.join(cmd)}", flush=True)
    started = time.monotonic()
    item.returncode = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    item.seconds = time.monotonic() - started
    junit_read(item, xml)
    if item.returncode == 5:
        item.problem = "no tests were collected (pytest exit code 5)"
    elif item.returncode not in (0, 1):
        item.problem = f"pytest stopped with exit code {item.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the test suite in its passes.")
    parser.add_argument("--only", default="", help="comma-separated passes: sqlite,postgresql,browser")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args()
    only = {p.strip() for p in args.only.split(",") if p.strip()}

    if not VENV_PYTHON.exists():
        print("*** .venv is missing: run `make test` (or `make install-test`) first.", file=sys.stderr)
        return 2

    passes = [
        Pass("sqlite", "main suite on SQLite", "not postgres and not browser", env={"DATABASE_URL": ""}),
        Pass("postgresql", "whole non-browser suite on PostgreSQL", "not browser"),
        Pass("browser", "browser tests in headless Chromium, on SQLite", "browser", env={"DATABASE_URL": ""}),
    ]
    if only:
        unknown = only - {p.name for p in passes}
        if unknown:
            print(f"*** unknown pass: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        passes = [p for p in passes if p.name in only]

    for item in passes:
        if item.name == "postgresql":
            url, why = postgres_url()
            if not url:
                item.skipped_because = why
                banner([
                    "PostgreSQL pass SKIPPED" + (" -- and CI=true makes this a FAILURE" if CI else ""),
                    why,
                    "Not run: the whole suite on PostgreSQL, including the `postgres` tests",
                    "(concurrent numbering without gaps, locking, full-text search).",
                    f"Start a server at {DEFAULT_PG_URL} or set DATABASE_URL.",
                ])
                continue
            item.env["DATABASE_URL"] = url
            print(f"==> PostgreSQL answers at {_redact(url)}", flush=True)
        if item.name == "browser":
            chromium = chromium_path()
            if not chromium:
                item.skipped_because = "Chromium is not installed (no /usr/bin/chromium, no `chromium` on PATH)"
                banner([
                    "Browser pass SKIPPED" + (" -- and CI=true makes this a FAILURE" if CI else ""),
                    item.skipped_because,
                    "Not run: the browser tests (pages, keyboard use, axe-core accessibility).",
                    "Install it with: apt-get install chromium   (or set CHROMIUM=/path/to/chromium)",
                ])
                continue
            item.env["CHROMIUM"] = chromium
        run_pass(item, args.pytest_args)

    print("\n" + "=" * 72 + "\nmake test summary\n" + "=" * 72)
    total_passed = total_failed = total_skipped = 0
    for item in passes:
        if item.skipped_because:
            state = "FAILED (skipped under CI)" if CI else "SKIPPED"
            print(f"  {item.name:<11} {state}: {item.skipped_because}")
            continue
        total_passed += item.passed
        total_failed += item.failed
        total_skipped += item.skipped
        state = "ok" if item.ok else "FAILED"
        detail = f"{item.passed} passed, {item.failed} failed"
        if item.skipped:
            detail += f", {item.skipped} skipped"
        print(f"  {item.name:<11} {state:<7} {detail} in {item.seconds:.0f} s"
              + (f" -- {item.problem}" if item.problem else ""))
        if CI and item.skipped:
            print("              CI=true: skipped tests count as a failure:")
            for line in item.skipped_tests[:20]:
                print(f"                - {line}")
    print("=" * 72)
    failed_passes = [p.name for p in passes if not p.ok]
    if failed_passes:
        print(f"failed passes: {', '.join(failed_passes)}")
    closing = f"make test: {total_passed} passed, {total_failed} failed"
    if total_skipped:
        closing += f", {total_skipped} skipped"
    print(closing, flush=True)
    return 1 if failed_passes else 0


if __name__ == "__main__":
    sys.exit(main())
