"""Feedback in a browser (DOMAIN.md 4, "Feedback channels"): a citizen rates a closed case
through the e-mailed link; a visitor answers the survey on the desk tablet; the public
pages pass axe-core in Bulgarian and in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kancelaria.feedback.models import RatingInvitation, SurveyAnswer
from kancelaria.feedback.services import rating_invitation_for
from kancelaria.registry.models import CaseFile, CaseStatus
from kancelaria.registry.services import Correspondent
from tests import factories
from tests.browser.conftest import assert_accessible, login


@pytest.fixture
def invitation(transactional_db, org, registrar, index):
    """Given an application closed yesterday and its rating invitation."""
    entry = factories.entry(registrar, index=index,
                            correspondent=Correspondent(name="Мария Иванова", kind="person", email="m@example.com"))
    CaseFile.objects.filter(pk=entry.case_id).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - dt.timedelta(days=1), holder_unit=org["planning"])
    entry.case.refresh_from_db()
    return rating_invitation_for(entry.case)


def language(page, live_server, code: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])


def test_citizen_rates_a_closed_case_through_the_link(page, invitation):
    """Given the link from the e-mail, when the citizen picks 5 and comments, then the rating is
    saved and the same link then says the case has been rated."""
    page.goto(f"/feedback/rate/{invitation.token}/")
    assert_accessible(page)
    page.locator("label[for='id_score_0']").click()
    page.locator("#id_comment").fill("Благодаря за бързия отговор.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-state='thanks']").is_visible()
    invitation.refresh_from_db()
    assert (invitation.score, invitation.comment) == (5, "Благодаря за бързия отговор.")

    page.goto(f"/feedback/rate/{invitation.token}/")
    assert page.locator("[data-state='used']").is_visible()
    assert RatingInvitation.objects.filter(rated_at__isnull=False).count() == 1


def test_kiosk_answers_a_survey_and_resets(page, org, registrar, live_server):
    """Given a registrar who switched the tablet on for the desk and logged out, when a visitor
    answers, then the answer is saved and the survey comes back by itself."""
    login(page, "registrar")
    page.goto("/feedback/kiosk/enable/")
    page.select_option("#id_unit", str(org["desk"].pk))
    page.locator("main form button[value=enable]").click()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies(name="sessionid")

    page.goto("/feedback/kiosk/")
    assert_accessible(page)
    page.locator("label[for='id_overall_1']").click()
    page.locator("label[for='id_waited_long_1']").click()
    page.locator("label[for='id_polite_0']").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/feedback/kiosk/thanks/")
    assert page.locator("#kiosk-next").is_visible()
    answer = SurveyAnswer.objects.get()
    assert (answer.unit_id, answer.overall, answer.waited_long, answer.polite, answer.understood) == \
        (org["desk"].pk, 4, False, True, None)
    page.wait_for_url("**/feedback/kiosk/", timeout=15_000)
    assert page.locator("#id_overall").is_visible()
    assert page.csp_violations == []


@pytest.mark.parametrize("code", ["bg", "en"])
def test_public_pages_are_accessible(page, invitation, live_server, code):
    """Given Bulgarian or English, then the form (also with its errors), the rating page and the
    statistics pass axe-core with nothing blocked by the Content Security Policy."""
    language(page, live_server, code)
    page.goto("/feedback/")
    assert page.locator("html").get_attribute("lang") == code
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.goto(f"/feedback/rate/{invitation.token}/")
    assert_accessible(page)
    page.goto("/feedback/statistics/")
    page.locator("details summary").first.click()
    assert_accessible(page)
    page.goto("/feedback/you-told-us/")
    assert_accessible(page)


@pytest.mark.parametrize("code", ["bg", "en"])
def test_kiosk_is_accessible(page, org, registrar, live_server, code):
    """Given the enabled kiosk in Bulgarian or English, then it passes axe-core."""
    language(page, live_server, code)
    login(page, "registrar")
    page.goto("/feedback/kiosk/enable/")
    assert_accessible(page)
    page.locator("main form button[value=enable]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_overall").is_visible()
    assert_accessible(page)
