"""The staff REST API of access to public information (version 1, under
/api/v1/information/): the electronic register of requests and intake, one request with
its clocks and documents, each step of the procedure, and the tariff.

The views only translate between HTTP and `services` (writes) and `selectors`
(need-to-know reads: only those who handle requests see them). Service errors come back
through the project's exception handler: 400 with the field errors nested like the
input, 403 for a step the user may not take. Rules: DOMAIN.md section 5.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from kancelaria.audit.services import audit_read
from kancelaria.core.errors import ValidationFailed
from kancelaria.registry.api import (
    CorrespondentInput,
    CorrespondentOutput,
    NamedChoiceField,
    RegisterPagination,
    _output_context,
    case_status_field,
    document_type_field,
    entry_kind_field,
    service_error_response,
)
from kancelaria.registry.services import Correspondent, Registration

from . import selectors, services
from .models import (
    AccessForm,
    ConsentAnswer,
    DeliveryMethod,
    ExtensionReason,
    InfoChannel,
    InfoRequest,
    Outcome,
    PublishField,
    RefusalGround,
    RequesterType,
    RequestKind,
    Status,
    TariffItem,
    ThirdParty,
    WithoutActionReason,
)
from .views import clock


def kind_field(**kwargs):
    return NamedChoiceField("InfoRequestKind", RequestKind.choices, **kwargs)


def channel_field(**kwargs):
    return NamedChoiceField("InfoChannel", InfoChannel.choices, **kwargs)


def access_form_field(**kwargs):
    return NamedChoiceField("AccessForm", AccessForm.choices, **kwargs)


def status_field(**kwargs):
    return NamedChoiceField("InfoRequestStatus", Status.choices, **kwargs)


def refusal_ground_field(**kwargs):
    return NamedChoiceField("RefusalGround", RefusalGround.choices, **kwargs)


DESK_CHANNELS = [(c.value, c.label) for c in InfoChannel if c != InfoChannel.PORTAL]


# --------------------------------------------------------------------------- permissions

class HandlesRequests(BasePermission):
    """Only the officers who handle requests see them (`publicinfo.handle_inforequest`,
    resolvers, administrators); registrars and administrators register new ones."""

    message = gettext_lazy("Only the officers who handle requests for information see them; only registrars and "
                           "administrators register them.")

    def has_permission(self, request, view) -> bool:
        if request.method == "POST" and getattr(view, "intake", False):
            return selectors.can_intake(request.user)
        return selectors.can_handle(request.user)


# --------------------------------------------------------------------------- output

class InfoCaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = case_status_field()


class InfoEntryRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class InfoRequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="entry.number")
    case = InfoCaseOutput()
    kind = kind_field()
    channel = channel_field()
    requester_type = NamedChoiceField("RequesterType", RequesterType.choices)
    requester = CorrespondentOutput(source="entry")
    received_on = serializers.DateField()
    description = serializers.CharField()
    status = status_field()
    outcome = NamedChoiceField("InfoOutcome", Outcome.choices, allow_blank=True)
    without_action_reason = NamedChoiceField("WithoutActionReason", WithoutActionReason.choices, allow_blank=True)
    counted_from = serializers.DateField(allow_null=True)
    decision_due = serializers.DateField(allow_null=True, help_text=gettext_lazy(
        "14 days from `counted_from` with the extensions; null while the clock is stopped for a clarification."))
    days_left = serializers.SerializerMethodField(help_text=gettext_lazy(
        "Days until the decision is due, for a request not yet decided; null otherwise."))
    days_late = serializers.SerializerMethodField(help_text=gettext_lazy(
        "How many days the decision is (or was) late; 0 when on time."))
    decided_on = serializers.DateField(allow_null=True)
    delivered_on = serializers.DateField(allow_null=True)

    def get_days_left(self, obj: InfoRequest) -> int | None:
        return clock(obj, timezone.localdate())["days_left"]

    def get_days_late(self, obj: InfoRequest) -> int:
        return clock(obj, timezone.localdate())["late_days"]


class InfoCostLineOutput(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    name = serializers.CharField(source="item.name")
    quantity = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)


class InfoClarificationOutput(serializers.Serializer):
    question = serializers.CharField()
    asked_on = serializers.DateField()
    answer_by = serializers.DateField()
    answered_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField()
    lapsed_on = serializers.DateField(allow_null=True)
    letter = InfoEntryRef()


class InfoExtensionOutput(serializers.Serializer):
    reason = NamedChoiceField("ExtensionReason", ExtensionReason.choices)
    days = serializers.IntegerField()
    note = serializers.CharField()
    old_due = serializers.DateField()
    new_due = serializers.DateField()
    letter = InfoEntryRef()


class InfoThirdPartyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    unit_told_due = serializers.DateField(help_text=gettext_lazy("5 days from registration."))
    unit_told_on = serializers.DateField(allow_null=True)
    consent_asked_due = serializers.DateField(help_text=gettext_lazy("7 days from registration."))
    consent_asked_on = serializers.DateField(allow_null=True)
    consent_letter = InfoEntryRef(allow_null=True)
    answer = NamedChoiceField("ConsentAnswer", ConsentAnswer.choices)
    answered_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class InfoDocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    registered_on = serializers.DateField()
    kind = entry_kind_field()
    doc_type = document_type_field()
    subject = serializers.CharField()


class InfoRequestDetailOutput(InfoRequestOutput):
    tracking_code = serializers.CharField(source="case.tracking_code")
    preferred_forms = serializers.ListField(child=access_form_field())
    accessible_form = serializers.CharField()
    protocol_signed = serializers.BooleanField()
    missing_content = serializers.ListField(child=serializers.CharField())
    publish_consent = serializers.ListField(child=NamedChoiceField("PublishField", PublishField.choices))
    due_explanation = serializers.DictField(help_text=gettext_lazy(
        "How the deadline engine counted the decision date (start, days, skipped days, extensions)."))
    forward_due = serializers.DateField(allow_null=True)
    forwarded_to = serializers.CharField()
    forwarded_on = serializers.DateField(allow_null=True)
    decision_entry = InfoEntryRef(allow_null=True)
    extent = serializers.CharField()
    access_until = serializers.DateField(allow_null=True)
    access_place = serializers.CharField()
    access_officer = serializers.SerializerMethodField()
    access_forms = serializers.ListField(child=access_form_field())
    costs = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    cost_lines = InfoCostLineOutput(many=True)
    other_bodies = serializers.CharField()
    refusal_grounds = serializers.ListField(child=refusal_ground_field())
    factual_grounds = serializers.CharField()
    appeal_route = serializers.CharField()
    information_text = serializers.CharField()
    information_url = serializers.CharField()
    delivery_method = NamedChoiceField("DeliveryMethod", DeliveryMethod.choices, allow_blank=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_document = serializers.CharField()
    protocol_on = serializers.DateField(allow_null=True)
    protocol_entry = InfoEntryRef(allow_null=True)
    access_given_on = serializers.DateField(allow_null=True)
    requester_refused_on = serializers.DateField(allow_null=True)
    clarifications = InfoClarificationOutput(many=True)
    extensions = InfoExtensionOutput(many=True)
    third_parties = InfoThirdPartyOutput(many=True)
    documents = serializers.SerializerMethodField()

    def get_access_officer(self, obj: InfoRequest) -> str | None:
        return str(obj.access_officer) if obj.access_officer_id else None

    @extend_schema_field(InfoDocumentOutput(many=True))
    def get_documents(self, obj: InfoRequest) -> list[dict]:
        return InfoDocumentOutput(selectors.request_dossier(obj), many=True).data


class InfoTariffItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    is_active = serializers.BooleanField()


# --------------------------------------------------------------------------- input

class InfoRegisterFilterInput(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)
    kind = kind_field(required=False, allow_blank=True, default="")
    status = status_field(required=False, allow_blank=True, default="")
    overdue = serializers.BooleanField(required=False, default=False, help_text=gettext_lazy(
        "Only requests under consideration past their decision deadline."))
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200, help_text=gettext_lazy(
        "A register or case number, or words of the description or the requester's name."))


class InfoIntakeInput(serializers.Serializer):
    kind = kind_field(default=RequestKind.ACCESS)
    channel = NamedChoiceField("InfoDeskChannel", DESK_CHANNELS, help_text=gettext_lazy(
        "How the request was received; an oral request is written in a protocol (`notes`) signed by the requester "
        "and the clerk (`protocol_signed`)."))
    requester_type = NamedChoiceField("RequesterType", RequesterType.choices)
    requester = CorrespondentInput(required=False, help_text=gettext_lazy(
        "Names (or the name and seat of an organisation) and an address or e-mail for correspondence. Without "
        "them, or without a description, the request is registered and left without action."))
    description = serializers.CharField(allow_blank=True, default="", max_length=20000)
    preferred_forms = serializers.ListField(child=access_form_field(), default=list)
    accessible_form = serializers.CharField(allow_blank=True, default="", max_length=300)
    protocol_signed = serializers.BooleanField(default=False)
    publish_consent = serializers.ListField(child=NamedChoiceField("PublishField", PublishField.choices),
                                            default=list)
    notes = serializers.CharField(allow_blank=True, default="")
    pages = serializers.IntegerField(min_value=0, default=1)
    attachments = serializers.ListField(child=serializers.FileField(), default=list,
                                        help_text=gettext_lazy("Scans and files (multipart/form-data only)."))

    def registration(self) -> Registration:
        d = self.validated_data
        return Registration(kind="incoming", subject="", channel="", notes=d["notes"], pages=d["pages"],
                            files=d["attachments"], correspondent=Correspondent.from_data(d.get("requester")))


class InfoStepInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=gettext_lazy(
        "The day of the step; today when left out."))


class InfoClarifyInput(InfoStepInput):
    question = serializers.CharField()


class InfoClarificationInput(InfoStepInput):
    answer = serializers.CharField()
    channel = NamedChoiceField("InfoChannel", InfoChannel.choices, default=InfoChannel.POST)


class InfoExtendInput(InfoStepInput):
    reason = NamedChoiceField("ExtensionReason", ExtensionReason.choices)
    days = serializers.IntegerField(min_value=1, max_value=14)
    note = serializers.CharField(allow_blank=True, default="")


class InfoThirdPartyInput(serializers.Serializer):
    name = serializers.CharField(max_length=250)
    address = serializers.CharField(max_length=300, allow_blank=True, default="")


class InfoThirdPartyRecordInput(serializers.Serializer):
    unit_told_on = serializers.DateField(required=False, allow_null=True, default=None)
    consent_asked_on = serializers.DateField(required=False, allow_null=True, default=None)
    answer = NamedChoiceField("ConsentAnswer", ConsentAnswer.choices, allow_blank=True, default="")
    answered_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(allow_blank=True, default="")


class InfoForwardInput(InfoStepInput):
    to_body = serializers.CharField(max_length=300)


class InfoCostLineInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=TariffItem.objects.filter(is_active=True),
                                        help_text=gettext_lazy("The code of a tariff item in use."))
    quantity = serializers.IntegerField(min_value=1)


class InfoGrantInput(InfoStepInput):
    partial = serializers.BooleanField(default=False)
    extent = serializers.CharField()
    access_until = serializers.DateField()
    place = serializers.CharField(allow_blank=True, default="", max_length=300)
    officer = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True),
                                                 help_text=gettext_lazy("The id of the officer who gives access."))
    forms = serializers.ListField(child=access_form_field(), allow_empty=False)
    cost_lines = InfoCostLineInput(many=True, required=False, default=list)
    other_bodies = serializers.CharField(allow_blank=True, default="")
    refusal_grounds = serializers.ListField(child=refusal_ground_field(), default=list)
    factual_grounds = serializers.CharField(allow_blank=True, default="")
    appeal_route = serializers.CharField(allow_blank=True, default="")
    information_text = serializers.CharField(allow_blank=True, default="")
    information_url = serializers.URLField(allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), default=list,
                                  help_text=gettext_lazy("Files of the information (multipart/form-data only)."))


class InfoRefuseInput(InfoStepInput):
    grounds = serializers.ListField(child=refusal_ground_field(), allow_empty=False)
    factual_grounds = serializers.CharField()
    appeal_route = serializers.CharField(allow_blank=True, default="", help_text=gettext_lazy(
        "Left empty: before the Administrative Court within 14 days of delivery, through the mayor."))


class InfoNotHeldInput(InfoStepInput):
    note = serializers.CharField()


class InfoDeliverInput(InfoStepInput):
    method = NamedChoiceField("DeliveryMethod", DeliveryMethod.choices)


class InfoPaymentInput(serializers.Serializer):
    on = serializers.DateField()
    document = serializers.CharField(max_length=100)


class InfoAccessInput(serializers.Serializer):
    on = serializers.DateField()
    notes = serializers.CharField(allow_blank=True, default="")


# --------------------------------------------------------------------------- views

ERRORS = {
    400: OpenApiResponse(description=gettext_lazy(
        "Field errors, nested like the input ({\"forms\": [\"...\"]}), or `request` when the request's state "
        "does not allow the step.")),
    403: OpenApiResponse(description=gettext_lazy("Not a handler of requests, or not allowed to take this step.")),
    404: OpenApiResponse(description=gettext_lazy("No request with this id.")),
}


def _detail_queryset(user):
    return selectors.visible_requests(user).select_related("access_officer", "protocol_entry").prefetch_related(
        "cost_lines__item", "clarifications__letter", "extensions__letter", "third_parties__consent_letter")


def _get(request, pk: int) -> InfoRequest:
    found = _detail_queryset(request.user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No request for information with this id."))
    return found


def _body(request, pk: int) -> dict:
    return InfoRequestDetailOutput(_get(request, pk), context=_output_context(request)).data


class InfoRequestListView(GenericAPIView):
    """The electronic register of requests (handlers) and intake (registrars)."""

    permission_classes = [IsAuthenticated, HandlesRequests]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = RegisterPagination
    serializer_class = InfoIntakeInput
    intake = True

    @extend_schema(operation_id="information_requests_list", parameters=[InfoRegisterFilterInput],
                   responses={200: InfoRequestOutput(many=True), 400: ERRORS[400], 403: ERRORS[403]},
                   summary=gettext_lazy("The register of requests for information"))
    def get(self, request):
        filters = InfoRegisterFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        values = {k: v for k, v in filters.validated_data.items() if v not in ("", None, False)}
        page = self.paginate_queryset(selectors.register_rows(values, user=request.user))
        return self.get_paginated_response(InfoRequestOutput(page, many=True, context=_output_context(request)).data)

    @extend_schema(operation_id="information_requests_intake", request=InfoIntakeInput,
                   responses={201: InfoRequestDetailOutput, 400: ERRORS[400], 403: OpenApiResponse(
                       description=gettext_lazy("Not a registrar or administrator."))},
                   summary=gettext_lazy("Register a request for information"))
    def post(self, request):
        serializer = InfoIntakeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            r = services.request_intake(
                actor=request.user, registration=serializer.registration(), kind=d["kind"], channel=d["channel"],
                requester_type=d["requester_type"], description=d["description"],
                preferred_forms=d["preferred_forms"], accessible_form=d["accessible_form"],
                protocol_signed=d["protocol_signed"], publish_consent=d["publish_consent"], request=request)
        except ValidationFailed as exc:
            # The registry names the sender `correspondent`; here he is the `requester`.
            return service_error_response(exc, fields={
                ("requester." + k.removeprefix("correspondent.")) if k.startswith("correspondent.") else k: v
                for k, v in exc.fields.items()})
        body = InfoRequestDetailOutput(InfoRequest.objects.select_related("entry", "case").get(pk=r.pk),
                                       context=_output_context(request)).data
        location = request.build_absolute_uri(reverse("api-information-request", kwargs={"pk": r.pk}))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class InfoRequestDetailView(GenericAPIView):
    """One request with its clocks, steps and documents; the read is recorded."""

    permission_classes = [IsAuthenticated, HandlesRequests]
    serializer_class = InfoRequestDetailOutput

    @extend_schema(operation_id="information_requests_retrieve",
                   responses={200: InfoRequestDetailOutput, 403: ERRORS[403], 404: ERRORS[404]},
                   summary=gettext_lazy("Read a request for information"))
    def get(self, request, pk: int):
        r = _get(request, pk)
        audit_read(actor=request.user, obj=r, request=request)
        return Response(InfoRequestDetailOutput(r, context=_output_context(request)).data)


def _step_view(name: str, input_class, call, summary):
    """A POST endpoint for one step: validate the input, call the service, answer with the
    request as it now stands."""

    class StepView(GenericAPIView):
        permission_classes = [IsAuthenticated, HandlesRequests]
        parser_classes = [JSONParser, MultiPartParser, FormParser]
        serializer_class = input_class

        @extend_schema(operation_id=f"information_requests_{name.replace('-', '_')}", request=input_class,
                       responses={200: InfoRequestDetailOutput, **ERRORS}, summary=summary)
        def post(self, request, pk: int):
            r = _get(request, pk)
            serializer = input_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            call(request, r, serializer.validated_data)
            return Response(_body(request, pk))

    StepView.__name__ = StepView.__qualname__ = "".join(p.capitalize() for p in name.split("-")) + "StepView"
    StepView.__doc__ = None  # the (translated) summary describes it; a docstring would be fixed at import
    return StepView


class ThirdPartyRecordView(GenericAPIView):
    """Record a step with a third party: the unit told the secretary, consent asked, the answer."""

    permission_classes = [IsAuthenticated, HandlesRequests]
    serializer_class = InfoThirdPartyRecordInput

    @extend_schema(operation_id="information_requests_third_party_record", request=InfoThirdPartyRecordInput,
                   responses={200: InfoRequestDetailOutput, **ERRORS},
                   summary=gettext_lazy("Record a step with a third party"))
    def post(self, request, pk: int, tp: int):
        r = _get(request, pk)
        party = ThirdParty.objects.filter(request=r, pk=tp).first()
        if party is None:
            raise NotFound(_("No such third party on this request."))
        serializer = InfoThirdPartyRecordInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        services.third_party_record(actor=request.user, third_party=party, unit_told_on=d["unit_told_on"],
                                    consent_asked_on=d["consent_asked_on"],
                                    answer=d["answer"] if d["answer"] != ConsentAnswer.PENDING else "",
                                    answered_on=d["answered_on"], note=d["note"], request=request)
        return Response(_body(request, pk))


STEPS = {
    "clarify": (InfoClarifyInput, lambda q, r, d: services.clarification_ask(
        actor=q.user, info_request=r, question=d["question"], on=d["on"], request=q),
        gettext_lazy("Ask the requester to clarify the request (the clock stops)")),
    "clarification": (InfoClarificationInput, lambda q, r, d: services.clarification_answer(
        actor=q.user, info_request=r, answer=d["answer"], on=d["on"], channel=d["channel"], request=q),
        gettext_lazy("Record the requester's clarification (the 14 days start again)")),
    "extend": (InfoExtendInput, lambda q, r, d: services.extension_grant(
        actor=q.user, info_request=r, reason=d["reason"], days=d["days"], note=d["note"], on=d["on"], request=q),
        gettext_lazy("Extend the decision deadline")),
    "third-parties": (InfoThirdPartyInput, lambda q, r, d: services.third_party_add(
        actor=q.user, info_request=r, name=d["name"], address=d["address"], request=q),
        gettext_lazy("Record a third party whose consent is needed")),
    "forward": (InfoForwardInput, lambda q, r, d: services.request_forward(
        actor=q.user, info_request=r, to_body=d["to_body"], on=d["on"], request=q),
        gettext_lazy("Forward the request to the body that holds the information")),
    "grant": (InfoGrantInput, lambda q, r, d: services.decision_grant(
        actor=q.user, info_request=r, partial=d["partial"], extent=d["extent"], access_until=d["access_until"],
        place=d["place"], officer=d["officer"], forms=d["forms"],
        cost_lines=[(line["item"], line["quantity"]) for line in d["cost_lines"]], other_bodies=d["other_bodies"],
        refusal_grounds=d["refusal_grounds"], factual_grounds=d["factual_grounds"], appeal_route=d["appeal_route"],
        information_text=d["information_text"], information_url=d["information_url"], files=d["files"],
        on=d["on"], request=q),
        gettext_lazy("Grant access, in full or in part")),
    "refuse": (InfoRefuseInput, lambda q, r, d: services.decision_refuse(
        actor=q.user, info_request=r, grounds=d["grounds"], factual_grounds=d["factual_grounds"],
        appeal_route=d["appeal_route"], on=d["on"], request=q),
        gettext_lazy("Refuse access")),
    "not-held": (InfoNotHeldInput, lambda q, r, d: services.decision_not_held(
        actor=q.user, info_request=r, note=d["note"], on=d["on"], request=q),
        gettext_lazy("Tell the requester the information is not held")),
    "deliver": (InfoDeliverInput, lambda q, r, d: services.decision_deliver(
        actor=q.user, info_request=r, method=d["method"], on=d["on"], request=q),
        gettext_lazy("Record the delivery of the decision")),
    "payment": (InfoPaymentInput, lambda q, r, d: services.payment_record(
        actor=q.user, info_request=r, on=d["on"], document=d["document"], request=q),
        gettext_lazy("Record the payment of the costs")),
    "access": (InfoAccessInput, lambda q, r, d: services.access_give(
        actor=q.user, info_request=r, on=d["on"], notes=d["notes"], request=q),
        gettext_lazy("Access given: register the handover protocol")),
    "requester-refused": (InfoStepInput, lambda q, r, d: services.requester_refusal_record(
        actor=q.user, info_request=r, on=d["on"], request=q),
        gettext_lazy("Record that the requester did not collect or did not pay")),
}

STEP_VIEWS = {name: _step_view(name, *spec) for name, spec in STEPS.items()}


class TariffView(GenericAPIView):
    """The national tariff of the costs of access."""

    permission_classes = [IsAuthenticated, HandlesRequests]
    serializer_class = InfoTariffItemOutput
    pagination_class = None

    @extend_schema(operation_id="information_tariff_list", responses={200: InfoTariffItemOutput(many=True),
                                                                       403: ERRORS[403]},
                   summary=gettext_lazy("The tariff of the costs of access"))
    def get(self, request):
        return Response(InfoTariffItemOutput(TariffItem.objects.order_by("ordering", "code"), many=True).data)
