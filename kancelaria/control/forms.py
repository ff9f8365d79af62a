"""Forms of the work pages: resolutions, notes and drafts, completion, extensions,
dispatch of answers, absences and routing rules (DOMAIN.md section 3).

Forms only parse what was typed and turn choices into employees; the rules live in
`services.py`, whose `ValidationFailed.fields` come back through `add_service_errors`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kancelaria.accounts.models import Role, User
from kancelaria.registry.forms import GovFormMixin, date_input, select, text_input, textarea
from kancelaria.registry.models import DocumentType, Index

from .models import Dispatch, Resolution, RoutingRule

DATE_INVALID = _("Enter a real date.")


def file_input() -> forms.FileInput:
    return forms.FileInput(attrs={"class": "govuk-file-upload"})


# --------------------------------------------------------------------------- employees

def active_employees():
    """Active employees with a unit, in the order of the organisation chart."""
    return (User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")
            .order_by("unit__path", "last_name", "first_name", "username"))


class Employees:
    """One list of employees read once and offered to several fields, grouped by unit
    (`<optgroup>` per unit)."""

    def __init__(self, queryset=None):
        self.users = list(queryset if queryset is not None else active_employees())
        self.by_pk = {str(u.pk): u for u in self.users}

    def grouped(self) -> list:
        groups: dict = {}
        for person in self.users:
            groups.setdefault(person.unit, []).append((str(person.pk), str(person)))
        return [(str(unit) if unit else "—", members) for unit, members in groups.items()]

    def choices(self, empty_label) -> list:
        return [("", empty_label), *self.grouped()]

    def get(self, value) -> User | None:
        return self.by_pk.get(str(value)) if value not in (None, "") else None


class EmployeeField(forms.ChoiceField):
    """A choice of one employee; cleans to the User (or None when left empty)."""

    employees: Employees | None = None

    def bind(self, employees: Employees, empty_label) -> None:
        self.employees = employees
        self.choices = employees.choices(empty_label)

    def clean(self, value):
        value = super().clean(value)
        return self.employees.get(value) if self.employees else None


class EmployeesField(forms.MultipleChoiceField):
    """A choice of several employees; cleans to a list of Users."""

    employees: Employees | None = None

    def bind(self, employees: Employees) -> None:
        self.employees = employees
        self.choices = employees.grouped()

    def clean(self, value):
        value = super().clean(value)
        return [self.employees.get(v) for v in value] if self.employees else []


# --------------------------------------------------------------------------- resolutions

class ResolutionForm(GovFormMixin, forms.Form):
    """A resolution: what is to be done, by whom (the lead first) and by when."""

    service_fields = {"executors": "lead"}

    kind = forms.ChoiceField(label=_("Resolution"), choices=Resolution.Kind.choices, initial=Resolution.Kind.EXECUTE,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what is to be done with the document.")})
    task = forms.CharField(label=_("Task"), required=False, widget=textarea(3),
                           help_text=_("What is to be done, in a sentence or two."))
    lead = EmployeeField(label=_("Executor (leads the work)"), required=False, widget=select(),
                         help_text=_("The lead executor prepares the answer; the others send him their opinion."))
    others = EmployeesField(
        label=_("Other executors (optional)"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They give their opinion to the lead executor one working day before the deadline."),
    )
    deadline = forms.DateField(
        label=_("Deadline (optional)"), required=False, widget=date_input(),
        help_text=_("Leave it empty for the statutory deadline, or 7 days when the law sets none."),
        error_messages={"invalid": DATE_INVALID},
    )
    urgent = forms.BooleanField(label=_("Urgent: to be handled today"), required=False)

    def __init__(self, *args, employees: Employees | None = None, cascade: bool = False,
                 statutory_limit=None, default_due=None, default_basis: str = "", own_deadline=None, **kwargs):
        kwargs.setdefault("prefix", "resolution")
        super().__init__(*args, **kwargs)
        employees = employees or Employees()
        self.fields["lead"].bind(employees, _("Choose an executor"))
        self.fields["others"].bind(employees)
        self.cascade = cascade
        if cascade:
            # Passing the work further down: the document is executed, not filed.
            self.fields["kind"].choices = [(Resolution.Kind.EXECUTE, Resolution.Kind.EXECUTE.label)]
        hint = [str(self.fields["deadline"].help_text)]
        if default_due:
            hint.append(_("Empty now means %(date)s (%(basis)s).") % {
                "date": default_due.strftime("%d.%m.%Y"), "basis": default_basis})
        if statutory_limit:
            hint.append(_("The law allows no later than %(date)s.") % {"date": statutory_limit.strftime("%d.%m.%Y")})
        if own_deadline:
            hint.append(_("Your own deadline is %(date)s.") % {"date": own_deadline.strftime("%d.%m.%Y")})
        self.fields["deadline"].help_text = " ".join(hint)

    def others_groups(self) -> list:
        """[(unit, [(value, label, checked)])] for the co-executors' checkboxes by unit."""
        chosen = {str(v) for v in (self["others"].value() or [])}
        return [(unit, [(value, label, value in chosen) for value, label in members])
                for unit, members in self.fields["others"].employees.grouped()]

    def executors(self) -> list[User]:
        lead = self.cleaned_data.get("lead")
        others = [u for u in self.cleaned_data.get("others") or [] if u != lead]
        return ([lead] if lead else []) + others

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "task": d.get("task") or "", "executors": self.executors(),
                "lead": d.get("lead"), "deadline": d.get("deadline"), "urgent": bool(d.get("urgent"))}


