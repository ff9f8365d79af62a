"""staff_urls."""

urlpatterns: list = []
