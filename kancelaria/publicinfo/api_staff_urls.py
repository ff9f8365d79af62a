"""The staff API of access to public information, under /api/v1/information/: the register
and intake, one request, each step (`requests/<pk>/<step>/`) and the tariff."""

from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.InfoRequestListView.as_view(), name="api-information-requests"),
    path("requests/<int:pk>/", api.InfoRequestDetailView.as_view(), name="api-information-request"),
    path("requests/<int:pk>/third-parties/<int:tp>/", api.ThirdPartyRecordView.as_view(),
         name="api-information-third-party"),
    *[path(f"requests/<int:pk>/{name}/", view.as_view(), name=f"api-information-request-{name}")
      for name, view in api.STEP_VIEWS.items()],
    path("tariff/", api.TariffView.as_view(), name="api-information-tariff"),
]
