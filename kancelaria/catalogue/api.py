"""The catalogue in JSON: GET /api/v1/catalogue/services/ (open to anyone).

The same data as the public pages and the CPSV-AP JSON-LD catalogue, with texts as
objects per language ({"bg": ..., "en": ...}); filters by life situation, unit and words.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from kancelaria.accounts.models import Unit

from . import selectors
from .models import LifeSituation, Service


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"},
                      "example": {"bg": "Удостоверение за наследници", "en": "Certificate of heirs"}})
class CatalogueTextsField(serializers.JSONField):
    """A text in several languages: {"bg": ..., "en": ..., "pl": ..., "uk": ...}."""


class CatalogueUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CatalogueLifeSituationSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = CatalogueTextsField()


class CatalogueDocumentSerializer(serializers.Serializer):
    name = CatalogueTextsField()
    source = serializers.ChoiceField(
        choices=["applicant", "office"],
        help_text=gettext_lazy("applicant: the applicant brings it; office: the office collects it from other "
                               "registers."))
    is_mandatory = serializers.BooleanField()


class CatalogueFeeSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=["regular", "fast", "express"])
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    days = serializers.IntegerField(help_text=gettext_lazy("Deadline of this tier, in days."))


class CatalogueStepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    title = CatalogueTextsField()
    unit = CatalogueUnitSerializer()
    days = serializers.IntegerField(help_text=gettext_lazy("Step deadline in working days."))


class CatalogueServiceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Code in the national register of services."))
    name = CatalogueTextsField()
    description = CatalogueTextsField()
    legal_basis = CatalogueTextsField()
    who_may_apply = CatalogueTextsField()
    unit = CatalogueUnitSerializer(help_text=gettext_lazy("The responsible unit."))
    is_complex = serializers.BooleanField(help_text=gettext_lazy("Several units work on it; apply once."))
    life_situations = CatalogueLifeSituationSerializer(many=True, source="life_situations.all")
    documents = CatalogueDocumentSerializer(many=True, source="documents.all")
    fees = CatalogueFeeSerializer(many=True, source="tiers.all")
    steps = CatalogueStepSerializer(many=True, source="steps.all")
    submit_channels = serializers.ListField(child=serializers.CharField())
    receive_channels = serializers.ListField(child=serializers.CharField())
    form_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, service: Service) -> str:
        return self._absolute(reverse("catalogue:service", args=[service.code]))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_form_url(self, service: Service) -> str | None:
        return self._absolute(service.form_template.url) if service.form_template else None




class ServiceListView(ListAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = CatalogueServiceSerializer

    def get_queryset(self):
        params = self.request.query_params
        services = selectors.services_active()
        situation_code = params.get("situation", "").strip()
        if situation_code:
            situation = LifeSituation.objects.filter(code=situation_code).first()
            if situation is None:
                raise ValidationError({"situation": [_("There is no such life situation.")]})
            services = services.filter(life_situations=situation)
        unit_code = params.get("unit", "").strip()
        if unit_code:
            unit = Unit.objects.filter(code=unit_code).first()
            if unit is None:
                raise ValidationError({"unit": [_("There is no such unit.")]})
            services = services.filter(unit__path__startswith=unit.path)
        query = params.get("q", "").strip()
        if len(query) > selectors.SEARCH_MAX_LENGTH:
            raise ValidationError({"q": [_("Enter at most %(limit)d characters to search.")
                                         % {"limit": selectors.SEARCH_MAX_LENGTH}]})
        if query:
            services = selectors.services_search(query, queryset=services, language=params.get("lang") or None)
        return services

    @extend_schema(
        operation_id="catalogue_services_list",
        summary="List the administrative services",
        description=("The catalogue of administrative services with their documents, fees per tier, "
                     "technology card and channels; texts in every language. Open to anyone. The same "
                     "data in CPSV-AP JSON-LD is at /services/catalogue.jsonld."),
        parameters=[
            OpenApiParameter("situation", str, description="Code of a life situation, e.g. family."),
            OpenApiParameter("unit", str, description="Code of a unit; services of the units below it too."),
            OpenApiParameter("q", str, description="Words to search for in the code, name and description."),
            OpenApiParameter("lang", str, enum=["bg", "en", "pl", "uk"],
                             description="Language to search in besides Bulgarian (default: the request's)."),
        ],
        auth=[],
        tags=["catalogue"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ServiceDetailView(RetrieveAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = CatalogueServiceSerializer
    lookup_field = "code"

    def get_object(self):
        service = selectors.service_by_code(self.kwargs["code"])
        if service is None:
            raise NotFound(_("There is no service with this code in the catalogue."))
        return service

    @extend_schema(operation_id="catalogue_services_retrieve", summary="One administrative service",
                   auth=[], tags=["catalogue"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
