from django.urls import path  # noqa: F401

app_name = "policies_public"
urlpatterns: list = []
