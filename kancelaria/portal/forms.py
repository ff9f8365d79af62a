"""The public tracking form: register number and tracking code, as on the slip."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kancelaria.registry.numbering import number_normalize, tracking_code_normalize

NUMBER_MAX = 100
CODE_MAX = 30

NUMBER_REQUIRED = _("Enter the register number from your slip.")
NUMBER_TOO_LONG = _("The register number is too long: enter it as written on your slip.")
CODE_REQUIRED = _("Enter the tracking code from your slip.")
NOT_FOUND = _("No case file has this register number and tracking code. Check both against your slip.")
CODE_INVALID = _("The tracking code has 10 letters and digits, for example AB3DE-FG7HJ.")


def number_errors(value: str) -> list[str]:
    value = (value or "").strip()
    if not number_normalize(value):
        return [str(NUMBER_REQUIRED)]
    if len(value) > NUMBER_MAX:
        return [str(NUMBER_TOO_LONG)]
    return []


def code_errors(value: str) -> list[str]:
    value = (value or "").strip()
    if not value:
        return [str(CODE_REQUIRED)]
    if len(value) > CODE_MAX or not tracking_code_normalize(value):
        return [str(CODE_INVALID)]
    return []


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Register number"), required=False, strip=True,
        help_text=_("As written on your slip, for example 94-00-12/21.11.2026 or 94-00-12."),
    )
    code = forms.CharField(
        label=_("Tracking code"), required=False, strip=True,
        help_text=_("10 letters and digits, for example AB3DE-FG7HJ."),
    )

    def clean_number(self) -> str:
        value = self.cleaned_data.get("number", "")
        errors = number_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value

    def clean_code(self) -> str:
        value = self.cleaned_data.get("code", "")
        errors = code_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value
