"""Public addresses of 行政执法公示 under /enforcement/ (namespace ``enforcement_public``)."""

from django.urls import path

from gongkai.enforcement import views_public

app_name = "enforcement_public"

urlpatterns = [
    path("", views_public.landing, name="index"),
    path("decisions/", views_public.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views_public.decision_detail, name="decision"),
    path("officers/", views_public.officers, name="officers"),
    path("matters/", views_public.matters, name="matters"),
]
