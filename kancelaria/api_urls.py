from django.urls import include, path

urlpatterns = [
    path("public/", include("kancelaria.portal.api_urls")),
]
