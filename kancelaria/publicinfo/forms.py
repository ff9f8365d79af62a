"""Staff forms of access to public information: intake at the desk, the register's
filters, each step of the dossier (clarification, extension, third parties,
forwarding, the decisions, delivery, payment, the handover protocol) and the tariff.

Forms only parse what was typed; the rules (DOMAIN.md section 5) live in
`services.py`, whose `ValidationFailed.fields` come back through `add_service_errors`.
A request is never refused at the desk: names, a description and an address are not
required here, because a request without them is registered and then left without
action by the service.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kancelaria.control.forms import EmployeeField, Employees
from kancelaria.core.forms import date_input, select, text_input, textarea
from kancelaria.registry.forms import GovFormMixin, MultipleFileField, identifier_split
from kancelaria.registry.models import CorrespondentKind
from kancelaria.registry.services import Correspondent, Registration

from .models import (
    EXTENSION_LIMITS,
    AccessForm,
    ConsentAnswer,
    DeliveryMethod,
    ExtensionReason,
    InfoChannel,
    PublishField,
    RefusalGround,
    RequesterType,
    RequestKind,
    Status,
    TariffItem,
)
from .services import default_appeal_route

DATE_INVALID = _("Enter a real date.")
EMAIL_INVALID = _("Enter an e-mail address like name@example.bg.")
ORGANISATIONS = {RequesterType.COMPANY, RequesterType.NGO, RequesterType.OTHER_ORGANISATION}


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), help_text=help_text,
                           error_messages={"invalid": DATE_INVALID, "required": _("Enter a date.")})


def today_field(label) -> forms.DateField:
    return date_field(label, required=False, help_text=_("Leave empty for today."))


class StaffForm(GovFormMixin, forms.Form):
    """The GOV.UK error summary also links the first box of a group of checkboxes."""

    def error_summary(self) -> list[dict]:
        items = super().error_summary()
        for item in items:
            name = next((n for n in self.fields if self[n].auto_id == item["anchor"]), None)
            if name and isinstance(self.fields[name].widget, forms.CheckboxSelectMultiple):
                item["anchor"] = f"{item['anchor']}_0"
        return items


def capitalised(choices) -> list[tuple]:
    """Choices whose labels start with a capital letter, as a select shows them."""
    return [(value, capfirst(label)) for value, label in choices]


def checkboxes(choices, label, *, required: bool = False, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=required,
                                     widget=forms.CheckboxSelectMultiple, **kwargs)


# --------------------------------------------------------------------------- intake at the desk

SERVICE_FIELDS_INTAKE = {
    "correspondent.name": "name",
    "correspondent.egn": "identifier",
    "correspondent.eik": "identifier",
    "correspondent.kind": "requester_type",
    "correspondent.address": "address",
    "correspondent.email": "email",
    "correspondent.phone": "phone",
    "attachments": "files",
    "registration.notes": "notes",
    "subject": "description",
}


class IntakeForm(StaffForm):
    """A request received at the desk, by post, by e-mail, through the platform or
    e-delivery, or orally (the clerk writes the protocol, both sign it). The clerk
    starts typing the names at once; the usual channel, kind and requester are preset."""

    service_fields = SERVICE_FIELDS_INTAKE

    name = forms.CharField(label=_("Names of the requester, or the name and seat of the organisation"),
                           max_length=250, required=False, widget=text_input(autocomplete="off"))
    identifier = forms.CharField(label=_("EGN or EIK/BULSTAT (optional)"), max_length=20, required=False,
                                 widget=text_input("10", inputmode="numeric", autocomplete="off",
                                                   spellcheck="false"))
    requester_type = forms.ChoiceField(label=_("Requester"), choices=capitalised(RequesterType.choices),
                                       initial=RequesterType.CITIZEN, widget=select(),
                                       error_messages={"required": _("Choose who asks.")})
    channel = forms.ChoiceField(label=_("Received through"), initial=InfoChannel.DESK, widget=select(),
                                choices=[(c.value, capfirst(c.label)) for c in InfoChannel if c != InfoChannel.PORTAL],
                                error_messages={"required": _("Choose how the request was received.")})
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices, initial=RequestKind.ACCESS,
                             widget=forms.RadioSelect, error_messages={"required": _("Choose the kind of request.")})
    address = forms.CharField(label=_("Address for correspondence"), max_length=300, required=False,
                              widget=text_input(autocomplete="off"))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254,
                             error_messages={"invalid": EMAIL_INVALID},
                             widget=forms.EmailInput(attrs={"class": "govuk-input", "autocomplete": "off",
                                                            "spellcheck": "false"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=text_input("20", type="tel", autocomplete="off"))
    description = forms.CharField(label=_("Information asked for"), required=False, max_length=20000,
                                  widget=textarea(5),
                                  help_text=_("As the requester describes it. A request without names, a description "
                                              "or an address is still registered, and then left without action."))
    preferred_forms = checkboxes(AccessForm.choices, _("Preferred form of access (optional)"))
    accessible_form = forms.CharField(label=_("Form suited to a sight or hearing impairment (optional)"),
                                      max_length=300, required=False, widget=text_input())
    publish_consent = checkboxes(PublishField.choices, _("The requester agrees to publish (optional)"),
                                 help_text=_("Private persons only: without consent their name, address and "
                                             "contacts are removed from the public register."))
    protocol_signed = forms.BooleanField(label=_("The protocol is signed by the requester and by me"), required=False)
    notes = forms.CharField(label=_("Protocol of the oral request, or notes"), required=False, widget=textarea(4),
                            help_text=_("For an oral request: what the person asked, written down by the clerk."))
    pages = forms.IntegerField(label=_("Pages"), min_value=0, max_value=100000, initial=1,
                               widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-3",
                                                             "inputmode": "numeric"}),
                               error_messages={"required": _("Enter the number of pages."),
                                               "invalid": _("Enter the number of pages as a whole number."),
                                               "min_value": _("The number of pages cannot be negative.")})
    files = MultipleFileField(label=_("Scans and files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["name"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        if data.get("channel") == InfoChannel.ORAL:
            if not (data.get("notes") or "").strip():
                self.add_error("notes", _("Write the protocol of the oral request."))
            if not data.get("protocol_signed"):
                self.add_error("protocol_signed",
                               _("An oral request is recorded in a protocol signed by the requester and the clerk."))
        return data

    def registration(self) -> Registration:
        d = self.cleaned_data
        egn, eik = identifier_split(d.get("identifier", ""),
                                    CorrespondentKind.ORGANISATION if d.get("requester_type") in ORGANISATIONS
                                    else CorrespondentKind.PERSON)
        kind = ""
        if d.get("name"):
            kind = (CorrespondentKind.ORGANISATION if d.get("requester_type") in ORGANISATIONS
                    else CorrespondentKind.PERSON)
        return Registration(
            # The subject and the register's channel follow from the description and the
            # intake channel (services.request_intake).
            kind="incoming", subject="", channel="", pages=d.get("pages") or 0,
            notes=(d.get("notes") or "").strip(), files=d.get("files") or [],
            correspondent=Correspondent(name=d.get("name", "").strip(), kind=kind, egn=egn, eik=eik,
                                        address=d.get("address", "").strip(), email=d.get("email", "").strip(),
                                        phone=d.get("phone", "").strip()),
        )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"], "channel": d["channel"], "requester_type": d["requester_type"],
            "description": (d.get("description") or "").strip(), "preferred_forms": d.get("preferred_forms") or [],
            "accessible_form": (d.get("accessible_form") or "").strip(),
            "protocol_signed": bool(d.get("protocol_signed")), "publish_consent": d.get("publish_consent") or [],
        }


# --------------------------------------------------------------------------- the register

class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or text"), required=False, max_length=200,
                        widget=text_input("20", type="search", spellcheck="false"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, widget=select())
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=select(),
                             choices=[("", _("all")), *capitalised(RequestKind.choices)])
    status = forms.ChoiceField(label=_("Status"), required=False, widget=select(),
                               choices=[("", _("all")), ("pending", _("not finished")),
                                        *capitalised(Status.choices)])
    overdue = forms.BooleanField(label=_("Only those past their decision deadline"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all")), *[(y, str(y)) for y in years]]

    def values(self) -> dict:
        """The filters that are valid (a wrong one is left out, not the others)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


