"""Forms of administrative-penal proceedings: the statement, the steps of a case, the
findings and the tickets. Forms only parse what was typed; the rules (DOMAIN.md 9) live
in `services.py`, whose `ValidationFailed.fields` land on the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kancelaria.accounts.models import User
from kancelaria.core.forms import date_input, select, text_input, textarea
from kancelaria.registry.forms import GovFormMixin
from kancelaria.registry.models import Channel

from .models import (
    DISTRICT_COURT,
    TICKET_FINE,
    AppealOutcome,
    DecisionKind,
    DecreeDelivery,
    OffenderKind,
    Origin,
    SanctionType,
    Stage,
    StatementDelivery,
    TerminationGround,
    TicketOutcome,
    WitnessBasis,
)
from .selectors import SUSPENDED
from .services import Statement, keeps_register

DATE_INVALID = _("Enter a real date.")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), help_text=help_text,
                           error_messages={"invalid": DATE_INVALID, "required": _("Enter a date.")})


def text(label, *, required: bool = True, max_length: int = 300, width: str = "", help_text: str = "",
         message=None) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=text_input(width),
                           help_text=help_text, error_messages={"required": message or _("Fill this in.")})


def area(label, *, required: bool = False, rows: int = 3, help_text: str = "", message=None) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=textarea(rows), help_text=help_text,
                           error_messages={"required": message or _("Fill this in.")})


def amount_field(label, *, required: bool = False, initial=None) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2, min_value=0,
                              initial=initial, widget=forms.TextInput(attrs={
                                  "class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}),
                              error_messages={"invalid": _("Enter an amount like 150.00."),
                                              "required": _("Enter the amount in euro.")})


def radios(label, choices, *, required: bool = True, initial=None, message=None) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=required,
                             initial=initial, error_messages={"required": message or _("Choose one.")})


def _today() -> dict:
    return {"on": timezone.localdate()}


class StepForm(GovFormMixin, forms.Form):
    """A step of a case: its fields carry a prefix so several forms share a page."""

    prefix_name = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- the statement

def parse_rows(value: str, keys: tuple[str, ...]) -> list[dict]:
    """One item a line, its parts separated by "|": "Наредба за …| 12 | 1 | 3"."""
    rows = []
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        rows.append({key: parts[i] if i < len(parts) else "" for i, key in enumerate(keys)})
    return rows


class StatementForm(GovFormMixin, forms.Form):
    """A statement of violation with the content art. 42 requires. Provisions and
    witnesses are one a line."""

    service_fields = {"penal": None}

    origin = radios(_("The case is opened by"), Origin.choices, initial=Origin.STATEMENT)
    origin_reference = text(_("Court or prosecutor's file (name of the body, file No.)"), required=False,
                            max_length=200)
    author_name = text(_("Drawn up by (names)"), max_length=200)
    author_position = text(_("Position"), max_length=200)
    drawn_up_on = date_field(_("Drawn up on"))
    violation_date = date_field(_("Date of the violation"))
    violation_place = text(_("Place of the violation"))
    description = area(_("Description of the violation"), required=True, rows=4)
    circumstances = area(_("Circumstances in which it was committed"))
    provisions = area(_("Provisions breached, one a line"), required=True, rows=3, help_text=_(
        "Law or ordinance | article | paragraph | point, e.g. "
        "“Наредба за управление на отпадъците | 12 | 1 | 3”."))
    offender_kind = radios(_("The offender is"), OffenderKind.choices, initial=OffenderKind.PERSON)
    offender_name = text(_("Offender's names (or the entity's name)"), max_length=250)
    offender_egn = text(_("Personal number (EGN)"), required=False, max_length=10, width="10",
                        help_text=_("For a Bulgarian citizen; the date of birth is taken from it."))
    offender_eik = text(_("EIK/BULSTAT (legal entity)"), required=False, max_length=13, width="10")
    offender_birth_date = date_field(_("Date of birth (foreigner)"), required=False)
    offender_document = text(_("Passport or travel document: number, date of issue, issuer (foreigner)"),
                             required=False, max_length=250)
    offender_address = text(_("Offender's exact address"))
    offender_workplace = text(_("Workplace"), required=False, max_length=250)
    witness_basis = radios(_("Witnesses"), WitnessBasis.choices, initial=WitnessBasis.PRESENT)
    witnesses = area(_("Witnesses, one a line"), help_text=_("Names | exact address."))
    explanations = area(_("The offender's explanations or objections"))
    injured = area(_("Persons who suffered damage (names, addresses)"))
    evidence = area(_("Inventory of the written evidence"))
    seized_items = area(_("Items seized"))
    seized_keeper = text(_("The seized items are kept by"), required=False, max_length=250)
    wants_e_delivery = forms.BooleanField(label=_("The offender wants the decree by secure electronic delivery"),
                                          required=False)
    discovered_on = date_field(_("The offender was discovered on (optional)"), required=False, help_text=_(
        "A statement is due within 3 months of discovering the offender."))
    finding = forms.IntegerField(required=False, widget=forms.HiddenInput)
    ticket = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def statement(self) -> Statement:
        d = self.cleaned_data
        return Statement(
            author_name=d["author_name"], author_position=d["author_position"], drawn_up_on=d["drawn_up_on"],
            violation_date=d["violation_date"], violation_place=d["violation_place"], description=d["description"],
            circumstances=d.get("circumstances", ""),
            provisions=parse_rows(d["provisions"], ("act", "article", "paragraph", "point")),
            offender_kind=d["offender_kind"], offender_name=d["offender_name"], offender_egn=d.get("offender_egn", ""),
            offender_eik=d.get("offender_eik", ""), offender_birth_date=d.get("offender_birth_date"),
            offender_document=d.get("offender_document", ""), offender_address=d["offender_address"],
            offender_workplace=d.get("offender_workplace", ""), witness_basis=d["witness_basis"],
            witnesses=parse_rows(d.get("witnesses", ""), ("name", "address")), explanations=d.get("explanations", ""),
            injured=d.get("injured", ""), evidence=d.get("evidence", ""), seized_items=d.get("seized_items", ""),
            seized_keeper=d.get("seized_keeper", ""), wants_e_delivery=bool(d.get("wants_e_delivery")),
        )


# --------------------------------------------------------------------------- the steps of a case

class DeliveryForm(StepForm):
    prefix_name = "delivery"
    on = date_field(_("Delivered on"))
    how = radios(_("How"), StatementDelivery.choices, message=_("Choose how the statement reached the offender."))
    witness = text(_("Witness of the refusal (names, address)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)


class ObjectionForm(StepForm):
    prefix_name = "objection"
    summary = area(_("What the offender objects"), required=True, rows=3,
                   message=_("Write what the offender objects."))
    channel = forms.ChoiceField(label=_("Received through"), widget=select(), initial=Channel.DESK,
                                choices=[(c.value, c.label) for c in Channel if c != Channel.INTERNAL])
    sender = text(_("Sent by someone else on his behalf (names, optional)"), required=False, max_length=250)


def register_holders(*roles: str):
    qs = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    if roles:
        qs = qs.filter(groups__name__in=roles).distinct()
    return [u for u in qs.prefetch_related("groups", "user_permissions") if keeps_register(u)]


class LawyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class LawyerForm(StepForm):
    prefix_name = "lawyer"
    lawyer = LawyerChoiceField(label=_("Lawyer"), queryset=User.objects.none(), widget=select(),
                               empty_label=_("Choose the lawyer"),
                               error_messages={"required": _("Choose the lawyer.")})
    on = date_field(_("The lawyer received the file on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in register_holders("executor")]
        self.fields["lawyer"].queryset = User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


class OpinionForm(StepForm):
    prefix_name = "opinion"
    legal_basis = area(_("Legal basis for a sanction"), required=True, message=_("Enter the legal basis for a "
                                                                                  "sanction."))
    sanctions = area(_("Sanction types the provision allows"), required=True, rows=2,
                     message=_("Enter the types of sanction the provision allows."))
    minimum = amount_field(_("Minimum (EUR)"))
    maximum = amount_field(_("Maximum (EUR)"))
    minor = radios(_("Is it a minor case?"), [("yes", _("yes, a minor case")), ("no", _("no"))],
                   message=_("Say whether the case is minor."))
    proposal = area(_("Proposed sanction"), required=True, rows=2,
                    message=_("Propose the type and amount of the sanction."))
    on = date_field(_("Opinion given on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)


class DateStepForm(StepForm):
    on = date_field(_("Date"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)


class AuthorityForm(DateStepForm):
    prefix_name = "authority"


class FoundForm(DateStepForm):
    prefix_name = "found"


class IssueForm(DateStepForm):
    prefix_name = "issue"


class NotFoundForm(DateStepForm):
    prefix_name = "notfound"
    note = text(_("Searches made"), required=False, max_length=500)


class DecisionForm(StepForm):
    prefix_name = "decision"
    kind = radios(_("Decision"), DecisionKind.choices, message=_("Choose a penal decree, a warning or termination."))
    on = date_field(_("Decided on"))
    sanction_type = forms.ChoiceField(label=_("Sanction (decree)"), required=False, widget=select(),
                                      choices=[("", _("Choose the sanction")), *SanctionType.choices])
    amount = amount_field(_("Amount in euro (fine or property sanction)"))
    deprivation_months = forms.IntegerField(label=_("Deprivation for (months)"), required=False, min_value=1,
                                            max_value=240, widget=forms.NumberInput(attrs={
                                                "class": "govuk-input govuk-input--width-3"}),
                                            error_messages={"invalid": _("Enter a whole number.")})
    aggravating = area(_("Aggravating circumstances"))
    mitigating = area(_("Mitigating circumstances"))
    termination_ground = forms.ChoiceField(label=_("Ground for termination"), required=False, widget=select(),
                                           choices=[("", _("Choose the ground")), *TerminationGround.choices])
    reasons = area(_("Reasons (warning, termination)"))
    court = text(_("Court for an appeal"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "court": DISTRICT_COURT})
        super().__init__(*args, **kwargs)


class DecreeDeliveryForm(StepForm):
    prefix_name = "decreedelivery"
    on = date_field(_("Delivered on (for the post: the date on the return receipt)"))
    how = radios(_("How"), DecreeDelivery.choices, message=_("Choose how the decree reached the offender."))
    note = text(_("Receipt, witness of a refusal (names, address) or note"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)


class AppealForm(StepForm):
    prefix_name = "appeal"
    lodged_on = date_field(_("Appeal lodged on"))
    court = text(_("Court"), required=False, max_length=200)
    register_letter = forms.BooleanField(label=_("Register the covering letter to the court now"), required=False)
    letter_number = text(_("Covering letter No. (when already registered)"), required=False, max_length=80)
    letter_date = date_field(_("Covering letter dated"), required=False)
    sent_on = date_field(_("File sent to the court on"), required=False)


class OutcomeForm(StepForm):
    prefix_name = "outcome"
    outcome = forms.ChoiceField(label=_("Outcome"), widget=select(),
                                choices=[("", _("Choose the outcome")),
                                         *[(k, v) for k, v in AppealOutcome.choices if k]],
                                error_messages={"required": _("Choose the court's outcome.")})
    on = date_field(_("Known on"))


# --------------------------------------------------------------------------- register, findings, tickets

class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, offender or provision"), required=False, max_length=200,
                        widget=text_input("20"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}))
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=select(),
                              choices=[("", _("all")), *Stage.choices, (SUSPENDED, _("suspended: offender not found"))])
    overdue = forms.BooleanField(label=_("Only with a clock or limit run out"), required=False)


class FindingForm(GovFormMixin, forms.Form):
    found_on = date_field(_("Drawn up on"))
    author_name = text(_("Drawn up by"), max_length=200)
    violation_date = date_field(_("Date of the violation"))
    violation_place = text(_("Place of the violation"))
    description = area(_("Description of the violation"), required=True, rows=4)
    provision = text(_("Provision breached"), required=False)
    offender_known = forms.BooleanField(label=_("The offender is known"), required=False)
    offender_name = text(_("Offender's names"), required=False, max_length=250)
    offender_address = text(_("Offender's address"), required=False)
    discovered_on = date_field(_("The offender was discovered on"), required=False,
                               help_text=_("Empty: the day of the finding."))


class DiscoveredForm(StepForm):
    prefix_name = "discovered"
    name = text(_("Offender's names"), max_length=250)
    address = text(_("Offender's address"), required=False)
    on = date_field(_("Discovered on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _today())
        super().__init__(*args, **kwargs)


class TicketForm(GovFormMixin, forms.Form):
    issued_on = date_field(_("Issued on"))
    issued_by = text(_("Issued by (official)"), max_length=200)
    offender_name = text(_("Offender's names"), max_length=250)
    offender_egn = text(_("Personal number (EGN, optional)"), required=False, max_length=10, width="10")
    offender_address = text(_("Offender's address"))
    violation = area(_("Violation"), required=True, rows=2)
    violation_place = text(_("Place"))
    provision = text(_("Provision breached"))
    amount = amount_field(_("Fine (EUR)"), required=True, initial=TICKET_FINE)
    outcome = radios(_("The offender"), TicketOutcome.choices, message=_("Say whether the offender agreed to pay."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate(), "amount": TICKET_FINE})
        super().__init__(*args, **kwargs)
