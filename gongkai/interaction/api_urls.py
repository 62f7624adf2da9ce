"""/api/v1/ routes of 互动交流, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
