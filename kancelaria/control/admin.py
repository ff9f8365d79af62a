"""Resolutions and deadline control in the Django admin: to look, not to change.

Every change goes through the services (and the work pages under /work/), which keep the
case files, the deadlines and the audit trail in step; the admin therefore only reads.
Routing rules are managed at /work/routing/.
"""

from django.contrib import admin

from .models import (
    Absence,
    Assignment,
    AssignmentNote,
    Dispatch,
    Extension,
    Resolution,
    RoutingRule,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReadOnlyAdmin):
    list_display = ["index", "doc_type", "resolver"]
    list_select_related = ["index", "resolver"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["entry", "kind", "resolver", "resolved_on", "deadline", "deadline_basis", "urgent"]
    list_filter = ["kind", "deadline_basis", "urgent"]
    list_select_related = ["entry", "resolver"]
    search_fields = ["entry__number", "task"]
    date_hierarchy = "resolved_on"


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["entry", "assignee", "role", "is_lead", "status", "deadline", "opinion_deadline"]
    list_filter = ["role", "status", "is_lead"]
    list_select_related = ["entry", "assignee"]
    search_fields = ["entry__number", "assignee__username", "assignee__last_name"]


@admin.register(AssignmentNote)
class AssignmentNoteAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "author", "at", "original_name"]
    list_select_related = ["assignment__entry", "assignment__assignee", "author"]


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["resolution", "old_deadline", "new_deadline", "by", "granted_by", "at"]
    list_select_related = ["resolution__entry", "granted_by"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["employee", "first_day", "last_day", "substitute", "reason"]
    list_select_related = ["employee", "substitute"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["entry", "method", "on", "recipient_name", "recorded_by"]
    list_select_related = ["entry", "recorded_by"]
