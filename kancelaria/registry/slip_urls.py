"""The registration slip: a printable page and its PDF (staff only)."""

from django.urls import path

from . import slip

app_name = "slip"
urlpatterns = [
    path("<int:entry_id>/", slip.slip_html, name="html"),
    path("<int:entry_id>/pdf/", slip.slip_pdf, name="pdf"),
]
