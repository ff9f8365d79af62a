"""A registry clerk registers a document from the keyboard alone, finds it in the
register and opens its case file (DOMAIN.md 2), in Bulgarian and in English; the desk,
the register and the case file pass axe-core.

Set DESK_SCREENSHOTS=<folder> to keep full-page screenshots of every step.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, login

SHOTS = os.environ.get("DESK_SCREENSHOTS", "")


@pytest.fixture
def desk(transactional_db, org, registrar, index):
    """Given a registry clerk, one active index and a document already in the register."""
    earlier = factories.entry(registrar, subject="Жалба срещу шум от заведение", doc_type="complaint")
    return {"registrar": registrar, "index": index, "earlier": earlier}


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def choose_language(page, code: str, live_server) -> None:
    """Through the language switch in the page header when there is one, otherwise with
    Django's language cookie."""
    if page.locator("html").get_attribute("lang") == code:
        return
    button = page.locator(f"form[action$='/i18n/setlang/'] button[name=language][value={code}]")
    if button.count():
        button.first.click()
        page.wait_for_load_state("networkidle")
    else:
        page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
        page.reload()
    assert page.locator("html").get_attribute("lang") == code


def focused(page, prop: str = "name") -> str:
    return page.evaluate(f"document.activeElement && document.activeElement.getAttribute({prop!r})") or ""


@pytest.mark.parametrize("language", ["bg", "en"])
def test_register_a_document_with_the_keyboard_and_find_it(page, desk, live_server, language):
    login(page, "registrar")
    choose_language(page, language, live_server)

    # The desk: the subject has the focus; the form passes axe-core
    page.goto("/")
    assert focused(page) == "subject"
    assert_accessible(page)
    shot(page, f"{language}-1-desk")

    # Enter on the empty form: the error summary, still accessible; nothing registered
    assert focused(page) == "subject"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_subject").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    shot(page, f"{language}-2-desk-errors")

    # When the clerk registers an application with the keyboard only
    page.goto("/")
    started = time.perf_counter()
    assert focused(page) == "subject"
    page.keyboard.type("Искане за издаване на скица на имот")
    page.keyboard.press("Tab")
    assert focused(page) == "doc_type"          # application is preselected
    page.keyboard.press("Tab")
    assert focused(page) == "index"             # the only index is preselected
    page.keyboard.press("Tab")
    assert focused(page) == "correspondent_name"
    page.keyboard.type("Иван Петров Иванов")
    page.keyboard.press("Tab")
    page.keyboard.type(factories.VALID_EGN)
    page.keyboard.press("Tab")
    page.keyboard.type("гр. Момчилград, ул. „Трети март“ 12")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entries/\d+/$"))
    number = page.locator("#registered-number").inner_text().strip()
    elapsed = time.perf_counter() - started
    print(f"\n[{language}] registered {number} with the keyboard in {elapsed:.2f} s")

    # Then the number is shown prominently and "register the next document" has the focus
    assert re.fullmatch(r"94-00-2/\d\d\.\d\d\.\d{4}", number)
    assert focused(page, "accesskey") == "n"
    assert_accessible(page)
    shot(page, f"{language}-3-registered")

    # When the clerk looks the document up in the register by a word of its subject
    page.goto("/entries/")
    assert_accessible(page)
    shot(page, f"{language}-4-register")
    page.locator("#id_q").focus()
    page.keyboard.type("СКИЦА")
    page.keyboard.press("Enter")
    # Then it is the one document found (the results are replaced in place, or the page
    # reloads without JavaScript) and the address can be shared
    expect(page.locator("#results tbody tr")).to_have_count(1)
    row_link = page.locator("#results table a", has_text=number)
    expect(row_link).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=%D0%A1%D0%9A%D0%98%D0%A6%D0%90"))
    shot(page, f"{language}-5-search")

    # and its card leads to the case file, which is accessible too
    row_link.click()
    page.wait_for_url(re.compile(r"/entries/\d+/$"))
    page.locator("main a[href*='/cases/']").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert page.locator("h1").inner_text().strip() == number.split("/")[0]
    assert_accessible(page)
    shot(page, f"{language}-6-case")


def test_the_register_search_works_without_javascript(browser, live_server, settings, desk):
    # Given a browser with JavaScript switched off
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, locale="bg-BG", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        login(page, "registrar")
        # When the clerk searches the register with the plain form
        page.goto("/entries/")
        page.fill("#id_q", "шум")
        with page.expect_navigation():
            page.press("#id_q", "Enter")
        # Then the page reloads with the one matching document
        expect(page.locator("#results tbody tr")).to_have_count(1)
        expect(page.locator("#results tbody")).to_contain_text(desk["earlier"].number)
    finally:
        context.close()
