"""Admin addresses of 依申请公开 under /admin/foi/ (namespace ``foi``)."""

from django.urls import path

from gongkai.foi import views_admin

app_name = "foi"

urlpatterns = [
    path("cases/<int:pk>/", views_admin.CaseView.as_view(), name="case"),
]
