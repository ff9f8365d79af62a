"""The interface speaks Bulgarian first, with English, Polish and Ukrainian: every
catalogue is complete and the compiled catalogues (committed, so that a machine without
gettext shows the same) match their sources."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["bg", "pl", "uk"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if e.msgid and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == [], f"{lang}: {len(missing)} messages without a checked translation: {missing[:10]}"


@pytest.mark.parametrize("lang", [*TRANSLATED, "en"])
def test_compiled_catalogue_matches_its_source(lang):
    """Run `make messages` after editing a .po file."""
    base = LOCALE / lang / "LC_MESSAGES"
    po = polib.pofile(str(base / "django.po"))
    with open(base / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for entry in po.translated_entries():
        if "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                key = (f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid, n)
                if mo._catalog.get(key) != text:
                    stale.append(entry.msgid)
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if mo._catalog.get(key) != entry.msgstr:
                stale.append(entry.msgid)
    assert stale == [], f"{lang}: django.mo is older than django.po ({len(stale)} messages): {stale[:5]}"
