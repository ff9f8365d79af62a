"""Pages of access to public information, mounted at /information/: the staff pages
(`staff_urls`) and the public ones (`public_urls`) share the `publicinfo` namespace."""

from . import public_urls, staff_urls

app_name = "publicinfo"

urlpatterns = staff_urls.urlpatterns + public_urls.urlpatterns
