"""The public API of access to public information, at /api/v1/information/ (no login)."""

from django.urls import path

from . import api_public

urlpatterns = [
    path("public/", api_public.PublicRegisterView.as_view(), name="api-information-public"),
    path("public/<int:pk>/", api_public.PublicRecordView.as_view(), name="api-information-public-record"),
    path("report/<int:year>/", api_public.ReportView.as_view(), name="api-information-report"),
]
