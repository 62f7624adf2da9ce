"""Public addresses of 舆情回应 under /opinion/ (namespace ``opinion_public``)."""

from django.urls import path

from gongkai.opinion import views_public

app_name = "opinion_public"
urlpatterns = [
    path("", views_public.response_list, name="index"),
]
