"""Texts of the catalogue in several languages: a JSON object {"bg": ..., "en": ..., "pl":
..., "uk": ...}. Bulgarian is the original; a missing translation falls back to it."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def text_in(value: dict | str | None, language: str | None = None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), "")
