"""The desk: registration, the register, registration cards, attachments and case files."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("offensive-log/", views.offensive_log, name="offensive_log"),
    path("entries/", views.entries, name="entries"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/correct/", views.entry_correct, name="entry_correct"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/send/", views.case_send, name="case_send"),
    path("cases/<int:pk>/forward/", views.case_forward, name="case_forward"),
    path("cases/<int:pk>/withdraw/", views.case_withdraw, name="case_withdraw"),
]
