"""Registering documents through the desk form (DOMAIN.md section 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.registry.models import CaseStatus, Entry, OffensiveAnonymousRecord
from tests import factories
from tests.desk.conftest import form_data, pdf

pytestmark = pytest.mark.django_db

DESK = reverse("registry:desk")


def today() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def test_desk_page_offers_the_form_with_subject_focused(as_user, registrar, index):
    # Given a registrar; when he opens the desk
    response = as_user(registrar).get(DESK)
    # then the registration form is there, the subject autofocused, incoming and the desk preselected
    body = response.content.decode()
    assert response.status_code == 200
    subject = re.search(r'<input[^>]*name="subject"[^>]*>', body).group(0)
    assert "autofocus" in subject
    form = response.context["form"]
    assert form["kind"].value() == "incoming"
    assert form["channel"].value() == "desk"
    assert form["index"].value() == index.pk  # the only active index is preselected


def test_a_new_document_opens_a_case_file_under_the_next_number(as_user, registrar, index):
    """DOMAIN.md 2: the number is index + sequential number + date, without gaps."""
    client = as_user(registrar)
    # Given an index with no documents yet
    # When the clerk registers two documents
    first = client.post(DESK, form_data(index))
    second = client.post(DESK, form_data(index, subject="Жалба срещу шум"))
    # Then each opens a case file under the next number and the clerk lands on its card
    entries = list(Entry.objects.order_by("id"))
    assert [e.number for e in entries] == [f"94-00-1/{today()}", f"94-00-2/{today()}"]
    assert first.status_code == 302 and first.url == reverse("registry:entry", args=[entries[0].pk])
    assert second.url == reverse("registry:entry", args=[entries[1].pk])
    assert entries[0].correspondent_name == "Иван Петров Иванов" and entries[0].pages == 2


def test_the_card_after_registration_shows_the_number_and_the_next_step(as_user, registrar, index):
    client = as_user(registrar)
    # Given a document just registered
    response = client.post(DESK, form_data(index), follow=True)
    entry = Entry.objects.get()
    body = response.content.decode()
    # Then the success banner shows the number, the slip links and "register the next document"
    assert 'id="registered-number"' in body and entry.number in body
    assert reverse("slip:html", args=[entry.pk]) in body
    assert reverse("slip:pdf", args=[entry.pk]) in body
    assert 'accesskey="n"' in body
    # and the banner is shown once only
    again = client.get(reverse("registry:entry", args=[entry.pk])).content.decode()
    assert 'id="registered-number"' not in again


def test_a_later_document_joins_the_case_file(as_user, registrar, index):
    """DOMAIN.md 2: every later document of the same matter joins the first one's case file."""
    client = as_user(registrar)
    # Given a registered application
    first = factories.entry(registrar)
    # When a supplement is registered as joining case file 94-00-1 (and another one by its sequence only)
    client.post(DESK, form_data(index, subject="Допълнение към заявлението", case_ref="94-00-1"))
    client.post(DESK, form_data(index, subject="Още едно допълнение", case_ref="1"))
    # Then both join the same case file with the next ordinals
    later = list(Entry.objects.exclude(pk=first.pk).order_by("id"))
    assert [e.case_id for e in later] == [first.case_id, first.case_id]
    assert [e.number for e in later] == [f"94-00-1-[2]/{today()}", f"94-00-1-[3]/{today()}"]


def test_joining_an_unknown_case_file_is_a_field_error(as_user, registrar, index):
    # Given no case file 94-00-77; when a clerk names it
    response = as_user(registrar).post(DESK, form_data(index, case_ref="94-00-77"))
    # Then the form says so on the field and nothing is registered
    assert response.status_code == 200
    assert response.context["form"].errors["case_ref"]
    assert not Entry.objects.exists()
    assert 'href="#id_case_ref"' in response.content.decode()


def test_an_answer_joins_the_case_and_closes_it_as_answered(as_user, registrar, index):
    """DOMAIN.md 2: an outgoing answer is registered into the case it answers and carries
    "Your No." and "Our No."."""
    client = as_user(registrar)
    # Given an incoming application
    request_entry = factories.entry(registrar, your_reference="ИН-5/20.11.2026")
    # When the clerk opens the desk from the case page to register the answer
    prefill = client.get(DESK, {"answers": request_entry.pk}).context["form"]
    assert prefill["kind"].value() == "outgoing"
    assert prefill["answers_ref"].value() == request_entry.number
    assert prefill["correspondent_name"].value() == request_entry.correspondent_name
    # and registers it
    response = client.post(DESK, form_data(
        index, kind="outgoing", doc_type="answer", subject="Отговор на заявлението", channel="post",
        answers_ref=request_entry.number, your_reference="ИН-5/20.11.2026"))
    # Then it joins the case file and the case is answered
    answer = Entry.objects.get(kind="outgoing")
    assert response.status_code == 302
    assert answer.case_id == request_entry.case_id and answer.answers_id == request_entry.pk
    request_entry.case.refresh_from_db()
    assert request_entry.case.status == CaseStatus.ANSWERED
    # and its card shows both numbers
    card = client.get(reverse("registry:entry", args=[answer.pk])).content.decode()
    assert "ИН-5/20.11.2026" in card and answer.number in card


