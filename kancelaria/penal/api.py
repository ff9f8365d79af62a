"""The staff REST API of administrative-penal proceedings (version 1): cases (list,
register a statement, read with its clocks, POST the steps), findings and tickets.

Only the holders of `penal.view_penal_register` use it (403 otherwise, recorded in the
audit trail). The views translate between HTTP and `services` (writes) and `selectors`
(reads); errors are the project's: 400 with field errors, 403, 404. Rules: DOMAIN.md 9.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from kancelaria.accounts.models import User
from kancelaria.audit.services import Action, audit_read, audit_record
from kancelaria.registry.api import NamedChoiceField, RegisterPagination
from kancelaria.registry.models import Channel

from . import selectors, services
from .models import (
    TICKET_FINE,
    AppealOutcome,
    DecisionKind,
    DecreeDelivery,
    OffenderKind,
    Origin,
    PenalCase,
    SanctionType,
    Stage,
    StatementDelivery,
    TerminationGround,
    TicketOutcome,
    WitnessBasis,
)
from .services import Statement

ERRORS = {
    400: OpenApiResponse(description=gettext_lazy("Field errors: {\"code\", \"detail\", \"<field>\": [\"...\"]}")),
    403: OpenApiResponse(description=gettext_lazy("Not a holder of the penal register, or not allowed this step.")),
}


class KeepsRegister(BasePermission):
    message = gettext_lazy("Only the holders of the penal register see administrative-penal cases.")

    def has_permission(self, request, view) -> bool:
        if services.keeps_register(request.user):
            return True
        if request.user and request.user.is_authenticated:
            audit_record(actor=request.user, action=Action.DENIED, object_type="penal.penalcase",
                         object_repr="penal API", request=request)
        return False


# --------------------------------------------------------------------------- output

class PenalProvisionSerializer(serializers.Serializer):
    act = serializers.CharField()
    article = serializers.CharField()
    paragraph = serializers.CharField(required=False, allow_blank=True, default="")
    point = serializers.CharField(required=False, allow_blank=True, default="")


class PenalWitnessSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()


class PenalClockOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text=gettext_lazy(
        "not_started, running, due_soon, overdue, done, late, ended (the offender's period), suspended"))
    days_left = serializers.IntegerField(allow_null=True)
    explanation = serializers.JSONField(allow_null=True, help_text=gettext_lazy(
        "How the deadline engine counted the date (start, period, pauses, days skipped)."))


class PenalCaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField(help_text=gettext_lazy("\"АНП 12/2026\": the statement's sequence number."))
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    statement_number = serializers.CharField(source="entry.number")
    case_file = serializers.CharField(source="case.number")
    origin = NamedChoiceField("PenalOrigin", Origin.choices)
    stage = serializers.SerializerMethodField()
    suspended = serializers.SerializerMethodField()
    drawn_up_on = serializers.DateField()
    received_on = serializers.DateField()
    violation_date = serializers.DateField()
    violation_place = serializers.CharField()
    provisions = PenalProvisionSerializer(many=True)
    offender_kind = NamedChoiceField("OffenderKind", OffenderKind.choices)
    offender_name = serializers.CharField()
    offender_identifier = serializers.SerializerMethodField(help_text=gettext_lazy(
        "EGN, masked without `penal.view_offender_data`; an entity's EIK."))
    late_ground = serializers.CharField(help_text=gettext_lazy(
        "Set when the statement came after a limit of art. 34(1): only termination may follow."))
    decree_limit = serializers.DateField(allow_null=True)
    decision_kind = NamedChoiceField("PenalDecisionKind", DecisionKind.choices, allow_blank=True)
    decree_number = serializers.SerializerMethodField()
    final_on = serializers.DateField(allow_null=True)

    def get_stage(self, obj) -> str:
        return obj.stage_now(timezone.localdate())

    def get_suspended(self, obj) -> bool:
        return selectors.is_suspended(obj)

    def get_offender_identifier(self, obj) -> str:
        return selectors.offender_identifier(self.context["request"].user, obj)

    def get_decree_number(self, obj) -> str | None:
        return obj.decree_number if obj.decision_kind == DecisionKind.DECREE else None


class PenalObjectionOutput(serializers.Serializer):
    number = serializers.CharField(source="entry.number")
    received_on = serializers.DateField()
    in_time = serializers.BooleanField()
    summary = serializers.CharField()


class PenalCaseDetailOutput(PenalCaseOutput):
    author_name = serializers.CharField()
    author_position = serializers.CharField()
    description = serializers.CharField()
    circumstances = serializers.CharField()
    offender_address = serializers.CharField()
    witness_basis = NamedChoiceField("WitnessBasis", WitnessBasis.choices)
    witnesses = PenalWitnessSerializer(many=True)
    delivered_on = serializers.DateField(allow_null=True)
    opinion_on = serializers.DateField(allow_null=True)
    opinion_proposal = serializers.CharField()
    sanction_type = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    termination_ground = serializers.CharField()
    court = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    decree_delivered_on = serializers.DateField(allow_null=True)
    appeal_lodged_on = serializers.DateField(allow_null=True)
    objections = PenalObjectionOutput(many=True, source="objections.all")
    clocks = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    def get_clocks(self, obj) -> list[dict]:
        return [PenalClockOutput({"key": c.key, "label": str(c.label), "due": c.due, "done_on": c.done_on,
                             "state": c.state, "days_left": c.days_left, "explanation": c.explanation}).data
                for c in selectors.case_clocks(obj, timezone.localdate())]

    def get_documents(self, obj) -> list[str]:
        return [e.number for e in selectors.case_documents(obj)]


class PenalFindingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")
    found_on = serializers.DateField()
    violation_date = serializers.DateField()
    violation_place = serializers.CharField()
    description = serializers.CharField()
    provision = serializers.CharField()
    offender_known = serializers.BooleanField()
    offender_name = serializers.CharField()
    discovered_on = serializers.DateField(allow_null=True)
    statement_by = serializers.DateField(help_text=gettext_lazy(
        "The earlier of 3 months from discovering the offender and one year from the violation."))
    explanation = serializers.JSONField(source="binding_limit_x")
    penal_case = serializers.SerializerMethodField()

    def get_penal_case(self, obj) -> int | None:
        case = getattr(obj, "penal_case", None)
        return case.pk if case is not None else None


class PenalTicketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")
    issued_on = serializers.DateField()
    issued_by = serializers.CharField()
    offender_name = serializers.CharField()
    offender_identifier = serializers.SerializerMethodField()
    violation = serializers.CharField()
    provision = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    outcome = NamedChoiceField("TicketOutcome", TicketOutcome.choices)
    final_on = serializers.DateField(allow_null=True)
    penal_case = serializers.IntegerField(source="penal_case_id", allow_null=True)

    def get_offender_identifier(self, obj) -> str:
        return selectors.offender_identifier(self.context["request"].user, obj)


# --------------------------------------------------------------------------- input

class PenalCaseFilterInput(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    stage = serializers.ChoiceField(choices=[*Stage.choices, (selectors.SUSPENDED, "suspended")], required=False,
                                    allow_blank=True, default="")
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, default="")


class PenalStatementInput(serializers.Serializer):
    origin = NamedChoiceField("PenalOrigin", Origin.choices, default=Origin.STATEMENT)
    origin_reference = serializers.CharField(allow_blank=True, default="")
    author_name = serializers.CharField(allow_blank=True, default="")
    author_position = serializers.CharField(allow_blank=True, default="")
    drawn_up_on = serializers.DateField(allow_null=True, default=None)
    violation_date = serializers.DateField(allow_null=True, default=None)
    violation_place = serializers.CharField(allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    circumstances = serializers.CharField(allow_blank=True, default="")
    provisions = serializers.ListField(child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
                                       default=list, help_text=gettext_lazy(
                                           "[{\"act\", \"article\", \"paragraph\", \"point\"}]"))
    offender_kind = NamedChoiceField("OffenderKind", OffenderKind.choices, default=OffenderKind.PERSON)
    offender_name = serializers.CharField(allow_blank=True, default="")
    offender_egn = serializers.CharField(allow_blank=True, default="")
    offender_eik = serializers.CharField(allow_blank=True, default="")
    offender_birth_date = serializers.DateField(allow_null=True, default=None)
    offender_document = serializers.CharField(allow_blank=True, default="")
    offender_address = serializers.CharField(allow_blank=True, default="")
    offender_workplace = serializers.CharField(allow_blank=True, default="")
    witness_basis = NamedChoiceField("WitnessBasis", WitnessBasis.choices, default=WitnessBasis.PRESENT)
    witnesses = serializers.ListField(child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
                                      default=list, help_text=gettext_lazy("[{\"name\", \"address\"}]"))
    explanations = serializers.CharField(allow_blank=True, default="")
    injured = serializers.CharField(allow_blank=True, default="")
    evidence = serializers.CharField(allow_blank=True, default="")
    seized_items = serializers.CharField(allow_blank=True, default="")
    seized_keeper = serializers.CharField(allow_blank=True, default="")
    wants_e_delivery = serializers.BooleanField(default=False)
    discovered_on = serializers.DateField(allow_null=True, default=None)
    finding = serializers.IntegerField(allow_null=True, default=None)
    ticket = serializers.IntegerField(allow_null=True, default=None)

    def statement(self) -> Statement:
        d = self.validated_data
        return Statement(**{k: d[k] for k in Statement.__dataclass_fields__})


class PenalDeliveryInput(serializers.Serializer):
    on = serializers.DateField()
    how = NamedChoiceField("StatementDelivery", StatementDelivery.choices)
    witness = serializers.CharField(allow_blank=True, default="")


class PenalObjectionInput(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.DESK)
    sender = serializers.CharField(allow_blank=True, default="")


class PenalLawyerInput(serializers.Serializer):
    lawyer = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    on = serializers.DateField()


class PenalOpinionInput(serializers.Serializer):
    legal_basis = serializers.CharField(allow_blank=True, default="")
    sanctions = serializers.CharField(allow_blank=True, default="")
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, default=None)
    maximum = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, default=None)
    minor = serializers.BooleanField(allow_null=True, default=None)
    proposal = serializers.CharField(allow_blank=True, default="")
    on = serializers.DateField(allow_null=True, default=None)


class PenalDateInput(serializers.Serializer):
    on = serializers.DateField()


class PenalNotFoundInput(PenalDateInput):
    note = serializers.CharField(allow_blank=True, default="")


class PenalDecisionInput(serializers.Serializer):
    kind = NamedChoiceField("PenalDecisionKind", DecisionKind.choices)
    on = serializers.DateField(allow_null=True, default=None)
    sanction_type = serializers.ChoiceField(choices=SanctionType.choices, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, default=None)
    deprivation_months = serializers.IntegerField(min_value=1, allow_null=True, default=None)
    aggravating = serializers.CharField(allow_blank=True, default="")
    mitigating = serializers.CharField(allow_blank=True, default="")
    termination_ground = serializers.ChoiceField(choices=TerminationGround.choices, allow_blank=True, default="")
    reasons = serializers.CharField(allow_blank=True, default="")
    court = serializers.CharField(allow_blank=True, default="")


class PenalDecreeDeliveryInput(serializers.Serializer):
    on = serializers.DateField()
    how = NamedChoiceField("DecreeDelivery", DecreeDelivery.choices)
    note = serializers.CharField(allow_blank=True, default="")


class PenalAppealInput(serializers.Serializer):
    lodged_on = serializers.DateField()
    court = serializers.CharField(allow_blank=True, default="")
    letter_number = serializers.CharField(allow_blank=True, default="")
    letter_date = serializers.DateField(allow_null=True, default=None)
    sent_on = serializers.DateField(allow_null=True, default=None)
    register_letter = serializers.BooleanField(default=False)


class PenalOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(k, v) for k, v in AppealOutcome.choices if k])
    on = serializers.DateField()


class PenalFindingInput(serializers.Serializer):
    found_on = serializers.DateField()
    author_name = serializers.CharField(allow_blank=True, default="")
    violation_date = serializers.DateField()
    violation_place = serializers.CharField(allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    provision = serializers.CharField(allow_blank=True, default="")
    offender_known = serializers.BooleanField(default=False)
    offender_name = serializers.CharField(allow_blank=True, default="")
    offender_address = serializers.CharField(allow_blank=True, default="")
    discovered_on = serializers.DateField(allow_null=True, default=None)


class PenalTicketInput(serializers.Serializer):
    issued_on = serializers.DateField()
    issued_by = serializers.CharField(allow_blank=True, default="")
    offender_name = serializers.CharField(allow_blank=True, default="")
    offender_egn = serializers.CharField(allow_blank=True, default="")
    offender_address = serializers.CharField(allow_blank=True, default="")
    violation = serializers.CharField(allow_blank=True, default="")
    violation_place = serializers.CharField(allow_blank=True, default="")
    provision = serializers.CharField(allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, default=TICKET_FINE)
    outcome = NamedChoiceField("TicketOutcome", TicketOutcome.choices)


# The steps of a case: input, and the service call with the validated data.
ACTIONS = {
    "delivery": (PenalDeliveryInput, lambda c, d: services.case_deliver(**c, **d)),
    "objection": (PenalObjectionInput, lambda c, d: services.objection_register(**c, **d)),
    "lawyer": (PenalLawyerInput, lambda c, d: services.case_to_lawyer(**c, **d)),
    "opinion": (PenalOpinionInput, lambda c, d: services.case_opinion(**c, **d)),
    "authority": (PenalDateInput, lambda c, d: services.case_to_authority(**c, **d)),
    "not-found": (PenalNotFoundInput, lambda c, d: services.not_found_start(**c, **d)),
    "found": (PenalDateInput, lambda c, d: services.not_found_end(**c, **d)),
    "decision": (PenalDecisionInput, lambda c, d: services.case_decide(**c, **d)),
    "issue": (PenalDateInput, lambda c, d: services.decree_issue(**c, **d)),
    "decree-delivery": (PenalDecreeDeliveryInput, lambda c, d: services.decree_deliver(**c, **d)),
    "appeal": (PenalAppealInput, lambda c, d: services.appeal_record(**c, **d)),
    "outcome": (PenalOutcomeInput, lambda c, d: services.appeal_outcome_record(**c, **d)),
}


# --------------------------------------------------------------------------- views

def _case(request, pk: int) -> PenalCase:
    penal = selectors.cases_visible(request.user).filter(pk=pk).first()
    if penal is None:
        raise NotFound(_("No penal case with this id."))
    return penal


def _detail(request, pk: int) -> Response:
    penal = _case(request, pk)
    return Response(PenalCaseDetailOutput(penal, context={"request": request}).data)


class CaseListView(GenericAPIView):
    """The register of penal cases, and registering a statement."""

    permission_classes = [IsAuthenticated, KeepsRegister]
    pagination_class = RegisterPagination
    serializer_class = PenalStatementInput

    @extend_schema(operation_id="penal_cases_list", parameters=[PenalCaseFilterInput], responses=PenalCaseOutput(many=True),
                   summary=gettext_lazy("List penal cases"))
    def get(self, request):
        filters = PenalCaseFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        d = filters.validated_data
        qs = selectors.cases_search(selectors.cases_visible(request.user), today=timezone.localdate(),
                                    year=d.get("year"), stage=d["stage"], overdue=d["overdue"], text=d["q"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PenalCaseOutput(page, many=True, context={"request": request}).data)

    @extend_schema(operation_id="penal_cases_create", request=PenalStatementInput,
                   responses={201: PenalCaseDetailOutput, **ERRORS},
                   summary=gettext_lazy("Register a statement of violation (opens a penal case)"))
    def post(self, request):
        data = PenalStatementInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        finding = selectors.findings_visible(request.user).filter(pk=d["finding"]).first() if d["finding"] else None
        ticket = selectors.tickets_visible(request.user).filter(pk=d["ticket"]).first() if d["ticket"] else None
        if d["finding"] and finding is None:
            raise NotFound(_("No finding with this id."))
        if d["ticket"] and ticket is None:
            raise NotFound(_("No ticket with this id."))
        penal = services.case_open(actor=request.user, statement=data.statement(), origin=d["origin"],
                                   origin_reference=d["origin_reference"], discovered_on=d["discovered_on"],
                                   finding=finding, ticket=ticket, request=request)
        body = PenalCaseDetailOutput(_case(request, penal.pk), context={"request": request}).data
        location = request.build_absolute_uri(reverse("api-penal-case", kwargs={"pk": penal.pk}))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class CaseDetailView(GenericAPIView):
    """One penal case with its clocks (each with the engine's explanation); the read is recorded."""

    permission_classes = [IsAuthenticated, KeepsRegister]
    serializer_class = PenalCaseDetailOutput

    @extend_schema(operation_id="penal_cases_retrieve", responses={200: PenalCaseDetailOutput, **ERRORS},
                   summary=gettext_lazy("Read a penal case"))
    def get(self, request, pk: int):
        penal = _case(request, pk)
        audit_read(actor=request.user, obj=penal, request=request)
        return Response(PenalCaseDetailOutput(penal, context={"request": request}).data)


class CaseActionView(GenericAPIView):
    """A step of a penal case: delivery, objection, lawyer, opinion, authority, not-found,
    found, decision, issue, decree-delivery, appeal, outcome."""

    permission_classes = [IsAuthenticated, KeepsRegister]
    serializer_class = PenalDateInput

    @extend_schema(
        operation_id="penal_cases_action", request=PenalDeliveryInput,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS), description=gettext_lazy(
            "The step; its body is the matching input (PenalDeliveryInput, PenalObjectionInput, PenalLawyerInput, PenalOpinionInput, "
            "PenalDateInput, PenalNotFoundInput, PenalDecisionInput, PenalDecreeDeliveryInput, PenalAppealInput, PenalOutcomeInput)."))],
        responses={200: PenalCaseDetailOutput, **ERRORS, 404: OpenApiResponse(description=gettext_lazy(
            "No such case or step."))},
        summary=gettext_lazy("Record a step of a penal case"),
    )
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise NotFound(_("No such step."))
        penal = _case(request, pk)
        input_class, call = ACTIONS[action]
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        call({"actor": request.user, "penal": penal, "request": request}, dict(data.validated_data))
        return _detail(request, pk)


