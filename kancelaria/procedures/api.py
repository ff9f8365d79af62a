"""The staff REST API of proposals, signals and complaints (version 1): the registers
(list and one procedure) and intake.

The views only translate between HTTP and `services` (writes) and `selectors`
(need-to-know reads; corruption signals only with `procedures.view_corruption_register`).
Rules: DOMAIN.md section 4.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from kancelaria.audit.services import audit_read
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.core.templatetags.kancelaria import STAFF_ROLES
from kancelaria.registry.api import (
    CorrespondentInput,
    CorrespondentOutput,
    NamedChoiceField,
    RegisterPagination,
    _output_context,
    case_status_field,
    service_error_response,
)
from kancelaria.registry.services import Correspondent, Registration

from . import selectors, services
from .forms import procedure_by_reference
from .models import (
    COMPLAINT_ITEMS,
    CheckState,
    IntakeChannel,
    NoProceedingsReason,
    NotifyHow,
    Procedure,
    ProcedureKind,
    ProcedureStatus,
    RepeatKind,
)


class IsStaff(BasePermission):
    """The municipality's staff read the registers; registrars and administrators register."""

    message = gettext_lazy("Only the municipality's staff see the registers; only registrars and "
                           "administrators register.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_role(*STAFF_ROLES)):
            return False
        return request.method in SAFE_METHODS or user.has_role(*services.DESK_ROLES)


def kind_field(**kwargs):
    return NamedChoiceField("ProcedureKind", ProcedureKind.choices, **kwargs)


def intake_channel_field(**kwargs):
    return NamedChoiceField("IntakeChannel", IntakeChannel.choices, **kwargs)


# --------------------------------------------------------------------------- output

class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = case_status_field()


class RepeatOfOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")


class ExecutionOutput(serializers.Serializer):
    how = serializers.CharField(source="execution_how")
    due = serializers.DateField(source="execution_due", allow_null=True)
    executor = serializers.SerializerMethodField()
    ordered_on = serializers.DateField(source="execution_ordered_on", allow_null=True)
    executed_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_executor(self, obj: Procedure) -> str | None:
        return str(obj.executor) if obj.executor_id else None

    def get_overdue(self, obj: Procedure) -> bool:
        return obj.execution_overdue(timezone.localdate())


class ProcedureOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")
    case = CaseOutput()
    kind = kind_field()
    channel = intake_channel_field()
    received_on = serializers.DateField()
    subject = serializers.CharField(source="entry.subject")
    correspondent = CorrespondentOutput(source="entry")
    is_anonymous = serializers.BooleanField(source="entry.is_anonymous")
    status = NamedChoiceField("ProcedureStatus", ProcedureStatus.choices)
    no_proceedings_reason = NamedChoiceField("NoProceedingsReason", NoProceedingsReason.choices, allow_blank=True)
    no_proceedings_on = serializers.DateField(allow_null=True)
    violation_date = serializers.DateField(allow_null=True)
    repeat_of = RepeatOfOutput(allow_null=True)
    repeat_kind = NamedChoiceField("RepeatKind", RepeatKind.choices, allow_blank=True)
    decision_due = serializers.DateField(allow_null=True)
    decision_limit = serializers.DateField(allow_null=True, help_text=gettext_lazy(
        "The latest date extensions may reach: proposals 6 months, signals 4 months from receipt."))
    decision_overdue = serializers.SerializerMethodField()
    decided_on = serializers.DateField(allow_null=True)
    notify_due = serializers.DateField(allow_null=True, help_text=gettext_lazy(
        "The decision must reach the sender within 7 days of being made."))
    notified_on = serializers.DateField(allow_null=True)
    notify_how = NamedChoiceField("NotifyHow", NotifyHow.choices, allow_blank=True)
    notify_late = serializers.SerializerMethodField()
    execution = ExecutionOutput(source="*")

    def get_decision_overdue(self, obj: Procedure) -> bool:
        return obj.decision_overdue(timezone.localdate())

    def get_notify_late(self, obj: Procedure) -> bool:
        return obj.notify_late(timezone.localdate())


class ProcedureDetailOutput(ProcedureOutput):
    text = serializers.CharField()
    decision_text = serializers.CharField()
    decision_reasons = serializers.CharField()
    file_received_on = serializers.DateField(allow_null=True, help_text=gettext_lazy(
        "Complaints: the day the responsible officer received the file; the month runs from it."))
    complaint_general = serializers.BooleanField()
    complaint_checks = serializers.DictField(child=NamedChoiceField("CheckState", CheckState.choices), help_text=
                                             gettext_lazy("Complaints: each required item present, missing or "
                                                          "not applicable, as checked at intake."))
    tracking_code = serializers.CharField(source="case.tracking_code")


# --------------------------------------------------------------------------- input

class ProcedureFilterInput(serializers.Serializer):
    kind = kind_field(required=False, allow_blank=True, default="")



def _complaint_checks_help_text() -> str:
    return gettext("Complaints: %(items)s. Items left out are worked out from the sender's data "
                   "or recorded as missing.") % {"items": ", ".join(k for k, _l in COMPLAINT_ITEMS)}


_complaint_checks_help = lazy(_complaint_checks_help_text, str)

class ProcedureIntakeInput(serializers.Serializer):
    kind = kind_field()
    channel = intake_channel_field(help_text=gettext_lazy(
        "How it was received; a hotline call is an oral document whose protocol goes in `notes`."))
    subject = serializers.CharField(max_length=500)
    text = serializers.CharField(allow_blank=True, default="")
    correspondent = CorrespondentInput(required=False)
    is_anonymous = serializers.BooleanField(default=False)
    notes = serializers.CharField(allow_blank=True, default="")
    pages = serializers.IntegerField(min_value=0, default=1)
    violation_date = serializers.DateField(allow_null=True, default=None)
    repeat_of = serializers.CharField(allow_blank=True, allow_null=True, default=None, help_text=gettext_lazy(
        "The earlier proposal or signal this one repeats: its register number, case file number or id."))
    repeat_kind = NamedChoiceField("RepeatKind", RepeatKind.choices, allow_blank=True, default="")
    complaint_general = serializers.BooleanField(default=False)
    complaint_checks = serializers.DictField(
        child=NamedChoiceField("CheckState", CheckState.choices), required=False, default=dict,
        help_text=_complaint_checks_help())
    attachments = serializers.ListField(child=serializers.FileField(), default=list,
                                        help_text=gettext_lazy("Scans and files (multipart/form-data only)."))

    def validate_repeat_of(self, value) -> Procedure | None:
        if not value:
            return None
        user = self.context["request"].user
        value = value.strip()
        found = (selectors.procedures_visible(user).filter(pk=int(value)).first() if value.isdigit()
                 else procedure_by_reference(user, value))
        if found is None:
            raise serializers.ValidationError(_("No proposal or signal has this number."))
        return found

    def registration(self) -> Registration:
        d = self.validated_data
        return Registration(kind="incoming", subject=d["subject"], channel="", notes=d["notes"], pages=d["pages"],
                            is_anonymous=d["is_anonymous"], files=d["attachments"],
                            correspondent=Correspondent.from_data(d.get("correspondent")))


# --------------------------------------------------------------------------- views

def _detail(request, pk: int) -> Procedure:
    procedure = selectors.procedures_visible(request.user).filter(pk=pk).first()
    if procedure is None:
        raise NotFound(_("No proposal, signal or complaint with this id that you may see."))
    return procedure


class ProcedureListView(GenericAPIView):
    """The registers of proposals, signals, complaints (and, for their holders,
    corruption signals), and intake."""

    permission_classes = [IsAuthenticated, IsStaff]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = RegisterPagination

    def get_serializer_class(self):
        return ProcedureIntakeInput

    def get_queryset(self):
        return selectors.procedures_visible(self.request.user).order_by("-received_on", "-id")

    @extend_schema(operation_id="procedures_list", parameters=[ProcedureFilterInput],
                   responses=ProcedureOutput(many=True),
                   summary=gettext_lazy("List proposals, signals and complaints"))
    def get(self, request):
        filters = ProcedureFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = self.get_queryset()
        if filters.validated_data["kind"]:
            qs = qs.filter(kind=filters.validated_data["kind"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ProcedureOutput(page, many=True, context=_output_context(request)).data)

    @extend_schema(
        operation_id="procedures_intake", request=ProcedureIntakeInput,
        responses={201: ProcedureDetailOutput, 400: OpenApiResponse(description=gettext_lazy(
            "Field errors, nested like the input: {\"correspondent\": {\"egn\": [\"...\"]}}")),
            403: OpenApiResponse(description=gettext_lazy("Not a registrar or administrator."))},
        summary=gettext_lazy("Register a proposal, signal, complaint or corruption signal"),
    )
    def post(self, request):
        serializer = ProcedureIntakeInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            procedure = services.procedure_intake(
                actor=request.user, kind=d["kind"], registration=serializer.registration(), channel=d["channel"],
                text=d["text"], violation_date=d["violation_date"],
                complaint_checks=d["complaint_checks"] if d["kind"] == ProcedureKind.COMPLAINT else None,
                complaint_general=d["complaint_general"], repeat_of=d["repeat_of"], repeat_kind=d["repeat_kind"],
                request=request,
            )
        except ValidationFailed as exc:
            return service_error_response(exc)
        except PermissionRefused as exc:
            return Response({"code": exc.code, "detail": str(exc.message)}, status=status.HTTP_403_FORBIDDEN)
        body = ProcedureDetailOutput(Procedure.objects.select_related("entry", "case", "executor",
                                                                      "repeat_of__entry").get(pk=procedure.pk),
                                     context=_output_context(request)).data
        location = request.build_absolute_uri(reverse("api-procedure", kwargs={"pk": procedure.pk}))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class ProcedureDetailView(GenericAPIView):
    """One proposal, signal or complaint with its clocks; the read is recorded."""

    permission_classes = [IsAuthenticated, IsStaff]
    serializer_class = ProcedureDetailOutput

    @extend_schema(operation_id="procedures_retrieve", responses={200: ProcedureDetailOutput},
                   summary=gettext_lazy("Read a proposal, signal or complaint"))
    def get(self, request, pk: int):
        procedure = _detail(request, pk)
        audit_read(actor=request.user, obj=procedure, request=request)
        return Response(ProcedureDetailOutput(procedure, context=_output_context(request)).data)
