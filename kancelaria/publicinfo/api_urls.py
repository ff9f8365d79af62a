"""The API of access to public information, mounted at /api/v1/information/: the staff
endpoints (`api_staff_urls`) and the public ones (`api_public_urls`)."""

from . import api_public_urls, api_staff_urls

urlpatterns = api_staff_urls.urlpatterns + api_public_urls.urlpatterns
