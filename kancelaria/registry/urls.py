"""The staff pages of the registry: the desk (registration, search, case files) and the
nomenclature of case files."""

from django.urls import include, path

app_name = "registry"
urlpatterns = [
    path("nomenclature/", include("kancelaria.registry.nomenclature_urls")),
    path("", include("kancelaria.registry.desk_urls")),
]
