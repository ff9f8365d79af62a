"""The public API: no authentication, mounted at /api/v1/public/."""

from django.urls import path

from . import api

app_name = "public_api"
urlpatterns = [
    path("track/", api.TrackView.as_view(), name="track"),
]
