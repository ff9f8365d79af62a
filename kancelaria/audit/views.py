"""The audit-trail browser, for controllers and administrators (DOMAIN.md section 11)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kancelaria.core.forms import GovBoundField

from .models import AuditEvent
from .selectors import audit_events
from .services import audit_record

Action = AuditEvent.Action

PAGE_SIZE = 50
AUDITOR_ROLES = ("controller", "administrator")


class AuditFilterForm(forms.Form):
    bound_field_class = GovBoundField

    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object number (id)"), required=False, max_length=64)
    day_from = forms.DateField(label=_("From date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    day_to = forms.DateField(label=_("To date"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *Action.choices]
        types = sorted((set(object_types) | {self.data.get("object_type") or ""}) - {""})
        self.fields["object_type"].choices = [("", _("Any type")), *((t, t) for t in types)]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "govuk-select" if isinstance(field, forms.ChoiceField)
                                          else "govuk-input")

    def clean(self):
        data = super().clean()
        day_from, day_to = data.get("day_from"), data.get("day_to")
        if day_from and day_to and day_from > day_to:
            self.add_error("day_to", _("The end date must be the same as or after the start date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "actor": data.get("actor", "").strip(),
            "action": data.get("action", ""),
            "object_type": data.get("object_type", ""),
            "object_id": data.get("object_id", "").strip(),
            "day_from": data.get("day_from"),
            "day_to": data.get("day_to"),
        }


def _object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


@login_required
def audit_list(request):
    if not request.user.has_role(*AUDITOR_ROLES):
        audit_record(actor=request.user, action=Action.DENIED, object_type="audit.auditevent",
                     object_repr="audit trail", request=request)
        return render(request, "audit/denied.html", status=403)

    form = AuditFilterForm(request.GET or None, object_types=_object_types())
    filtered = form.is_bound
    if form.is_bound and form.is_valid():
        events = audit_events(**form.filters())
    elif form.is_bound:
        events = AuditEvent.objects.none()
    else:
        events = audit_events()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    object_filter = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("object_type") and form.cleaned_data.get("object_id"):
        object_filter = {"type": form.cleaned_data["object_type"], "id": form.cleaned_data["object_id"].strip()}
    return render(request, "audit/list.html", {
        "form": form,
        "page": page,
        "filtered": filtered and any(v for k, v in request.GET.items() if k != "page"),
        "object_filter": object_filter,
    })
