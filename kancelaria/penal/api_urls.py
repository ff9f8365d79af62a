"""/api/v1/penal/: administrative-penal cases, findings and tickets."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.CaseListView.as_view(), name="api-penal-cases"),
    path("cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-penal-case"),
    path("cases/<int:pk>/<slug:action>/", api.CaseActionView.as_view(), name="api-penal-case-action"),
    path("findings/", api.FindingListView.as_view(), name="api-penal-findings"),
    path("findings/<int:pk>/", api.FindingDetailView.as_view(), name="api-penal-finding"),
    path("tickets/", api.TicketListView.as_view(), name="api-penal-tickets"),
    path("tickets/<int:pk>/", api.TicketDetailView.as_view(), name="api-penal-ticket"),
]
