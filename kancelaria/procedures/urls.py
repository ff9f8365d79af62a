"""Proposals, signals and complaints: the public form, the desk, the registers and the
procedure page with its steps."""

from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.portal_new, name="new"),
    path("new/sent/", views.portal_submitted, name="submitted"),
    path("desk/", views.desk, name="desk"),
    path("proposals-and-signals/", views.proposals, name="proposals"),
    path("complaints/", views.complaints, name="complaints"),
    path("corruption/", views.corruption, name="corruption"),
    path("<int:pk>/", views.procedure_page, name="procedure"),
    path("<int:pk>/file-received/", views.file_received, name="file_received"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/order/", views.order, name="order"),
    path("<int:pk>/executed/", views.executed, name="executed"),
]
