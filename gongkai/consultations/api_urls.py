"""/api/v1/ routes of 决策预公开与意见征集, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
