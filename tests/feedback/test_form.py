"""The public feedback form (DOMAIN.md 4, "Feedback channels": a web form for praise,
complaint or suggestion about the service; 004 §33)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kancelaria.feedback.models import Feedback
from kancelaria.feedback.views import FEEDBACK_LIMIT

pytestmark = pytest.mark.django_db


def test_form_opens_without_login(client):
    """Given nobody logged in, when the form is opened, then it shows the three kinds."""
    response = client.get(reverse("feedback:form"))
    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("praise", "complaint", "suggestion"):
        assert f'value="{kind}"' in html


def test_praise_is_stored_as_new(client, org):
    """Given a praise about a unit, when sent, then it is stored as new with no personal data."""
    response = client.post(reverse("feedback:form"), {"kind": "praise", "unit": org["desk"].pk,
                                                      "text": "Много любезни служители."})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.kind, item.unit, item.status, item.name, item.email) == ("praise", org["desk"], "new", "", "")


def test_email_without_consent_is_refused_clearly(client):
    """Given an e-mail but no consent, when sent, then the form answers 400 asking for the consent."""
    response = client.post(reverse("feedback:form"), {"kind": "complaint", "text": "Чаках 2 часа.",
                                                      "email": "a@example.com"})
    assert response.status_code == 400
    assert "agree that we use your name and e-mail" in response.content.decode()
    assert not Feedback.objects.exists()


def test_empty_and_bad_input_is_a_400_not_a_500(client):
    """Given no kind, no text and a bad e-mail, when sent, then 400 with a message per field."""
    response = client.post(reverse("feedback:form"), {"kind": "nonsense", "email": "not-an-email", "unit": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write your praise, complaint or suggestion." in html
    assert "Enter an e-mail address like name@example.com" in html


def test_rate_limit_per_address(client):
    """Given the limit of messages from one address, when one more is sent, then 429 with
    Retry-After and nothing more is stored (DOMAIN.md 11: no flooding)."""
    for i in range(FEEDBACK_LIMIT):
        assert client.post(reverse("feedback:form"), {"kind": "suggestion", "text": f"идея {i}"}).status_code == 302
    response = client.post(reverse("feedback:form"), {"kind": "suggestion", "text": "още една"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert Feedback.objects.count() == FEEDBACK_LIMIT
