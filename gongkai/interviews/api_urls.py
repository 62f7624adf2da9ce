"""/api/v1/ routes of 新闻发布会与在线访谈, included by gongkai.api.urls."""

from django.urls import path

from gongkai.interviews import api

urlpatterns = [
    path("", api.event_list, name="interviews_event_list"),
    path("<int:pk>/", api.event_detail, name="interviews_event_detail"),
]
