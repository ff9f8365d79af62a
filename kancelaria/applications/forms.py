"""Forms of service requests: the desk's intake, the citizen's online application, and
the actions on a request. Forms parse what was typed; the rules live in `services.py`,
whose field errors come back through `add_service_errors`."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kancelaria.accounts.models import Unit
from kancelaria.catalogue.models import ReceiveChannel, Service
from kancelaria.core.validators import egn_is_valid
from kancelaria.registry.forms import (
    GovFormMixin,
    MultipleFileField,
    date_input,
    identifier_split,
    select,
    text_input,
    textarea,
)
from kancelaria.registry.models import Channel, CorrespondentKind
from kancelaria.registry.services import Correspondent

from .models import Payment, ServiceRequest
from .selectors import services_offered

APPLICANT_FIELDS = {
    "applicant.name": "name", "applicant.egn": "identifier", "applicant.eik": "identifier",
    "applicant.address": "address", "applicant.email": "email", "applicant.phone": "phone",
    "applicant.kind": "name", "attachments": "files", "is_anonymous": "name",
}
DESK_CHANNELS = [(c, label) for c, label in Channel.choices
                 if c in (Channel.DESK, Channel.POST, Channel.EMAIL, Channel.E_DELIVERY)]


def tier_label(tier) -> str:
    return _("%(tier)s: %(amount)s %(currency)s, within %(days)s days") % {
        "tier": tier.get_tier_display().capitalize(), "amount": formats.number_format(tier.amount, 2),
        "currency": tier.currency, "days": tier.days}


def receive_choices(service: Service) -> list[tuple[str, str]]:
    allowed = service.receive_channels or ReceiveChannel.values
    return [(c, label) for c, label in ReceiveChannel.choices if c in allowed]


class ServiceChoiceForm(GovFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), widget=select(),
                                     empty_label=_("Choose a service"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_offered()


class _ServiceForm(GovFormMixin, forms.Form):
    service_fields = APPLICANT_FIELDS

    tier = forms.ChoiceField(label=_("Tier"), widget=forms.RadioSelect)
    receive_channel = forms.ChoiceField(label=_("How to receive the result"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Full name of the applicant"), max_length=250, widget=text_input())
    address = forms.CharField(label=_("Address"), max_length=300, required=False, widget=text_input())
    email = forms.EmailField(label=_("E-mail"), required=False, widget=text_input(width="20", type="email",
                                                                                   autocomplete="email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=text_input(width="20", type="tel", autocomplete="tel"))
    files = MultipleFileField(label=_("Attachments"), help_text=_("Scans of the application and the documents."))

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        tiers = list(service.tiers.all())
        self.tiers = tiers
        self.fields["tier"].choices = [(t.tier, tier_label(t)) for t in tiers]
        if len(tiers) == 1:
            self.fields["tier"].initial = tiers[0].tier
        self.fields["receive_channel"].choices = receive_choices(service)

    def applicant(self) -> Correspondent:
        d = self.cleaned_data
        return Correspondent(name=d.get("name", ""), kind=CorrespondentKind.PERSON, address=d.get("address", ""),
                             email=d.get("email", ""), phone=d.get("phone", ""))


class DeskRequestForm(_ServiceForm):
    """The clerk's intake: the checklist ("brought"), tier, channels, the applicant."""

    field_order = ["documents", "tier", "receive_channel", "channel", "name", "identifier", "address",
                   "email", "phone", "pages", "files", "notes"]

    documents = forms.MultipleChoiceField(label=_("Documents brought"), required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Untick what the applicant did not bring: the request is "
                                                      "registered anyway, with a warning."))
    channel = forms.ChoiceField(label=_("Submitted"), choices=DESK_CHANNELS, initial=Channel.DESK, widget=select())
    identifier = forms.CharField(label=_("EGN or EIK/BULSTAT"), max_length=20, required=False,
                                 widget=text_input(width="10", inputmode="numeric"))
    pages = forms.IntegerField(label=_("Pages"), min_value=0, initial=1,
                               widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        docs = [d for d in self.service.documents.all() if d.source == d.Source.APPLICANT]
        self.fields["documents"].choices = [(str(d.pk), d.t("name")) for d in docs]
        self.fields["documents"].initial = [str(d.pk) for d in docs]
        self.office_documents = [d for d in self.service.documents.all() if d.source == d.Source.OFFICE]

    def applicant(self) -> Correspondent:
        person = super().applicant()
        person.egn, person.eik = identifier_split(self.cleaned_data.get("identifier", ""))
        if person.eik:
            person.kind = CorrespondentKind.ORGANISATION
        return person


class ApplyForm(_ServiceForm):
    """The citizen's online application (no login)."""

    field_order = ["name", "egn", "address", "email", "phone", "tier", "receive_channel", "files"]

    egn = forms.CharField(label=_("Personal number (EGN)"), max_length=10, required=False,
                          help_text=_("Optional. Ten digits."),
                          widget=text_input(width="10", inputmode="numeric", autocomplete="off"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].required = True
        self.fields["email"].help_text = _("We send the number of your request and the news about it here.")
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["files"].help_text = _("The signed application form and the documents on the list above "
                                           "(PDF or images).")

    def clean_egn(self):
        value = (self.cleaned_data.get("egn") or "").strip()
        if value and not egn_is_valid(value):
            raise forms.ValidationError(_("This personal number (EGN) is not valid: check the digits."))
        return value

    def applicant(self) -> Correspondent:
        person = super().applicant()
        person.egn = self.cleaned_data.get("egn", "")
        return person


class RequestFilterForm(GovFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, widget=select(),
                               choices=[("", _("Any status")), *ServiceRequest.Status.choices])
    service = forms.ModelChoiceField(label=_("Service"), required=False, queryset=Service.objects.none(),
                                     widget=select(), empty_label=_("Any service"))
    unit = forms.ModelChoiceField(label=_("Held by"), required=False, queryset=Unit.objects.none(),
                                  widget=select(), empty_label=_("Any unit"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_offered()
        self.fields["unit"].queryset = Unit.objects.order_by("path")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"status": d.get("status") or "", "service": d.get("service"), "unit": d.get("unit")}


class PaymentForm(GovFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Paid by"), widget=forms.RadioSelect, choices=[
        (m, label) for m, label in Payment.Method.choices if m != Payment.Method.ONLINE])
    provider_reference = forms.CharField(label=_("Receipt or transfer reference"), required=False, max_length=120,
                                         widget=text_input(width="20"))


class DeficiencyForm(GovFormMixin, forms.Form):
    description = forms.CharField(label=_("What is missing or wrong"), widget=textarea(3))
    fix_by = forms.DateField(label=_("To be fixed by"), widget=date_input())


class DeficiencyFixedForm(GovFormMixin, forms.Form):
    on = forms.DateField(label=_("Documents received on"), widget=date_input(), initial=timezone.localdate)


class IssueForm(GovFormMixin, forms.Form):
    how = forms.ChoiceField(label=_("Issued"), widget=forms.RadioSelect, choices=ReceiveChannel.choices)
    recipient_name = forms.CharField(label=_("Received by (name)"), required=False, max_length=250,
                                     widget=text_input(), help_text=_("Required when handed over at the desk."))
    on = forms.DateField(label=_("Date"), widget=date_input(), initial=timezone.localdate)


class WithdrawForm(GovFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("The written withdrawal came"), choices=DESK_CHANNELS, widget=select())
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))
    files = MultipleFileField(label=_("Scan of the withdrawal"))
