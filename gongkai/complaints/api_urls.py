"""/api/v1/ routes of 环境投诉举报, included by gongkai.api.urls."""

from django.urls import path

from gongkai.complaints import api

urlpatterns = [
    path("", api.result_list, name="complaints_list"),
    path("<int:pk>/", api.result_detail, name="complaints_detail"),
]
