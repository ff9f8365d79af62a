"""penal pages."""

app_name = "penal"

urlpatterns: list = []
