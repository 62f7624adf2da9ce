"""Public addresses of 双随机一公开 under /enforcement/draws/ (namespace ``enforcement_draws``).

A draw is addressed by its code (letters, digits and hyphens; "verify" is reserved by
``services_draw.RESERVED_CODES``).
"""

from django.urls import path, re_path

from gongkai.enforcement import views_draw

app_name = "enforcement_draws"

CODE = r"^(?P<code>[0-9A-Za-z][0-9A-Za-z-]{0,49})/"

urlpatterns = [
    path("", views_draw.draw_list, name="index"),
    path("verify/", views_draw.verify, name="verify"),
    re_path(CODE + r"$", views_draw.draw_detail, name="detail"),
    re_path(CODE + r"announcement\.json$", views_draw.announcement_download, name="announcement"),
    re_path(CODE + r"record\.json$", views_draw.record_download, name="record"),
]
