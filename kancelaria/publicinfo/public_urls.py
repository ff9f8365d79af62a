"""The public pages of access to public information (and the staff's publication page),
in the `publicinfo` namespace; every name starts with `public_`."""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("apply/", views.apply, name="public_apply"),
    path("apply/sent/", views.submitted, name="public_submitted"),
    path("apply/sent/slip.pdf", views.submitted_slip, name="public_slip"),
    path("clarify/<str:token>/", views.clarify, name="public_clarify"),
    path("public/", views.register, name="public_register"),
    path("public/<int:pk>/", views.record, name="public_record"),
    path("public/<int:pk>/files/<int:attachment_id>/", views.record_file, name="public_file"),
    path("report/", views.report_index, name="public_report_index"),
    path("report/<int:year>/", views.report_year, name="public_report"),
    path("report/<int:year>.pdf", views.report_pdf, name="public_report_pdf"),
    path("publication/", views.publication_list, name="public_publication"),
    path("publication/<int:pk>/", views.publication_record, name="public_publication_record"),
]
