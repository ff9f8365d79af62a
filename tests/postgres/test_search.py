"""Full-text search of the register on PostgreSQL: Cyrillic words in any letter case and
by prefix, on the subject and on the correspondent (selectors.entries_search)."""

from __future__ import annotations

import pytest

from kancelaria.registry.models import Entry
from kancelaria.registry.selectors import entries_search, entries_visible
from kancelaria.registry.services import Correspondent
from tests import factories


@pytest.fixture
def entries(registrar, index):
    """Given three registered documents with Cyrillic subjects and correspondents."""
    return {
        "skica": factories.entry(registrar, subject="Заявление за издаване на СКИЦА на поземлен имот",
                                 correspondent=Correspondent(name="Мария Георгиева Стоянова", kind="person",
                                                             address="гр. Момчилград")),
        "signal": factories.entry(registrar, subject="Сигнал за повредено улично осветление",
                                  doc_type="signal",
                                  correspondent=Correspondent(name="Ахмед Мехмед Хасан", kind="person",
                                                              address="с. Груево")),
        "firm": factories.entry(registrar, subject="Писмо относно ремонт на път",
                                correspondent=Correspondent(name="Родопи Строй ООД", kind="organisation",
                                                            eik=factories.VALID_EIK, address="гр. Кърджали")),
    }


def found(user, text: str) -> set[int]:
    return set(entries_search(entries_visible(user), text=text).values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), [
    ("скица", {"skica"}),  # lower case finds upper case
    ("СКИЦА", {"skica"}),
    ("Осветление", {"signal"}),  # capitalised finds lower case
    ("освет", {"signal"}),  # a prefix
    ("ПОВРЕД осв", {"signal"}),  # two prefixes, both must match
    ("стоянова", {"skica"}),  # the correspondent
    ("хасан", {"signal"}),
    ("родоп", {"firm"}),  # the correspondent, by prefix
    ("заявление имот", {"skica"}),
    ("кмет", set()),  # a word nobody used
    ("скица хасан", set()),  # words of different documents
])
def test_full_text_search_on_postgresql(entries, registrar, text, expected):
    """Given the documents above, when the register is searched for `text`,
    then exactly the expected documents are found."""
    assert found(registrar, text) == {entries[key].pk for key in expected}


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_uses_postgresql_text_search(entries, registrar, django_assert_max_num_queries):
    """Given PostgreSQL, then the search compiles to a text-search query (to_tsvector/
    to_tsquery), not a LIKE scan, and one query serves the whole result."""
    qs = entries_search(entries_visible(registrar), text="скица")
    compiled = str(qs.query).lower()
    assert "to_tsvector" in compiled and "to_tsquery" in compiled
    with django_assert_max_num_queries(1):
        rows = list(qs)
    assert [e.pk for e in rows] == [entries["skica"].pk]
    assert isinstance(rows[0], Entry)
