"""The API of service requests, under /api/v1/requests/ (staff)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.RequestListView.as_view(), name="api-requests"),
    path("<int:pk>/", api.RequestDetailView.as_view(), name="api-request"),
]
