"""The mayor's control dashboard in the browser (DOMAIN.md 3, "Control"): he sees an
overdue task; once the expert reports it done, the overdue count drops on reload. The
page passes axe-core with the Content Security Policy enforced (no inline styles: the
on-time chart is SVG drawn with attributes).

Set DASHBOARD_SCREENSHOTS=<folder> to keep full-page screenshots.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kancelaria.control import services
from tests import factories
from tests.browser.conftest import assert_accessible, login
from tests.control.test_dashboard import assign

SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def late(transactional_db, org, registrar, expert, index):
    """Given the mayor, and an application he resolved to the expert ten days ago with a
    deadline three days ago, still open; and another task due in a month."""
    mayor = factories.user("mayor", role="resolver", unit=org["municipality"], first_name="Христо",
                           last_name="Стоянов")
    expert.first_name, expert.last_name = "Ивелина", "Атанасова"
    expert.save()
    today = timezone.localdate()
    task = assign(registrar, mayor, [expert], resolved_on=today - dt.timedelta(days=10),
                  deadline=today - dt.timedelta(days=3), subject="Заявление за издаване на скица")[0]
    assign(registrar, mayor, [expert], resolved_on=today, deadline=today + dt.timedelta(days=30),
           subject="Искане за удостоверение")
    return {"mayor": mayor, "expert": expert, "task": task, "today": today}


def test_the_mayor_sees_the_overdue_task_and_the_count_drops_when_it_is_done(page, late):
    login(page, "mayor")
    page.goto("/work/control/")

    expect(page.locator("#summary [data-count=overdue]")).to_have_attribute("data-value", "1")
    row = page.locator(f"#tasks-table tr[data-task='{late['task'].pk}']")
    expect(row).to_contain_text(late["task"].entry.number)
    expect(row).to_contain_text("Ивелина Атанасова")
    expect(row.locator("[data-days-overdue]")).to_have_text("3")
    shot(page, "1-overdue")
    assert_accessible(page)

    # The count is a link to the filtered list.
    page.locator("#units-table [data-count=overdue] a").click()
    page.wait_for_load_state("networkidle")
    assert "state=overdue" in page.url
    expect(page.locator("#tasks-table tbody tr")).to_have_count(1)

    services.assignment_complete(actor=late["expert"], assignment=late["task"], note="Скицата е издадена.",
                                 today=late["today"])
    page.goto("/work/control/")

    expect(page.locator("#summary [data-count=overdue]")).to_have_attribute("data-value", "0")
    expect(page.locator(f"#tasks-table tr[data-task='{late['task'].pk}']")).to_have_count(0)
    expect(page.locator("#tasks-table tbody tr")).to_have_count(1)
    expect(page.locator("#rates figure")).to_have_count(2)  # all units, and the expert's
    page.locator("#rates details summary").first.click()
    month = page.locator(f"#rates table[data-rates=all] tr[data-month='{late['today']:%Y-%m}']")
    expect(month.locator("[data-percent]")).to_have_text("0%")  # done three days late
    shot(page, "2-done")
    assert_accessible(page)


def test_an_expert_is_refused(page, late):
    login(page, "expert")
    response = page.goto("/work/control/")
    assert response.status == 403
    assert_accessible(page)
