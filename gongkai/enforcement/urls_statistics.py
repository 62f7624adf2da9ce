"""Public addresses of the 行政执法统计年报 under /enforcement/statistics/ (namespace ``enforcement_statistics``)."""

from django.urls import path

from gongkai.enforcement import views_statistics

app_name = "enforcement_statistics"

urlpatterns = [
    path("", views_statistics.index, name="index"),
    path("<int:year>/", views_statistics.year_statistics, name="year"),
    path("<int:year>/xlsx/", views_statistics.year_xlsx, name="xlsx"),
]
