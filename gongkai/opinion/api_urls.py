"""/api/v1/ routes of 舆情监测与回应, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
