"""Pages of service requests (/requests/)."""

from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/pay/", views.request_pay, name="pay"),
    path("<int:pk>/deficiency/", views.deficiency_notice, name="deficiency"),
    path("<int:pk>/deficiency/fixed/", views.deficiency_fixed, name="deficiency_fixed"),
    path("<int:pk>/step/", views.step_done, name="step_done"),
    path("<int:pk>/issue/", views.result_issue, name="issue"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
    path("apply/done/", views.apply_done, name="done"),
    path("apply/<str:code>/", views.apply, name="apply"),
    path("pay/fake/<str:reference>/", views.pay_fake, name="pay_fake"),
    path("pay/callback/<str:reference>/", views.pay_callback, name="pay_callback"),
]
