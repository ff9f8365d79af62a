from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kancelaria.api_urls")),
    path("accounts/", include("kancelaria.accounts.urls")),
    path("audit/", include("kancelaria.audit.urls")),
    path("track/", include("kancelaria.portal.urls")),
    path("slip/", include("kancelaria.registry.slip_urls")),
    path("calendar/", include("kancelaria.workcalendar.urls")),
    path("work/", include("kancelaria.control.urls")),
    path("services/", include("kancelaria.catalogue.urls")),
    path("requests/", include("kancelaria.applications.urls")),
    path("procedures/", include("kancelaria.procedures.urls")),
    path("feedback/", include("kancelaria.feedback.urls")),
    path("information/", include("kancelaria.publicinfo.urls")),
    path("penal/", include("kancelaria.penal.urls")),
    path("", include("kancelaria.registry.urls")),
]
