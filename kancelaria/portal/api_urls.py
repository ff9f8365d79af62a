from django.urls import path

app_name = "public_api"
urlpatterns: list = []
