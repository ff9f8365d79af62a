"""The working calendar in the staff API: the due date of a period on the office's
calendar (DOMAIN.md 3, "Deadline arithmetic"), the same answer as `kancelaria calendar
due` and the calculator on /calendar/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kancelaria.calendars import Pause

from . import selectors


class DueDateQuery(serializers.Serializer):
    start = serializers.DateField(help_text=gettext_lazy(
        "The day of the event (registration, resolution, clarification, delivery), YYYY-MM-DD. "
        "A period in days runs from the next day."))
    days = serializers.IntegerField(required=False, min_value=0, max_value=selectors.MAX_DAYS,
                                    help_text=gettext_lazy("The period in calendar days (or give months)."))
    months = serializers.IntegerField(required=False, min_value=0, max_value=selectors.MAX_MONTHS,
                                      help_text=gettext_lazy(
                                          "The period in months: the same day of the month, or the month's "
                                          "last day (or give days)."))
    extend_days = serializers.IntegerField(required=False, default=0, min_value=0,
                                           max_value=selectors.MAX_EXTEND_DAYS,
                                           help_text=gettext_lazy("An extension of the period, in days."))
    pause = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, max_length=selectors.MAX_PAUSES,
        help_text=gettext_lazy("Days the clock stopped, both included, as FIRST:LAST "
                               "(YYYY-MM-DD:YYYY-MM-DD); repeat the parameter for several pauses."))
    country = serializers.CharField(required=False, max_length=10, help_text=gettext_lazy(
        "The official calendar of this country (ISO code, e.g. BG, PL, UA); the office's own days "
        "apply with it. Default: the office's country."))

    def validate_pause(self, values: list[str]) -> list[Pause]:
        pauses, problems = [], []
        for text in values:
            try:
                pauses.append(Pause.parse(text))
            except ValueError:
                problems.append(_("“%(value)s” is not a pause: write FIRST:LAST as YYYY-MM-DD:YYYY-MM-DD, "
                                  "the last day not before the first.") % {"value": text})
        if problems:
            raise serializers.ValidationError(problems)
        return pauses

    def validate(self, data):
        if ("days" in data) == ("months" in data):
            message = (_("Give the period either in days or in months, not both.") if "days" in data
                       else _("Enter the period in days or in months."))
            raise serializers.ValidationError({"months" if "days" in data else "days": [message]})
        return data

    def arguments(self) -> dict:
        data = self.validated_data
        return {"start": data["start"], "days": data.get("days"), "months": data.get("months"),
                "extend_days": data["extend_days"], "pauses": data["pause"], "country": data.get("country")}


class SkippedKindField(serializers.CharField):
    """Why a day was skipped; documented as its own named component (`SkippedDayKind`), so
    that it never collides with the other `kind` fields of the API."""

    VALUES = {"weekend": "Saturday or Sunday", "official": "an official non-working day of the country",
              "office": "the office's own day off"}


class SkippedKindFieldSchema(OpenApiSerializerFieldExtension):
    target_class = SkippedKindField

    def map_serializer_field(self, auto_schema, direction):
        values = SkippedKindField.VALUES
        component = ResolvedComponent(
            name="SkippedDayKind", type=ResolvedComponent.SCHEMA, object="SkippedDayKind",
            schema={"type": "string", "enum": list(values),
                    "description": "\n".join(f"* `{value}` - {text}" for value, text in values.items())},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class DueDatePauseOutput(serializers.Serializer):
    to = serializers.DateField(help_text=gettext_lazy("The last paused day."))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text=gettext_lazy("The first paused day."))
        return {"from": fields["from"], "to": fields["to"]}


class DueDateSkippedOutput(serializers.Serializer):
    date = serializers.DateField()
    kind = SkippedKindField()
    name = serializers.CharField(help_text=gettext_lazy(
        "The weekday, the official day's name (in English) or the office's note."))
    reason = serializers.CharField(help_text=gettext_lazy("Why the day was skipped, in English."))


class DueDateOutput(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField(allow_null=True)
    months = serializers.IntegerField(allow_null=True)
    extend_days = serializers.IntegerField()
    pauses = DueDatePauseOutput(many=True)
    paused_days = serializers.IntegerField(help_text=gettext_lazy("Paused days inside the running period."))
    period_end = serializers.DateField(help_text=gettext_lazy("The end of the period itself."))
    raw_end = serializers.DateField(help_text=gettext_lazy(
        "The end after the extension and the pauses, before moving to a working day."))
    due = serializers.DateField(help_text=gettext_lazy("The due date: the first working day from the raw end."))
    skipped = DueDateSkippedOutput(many=True, help_text=gettext_lazy("The non-working days skipped, in order."))
    country = serializers.CharField()
    explanation = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy(
        "How the date was reached, line by line (English)."))


class DueDateView(APIView):
    """The due date of a period on the office's working calendar."""

    @extend_schema(
        operation_id="calendar_due_date", parameters=[DueDateQuery],
        responses={200: DueDateOutput, 400: OpenApiResponse(description=gettext_lazy(
            "Field errors by parameter: {\"days\": [\"...\"]}."))},
        summary=gettext_lazy("Compute a due date"),
    )
    def get(self, request):
        query = DueDateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # A question that cannot be answered raises ValidationFailed: a 400 with field errors.
        result = selectors.office_due_date(**query.arguments())
        return Response(result.as_dict())
