"""The register list: search, filters, sorting, paging and its query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kancelaria.registry.services import Correspondent
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("registry:entries")


def numbers(response) -> list[str]:
    return [row.number for row in response.context["page"].object_list]


@pytest.fixture
def register(registrar, index):
    """Three documents of different kinds, types and channels."""
    sketch = factories.entry(registrar, subject="Искане за издаване на СКИЦА на имот")
    noise = factories.entry(registrar, subject="Жалба срещу шум от заведение", doc_type="complaint",
                            channel="email",
                            correspondent=Correspondent(name="Мария Георгиева", kind="person", email="m@example.bg"))
    letter = factories.entry(registrar, kind="outgoing", doc_type="letter", subject="Писмо до областния управител",
                             channel="post", correspondent=Correspondent(name="Областна администрация Кърджали",
                                                                         kind="organisation"))
    return {"sketch": sketch, "noise": noise, "letter": letter}


@pytest.mark.parametrize("word", ["скица", "СКИЦА", "Скица", "скиц"])
def test_search_finds_a_cyrillic_word_in_any_letter_case(as_user, registrar, register, word):
    # Given "СКИЦА" in capitals in a subject; when searching in any letter case or by a prefix
    response = as_user(registrar).get(LIST, {"q": word})
    # Then exactly that document is found
    assert numbers(response) == [register["sketch"].number]


def test_search_by_correspondent_and_by_number(as_user, registrar, register):
    client = as_user(registrar)
    assert numbers(client.get(LIST, {"q": "мария"})) == [register["noise"].number]
    assert numbers(client.get(LIST, {"q": register["letter"].number})) == [register["letter"].number]


def test_every_word_must_match(as_user, registrar, register):
    assert numbers(as_user(registrar).get(LIST, {"q": "жалба скица"})) == []


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": "outgoing"}, ["letter"]),
    ({"doc_type": "complaint"}, ["noise"]),
    ({"channel": "email"}, ["noise"]),
    ({"channel": "desk", "kind": "incoming"}, ["sketch"]),
    ({"index": "94-00", "kind": "incoming"}, ["noise", "sketch"]),
    ({"index": "ZDOI"}, []),
])
def test_filters(as_user, registrar, register, params, expected):
    # Given three documents (and an empty index ZDOI); when filtering
    factories.index(code="ZDOI", name="Достъп до информация")
    response = as_user(registrar).get(LIST, params)
    # Then only the matching ones are listed (newest first)
    assert numbers(response) == [register[name].number for name in expected]


def test_filter_by_case_status(as_user, registrar, register, org):
    from kancelaria.registry.services import case_send

    case_send(actor=registrar, case=register["noise"].case, unit=org["planning"])
    response = as_user(registrar).get(LIST, {"status": "in_progress"})
    assert numbers(response) == [register["noise"].number]


def test_filter_by_dates(as_user, registrar, index):
    from kancelaria.registry.services import entry_register

    # Given documents registered on 3 and on 10 November
    old = entry_register(actor=registrar, registration=factories.registration(index=index, subject="Старо"),
                         now=dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    new = entry_register(actor=registrar, registration=factories.registration(index=index, subject="Ново"),
                         now=dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC))
    client = as_user(registrar)
    # When filtering from 5 November, and to 5 November
    assert numbers(client.get(LIST, {"date_from": "2026-11-05"})) == [new.number]
    assert numbers(client.get(LIST, {"date_to": "2026-11-05"})) == [old.number]
    # and sorting oldest first
    assert numbers(client.get(LIST, {"sort": "date"})) == [old.number, new.number]
    assert numbers(client.get(LIST, {"sort": "-date"})) == [new.number, old.number]


def test_a_bad_date_is_a_field_error_not_a_failure(as_user, registrar, register):
    # When a date filter is nonsense, or the range is reversed
    bad = as_user(registrar).get(LIST, {"date_from": "вчера"})
    reversed_range = as_user(registrar).get(LIST, {"date_from": "2026-11-10", "date_to": "2026-11-01"})
    # Then the page shows the errors and still lists the register
    assert bad.status_code == 200 and bad.context["form"].errors["date_from"]
    assert reversed_range.context["form"].errors["date_to"]
    assert "govuk-error-summary" in bad.content.decode()


def test_an_unknown_filter_value_is_a_field_error(as_user, registrar, register):
    # When the index in the address is not in the nomenclature
    response = as_user(registrar).get(LIST, {"index": "NOPE", "kind": "outgoing"})
    # Then the index filter shows an error and the other filters still apply
    assert response.context["form"].errors["index"]
    assert numbers(response) == [register["letter"].number]


def test_the_empty_state(as_user, registrar, register):
    response = as_user(registrar).get(LIST, {"q": "несъществуваща-дума"})
    body = response.content.decode()
    assert numbers(response) == [] and "govuk-inset-text" in body and "<table" not in body


def test_the_list_shows_the_columns(as_user, registrar, register, org):
    body = as_user(registrar).get(LIST).content.decode()
    for text in (register["sketch"].number, "Искане за издаване на СКИЦА на имот", "Мария Георгиева",
                 "Център за административно обслужване", "govuk-table"):
        assert text in body


def test_htmx_gets_only_the_results(as_user, registrar, register):
    # When htmx asks for the results as the user types
    response = as_user(registrar).get(LIST, {"q": "жалба"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    # Then it gets the table and the count, without the page around them
    assert "<html" not in body and register["noise"].number in body
    assert 'hx-swap-oob="true"' in body


def test_pages_of_fifty(as_user, registrar, index):
    for n in range(52):
        factories.entry(registrar, subject=f"Документ {n}")
    client = as_user(registrar)
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    assert len(numbers(first)) == 50 and len(numbers(second)) == 2
    assert "govuk-pagination" in first.content.decode()
    # a page number out of range shows the last page, not an error
    assert client.get(LIST, {"page": 99}).status_code == 200


@pytest.mark.parametrize("role", ["registrar", "expert"])
def test_the_number_of_queries_does_not_grow_with_the_rows(as_user, registrar, expert, org, index,
                                                           django_assert_max_num_queries, role):
    from kancelaria.registry.services import case_send

    user = registrar if role == "registrar" else expert

    def make(count):
        for n in range(count):
            entry = factories.entry(registrar, subject=f"Писмо {n}",
                                    correspondent=Correspondent(name="Иван", egn=factories.VALID_EGN))
            case_send(actor=registrar, case=entry.case, unit=org["planning"])

    client = as_user(user)
    make(2)
    client.get(LIST)  # warm the session and the content types
    with django_assert_max_num_queries(10) as few:  # includes reading the user's permissions once
        assert len(numbers(client.get(LIST, {"q": "писмо"}))) == 2
    make(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(numbers(client.get(LIST, {"q": "писмо"}))) == 32
