from django.urls import path

from gongkai.complaints import views_admin

urlpatterns = [
    path("", views_admin.ListView.as_view(), name="list"),
    path("<int:pk>/", views_admin.CaseView.as_view(), name="case"),
    path("<int:pk>/actions/<slug:key>/", views_admin.ActionView.as_view(), name="action"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views_admin.evidence_download, name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/publishable/",
        views_admin.evidence_publishable,
        name="evidence_publishable",
    ),
]
