"""Browser tests: Playwright driving the system's Chromium (Debian's `chromium`)
against Django's live server, with axe-core for accessibility checks.

Every test here is marked `browser`; `make test` runs them in their own pass.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path:
        pytest.fail("Chromium is not installed (apt-get install chromium); browser tests cannot run.")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A page on the live server that keeps the Content Security Policy; anything the
    policy blocks (an inline script or style) is collected in `page.csp_violations`."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, locale="bg-BG",
                                  viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.csp_violations = []
    pg.on("console", lambda msg: pg.csp_violations.append(msg.text)
          if "Content Security Policy" in msg.text else None)
    yield pg
    context.close()


def login(page, username: str, password: str | None = None) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or username)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page; returns the violations.
    The script is evaluated through the DevTools protocol, so the page keeps its Content
    Security Policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    """No axe-core violations, and nothing on the page blocked by the Content Security Policy."""
    violations = axe_violations(page)
    assert violations == [], f"axe-core found accessibility violations on {page.url}: {violations}"
    blocked = getattr(page, "csp_violations", [])
    assert blocked == [], f"blocked by the Content Security Policy on {page.url}: {blocked}"
