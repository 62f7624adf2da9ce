"""/api/v1/ routes of 决策预公开与意见征集, included by gongkai.api.urls."""

from django.urls import path

from gongkai.consultations import api

urlpatterns = [
    path("", api.consultation_list, name="consultations_list"),
    path("<int:pk>/", api.consultation_detail, name="consultations_detail"),
]
