"""/api/v1/ routes of 政策文件与解读, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
