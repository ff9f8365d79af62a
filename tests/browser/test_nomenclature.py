"""The nomenclature of case files in a real browser: an administrator adds an index
through the form, sees validation errors, and every page passes axe-core (WCAG 2.1 AA).
DOMAIN.md section 10: the nomenclature sets each group's retention period."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kancelaria.registry.models import Index
from tests import factories
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_creates_and_changes_an_index(page, org):
    # given an administrator and one index
    factories.user("admin", role="administrator", unit=org["municipality"])
    factories.index(code="94-00", name="Заявления и искания", retention_years=20)
    login(page, "admin")
    # when they open the nomenclature
    page.goto("/nomenclature/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    # and add an index through the form, first with mistakes
    page.locator("a[href='/nomenclature/new/']").click()
    expect(page).to_have_url(re.compile(r"/nomenclature/new/$"))
    assert_accessible(page)
    page.fill("input[name=code]", "05 01")
    page.fill("input[name=retention_years]", "0")
    page.locator("main form button.govuk-button[type=submit]").click()
    # then the errors are summarised and each field says what is wrong
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_have_count(3)
    assert_accessible(page)
    # when they correct the form: a permanent index with one continuous sequence
    page.fill("input[name=code]", "arh")
    page.fill("input[name=name]", "Технически архив")
    page.fill("input[name=retention_years]", "")
    page.locator("input[name=numbering_scope][value=continuous]").check()
    page.locator("main form button.govuk-button[type=submit]").click()
    # then the list shows it, with a success banner
    expect(page).to_have_url(re.compile(r"/nomenclature/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("ARH")
    row = page.locator("tbody tr", has_text="ARH")
    expect(row).to_contain_text("Технически архив")
    assert_accessible(page)
    created = Index.objects.get(code="ARH")
    assert created.retention_years is None and created.numbering_scope == "continuous"
    # when they change it: close it for new documents
    row.get_by_role("link").click()
    page.locator("input[name=is_active]").uncheck()
    page.locator("main form button.govuk-button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nomenclature/$"))
    created.refresh_from_db()
    assert not created.is_active


def test_registrar_sees_the_list_without_edit_links(page, org):
    factories.user("registrar", role="registrar", unit=org["desk"])
    factories.index(code="94-00", name="Заявления и искания")
    login(page, "registrar")
    page.goto("/nomenclature/")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("a[href='/nomenclature/new/']")).to_have_count(0)
    assert_accessible(page)
