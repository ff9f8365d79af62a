"""The feedback pages, at /feedback/."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.feedback_form, name="form"),
    path("thanks/", views.feedback_thanks, name="thanks"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/thanks/", views.kiosk_thanks, name="kiosk_thanks"),
    path("kiosk/enable/", views.kiosk_enable, name="kiosk_enable"),
    path("results/", views.results, name="results"),
    path("results/feedback/<int:pk>/", views.feedback_detail, name="detail"),
    path("results/improvements/", views.improvements, name="improvements"),
    path("results/improvements/<int:pk>/", views.improvements, name="improvement"),
    path("you-told-us/", views.you_told_us, name="you_told_us"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.csv", views.statistics_csv, name="statistics_csv"),
]
