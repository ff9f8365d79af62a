"""Forms of the registry desk: registration, search of the register, corrections, the
case-file actions and the log of offensive anonymous documents.

Forms only parse what the clerk typed and find the documents a reference points to;
the rules themselves (DOMAIN.md section 2) live in `services.py`, whose
`ValidationFailed.fields` come back to the form through `add_service_errors`.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kancelaria.accounts.models import Unit
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.forms import GovBoundField, date_input, select, text_input, textarea

from .models import (
    CaseFile,
    CaseStatus,
    Channel,
    CorrespondentKind,
    DocumentType,
    Entry,
    Index,
    Kind,
)
from .selectors import case_by_reference as case_resolve
from .selectors import cases_visible, entries_visible
from .selectors import entry_by_reference as entry_resolve
from .services import CORRECTABLE, Correspondent, Registration

# --------------------------------------------------------------------------- helpers

class GovFormMixin:
    """GOV.UK error summary support and the mapping of service errors onto fields."""

    bound_field_class = GovBoundField
    # service error key -> form field
    service_fields: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationFailed) -> None:
        placed = False
        for key, messages in (exc.fields or {}).items():
            name = self.service_fields.get(key, key)
            if name not in self.fields:
                name = None
            for message in messages:
                self.add_error(name, str(message))
                placed = True
        if not placed:
            self.add_error(None, str(exc.message))

    def error_summary(self) -> list[dict]:
        """[{anchor, message}] in the order the fields appear on the page."""
        items = [{"anchor": "", "message": m} for m in self.non_field_errors()]
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"
            for message in self.errors[name]:
                items.append({"anchor": anchor, "message": message})
        return items


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def identifier_split(value: str, kind: str = "") -> tuple[str, str]:
    """One box for "EGN or EIK/BULSTAT": 10 digits is an EGN, 9 or 13 digits an EIK;
    anything else goes where the correspondent kind says, so the checks name it."""
    value = re.sub(r"[\s-]", "", value or "")
    if not value:
        return "", ""
    if value.isdigit() and len(value) == 10:
        return value, ""
    if value.isdigit() and len(value) in (9, 13):
        return "", value
    return ("", value) if kind == CorrespondentKind.ORGANISATION else (value, "")


def case_reference(user, case: CaseFile) -> str:
    """What to put in "joins case file" so that it resolves to exactly this case."""
    if case_resolve(user, case.number, case.index) == case:
        return case.number
    first = case.entries.order_by("ordinal").first()
    return first.number if first else case.number


# --------------------------------------------------------------------------- registration

SERVICE_FIELDS_REGISTRATION = {
    "correspondent.egn": "identifier",
    "correspondent.eik": "identifier",
    "correspondent.name": "correspondent_name",
    "correspondent.kind": "correspondent_kind",
    "case": "case_ref",
    "answers": "answers_ref",
    "related": "related_ref",
    "attachments": "files",
}

DETAIL_FIELDS = (
    "case_ref", "answers_ref", "related_ref", "relation", "your_reference",
    "attachments_description", "correspondent_kind", "is_anonymous", "is_incomplete",
    "incomplete_warning", "notes",
)


class RegistrationForm(GovFormMixin, forms.Form):
    """The desk form. The common path is subject, type, index and the correspondent;
    everything else keeps a sensible default or sits in the "more" block."""

    service_fields = SERVICE_FIELDS_REGISTRATION

    subject = forms.CharField(
        label=_("Subject"), required=False, max_length=500,
        help_text=_("What the document is about, in a few words."),
        widget=text_input(autocomplete="off"),
    )
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices,
                                 initial=DocumentType.APPLICATION, widget=select())
    index = forms.ModelChoiceField(
        label=_("Index"), queryset=Index.objects.filter(is_active=True), required=False,
        empty_label=_("Choose an index"), widget=select(),
    )
    correspondent_name = forms.CharField(label=pgettext_lazy("correspondent", "Name"), required=False, max_length=250,
                                         widget=text_input(autocomplete="off"))
    identifier = forms.CharField(
        label=_("EGN or EIK/BULSTAT"), required=False, max_length=20,
        widget=text_input("10", inputmode="numeric", autocomplete="off", spellcheck="false"),
    )
    correspondent_address = forms.CharField(label=_("Address"), required=False, max_length=300,
                                            widget=text_input(autocomplete="off"))
    correspondent_email = forms.EmailField(
        label=_("E-mail"), required=False, max_length=254,
        error_messages={"invalid": _("Enter an e-mail address like name@example.bg.")},
        widget=forms.EmailInput(attrs={"class": "govuk-input", "autocomplete": "off", "spellcheck": "false"}),
    )
    correspondent_phone = forms.CharField(label=_("Phone"), required=False, max_length=40,
                                          widget=text_input(type="tel", autocomplete="off"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.INCOMING,
                             widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.DESK,
                                widget=select())
    pages = forms.IntegerField(
        label=_("Number of pages"), min_value=0, max_value=100000, initial=1,
        error_messages={"required": _("Enter the number of pages."),
                        "invalid": _("Enter the number of pages as a whole number."),
                        "min_value": _("The number of pages cannot be negative.")},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=date_input(),
        error_messages={"invalid": _("Enter the deadline as a real date.")},
    )
    files = MultipleFileField(label=_("Scans and files"))
    # The "more" block.
    case_ref = forms.CharField(
        label=_("Joins case file"), required=False, max_length=100,
        help_text=_("A case number like 94-00-12 (or only 12 within the chosen index) or a register number."),
        widget=text_input("20", autocomplete="off", spellcheck="false"),
    )
    answers_ref = forms.CharField(
        label=_("Answers document No."), required=False, max_length=100,
        help_text=_("For an outgoing answer: the register number of the document it answers."),
        widget=text_input("20", autocomplete="off", spellcheck="false"),
    )
    related_ref = forms.CharField(
        label=_("Amends or cancels order No."), required=False, max_length=100,
        widget=text_input("20", autocomplete="off", spellcheck="false"),
    )
    relation = forms.ChoiceField(label=_("Relation"), required=False,
                                 choices=[("", "—")] + list(Entry.Relation.choices), widget=select())
    your_reference = forms.CharField(label=_("Your No."), required=False, max_length=80,
                                     help_text=_("The sender's own number and date, if the document has one."),
                                     widget=text_input("20", autocomplete="off"))
    attachments_description = forms.CharField(label=_("Paper attachments"), required=False, max_length=500,
                                              widget=text_input(autocomplete="off"))
    correspondent_kind = forms.ChoiceField(
        label=_("The correspondent is"), required=False,
        choices=[("", _("worked out from the EGN or EIK"))] + list(CorrespondentKind.choices),
        widget=forms.RadioSelect,
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous (no name, signature, address or e-mail)"), required=False,
        help_text=_("Registered with no proceedings opened."),
    )
    is_incomplete = forms.BooleanField(label=_("Incomplete: the person was warned"), required=False)
    incomplete_warning = forms.CharField(
        label=_("Warning given"), required=False, help_text=_("What is missing, as told to the person."),
        widget=textarea(2),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # The clerk starts typing the subject at once; after an error the error
            # summary takes the focus instead.
            self.fields["subject"].widget.attrs["autofocus"] = True
        self.user = user
        self.case = None
        self.answers = None
        self.related = None

    @property
    def details_open(self) -> bool:
        """The "more" block opens when something in it is filled in or wrong."""
        for name in DETAIL_FIELDS:
            if name in self.errors:
                return True
            value = self[name].value()
            if value not in (None, "", False, []):
                return True
        return False

    def clean(self):
        data = super().clean()
        index = data.get("index")
        if data.get("case_ref"):
            self.case = case_resolve(self.user, data["case_ref"], index)
            if self.case is None:
                self.add_error("case_ref", _("No case file has this number. Check the number and the index."))
        if data.get("answers_ref"):
            self.answers = entry_resolve(self.user, data["answers_ref"], index, kind=Kind.INCOMING)
            if self.answers is None:
                self.add_error("answers_ref", _("No document has this register number."))
        if data.get("related_ref"):
            self.related = entry_resolve(self.user, data["related_ref"], index)
            if self.related is None:
                self.add_error("related_ref", _("No document has this register number."))
        return data

    def registration(self) -> Registration:
        d = self.cleaned_data
        egn, eik = identifier_split(d.get("identifier", ""), d.get("correspondent_kind", ""))
        kind = d.get("correspondent_kind") or ""
        if not kind and eik and not egn:
            kind = CorrespondentKind.ORGANISATION
        case = self.case
        if case is None and self.answers is not None:
            case = self.answers.case
        index = case.index if case is not None else d.get("index")
        return Registration(
            kind=d["kind"], subject=d.get("subject", ""), channel=d["channel"], index=index,
            doc_type=d["doc_type"],
            correspondent=Correspondent(
                name=d.get("correspondent_name", "").strip(), kind=kind, egn=egn, eik=eik,
                address=d.get("correspondent_address", "").strip(),
                email=d.get("correspondent_email", "").strip(),
                phone=d.get("correspondent_phone", "").strip(),
            ),
            pages=d["pages"], attachments_description=d.get("attachments_description", "").strip(),
            deadline=d.get("deadline"), notes=d.get("notes", "").strip(),
            your_reference=d.get("your_reference", "").strip(),
            is_anonymous=d.get("is_anonymous", False), is_incomplete=d.get("is_incomplete", False),
            incomplete_warning=d.get("incomplete_warning", "").strip(),
            case=case, answers=self.answers, related=self.related, relation=d.get("relation", ""),
            files=d.get("files") or [],
        )


def desk_initial(user, params, remembered_index: int | None) -> dict:
    """What the desk form starts with: the clerk's last index, and what the case page
    asked for (`?case=<id>` to add a document, `?answers=<entry id>` for the answer)."""
    initial: dict = {}
    active = list(Index.objects.filter(is_active=True).values_list("pk", flat=True)[:2])
    if remembered_index and Index.objects.filter(pk=remembered_index, is_active=True).exists():
        initial["index"] = remembered_index
    elif len(active) == 1:
        initial["index"] = active[0]
    case_id = _int(params.get("case"))
    answers_id = _int(params.get("answers"))
    if answers_id:
        answered = entries_visible(user).filter(pk=answers_id).first()
        if answered is not None:
            initial.update(
                kind=Kind.OUTGOING, doc_type=DocumentType.ANSWER, index=answered.case.index_id,
                answers_ref=answered.number, channel=answered.channel if answered.channel in (
                    Channel.EMAIL, Channel.POST, Channel.E_DELIVERY, Channel.DESK) else Channel.POST,
                correspondent_name=answered.correspondent_name, correspondent_kind=answered.correspondent_kind,
                correspondent_address=answered.correspondent_address,
                correspondent_email=answered.correspondent_email,
                correspondent_phone=answered.correspondent_phone,
                identifier=answered.correspondent_eik or answered.correspondent_egn,
                your_reference=answered.your_reference,
            )
    elif case_id:
        case = cases_visible(user).filter(pk=case_id).first()
        if case is not None:
            initial.update(case_ref=case_reference(user, case), index=case.index_id)
    if params.get("kind") in Kind.values:
        initial["kind"] = params["kind"]
    return initial


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- search

SORTS = {"date": ("registered_at", "id"), "-date": ("-registered_at", "-id")}


class EntrySearchForm(GovFormMixin, forms.Form):
    q = forms.CharField(label=_("Search the register"), required=False, max_length=200,
                        help_text=_("Words from the subject, the correspondent's name or the number."),
                        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search",
                                                      "autocomplete": "off", "spellcheck": "false"}))
    index = forms.ChoiceField(label=_("Index"), required=False, widget=select())
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All"))] + list(Kind.choices), widget=select())
    doc_type = forms.ChoiceField(label=_("Document type"), required=False,
                                 choices=[("", _("All"))] + list(DocumentType.choices), widget=select())
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("All"))] + list(Channel.choices), widget=select())
    status = forms.ChoiceField(label=_("Case status"), required=False,
                               choices=[("", _("All"))] + list(CaseStatus.choices), widget=select())
    date_from = forms.DateField(label=_("Registered from"), required=False, widget=date_input(),
                                error_messages={"invalid": _("Enter a real date.")})
    date_to = forms.DateField(label=_("Registered to"), required=False, widget=date_input(),
                              error_messages={"invalid": _("Enter a real date.")})
    sort = forms.ChoiceField(required=False, choices=[("-date", "-date"), ("date", "date")],
                             widget=forms.HiddenInput)

    FILTERS = ("index", "kind", "doc_type", "channel", "status", "date_from", "date_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Index.objects.order_by("code").values_list("code", "name")
        self.fields["index"].choices = [("", _("All"))] + [(code, f"{code} {name}") for code, name in codes]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    @property
    def filters_used(self) -> bool:
        return any(self.data.get(name) for name in self.FILTERS)

    def search_kwargs(self) -> dict:
        """The filters that are valid; a wrong one shows its error and is left out."""
        self.is_valid()
        d = self.cleaned_data
        return {
            "text": d.get("q", ""), "index": d.get("index", ""), "kind": d.get("kind", ""),
            "status": d.get("status", ""), "date_from": d.get("date_from"), "date_to": d.get("date_to"),
            "doc_type": d.get("doc_type", ""), "channel": d.get("channel", ""),
        }

    def ordering(self) -> tuple[str, ...]:
        self.is_valid()
        sort = self.cleaned_data.get("sort", "")
        return SORTS.get(sort or "-date", SORTS["-date"])

    @property
    def sort_order(self) -> str:
        value = self.data.get("sort", "-date")
        return value if value in SORTS else "-date"


# --------------------------------------------------------------------------- corrections

class EntryCorrectForm(GovFormMixin, forms.Form):
    """Corrects what the clerk may correct; number, index, date and kind never change."""

    service_fields = {**SERVICE_FIELDS_REGISTRATION, "correspondent_egn": "identifier",
                      "correspondent_eik": "identifier", "correspondent_name": "correspondent_name"}

    reason = forms.CharField(label=_("Reason for the correction"), required=False, max_length=500,
                             help_text=_("Recorded in the register with your name and the time."),
                             widget=text_input(autocomplete="off"))
    subject = RegistrationForm.base_fields["subject"]
    doc_type = RegistrationForm.base_fields["doc_type"]
    correspondent_kind = forms.ChoiceField(label=_("The correspondent is"), required=False,
                                           choices=[("", _("not given"))] + list(CorrespondentKind.choices),
                                           widget=forms.RadioSelect)
    correspondent_name = RegistrationForm.base_fields["correspondent_name"]
    identifier = RegistrationForm.base_fields["identifier"]
    correspondent_address = RegistrationForm.base_fields["correspondent_address"]
    correspondent_email = RegistrationForm.base_fields["correspondent_email"]
    correspondent_phone = RegistrationForm.base_fields["correspondent_phone"]
    pages = RegistrationForm.base_fields["pages"]
    attachments_description = RegistrationForm.base_fields["attachments_description"]
    deadline = RegistrationForm.base_fields["deadline"]
    your_reference = RegistrationForm.base_fields["your_reference"]
    is_incomplete = RegistrationForm.base_fields["is_incomplete"]
    incomplete_warning = RegistrationForm.base_fields["incomplete_warning"]
    notes = RegistrationForm.base_fields["notes"]
    files = MultipleFileField(label=_("Add scans"))

    def __init__(self, *args, entry: Entry, **kwargs):
        self.entry = entry
        initial = {name: getattr(entry, name) for name in CORRECTABLE}
        initial["identifier"] = entry.correspondent_egn or entry.correspondent_eik
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def changes(self) -> dict:
        d = self.cleaned_data
        egn, eik = identifier_split(d.get("identifier", ""), d.get("correspondent_kind", ""))
        wanted = {name: d.get(name) for name in CORRECTABLE if name in d}
        wanted["correspondent_egn"], wanted["correspondent_eik"] = egn, eik
        for name, value in list(wanted.items()):
            if isinstance(value, str):
                wanted[name] = value.strip()
        return {name: value for name, value in wanted.items()
                if name in CORRECTABLE and value != getattr(self.entry, name)}

    def clean(self):
        data = super().clean()
        if not self.errors and not self.changes() and not data.get("files"):
            self.add_error(None, _("Nothing was changed: change a field or add a scan."))
        return data


# --------------------------------------------------------------------------- case actions

class CaseSendForm(GovFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True),
                                  empty_label=_("Choose a unit"), widget=select(),
                                  error_messages={"required": _("Choose the unit that takes the case file.")})
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=text_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "send")
        super().__init__(*args, **kwargs)
        self.fields["unit"].label_from_instance = lambda unit: ("– " * unit.depth) + unit.name


class CaseForwardForm(GovFormMixin, forms.Form):
    service_fields = {"body": "body_name", "correspondent.name": "body_name",
                      "correspondent.eik": "body_eik", "correspondent.egn": "body_eik"}

    body_name = forms.CharField(label=_("Competent body"), required=False, max_length=250,
                                widget=text_input(autocomplete="off"))
    body_eik = forms.CharField(label=_("Its EIK/BULSTAT"), required=False, max_length=13,
                               widget=text_input("10", inputmode="numeric", autocomplete="off"))
    body_address = forms.CharField(label=_("Address"), required=False, max_length=300,
                                   widget=text_input(autocomplete="off"))
    body_email = forms.EmailField(label=_("E-mail"), required=False,
                                  error_messages={"invalid": _("Enter an e-mail address like name@example.bg.")},
                                  widget=forms.EmailInput(attrs={"class": "govuk-input", "autocomplete": "off"}))
    channel = forms.ChoiceField(label=_("Sent by"), choices=Channel.choices, initial=Channel.E_DELIVERY,
                                widget=select())
    note = forms.CharField(label=_("Note"), required=False, widget=textarea(2))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "forward")
        super().__init__(*args, **kwargs)

    def body(self) -> Correspondent:
        d = self.cleaned_data
        return Correspondent(name=d["body_name"].strip(), kind=CorrespondentKind.ORGANISATION,
                             eik=re.sub(r"\s", "", d["body_eik"]), address=d["body_address"].strip(),
                             email=d["body_email"].strip())


class CaseWithdrawForm(GovFormMixin, forms.Form):
    service_fields = {"attachments": "files"}

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.DESK, widget=select())
    pages = forms.IntegerField(
        label=_("Number of pages"), min_value=0, initial=1,
        error_messages={"required": _("Enter the number of pages."),
                        "invalid": _("Enter the number of pages as a whole number.")},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))
    files = MultipleFileField(label=_("Scan of the withdrawal"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "withdraw")
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- offensive log

class OffensiveLogForm(GovFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("How it arrived"), choices=Channel.choices, initial=Channel.POST,
                                widget=select())
    description = forms.CharField(
        label=_("Description"), required=False,
        help_text=_("What it is and where the original is kept; do not repeat the insults."),
        widget=textarea(3),
    )
