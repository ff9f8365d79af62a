"""The catalogue's API, under /api/v1/catalogue/ (open to anyone)."""

from django.urls import path

from . import api

urlpatterns = [
    path("services/", api.ServiceListView.as_view(), name="api-catalogue-services"),
    path("services/<str:code>/", api.ServiceDetailView.as_view(), name="api-catalogue-service"),
]
