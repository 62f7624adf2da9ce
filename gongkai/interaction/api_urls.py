"""/api/v1/ routes of 互动交流, included by gongkai.api.urls."""

from django.urls import path

from gongkai.interaction import api

urlpatterns = [
    path("messages/", api.message_list, name="interaction_message_list"),
    path("messages/<int:pk>/", api.message_detail, name="interaction_message_detail"),
]
