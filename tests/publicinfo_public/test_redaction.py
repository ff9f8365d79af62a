"""Redaction of the public register (DOMAIN.md 5: requests, decisions and the information
given are published with the requester's personal data protected): what is removed from
the texts, what stays, and properties that hold for any text (hypothesis)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kancelaria.publicinfo import services
from kancelaria.publicinfo.publication import (
    REMOVED,
    phone_key,
    public_record,
    redact_text,
    redactor_for,
)

from .conftest import ADDRESS, DESCRIPTION, EMAIL, NAME, PERSONAL, PHONE, intake, organisation

EGN_RUN = re.compile(r"(?<!\d)\d{10}(?!\d)")


# --------------------------------------------------------------------------- the patterns

@pytest.mark.parametrize("text, gone", [
    ("ЕГН 7501020018, моля", "7501020018"),
    ("ЛНЧ 1234567890.", "1234567890"),
    ("пишете на ivan@abv.bg.", "ivan@abv.bg"),
    ("(maria.georgieva+zdoi@mail.example.com)", "maria.georgieva+zdoi@mail.example.com"),
    ("тел. 0888 123 456 след 17 ч.", "0888 123 456"),
    ("тел.: 0888123456", "0888123456"),
    ("+359 88 812 3456", "+359 88 812 3456"),
    ("00359 361 62233", "00359 361 62233"),
    ("(0361) 6 22 33", "0361) 6 22 33"),
    ("02/987 65 43", "02/987 65 43"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
])
def test_rule_personal_numbers_e_mails_and_phones_are_removed_from_texts(text, gone):
    redacted = redact_text(text)
    assert gone not in redacted and str(REMOVED) in redacted


@pytest.mark.parametrize("text", [
    "Решение от 05.01.2026 по заявление ЗДОИ-12/05.01.2026.",
    "Данни за периода 2020-2024 г.; 48 000 EUR; 0,06 EUR на страница.",
    "Договор № 94-00-12-[2]/25.11.2026 с „Пътстрой“ ЕООД, ЕИК 831902088.",
    "Фирма с ЕИК 000235412 и БУЛСТАТ 1234567890123.",
    "Сесия на Общинския съвет от 12.03.2026, т. 7, 15 гласа „за“.",
])
def test_dates_amounts_register_numbers_and_company_numbers_stay(text):
    assert redact_text(text) == text


def test_rule_a_private_requesters_name_and_address_are_removed_word_by_word():
    """Given the requester's names and address, then each name (and its feminine or plural
    form), the address and its numbered street part are removed; the town alone stays."""
    text = ("Аз, Иван Петров Иванов, и съпругата ми Иванова живеем на ул. „Трети март“ 12, "
            "гр. Момчилград. Файл: Zaiavlenie_Иван_Петров.pdf")
    redacted = redact_text(text, names=[NAME], addresses=[ADDRESS])
    for word in ("Иван", "Петров", "Иванова", "Трети март"):
        assert word not in redacted
    assert "гр. Момчилград" in redacted
    # Adjacent words become one marker, not three.
    assert "Аз, " + str(REMOVED) + ", и" in redacted


def test_the_requesters_own_contacts_stay_when_he_agreed():
    text = f"Пишете на {EMAIL} или на други@example.bg, тел. +359 888 123 456 или 0361 6 22 33."
    redacted = redact_text(text, keep_emails=[EMAIL.upper()], keep_phones=[PHONE])
    assert EMAIL in redacted and "+359 888 123 456" in redacted
    assert "други@example.bg" not in redacted and "0361 6 22 33" not in redacted


def test_phone_key_compares_phones_however_written():
    assert phone_key("+359 888 123 456") == phone_key("00359888123456") == phone_key("0888/123-456")


# --------------------------------------------------------------------------- properties

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
CYRILLIC = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъьюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЮЯ", min_size=3, max_size=12)
PLAIN = st.text(alphabet=string.ascii_letters + "абвгдежзийклмнопрстуфхцчшщъюя ,.;:!?-–„“()", max_size=200)
LATIN = st.text(alphabet=string.ascii_letters + " ,.;:!?-()", max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_property_no_ten_digit_number_survives_in_any_text(text):
    assert not EGN_RUN.search(redact_text(text))


@settings(max_examples=300, deadline=None)
@given(before=PLAIN, egn=st.from_regex(r"\A\d{10}\Z"), after=PLAIN)
def test_property_an_egn_anywhere_in_prose_is_removed(before, egn, after):
    assert egn not in redact_text(f"{before} {egn} {after}")


@settings(max_examples=300, deadline=None)
@given(before=PLAIN, email=st.emails(), after=PLAIN)
def test_property_an_e_mail_anywhere_in_prose_is_removed(before, email, after):
    redacted = redact_text(f"{before} {email} {after}")
    assert email not in redacted and "@" not in redacted


@settings(max_examples=200, deadline=None)
@given(before=PLAIN, digits=st.from_regex(r"\A8[789]\d{7}\Z"), style=st.sampled_from(["0{}", "+359{}", "0{} ", "+359 {}"]),
       after=PLAIN)
def test_property_a_bulgarian_mobile_number_is_removed(before, digits, style, after):
    number = style.format(digits[:2] + " " + digits[2:5] + " " + digits[5:])
    redacted = redact_text(f"{before} {number.strip()} {after}")
    assert re.sub(r"\D", "", digits) not in re.sub(r"\D", "", redacted)


@settings(max_examples=200, deadline=None)
@given(first=CYRILLIC, last=CYRILLIC, before=LATIN, after=LATIN)
def test_property_a_private_name_is_removed_whatever_its_case(first, last, before, after):
    name = f"{first} {last}"
    redacted = redact_text(f"{before} {name.upper()} {after} {name.lower()}", names=[name])
    assert first.casefold() not in redacted.casefold().replace(str(REMOVED).casefold(), "")
    assert last.casefold() not in redacted.casefold().replace(str(REMOVED).casefold(), "")


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_property_redaction_is_idempotent(text):
    once = redact_text(text, names=[NAME], addresses=[ADDRESS])
    assert redact_text(once, names=[NAME], addresses=[ADDRESS]) == once


@settings(max_examples=300, deadline=None)
@given(text=PLAIN)
def test_property_text_without_digits_at_signs_or_names_is_unchanged(text):
    assert redact_text(text) == text


# --------------------------------------------------------------------------- per request

@pytest.mark.django_db
def test_rule_personal_data_of_a_private_requester_are_not_published(registrar):
    """Given a citizen's request whose text names him, his EGN, e-mail and phone, when it
    is shown as a public record, then none of them appears anywhere in the record."""
    r = intake(registrar)
    record = public_record(type(r).objects.select_related("entry").get(pk=r.pk))
    dump = repr(record.as_dict())
    for item in PERSONAL:
        assert item not in dump
    assert record.requester == record.address == record.email == record.phone == ""
    assert "договора за зимно поддържане" in record.description


@pytest.mark.django_db
@pytest.mark.parametrize("consent, shown, hidden", [
    (["name"], [NAME], ["7501020018", EMAIL, PHONE, "Трети март"]),
    (["email", "phone"], [EMAIL, PHONE], ["Иван", "7501020018", "Трети март"]),
    (["address"], [ADDRESS], ["Иван", "7501020018", EMAIL, PHONE]),
    (["name", "address", "email", "phone"], [NAME, ADDRESS, EMAIL, PHONE], ["7501020018"]),
])
def test_rule_published_per_field_with_the_requesters_consent(registrar, consent, shown, hidden):
    """DOMAIN.md 5: each field the requester agreed to is published (in the record and in
    the text); the EGN never is."""
    r = intake(registrar, publish_consent=consent,
               description=f"{DESCRIPTION} Адрес: {ADDRESS}.")
    record = public_record(type(r).objects.select_related("entry").get(pk=r.pk))
    dump = " ".join(str(v) for v in record.as_dict().values())
    for item in shown:
        assert item in dump
    for item in hidden:
        assert item not in dump


@pytest.mark.django_db
def test_rule_an_organisations_name_is_public(registrar):
    """Given a request by an NGO, then its name and seat are published; its e-mail is not,
    and any EGN, e-mail or phone of a person in the text is removed."""
    org = organisation()
    r = intake(registrar, requester_type="ngo", correspondent=org,
               description="Моля за бюджета за 2026 г.; лице за контакт: Георги, тел. 0899 111 222, "
                           "georgi@example.bg.")
    record = public_record(type(r).objects.select_related("entry").get(pk=r.pk))
    assert record.requester == org.name and record.address == org.address
    assert record.email == "" and org.email not in repr(record.as_dict())
    assert "0899 111 222" not in record.description and "georgi@example.bg" not in record.description
    assert "бюджета за 2026" in record.description


@pytest.mark.django_db
def test_third_parties_names_are_removed_from_the_texts(registrar, handler, secretary):
    r = intake(registrar, description="Копие от разрешението за строеж на Стоян Колев Стоянов в кв. 12.")
    services.third_party_add(actor=handler, info_request=r, name="Стоян Колев Стоянов",
                             address="гр. Момчилград, ул. „Родопи“ 5")
    r = type(r).objects.select_related("entry").get(pk=r.pk)
    redact = redactor_for(r)
    assert "Стоян Колев Стоянов" not in redact(r.description)
    assert "разрешението за строеж" in redact(r.description)


@pytest.mark.django_db
def test_the_public_summary_replaces_the_description_and_is_redacted_too(registrar):
    r = intake(registrar)
    r.public_summary = "Копие от договора за зимно поддържане; заявителят (тел. 0888 123 456) го получи."
    record = public_record(r)
    assert record.description.startswith("Копие от договора") and PHONE not in record.description
    assert "ЕГН" not in record.description


@pytest.mark.django_db
def test_a_person_registered_under_an_organisation_type_is_still_private(registrar):
    """A sole trader (requester type company, correspondent a person): his name is personal
    data and is not published."""
    r = intake(registrar, requester_type="company")
    record = public_record(type(r).objects.select_related("entry").get(pk=r.pk))
    assert record.requester == "" and NAME not in repr(record.as_dict())


def test_a_name_is_also_removed_in_its_latin_transliteration():
    """Names reach file names and e-mails in Latin: „Иван Петров“ is also „Ivan Petrov“."""
    redacted = redact_text("Zaiavlenie_Ivan_Petrov.pdf, ot IVAN PETROV", names=["Иван Петров"])
    assert "Ivan" not in redacted and "PETROV" not in redacted and redacted.startswith("Zaiavlenie_")
