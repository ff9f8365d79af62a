"""The control dashboard page (DOMAIN.md 3, "Control"): for the mayor, the deputy
mayors, the secretary and the heads of units, who is late or about to be, by unit and
by executor, the filterable list of open tasks, and the on-time rate of the last twelve
months. Anyone else gets 403 (and the refusal is in the audit trail)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kancelaria.audit.services import Action, audit_record
from kancelaria.core.forms import GovBoundField

from . import dashboard as selectors
from .dashboard import State
from .models import Assignment

PAGE_SIZE = 50
NO_UNIT = "none"

# The on-time chart: one bar per month in an SVG drawn with attributes only (the
# Content Security Policy allows no inline styles).
BAR_STEP, BAR_WIDTH, BAR_TOP, BAR_HEIGHT = 56, 38, 24, 140


class TaskFilterForm(forms.Form):
    bound_field_class = GovBoundField

    unit = forms.ChoiceField(label=_("Unit"), required=False)
    executor = forms.ChoiceField(label=_("Executor"), required=False)
    state = forms.ChoiceField(label=_("Deadline"), required=False)
    role = forms.ChoiceField(label=_("Task"), required=False)

    def __init__(self, *args, units, executors, no_unit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        base_depth = min((u.depth for u in units), default=0)
        unit_choices = [(str(u.pk), "\u2014 " * (u.depth - base_depth) + u.name) for u in units]
        if no_unit:
            unit_choices.append((NO_UNIT, _("no unit")))
        self.fields["unit"].choices = [("", _("Any unit")), *unit_choices]
        self.fields["executor"].choices = [("", _("Anyone")),
                                           *((str(e.user_id), e.name) for e in sorted(
                                               executors, key=lambda e: e.name.casefold()))]
        self.fields["state"].choices = [("", _("Any open task")),
                                        *((key, State.LABELS[key]) for key in
                                          (State.OVERDUE, State.TODAY, State.SOON, State.LATER))]
        self.fields["role"].choices = [("", _("To resolve or to execute")), *Assignment.Role.choices]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "govuk-select")

    def filters(self) -> dict:
        data = self.cleaned_data
        unit = data.get("unit") or ""
        return {
            "unit": int(unit) if unit and unit != NO_UNIT else None,
            "no_unit": unit == NO_UNIT,
            "executor": int(data["executor"]) if data.get("executor") else None,
            "state": data.get("state") or "",
            "role": data.get("role") or "",
        }


def chart(rates: selectors.UnitRates) -> dict:
    """The bars of one unit's chart: position, height and labels of each month."""
    bars = []
    for i, month in enumerate(rates.months):
        percent = month.percent
        height = round(BAR_HEIGHT * percent / 100) if percent is not None else 0
        x = i * BAR_STEP + (BAR_STEP - BAR_WIDTH) // 2
        bars.append({
            "month": month, "percent": percent, "x": x, "centre": x + BAR_WIDTH // 2,
            "y": BAR_TOP + BAR_HEIGHT - height, "height": height,
            "label_y": BAR_TOP + BAR_HEIGHT - height - 5,
        })
    return {"rates": rates, "bars": bars, "width": BAR_STEP * len(rates.months),
            "height": BAR_TOP + BAR_HEIGHT + 28, "base_y": BAR_TOP + BAR_HEIGHT,
            "month_y": BAR_TOP + BAR_HEIGHT + 20, "empty_y": BAR_TOP + BAR_HEIGHT - 5, "bar_width": BAR_WIDTH}


@login_required
@require_safe
def dashboard(request):
    scope = selectors.control_scope(request.user)
    if scope is None:
        audit_record(actor=request.user, action=Action.DENIED, object_type="control.dashboard",
                     object_repr="control dashboard", request=request)
        raise PermissionDenied
    today = timezone.localdate()
    h = selectors.horizon(today)
    sort = request.GET.get("sort") if request.GET.get("sort") in selectors.SORTS else "overdue"
    by_unit = selectors.counts_by_unit(scope, h=h, sort=sort)
    by_executor = selectors.counts_by_executor(scope, h=h, sort=sort)

    filtering = any(request.GET.get(k) for k in ("unit", "executor", "state", "role"))
    form = TaskFilterForm(request.GET if filtering else None, units=list(scope.units()), executors=by_executor,
                          no_unit=any(row.unit_id is None for row in by_unit))
    if not filtering:
        qs = selectors.tasks(scope, h=h)
    elif form.is_valid():
        qs = selectors.tasks(scope, h=h, **form.filters())
    else:
        qs = Assignment.objects.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.task_rows(page.object_list, h=h)

    units_rates, overall = selectors.on_time_rates(scope, today=today)
    return render(request, "control/dashboard.html", {
        "scope": scope, "today": today, "horizon": h, "sort": sort,
        "by_unit": by_unit, "by_executor": by_executor, "total": selectors.totals(by_unit),
        "form": form, "filtering": filtering, "page": page,
        "charts": [chart(overall), *(chart(r) for r in units_rates)] if units_rates else [],
        "soon_days": settings.CONTROL_DUE_SOON_DAYS,
        "NO_UNIT": NO_UNIT,
    })
