"""/api/v1/procedures/: proposals, signals and complaints."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.ProcedureListView.as_view(), name="api-procedures"),
    path("<int:pk>/", api.ProcedureDetailView.as_view(), name="api-procedure"),
]
