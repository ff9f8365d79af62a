"""Checksums of Bulgarian identifiers: the personal number (EGN) and the company
number (EIK / BULSTAT, 9 or 13 digits)."""

from __future__ import annotations

import datetime

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)


def egn_is_valid(value: str) -> bool:
    """An EGN is 10 digits: birth date (month +20 for 1800s, +40 for 2000s), region
    and sex digits, and a checksum: sum(d_i * w_i) mod 11, where 10 counts as 0."""
    if not isinstance(value, str) or len(value) != 10 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    checksum = sum(d * w for d, w in zip(digits, _EGN_WEIGHTS, strict=False)) % 11
    return (0 if checksum == 10 else checksum) == digits[9]


def _mod11(digits: list[int], first: tuple[int, ...], second: tuple[int, ...]) -> int:
    total = sum(d * w for d, w in zip(digits, first, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, second, strict=True)) % 11
        if total == 10:
            total = 0
    return total


def eik_is_valid(value: str) -> bool:
    """EIK/BULSTAT: 9 digits with a mod-11 check digit (weights 1..8, then 3..10),
    or 13 digits whose first 9 are a valid EIK and whose last digit checks digits
    9..12 (weights 2,7,3,5, then 4,9,5,7)."""
    if not isinstance(value, str) or len(value) not in (9, 13) or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    if _mod11(digits[:8], (1, 2, 3, 4, 5, 6, 7, 8), (3, 4, 5, 6, 7, 8, 9, 10)) != digits[8]:
        return False
    if len(value) == 9:
        return True
    return _mod11(digits[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == digits[12]


def mask_egn(value: str) -> str:
    """Show only the last four digits: '******1234'."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]
