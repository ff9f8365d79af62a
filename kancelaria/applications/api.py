"""The staff API of service requests (/api/v1/requests/): the list (need-to-know), one
request with its payments, deficiencies and steps, and intake at the desk (DOMAIN.md 1,
2, 3). Reads through `selectors`, writes through `services`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from kancelaria.accounts.models import Unit
from kancelaria.audit.services import audit_read
from kancelaria.catalogue.models import ReceiveChannel, Service
from kancelaria.core.errors import ValidationFailed
from kancelaria.registry.api import RegisterPagination, service_error_response
from kancelaria.registry.models import Channel, CorrespondentKind
from kancelaria.registry.services import Correspondent

from . import selectors, services
from .models import ServiceRequest

INTAKE_CHANNELS = list(services.SUBMIT_CHANNELS)


class CanTakeRequests(BasePermission):
    message = gettext_lazy("Only registrars and administrators may register requests.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and selectors.may_desk(request.user))


# --------------------------------------------------------------------------- output

class ApplicantOutput(serializers.Serializer):
    name = serializers.CharField(source="correspondent_name")
    email = serializers.CharField(source="correspondent_email")
    address = serializers.CharField(source="correspondent_address")


class RequestListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")
    case_id = serializers.IntegerField()
    service = serializers.CharField(source="service.code")
    tier = serializers.CharField(source="tier.tier")
    status = serializers.ChoiceField(choices=ServiceRequest.Status.choices)
    receive_channel = serializers.ChoiceField(choices=ReceiveChannel.choices)
    channel = serializers.CharField(source="entry.channel")
    applicant = ApplicantOutput(source="entry")
    fee_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    fee_currency = serializers.CharField()
    deadline = serializers.DateField()
    holder_unit = serializers.CharField(source="case.holder_unit.code", allow_null=True, default=None)
    missing_documents = serializers.ListField(child=serializers.DictField())
    created_at = serializers.DateTimeField()


class PaymentOutput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    method = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)


class DeficiencyOutput(serializers.Serializer):
    noticed_on = serializers.DateField()
    description = serializers.CharField()
    fix_by = serializers.DateField()
    fixed_on = serializers.DateField(allow_null=True)


class StepOutput(serializers.Serializer):
    order = serializers.IntegerField(source="step.order")
    unit = serializers.CharField(source="unit.code")
    started_on = serializers.DateField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class RequestDetailOutput(RequestListOutput):
    tracking_code = serializers.CharField(source="case.tracking_code")
    counted_from = serializers.DateField()
    current_step = serializers.IntegerField(source="current_step.order", allow_null=True, default=None)
    issued_on = serializers.DateField(allow_null=True)
    issued_how = serializers.CharField()
    issued_to = serializers.CharField()
    payments = PaymentOutput(many=True)
    deficiencies = DeficiencyOutput(many=True)
    progress = StepOutput(many=True)


# --------------------------------------------------------------------------- input

class RequestFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ServiceRequest.Status.choices, required=False)
    service = serializers.CharField(required=False, help_text=gettext_lazy("Service code."))
    unit = serializers.CharField(required=False, help_text=gettext_lazy("Unit code: requests held by it or below."))


class ApplicantInput(serializers.Serializer):
    name = serializers.CharField(max_length=250)
    kind = serializers.ChoiceField(choices=CorrespondentKind.choices, required=False, default=CorrespondentKind.PERSON)
    egn = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    eik = serializers.CharField(max_length=13, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class RequestSubmitInput(serializers.Serializer):
    service = serializers.CharField(help_text=gettext_lazy("Service code in the catalogue."))
    tier = serializers.CharField(help_text=gettext_lazy("regular, fast or express"))
    receive_channel = serializers.ChoiceField(choices=ReceiveChannel.choices)
    channel = serializers.ChoiceField(choices=[(c, Channel(c).label) for c in INTAKE_CHANNELS],
                                      default=Channel.DESK)
    applicant = ApplicantInput()
    brought_documents = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                              help_text=gettext_lazy("Ids of the checklist documents brought; "
                                                                     "the others are recorded as missing."))
    pages = serializers.IntegerField(min_value=0, default=1)
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_service(self, value):
        service = selectors.services_offered().filter(code=value).first()
        if service is None:
            raise serializers.ValidationError(gettext_lazy("There is no such service on offer."))
        return service


# --------------------------------------------------------------------------- views

class RequestListView(GenericAPIView):
    """Service requests: list (need-to-know) and intake."""

    permission_classes = [IsAuthenticated, CanTakeRequests]
    pagination_class = RegisterPagination
    serializer_class = RequestSubmitInput

    @extend_schema(operation_id="requests_list", parameters=[RequestFilterInput],
                   responses=RequestListOutput(many=True), summary=gettext_lazy("Service requests"))
    def get(self, request):
        filters = RequestFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        service = unit = None
        if f.get("service"):
            service = Service.objects.filter(code=f["service"]).first()
            if service is None:
                return Response({"service": [gettext_lazy("There is no such service.")]}, status=400)
        if f.get("unit"):
            unit = Unit.objects.filter(code=f["unit"]).first()
            if unit is None:
                return Response({"unit": [gettext_lazy("There is no such unit.")]}, status=400)
        qs = selectors.requests_filter(selectors.requests_visible(request.user), status=f.get("status", ""),
                                       service=service, unit=unit).order_by("-created_at", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RequestListOutput(page, many=True).data)

    @extend_schema(
        operation_id="requests_submit", request=RequestSubmitInput,
        responses={201: RequestDetailOutput, 400: OpenApiResponse(description=gettext_lazy(
            "Field errors, nested like the input: {\"applicant\": {\"name\": [\"...\"]}}")),
            403: OpenApiResponse(description=gettext_lazy("Not a registrar or administrator."))},
        summary=gettext_lazy("Register a service request"),
    )
    def post(self, request):
        serializer = RequestSubmitInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            obj = services.request_submit(
                actor=request.user, service=d["service"], tier=d["tier"], receive_channel=d["receive_channel"],
                applicant=Correspondent(**d["applicant"]), channel=d["channel"],
                brought_documents=d["brought_documents"], pages=d["pages"], notes=d["notes"],
                http_request=request)
        except ValidationFailed as exc:
            return service_error_response(exc)
        obj = selectors.request_detail(request.user, obj.pk)
        location = request.build_absolute_uri(reverse("api-request", kwargs={"pk": obj.pk}))
        return Response(RequestDetailOutput(obj).data, status=status.HTTP_201_CREATED, headers={"Location": location})


class RequestDetailView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = RequestDetailOutput

    @extend_schema(operation_id="requests_retrieve", responses={200: RequestDetailOutput},
                   summary=gettext_lazy("One service request"))
    def get(self, request, pk: int):
        obj = selectors.request_detail(request.user, pk)
        if obj is None:
            raise NotFound
        audit_read(actor=request.user, obj=obj, request=request)
        return Response(RequestDetailOutput(obj).data)
