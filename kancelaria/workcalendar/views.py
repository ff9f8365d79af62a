"""The working calendar in the staff pages (DOMAIN.md 3, "Deadline arithmetic"): the
year's non-working days and the office's own overrides for every member of staff, the
due date calculator, and adding or deleting the office's days for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kancelaria.accounts.models import Role
from kancelaria.audit.models import AuditEvent
from kancelaria.audit.services import audit_record
from kancelaria.core.errors import ValidationFailed

from . import selectors, services
from .forms import DueDateForm, OfficeDayForm
from .models import OfficeDay

STAFF_ROLES = tuple(Role.values)
ADMINISTRATOR = Role.ADMINISTRATOR


def _refuse(request, what: str):
    audit_record(actor=request.user, action=AuditEvent.Action.DENIED, object_type="workcalendar.officeday",
                 object_repr=what, request=request)
    return render(request, "workcalendar/denied.html", status=403)


def _calendar_url(year: int, anchor: str = "") -> str:
    return f"{reverse('workcalendar:calendar')}?year={year}{anchor}"


def _apply_errors(form, error: ValidationFailed, fields: dict[str, str] | None = None) -> None:
    """A service's field errors onto the form (by `fields`, service name -> form field)."""
    placed = False
    for name, problems in (error.fields or {}).items():
        target = (fields or {}).get(name, name)
        for problem in problems:
            form.add_error(target if target in form.fields else None, str(problem))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


def _page(request, *, year: int, calculator: DueDateForm, add_form: OfficeDayForm | None, status: int = 200):
    calendar = selectors.office_calendar(language=selectors.holidays_language())
    result = None
    if calculator.is_bound and calculator.is_valid():
        try:
            result = selectors.office_due_date(calendar=calendar, **calculator.arguments())
        except ValidationFailed as error:
            _apply_errors(calculator, error, DueDateForm.ERROR_FIELDS)
    return render(request, "workcalendar/calendar.html", {
        "year": year,
        "years": calendar.years,
        "previous_year": year - 1 if year - 1 in calendar.years else None,
        "next_year": year + 1 if year + 1 in calendar.years else None,
        "months": selectors.calendar_year(year, calendar=calendar),
        "calculator": calculator,
        "result": result,
        "add_form": add_form,
        "can_edit": add_form is not None,
        "country": calendar.country,
    }, status=status)


def _year(request, year: int | str | None = None) -> int:
    """The year asked for (`?year=`), or this year when it is missing, malformed or outside
    the years the official calendar covers."""
    today = timezone.localdate()
    try:
        year = int(year if year is not None else request.GET.get("year") or today.year)
    except (TypeError, ValueError):
        return today.year
    return year if year in selectors.official_years() else today.year


@login_required
def calendar_page(request):
    if not request.user.has_role(*STAFF_ROLES):
        return _refuse(request, "working calendar")
    calculator = DueDateForm(request.GET if "start" in request.GET else None,
                             initial={"unit": "days"})
    add_form = OfficeDayForm(initial={"kind": OfficeDay.Kind.DAY_OFF}) if request.user.has_role(ADMINISTRATOR) else None
    return _page(request, year=_year(request), calculator=calculator, add_form=add_form)


@login_required
def day_add(request):
    if not request.user.has_role(ADMINISTRATOR):
        return _refuse(request, "new office day")
    if request.method != "POST":
        return redirect("workcalendar:calendar")
    form = OfficeDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.office_day_save(actor=request.user, day=form.save(commit=False), request=request)
        except ValidationFailed as error:
            _apply_errors(form, error)
        else:
            shown = formats.date_format(day.date, "d.m.Y")
            if day.kind == OfficeDay.Kind.DAY_OFF:
                messages.success(request, _("%(date)s is now an office day off.") % {"date": shown})
            else:
                messages.success(request, _("%(date)s is now a working day.") % {"date": shown})
            return redirect(_calendar_url(day.date.year))
    date = form.cleaned_data.get("date")
    return _page(request, year=_year(request, date.year if date else None),
                 calculator=DueDateForm(initial={"unit": "days"}), add_form=form)


@login_required
@require_POST
def day_delete(request, pk: int):
    if not request.user.has_role(ADMINISTRATOR):
        return _refuse(request, f"office day {pk}")
    day = get_object_or_404(OfficeDay, pk=pk)
    services.office_day_delete(actor=request.user, day=day, request=request)
    messages.success(request, _("The office's own entry for %(date)s was deleted; the official calendar applies.")
                     % {"date": formats.date_format(day.date, "d.m.Y")})
    return redirect(_calendar_url(day.date.year))
