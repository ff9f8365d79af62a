"""The working calendar's API, under /api/v1/calendar/."""

from django.urls import path

from . import api

urlpatterns = [
    path("due-date/", api.DueDateView.as_view(), name="api-calendar-due-date"),
]
