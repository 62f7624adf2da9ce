from django.urls import path

from gongkai.complaints import views_public

app_name = "complaints_public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("new/", views_public.ReportView.as_view(), name="new"),
    path("new/done/", views_public.done, name="done"),
    path("query/", views_public.QueryView.as_view(), name="query"),
    path("query/end/", views_public.query_end, name="query_end"),
    path("case/<str:number>/", views_public.case, name="case"),
    path("results/<int:pk>/", views_public.result_detail, name="result"),
    path("results/<int:pk>/evidence/<int:evidence_pk>/", views_public.result_evidence, name="result_evidence"),
    path("statistics/", views_public.statistics, name="statistics"),
]
