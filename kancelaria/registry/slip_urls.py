from django.urls import path

app_name = "slip"
urlpatterns: list = []
