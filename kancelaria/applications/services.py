"""Writes on service requests: submission at the desk or online, fees and payments,
deficiencies that stop the clock, the technology card, issuing the result and
withdrawal (DOMAIN.md 1, 2, 3 and 7).

Every function runs in one transaction with its audit event; e-mails leave on commit.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.audit.services import Action, audit_record
from kancelaria.calendars import Pause, due_date
from kancelaria.catalogue.models import FeeTier, ReceiveChannel, Service, TechnologyStep
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.text import office_text
from kancelaria.core.validators import egn_is_valid, eik_is_valid
from kancelaria.registry.models import (
    CaseFile,
    CaseMovement,
    Channel,
    DocumentType,
    Kind,
)
from kancelaria.registry.services import (
    Correspondent,
    Registration,
    case_send,
    case_withdraw,
    entry_register,
)
from kancelaria.workcalendar.selectors import office_calendar

from .models import Deficiency, Payment, ServiceRequest, StepProgress
from .payments import provider_get

Status = ServiceRequest.Status
DESK_METHODS = (Payment.Method.CASH, Payment.Method.CARD, Payment.Method.BANK_TRANSFER)
SUBMIT_CHANNELS = (Channel.DESK, Channel.POST, Channel.PORTAL, Channel.EMAIL, Channel.E_DELIVERY)


def _fail(message, **fields) -> ValidationFailed:
    return ValidationFailed(message, fields={k: [v] for k, v in fields.items()})


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _locked(request: ServiceRequest) -> ServiceRequest:
    # only the request's row is locked: its nullable joins (tier, step) cannot be, on PostgreSQL
    return (ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("case", "entry", "service", "tier", "current_step")
            .get(pk=request.pk))


def _require_open(request: ServiceRequest) -> None:
    if request.is_finished:
        raise ValidationFailed(_("This request is already closed."), code="request_closed")


# --------------------------------------------------------------------------- deadline

def deadline_compute(request: ServiceRequest, *, calendar=None):
    """The request's due date: the tier's days from the statutory start, longer by every
    day the clock stood still for a fixed deficiency (DOMAIN.md 3)."""
    calendar = calendar or office_calendar()
    pauses = [Pause(d.noticed_on + dt.timedelta(days=1), d.fixed_on)
              for d in request.deficiencies.all()
              if d.fixed_on is not None and d.fixed_on > d.noticed_on]
    return due_date(start=request.counted_from, calendar=calendar, days=request.tier.days, pauses=pauses)


def _deadline_save(request: ServiceRequest) -> dt.date:
    due = deadline_compute(request).due
    request.deadline = due
    request.save(update_fields=["deadline"])
    CaseFile.objects.filter(pk=request.case_id).update(deadline=due)
    request.case.deadline = due
    return due


# --------------------------------------------------------------------------- submission

def _validate_submission(*, service, tier, receive_channel, applicant: Correspondent, channel, index
                         ) -> tuple[dict[str, list[str]], FeeTier | None]:
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    found = None
    if service is None or not service.is_active:
        add("service", _("Choose a service that the office offers."))
    else:
        if isinstance(tier, FeeTier):
            found = tier if tier.service_id == service.pk else None
        elif tier:
            found = service.tiers.filter(tier=tier).first()
        if found is None:
            add("tier", _("Choose one of the service's tiers."))
        allowed = service.receive_channels or ReceiveChannel.values
        if receive_channel not in allowed:
            add("receive_channel", _("Choose how to receive the result."))
        if index is None and service.index_id is None:
            add("service", _("This service has no index to register its requests under; ask the administrator."))
    if channel not in SUBMIT_CHANNELS:
        add("channel", _("Choose how the request was submitted."))
    if not applicant.name:
        add("applicant.name", _("Enter the applicant's name."))
    if applicant.egn and not egn_is_valid(applicant.egn):
        add("applicant.egn", _("This personal number (EGN) is not valid: check the digits."))
    if applicant.eik and not eik_is_valid(applicant.eik):
        add("applicant.eik", _("This EIK/BULSTAT is not valid: check the digits."))
    if receive_channel == ReceiveChannel.EMAIL and not applicant.email:
        add("applicant.email", _("Enter an e-mail address to receive the result by e-mail."))
    if receive_channel == ReceiveChannel.POST and not applicant.address:
        add("applicant.address", _("Enter the address to post the result to."))
    return errors, found


def _missing_documents(service: Service, brought) -> list[dict]:
    """The checklist items the applicant must bring and did not: a warning, never a refusal."""
    brought = {int(x) for x in (brought or []) if str(x).isdigit()}
    return [{"id": doc.pk, "name": doc.t("name", settings.LANGUAGE_CODE)}
            for doc in service.documents.all()
            if doc.source == doc.Source.APPLICANT and doc.is_mandatory and doc.pk not in brought]


def _step_start(request: ServiceRequest, step: TechnologyStep, day: dt.date, calendar) -> StepProgress:
    request.current_step = step
    return StepProgress.objects.create(request=request, step=step, unit=step.unit, started_on=day,
                                       due=calendar.add_working_days(day, step.days))


def request_submit(*, actor, service: Service | None, tier: FeeTier | str | None, receive_channel: str,
                   applicant: Correspondent, channel: str = Channel.DESK, brought_documents=None,
                   files: list | None = None, notes: str = "", pages: int = 1, index=None,
                   http_request=None, now: dt.datetime | None = None) -> ServiceRequest:
    """Register a request for a service: the application goes into the register, the
    documents not brought are recorded as a warning (the desk never refuses, DOMAIN.md 2),
    the fee and the deadline come from the tier, and the first step of the technology
    card starts."""
    from kancelaria.control.services import statutory_start

    errors, tier = _validate_submission(service=service, tier=tier, receive_channel=receive_channel,
                                        applicant=applicant, channel=channel, index=index)
    if errors:
        raise ValidationFailed(_("The request was not registered: correct the marked fields."), fields=errors)
    missing = _missing_documents(service, brought_documents)
    warning = ""
    if missing:
        warning = office_text(gettext_lazy("The applicant was warned that these documents are missing: %(documents)s"),
                              documents="; ".join(m["name"] for m in missing))
    calendar = office_calendar()
    with transaction.atomic():
        try:
            entry = entry_register(actor=actor, request=http_request, now=now, registration=Registration(
                kind=Kind.INCOMING, doc_type=DocumentType.APPLICATION, channel=channel,
                index=index or service.index, subject=service.t("name", settings.LANGUAGE_CODE)[:500], correspondent=applicant,
                pages=pages, notes=notes, incomplete_warning=warning, files=files or [],
            ))
        except ValidationFailed as exc:
            fields = {key.replace("correspondent.", "applicant."): msgs for key, msgs in exc.fields.items()}
            raise ValidationFailed(exc.message, code=exc.code, fields=fields) from None
        counted_from = statutory_start(entry)
        due = due_date(start=counted_from, calendar=calendar, days=tier.days).due
        fee = tier.amount
        obj = ServiceRequest.objects.create(
            case=entry.case, entry=entry, service=service, tier=tier, receive_channel=receive_channel,
            status=Status.AWAITING_PAYMENT if fee > 0 else Status.REGISTERED,
            fee_amount=fee, fee_currency=tier.currency, counted_from=counted_from, deadline=due,
            missing_documents=missing,
        )
        CaseFile.objects.filter(pk=entry.case_id).update(deadline=due)
        entry.case.deadline = due
        first = service.steps.select_related("unit").order_by("order").first()
        if first is not None:
            _step_start(obj, first, entry.registered_on, calendar)
            obj.save(update_fields=["current_step"])
            if entry.case.holder_unit_id != first.unit_id:
                case_send(actor=_user(actor), case=entry.case, unit=first.unit, note=first.t("title")[:500],
                          request=http_request, now=entry.registered_at)
                entry.case.refresh_from_db()
        audit_record(actor=actor, action=Action.CREATE, obj=obj, request=http_request, changes={
            "service": service.code, "tier": tier.tier, "fee": f"{fee} {tier.currency}",
            "deadline": due.isoformat(), "missing_documents": [m["id"] for m in missing]})
    return obj


# --------------------------------------------------------------------------- payments

def _new_reference() -> str:
    return secrets.token_urlsafe(18)


def _after_paid(request: ServiceRequest) -> None:
    if request.status == Status.AWAITING_PAYMENT:
        request.status = Status.REGISTERED
        request.save(update_fields=["status"])


def _require_fee_due(request: ServiceRequest) -> None:
    _require_open(request)
    if request.is_free:
        raise ValidationFailed(_("This service has no fee."), code="no_fee")
    if request.payments.filter(status=Payment.Status.PAID).exists():
        raise ValidationFailed(_("The fee has already been paid."), code="already_paid")


def payment_record(*, actor, request: ServiceRequest, method: str, provider_reference: str = "",
                   http_request=None) -> Payment:
    """The fee paid at the desk: cash, card terminal or a bank transfer received."""
    if method not in DESK_METHODS:
        raise _fail(_("Nothing was recorded: correct the marked fields."),
                    method=_("Choose cash, card or bank transfer."))
    with transaction.atomic():
        request = _locked(request)
        _require_fee_due(request)
        payment = Payment.objects.create(
            request=request, amount=request.fee_amount, currency=request.fee_currency, method=method,
            status=Payment.Status.PAID, reference=_new_reference(), provider_reference=provider_reference[:120],
            paid_at=timezone.now(), recorded_by=_user(actor))
        _after_paid(request)
        audit_record(actor=actor, action=Action.CREATE, obj=payment, request=http_request,
                     changes={"request": request.entry.number, "method": method,
                              "amount": f"{payment.amount} {payment.currency}"})
    return payment


def payment_online_start(*, request: ServiceRequest, http_request=None) -> tuple[Payment, str]:
    """Start paying the fee online; (the pending payment, the provider's address)."""
    provider = provider_get()
    with transaction.atomic():
        request = _locked(request)
        _require_fee_due(request)
        request.payments.filter(status=Payment.Status.PENDING).update(status=Payment.Status.FAILED)
        payment = Payment.objects.create(
            request=request, amount=request.fee_amount, currency=request.fee_currency,
            method=Payment.Method.ONLINE, status=Payment.Status.PENDING, reference=_new_reference(),
            provider=provider.name)
        audit_record(actor=None, action=Action.CREATE, obj=payment, request=http_request,
                     changes={"request": request.entry.number, "method": Payment.Method.ONLINE,
                              "amount": f"{payment.amount} {payment.currency}"})
    return payment, provider.start(payment)


def payment_online_confirm(*, reference: str, data: dict, http_request=None) -> Payment:
    """The provider's callback: verified by the provider, then the payment is paid or
    failed. A payment already settled is answered as it is (callbacks may repeat)."""
    payment = Payment.objects.filter(reference=reference, method=Payment.Method.ONLINE).first()
    if payment is None:
        raise ValidationFailed(_("There is no such payment."), code="payment_unknown")
    status = provider_get(payment.provider).confirm(reference, data)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != Payment.Status.PENDING:
            return payment
        payment.status = status
        payment.provider_reference = str(data.get("transaction") or "")[:120]
        if status == Payment.Status.PAID:
            payment.paid_at = timezone.now()
            _after_paid(_locked(payment.request))
        payment.save(update_fields=["status", "provider_reference", "paid_at"])
        audit_record(actor=None, action=Action.UPDATE, obj=payment, request=http_request,
                     changes={"status": [Payment.Status.PENDING, status]})
    return payment


def payment_refund(*, actor, payment: Payment, http_request=None) -> Payment:
    """A paid fee given back (e.g. a request withdrawn before the work began)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != Payment.Status.PAID:
            raise ValidationFailed(_("Only a paid fee can be refunded."), code="not_paid")
        payment.status = Payment.Status.REFUNDED
        payment.save(update_fields=["status"])
        audit_record(actor=actor, action=Action.UPDATE, obj=payment, request=http_request,
                     changes={"status": [Payment.Status.PAID, Payment.Status.REFUNDED]})
    return payment


# --------------------------------------------------------------------------- deficiencies

def _notify(request: ServiceRequest, kind: str) -> None:
    if request.entry.correspondent_email:
        from .tasks import send_request_notice

        transaction.on_commit(lambda: send_request_notice.enqueue(request_id=request.pk, kind=kind))


def deficiency_notice(*, actor, request: ServiceRequest, description: str, fix_by: dt.date,
                      on: dt.date | None = None, http_request=None) -> Deficiency:
    """Tell the applicant what is missing and by when to bring it; the clock stops from
    the next day until the day it is fixed."""
    on = on or timezone.localdate()
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = [_("Say what is missing or wrong.")]
    if fix_by is None or fix_by <= on:
        errors["fix_by"] = [_("The term to fix it must be after the day of the notice.")]
    if errors:
        raise ValidationFailed(_("Nothing was recorded: correct the marked fields."), fields=errors)
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        if request.status == Status.DEFICIENCY:
            raise ValidationFailed(_("A deficiency is already waiting to be fixed."), code="deficiency_open")
        if request.status == Status.READY:
            raise ValidationFailed(_("The result is ready: nothing can be missing any more."), code="ready")
        if on < request.entry.registered_on:
            raise _fail(_("Nothing was recorded: correct the marked fields."),
                        on=_("The notice cannot be older than the request."))
        deficiency = Deficiency.objects.create(request=request, noticed_on=on, description=description,
                                               fix_by=fix_by, status_before=request.status,
                                               noticed_by=_user(actor))
        request.status = Status.DEFICIENCY
        request.save(update_fields=["status"])
        CaseMovement.objects.create(case=request.case, action=CaseMovement.Action.DOCUMENT_ADDED,
                                    unit=request.case.holder_unit, actor=_user(actor),
                                    note=office_text(gettext_lazy("Waiting for missing documents until %(date)s"),
                                                     date=fix_by.strftime("%d.%m.%Y")))
        audit_record(actor=actor, action=Action.CREATE, obj=deficiency, request=http_request,
                     changes={"request": request.entry.number, "fix_by": fix_by.isoformat()})
        _notify(request, "deficiency")
    return deficiency


def deficiency_fixed(*, actor, request: ServiceRequest, on: dt.date | None = None,
                     http_request=None) -> Deficiency:
    """The missing documents arrived: the clock runs again, and the deadline moves by the
    days it stood still."""
    on = on or timezone.localdate()
    with transaction.atomic():
        request = _locked(request)
        deficiency = request.deficiencies.select_for_update().filter(fixed_on__isnull=True).first()
        if deficiency is None:
            raise ValidationFailed(_("No deficiency is waiting to be fixed."), code="no_deficiency")
        if on < deficiency.noticed_on:
            raise _fail(_("Nothing was recorded: correct the marked fields."),
                        on=_("It cannot be fixed before it was noticed."))
        if on > timezone.localdate():
            raise _fail(_("Nothing was recorded: correct the marked fields."),
                        on=_("The date cannot be in the future."))
        old_deadline = request.deadline
        deficiency.fixed_on = on
        deficiency.save(update_fields=["fixed_on"])
        request.status = deficiency.status_before
        request.save(update_fields=["status"])
        due = _deadline_save(request)
        CaseMovement.objects.create(case=request.case, action=CaseMovement.Action.DOCUMENT_ADDED,
                                    unit=request.case.holder_unit, actor=_user(actor),
                                    note=office_text(gettext_lazy("Missing documents received; new deadline %(date)s"),
                                                     date=due.strftime("%d.%m.%Y")))
        audit_record(actor=actor, action=Action.UPDATE, obj=deficiency, request=http_request,
                     changes={"fixed_on": on.isoformat(), "deadline": [old_deadline.isoformat(), due.isoformat()]})
        _notify(request, "fixed")
    return deficiency


# --------------------------------------------------------------------------- technology card

def step_complete(*, actor, request: ServiceRequest, on: dt.date | None = None, http_request=None
                  ) -> StepProgress | None:
    """The current step is done: the next step's unit gets the case file (the citizen
    sees where it is); after the last step the result is ready. Returns the next step's
    progress, or None when the result is ready."""
    on = on or timezone.localdate()
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        if request.status == Status.AWAITING_PAYMENT:
            raise ValidationFailed(_("The fee has not been paid yet."), code="unpaid")
        if request.status == Status.DEFICIENCY:
            raise ValidationFailed(_("The request waits for missing documents."), code="deficiency_open")
        if request.current_step is None:
            raise ValidationFailed(_("No step of the technology card is open."), code="no_step")
        current = StepProgress.objects.select_for_update().get(request=request, step=request.current_step)
        current.done_on, current.done_by = on, _user(actor)
        current.save(update_fields=["done_on", "done_by"])
        following = (request.service.steps.select_related("unit").filter(order__gt=request.current_step.order)
                     .order_by("order").first())
        progress = None
        if following is None:
            request.current_step = None
            request.status = Status.READY
            CaseMovement.objects.create(case=request.case, action=CaseMovement.Action.DOCUMENT_ADDED,
                                        unit=request.case.holder_unit, actor=_user(actor),
                                        note=office_text(gettext_lazy("The result is ready to be issued")))
        else:
            progress = _step_start(request, following, on, office_calendar())
            request.status = Status.IN_PROGRESS
            if following.unit_id != request.case.holder_unit_id:
                case_send(actor=_user(actor), case=request.case, unit=following.unit,
                          note=following.t("title")[:500], request=http_request)
                request.case.refresh_from_db()
        request.save(update_fields=["current_step", "status"])
        audit_record(actor=actor, action=Action.UPDATE, obj=request, request=http_request, changes={
            "step_done": current.step.t("title"),
            "next_step": following.t("title") if following else None})
    if following is None:
        _notify(request, "ready")
    return progress


# --------------------------------------------------------------------------- the result

def result_issue(*, actor, request: ServiceRequest, how: str, recipient_name: str = "",
                 on: dt.date | None = None, http_request=None) -> ServiceRequest:
    """The result leaves the office: handed over at the desk (the recipient's name and
    the date), posted, or e-mailed. It is registered into the case file as the answer,
    and the case closes (DOMAIN.md 3)."""
    from kancelaria.control.models import Dispatch
    from kancelaria.control.services import entry_dispatch

    on = on or timezone.localdate()
    recipient_name = (recipient_name or "").strip()
    errors = {}
    if how not in ReceiveChannel.values:
        errors["how"] = [_("Choose how the result is issued.")]
    if how == ReceiveChannel.DESK and not recipient_name:
        errors["recipient_name"] = [_("Enter the name of the person who received it.")]
    if on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationFailed(_("Nothing was recorded: correct the marked fields."), fields=errors)
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        if request.status == Status.AWAITING_PAYMENT:
            raise ValidationFailed(_("The fee has not been paid yet."), code="unpaid")
        if request.status == Status.DEFICIENCY:
            raise ValidationFailed(_("The request waits for missing documents."), code="deficiency_open")
        if request.current_step is not None:
            raise ValidationFailed(_("The technology card has steps still to do."), code="steps_open")
        if on < request.entry.registered_on:
            raise _fail(_("Nothing was recorded: correct the marked fields."),
                        on=_("It cannot be issued before it was requested."))
        first = request.entry
        channel = {ReceiveChannel.DESK: Channel.DESK, ReceiveChannel.POST: Channel.POST,
                   ReceiveChannel.EMAIL: Channel.EMAIL, ReceiveChannel.E_DELIVERY: Channel.E_DELIVERY}[how]
        answer = entry_register(actor=actor, request=http_request, registration=Registration(
            kind=Kind.OUTGOING, doc_type=DocumentType.ANSWER, channel=channel, answers=first,
            subject=office_text(gettext_lazy("Result: %(service)s"),
                                service=request.service.t("name", settings.LANGUAGE_CODE))[:500],
            correspondent=Correspondent(name=first.correspondent_name, kind=first.correspondent_kind,
                                        address=first.correspondent_address, email=first.correspondent_email),
        ))
        if how == ReceiveChannel.DESK:
            entry_dispatch(actor=actor, entry=answer, method=Dispatch.Method.HANDOVER, on=on,
                           recipient_name=recipient_name, request=http_request)
        elif how == ReceiveChannel.POST:
            entry_dispatch(actor=actor, entry=answer, method=Dispatch.Method.POST, on=on, request=http_request)
        request.status = Status.ISSUED
        request.issued_on, request.issued_how, request.issued_to = on, how, recipient_name
        request.save(update_fields=["status", "issued_on", "issued_how", "issued_to"])
        audit_record(actor=actor, action=Action.UPDATE, obj=request, request=http_request, changes={
            "status": Status.ISSUED, "how": how, "recipient_name": recipient_name, "on": on.isoformat()})
    return request


def request_withdraw(*, actor, request: ServiceRequest, channel: str = Channel.DESK, notes: str = "",
                     files: list | None = None, http_request=None) -> ServiceRequest:
    """The applicant withdraws the request in writing: the withdrawal is registered and the
    case archived (DOMAIN.md 2); a payment still pending online is cancelled."""
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        case_withdraw(actor=actor, case=request.case, channel=channel, notes=notes, files=files,
                      request=http_request)
        old = request.status
        request.status = Status.WITHDRAWN
        request.save(update_fields=["status"])
        request.payments.filter(status=Payment.Status.PENDING).update(status=Payment.Status.FAILED)
        audit_record(actor=actor, action=Action.UPDATE, obj=request, request=http_request,
                     changes={"status": [old, Status.WITHDRAWN]})
    return request

