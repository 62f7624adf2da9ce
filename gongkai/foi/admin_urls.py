"""Admin addresses of 依申请公开 under /admin/foi/ (namespace ``foi``).

``foi:case`` (kwarg ``pk``) is the case page that notifications link to. Each case action posts to
its own address, named after the action (``foi:confirm``, ``foi:reply``…).
"""

from django.urls import path

from gongkai.foi import views_admin

app_name = "foi"


def _action_urls():
    urls = []
    for action in views_admin.ACTIONS:
        view = views_admin.ActionView.as_view(action_key=action.key)
        segment = action.key.replace("_", "-")
        if action.target_model is not None:
            route = f"cases/<int:pk>/{segment}/<int:target_pk>/"
        else:
            route = f"cases/<int:pk>/{segment}/"
        urls.append(path(route, view, name=action.key))
    return urls


urlpatterns = [
    path("cases/", views_admin.CaseListView.as_view(), name="cases"),
    path("cases/results/", views_admin.CaseListView.as_view(results_only=True), name="cases_results"),
    path("cases/register/", views_admin.RegisterView.as_view(), name="register"),
    path("cases/<int:pk>/", views_admin.CaseView.as_view(), name="case"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        views_admin.AttachmentView.as_view(),
        name="attachment",
    ),
    *_action_urls(),
    path("reports/", views_admin.ReportListView.as_view(), name="reports"),
    path("reports/<int:year>/", views_admin.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:year>/submit/", views_admin.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:year>/<str:fmt>/", views_admin.ReportDownloadView.as_view(), name="report_download"),
]
