"""The working calendar in a real browser (DOMAIN.md 3, "Deadline arithmetic"): an
administrator adds an office day off through the form, and the due date calculator moves a
deadline past it; every page passes axe-core (WCAG 2.1 AA) under the Content Security
Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kancelaria.audit.models import AuditEvent
from kancelaria.workcalendar.models import OfficeDay
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_office_day_off_moves_the_calculated_due_date(page, org):
    # given an administrator on the calendar of 2026
    """DOMAIN.md 3: the office's own day off moves a deadline that ends on it to the next
    working day; the form, its errors and the result pass axe-core."""
    admin = factories.user("admin", role="administrator", unit=org["municipality"])
    login(page, "admin")
    page.goto("/calendar/?year=2026")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)

    # when they compute Mon 16 Nov 2026 + 7 days: Mon 23 Nov, an ordinary working day
    page.fill("#due_start", "2026-11-16")
    page.fill("#due_length", "7")
    page.locator("#due_unit_0").check()
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("[data-testid=due-date]")).to_have_attribute("datetime", "2026-11-23")
    assert_accessible(page)

    # and add Mon 23 Nov as the office's day off, first forgetting the reason
    page.fill("#day_date", "2026-11-23")
    page.locator("input[name=kind][value=day_off]").check()
    page.locator("form[method=post][action$='/days/add/'] button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#day_note_error")).to_be_visible()
    assert_accessible(page)
    page.fill("#day_note", "Празник на общината")
    page.locator("form[method=post][action$='/days/add/'] button[type=submit]").click()

    # then the day is listed in November with its reason, and recorded
    expect(page).to_have_url(re.compile(r"/calendar/\?year=2026$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("23.11.2026")
    row = page.locator("tbody tr", has=page.locator("time[datetime='2026-11-23']"))
    expect(row).to_contain_text("Празник на общината")
    assert OfficeDay.objects.get().created_by == admin
    assert AuditEvent.objects.filter(object_type="workcalendar.officeday", action="create", actor=admin).exists()
    assert_accessible(page)

    # when the same deadline is computed again, it moves past the day off to Tue 24 Nov
    page.fill("#due_start", "2026-11-16")
    page.fill("#due_length", "7")
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("[data-testid=due-date]")).to_have_attribute("datetime", "2026-11-24")
    skipped = page.locator("[data-testid=skipped] li")
    expect(skipped).to_have_count(1)
    expect(skipped).to_contain_text("Празник на общината")
    assert_accessible(page)

    # and deleting the day gives the official calendar back
    row = page.locator("tbody tr", has=page.locator("time[datetime='2026-11-23']"))
    row.locator("button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert not OfficeDay.objects.exists()


def test_a_registrar_computes_with_pauses_but_cannot_edit(page, org):
    """DOMAIN.md 3: paused days inside the period push the end; a registrar computes but sees no
    form to change the office's days."""
    factories.user("registrar", role="registrar", unit=org["desk"])
    login(page, "registrar")
    page.goto("/calendar/?year=2026")
    expect(page.locator("#day_date")).to_have_count(0)
    # Fri 3 Apr 2026 + 7 = Good Friday; paused 6-7 Apr -> Sun 12 Apr (Easter) -> Tue 14 Apr.
    page.fill("#due_start", "2026-04-03")
    page.fill("#due_length", "7")
    page.locator("details.govuk-details summary").click()
    page.fill("#due_pause_first_1", "2026-04-06")
    page.fill("#due_pause_last_1", "2026-04-07")
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("[data-testid=due-date]")).to_have_attribute("datetime", "2026-04-14")
    expect(page.locator("[data-testid=skipped] li")).to_have_count(2)
    expect(page.locator("details.govuk-details")).to_have_attribute("open", "")
    assert_accessible(page)
