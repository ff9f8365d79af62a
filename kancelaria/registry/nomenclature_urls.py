"""The nomenclature of case files, inside the registry namespace:
`registry:index_list`, `registry:index_create`, `registry:index_edit`."""

from django.urls import path

from . import nomenclature_views as views

urlpatterns = [
    path("", views.index_list, name="index_list"),
    path("new/", views.index_create, name="index_create"),
    path("<int:pk>/edit/", views.index_edit, name="index_edit"),
]