# --------------------------------------------------------------------------- execution

class NoteForm(GovFormMixin, forms.Form):
    service_fields = {"attachments": "file"}

    text = forms.CharField(label=_("Note"), required=False, widget=textarea(3),
                           help_text=_("What was done, or your opinion to the lead executor."))
    file = forms.FileField(label=_("Draft (optional)"), required=False, widget=file_input(),
                           help_text=_("PDF, DOCX, ODT, text or a scan."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)


class CompleteForm(GovFormMixin, forms.Form):
    note = forms.CharField(label=_("Closing note (optional)"), required=False, widget=textarea(2))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "complete")
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- extensions

class ExtensionForm(GovFormMixin, forms.Form):
    service_fields = {"attachments": "memo", "resolution": None}

    new_deadline = forms.DateField(label=_("New deadline"), widget=date_input(),
                                   error_messages={"required": _("Enter the new deadline."), "invalid": DATE_INVALID})
    reason = forms.CharField(label=_("Reason"), required=False, widget=textarea(3),
                             help_text=_("The objective obstacle that prevents the work in time."))
    memo = forms.FileField(label=_("The executor's memo"), required=False, widget=file_input(),
                           help_text=_("A direct manager extends a deadline only on the executor's written memo."))
    assignment = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, with_memo: bool = True, statutory_limit=None, **kwargs):
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)
        if not with_memo:
            del self.fields["memo"]
        if statutory_limit:
            self.fields["new_deadline"].help_text = _("The law allows no later than %(date)s.") % {
                "date": statutory_limit.strftime("%d.%m.%Y")}


# --------------------------------------------------------------------------- dispatch

class DispatchForm(GovFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("How did the answer leave the office?"), choices=Dispatch.Method.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how the document left the office.")})
    on = forms.DateField(label=_("Date"), widget=date_input(),
                         error_messages={"required": _("Enter the date."), "invalid": DATE_INVALID})
    recipient_name = forms.CharField(label=_("Name of the person who received it"), required=False,
                                     max_length=250, widget=text_input(autocomplete="off"),
                                     help_text=_("Only for a handover: as on the signed receipt."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "dispatch")
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- absences

class AbsenceForm(GovFormMixin, forms.Form):
    employee = EmployeeField(label=_("Employee"), widget=select(),
                             error_messages={"required": _("Choose the employee who will be absent.")})
    first_day = forms.DateField(label=_("From"), widget=date_input(),
                                error_messages={"required": _("Enter the first day of the absence."),
                                                "invalid": DATE_INVALID})
    last_day = forms.DateField(label=_("To"), widget=date_input(),
                               error_messages={"required": _("Enter the last day of the absence."),
                                               "invalid": DATE_INVALID})
    substitute = EmployeeField(label=_("Substitute"), widget=select(),
                               help_text=_("Sees and works the absent employee's tasks during the absence."),
                               error_messages={"required": _("Choose the substitute.")})
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200, widget=text_input())

    def __init__(self, *args, employees: Employees, colleagues: Employees, **kwargs):
        kwargs.setdefault("prefix", "absence")
        super().__init__(*args, **kwargs)
        self.fields["employee"].bind(employees, _("Choose an employee"))
        self.fields["substitute"].bind(colleagues, _("Choose a colleague"))
        if len(employees.users) == 1:
            self.fields["employee"].initial = str(employees.users[0].pk)


class ReassignForm(GovFormMixin, forms.Form):
    to = EmployeeField(label=_("Reassign to"), widget=select(),
                       error_messages={"required": _("Choose an active colleague.")})

    def __init__(self, *args, colleagues: Employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].bind(colleagues, _("Choose a colleague"))


# --------------------------------------------------------------------------- routing

class RoutingRuleForm(GovFormMixin, forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["index", "doc_type", "resolver"]
        labels = {"index": _("Index"), "doc_type": _("Document type"), "resolver": _("First resolver")}
        help_texts = {
            "index": _("Leave empty for every index."),
            "doc_type": _("Leave empty for every type. A rule with neither is the default."),
        }
        error_messages = {NON_FIELD_ERRORS: {
            "unique_together": _("A rule for this index and document type exists already: delete it first."),
        }}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "rule")
        super().__init__(*args, **kwargs)
        index = self.fields["index"]
        index.queryset = Index.objects.filter(is_active=True).order_by("code")
        index.empty_label = _("Every index")
        index.label_from_instance = lambda i: f"{i.code} {i.name}"
        index.widget.attrs["class"] = "govuk-select"
        doc_type = self.fields["doc_type"]
        doc_type.choices = [("", _("Every type")), *DocumentType.choices]
        doc_type.widget.attrs["class"] = "govuk-select"
        resolver = self.fields["resolver"]
        resolver.queryset = (User.objects.filter(is_active=True, groups__name=Role.RESOLVER)
                             .select_related("unit").order_by("unit__path", "last_name", "first_name"))
        resolver.empty_label = _("Choose a resolver")
        resolver.label_from_instance = lambda u: f"{u} ({u.unit})" if u.unit_id else str(u)
        resolver.widget.attrs["class"] = "govuk-select"
        resolver.error_messages["required"] = _("Choose the first resolver.")
