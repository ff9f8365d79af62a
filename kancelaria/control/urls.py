from . import dashboard_urls

app_name = "control"
urlpatterns: list = []
urlpatterns += dashboard_urls.urlpatterns
