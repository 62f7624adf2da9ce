"""Admin addresses of 舆情监测 under /admin/opinion/ (namespace ``opinion_admin``)."""

from django.urls import path

from gongkai.opinion import views_admin

urlpatterns = [
    path("", views_admin.DashboardView.as_view(), name="dashboard"),
    path("events/", views_admin.EventListView.as_view(), name="events"),
    path("events/<int:pk>/", views_admin.EventView.as_view(), name="event"),
    path("events/<int:pk>/<slug:action>/", views_admin.EventView.as_view(), name="event_action"),
    path("items/", views_admin.ItemListView.as_view(), name="items"),
    path("items/add/", views_admin.ManualItemView.as_view(), name="item_add"),
    path("alerts/<int:pk>/acknowledge/", views_admin.AlertAcknowledgeView.as_view(), name="alert_acknowledge"),
    path("incidents/", views_admin.IncidentListView.as_view(), name="incidents"),
    path("incidents/<int:pk>/", views_admin.IncidentView.as_view(), name="incident"),
]
