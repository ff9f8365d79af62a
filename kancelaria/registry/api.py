"""The staff REST API of the registry (version 1): indexes, register entries and case
files.

Input and output serializers are separate; the views only translate between HTTP and
`services` (writes) and `selectors` (need-to-know reads). Rules: DOMAIN.md section 2
(registration) and 11 (need-to-know, personal numbers masked, reads recorded).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from kancelaria.accounts.models import Role
from kancelaria.audit.services import Action, audit_read, audit_record
from kancelaria.core.api import nest_field_errors
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.validators import mask_egn

from . import selectors, services
from .models import (
    CaseFile,
    CaseMovement,
    CaseStatus,
    Channel,
    CorrespondentKind,
    DocumentType,
    Entry,
    Index,
    Kind,
    RegisterRecord,
)

REGISTERING_ROLES = (Role.REGISTRAR, Role.ADMINISTRATOR)


# --------------------------------------------------------------------------- errors


def service_error_response(exc: ValidationFailed, *, fields: dict | None = None, under: str = "",
                           keep: tuple[str, ...] = ()) -> Response:
    """A 400 answer for a service's ValidationFailed: `code`, `detail` and the field
    errors (`fields`, by default the exception's) nested the way DRF nests them. `under`
    puts the fields (except `keep`) below one key, e.g. the `changes` of a correction."""
    fields = nest_field_errors(exc.fields if fields is None else fields)
    if under:
        moved = {k: v for k, v in fields.items() if k not in keep}
        fields = {k: v for k, v in fields.items() if k in keep}
        if moved:
            fields[under] = moved
    body = {"code": exc.code, "detail": str(exc.message), **fields}
    return Response(body, status=exc.status or status.HTTP_400_BAD_REQUEST)


# --------------------------------------------------------------------------- permissions


class CanRegister(BasePermission):
    """Only the desk (registrars) and administrators write into the register."""

    message = gettext_lazy("Only registrars and administrators may register or correct documents.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*REGISTERING_ROLES))


class RegisterPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _output_context(request) -> dict:
    return {"request": request, "sees_personal_numbers": selectors.sees_personal_numbers(request.user)}


# --------------------------------------------------------------------------- output serializers


class MaskedEgnField(serializers.CharField):
    """The EGN in full for the desk and administrators, masked for everyone else."""

    def to_representation(self, value):
        value = super().to_representation(value)
        if self.context.get("sees_personal_numbers"):
            return value
        return mask_egn(value)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choices are documented once, as a named schema component
    (`EntryKind`, `Channel`, ...), so that the same field name with other choices
    elsewhere in the API (e.g. the `kind` of a correspondent) never collides."""

    def __init__(self, component: str, choices, **kwargs):
        self.component = component
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        values = [value for value in field.choices if value not in ("", None)]
        description = "\n".join(f"* `{value}` - {field.choices[value]}" for value in values)
        component = ResolvedComponent(
            name=field.component, type=ResolvedComponent.SCHEMA, object=field.component,
            schema={"type": "string", "enum": values, "description": description},
        )
        auto_schema.registry.register_on_missing(component)
        alternatives = [component.ref]
        if field.allow_blank:
            alternatives.append({"type": "string", "enum": [""]})
        return alternatives[0] if len(alternatives) == 1 else {"oneOf": alternatives}


def entry_kind_field(**kwargs):
    return NamedChoiceField("EntryKind", Kind.choices, **kwargs)


def document_type_field(**kwargs):
    return NamedChoiceField("DocumentType", DocumentType.choices, **kwargs)


def channel_field(**kwargs):
    return NamedChoiceField("Channel", Channel.choices, **kwargs)


def case_status_field(**kwargs):
    return NamedChoiceField("CaseStatus", CaseStatus.choices, **kwargs)


def correspondent_kind_field(**kwargs):
    return NamedChoiceField("CorrespondentKind", CorrespondentKind.choices, allow_blank=True, **kwargs)


class IndexOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    retention_years = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Empty means permanent retention."))
    numbering_scope = NamedChoiceField("NumberingScope", Index.Scope.choices)
    is_active = serializers.BooleanField()
    description = serializers.CharField()


class CorrespondentOutput(serializers.Serializer):
    name = serializers.CharField(source="correspondent_name")
    kind = correspondent_kind_field(source="correspondent_kind")
    egn = MaskedEgnField(source="correspondent_egn", help_text=gettext_lazy(
        "Personal number; masked except for registrars and administrators."))
    eik = serializers.CharField(source="correspondent_eik")
    address = serializers.CharField(source="correspondent_address")
    email = serializers.CharField(source="correspondent_email")
    phone = serializers.CharField(source="correspondent_phone")


class CaseRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = case_status_field()


class EntryRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class EntryListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    index = serializers.CharField(source="case.index.code")
    sequence = serializers.IntegerField(source="case.sequence")
    ordinal = serializers.IntegerField()
    kind = entry_kind_field()
    doc_type = document_type_field()
    registered_at = serializers.DateTimeField()
    registered_on = serializers.DateField()
    subject = serializers.CharField()
    correspondent = CorrespondentOutput(source="*")
    channel = channel_field()
    deadline = serializers.DateField(allow_null=True)
    case = CaseRef()
    is_anonymous = serializers.BooleanField()
    is_incomplete = serializers.BooleanField()


class AttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    type = serializers.CharField(source="content_type")
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        path = f"/attachments/{attachment.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CorrectionOutput(serializers.Serializer):
    position = serializers.IntegerField(help_text=gettext_lazy("Position of the record in the index's register."))
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)
    reason = serializers.CharField()


