"""The audit-trail browser: controllers and administrators only, refusals recorded,
filters, pagination and a bounded number of queries (DOMAIN.md section 11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.audit.services import audit_record
from tests import factories

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
URL = "/audit/"


def _events(actor, count: int, **extra):
    for number in range(count):
        audit_record(actor=actor, action=extra.get("action", Action.READ),
                     object_type=extra.get("object_type", "registry.entry"),
                     object_id=str(extra.get("object_id", number)), object_repr=f"entry {number}")


def test_url_name():
    assert reverse("audit:list") == URL


def test_anonymous_visitors_are_sent_to_login(client, org):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["registrar", "executor", "resolver", None])
def test_other_roles_are_refused_and_the_refusal_is_recorded(client, org, role):
    # given a member of staff who is neither controller nor administrator
    user = factories.user(f"user-{role}", role=role)
    client.force_login(user)
    # when they open the audit trail
    response = client.get(URL)
    # then they get 403 with a readable page, and the refusal is in the trail
    assert response.status_code == 403
    assert "govuk-heading-l" in response.content.decode()
    denied = AuditEvent.objects.get(action=Action.DENIED)
    assert denied.actor == user and denied.path == URL


@pytest.mark.parametrize("role", ["controller", "administrator"])
def test_controllers_and_administrators_see_the_trail(client, org, role):
    user = factories.user(f"user-{role}", role=role)
    _events(user, 3)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("entry 2") == 1


def test_list_is_paginated_in_pages_of_50_with_bounded_queries(client, controller, django_assert_max_num_queries):
    # given 120 events
    _events(controller, 120)
    client.force_login(controller)
    # when the first and the third page open (9: the menu reads the user's permissions once)
    with django_assert_max_num_queries(9):
        first = client.get(URL)
    with django_assert_max_num_queries(9):
        third = client.get(URL, {"page": 3, "action": Action.READ})
    # then each shows its share, newest first, with pagination that keeps the filters
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 121  # the 120 reads and the login
    assert len(third.context["page"].object_list) == 20
    assert "entry 119" in first.content.decode()
    assert re.search(r'href="\?(page=2&amp;action=read|action=read&amp;page=2)"', third.content.decode())


def test_filter_by_user_action_and_object(client, controller, registrar):
    # given events by two people on different objects
    _events(registrar, 2, object_type="registry.entry")
    _events(controller, 1, action=Action.UPDATE, object_type="registry.index", object_id=7)
    client.force_login(controller)
    # when filtered by user
    by_user = client.get(URL, {"actor": "registrar"}).context["page"].object_list
    # then only that person's events are listed
    assert {e.actor_name for e in by_user} == {"registrar"}
    # when filtered by action, and by object type and id
    by_action = client.get(URL, {"action": Action.UPDATE}).context["page"].object_list
    by_object = client.get(URL, {"object_type": "registry.index", "object_id": "7"}).context["page"].object_list
    assert [e.object_repr for e in by_action] == ["entry 0"]
    assert [(e.object_type, e.object_id) for e in by_object] == [("registry.index", "7")]


def test_an_entrys_own_history(client, controller, registrar, index):
    # given two registered entries, one of them read by the controller
    entry = factories.entry(registrar)
    other = factories.entry(registrar)
    audit_record(actor=controller, action=Action.READ, obj=entry)
    client.force_login(controller)
    # when the entry's history is asked for
    response = client.get(URL, {"object_type": "registry.entry", "object_id": entry.pk})
    events = list(response.context["page"].object_list)
    # then only that entry's events are shown, and the page says whose history it is
    assert events and all(e.object_type == "registry.entry" and e.object_id == str(entry.pk) for e in events)
    assert Action.READ in {e.action for e in events}
    assert str(other.pk) not in {e.object_id for e in events}
    assert "The history of one object" in response.content.decode()


def test_filter_by_date_range(client, controller):
    # given events on three days
    for day in (1, 5, 9):
        event = audit_record(actor=controller, action=Action.READ, object_type="registry.entry",
                             object_id=str(day), object_repr=f"day {day}")
        AuditEvent.objects.filter(pk=event.pk).update(
            at=timezone.make_aware(dt.datetime(2026, 3, day, 12, 0)))
    client.force_login(controller)
    # when filtered from the 2nd to the 6th
    page = client.get(URL, {"day_from": "2026-03-02", "day_to": "2026-03-06"}).context["page"]
    # then only the event of the 5th is listed
    assert [e.object_repr for e in page.object_list] == ["day 5"]


@pytest.mark.parametrize("query, message", [
    ({"day_from": "not-a-date"}, "Enter a valid date"),
    ({"day_from": "2026-03-06", "day_to": "2026-03-02"}, "The end date must be the same as or after the start date."),
    ({"action": "explode"}, "Select a valid choice"),
])
def test_bad_filters_give_a_clear_error_not_a_500(client, controller, query, message):
    client.force_login(controller)
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html


def test_a_page_number_out_of_range_shows_the_last_page(client, controller):
    _events(controller, 3)
    client.force_login(controller)
    response = client.get(URL, {"page": "999"})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_logins_and_logouts_appear_in_the_trail(client, controller):
    # given a controller who logged in and out and a failed attempt
    client.post("/accounts/login/", {"username": "controller", "password": "wrong"})
    client.post("/accounts/login/", {"username": "controller", "password": "controller"})
    client.post("/accounts/logout/")
    client.force_login(controller)
    # when the trail is filtered to logins and to logouts
    logins = client.get(URL, {"action": Action.LOGIN}).content.decode()
    logouts = client.get(URL, {"action": Action.LOGOUT}).content.decode()
    # then each reads as what it was
    logout_tag = 'govuk-tag--grey">logged out</strong>'
    assert "logged in" in logins and logout_tag not in logins
    assert logout_tag in logouts
    failed = client.get(URL, {"action": Action.LOGIN_FAILED}).content.decode()
    assert "failed login" in failed