def test_an_order_amends_an_order(as_user, registrar, index):
    """DOMAIN.md 2: an order that amends or cancels another is linked to it."""
    client = as_user(registrar)
    # Given a registered order
    order = factories.entry(registrar, kind="internal", doc_type="order", subject="Заповед за работно време",
                            correspondent=factories.Correspondent())
    # When an amending order is registered with the link
    client.post(DESK, form_data(index, kind="internal", doc_type="order", subject="Изменение на заповедта",
                                correspondent_name="", correspondent_address="",
                                related_ref=order.number, relation="amends"))
    # Then the new order points to the old one and both cards show the link
    amending = Entry.objects.exclude(pk=order.pk).get()
    assert amending.related_id == order.pk and amending.relation == "amends"
    old_card = client.get(reverse("registry:entry", args=[order.pk])).content.decode()
    assert amending.number in old_card


def test_an_invalid_egn_is_a_field_error_and_nothing_is_registered_or_stored(as_user, registrar, index, settings):
    # Given a document with a scan and a mistyped EGN
    data = form_data(index, identifier="7501020019")
    data["files"] = [pdf()]
    # When the clerk submits it
    response = as_user(registrar).post(DESK, data)
    # Then the EGN field carries the error, nothing is registered and no file is left behind
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["identifier"]
    assert "govuk-error-summary" in response.content.decode()
    assert 'href="#id_identifier"' in response.content.decode()
    assert not Entry.objects.exists()
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_an_organisation_is_recognised_by_its_eik(as_user, registrar, index):
    # Given a letter from a company with a valid EIK typed in the one identifier box
    as_user(registrar).post(DESK, form_data(index, correspondent_name="„Строй“ ООД", identifier=factories.VALID_EIK))
    # Then it is recorded as an organisation's EIK, not an EGN
    entry = Entry.objects.get()
    assert (entry.correspondent_kind, entry.correspondent_eik, entry.correspondent_egn) == (
        "organisation", factories.VALID_EIK, "")


def test_files_are_attached_with_their_hash(as_user, registrar, index):
    # Given two scans; when registered with the document
    data = form_data(index)
    data["files"] = [pdf("p1.pdf"), pdf("p2.pdf")]
    as_user(registrar).post(DESK, data)
    # Then both are attached with size and SHA-256
    entry = Entry.objects.get()
    assert sorted(a.original_name for a in entry.attachments.all()) == ["p1.pdf", "p2.pdf"]
    assert all(len(a.sha256) == 64 and a.size > 0 for a in entry.attachments.all())


