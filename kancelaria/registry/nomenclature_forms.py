"""The form of an index of the nomenclature of case files (DOMAIN.md section 10)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kancelaria.core.forms import GovBoundField

from .models import Index

# Letters (Latin or Cyrillic), digits, dots and hyphens, starting and ending with a
# letter or digit: the code is the first part of every register number
# (`94-00-12/21.11.2026`), so it holds no spaces or slashes.
CODE_PATTERN = re.compile(r"^[0-9A-ZА-ЯЁЇІЄҐ](?:[0-9A-ZА-ЯЁЇІЄҐ.-]*[0-9A-ZА-ЯЁЇІЄҐ])?$")
MAX_RETENTION_YEARS = 200


class IndexForm(forms.ModelForm):
    bound_field_class = GovBoundField

    class Meta:
        model = Index
        fields = ["code", "name", "retention_years", "numbering_scope", "description", "is_active"]
        labels = {
            "retention_years": _("Retention period in years"),
            "is_active": _("In use: new documents may be registered under this index"),
        }
        help_texts = {
            "code": _("For example 94-00 or ЗДОИ. Letters, digits, dots and hyphens; "
                      "it starts every register number under this index."),
            "retention_years": _("Leave empty for permanent retention. Administrative documents "
                                 "are usually kept 20 years, personnel files 50."),
        }
        error_messages = {
            "code": {"required": _("Enter the code of the index, for example 94-00."),
                     "unique": _("An index with this code already exists.")},
            "name": {"required": _("Enter the name of the index.")},
            "retention_years": {"invalid": _("Enter the retention period as a whole number of years.")},
        }
        widgets = {
            "code": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10",
                                           "autocomplete": "off", "spellcheck": "false"}),
            "name": forms.TextInput(attrs={"class": "govuk-input"}),
            "retention_years": forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4",
                                                        "inputmode": "numeric", "min": 1,
                                                        "max": MAX_RETENTION_YEARS}),
            "numbering_scope": forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
            "description": forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
            "is_active": forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
        }

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip().upper()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _("Enter a code of letters, digits, dots and hyphens, without spaces or slashes, "
                  "for example 94-00."),
                code="invalid_code",
            )
        return code

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Enter the name of the index."), code="required")
        return name

    def clean_retention_years(self):
        years = self.cleaned_data.get("retention_years")
        if years is not None and not 1 <= years <= MAX_RETENTION_YEARS:
            raise forms.ValidationError(
                _("Enter a number of years from 1 to %(max)s, or leave it empty for permanent retention."),
                code="out_of_range", params={"max": MAX_RETENTION_YEARS},
            )
        return years
