"""The staff results (DOMAIN.md 4: the analysis and the improvements made are published;
002: satisfaction assessment): ratings and survey answers per unit and service, feedback
with its response, improvements and the public "You told us, we did"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.feedback.models import Feedback, Improvement, RatingInvitation, SurveyAnswer
from kancelaria.feedback.services import feedback_submit, rating_invitation_for
from tests import factories
from tests.feedback.conftest import close

pytestmark = pytest.mark.django_db


def test_only_controllers_and_administrators_see_results(client, registrar, controller, administrator):
    """Given a registrar, a controller and an administrator, then only the last two see the
    results; the refusal is in the audit trail (DOMAIN.md 11)."""
    url = reverse("feedback:results")
    assert client.get(url).status_code == 302
    client.force_login(registrar)
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor=registrar).exists()
    for user in (controller, administrator):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_results_figures_per_unit(client, org, registrar, index, controller):
    """Given ratings 5 and 2 for planning and survey answers 4 and 5 at the desk, then the
    averages, counts and distributions show per unit."""
    for score in (5, 2):
        case = close(factories.entry(registrar, index=index).case, timezone.localdate(), unit=org["planning"])
        invitation = rating_invitation_for(case)
        RatingInvitation.objects.filter(pk=invitation.pk).update(score=score, rated_at=timezone.now())
    SurveyAnswer.objects.create(unit=org["desk"], overall=4, polite=True, waited_long=True)
    SurveyAnswer.objects.create(unit=org["desk"], overall=5, polite=False)
    client.force_login(controller)
    response = client.get(reverse("feedback:results"))
    ratings = {row.key: row for row in response.context["ratings_by_unit"]}
    planning = ratings[str(org["planning"].pk)]
    assert (planning.count, planning.average, planning.distribution[5], planning.distribution[2]) == (2, 3.5, 1, 1)
    survey = response.context["survey_by_unit"][0]
    assert (survey.count, survey.average, survey.yes_share("polite"), survey.yes_share("waited_long")) == \
        (2, 4.5, 50, 100)
    assert survey.yes_share("understood") is None


def test_results_page_query_count_is_constant(client, org, controller, django_assert_max_num_queries):
    """Given 30 feedback items and 30 survey answers, then the page costs a fixed number of queries."""
    for i in range(30):
        feedback_submit(kind="complaint", text=f"оплакване {i}", unit=org["desk"])
        SurveyAnswer.objects.create(unit=org["desk"], overall=1 + i % 5)
    client.force_login(controller)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("feedback:results"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 30


def test_filters(client, org, controller):
    """Given a praise and a complaint, when filtered by kind, then only that one is listed;
    a nonsense filter is ignored, not a 500."""
    feedback_submit(kind="praise", text="браво")
    feedback_submit(kind="complaint", text="лошо")
    client.force_login(controller)
    response = client.get(reverse("feedback:results"), {"kind": "praise"})
    assert [f.text for f in response.context["page"]] == ["браво"]
    assert client.get(reverse("feedback:results"), {"kind": "x", "unit": "y"}).status_code == 200


def test_response_is_saved_and_audited(client, controller):
    """Given a new complaint, when a controller answers it, then it is answered and audited;
    without a text the response is refused with a message."""
    item = feedback_submit(kind="complaint", text="Чаках дълго.")
    client.force_login(controller)
    url = reverse("feedback:detail", args=[item.pk])
    refused = client.post(url, {"status": "answered", "response": ""})
    assert refused.status_code == 400
    assert "Write the response." in refused.content.decode()
    assert client.post(url, {"status": "answered", "response": "Отворихме второ гише."}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.response, item.responded_by) == ("answered", "Отворихме второ гише.", controller)
    assert AuditEvent.objects.filter(object_type="feedback.feedback", object_id=str(item.pk)).exists()


def test_improvement_is_published_on_you_told_us(client, controller):
    """Given a complaint, when an improvement linked to it is recorded as published, then the
    public page lists it; an unpublished one stays off the page."""
    item = feedback_submit(kind="complaint", text="Няма рампа.")
    client.force_login(controller)
    response = client.post(reverse("feedback:improvements"), {
        "title": "Рампа за колички", "description": "Поставихме рампа на входа.",
        "made_on": "2026-03-02", "is_published": "on", "feedback": [str(item.pk)]})
    assert response.status_code == 302
    improvement = Improvement.objects.get()
    assert list(improvement.feedback.all()) == [item]
    Improvement.objects.create(title="Вътрешно", description="чернова", made_on=dt.date(2026, 3, 3),
                               is_published=False)
    client.logout()
    page = client.get(reverse("feedback:you_told_us")).content.decode()
    assert "Рампа за колички" in page
    assert "Вътрешно" not in page


def test_improvement_without_title_is_refused(client, controller, django_assert_max_num_queries):
    """Given the improvements page, when saved without a title, then 400 with the message; the
    list costs a fixed number of queries."""
    for i in range(10):
        Improvement.objects.create(title=f"t{i}", description="d", made_on=dt.date(2026, 1, 1))
    client.force_login(controller)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback:improvements")).status_code == 200
    response = client.post(reverse("feedback:improvements"), {"description": "x", "made_on": "2026-01-01"})
    assert response.status_code == 400
    assert "Give the improvement a title." in response.content.decode()


def test_you_told_us_query_count(client, django_assert_max_num_queries):
    """Given 20 published improvements, then the public page costs a fixed number of queries."""
    for i in range(20):
        Improvement.objects.create(title=f"t{i}", description="d", made_on=dt.date(2026, 1, 1))
    with django_assert_max_num_queries(4):
        assert client.get(reverse("feedback:you_told_us")).status_code == 200
    assert Feedback.objects.count() == 0
