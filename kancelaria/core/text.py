"""Text helpers shared by search and the tracking look-up, and the language of what the
system writes into its records."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.utils import translation

_SPACES = re.compile(r"\s+")


def search_normalize(*parts: str) -> str:
    """Casefold and fold white space, so that Cyrillic matches case-insensitively on
    every database (SQLite's LIKE folds only ASCII)."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


def search_terms(query: str) -> list[str]:
    return [t for t in search_normalize(query).split(" ") if t]


def office_text(message, /, **params) -> str:
    """A text the system itself writes into a record (a registered document's subject, a
    case movement's note, a decision's standard wording): in the office's language
    (LANGUAGE_CODE), whatever language the person acting reads the pages in, because the
    register is one official record. `message` is a gettext_lazy string (or a choice's
    label, or a callable such as a model's `get_FOO_display`); `params` fill its %(name)s
    placeholders and are rendered in that language too.

        office_text(gettext_lazy("Penal decree %(number)s"), number=penal.decree_number)
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message() if callable(message) else message)
        return text % {k: str(v) for k, v in params.items()} if params else text
