"""api_public_urls."""

urlpatterns: list = []
