"""The control dashboards (DOMAIN.md 3): who is late, or about to be, below the viewer.

Included into the control URLs (namespace `control`): /work/control/ is
`control:dashboard`."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("control/", dashboard_views.dashboard, name="dashboard"),
]
