from django.urls import path

from gongkai.interaction import views_admin

urlpatterns = [
    path("", views_admin.MessageListView.as_view(), name="messages"),
    path("<int:pk>/", views_admin.MessageView.as_view(), name="message"),
    path("statistics/", views_admin.StatisticsView.as_view(), name="statistics"),
]
