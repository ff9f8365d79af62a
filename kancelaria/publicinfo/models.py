"""Access to public information and re-use of public-sector information (DOMAIN.md 5;
004, the rules on access to public information).

A request is a registered incoming document under its own index: its case file and
first entry live in the registry, and every later document of the matter (letters,
the decision, protocols) joins that case file and so carries the request's number.
This app keeps what the procedure needs around them:

- `InfoRequest`: the request, its required content, its clocks and its outcome;
- `Clarification`: the requester asked to say what he wants; the 14 days start again
  from his answer, and without one within 30 days the request is left without action;
- `InfoExtension`: up to 10 more days for a large volume, up to 14 when a third party's
  consent is needed (a re-use request: up to 14 for a complex one);
- `ThirdParty`: the party whose interests the information touches, with the internal
  steps (the unit tells the secretary within 5 days of registration, the request for
  consent leaves within 7) and its answer;
- `CostLine` over `TariffItem`: the costs of access from the national tariff;
- the decision, its delivery, the payment and the handover protocol are fields of the
  request (there is one decision per request).

Writes go through `services.py`; nothing here has side effects in `save()`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("access to public information")
    REUSE = "reuse", _("re-use of public-sector information")


class RequesterType(models.TextChoices):
    """The categories of the annual report."""

    CITIZEN = "citizen", _("citizen")
    FOREIGNER = "foreigner", _("foreigner or stateless person")
    JOURNALIST = "journalist", _("journalist or media")
    COMPANY = "company", _("company")
    NGO = "ngo", _("non-governmental organisation")
    OTHER_ORGANISATION = "organisation", _("other organisation or public body")

    @classmethod
    def private_persons(cls) -> set[str]:
        """Their names, addresses and contacts are personal data (never published
        without consent)."""
        return {cls.CITIZEN, cls.FOREIGNER, cls.JOURNALIST}


class InfoChannel(models.TextChoices):
    PORTAL = "portal", _("web portal")
    EMAIL = "email", _("e-mail")
    PLATFORM = "platform", _("national platform for access to information")
    E_DELIVERY = "e_delivery", _("secure electronic delivery")
    POST = "post", _("post")
    DESK = "desk", _("in writing at the desk")
    ORAL = "oral", _("oral (protocol)")

    @classmethod
    def electronic(cls) -> set[str]:
        """Requests made electronically: not collecting or not paying is not a refusal."""
        return {cls.PORTAL, cls.EMAIL, cls.PLATFORM, cls.E_DELIVERY}


class AccessForm(models.TextChoices):
    INSPECTION = "inspection", _("inspection of the original or a copy")
    ORAL = "oral", _("oral reference")
    PAPER = "paper", _("copies on paper")
    MEDIUM = "medium", _("copies on another medium")
    ELECTRONIC = "electronic", _("electronic copies by e-mail")
    WEB_ADDRESS = "web_address", _("the web address where the data are published")


# The required content of a request (004, art. 8). Without names, the description or an
# address the request is left without action; the preferred form is not required.
REQUIRED_CONTENT = (
    ("names", _("the names, or the name and seat of the organisation")),
    ("description", _("a description of the information asked for")),
    ("address", _("an address for correspondence")),
)


class Status(models.TextChoices):
    OPEN = "open", _("being considered")
    CLARIFICATION = "clarification", _("waiting for the requester's clarification")
    DECIDED = "decided", _("decided, not yet delivered")
    DELIVERED = "delivered", _("decision delivered")
    ACCESS_GIVEN = "access_given", _("access given")
    REFUSED = "refused", _("access refused")
    REQUESTER_REFUSED = "requester_refused", _("not collected or not paid: refused by the requester")
    NOT_HELD = "not_held", _("the information is not held")
    FORWARDED = "forwarded", _("forwarded to the body that holds the information")
    WITHOUT_ACTION = "without_action", _("left without action")

    @classmethod
    def finished(cls) -> set[str]:
        return {cls.ACCESS_GIVEN, cls.REFUSED, cls.REQUESTER_REFUSED, cls.NOT_HELD, cls.FORWARDED,
                cls.WITHOUT_ACTION}


class Outcome(models.TextChoices):
    GRANTED = "granted", _("access granted in full")
    PARTIAL = "partial", _("partial access")
    REFUSED = "refused", _("access refused")
    NOT_HELD = "not_held", _("the information is not held")
    FORWARDED = "forwarded", _("forwarded")
    WITHOUT_ACTION = "without_action", _("left without action")


class WithoutActionReason(models.TextChoices):
    MISSING_CONTENT = "missing_content", _("the request lacks names, a description or an address")
    NO_CLARIFICATION = "no_clarification", _("the requester did not clarify the request within 30 days")


class RefusalGround(models.TextChoices):
    """The grounds of the law (004 art. 27; re-use: art. 37 and 41)."""

    CLASSIFIED = "classified", _("classified information or another secret protected by law")
    THIRD_PARTY = "third_party", _("the third party refused, and there is no overriding public interest")
    ALREADY_GIVEN = "already_given", _("the same information was given to the requester in the previous 6 months")
    # Re-use of public-sector information only.
    REUSE_FORBIDDEN = "reuse_forbidden", _("a law forbids providing the information")
    REUSE_CONDITIONS = "reuse_conditions", _("the request does not meet the conditions for re-use")
    REUSE_THIRD_PARTY_IP = "reuse_ip", _("the information is the intellectual property of a third party")

    @classmethod
    def for_kind(cls, kind: str) -> list[str]:
        if kind == RequestKind.REUSE:
            return [cls.REUSE_FORBIDDEN, cls.REUSE_CONDITIONS, cls.REUSE_THIRD_PARTY_IP, cls.CLASSIFIED]
        return [cls.CLASSIFIED, cls.THIRD_PARTY, cls.ALREADY_GIVEN]


class DeliveryMethod(models.TextChoices):
    POST = "post", _("by post with return receipt")
    EMAIL = "email", _("by e-mail")
    IN_PERSON = "in_person", _("in person, against signature")
    PLATFORM = "platform", _("through the national platform")


class PublishField(models.TextChoices):
    """What a private requester may agree to have published."""

    NAME = "name", _("name")
    ADDRESS = "address", _("address")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")


class InfoRequest(models.Model):
    case = models.OneToOneField("registry.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT,
                                related_name="info_request")
    entry = models.OneToOneField("registry.Entry", verbose_name=_("request"), on_delete=models.PROTECT,
                                 related_name="info_request")
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices, default=RequestKind.ACCESS,
                            db_index=True)
    channel = models.CharField(_("received through"), max_length=12, choices=InfoChannel.choices)
    requester_type = models.CharField(_("requester"), max_length=12, choices=RequesterType.choices)
    received_on = models.DateField(_("registered on"), db_index=True)
    description = models.TextField(_("information asked for"), blank=True)
    preferred_forms = models.JSONField(_("preferred forms of access"), default=list, blank=True)
    # People with sight or hearing impairments may ask for a form that suits them.
    accessible_form = models.CharField(_("form suited to a sight or hearing impairment"), max_length=300,
                                       blank=True)
    # An oral request: the protocol, signed by the requester and the clerk.
    protocol_signed = models.BooleanField(_("protocol signed by the requester and the clerk"), default=False)
    # The items of REQUIRED_CONTENT the request lacks ([] when complete).
    missing_content = models.JSONField(_("required content missing"), default=list, blank=True)
    # The requester's consent to publish his own data in the public register (private persons).
    publish_consent = models.JSONField(_("published with the requester's consent"), default=list, blank=True)
    # Unguessable, for the links in the letters to the requester (clarification).
    reply_token = models.CharField(max_length=40, unique=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN,
                              db_index=True)

    # The decision clock: 14 days from `counted_from` (the registration, or the clarification,
    # or for a forwarded-in request its receipt), with extensions; the explanation is the
    # deadline engine's `as_dict()`.
    counted_from = models.DateField(_("counted from"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True, db_index=True)
    due_explanation = models.JSONField(_("how the deadline was counted"), default=dict, blank=True)

    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer in charge"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")

    # Not held: forwarded to the body that holds it, or the requester told.
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_due = models.DateField(_("to be forwarded by"), null=True, blank=True)

    # The decision (one per request).
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True, db_index=True)
    without_action_reason = models.CharField(_("left without action because"), max_length=20,
                                             choices=WithoutActionReason.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_entry = models.ForeignKey("registry.Entry", verbose_name=_("decision document"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    # A grant: the extent, the time limit, the place, the officer, the forms, the costs.
    extent = models.TextField(_("extent of access"), blank=True)
    access_until = models.DateField(_("access given until"), null=True, blank=True)
    access_place = models.CharField(_("place of access"), max_length=300, blank=True)
    access_officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer giving access"),
                                       null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    access_forms = models.JSONField(_("forms of access"), default=list, blank=True)
    costs = models.DecimalField(_("costs"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    other_bodies = models.TextField(_("other bodies that hold more information"), blank=True)
    # A refusal (or the refused part of a partial grant): grounds, facts, appeal route.
    refusal_grounds = models.JSONField(_("grounds of refusal"), default=list, blank=True)
    factual_grounds = models.TextField(_("factual grounds"), blank=True)
    appeal_route = models.TextField(_("how to appeal"), blank=True)
    # The information given: a text, a web address, files attached to the decision entry.
    information_text = models.TextField(_("information given"), blank=True)
    information_url = models.URLField(_("web address of the information"), blank=True)

    # Delivery of the decision.
    delivery_method = models.CharField(_("decision delivered"), max_length=12, choices=DeliveryMethod.choices,
                                       blank=True)
    delivered_on = models.DateField(_("decision delivered on"), null=True, blank=True)
    # Costs paid before access, and the handover protocol (not for electronic delivery).
    paid_on = models.DateField(_("costs paid on"), null=True, blank=True)
    payment_document = models.CharField(_("payment document"), max_length=100, blank=True)
    protocol_on = models.DateField(_("handover protocol signed on"), null=True, blank=True)
    protocol_entry = models.ForeignKey("registry.Entry", verbose_name=_("handover protocol"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    access_given_on = models.DateField(_("access given on"), null=True, blank=True)
    requester_refused_on = models.DateField(_("recorded as refused by the requester on"), null=True, blank=True)

    # The public register: the request, the decision and the information given, without
    # personal data; `public_summary` replaces the description when staff have rewritten it.
    published = models.BooleanField(_("published in the public register"), default=False, db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    public_summary = models.TextField(_("summary for publication"), blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("handle_inforequest", _("Can handle requests for access to public information")),
        ]

    def __str__(self) -> str:
        return self.entry.number if self.entry_id else f"#{self.pk}"

    @property
    def number(self) -> str:
        return self.entry.number

    @property
    def is_finished(self) -> bool:
        return self.status in Status.finished()

    @property
    def is_electronic(self) -> bool:
        return self.channel in InfoChannel.electronic()

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Undecided after its due date, or decided after it."""
        if self.decision_due is None:
            return False
        day = self.decided_on or today or timezone.localdate()
        return day > self.decision_due


