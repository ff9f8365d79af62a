"""penal API."""

urlpatterns: list = []