class EntryDetailOutput(EntryListOutput):
    tracking_code = serializers.CharField(source="case.tracking_code", help_text=gettext_lazy(
        "The citizen's code for following the case file online."))
    registered_by = serializers.CharField(source="registered_by.username", allow_null=True, default=None)
    pages = serializers.IntegerField()
    attachments_description = serializers.CharField()
    notes = serializers.CharField()
    your_reference = serializers.CharField()
    incomplete_warning = serializers.CharField()
    answers = EntryRef(allow_null=True)
    answered_by = EntryRef(many=True)
    related = EntryRef(allow_null=True)
    relation = serializers.CharField(help_text=gettext_lazy("amends, cancels or empty"))
    amended_by = EntryRef(many=True)
    attachments = AttachmentOutput(many=True)
    corrections = CorrectionOutput(many=True, source="correction_records")


class CaseEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    ordinal = serializers.IntegerField()
    kind = entry_kind_field()
    doc_type = document_type_field()
    registered_at = serializers.DateTimeField()
    registered_on = serializers.DateField()
    subject = serializers.CharField()
    correspondent_name = serializers.CharField()


class UnitRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MovementOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    action = NamedChoiceField("MovementAction", CaseMovement.Action.choices)
    unit = UnitRef(allow_null=True)
    entry = EntryRef(allow_null=True)
    note = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)


class CaseDetailOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    index = serializers.CharField(source="index.code")
    year = serializers.IntegerField(help_text=gettext_lazy("Numbering year; 0 for a continuous index."))
    sequence = serializers.IntegerField()
    subject = serializers.CharField()
    status = case_status_field()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    deadline_state = NamedChoiceField("DeadlineState", [
        ("none", gettext_lazy("no deadline")), ("met", gettext_lazy("closed on time")),
        ("missed", gettext_lazy("closed late")), ("on_time", gettext_lazy("open, on time")),
        ("overdue", gettext_lazy("open, overdue"))])
    holder_unit = UnitRef(allow_null=True)
    tracking_code = serializers.CharField()
    entries = CaseEntryOutput(many=True)
    movements = MovementOutput(many=True)


# --------------------------------------------------------------------------- input serializers


class CorrespondentInput(serializers.Serializer):
    name = serializers.CharField(max_length=250, allow_blank=True, default="")
    kind = correspondent_kind_field(default="")
    egn = serializers.CharField(allow_blank=True, default="", help_text=gettext_lazy(
        "Bulgarian personal number (10 digits, checksum verified)."))
    eik = serializers.CharField(allow_blank=True, default="", help_text=gettext_lazy(
        "EIK/BULSTAT of an organisation (9 or 13 digits, checksum verified)."))
    address = serializers.CharField(max_length=300, allow_blank=True, default="")
    email = serializers.EmailField(allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, allow_blank=True, default="")


def _find_case(value: str, user) -> CaseFile | None:
    """A case file by id, or by number (the current numbering year first) or the number of
    one of its entries; only among the case files the user may see."""
    value = value.strip()
    if value.isdigit():
        return selectors.cases_visible(user).filter(pk=int(value)).first()
    return selectors.case_by_reference(user, value)


