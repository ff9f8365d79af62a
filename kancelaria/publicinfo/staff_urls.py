"""The staff pages of access to public information (under /information/, namespace
`publicinfo`): the electronic register of requests, intake at the desk, the dossier with
its steps, the decision and the tariff."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.intake, name="new"),
    path("tariff/", views.tariff, name="tariff"),
    path("tariff/<int:item>/", views.tariff, name="tariff_item"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/clarify/", views.clarify, name="clarify"),
    path("<int:pk>/clarification/", views.clarification, name="clarification"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/third-parties/", views.third_party_add, name="third_party_add"),
    path("<int:pk>/third-parties/<int:tp>/", views.third_party_record, name="third_party_record"),
    path("<int:pk>/forward/", views.forward, name="forward"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/grant/", views.grant, name="grant"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/not-held/", views.not_held, name="not_held"),
    path("<int:pk>/decision/", views.decision_print, name="decision"),
    path("<int:pk>/deliver/", views.deliver, name="deliver"),
    path("<int:pk>/payment/", views.payment, name="payment"),
    path("<int:pk>/access/", views.access, name="access"),
    path("<int:pk>/requester-refused/", views.requester_refused, name="requester_refused"),
]
