"""Register numbers and tracking codes (DOMAIN.md 2: number = index + sequence + date;
the citizen's slip carries a code to check the case online)."""

import datetime as dt

from kancelaria.registry import numbering


def test_number_is_index_sequence_and_date():
    assert numbering.entry_number("94-00", 12, 1, dt.date(2026, 11, 21)) == "94-00-12/21.11.2026"


def test_later_document_of_a_case_file_carries_its_ordinal_and_own_date():
    assert numbering.entry_number("94-00", 12, 2, dt.date(2026, 11, 25)) == "94-00-12-[2]/25.11.2026"


def test_tracking_code_has_at_least_40_bits():
    code = numbering.tracking_code_new()
    symbols = code.replace("-", "")
    assert len(symbols) * 5 >= 40  # 32 symbols = 5 bits each
    assert set(symbols) <= set(numbering.ALPHABET)
    assert len(numbering.ALPHABET) == 32


def test_tracking_codes_do_not_repeat():
    codes = {numbering.tracking_code_new() for _ in range(5000)}
    assert len(codes) == 5000


def test_tracking_code_normalisation_tolerates_what_people_type():
    assert numbering.tracking_code_normalize("ab3de fg7hj") == "AB3DE-FG7HJ"
    assert numbering.tracking_code_normalize("AB3DE-FG7HJ") == "AB3DE-FG7HJ"
    # O and I/L are read as 0 and 1
    assert numbering.tracking_code_normalize("OBIDE-FG7HL") == "0B1DE-FG7H1"
    assert numbering.tracking_code_normalize("short") == ""
    assert numbering.tracking_code_normalize("AB3DE-FG7HU") == ""  # U is not in the alphabet


def test_number_normalisation():
    assert numbering.number_normalize(" № 94-00-12 / 21.11.2026 ") == "94-00-12/21.11.2026"
    assert numbering.number_normalize("рд-01-3") == "РД-01-3"