def _find_entry(value: str, user) -> Entry | None:
    """An entry by id or by its register number, among the entries the user may see."""
    value = value.strip()
    if value.isdigit():
        return selectors.entries_visible(user).filter(pk=int(value)).first()
    return selectors.entry_by_reference(user, value)


class EntryRegisterInput(serializers.Serializer):
    kind = entry_kind_field()
    index = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=gettext_lazy("The index code from the nomenclature (e.g. 94-00). May be left out "
                               "when the document joins a case file (case or answers)."))
    subject = serializers.CharField(max_length=500)
    correspondent = CorrespondentInput(required=False)
    channel = channel_field()
    doc_type = document_type_field(default=DocumentType.LETTER)
    pages = serializers.IntegerField(min_value=0, default=1)
    attachments_description = serializers.CharField(max_length=500, allow_blank=True, default="")
    deadline = serializers.DateField(allow_null=True, default=None)
    notes = serializers.CharField(allow_blank=True, default="")
    your_reference = serializers.CharField(max_length=80, allow_blank=True, default="")
    is_anonymous = serializers.BooleanField(default=False)
    is_incomplete = serializers.BooleanField(default=False)
    incomplete_warning = serializers.CharField(allow_blank=True, default="")
    case = serializers.CharField(
        allow_blank=True, allow_null=True, default=None,
        help_text=gettext_lazy("Join this case file: its number (e.g. 94-00-12) in the index's current "
                               "numbering year, the number of one of its entries, or its id."))
    answers = serializers.CharField(
        allow_blank=True, allow_null=True, default=None,
        help_text=gettext_lazy("The incoming entry (register number or id) this outgoing document answers."))
    related = serializers.CharField(
        allow_blank=True, allow_null=True, default=None,
        help_text=gettext_lazy("The order (register number or id) this order amends or cancels."))
    relation = NamedChoiceField("Relation", Entry.Relation.choices, allow_blank=True, default="")
    attachments = serializers.ListField(
        child=serializers.FileField(), default=list,
        help_text=gettext_lazy("Scans and files (multipart/form-data only)."))

    # The look-ups run per field, so that an unknown index, case file or entry is
    # reported together with the other field errors.
    def validate_index(self, value) -> Index | None:
        if not value:
            return None
        index = Index.objects.filter(code=value.strip()).first()
        if index is None:
            raise serializers.ValidationError(
                _("There is no index “%(code)s” in the nomenclature.") % {"code": value})
        return index

    def validate_case(self, value) -> CaseFile | None:
        if not value:
            return None
        case = _find_case(value, self.context["request"].user)
        if case is None:
            raise serializers.ValidationError(
                _("No case file with this number or id in the current numbering year."))
        return case

    def _entry(self, value) -> Entry | None:
        if not value:
            return None
        entry = _find_entry(value, self.context["request"].user)
        if entry is None:
            raise serializers.ValidationError(_("No register entry with this number or id."))
        return entry

    def validate_answers(self, value) -> Entry | None:
        return self._entry(value)

    def validate_related(self, value) -> Entry | None:
        return self._entry(value)

    def registration(self) -> services.Registration:
        data = dict(self.validated_data)
        correspondent = services.Correspondent(**data.pop("correspondent", {}))
        files = data.pop("attachments", [])
        return services.Registration(correspondent=correspondent, files=files, **data)


class EntryFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="",
                              help_text=gettext_lazy("Words to find in number, subject, correspondent."))
    index = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text=gettext_lazy("Index code."))
    kind = entry_kind_field(required=False, allow_blank=True, default="")
    status = case_status_field(required=False, allow_blank=True, default="",
                                     help_text=gettext_lazy("Status of the case file."))
    doc_type = document_type_field(required=False, allow_blank=True, default="")
    channel = channel_field(required=False, allow_blank=True, default="")
    date_from = serializers.DateField(required=False, allow_null=True, default=None,
                                      help_text=gettext_lazy("Registered on or after (YYYY-MM-DD)."))
    date_to = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text=gettext_lazy("Registered on or before (YYYY-MM-DD)."))
    ordering = NamedChoiceField(
        "EntryOrdering", [("-registered_at", gettext_lazy("newest first")),
                          ("registered_at", gettext_lazy("oldest first"))], required=False, default="-registered_at",
        help_text=gettext_lazy("Newest first (default) or oldest first."))


