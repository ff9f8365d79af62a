"""The working calendar's pages: `workcalendar:calendar` (the year and the due date
calculator), `workcalendar:day_add`, `workcalendar:day_delete`."""

from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("days/add/", views.day_add, name="day_add"),
    path("days/<int:pk>/delete/", views.day_delete, name="day_delete"),
]
