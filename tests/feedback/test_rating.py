"""Rating a closed case (DOMAIN.md 4: the office measures satisfaction; charter 000):
one random link per closed case, valid 14 days from the closing, used once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from kancelaria.feedback.models import RatingInvitation
from kancelaria.feedback.services import (
    RatingClosed,
    case_rate,
    rating_invitation_for,
    rating_invitations_send,
)
from kancelaria.registry.models import CaseStatus
from kancelaria.registry.services import Correspondent
from tests import factories
from tests.feedback.conftest import CITIZEN_EMAIL, close

pytestmark = pytest.mark.django_db


def test_invitation_is_made_once_with_a_long_random_token(closed_case):
    """Given a closed case, when the invitation is asked for twice, then it is the same one,
    valid 14 days from the closing, with a token of at least 64 random bits."""
    first = rating_invitation_for(closed_case)
    again = rating_invitation_for(closed_case)
    assert first.pk == again.pk
    assert first.valid_until == closed_case.closed_on + dt.timedelta(days=14)
    assert len(first.token) >= 16  # token_urlsafe(16): 22 characters, 128 bits
    other = factories.entry(closed_case.entries.first().registered_by).case
    close(other, timezone.localdate())
    assert rating_invitation_for(other).token != first.token


def test_no_invitation_for_an_open_case(org, registrar, index):
    """Given a case still in progress, then there is no rating link."""
    case = factories.entry(registrar, index=index).case
    assert rating_invitation_for(case) is None


def test_citizen_rates_once(client, closed_case):
    """Given the link, when the citizen rates 4 with a comment, then it is stored; a second
    try answers clearly that the case has been rated (410)."""
    invitation = rating_invitation_for(closed_case)
    url = reverse("feedback:rate", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "4", "comment": "Бързо и ясно."})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert (invitation.score, invitation.comment) == (4, "Бързо и ясно.")
    assert invitation.unit_id == closed_case.holder_unit_id

    again = client.post(url, {"score": "1"})
    assert again.status_code == 410
    assert "already been rated" in again.content.decode()
    invitation.refresh_from_db()
    assert invitation.score == 4


def test_rating_after_14_days_is_refused_clearly(client, closed_case):
    """Given a link whose 14 days have passed, when opened or sent, then 410 says it expired."""
    invitation = rating_invitation_for(closed_case)
    RatingInvitation.objects.filter(pk=invitation.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    url = reverse("feedback:rate", args=[invitation.token])
    assert "has expired" in client.get(url).content.decode()
    response = client.post(url, {"score": "5"})
    assert response.status_code == 410
    invitation.refresh_from_db()
    assert invitation.score is None


def test_rating_on_the_last_day_is_accepted(closed_case):
    """Given the 14th day after the closing, then the rating is still taken; the day after, not."""
    invitation = rating_invitation_for(closed_case)
    last = closed_case.closed_on + dt.timedelta(days=14)
    with pytest.raises(RatingClosed) as refused:
        case_rate(invitation=invitation, score=5, today=last + dt.timedelta(days=1))
    assert refused.value.code == "expired"
    assert case_rate(invitation=invitation, score=5, today=last).score == 5


def test_a_guessed_token_finds_nothing(client, closed_case):
    """Given a real invitation, when a made-up or overlong token is tried, then 404."""
    rating_invitation_for(closed_case)
    assert client.get(reverse("feedback:rate", args=["AAAAAAAAAAAAAAAAAAAAAA"])).status_code == 404
    assert client.get(reverse("feedback:rate", args=["x" * 300])).status_code == 404


def test_bad_score_is_a_400(client, closed_case):
    """Given the rating page, when a score outside 1-5 is sent, then 400 with a message."""
    url = reverse("feedback:rate", args=[rating_invitation_for(closed_case).token])
    response = client.post(url, {"score": "9"})
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()


def test_invitations_are_sent_once_per_closed_case(org, registrar, index, closed_case):
    """Given a case closed yesterday with an e-mail, one closed 20 days ago, one closed without
    an e-mail and one still open, when the sending runs twice, then one e-mail goes, once."""
    today = timezone.localdate()
    old = factories.entry(registrar, index=index, correspondent=Correspondent(name="А Б", email="old@example.com"))
    close(old.case, today - dt.timedelta(days=20))
    no_email = factories.entry(registrar, index=index)
    close(no_email.case, today)
    factories.entry(registrar, index=index, correspondent=Correspondent(name="В Г", email="open@example.com"))

    first = rating_invitations_send(today=today)
    second = rating_invitations_send(today=today)

    assert (first.created, first.sent) == (1, 1)
    assert (second.created, second.sent) == (0, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [CITIZEN_EMAIL]
    invitation = RatingInvitation.objects.get()
    assert invitation.case == closed_case
    assert f"/feedback/rate/{invitation.token}/" in mail.outbox[0].body


def test_the_task_runs_the_sending(closed_case):
    """Given the background task, when enqueued for today, then it reports one sent."""
    from kancelaria.feedback.tasks import send_rating_invitations

    result = send_rating_invitations.enqueue(day=timezone.localdate().isoformat())
    assert result.return_value == {"created": 1, "sent": 1, "failed": []}


def test_template_tag_gives_the_link_for_a_closed_case_only(closed_case, registrar, index):
    """Given a closed and an open case, then the tag gives a link for the closed one only."""
    template = Template("{% load feedback_tags %}{% rating_link case %}")
    assert "/feedback/rate/" in template.render(Context({"case": closed_case}))
    open_case = factories.entry(registrar, index=index).case
    assert open_case.status != CaseStatus.CLOSED
    assert template.render(Context({"case": open_case})) == ""
