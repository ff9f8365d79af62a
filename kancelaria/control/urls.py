"""The work pages under /work/ (namespace "control")."""

from django.urls import path

from . import dashboard_urls, views

app_name = "control"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.assignment, name="assignment"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/notes/", views.note, name="note"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("resolutions/<int:pk>/extend/", views.extend, name="extend"),
    path("entries/<int:pk>/dispatch/", views.dispatch, name="dispatch"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:pk>/reassign/", views.absence_reassign, name="absence_reassign"),
    path("routing/", views.routing, name="routing"),
    path("routing/<int:pk>/delete/", views.routing_delete, name="routing_delete"),
]
urlpatterns += dashboard_urls.urlpatterns
