"""Form rendering shared by every page: GOV.UK error classes on widgets whose field has
errors. Labels, hints and errors are laid out by `templates/includes/field.html`, with
Django's own ids (`<id>_helptext`, `<id>_error`) that it points aria-describedby at."""

from django import forms
from django.forms.boundfield import BoundField

ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovBoundField(BoundField):
    """Adds the GOV.UK error modifier to a widget whose field has errors (Django itself
    adds `aria-invalid` and points `aria-describedby` at `<id>_helptext` / `<id>_error`)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            classes = (attrs.get("class") or widget.attrs.get("class") or "").split()
            for base, modifier in ERROR_CLASSES.items():
                if base in classes and modifier not in classes:
                    classes.append(modifier)
            attrs["class"] = " ".join(classes)
        return attrs


# GOV.UK widgets

def text_input(width: str = "", **attrs) -> forms.TextInput:
    css = "govuk-input" + (f" govuk-input--width-{width}" if width else "")
    return forms.TextInput(attrs={"class": css, **attrs})


def select(**attrs) -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select", **attrs})


def textarea(rows: int = 3, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows, **attrs})


def date_input(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10", "type": "date", **attrs},
                           format="%Y-%m-%d")
