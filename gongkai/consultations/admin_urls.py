from django.urls import path

from gongkai.consultations import views_admin

urlpatterns = [
    path("<int:pk>/", views_admin.OverviewView.as_view(), name="overview"),
    path("<int:pk>/groups/", views_admin.GroupsView.as_view(), name="groups"),
    path("<int:pk>/export.xlsx", views_admin.ExportView.as_view(), name="export"),
    path("<int:pk>/report/", views_admin.ReportStartView.as_view(), name="report_start"),
    path("comment/<int:pk>/hide/", views_admin.HideView.as_view(), name="hide"),
    path("group/<int:pk>/decide/", views_admin.DecideView.as_view(), name="decide"),
    path("group/<int:pk>/merge/", views_admin.MergeView.as_view(), name="merge"),
    path("group/<int:pk>/split/", views_admin.SplitView.as_view(), name="split"),
]
