"""The office's own working calendar: days off the office adds to its country's official
calendar, and days (usually Saturdays) it declares working (DOMAIN.md 3, "Deadline
arithmetic": the working day is the country's, plus the office's overrides)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("office day off")
        WORKING_DAY = "working_day", _("working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("office day")
        verbose_name_plural = _("office days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["day_off", "working_day"]),
                                   name="workcalendar_officeday_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
