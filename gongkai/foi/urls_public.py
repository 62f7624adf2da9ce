"""Public addresses of 依申请公开 under /foi/ (namespace ``foi_public``)."""

from django.urls import path

from gongkai.foi import views_public

app_name = "foi_public"

urlpatterns = [
    path("query/", views_public.QueryView.as_view(), name="query"),
]
