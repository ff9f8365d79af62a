"""Text helpers shared by search and the tracking look-up."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_normalize(*parts: str) -> str:
    """Casefold and fold white space, so that Cyrillic matches case-insensitively on
    every database (SQLite's LIKE folds only ASCII)."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


def search_terms(query: str) -> list[str]:
    return [t for t in search_normalize(query).split(" ") if t]
