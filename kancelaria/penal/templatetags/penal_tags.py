"""Small filters of the penal pages."""

from django import template

register = template.Library()


@register.filter(name="absolute")
def absolute(value):
    """|x| of a number of days (a limit passed 3 days ago: -3 -> 3)."""
    try:
        return abs(int(value))
    except (TypeError, ValueError):
        return value
