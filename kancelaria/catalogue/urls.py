"""The public catalogue of administrative services, under /services/."""

from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue.jsonld", views.catalogue_ld, name="jsonld"),
    path("<str:code>/", views.service, name="service"),
]