class IndexFilterInput(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False,
                                   help_text=gettext_lazy("Include indexes no longer in use."))


class CorrespondentChangesInput(serializers.Serializer):
    name = serializers.CharField(max_length=250, allow_blank=True, required=False)
    kind = correspondent_kind_field(required=False)
    egn = serializers.CharField(allow_blank=True, required=False)
    eik = serializers.CharField(allow_blank=True, required=False)
    address = serializers.CharField(max_length=300, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)

    def to_internal_value(self, data):
        _refuse_unknown(self, data)
        return super().to_internal_value(data)


def _refuse_unknown(serializer: serializers.Serializer, data) -> None:
    if isinstance(data, dict):
        unknown = sorted(set(data) - set(serializer.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("This field cannot be corrected.")] for name in unknown})


class EntryChangesInput(serializers.Serializer):
    subject = serializers.CharField(max_length=500, required=False)
    doc_type = document_type_field(required=False)
    pages = serializers.IntegerField(min_value=0, required=False)
    attachments_description = serializers.CharField(max_length=500, allow_blank=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False)
    your_reference = serializers.CharField(max_length=80, allow_blank=True, required=False)
    is_incomplete = serializers.BooleanField(required=False)
    incomplete_warning = serializers.CharField(allow_blank=True, required=False)
    correspondent = CorrespondentChangesInput(required=False)

    def to_internal_value(self, data):
        _refuse_unknown(self, data)
        return super().to_internal_value(data)


class EntryCorrectionInput(serializers.Serializer):
    changes = EntryChangesInput(help_text=gettext_lazy(
        "Only the fields that change. The number, index, date and kind never change."))
    reason = serializers.CharField(max_length=500)

    def validate_changes(self, value):
        if not value:
            raise serializers.ValidationError(_("Name at least one field to correct."))
        return value

    def service_changes(self) -> dict:
        """The changes under the model's field names, as `entry_correct` takes them."""
        changes = dict(self.validated_data["changes"])
        for name, value in changes.pop("correspondent", {}).items():
            changes[f"correspondent_{name}"] = value
        return changes


# --------------------------------------------------------------------------- querysets


def _entry_detail_queryset(user):
    return selectors.entries_visible(user).select_related("answers", "related").prefetch_related(
        "attachments",
        Prefetch("answered_by", queryset=Entry.objects.only("id", "number", "answers_id").order_by("registered_at", "id")),
        Prefetch("amended_by", queryset=Entry.objects.only("id", "number", "related_id").order_by("registered_at", "id")),
        Prefetch("records", to_attr="correction_records",
                 queryset=RegisterRecord.objects.filter(kind=RegisterRecord.Kind.CORRECTION)
                 .select_related("recorded_by").order_by("position")),
    )


def _entry_visible_or_404(request, pk: int) -> Entry:
    """The entry, if the user may see it; otherwise 404, and an attempt on an entry that
    exists is recorded as refused access (DOMAIN.md 11)."""
    entry = _entry_detail_queryset(request.user).filter(pk=pk).first()
    if entry is None:
        if Entry.objects.filter(pk=pk).exists():
            audit_record(actor=request.user, action=Action.DENIED, object_type="registry.entry",
                         object_id=str(pk), request=request)
        raise NotFound(_("No register entry with this id, or it is outside your access."))
    return entry


def _entry_body(request, entry: Entry) -> dict:
    return dict(EntryDetailOutput(entry, context=_output_context(request)).data)


# --------------------------------------------------------------------------- views


class IndexListView(GenericAPIView):
    """The indexes of the nomenclature of case files."""

    pagination_class = RegisterPagination

    def get_queryset(self):
        return Index.objects.order_by("code")

    @extend_schema(operation_id="indexes_list", parameters=[IndexFilterInput],
                   responses=IndexOutput(many=True), summary=gettext_lazy("Indexes of the nomenclature"))
    def get(self, request):
        filters = IndexFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = self.get_queryset()
        if not filters.validated_data["all"]:
            qs = qs.filter(is_active=True)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(IndexOutput(page, many=True).data)


