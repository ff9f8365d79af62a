"""Forms of the working calendar page: an office day off or working day (administrators),
and the due date calculator (everyone on the staff). DOMAIN.md 3, "Deadline arithmetic"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kancelaria.calendars import Pause
from kancelaria.core.forms import GovBoundField, date_input

from .models import OfficeDay
from .selectors import MAX_DAYS, MAX_EXTEND_DAYS

# Browsers send ISO dates from <input type="date">; people typing write 21.11.2026.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
PAUSE_ROWS = 3


def date_field(label, *, required: bool = True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS, widget=date_input(),
        error_messages={"required": _("Enter the date."),
                        "invalid": _("Enter a real date, for example 21.11.2026.")},
    )


class OfficeDayForm(forms.ModelForm):
    bound_field_class = GovBoundField

    date = date_field(_("Date"))

    class Meta:
        model = OfficeDay
        fields = ["date", "kind", "note"]
        labels = {"kind": _("The office"), "note": _("Reason")}
        help_texts = {"note": _("Shown with the day and in the explanation of every due date it moves, "
                                "for example “Municipality day”.")}
        widgets = {
            "kind": forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
            "note": forms.TextInput(attrs={"class": "govuk-input", "maxlength": 200}),
        }
        error_messages = {
            "kind": {"required": _("Choose a day off or a working day."),
                     "invalid_choice": _("Choose a day off or a working day.")},
            "note": {"max_length": _("Keep the reason under 200 characters.")},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "day_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (OfficeDay.Kind.DAY_OFF, _("does not work that day (an office day off)")),
            (OfficeDay.Kind.WORKING_DAY, _("works that day (a working Saturday or holiday)")),
        ]

    def validate_unique(self):
        """Uniqueness of the date is the service's check (with a clearer message)."""


class DueDateForm(forms.Form):
    """The due date calculator: a start, a period in days or months, an extension and up
    to three pauses. Read with GET: computing a date changes nothing."""

    bound_field_class = GovBoundField
    UNITS = [("days", _("days")), ("months", _("months"))]

    start = date_field(_("Start"), help_text=_(
        "The day of the event: registration, resolution, clarification or delivery. "
        "The period runs from the next day."))
    length = forms.IntegerField(
        label=_("Period"), min_value=0, max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the period, for example 14."),
                        "invalid": _("Enter the period as a whole number."),
                        "min_value": _("Enter a period of 0 or more."),
                        "max_value": _("Enter a period of at most %(limit_value)s.")},
    )
    unit = forms.ChoiceField(label=_("Counted in"), choices=UNITS, initial="days",
                             widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                             error_messages={"required": _("Choose days or months."),
                                             "invalid_choice": _("Choose days or months.")})
    extend_days = forms.IntegerField(
        label=_("Extension in days"), required=False, min_value=0, max_value=MAX_EXTEND_DAYS,
        help_text=_("Leave empty when the deadline was not extended."),
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter the extension as a whole number of days."),
                        "min_value": _("Enter an extension of 0 or more days."),
                        "max_value": _("Enter an extension of at most %(limit_value)s days.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "due_%s")
        super().__init__(*args, **kwargs)
        for row in range(1, PAUSE_ROWS + 1):
            self.fields[f"pause_first_{row}"] = date_field(_("From"), required=False)
            self.fields[f"pause_last_{row}"] = date_field(_("To"), required=False)

    def pauses_given(self) -> bool:
        """Whether any pause was typed in (the pauses are shown open then)."""
        return self.is_bound and any(self.data.get(f"pause_{end}_{row}") for end in ("first", "last")
                                     for row in range(1, PAUSE_ROWS + 1))

    def pause_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"pause_first_{row}"], self[f"pause_last_{row}"]) for row in range(1, PAUSE_ROWS + 1)]

    def clean(self):
        data = super().clean()
        pauses = []
        for row in range(1, PAUSE_ROWS + 1):
            first_name, last_name = f"pause_first_{row}", f"pause_last_{row}"
            first, last = data.get(first_name), data.get(last_name)
            if first_name in self.errors or last_name in self.errors:
                continue
            if first and not last:
                self.add_error(last_name, _("Enter the last day of the pause."))
            elif last and not first:
                self.add_error(first_name, _("Enter the first day of the pause."))
            elif first and last:
                if last < first:
                    self.add_error(last_name, _("The pause cannot end before it begins."))
                else:
                    pauses.append(Pause(first, last))
        data["pauses"] = pauses
        return data

    def arguments(self) -> dict:
        """The keyword arguments of selectors.office_due_date."""
        data = self.cleaned_data
        return {"start": data["start"], data["unit"]: data["length"], "extend_days": data.get("extend_days") or 0,
                "pauses": data["pauses"]}

    # Field errors of office_due_date, by the field of this form they belong to.
    ERROR_FIELDS = {"start": "start", "days": "length", "months": "length", "extend_days": "extend_days",
                    "pause": "pause_first_1"}
