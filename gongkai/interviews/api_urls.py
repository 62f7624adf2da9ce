"""/api/v1/ routes of 新闻发布会与在线访谈, included by gongkai.api.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
