"""Public addresses of 新闻发布会与在线访谈 under /interviews/ (namespace ``interviews_public``)."""

from django.urls import path

from gongkai.interviews import views_public

app_name = "interviews_public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("<int:pk>/", views_public.event_detail, name="event"),
    path("<int:pk>/transcript.json", views_public.transcript_json, name="transcript"),
    path("<int:pk>/media/<int:media_pk>/", views_public.media_file, name="media"),
    path("<int:pk>/entries/<int:entry_pk>/image/", views_public.entry_image, name="entry_image"),
]
