from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Position, Unit, User
from .services import unit_save


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    search_fields = ["name"]


@admin.register(User)
class EmployeeAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("unit", "position")}),)
    list_display = ["username", "first_name", "last_name", "unit", "position", "is_active"]
    list_filter = ["groups", "unit", "is_active"]
