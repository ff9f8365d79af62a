"""Reads on service requests: need-to-know querysets with their joins (a request is
seen by whoever sees its case file, DOMAIN.md 11)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kancelaria.accounts.models import Role, Unit
from kancelaria.catalogue.models import Service
from kancelaria.registry.selectors import cases_visible

from .models import Deficiency, Payment, ServiceRequest, StepProgress


def requests_visible(user) -> QuerySet[ServiceRequest]:
    if not user.is_authenticated:
        return ServiceRequest.objects.none()
    return (ServiceRequest.objects.filter(case__in=cases_visible(user).values("pk"))
            .select_related("entry", "case", "case__holder_unit", "service", "tier", "current_step"))


def requests_filter(qs: QuerySet[ServiceRequest], *, status: str = "", service=None, unit=None
                    ) -> QuerySet[ServiceRequest]:
    if status:
        qs = qs.filter(status=status)
    if service is not None:
        qs = qs.filter(service=service)
    if unit is not None:
        qs = qs.filter(case__holder_unit__path__startswith=unit.path)
    return qs


def request_detail(user, pk: int) -> ServiceRequest | None:
    return (requests_visible(user).filter(pk=pk)
            .prefetch_related(
                Prefetch("payments", queryset=Payment.objects.order_by("created_at", "id")),
                Prefetch("deficiencies", queryset=Deficiency.objects.order_by("noticed_on", "id")),
                Prefetch("progress", queryset=StepProgress.objects.select_related("step", "unit")
                         .order_by("step__order")),
                "service__steps__unit")
            .first())


def request_is_paid(obj: ServiceRequest) -> bool:
    return obj.is_free or any(p.status == Payment.Status.PAID for p in obj.payments.all())


def services_offered() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).order_by("code")


def service_for_online(code: str) -> Service | None:
    """An offered service that can be requested online (its ways to submit name the
    portal, or are not given)."""
    service = services_offered().filter(code=code).prefetch_related("tiers", "documents").first()
    if service is None:
        return None
    return service if service.can_apply_online else None


def may_work_on(user, obj: ServiceRequest) -> bool:
    """The desk and the administrators; otherwise employees of the current step's unit
    (or a unit above it)."""
    if user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR):
        return True
    step = obj.current_step
    if step is None or not user.unit_id:
        return False
    return Unit.objects.filter(pk=step.unit_id, path__startswith=user.unit.path).exists()


def may_desk(user) -> bool:
    return user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR)
