"""Form rendering shared by every page: GOV.UK error classes on widgets whose field has
errors. Labels, hints and errors are laid out by `templates/includes/field.html`, with
Django's own ids (`<id>_helptext`, `<id>_error`) that it points aria-describedby at."""

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