def test_a_refused_file_type_is_a_field_error(as_user, registrar, index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # Given an executable renamed to .pdf; when submitted
    data = form_data(index)
    data["files"] = [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00rest", content_type="application/pdf")]
    response = as_user(registrar).post(DESK, data)
    # Then the files field says why and nothing is registered
    assert response.context["form"].errors["files"]
    assert not Entry.objects.exists()


def test_an_anonymous_document_is_registered_with_no_proceedings(as_user, registrar, index):
    """DOMAIN.md 2: anonymous documents are registered, but no proceedings are opened."""
    # Given a signal with no name, address or e-mail; when registered as anonymous
    response = as_user(registrar).post(DESK, form_data(
        index, doc_type="signal", subject="Сигнал за незаконно строителство", correspondent_name="",
        correspondent_address="", is_anonymous="on"))
    # Then it is registered and its case file has no proceedings
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert entry.is_anonymous and entry.case.status == CaseStatus.NO_PROCEEDINGS


def test_anonymous_with_a_name_is_a_field_error(as_user, registrar, index):
    # Given the anonymous flag and a sender's name at once; when submitted
    response = as_user(registrar).post(DESK, form_data(index, is_anonymous="on"))
    # Then the flag is marked and the "more" block is open so the clerk sees it
    form = response.context["form"]
    assert form.errors["is_anonymous"] and form.details_open
    assert not Entry.objects.exists()


def test_an_incomplete_document_is_registered_with_its_warning(as_user, registrar, index):
    """DOMAIN.md 2: the desk never refuses a document; an incomplete one gets a recorded warning."""
    # Given an application missing the sketch; when registered as incomplete with the warning given
    response = as_user(registrar).post(DESK, form_data(
        index, is_incomplete="on", incomplete_warning="Липсва скица на имота."))
    # Then it is registered all the same and the warning is on the entry
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert entry.is_incomplete and entry.incomplete_warning == "Липсва скица на имота."
    assert entry.case.status == CaseStatus.REGISTERED


def test_the_clerks_last_index_is_remembered(as_user, registrar, index):
    client = as_user(registrar)
    other = factories.index(code="ZDOI", name="Достъп до информация")
    # Given a clerk who registered under ZDOI
    client.post(DESK, form_data(other))
    # When he opens the desk again
    form = client.get(DESK).context["form"]
    # Then ZDOI is chosen
    assert form["index"].value() == other.pk


def test_with_two_indexes_and_nothing_remembered_the_clerk_chooses(as_user, registrar, index):
    factories.index(code="ZDOI", name="Достъп до информация")
    # Given two active indexes and a fresh session; when the form is submitted without an index
    response = as_user(registrar).post(DESK, form_data(None))
    # Then the index field asks for one
    assert response.context["form"].errors["index"]


def test_bad_numbers_and_dates_are_errors_not_failures(as_user, registrar, index):
    # Given nonsense in the pages, deadline and e-mail; when submitted
    response = as_user(registrar).post(DESK, form_data(index, pages="две", deadline="31.02.2026",
                                                       correspondent_email="не-е-адрес"))
    # Then each field gets a translated error and nothing is registered
    errors = response.context["form"].errors
    assert {"pages", "deadline", "correspondent_email"} <= set(errors)
    assert not Entry.objects.exists()


def test_a_deadline_is_kept_on_the_case_file(as_user, registrar, index):
    as_user(registrar).post(DESK, form_data(index, deadline="2026-12-15"))
    entry = Entry.objects.get()
    assert str(entry.case.deadline) == "2026-12-15"


def test_only_registrars_register(as_user, expert, index):
    # Given an expert (executor); when he opens or posts to the desk
    client = as_user(expert)
    get = client.get(DESK)
    post = client.post(DESK, form_data(index))
    # Then he is sent to the register and nothing is registered
    assert get.status_code == 302 and get.url == reverse("registry:entries")
    assert post.status_code == 302 and not Entry.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, index):
    response = client.get(DESK)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_offensive_anonymous_document_is_logged_not_registered(as_user, registrar, secretary, expert):
    """DOMAIN.md 2: anonymous documents with insults are not registered; they go to the Secretary."""
    url = reverse("registry:offensive_log")
    # Given a registrar logging an insulting anonymous letter
    response = as_user(registrar).post(url, {"channel": "post", "description": "Анонимно писмо с обиди, 1 л."})
    # Then it is in the log, not in the register
    assert response.status_code == 302
    assert OffensiveAnonymousRecord.objects.count() == 1 and not Entry.objects.exists()
    # and the registrar (without the permission) does not see the list
    assert as_user(registrar).get(url).context["page"] is None
    # and the Secretary sees the list but cannot add
    page = as_user(secretary).get(url)
    assert "Анонимно писмо с обиди" in page.content.decode()
    assert as_user(secretary).post(url, {"channel": "post", "description": "x"}).status_code == 403
    # and an expert sees nothing
    assert as_user(expert).get(url).status_code == 403


def test_an_empty_offensive_log_entry_is_a_field_error(as_user, registrar):
    response = as_user(registrar).post(reverse("registry:offensive_log"), {"channel": "post", "description": " "})
    assert response.context["form"].errors["description"]
    assert not OffensiveAnonymousRecord.objects.exists()


def test_the_offensive_log_list_costs_the_same_queries_however_long(as_user, registrar, secretary,
                                                                    django_assert_max_num_queries):
    """Given a short and then a long log, the Secretary's list page runs the same number of queries."""
    from kancelaria.registry.services import offensive_anonymous_log

    url = reverse("registry:offensive_log")
    for n in range(3):
        offensive_anonymous_log(actor=registrar, channel="post", description=f"Писмо {n}")
    client = as_user(secretary)
    with django_assert_max_num_queries(50) as short:
        assert client.get(url).status_code == 200
    for n in range(30):
        offensive_anonymous_log(actor=registrar, channel="email", description=f"Имейл {n}")
    with django_assert_max_num_queries(len(short.captured_queries)):
        assert client.get(url).status_code == 200
