"""The shared layout in a real browser: logging in through the form, the language
switch (without JavaScript tricks: a form post), and axe-core on the login page and
the audit trail (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kancelaria.audit.models import AuditEvent
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_accessible_and_shows_failures(page, org):
    # given the login page
    factories.user("registrar", role="registrar", unit=org["desk"])
    page.goto("/accounts/login/")
    assert_accessible(page)
    # when a wrong password is sent
    page.fill("input[name=username]", "registrar")
    page.fill("input[name=password]", "not-the-password")
    page.press("input[name=password]", "Enter")
    # then the error summary takes the focus and the page stays accessible
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, object_repr="registrar").exists()


def test_log_in_switch_language_and_back_then_log_out(page, org):
    # given a controller
    factories.user("controller", role="controller", unit=org["municipality"])
    # when they log in through the form
    login(page, "controller")
    page.goto("/nomenclature/")
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    # and switch the language to English
    page.get_by_role("button", name="English").click()
    # then the same page comes back in English
    expect(page).to_have_url(re.compile(r"/nomenclature/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # when they switch back to Bulgarian
    page.get_by_role("button", name="български").click()
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    expect(page).to_have_url(re.compile(r"/nomenclature/$"))
    # and the staff navigation offers the audit trail to a controller
    page.locator(".kc-navigation").get_by_role("link", name=re.compile("Audit|Одит|одит")).first.click()
    expect(page).to_have_url(re.compile(r"/audit/$"))
    assert_accessible(page)
    # when they log out with the button, they are back at the login page
    page.locator(".kc-navigation__logout button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("input[name=username]")).to_be_visible()


def test_audit_trail_filters_are_accessible(page, org):
    # given a controller and some recorded events
    factories.user("controller", role="controller", unit=org["municipality"])
    login(page, "controller")
    # when they filter the trail by action
    page.goto("/audit/")
    page.select_option("select[name=action]", "login")
    page.locator(".kc-filters button[type=submit]").click()
    # then only logins are listed and the page is accessible
    expect(page).to_have_url(re.compile(r"action=login"))
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    # when the date range is reversed, a clear error shows and it is accessible too
    page.fill("input[name=day_from]", "2026-03-06")
    page.fill("input[name=day_to]", "2026-03-02")
    page.locator(".kc-filters button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_narrow_screen_has_a_menu_button_and_no_sideways_scroll(page, org):
    # given a registrar on a phone-sized screen
    factories.user("registrar", role="registrar", unit=org["desk"])
    factories.index(code="94-00", name="Заявления и искания с дълго име на групата")
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "registrar")
    page.goto("/nomenclature/")
    # then the navigation folds behind a menu button and the page does not scroll sideways
    toggle = page.locator(".govuk-service-navigation__toggle")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.locator("#kc-navigation-list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
