"""Public addresses of 依申请公开 under /foi/ (namespace ``foi_public``).

No address carries personal data: the form and the query are POSTs, and a case is addressed by
its application number, which names no one; access to it needs the 查询码 grant in the session.
"""

from django.urls import path, re_path

from gongkai.foi import views_public
from gongkai.foi.report import views as report_views

app_name = "foi_public"

CASE = r"^query/case/(?P<number>\d{4}-\d{5,})/"

urlpatterns = [
    path("", views_public.landing, name="index"),
    path("apply/", views_public.ApplyView.as_view(), name="apply"),
    path("apply/done/", views_public.apply_done, name="apply_done"),
    path("query/", views_public.QueryView.as_view(), name="query"),
    path("query/end/", views_public.query_end, name="query_end"),
    re_path(CASE + r"$", views_public.case, name="case"),
    re_path(CASE + r"supplement/$", views_public.supplement, name="supplement"),
    re_path(CASE + r"files/(?P<pk>\d+)/$", views_public.download, name="download"),
    path("statistics/", views_public.statistics, name="statistics"),
    path("annual-report/<int:year>/", report_views.annual_report, name="annual_report"),
]