# --------------------------------------------------------------------------- the steps of the dossier

class ClarifyForm(StaffForm):
    question = forms.CharField(label=_("What is unclear"), widget=textarea(3),
                               error_messages={"required": _("Write what the requester must clarify.")})
    on = today_field(_("Asked on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "clarify")
        super().__init__(*args, **kwargs)


class ClarificationForm(StaffForm):
    """The requester's clarification received on paper or at the desk."""

    service_fields = {"answer": "answer"}

    answer = forms.CharField(label=_("The requester's clarification"), widget=textarea(3),
                             error_messages={"required": _("Write the clarification received.")})
    channel = forms.ChoiceField(label=_("Received through"), widget=select(), initial=InfoChannel.POST,
                                choices=[(c.value, c.label) for c in (InfoChannel.POST, InfoChannel.DESK,
                                                                      InfoChannel.EMAIL, InfoChannel.E_DELIVERY,
                                                                      InfoChannel.PLATFORM)])
    on = today_field(_("Received on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "clarification")
        super().__init__(*args, **kwargs)


class ExtendForm(StaffForm):
    reason = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect, choices=ExtensionReason.choices,
                               error_messages={"required": _("Choose why the deadline is extended.")})
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=14,
                              widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-2",
                                                            "inputmode": "numeric"}),
                              error_messages={"required": _("Enter the number of days."),
                                              "invalid": _("Enter the number of days as a whole number."),
                                              "min_value": _("Extend by at least 1 day."),
                                              "max_value": _("The deadline may be extended by at most 14 days.")})
    note = forms.CharField(label=_("Note for the letter to the requester (optional)"), required=False,
                           widget=textarea(2))
    on = today_field(_("Extended on"))

    def __init__(self, *args, kind: str = RequestKind.ACCESS, **kwargs):
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)
        reasons = ([ExtensionReason.COMPLEX_REUSE] if kind == RequestKind.REUSE
                   else [ExtensionReason.LARGE_VOLUME, ExtensionReason.THIRD_PARTY])
        self.fields["reason"].choices = [(r.value, r.label) for r in reasons]

    def clean(self):
        data = super().clean()
        reason, days = data.get("reason"), data.get("days")
        if reason and days and days > EXTENSION_LIMITS[ExtensionReason(reason)]:
            self.add_error("days", _("For this reason the deadline may be extended by at most %(days)s days.")
                           % {"days": EXTENSION_LIMITS[ExtensionReason(reason)]})
        return data


