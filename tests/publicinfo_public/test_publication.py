"""Publishing requests in the public register (DOMAIN.md 5): who publishes, what, the
audit trail, withdrawing, and the staff's publication page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kancelaria.audit.models import AuditEvent
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.publicinfo import publication
from kancelaria.publicinfo.models import InfoRequest

from .conftest import DECIDED, DESCRIPTION, PERSONAL, grant, intake, publish, refuse

pytestmark = pytest.mark.django_db


def test_rule_only_decided_requests_are_published(registrar, handler):
    r = intake(registrar)
    with pytest.raises(ValidationFailed) as err:
        publish(handler, r)
    assert "info_request" in err.value.fields
    assert not InfoRequest.objects.get(pk=r.pk).published


def test_rule_publication_by_the_handlers_only(registrar, handler, secretary, expert):
    """The permission holders, resolvers and administrators publish; an executor or a
    plain registrar may not."""
    r = grant(secretary, intake(registrar))
    for someone in (registrar, expert, None):
        with pytest.raises(PermissionRefused):
            publish(someone, r)
    assert publish(handler, r).published
    assert publication.request_withdraw(actor=secretary, info_request=r).published is False


def test_publishing_is_audited_with_the_day_and_the_summary(registrar, handler, secretary):
    r = grant(secretary, intake(registrar))
    r = publish(handler, r, public_summary="  Копие от договора за зимно поддържане.  ", on=DECIDED)
    assert r.published and r.published_on == DECIDED and r.public_summary == "Копие от договора за зимно поддържане."
    event = AuditEvent.objects.filter(object_type="publicinfo.inforequest", object_id=str(r.pk)).latest("id")
    assert event.actor == handler and event.changes["published"] == [False, True]
    assert event.changes["published_on"] == [None, DECIDED.isoformat()]
    with pytest.raises(ValidationFailed):
        publish(handler, r)  # already published


def test_withdrawing_is_audited_with_the_reason(registrar, handler, secretary):
    r = publish(handler, grant(secretary, intake(registrar)))
    r = publication.request_withdraw(actor=handler, info_request=r, reason="Името на трето лице в текста.")
    assert not r.published and r.published_on is None
    event = AuditEvent.objects.filter(object_id=str(r.pk), object_type="publicinfo.inforequest").latest("id")
    assert event.changes["published"] == [True, False] and event.changes["reason"].startswith("Името")
    with pytest.raises(ValidationFailed):
        publication.request_withdraw(actor=handler, info_request=r)


def test_summary_saved_without_publishing_and_too_long_refused(registrar, handler, secretary):
    r = grant(secretary, intake(registrar))
    r = publication.public_summary_save(actor=handler, info_request=r, public_summary="Договор за снегопочистване.")
    assert r.public_summary == "Договор за снегопочистване." and not r.published
    with pytest.raises(ValidationFailed) as err:
        publication.public_summary_save(actor=handler, info_request=r, public_summary="я" * 5001)
    assert "public_summary" in err.value.fields


def test_public_register_shows_only_published_requests(registrar, handler, secretary):
    shown = publish(handler, grant(secretary, intake(registrar)))
    waiting = grant(secretary, intake(registrar))  # decided, not published
    intake(registrar)  # open
    assert list(publication.public_requests().values_list("pk", flat=True)) == [shown.pk]
    assert [r.pk for r in publication.publication_queue()] == [waiting.pk]


# --------------------------------------------------------------------------- the staff page

def test_publication_page_for_handlers_only(client, registrar, handler, expert, secretary):
    grant(secretary, intake(registrar))
    client.force_login(expert)
    assert client.get(reverse("publicinfo:public_publication")).status_code == 403
    client.force_login(registrar)
    assert client.get(reverse("publicinfo:public_publication")).status_code == 403
    client.logout()
    assert client.get(reverse("publicinfo:public_publication")).status_code == 302  # to the login


def test_publication_page_lists_the_queue_in_few_queries(client, registrar, handler, secretary,
                                                         django_assert_max_num_queries):
    for _i in range(3):
        grant(secretary, intake(registrar))
    publish(handler, grant(secretary, intake(registrar)))
    client.force_login(handler)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("publicinfo:public_publication"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 decided requests not yet published" in html and "1 published request" in html


def test_preview_shows_the_redacted_record_and_publishes(client, registrar, handler, secretary):
    """Given a decided request, when the handler opens its preview, then the public part
    has no personal data (the requester's own description sits apart, folded); the read
    is audited; publishing with a summary puts it in the public register."""
    r = grant(secretary, intake(registrar))
    client.force_login(handler)
    url = reverse("publicinfo:public_publication_record", args=[r.pk])
    html = client.get(url).content.decode()
    public_part = html.split("What the public will see")[1].split("govuk-details")[0]
    for item in PERSONAL:
        assert item not in public_part
    assert AuditEvent.objects.filter(action="read", object_id=str(r.pk), actor=handler).exists()
    response = client.post(url, {"action": "publish", "public_summary": "Договор за зимно поддържане 2025/2026."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.published and r.public_summary == "Договор за зимно поддържане 2025/2026."
    page = client.get(reverse("publicinfo:public_record", args=[r.pk])).content.decode()
    assert "Договор за зимно поддържане 2025/2026." in page and DESCRIPTION[:30] not in page
    response = client.post(url, {"action": "withdraw", "reason": "Грешка."})
    assert response.status_code == 302
    assert client.get(reverse("publicinfo:public_record", args=[r.pk])).status_code == 404


def test_preview_of_an_undecided_request_is_404_and_a_wrong_action_400(client, registrar, handler, secretary):
    client.force_login(handler)
    assert client.get(reverse("publicinfo:public_publication_record", args=[intake(registrar).pk])).status_code == 404
    r = refuse(secretary, intake(registrar))
    response = client.post(reverse("publicinfo:public_publication_record", args=[r.pk]), {"action": "delete"})
    assert response.status_code == 400 and "Choose to save, publish or withdraw." in response.content.decode()
    response = client.post(reverse("publicinfo:public_publication_record", args=[r.pk]),
                           {"action": "save", "public_summary": "я" * 6000})
    assert response.status_code == 400 and 'govuk-error-summary' in response.content.decode()