class FindingListView(GenericAPIView):
    permission_classes = [IsAuthenticated, KeepsRegister]
    pagination_class = RegisterPagination
    serializer_class = PenalFindingInput

    @extend_schema(operation_id="penal_findings_list", responses=PenalFindingOutput(many=True),
                   summary=gettext_lazy("List findings of violations"))
    def get(self, request):
        page = self.paginate_queryset(selectors.findings_visible(request.user).order_by("statement_by", "id"))
        return self.get_paginated_response(PenalFindingOutput(page, many=True).data)

    @extend_schema(operation_id="penal_findings_create", request=PenalFindingInput, responses={201: PenalFindingOutput, **ERRORS},
                   summary=gettext_lazy("Register a finding of a violation"))
    def post(self, request):
        data = PenalFindingInput(data=request.data)
        data.is_valid(raise_exception=True)
        finding = services.finding_register(actor=request.user, request=request, **data.validated_data)
        return Response(PenalFindingOutput(finding).data, status=status.HTTP_201_CREATED)


class FindingDetailView(GenericAPIView):
    permission_classes = [IsAuthenticated, KeepsRegister]
    serializer_class = PenalFindingOutput

    @extend_schema(operation_id="penal_findings_retrieve", responses={200: PenalFindingOutput, **ERRORS},
                   summary=gettext_lazy("Read a finding"))
    def get(self, request, pk: int):
        finding = selectors.findings_visible(request.user).filter(pk=pk).first()
        if finding is None:
            raise NotFound(_("No finding with this id."))
        return Response(PenalFindingOutput(finding).data)