class ThirdPartyForm(StaffForm):
    name = forms.CharField(label=_("Third party"), max_length=250, widget=text_input(),
                           help_text=_("The person or organisation whose interests the information touches."),
                           error_messages={"required": _("Enter the name of the third party.")})
    address = forms.CharField(label=_("Address (optional)"), max_length=300, required=False, widget=text_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "third")
        super().__init__(*args, **kwargs)


class ThirdPartyStepForm(StaffForm):
    """The internal steps with a third party and its answer (one form per third party);
    a step already recorded is not asked again."""

    unit_told_on = date_field(_("The unit told the secretary on"), required=False)
    consent_asked_on = date_field(_("Consent asked on"), required=False,
                                  help_text=_("The request for consent is registered as an outgoing letter."))
    answer = forms.ChoiceField(label=_("Answer"), widget=select(), required=False,
                               choices=[("", _("no answer yet")),
                                        *[(a.value, a.label) for a in ConsentAnswer if a != ConsentAnswer.PENDING]])
    answered_on = date_field(_("Answered on"), required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=textarea(2),
                           help_text=_("When no consent is needed: the obliged body, or the overriding public "
                                       "interest."))

    def __init__(self, *args, third_party=None, **kwargs):
        if third_party is not None:
            kwargs.setdefault("prefix", f"tp{third_party.pk}")
        super().__init__(*args, **kwargs)
        self.third_party = third_party
        if third_party is not None:
            if third_party.unit_told_on:
                del self.fields["unit_told_on"]
            if third_party.consent_asked_on:
                del self.fields["consent_asked_on"]
            if third_party.answer != ConsentAnswer.PENDING:
                del self.fields["answer"]
                del self.fields["answered_on"]

    def clean(self):
        data = super().clean()
        if data.get("answered_on") and not data.get("answer") and "answer" in self.fields:
            self.add_error("answer", _("Choose the answer of the third party."))
        return data


