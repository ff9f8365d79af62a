"""Administrative-penal proceedings: the home page, the register of cases, a statement,
the case with its steps, the printable decree, findings and tickets."""

from django.urls import path

from . import views

app_name = "penal"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/decree/", views.decree, name="decree"),
    path("cases/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    path("findings/", views.findings, name="findings"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:pk>/offender/", views.finding_discovered, name="finding_discovered"),
    path("tickets/", views.tickets, name="tickets"),
    path("tickets/new/", views.ticket_new, name="ticket_new"),
]
