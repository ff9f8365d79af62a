"""Template helpers for the catalogue's texts in several languages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from kancelaria.catalogue.i18n import text_in

register = template.Library()


def _current() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@register.filter
def t(obj, field: str):
    """`{{ service|t:"name" }}`: the text in the reader's language. A text shown in
    Bulgarian because it has no translation is marked lang="bg", so that screen readers
    pronounce it right."""
    value = getattr(obj, field, None)
    text = text_in(value)
    if not text:
        return ""
    language = _current()
    if isinstance(value, dict) and not value.get(language) and language != settings.LANGUAGE_CODE:
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, text)
    return text


@register.filter
def original(text: str):
    """A text kept only in Bulgarian (a unit's name), marked lang="bg" on other pages."""
    if not text:
        return ""
    if _current() != settings.LANGUAGE_CODE:
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, text)
    return text
