"""/api/v1/ routes of 政策文件与解读, included by gongkai.api.urls."""

from django.urls import path

from gongkai.policies import api

urlpatterns = [
    path("", api.policy_list, name="policy_list"),
    path("<int:pk>/", api.policy_detail, name="policy_detail"),
]
