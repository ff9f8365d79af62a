"""Writes of the working calendar: the office's own days off and working days, each
checked against the country's official calendar and recorded in the audit trail
(DOMAIN.md 3, "Deadline arithmetic"; DOMAIN.md 11: every write is audited)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from kancelaria.accounts.models import Role
from kancelaria.audit.services import Action, audit_record, diff
from kancelaria.calendars import WorkingCalendar
from kancelaria.core.errors import PermissionRefused, ValidationFailed

from .models import OfficeDay
from .selectors import holidays_language

FIELDS = ("date", "kind", "note")


def _may_edit(actor) -> bool:
    # A call without an actor is the system itself (a data migration, a script).
    return actor is None or bool(getattr(actor, "has_role", None) and actor.has_role(Role.ADMINISTRATOR))


def _snapshot(day: OfficeDay) -> dict:
    return {"date": day.date.isoformat() if day.date else None, "kind": day.kind, "note": day.note}


def _check(day: OfficeDay) -> dict[str, list[str]]:
    """Field errors of an office day: it must change something in the official calendar."""
    errors: dict[str, list[str]] = {}
    if day.kind not in OfficeDay.Kind.values:
        errors["kind"] = [_("Choose a day off or a working day.")]
    if not day.note:
        errors["note"] = [_("Say why, for example “Municipality day” or “Working Saturday for 2 January”.")]
    if day.date is None:
        errors["date"] = [_("Enter the date.")]
        return errors
    official = WorkingCalendar(settings.OFFICE_COUNTRY, language=holidays_language())
    shown = formats.date_format(day.date, "d.m.Y")
    if not official.covers(day.date):
        errors["date"] = [_("Enter a date from %(first)s to %(last)s: the official calendar covers those years.")
                          % {"first": official.years.start, "last": official.years.stop - 1}]
    elif day.kind == OfficeDay.Kind.DAY_OFF and not official.is_working_day(day.date):
        kind, name = official.non_working(day.date)
        reason = name if kind == "official" else formats.date_format(day.date, "l")
        errors["date"] = [_("%(date)s is already a non-working day (%(reason)s).") % {"date": shown, "reason": reason}]
    elif day.kind == OfficeDay.Kind.WORKING_DAY and official.is_working_day(day.date):
        errors["date"] = [_("%(date)s is already a working day: only a weekend day or a holiday can be "
                            "declared working.") % {"date": shown}]
    if "date" not in errors and OfficeDay.objects.filter(date=day.date).exclude(pk=day.pk).exists():
        errors["date"] = [_("The office already has its own entry for %(date)s; delete it first.") % {"date": shown}]
    return errors


def office_day_save(*, actor, day: OfficeDay, request=None) -> OfficeDay:
    """Add or change one of the office's own days off or working days (administrators)."""
    if not _may_edit(actor):
        raise PermissionRefused(_("Only administrators may change the office's working calendar."))
    day.note = " ".join((day.note or "").split())
    errors = _check(day)
    if errors:
        raise ValidationFailed(_("The day was not saved: check the fields marked."), fields=errors)
    creating = day.pk is None
    before = {} if creating else _snapshot(OfficeDay.objects.get(pk=day.pk))
    if creating and day.created_by_id is None and getattr(actor, "is_authenticated", False):
        day.created_by = actor
    try:
        with transaction.atomic():
            day.save()
            audit_record(actor=actor, action=Action.CREATE if creating else Action.UPDATE, obj=day,
                         changes=diff(before, _snapshot(day)), request=request)
    except IntegrityError:  # the same date saved by someone else a moment ago
        raise ValidationFailed(_("The day was not saved: check the fields marked."), fields={
            "date": [_("The office already has its own entry for this date; delete it first.")]}) from None
    return day


def office_day_delete(*, actor, day: OfficeDay, request=None) -> None:
    """Remove one of the office's own days: the official calendar applies to it again."""
    if not _may_edit(actor):
        raise PermissionRefused(_("Only administrators may change the office's working calendar."))
    with transaction.atomic():
        audit_record(actor=actor, action=Action.DELETE, obj=day, changes={k: [v, None] for k, v in _snapshot(day).items()},
                     request=request)
        day.delete()
