"""/api/v1/ routes of 舆情监测与回应, included by gongkai.api.urls."""

from django.urls import path

from gongkai.opinion import api

urlpatterns = [
    path("incidents/", api.incident_list, name="opinion_incidents"),
    path("incidents/<int:pk>/", api.incident_detail, name="opinion_incident"),
]
