"""Forms of proposals, signals and complaints: intake on the portal and at the desk, and
the steps of a procedure (file received, extension, decision, notice, execution).

Forms only parse what was typed; the rules (DOMAIN.md section 4) live in `services.py`,
whose `ValidationFailed.fields` come back through `add_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kancelaria.control.forms import EmployeeField, Employees
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
from kancelaria.registry.numbering import number_normalize
from kancelaria.registry.services import Correspondent, Registration

from .models import COMPLAINT_ITEMS, IntakeChannel, NotifyHow, Procedure, ProcedureKind, RepeatKind
from .selectors import procedures_visible

DATE_INVALID = _("Enter a real date.")

SERVICE_FIELDS_INTAKE = {
    "correspondent.name": "name",
    "correspondent.egn": "identifier",
    "correspondent.eik": "identifier",
    "correspondent.email": "email",
    "correspondent.kind": "name",
    "is_anonymous": "is_anonymous",
    "attachments": "files",
    "notes": "notes",
}


def _date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), help_text=help_text,
                           error_messages={"invalid": DATE_INVALID, "required": _("Enter a date.")})


# --------------------------------------------------------------------------- the portal

class PortalForm(GovFormMixin, forms.Form):
    """A proposal or a signal from the public portal, no login. Anonymous is allowed:
    it is registered, but no proceedings are opened on it (DOMAIN.md 4)."""

    service_fields = SERVICE_FIELDS_INTAKE

    kind = forms.ChoiceField(
        label=_("What do you send?"), widget=forms.RadioSelect,
        choices=[(ProcedureKind.PROPOSAL, _("a proposal: an idea to improve the municipality's work")),
                 (ProcedureKind.SIGNAL, _("a signal: a violation, abuse or problem you noticed"))],
        error_messages={"required": _("Choose a proposal or a signal.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=500, widget=text_input(),
                              help_text=_("In one line, what it is about."),
                              error_messages={"required": _("Enter what it is about.")})
    text = forms.CharField(label=_("Your proposal or signal"), max_length=20000, widget=textarea(8),
                           error_messages={"required": _("Write your proposal or signal.")})
    violation_date = _date_field(_("When did the violation happen? (optional)"), required=False,
                                 help_text=_("For a signal. The municipality opens no proceedings on "
                                             "violations committed more than two years ago."))
    files = MultipleFileField(label=_("Attach files (optional)"))
    is_anonymous = forms.BooleanField(
        label=_("Send it anonymously"), required=False,
        help_text=_("An anonymous proposal or signal is registered, but no proceedings are opened on it "
                    "and you will receive no answer."),
    )
    name = forms.CharField(label=_("Your names"), max_length=250, required=False,
                           widget=text_input(autocomplete="name"),
                           help_text=_("First, middle and last name, or the name of the organisation."))
    address = forms.CharField(label=_("Address for correspondence"), max_length=300, required=False,
                              widget=text_input(autocomplete="street-address"))
    email = forms.EmailField(label=_("E-mail"), required=False, widget=text_input(autocomplete="email",
                                                                                    spellcheck="false"),
                             error_messages={"invalid": _("Enter an e-mail address like name@example.bg.")})
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False,
                            widget=text_input("20", autocomplete="tel"))

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous"):
            for name in ("name", "address", "email", "phone"):
                data[name] = ""
        else:
            if not data.get("name"):
                self.add_error("name", _("Enter your names, or choose to send it anonymously."))
            if not data.get("address") and not data.get("email") and "email" not in self.errors:
                self.add_error("address", _("Enter an address or an e-mail for the answer."))
        if data.get("violation_date") and data.get("kind") == ProcedureKind.PROPOSAL:
            self.add_error("violation_date", _("A date of the violation belongs to a signal."))
        return data

    def registration(self) -> Registration:
        d = self.cleaned_data
        return Registration(
            kind="incoming", subject=d["subject"], channel=Channel.PORTAL, is_anonymous=bool(d.get("is_anonymous")),
            correspondent=Correspondent(name=d.get("name", ""), address=d.get("address", ""),
                                        email=d.get("email", ""), phone=d.get("phone", ""),
                                        kind=CorrespondentKind.PERSON if d.get("name") else ""),
            files=d.get("files") or [],
        )


# --------------------------------------------------------------------------- the desk

def procedure_by_reference(user, text: str) -> Procedure | None:
    """The procedure meant by its register number (`70-00-12/01.09.2025`) or its case
    file number (`70-00-12`), among those the user may see."""
    value = number_normalize(text)
    if not value:
        return None
    qs = procedures_visible(user).filter(Q(entry__number__iexact=value) | Q(case__number__iexact=value))
    return qs.order_by("-received_on").first()


class DeskIntakeForm(GovFormMixin, forms.Form):
    """The desk registers a proposal, signal, complaint or corruption signal received in
    person, by e-mail, by post or on the hotline (an oral protocol)."""

    service_fields = SERVICE_FIELDS_INTAKE

    kind = forms.ChoiceField(label=_("Kind"), choices=ProcedureKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the kind.")})
    channel = forms.ChoiceField(
        label=_("Received through"), widget=forms.RadioSelect, initial=IntakeChannel.DESK,
        choices=[(c.value, c.label) for c in IntakeChannel if c != IntakeChannel.PORTAL],
        error_messages={"required": _("Choose how it was received.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=500, widget=text_input(),
                              error_messages={"required": _("Enter what it is about.")})
    text = forms.CharField(label=_("Summary of the content (optional)"), required=False, widget=textarea(4))
    notes = forms.CharField(label=_("Notes; for the hotline, the protocol of the call"), required=False,
                            widget=textarea(4),
                            help_text=_("An oral proposal, signal or complaint is written down in a protocol."))
    is_anonymous = forms.BooleanField(label=_("Anonymous: no names and address of the sender"), required=False)
    name = forms.CharField(label=_("Sender"), max_length=250, required=False, widget=text_input())
    identifier = forms.CharField(label=_("EGN or EIK/BULSTAT (optional)"), max_length=20, required=False,
                                 widget=text_input("10", spellcheck="false"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False, widget=text_input())
    email = forms.EmailField(label=_("E-mail"), required=False, widget=text_input(spellcheck="false"),
                             error_messages={"invalid": _("Enter an e-mail address like name@example.bg.")})
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, widget=text_input("20"))
    pages = forms.IntegerField(label=_("Pages"), min_value=0, initial=1, widget=forms.NumberInput(
        attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the number of pages."), "invalid": _("Enter a whole number.")})
    violation_date = _date_field(_("Date of the violation (signals)"), required=False)
    repeat_ref = forms.CharField(label=_("Repeats the earlier proposal or signal No. (optional)"), required=False,
                                 max_length=100, widget=text_input("20", spellcheck="false"))
    repeat_kind = forms.ChoiceField(label=_("The repeat"), required=False, widget=select(),
                                    choices=[("", _("a plain repeat")),
                                             *[(k.value, k.label) for k in RepeatKind if k != RepeatKind.PLAIN]])
    complaint_general = forms.BooleanField(label=_("A general complaint (not against an act)"), required=False)
    files = MultipleFileField(label=_("Scans of the document"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for key, label in COMPLAINT_ITEMS:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        self.repeat_of: Procedure | None = None

    @property
    def check_fields(self):
        return [self[f"check_{key}"] for key, _label in COMPLAINT_ITEMS]

    def clean_repeat_ref(self):
        value = self.cleaned_data.get("repeat_ref", "").strip()
        if value:
            self.repeat_of = procedure_by_reference(self.user, value)
            if self.repeat_of is None:
                raise forms.ValidationError(_("No proposal or signal has this number."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous"):
            for name in ("name", "identifier", "address", "email", "phone"):
                data[name] = ""
        return data

    def complaint_checks(self) -> dict | None:
        if self.cleaned_data.get("kind") != ProcedureKind.COMPLAINT:
            return None
        # A ticked box: present. An unticked one: worked out from the sender's data
        # where it can be (names and address, contacts, entity data), else missing.
        checks = {}
        for key, _label in COMPLAINT_ITEMS:
            if self.cleaned_data.get(f"check_{key}"):
                checks[key] = True
            elif key not in ("names_address", "contacts", "entity_data"):
                checks[key] = None
        return checks

    def registration(self) -> Registration:
        d = self.cleaned_data
        egn, eik = identifier_split(d.get("identifier", ""))
        kind = CorrespondentKind.ORGANISATION if eik else (CorrespondentKind.PERSON if d.get("name") else "")
        return Registration(
            kind="incoming", subject=d["subject"], channel="", pages=d.get("pages") or 0, notes=d.get("notes", ""),
            is_anonymous=bool(d.get("is_anonymous")), files=d.get("files") or [],
            correspondent=Correspondent(name=d.get("name", ""), egn=egn, eik=eik, kind=kind,
                                        address=d.get("address", ""), email=d.get("email", ""),
                                        phone=d.get("phone", "")),
        )


# --------------------------------------------------------------------------- the steps

class FileReceivedForm(GovFormMixin, forms.Form):
    on = _date_field(_("The responsible officer received the file on"))
    responsible = EmployeeField(label=_("Responsible officer"), required=False, widget=select())

    def __init__(self, *args, employees: Employees | None = None, **kwargs):
        kwargs.setdefault("prefix", "file")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["responsible"].bind(employees or Employees(), _("Choose an employee"))


class ExtendForm(GovFormMixin, forms.Form):
    new_due = _date_field(_("New decision deadline"))
    reason = forms.CharField(label=_("Reason"), widget=textarea(3),
                             error_messages={"required": _("Say why the deadline is extended.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)


class DecideForm(GovFormMixin, forms.Form):
    decision_text = forms.CharField(label=_("Decision"), widget=textarea(4),
                                    error_messages={"required": _("Write the decision.")})
    reasons = forms.CharField(label=_("Reasons"), widget=textarea(4),
                              error_messages={"required": _("A decision is reasoned: write its reasons.")})
    decided_on = _date_field(_("Decided on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "decide")
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class NotifyForm(GovFormMixin, forms.Form):
    on = _date_field(_("The decision reached the sender on"))
    how = forms.ChoiceField(label=_("How"), choices=NotifyHow.choices, widget=forms.RadioSelect,
                            error_messages={"required": _("Choose how the decision reached the sender.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "notify")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class OrderForm(GovFormMixin, forms.Form):
    how = forms.CharField(label=_("How the decision is executed"), widget=textarea(3),
                          error_messages={"required": _("Say how the decision is to be executed.")})
    due = _date_field(_("By when"))
    executor = EmployeeField(label=_("By whom"), widget=select(),
                             error_messages={"required": _("Name the employee responsible for the execution.")})

    def __init__(self, *args, employees: Employees | None = None, **kwargs):
        kwargs.setdefault("prefix", "order")
        super().__init__(*args, **kwargs)
        self.fields["executor"].bind(employees or Employees(), _("Choose an employee"))


class ExecutedForm(GovFormMixin, forms.Form):
    on = _date_field(_("Executed on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "executed")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=select(),
                             choices=[("", _("all")), (ProcedureKind.PROPOSAL, ProcedureKind.PROPOSAL.label),
                                      (ProcedureKind.SIGNAL, ProcedureKind.SIGNAL.label)])