class Clarification(models.Model):
    """The requester is told the request is unclear; the 14 days start again from his
    clarification; none within 30 days leaves the request without action."""

    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="clarifications")
    question = models.TextField(_("what is unclear"))
    asked_on = models.DateField(_("asked on"))
    letter = models.ForeignKey("registry.Entry", verbose_name=_("letter to the requester"),
                               on_delete=models.PROTECT, related_name="+")
    answer_by = models.DateField(_("to be clarified by"))
    answered_on = models.DateField(_("clarified on"), null=True, blank=True)
    answer = models.TextField(_("clarification"), blank=True)
    answer_entry = models.ForeignKey("registry.Entry", verbose_name=_("the clarification"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.asked_on:%d.%m.%Y}"


class ExtensionReason(models.TextChoices):
    LARGE_VOLUME = "large_volume", _("a large volume of information (up to 10 days)")
    THIRD_PARTY = "third_party", _("a third party's consent is needed (up to 14 days)")
    COMPLEX_REUSE = "complex_reuse", _("a complex re-use request (up to 14 days)")


EXTENSION_LIMITS = {
    ExtensionReason.LARGE_VOLUME: 10,
    ExtensionReason.THIRD_PARTY: 14,
    ExtensionReason.COMPLEX_REUSE: 14,
}


class InfoExtension(models.Model):
    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="extensions")
    reason = models.CharField(_("reason"), max_length=16, choices=ExtensionReason.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    note = models.TextField(_("note"), blank=True)
    old_due = models.DateField(_("old deadline"))
    new_due = models.DateField(_("new deadline"))
    letter = models.ForeignKey("registry.Entry", verbose_name=_("letter to the requester"),
                               on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.old_due} -> {self.new_due}"


class ConsentAnswer(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    GIVEN = "given", _("consent given")
    REFUSED = "refused", _("consent refused")
    NOT_NEEDED = "not_needed", _("not needed: an obliged body, or an overriding public interest")


class ThirdParty(models.Model):
    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="third_parties")
    name = models.CharField(_("third party"), max_length=250)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # The unit tells the secretary within 5 days of registration …
    unit_told_due = models.DateField(_("the unit to tell the secretary by"))
    unit_told_on = models.DateField(_("the unit told the secretary on"), null=True, blank=True)
    # … and the request for consent leaves within 7 days of registration.
    consent_asked_due = models.DateField(_("consent to be asked by"))
    consent_asked_on = models.DateField(_("consent asked on"), null=True, blank=True)
    consent_letter = models.ForeignKey("registry.Entry", verbose_name=_("request for consent"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=12, choices=ConsentAnswer.choices,
                              default=ConsentAnswer.PENDING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("third party")
        verbose_name_plural = _("third parties")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TariffItem(models.Model):
    """The national tariff of the costs of access (administered in the UI)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    is_active = models.BooleanField(_("in use"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tariff item")
        verbose_name_plural = _("tariff")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.price} {self.currency} / {self.unit})"


class CostLine(models.Model):
    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="cost_lines")
    item = models.ForeignKey(TariffItem, verbose_name=_("tariff item"), on_delete=models.PROTECT,
                             related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    # Copied from the tariff when the decision is made: later changes do not alter it.
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item_id} x {self.quantity} = {self.amount}"
