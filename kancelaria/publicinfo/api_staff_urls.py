"""api_staff_urls."""

urlpatterns: list = []
