"""/api/v1/ routes of 环境投诉举报, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
