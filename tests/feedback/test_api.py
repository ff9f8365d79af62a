"""The public feedback API: GET /api/v1/feedback/statistics/ (DOMAIN.md 6: the same
figures through an API) and POST /api/v1/feedback/ (DOMAIN.md 4: the web form)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kancelaria.feedback.models import Feedback
from kancelaria.feedback.selectors import public_statistics
from kancelaria.feedback.views import FEEDBACK_LIMIT
from tests import factories
from tests.feedback.conftest import close

pytestmark = pytest.mark.django_db

STATS = "/api/v1/feedback/statistics/"
POST = "/api/v1/feedback/"


def test_statistics_json_matches_the_page(client, org, registrar, index, django_assert_max_num_queries):
    """Given a case decided on time this month, when the API is asked without login, then it
    answers the same figures as the selector, in a constant number of queries."""
    today = timezone.localdate()
    case = factories.entry(registrar, index=index).case
    close(case, today, opened_on=today.replace(day=1), deadline=today + dt.timedelta(days=5), unit=org["planning"])
    with django_assert_max_num_queries(2):
        response = client.get(STATS)
    assert response.status_code == 200
    data = response.json()
    assert data == public_statistics(today=today).as_dict(today)
    assert len(data["months"]) == 12
    this_month = data["overall"]["months"][-1]
    assert (this_month["registered"], this_month["decided"], this_month["on_time_share"]) == (1, 1, 100.0)
    assert data["units"][0]["unit_id"] == org["planning"].pk
    assert data["procedures"][0]["index"] == "94-00"


def test_post_feedback(client, org):
    """Given a suggestion for a unit, when posted without login, then 201 and it is stored as new."""
    response = client.post(POST, {"kind": "suggestion", "text": "Повече пейки.", "unit": org["desk"].pk},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "new"
    assert Feedback.objects.get().unit == org["desk"]


@pytest.mark.parametrize("body, field", [
    ({"kind": "x", "text": "a"}, "kind"),
    ({"kind": "praise"}, "text"),
    ({"kind": "praise", "text": "a", "unit": 99999}, "unit"),
    ({"kind": "praise", "text": "a", "service": "NOPE"}, "service"),
    ({"kind": "praise", "text": "a", "email": "a@example.com"}, "consent"),
])
def test_post_invalid_is_a_400_per_field(client, org, body, field):
    """Given invalid input, when posted, then 400 names the field."""
    response = client.post(POST, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_post_rate_limit_is_shared_with_the_form(client):
    """Given the limit spent through the web form, when the API is used, then 429."""
    for i in range(FEEDBACK_LIMIT):
        client.post("/feedback/", {"kind": "praise", "text": f"браво {i}"})
    response = client.post(POST, {"kind": "praise", "text": "още"}, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