class ForwardForm(StaffForm):
    to_body = forms.CharField(label=_("The body that holds the information"), max_length=300, widget=text_input(),
                              error_messages={"required": _("Enter the body the request is forwarded to.")})
    on = today_field(_("Forwarded on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "forward")
        super().__init__(*args, **kwargs)


class DeliverForm(StaffForm):
    method = forms.ChoiceField(label=_("How the decision was delivered"), choices=DeliveryMethod.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how the decision was delivered.")})
    on = today_field(_("Delivered on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "deliver")
        super().__init__(*args, **kwargs)


class PaymentForm(StaffForm):
    document = forms.CharField(label=_("Payment document (receipt or order No.)"), max_length=100,
                               widget=text_input("20"),
                               error_messages={"required": _("Enter the number of the payment document.")})
    on = date_field(_("Paid on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "payment")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AccessGiveForm(StaffForm):
    on = date_field(_("Access given on"), help_text=_("The handover protocol, signed by the requester and the "
                                                      "officer, is registered in the case file."))
    notes = forms.CharField(label=_("Protocol notes (optional)"), required=False, widget=textarea(2))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "access")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RequesterRefusedForm(StaffForm):
    on = today_field(_("Recorded on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "refused")
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- the decisions

class CostLineForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Tariff item"), queryset=TariffItem.objects.none(), required=False,
                                  widget=select(), empty_label=_("Choose an item"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000, required=False,
                                  widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4",
                                                                "inputmode": "numeric"}),
                                  error_messages={"invalid": _("Enter the quantity as a whole number."),
                                                  "min_value": _("The quantity is at least 1.")})

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Enter the quantity."))
        if data.get("quantity") and not data.get("item"):
            self.add_error("item", _("Choose the tariff item."))
        return data


class BaseCostLines(forms.BaseFormSet):
    def __init__(self, *args, items=None, **kwargs):
        self.items = items
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["item"].queryset = self.items if self.items is not None else TariffItem.objects.filter(
            is_active=True)
        return form

    def lines(self) -> list[tuple]:
        return [(f.cleaned_data["item"], f.cleaned_data["quantity"]) for f in self.forms
                if f.cleaned_data.get("item") and f.cleaned_data.get("quantity")]


CostLineFormSet = forms.formset_factory(CostLineForm, formset=BaseCostLines, extra=3, max_num=20,
                                        validate_max=True)


def cost_lines(data=None, *, items=None) -> BaseCostLines:
    return CostLineFormSet(data, prefix="cost", items=items)


class GrantForm(StaffForm):
    """Access granted in full or in part: extent, time limit, place, officer, forms,
    costs (the cost lines beside it), other bodies; for a partial grant also the grounds
    for the withheld part and the appeal route."""

    service_fields = {"forms": "access_forms", "grounds": "refusal_grounds"}

    partial = forms.BooleanField(label=_("Partial access: a part of the information is withheld"), required=False)
    extent = forms.CharField(label=_("Extent of access"), widget=textarea(3),
                             help_text=_("What information is given. A form other than the preferred one needs a "
                                         "reason: write it here."),
                             error_messages={"required": _("Write the extent of access.")})
    access_forms = checkboxes(AccessForm.choices, _("Forms of access"), required=True,
                       error_messages={"required": _("Choose at least one form of access.")})
    access_until = date_field(_("Access given until"))
    place = forms.CharField(label=_("Place of access"), max_length=300, widget=text_input(), required=False,
                            help_text=_("Not needed when the information is given only electronically."))
    officer = EmployeeField(label=_("Officer giving access"), widget=select(),
                            error_messages={"required": _("Choose the officer who gives access.")})
    other_bodies = forms.CharField(label=_("Other bodies that hold more information (optional)"), required=False,
                                   widget=textarea(2))
    refusal_grounds = checkboxes(RefusalGround.choices, _("Grounds for withholding a part (partial access)"))
    factual_grounds = forms.CharField(label=_("Factual grounds (partial access)"), required=False, widget=textarea(3))
    appeal_route = forms.CharField(label=_("How to appeal (partial access)"), required=False, widget=textarea(2))
    information_text = forms.CharField(label=_("Information given as text (optional)"), required=False,
                                       widget=textarea(4))
    information_url = forms.URLField(label=_("Web address of the information (optional)"), required=False,
                                     max_length=200, assume_scheme="https",
                                     widget=text_input(type="url", spellcheck="false"),
                                     error_messages={"invalid": _("Enter a web address like https://example.bg/.")})
    files = MultipleFileField(label=_("Files of the information (optional)"))
    on = today_field(_("Decided on"))

    def __init__(self, *args, kind: str = RequestKind.ACCESS, employees: Employees | None = None, **kwargs):
        kwargs.setdefault("prefix", "grant")
        kwargs.setdefault("initial", {"appeal_route": default_appeal_route()})
        super().__init__(*args, **kwargs)
        self.fields["officer"].bind(employees or Employees(), _("Choose an employee"))
        self.fields["refusal_grounds"].choices = [(g, RefusalGround(g).label) for g in RefusalGround.for_kind(kind)]

    def clean(self):
        data = super().clean()
        if data.get("partial"):
            if not data.get("refusal_grounds") and "refusal_grounds" not in self.errors:
                self.add_error("refusal_grounds", _("Choose the grounds for withholding a part of the information."))
            if not (data.get("factual_grounds") or "").strip():
                self.add_error("factual_grounds", _("Write the facts for withholding a part of the information."))
        else:
            data["refusal_grounds"] = []
        return data


class RefuseForm(StaffForm):
    service_fields = {"refusal_grounds": "grounds"}

    grounds = checkboxes(RefusalGround.choices, _("Grounds of refusal"), required=True,
                         error_messages={"required": _("Choose at least one ground of refusal.")})
    factual_grounds = forms.CharField(label=_("Factual grounds"), widget=textarea(4),
                                      error_messages={"required": _("A refusal states its factual grounds.")})
    appeal_route = forms.CharField(label=_("How to appeal"), widget=textarea(2),
                                   error_messages={"required": _("A refusal states how to appeal.")})
    on = today_field(_("Decided on"))

    def __init__(self, *args, kind: str = RequestKind.ACCESS, **kwargs):
        kwargs.setdefault("prefix", "refuse")
        kwargs.setdefault("initial", {"appeal_route": default_appeal_route()})
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = [(g, RefusalGround(g).label) for g in RefusalGround.for_kind(kind)]


class NotHeldForm(StaffForm):
    note = forms.CharField(label=_("Letter to the requester"), widget=textarea(3),
                           help_text=_("The municipality does not hold the information, and the body that holds it "
                                       "is not known."),
                           error_messages={"required": _("Write what the requester is told.")})
    on = today_field(_("Decided on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "notheld")
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- the tariff

class TariffItemForm(GovFormMixin, forms.ModelForm):
    class Meta:
        model = TariffItem
        fields = ["code", "name", "unit", "price", "currency", "ordering", "is_active"]
        widgets = {
            "code": text_input("10", spellcheck="false"),
            "name": text_input(),
            "unit": text_input("20"),
            "price": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}),
            "currency": text_input("3"),
            "ordering": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}),
        }
        error_messages = {
            "price": {"required": _("Enter the price."), "invalid": _("Enter the price as a number like 0.06.")},
            "code": {"required": _("Enter a short code."), "unique": _("Another tariff item has this code.")},
            "name": {"required": _("Enter the name of the item.")},
            "unit": {"required": _("Enter the unit, like \"page A4\".")},
        }

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("The price cannot be negative."))
        return price
