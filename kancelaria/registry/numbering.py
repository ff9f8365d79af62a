"""Register numbers and tracking codes."""

from __future__ import annotations

import datetime as dt
import re
import secrets

# Crockford's base32: no I, L, O, U, so a code read aloud or retyped survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 10 symbols x 5 bits = 50 bits of randomness


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def tracking_code_normalize(value: str) -> str:
    value = (value or "").upper().replace("-", "").replace(" ", "")
    value = value.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(value) != CODE_LENGTH or any(c not in ALPHABET for c in value):
        return ""
    return f"{value[:5]}-{value[5:]}"


def case_number(index_code: str, sequence: int) -> str:
    return f"{index_code}-{sequence}"


def entry_number(index_code: str, sequence: int, ordinal: int, day: dt.date) -> str:
    """index + sequence + date: `94-00-12/21.11.2026`; a later document of the same
    case file adds its ordinal: `94-00-12-[2]/25.11.2026`."""
    base = case_number(index_code, sequence)
    if ordinal > 1:
        base = f"{base}-[{ordinal}]"
    return f"{base}/{day:%d.%m.%Y}"


_SPACES = re.compile(r"\s+")


def number_normalize(value: str) -> str:
    """What a citizen types: tolerate spaces, a leading '№' and letter case."""
    value = _SPACES.sub("", value or "")
    return value.removeprefix("№").upper()
