"""The public API of access to public information (no authentication, so no session and
no CSRF), at /api/v1/information/:

    GET public/            the public register: published requests, without personal data
    GET public/<id>/       one published request
    GET report/<year>/     the annual report's figures

The same records and figures as the pages (`publication.public_record`,
`report.annual_report`).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kancelaria.registry.api import RegisterPagination

from . import publication, report
from .models import Outcome, RequesterType, RequestKind
from .public_views import FIRST_YEAR


class PublicFileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.CharField(help_text=gettext_lazy("Where to download the file."))


class PublicRecordOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text=gettext_lazy("The register number of the request."))
    received_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    requester_type = serializers.ChoiceField(choices=RequesterType.choices)
    requester = serializers.CharField(help_text=gettext_lazy(
        "An organisation's name; a private person's name only with his consent, otherwise empty."))
    address = serializers.CharField(help_text=gettext_lazy("Only with the requester's consent."))
    email = serializers.CharField(help_text=gettext_lazy("Only with the requester's consent."))
    phone = serializers.CharField(help_text=gettext_lazy("Only with the requester's consent."))
    description = serializers.CharField(help_text=gettext_lazy(
        "The information asked for (or the staff's summary), with personal data removed."))
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    decided_on = serializers.DateField(allow_null=True)
    extent = serializers.CharField()
    refusal_grounds = serializers.ListField(child=serializers.CharField())
    factual_grounds = serializers.CharField()
    other_bodies = serializers.CharField()
    forwarded_to = serializers.CharField()
    information_text = serializers.CharField()
    information_url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    files = PublicFileOutput(many=True)


def _record_data(request, record: publication.PublicRecord) -> dict:
    data = record.as_dict()
    for item in data["files"]:
        item["url"] = request.build_absolute_uri(reverse("publicinfo:public_file", args=[record.pk, item["id"]]))
    return data


class PublicFilterInput(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=9999)
    kind = serializers.ChoiceField(choices=RequestKind.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)


class PublicRegisterView(GenericAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = RegisterPagination

    def get_serializer_class(self):
        return PublicRecordOutput

    @extend_schema(operation_id="information_public_list", parameters=[PublicFilterInput],
                   responses={200: PublicRecordOutput(many=True),
                              400: OpenApiResponse(description=gettext_lazy("A filter has a wrong value."))},
                   summary=gettext_lazy("The public register of requests for information"),
                   description=gettext_lazy("Published requests, newest first, without the requesters' "
                                            "personal data."), auth=[], tags=["public"])
    def get(self, request):
        filters = PublicFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(publication.public_requests(**filters.validated_data))
        return self.get_paginated_response([_record_data(request, publication.public_record(r)) for r in page])


class PublicRecordView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="information_public_record",
                   responses={200: PublicRecordOutput,
                              404: OpenApiResponse(description=gettext_lazy("No published request with this id."))},
                   summary=gettext_lazy("One published request for information"), auth=[], tags=["public"])
    def get(self, request, pk: int):
        info_request = publication.public_requests().filter(pk=pk).first()
        if info_request is None:
            raise NotFound(_("No published request with this id."))
        return Response(_record_data(request, publication.public_record(info_request)))


class ReportLineOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text=gettext_lazy(
        "Per cent of the table's base, one decimal; null when the base is 0."))


class ReportTableOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    base = serializers.CharField(help_text=gettext_lazy("What the shares are of."))
    note = serializers.CharField()
    total = serializers.IntegerField()
    lines = ReportLineOutput(many=True)


class ReportOutput(serializers.Serializer):
    year = serializers.IntegerField()
    office = serializers.CharField()
    received = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    decided_late = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True)
    pending = serializers.IntegerField()
    refused = serializers.IntegerField()
    tables = ReportTableOutput(many=True)


class ReportView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="information_report",
                   responses={200: ReportOutput,
                              404: OpenApiResponse(description=gettext_lazy("No report for this year."))},
                   summary=gettext_lazy("The annual report on access to public information"),
                   description=gettext_lazy("The requests registered in the year: by requester, channel and "
                                            "kind, outcomes, refusals by ground, the deadlines, extensions, "
                                            "forwardings, requests left without action and clarifications."),
                   auth=[], tags=["public"])
    def get(self, request, year: int):
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise NotFound(_("No report for this year."))
        return Response(report.annual_report(year).as_dict())
