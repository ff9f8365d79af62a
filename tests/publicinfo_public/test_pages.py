"""The public pages: the request on the portal, the clarification through the letter's
link, and the public register (DOMAIN.md 5)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kancelaria.publicinfo import services
from kancelaria.publicinfo.models import Clarification, InfoChannel, InfoRequest, Status

from .conftest import DESCRIPTION, EMAIL, PERSONAL, grant, intake, pdf_file, publish, refuse

pytestmark = pytest.mark.django_db

APPLY = {
    "kind": "access", "requester_type": "citizen", "name": "Мария Георгиева Петрова",
    "address": "гр. Момчилград, ул. „Родопи“ 3", "email": "maria@example.bg", "phone": "0877 555 444",
    "description": "Копие от протоколите на Общинския съвет за 2026 г.", "preferred_forms": ["electronic"],
    "accessible_form": "едър шрифт", "publish_consent": ["name"],
}


# --------------------------------------------------------------------------- the portal

def test_rule_anyone_may_ask_on_the_portal_and_gets_number_code_and_slip(client):
    """DOMAIN.md 5 (anyone may ask; the request is registered under its own index): given
    the public form, no login, when a citizen files it, then it is registered with actor
    None and channel portal under ЗДОИ, and the page shows the number, the tracking code,
    the due date and the links to the slip and to tracking."""
    assert client.get(reverse("publicinfo:public_apply")).status_code == 200
    response = client.post(reverse("publicinfo:public_apply"), APPLY)
    assert response.status_code == 302
    r = InfoRequest.objects.select_related("entry", "case").get()
    assert r.channel == InfoChannel.PORTAL and r.entry.channel == "portal" and r.entry.registered_by is None
    assert r.entry.number.startswith("ЗДОИ-") and r.status == Status.OPEN
    assert r.preferred_forms == ["electronic"] and r.accessible_form == "едър шрифт" and r.publish_consent == ["name"]
    assert r.entry.correspondent_name == APPLY["name"] and r.entry.correspondent_kind == "person"
    html = client.get(response.url).content.decode()
    assert r.entry.number in html and r.case.tracking_code in html
    assert r.decision_due.strftime("%d.%m.%Y") in html
    assert re.search(r'id="track-link" href="/track/\?number=[^"]+code=', html)
    slip = client.get(re.search(r'id="slip-link" href="([^"]+)"', html).group(1))
    assert slip["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.content)).pages)
    assert r.entry.number in text and r.case.tracking_code in text


@pytest.mark.parametrize("requester_type, kind", [("foreigner", "person"), ("company", "organisation"),
                                                  ("ngo", "organisation"), ("organisation", "organisation")])
def test_rule_foreigners_and_legal_entities_may_ask(client, requester_type, kind):
    response = client.post(reverse("publicinfo:public_apply"), {**APPLY, "requester_type": requester_type})
    assert response.status_code == 302
    r = InfoRequest.objects.select_related("entry").get()
    assert r.requester_type == requester_type and r.entry.correspondent_kind == kind


def test_rule_portal_re_use_request_goes_to_its_own_register(client):
    assert client.post(reverse("publicinfo:public_apply"), {**APPLY, "kind": "reuse"}).status_code == 302
    assert InfoRequest.objects.get().entry.number.startswith("ЗДОИ-ПИ-")


def test_portal_form_names_what_is_missing_and_registers_nothing(client):
    """The web form asks for the required content before anything is registered: names, a
    description, and a postal or an e-mail address."""
    response = client.post(reverse("publicinfo:public_apply"), {"kind": "access"})
    html = response.content.decode()
    assert response.status_code == 400
    for message in ("Choose who asks.", "Enter your names, or the name of the organisation.",
                    "Describe the information you ask for.", "Enter an address or an e-mail for the answer."):
        assert message in html
    assert 'href="#id_requester_type_0"' in html  # the error summary points at the first radio
    assert not InfoRequest.objects.exists()
    # An e-mail alone is an address for correspondence.
    data = {**APPLY, "address": ""}
    assert client.post(reverse("publicinfo:public_apply"), data).status_code == 302


def test_portal_is_rate_limited(client, settings):
    """Given a limit of 2 an hour, then the third request from one address answers 429
    with Retry-After and registers nothing."""
    settings.PUBLICINFO_PORTAL_RATE_LIMIT = 2
    assert client.post(reverse("publicinfo:public_apply"), APPLY).status_code == 302
    assert client.post(reverse("publicinfo:public_apply"), APPLY).status_code == 302
    response = client.post(reverse("publicinfo:public_apply"), APPLY)
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many requests from your internet address" in response.content.decode()
    assert InfoRequest.objects.count() == 2


def test_sent_page_and_slip_without_a_request_in_the_session(client):
    response = client.get(reverse("publicinfo:public_submitted"))
    assert response.status_code == 302 and response.url == reverse("publicinfo:public_apply")
    assert client.get(reverse("publicinfo:public_slip")).status_code == 404


# --------------------------------------------------------------------------- the clarification

def asked(handler, registrar=None, **kwargs):
    """A portal request of today, and the handler asks what is unclear (today)."""
    r = intake(None, now=timezone.now(), **kwargs)
    services.clarification_ask(actor=handler, info_request=r, question="За кой сезон е договорът?")
    return InfoRequest.objects.get(pk=r.pk)


def test_rule_clarification_through_the_link_restarts_the_14_days(client, handler):
    """DOMAIN.md 5: given a request waiting for a clarification, when the requester opens
    the letter's link, then he sees the question; his answer is registered as an incoming
    document of the case (by the portal, actor None), the clock starts again in full and
    the page shows the new due date."""
    r = asked(handler)
    url = reverse("publicinfo:public_clarify", args=[r.reply_token])
    html = client.get(url).content.decode()
    assert "За кой сезон е договорът?" in html
    assert client.post(url, {"answer": ""}).status_code == 400
    response = client.post(url, {"answer": "Сезон 2025/2026, всички приложения."})
    assert response.status_code == 302 and response.url == url
    r.refresh_from_db()
    clarification = Clarification.objects.get(request=r)
    assert r.status == Status.OPEN and r.counted_from == timezone.localdate()
    assert clarification.answer_entry.case_id == r.case_id and clarification.answer_entry.registered_by is None
    assert clarification.answer_entry.number.startswith(r.case.number)
    done = client.get(url).content.decode()
    assert "Your clarification is registered" in done and r.decision_due.strftime("%d.%m.%Y") in done
    assert Clarification.objects.filter(answered_on__isnull=False).count() == 1


@pytest.mark.parametrize("token", ["x" * 32, "short", "..%2F..%2Fetc", "a" * 41, "Ж" * 32])
def test_a_wrong_clarification_token_is_404_without_detail(client, handler, token):
    r = asked(handler)
    response = client.get(reverse("publicinfo:public_clarify", args=[token]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "За кой сезон" not in html and r.entry.number not in html
    assert client.post(reverse("publicinfo:public_clarify", args=[token]), {"answer": "x"}).status_code == 404


def test_the_link_is_404_when_no_clarification_is_awaited(client, registrar, handler, secretary):
    """An open request never asked, and a request decided after the clarification: 404."""
    r = intake(None, now=timezone.now())
    assert client.get(reverse("publicinfo:public_clarify", args=[r.reply_token])).status_code == 404
    r = asked(handler)
    services.clarification_answer(actor=None, info_request=r, answer="Сезон 2025/2026.")
    grant(secretary, r, on=timezone.localdate())
    assert client.get(reverse("publicinfo:public_clarify", args=[r.reply_token])).status_code == 404


# --------------------------------------------------------------------------- the public register

@pytest.fixture
def register_rows(registrar, handler, secretary):
    """Published: a grant with a file, a refusal, a grant with consent to the name; not
    published: a grant."""
    rows = {
        "grant": publish(handler, grant(secretary, intake(registrar), files=[pdf_file("Otgovor_Ivan_Petrov.pdf")])),
        "refusal": publish(handler, refuse(secretary, intake(registrar, requester_type="journalist"))),
        "named": publish(handler, grant(secretary, intake(registrar, publish_consent=["name"]))),
        "hidden": grant(secretary, intake(registrar, description="Непубликувано заявление за скица.")),
    }
    return rows


def test_rule_public_register_shows_published_records_without_personal_data(client, register_rows,
                                                                          django_assert_max_num_queries):
    """DOMAIN.md 5: the public register lists the published requests (not the others) with
    their number, date, requester type, description, outcome and decision date, and no
    personal data anywhere on the page, in a fixed number of queries."""
    with django_assert_max_num_queries(5):
        response = client.get(reverse("publicinfo:public_register"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 published requests" in html
    assert "Непубликувано" not in html
    for key in ("grant", "refusal", "named"):
        assert register_rows[key].entry.number in html
    assert "Journalist or media" in html and "Access refused" in html
    # Only the consenting requester's name is shown; nothing else personal.
    assert "Иван Петров Иванов" in html.split(register_rows["named"].entry.number)[1].split("</tr>")[0]
    without_named = html.replace("Иван Петров Иванов", "")
    for item in PERSONAL:
        assert item not in without_named


def test_public_register_query_count_does_not_grow_with_the_rows(client, registrar, handler, secretary,
                                                                 django_assert_max_num_queries):
    for _i in range(12):
        publish(handler, grant(secretary, intake(registrar), files=[pdf_file()]))
    with django_assert_max_num_queries(5):
        assert client.get(reverse("publicinfo:public_register")).status_code == 200


def test_public_register_is_paginated_and_filtered(client, registrar, handler, secretary):
    for _i in range(21):
        publish(handler, refuse(secretary, intake(registrar)))
    publish(handler, grant(secretary, intake(registrar, kind="reuse", requester_type="company")))
    first = client.get(reverse("publicinfo:public_register")).content.decode()
    assert first.count('data-record="') == 20 and 'rel="next"' in first
    second = client.get(reverse("publicinfo:public_register") + "?page=2").content.decode()
    assert second.count('data-record="') == 2
    reuse = client.get(reverse("publicinfo:public_register") + "?kind=reuse").content.decode()
    assert reuse.count('data-record="') == 1
    refused = client.get(reverse("publicinfo:public_register") + "?outcome=refused&year=2026").content.decode()
    assert "21 published requests" in refused and "Clear filters" in refused
    none = client.get(reverse("publicinfo:public_register") + "?year=2025").content.decode()
    assert "22 published requests" in none  # a year without records is not offered: the filter is ignored
    bad = client.get(reverse("publicinfo:public_register") + "?kind=nonsense&page=x")
    assert bad.status_code == 200


def test_public_record_shows_the_decision_and_the_information_given(client, register_rows):
    r = register_rows["grant"]
    html = client.get(reverse("publicinfo:public_record", args=[r.pk])).content.decode()
    assert "Access granted in full" in html and "Пълен достъп до договора" in html
    assert "„Пътстрой“ ЕООД, ЕИК 831902088" in html  # a company's name and EIK are public
    assert "договора за зимно поддържане" in html
    for item in PERSONAL:
        assert item not in html
    refusal = client.get(reverse("publicinfo:public_record", args=[register_rows["refusal"].pk])).content.decode()
    assert "Classified information" in refusal and "0361 6 22 33" not in refusal


def test_unpublished_records_and_their_files_are_404(client, register_rows):
    hidden = register_rows["hidden"]
    assert client.get(reverse("publicinfo:public_record", args=[hidden.pk])).status_code == 404
    attachment = register_rows["grant"].decision_entry.attachments.get()
    assert client.get(reverse("publicinfo:public_file", args=[hidden.pk, attachment.pk])).status_code == 404


def test_rule_files_of_the_information_download_only_when_published(client, register_rows, handler):
    """The decision's files are offered under a redacted name while the record is
    published, and not after it is withdrawn."""
    from kancelaria.publicinfo.publication import request_withdraw

    r = register_rows["grant"]
    attachment = r.decision_entry.attachments.get()
    url = reverse("publicinfo:public_file", args=[r.pk, attachment.pk])
    assert url in client.get(reverse("publicinfo:public_record", args=[r.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "Ivan" not in response["Content-Disposition"]
    other = register_rows["named"]
    assert client.get(reverse("publicinfo:public_file", args=[other.pk, attachment.pk])).status_code == 404
    request_withdraw(actor=handler, info_request=r)
    assert client.get(url).status_code == 404


def test_the_register_needs_no_login_and_says_when_empty(client, db):
    html = client.get(reverse("publicinfo:public_register")).content.decode()
    assert 'id="no-records"' in html and "No request has been published yet." in html
    assert EMAIL not in html and DESCRIPTION not in html
