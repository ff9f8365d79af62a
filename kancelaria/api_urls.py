"""The REST API, version 1: the staff API (token or session authentication) and the
public API under `public/`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from kancelaria.accounts import api as accounts_api
from kancelaria.registry import api as registry_api

urlpatterns = [
    path("public/", include("kancelaria.portal.api_urls")),
    path("calendar/", include("kancelaria.workcalendar.api_urls")),
    path("catalogue/", include("kancelaria.catalogue.api_urls")),
    path("requests/", include("kancelaria.applications.api_urls")),
    path("procedures/", include("kancelaria.procedures.api_urls")),
    path("feedback/", include("kancelaria.feedback.api_urls")),
    path("information/", include("kancelaria.publicinfo.api_urls")),
    path("penal/", include("kancelaria.penal.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", accounts_api.ApiDocsView.as_view(), name="api-docs"),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path("indexes/", registry_api.IndexListView.as_view(), name="api-indexes"),
    path("entries/", registry_api.EntryListView.as_view(), name="api-entries"),
    path("entries/<int:pk>/", registry_api.EntryDetailView.as_view(), name="api-entry"),
    path("entries/<int:pk>/corrections/", registry_api.EntryCorrectionView.as_view(),
         name="api-entry-corrections"),
    path("cases/<int:pk>/", registry_api.CaseDetailView.as_view(), name="api-case"),
]
