"""Public addresses of 突发环境事件 under /incidents/ (namespace ``incidents_public``)."""

from django.urls import path

from gongkai.opinion import views_public

app_name = "incidents_public"
urlpatterns = [
    path("", views_public.incident_list, name="index"),
    path("feed/", views_public.IncidentUpdatesFeed(), name="feed"),
    path("<int:pk>/", views_public.incident_detail, name="detail"),
]
