"""Template helpers of the layout: roles, the language switch, pagination links.

Load with `{% load kancelaria %}`.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from kancelaria.core.forms import ERROR_CLASSES

register = template.Library()

# Each language is offered in its own words, the way its speakers look for it.
OWN_NAMES = {"bg": "български", "en": "English", "pl": "polski", "uk": "українська"}

STAFF_ROLES = ("registrar", "resolver", "executor", "controller", "administrator")


@register.simple_tag
def has_role(user, *roles: str) -> bool:
    """`{% has_role request.user "controller" "administrator" as can_audit %}`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    check = getattr(user, "has_role", None)
    return bool(check(*roles)) if check else bool(user.is_superuser)


@register.simple_tag
def is_staff_member(user) -> bool:
    """Anyone holding one of the staff roles (or a superuser)."""
    return has_role(user, *STAFF_ROLES)


@register.simple_tag
def language_choices() -> list[dict]:
    """The configured languages, each named in itself: [{code, name}]."""
    choices = []
    for code, _name in settings.LANGUAGES:
        name = OWN_NAMES.get(code)
        if name is None:
            try:
                name = get_language_info(code)["name_local"]
            except KeyError:
                name = code
        choices.append({"code": code, "name": name})
    return choices


def _short(value, limit: int = 160) -> str:
    if value is None or value == "":
        return "–"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def audit_changes(changes) -> list[dict]:
    """An audit event's `changes` as rows: {field, old, new} for `[old, new]` pairs,
    {field, value} for anything else."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append({"field": field, "old": _short(value[0]), "new": _short(value[1]), "pair": True})
        else:
            rows.append({"field": field, "value": _short(value), "pair": False})
    return rows


@register.simple_tag(takes_context=True)
def navigation_state(context, href: str, exact: bool = False) -> str:
    """"page" when the request is for `href` itself, "true" when it is below it (a
    section of the navigation), "" otherwise; for aria-current."""
    request = context.get("request")
    if request is None or not href:
        return ""
    if request.path == href:
        return "page"
    if not exact and href != "/" and request.path.startswith(href):
        return "true"
    return ""


@register.filter
def govuk_widget(field, state: str = ""):
    """Render a bound field's widget with the GOV.UK error class and aria-describedby
    pointing at its hint and error messages (Django's ids `<id>_helptext`, `<id>_error`).
    `{{ field|govuk_widget:"error" }}` shows the error state for a form-wide error
    displayed at this field."""
    widget = field.field.widget
    classes = widget.attrs.get("class", "").split()
    described = [v for v in widget.attrs.get("aria-describedby", "").split() if v]
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors or state == "error":
        described.append(f"{field.auto_id}_error")
        classes += [ERROR_CLASSES[c] for c in list(classes) if c in ERROR_CLASSES]
    attrs = {"class": " ".join(dict.fromkeys(classes))} if classes else {}
    if described:
        attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
    if state == "error" and not field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def elided_range(paginator, number):
    """The page numbers to show around `number`, with the paginator's ellipsis."""
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
