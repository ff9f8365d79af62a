"""Forms of the public pages of access to information: the request on the portal, the
requester's clarification, the filters of the public register and the publication of a
request by staff.

Forms only parse what was typed; the rules (DOMAIN.md 5) live in `services.py` and
`publication.py`, whose `ValidationFailed.fields` come back through `add_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kancelaria.core.forms import select, text_input, textarea
from kancelaria.registry.forms import GovFormMixin
from kancelaria.registry.models import Channel, CorrespondentKind
from kancelaria.registry.services import Correspondent, Registration

from .models import AccessForm, Outcome, PublishField, RequesterType, RequestKind

DESCRIPTION_MAX = 20000


class GovCheckboxes(forms.CheckboxSelectMultiple):
    """Rendered by templates/publicinfo/public/_checkboxes.html."""


class PortalRequestForm(GovFormMixin, forms.Form):
    """A request for access to public information (or for re-use) from the web portal,
    no login. Anyone may ask (DOMAIN.md 5). The form asks for the required content (names,
    a description, an address for correspondence) before anything is registered, so the
    person does not file a request that would be left without action."""

    service_fields = {
        "correspondent.name": "name", "correspondent.email": "email", "correspondent.address": "address",
        "registration.subject": "description", "subject": "description",
    }

    kind = forms.ChoiceField(
        label=_("What do you ask for?"), widget=forms.RadioSelect, initial=RequestKind.ACCESS,
        choices=[(RequestKind.ACCESS, _("access to public information held by the municipality")),
                 (RequestKind.REUSE, _("re-use of public-sector information (for example for a product or service)"))],
        error_messages={"required": _("Choose access to information or re-use of information.")},
    )
    requester_type = forms.ChoiceField(
        label=_("Who asks?"), widget=forms.RadioSelect, choices=RequesterType.choices,
        help_text=_("Anyone may ask: citizens, foreigners and stateless persons, organisations."),
        error_messages={"required": _("Choose who asks.")},
    )
    name = forms.CharField(
        label=_("Your names, or the name of the organisation"), max_length=250, widget=text_input(autocomplete="name"),
        help_text=_("First, middle and last name; an organisation: its name, and its seat in the address."),
        error_messages={"required": _("Enter your names, or the name of the organisation.")},
    )
    address = forms.CharField(
        label=_("Address for correspondence"), max_length=300, required=False,
        widget=text_input(autocomplete="street-address"),
        help_text=_("A postal address, or leave it empty and give an e-mail address."),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=text_input(autocomplete="email", spellcheck="false"),
        help_text=_("The answer and any letter about your request are sent here."),
        error_messages={"invalid": _("Enter an e-mail address like name@example.bg.")},
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False,
                            widget=text_input("20", autocomplete="tel"))
    description = forms.CharField(
        label=_("What information do you ask for?"), max_length=DESCRIPTION_MAX, widget=textarea(8),
        help_text=_("Describe the information as precisely as you can: what, about which period, which place."),
        error_messages={"required": _("Describe the information you ask for.")},
    )
    preferred_forms = forms.MultipleChoiceField(
        label=_("How would you like to receive it? (optional)"), required=False, widget=GovCheckboxes,
        choices=AccessForm.choices,
        help_text=_("Electronic copies and a web address cost nothing; copies on paper or another medium are "
                    "paid according to the national tariff."),
    )
    accessible_form = forms.CharField(
        label=_("A form that suits a sight or hearing impairment (optional)"), max_length=300, required=False,
        widget=text_input(), help_text=_("For example: large print, an audio recording, sign language."),
    )
    publish_consent = forms.MultipleChoiceField(
        label=_("What of yours may be published with the request? (optional)"), required=False,
        widget=GovCheckboxes, choices=PublishField.choices,
        help_text=_("The request, the decision and the information given are published in the public register "
                    "without your personal data. Tick what you agree to be shown. An organisation's name is "
                    "always public."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("address") or "").strip() and not data.get("email") and "email" not in self.errors:
            self.add_error("address", _("Enter an address or an e-mail for the answer."))
        return data

    def registration(self) -> Registration:
        d = self.cleaned_data
        organisation = d["requester_type"] not in RequesterType.private_persons()
        return Registration(
            kind="incoming", subject="", channel=Channel.PORTAL,
            correspondent=Correspondent(
                name=d["name"].strip(), address=d.get("address", "").strip(), email=d.get("email", ""),
                phone=d.get("phone", "").strip(),
                kind=CorrespondentKind.ORGANISATION if organisation else CorrespondentKind.PERSON,
            ),
        )


class ClarificationAnswerForm(GovFormMixin, forms.Form):
    service_fields = {"on": "answer"}

    answer = forms.CharField(
        label=_("Your clarification"), max_length=DESCRIPTION_MAX, widget=textarea(8),
        help_text=_("Say exactly which information you ask for."),
        error_messages={"required": _("Write your clarification.")},
    )


class PublicFilterForm(forms.Form):
    """The filters of the public register (all optional; a wrong value is ignored)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None,
                                  widget=select())
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=select(),
                             choices=[("", _("all")), *RequestKind.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, widget=select(),
                                choices=[("", _("all")), *Outcome.choices])

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all")), *((y, str(y)) for y in years)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class PublicationForm(GovFormMixin, forms.Form):
    """Staff: the public summary, and what to do with the record."""

    ACTIONS = ("save", "publish", "withdraw")

    public_summary = forms.CharField(
        label=_("Summary for publication (optional)"), required=False, max_length=5000, widget=textarea(5),
        help_text=_("Published instead of the requester's own description. Write it without anyone's personal "
                    "data; the register removes names, addresses, e-mails, phones and personal numbers anyway."),
    )
    reason = forms.CharField(label=_("Why is it withdrawn? (when withdrawing)"), required=False, max_length=500,
                             widget=text_input())
