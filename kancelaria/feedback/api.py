"""The public feedback API (no authentication, so no session and no CSRF):

    GET  /api/v1/feedback/statistics/   the public statistics of the last twelve months
    POST /api/v1/feedback/              praise, a complaint about the service or a suggestion

The POST shares its rate limit per client address with the web form.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kancelaria.accounts.models import Unit
from kancelaria.core.errors import ValidationFailed

from . import selectors, services
from .models import Feedback
from .views import FEEDBACK_WINDOW, feedback_hit, retry_after


class StatisticsMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text=gettext_lazy("YYYY-MM"))
    registered = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_with_deadline = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True, help_text=gettext_lazy(
        "Per cent of the decided cases with a deadline closed on or before it; null when none had one."))
    median_days = serializers.FloatField(allow_null=True, help_text=gettext_lazy(
        "Median calendar days from registration to closing; null when nothing was decided."))


class StatisticsTotalSerializer(serializers.Serializer):
    registered = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_with_deadline = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)


class StatisticsGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    months = StatisticsMonthSerializer(many=True)
    total = StatisticsTotalSerializer()


class StatisticsUnitSerializer(StatisticsGroupSerializer):
    unit_id = serializers.IntegerField(allow_null=True)


class StatisticsProcedureSerializer(StatisticsGroupSerializer):
    index = serializers.CharField()
    doc_type = serializers.CharField(help_text=gettext_lazy(
        "application, proposal, signal, complaint, info_request or other"))


class PublicStatisticsSerializer(serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    months = serializers.ListField(child=serializers.CharField())
    overall = StatisticsGroupSerializer()
    units = StatisticsUnitSerializer(many=True)
    procedures = StatisticsProcedureSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class StatisticsView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="feedback_statistics",
        summary="Public statistics of the last twelve months",
        description=("Per unit and per procedure (index and type of the first document), month by month: "
                     "case files registered, decided, the share decided on time and the median days to "
                     "the decision. The same figures as /feedback/statistics/ and its CSV."),
        responses={200: PublicStatisticsSerializer}, auth=[], tags=["public"],
    )
    def get(self, request):
        today = timezone.localdate()
        return Response(selectors.public_statistics(today=today).as_dict(today))


class FeedbackInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Feedback.Kind.choices)
    text = serializers.CharField(max_length=services.TEXT_MAX)
    unit = serializers.IntegerField(required=False, allow_null=True, help_text=gettext_lazy("A unit's id."))
    service = serializers.CharField(required=False, allow_blank=True, help_text=gettext_lazy(
        "A service's code in the catalogue."))
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    consent = serializers.BooleanField(required=False, default=False, help_text=gettext_lazy(
        "Required with an e-mail: the sender agrees that name and e-mail are used only to answer."))


class FeedbackOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()


class FeedbackErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class FeedbackView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="feedback_create",
        summary="Send praise, a complaint about the service or a suggestion",
        description=("Not a registered document. Rate-limited per client address together with the web form."),
        request=FeedbackInputSerializer,
        responses={201: FeedbackOutputSerializer,
                   400: OpenApiResponse(FeedbackErrorSerializer, description="Invalid input."),
                   429: OpenApiResponse(FeedbackErrorSerializer, description="Too many messages; see Retry-After.")},
        auth=[], tags=["public"],
    )
    def post(self, request):
        if not feedback_hit(request):
            seconds = retry_after(FEEDBACK_WINDOW)
            detail = ngettext("Too many messages from your internet address. Try again in %(seconds)d second.",
                              "Too many messages from your internet address. Try again in %(seconds)d seconds.",
                              seconds) % {"seconds": seconds}
            return Response({"code": "rate_limited", "detail": detail},
                            status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(seconds)})
        data_in = FeedbackInputSerializer(data=request.data)
        if not data_in.is_valid():
            return Response({"code": "invalid", "detail": _("Check the form."),
                             "fields": {k: [str(m) for m in v] for k, v in data_in.errors.items()}},
                            status=status.HTTP_400_BAD_REQUEST)
        data = data_in.validated_data
        fields = {}
        unit = service = None
        if data.get("unit"):
            unit = Unit.objects.filter(pk=data["unit"], is_active=True).first()
            if unit is None:
                fields["unit"] = [_("No such unit.")]
        if data.get("service"):
            from kancelaria.catalogue.models import Service

            service = Service.objects.filter(code=data["service"], is_active=True).first()
            if service is None:
                fields["service"] = [_("No such service in the catalogue.")]
        if fields:
            return Response({"code": "invalid", "detail": _("Check the form."), "fields": fields},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            item = services.feedback_submit(kind=data["kind"], text=data["text"], unit=unit, service=service,
                                            name=data.get("name", ""), email=data.get("email", ""),
                                            consent=data.get("consent", False))
        except ValidationFailed as error:
            return Response({"code": error.code, "detail": str(error.message), "fields": error.fields},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(FeedbackOutputSerializer(item).data, status=status.HTTP_201_CREATED)
