"""Forms of the feedback pages. The services check again; the forms give the page its
fields, labels and messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kancelaria.accounts.models import Unit
from kancelaria.core.forms import GovBoundField

from .models import Feedback, Improvement
from .services import COMMENT_MAX, TEXT_MAX

SCORE_CHOICES = [("5", _("5 – very good")), ("4", _("4 – good")), ("3", _("3 – acceptable")),
                 ("2", _("2 – poor")), ("1", _("1 – very poor"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _units():
    return Unit.objects.filter(is_active=True).only("pk", "name", "path")


def _services():
    from kancelaria.catalogue.models import Service

    return Service.objects.filter(is_active=True).only("pk", "code", "name")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.t("name") or obj.code


class FeedbackForm(forms.Form):
    bound_field_class = GovBoundField

    kind = forms.ChoiceField(label=_("What would you like to tell us?"), choices=Feedback.Kind.choices,
                             widget=forms.RadioSelect, error_messages={"required": _(
                                 "Choose whether this is praise, a complaint or a suggestion.")})
    unit = forms.ModelChoiceField(label=_("Unit (optional)"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("Not about a particular unit"),
                                  widget=forms.Select(attrs={"class": "govuk-select"}))
    service = ServiceChoiceField(label=_("Service (optional)"), queryset=Unit.objects.none(), required=False,
                                 empty_label=_("Not about a particular service"),
                                 widget=forms.Select(attrs={"class": "govuk-select"}))
    text = forms.CharField(label=_("Your message"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 6}),
                           error_messages={"required": _("Write your praise, complaint or suggestion."),
                                           "max_length": _("The text is too long: at most %(limit_value)d "
                                                           "characters.")})
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mail for an answer (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"class": "govuk-input", "autocomplete": "email",
                                                            "spellcheck": "false"}),
                             error_messages={"invalid": _("Enter an e-mail address like name@example.com, "
                                                          "or leave it empty.")})
    consent = forms.BooleanField(
        label=_("I agree that the municipality uses my name and e-mail only to answer this message."),
        required=False, widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()
        self.fields["service"].queryset = _services()

    def clean(self):
        data = super().clean()
        if data.get("email") and not data.get("consent"):
            self.add_error("consent", _("To get an answer by e-mail, agree that we use your name and e-mail for it."))
        return data


class RatingForm(forms.Form):
    bound_field_class = GovBoundField

    score = forms.TypedChoiceField(label=_("How satisfied are you with how we handled your case?"),
                                   choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose a rating from 1 to 5."),
                                                   "invalid_choice": _("Choose a rating from 1 to 5.")})
    comment = forms.CharField(label=_("Anything you would like to add? (optional)"), required=False,
                              max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}))


class SurveyForm(forms.Form):
    bound_field_class = GovBoundField

    overall = forms.TypedChoiceField(label=_("How satisfied are you with the service today?"),
                                     choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                                     error_messages={"required": _("Choose a rating from 1 to 5."),
                                                   "invalid_choice": _("Choose a rating from 1 to 5.")})
    waited_long = forms.ChoiceField(label=_("Did you wait long?"), choices=YES_NO, required=False,
                                    widget=forms.RadioSelect)
    understood = forms.ChoiceField(label=_("Did you understand the explanation?"), choices=YES_NO,
                                   required=False, widget=forms.RadioSelect)
    polite = forms.ChoiceField(label=_("Were the staff polite?"), choices=YES_NO, required=False,
                               widget=forms.RadioSelect)

    def answers(self) -> dict:
        data = self.cleaned_data

        def yes_no(value):
            return {"yes": True, "no": False}.get(value)

        return {"overall": data["overall"], "waited_long": yes_no(data.get("waited_long")),
                "understood": yes_no(data.get("understood")), "polite": yes_no(data.get("polite"))}


class KioskEnableForm(forms.Form):
    bound_field_class = GovBoundField

    unit = forms.ModelChoiceField(label=_("Desk or unit of this tablet"), queryset=Unit.objects.none(),
                                  widget=forms.Select(attrs={"class": "govuk-select"}),
                                  error_messages={"required": _("Choose the desk or unit."),
                                                  "invalid_choice": _("Choose the desk or unit.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class ResponseForm(forms.Form):
    bound_field_class = GovBoundField

    status = forms.ChoiceField(label=_("Status"), choices=Feedback.Status.choices,
                               widget=forms.Select(attrs={"class": "govuk-select"}))
    response = forms.CharField(label=_("Response"), required=False, max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 5}))


class FeedbackFilterForm(forms.Form):
    bound_field_class = GovBoundField

    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any kind")), *Feedback.Kind.choices],
                             widget=forms.Select(attrs={"class": "govuk-select"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Feedback.Status.choices],
                               widget=forms.Select(attrs={"class": "govuk-select"}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("Any unit"), widget=forms.Select(attrs={"class": "govuk-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class ImprovementForm(forms.ModelForm):
    bound_field_class = GovBoundField

    class Meta:
        model = Improvement
        fields = ["title", "description", "made_on", "is_published"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "govuk-input"}),
            "description": forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
            "made_on": forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10", "type": "date"},
                                       format="%Y-%m-%d"),
            "is_published": forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
        }
        error_messages = {
            "title": {"required": _("Give the improvement a title.")},
            "description": {"required": _("Say what changed.")},
            "made_on": {"required": _("Enter the date of the change."),
                        "invalid": _("Enter the date as day, month and year.")},
        }
