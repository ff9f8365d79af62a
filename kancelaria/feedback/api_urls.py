"""The feedback API, at /api/v1/feedback/."""

from django.urls import path

from . import api

app_name = "feedback_api"
urlpatterns = [
    path("", api.FeedbackView.as_view(), name="create"),
    path("statistics/", api.StatisticsView.as_view(), name="statistics"),
]
