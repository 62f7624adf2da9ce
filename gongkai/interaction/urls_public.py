"""Public addresses of 互动交流 under /messages/ (namespace ``interaction_public``).

No address carries personal data: the form and the query are POSTs; a writer's own message is
addressed by its number, which names no one, and needs the 查询码 grant in the session.
"""

from django.urls import path, re_path

from gongkai.interaction import views_public

app_name = "interaction_public"

QUERY = r"^query/(?P<number>LY\d{4}-\d{5,})/"

urlpatterns = [
    path("", views_public.index, name="index"),
    path("<int:pk>/", views_public.detail, name="detail"),
    path("new/", views_public.NewMessageView.as_view(), name="new"),
    path("new/done/", views_public.done, name="done"),
    path("query/", views_public.QueryView.as_view(), name="query"),
    path("query/end/", views_public.query_end, name="query_end"),
    re_path(QUERY + r"$", views_public.message_view, name="message"),
    re_path(QUERY + r"rate/$", views_public.rate, name="rate"),
    path("statistics/", views_public.statistics, name="statistics"),
]
