"""The office's days in Django's admin: read only, since every change goes through
services.office_day_save / office_day_delete (checked and audited) on the /calendar/ page."""

from django.contrib import admin

from .models import OfficeDay


@admin.register(OfficeDay)
class OfficeDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "note", "created_by", "created_at")
    list_filter = ("kind",)
    date_hierarchy = "date"
    list_select_related = ("created_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
