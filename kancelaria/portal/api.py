"""The public tracking API: GET /api/v1/public/track/?number=...&code=...

Open to anyone (no authentication, so no session and no CSRF), rate-limited per
client address together with the tracking page, never cached. A wrong code and a number
that does not exist answer the same 404 with the same body.
"""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .forms import NOT_FOUND, code_errors, number_errors
from .limits import track_hit
from .selectors import DEADLINE_STATES, case_track


class TrackQuerySerializer(serializers.Serializer):
    number = serializers.CharField(
        help_text=gettext_lazy("The register number from the slip, e.g. 94-00-12/21.11.2026 or 94-00-12."))
    code = serializers.CharField(
        help_text=gettext_lazy("The tracking code from the slip, e.g. AB3DE-FG7HJ (upper or lower case, dash optional)."))


class TrackedDocumentSerializer(serializers.Serializer):
    number = serializers.CharField()
    registered_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=["incoming", "outgoing"])
    kind_label = serializers.CharField()
    doc_type = serializers.CharField()
    doc_type_label = serializers.CharField()


class TrackedMovementSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    action_label = serializers.CharField()
    unit = serializers.CharField(help_text=gettext_lazy("The unit that holds the case; empty if unknown."))


class TrackingSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=gettext_lazy("Register number of the first document."))
    case_number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    is_finished = serializers.BooleanField()
    registered_on = serializers.DateField()
    deadline = serializers.DateField(allow_null=True)
    deadline_state = serializers.ChoiceField(choices=list(DEADLINE_STATES))
    deadline_state_label = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    documents = TrackedDocumentSerializer(many=True)
    movements = TrackedMovementSerializer(many=True)


class TrackErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("not_found, rate_limited or invalid"))
    detail = serializers.CharField()


class TrackInvalidSerializer(TrackErrorSerializer):
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Messages per parameter (number, code)."))


def not_found_body() -> dict:
    """One body for every look-up that finds nothing, whatever was wrong."""
    return {"code": "not_found", "detail": str(NOT_FOUND)}


@method_decorator(never_cache, name="dispatch")
class TrackView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        operation_id="public_track",
        summary="Track a case file",
        description=(
            "The status, deadline and movements of a case file, for the holder of its register "
            "number and tracking code. Rate-limited per client address; answers are not cached."
        ),
        parameters=[TrackQuerySerializer],
        responses={
            200: TrackingSerializer,
            400: OpenApiResponse(TrackInvalidSerializer, description="Missing or malformed number or code."),
            404: OpenApiResponse(TrackErrorSerializer, description="No case with this number and code."),
            429: OpenApiResponse(TrackErrorSerializer, description="Too many look-ups; see Retry-After."),
        },
        examples=[OpenApiExample("not found", response_only=True, status_codes=["404"],
                                 value={"code": "not_found", "detail": "No case file has this register number and tracking code. "
                                        "Check both against your slip."})],
        auth=[],
        tags=["public"],
    )
    def get(self, request):
        allowed, retry_after = track_hit(request)
        if not allowed:
            body = {"code": "rate_limited",
                    "detail": ngettext("Too many look-ups from your internet address. Try again in %(seconds)d second.",
                                       "Too many look-ups from your internet address. Try again in %(seconds)d seconds.",
                                       retry_after) % {"seconds": retry_after}}
            return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS,
                            headers={"Retry-After": str(retry_after)})

        number = request.query_params.get("number", "")
        code = request.query_params.get("code", "")
        fields = {name: errors for name, errors in
                  (("number", number_errors(number)), ("code", code_errors(code))) if errors}
        if fields:
            return Response({"code": "invalid", "detail": _("Check the register number and the tracking code."),
                             "fields": fields}, status=status.HTTP_400_BAD_REQUEST)

        tracking = case_track(number=number, code=code)
        if tracking is None:
            return Response(not_found_body(), status=status.HTTP_404_NOT_FOUND)
        return Response(TrackingSerializer(tracking).data)