class TicketListView(GenericAPIView):
    permission_classes = [IsAuthenticated, KeepsRegister]
    pagination_class = RegisterPagination
    serializer_class = PenalTicketInput

    @extend_schema(operation_id="penal_tickets_list", responses=PenalTicketOutput(many=True),
                   summary=gettext_lazy("List on-the-spot tickets"))
    def get(self, request):
        page = self.paginate_queryset(selectors.tickets_visible(request.user).order_by("-issued_on", "-id"))
        return self.get_paginated_response(PenalTicketOutput(page, many=True, context={"request": request}).data)

    @extend_schema(operation_id="penal_tickets_create", request=PenalTicketInput, responses={201: PenalTicketOutput, **ERRORS},
                   summary=gettext_lazy("Register an on-the-spot ticket"))
    def post(self, request):
        data = PenalTicketInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_issue(actor=request.user, request=request, **data.validated_data)
        return Response(PenalTicketOutput(ticket, context={"request": request}).data, status=status.HTTP_201_CREATED)


class TicketDetailView(GenericAPIView):
    permission_classes = [IsAuthenticated, KeepsRegister]
    serializer_class = PenalTicketOutput

    @extend_schema(operation_id="penal_tickets_retrieve", responses={200: PenalTicketOutput, **ERRORS},
                   summary=gettext_lazy("Read an on-the-spot ticket"))
    def get(self, request, pk: int):
        ticket = selectors.tickets_visible(request.user).filter(pk=pk).first()
        if ticket is None:
            raise NotFound(_("No ticket with this id."))
        return Response(PenalTicketOutput(ticket, context={"request": request}).data)