class EntryListView(GenericAPIView):
    """The register: list (need-to-know) and registration of a document."""

    permission_classes = [IsAuthenticated, CanRegister]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = RegisterPagination

    def get_serializer_class(self):
        # The browsable API draws its form from the registration input.
        return EntryRegisterInput

    def get_queryset(self):
        return selectors.entries_visible(self.request.user)

    @extend_schema(operation_id="entries_list", parameters=[EntryFilterInput],
                   responses=EntryListOutput(many=True), summary=gettext_lazy("Search the register"))
    def get(self, request):
        filters = EntryFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = selectors.entries_search(
            self.get_queryset(), text=f["q"], index=f["index"], kind=f["kind"],
            status=f["status"], doc_type=f["doc_type"], channel=f["channel"],
            date_from=f["date_from"], date_to=f["date_to"],
        )
        qs = qs.order_by("registered_at", "id") if f["ordering"] == "registered_at" else qs.order_by(
            "-registered_at", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(EntryListOutput(page, many=True, context=_output_context(request)).data)

    @extend_schema(
        operation_id="entries_register", request=EntryRegisterInput,
        responses={201: EntryDetailOutput, 400: OpenApiResponse(description=gettext_lazy(
            "Field errors, nested like the input: {\"correspondent\": {\"egn\": [\"...\"]}}")),
            403: OpenApiResponse(description=gettext_lazy("Not a registrar or administrator."))},
        summary=gettext_lazy("Register a document"),
    )
    def post(self, request):
        serializer = EntryRegisterInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            entry = services.entry_register(actor=request.user, registration=serializer.registration(),
                                            request=request)
        except ValidationFailed as exc:
            return service_error_response(exc)
        entry = _entry_detail_queryset(request.user).get(pk=entry.pk)
        location = reverse("api-entry", kwargs={"pk": entry.pk})
        return Response(_entry_body(request, entry), status=status.HTTP_201_CREATED,
                        headers={"Location": request.build_absolute_uri(location)})


class EntryDetailView(GenericAPIView):
    """One register entry with its attachments, links and corrections; the read is
    recorded in the audit trail."""

    @extend_schema(operation_id="entries_retrieve", responses={200: EntryDetailOutput},
                   summary=gettext_lazy("Read a register entry"))
    def get(self, request, pk: int):
        entry = _entry_visible_or_404(request, pk)
        audit_read(actor=request.user, obj=entry, request=request)
        return Response(_entry_body(request, entry))


class EntryCorrectionView(GenericAPIView):
    """Correct a registered entry: a new register record, never a silent change."""

    permission_classes = [IsAuthenticated, CanRegister]

    def get_serializer_class(self):
        return EntryCorrectionInput

    @extend_schema(
        operation_id="entries_correct", request=EntryCorrectionInput,
        responses={201: EntryDetailOutput, 400: OpenApiResponse(description=gettext_lazy("Field errors."))},
        summary=gettext_lazy("Correct a register entry"),
    )
    def post(self, request, pk: int):
        entry = _entry_visible_or_404(request, pk)
        serializer = EntryCorrectionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.entry_correct(actor=request.user, entry=entry, changes=serializer.service_changes(),
                                   reason=serializer.validated_data["reason"], request=request)
        except ValidationFailed as exc:
            # Field names of the model (`correspondent_egn`) as the input names them.
            fields = {(f"correspondent.{k.removeprefix('correspondent_')}" if k.startswith("correspondent_") else k): v
                      for k, v in exc.fields.items()}
            return service_error_response(exc, fields=fields, under="changes", keep=("reason",))
        entry = _entry_detail_queryset(request.user).get(pk=entry.pk)
        return Response(_entry_body(request, entry), status=status.HTTP_201_CREATED)


class CaseDetailView(GenericAPIView):
    """A case file with its entries and movements; the read is recorded."""

    @extend_schema(operation_id="cases_retrieve", responses={200: CaseDetailOutput},
                   summary=gettext_lazy("Read a case file"))
    def get(self, request, pk: int):
        case = selectors.cases_visible(request.user).prefetch_related(
            Prefetch("entries", queryset=Entry.objects.order_by("ordinal")),
            Prefetch("movements", queryset=CaseMovement.objects.select_related("unit", "entry", "actor")),
        ).filter(pk=pk).first()
        if case is None:
            if CaseFile.objects.filter(pk=pk).exists():
                audit_record(actor=request.user, action=Action.DENIED, object_type="registry.casefile",
                             object_id=str(pk), request=request)
            raise NotFound(_("No case file with this id, or it is outside your access."))
        audit_read(actor=request.user, obj=case, request=request)
        return Response(CaseDetailOutput(case, context=_output_context(request)).data)
