"""Admin addresses of 新闻发布会与在线访谈 under /admin/interviews/ (namespace ``interviews``).

The event editor itself is Wagtail's snippet editor; these are the console and moderation screens.
"""

from django.urls import path

from gongkai.interviews import views_admin

app_name = "interviews"

urlpatterns = [
    path("events/<int:pk>/console/", views_admin.ConsoleView.as_view(), name="console"),
    path("events/<int:pk>/media/", views_admin.MediaUploadView.as_view(), name="media_upload"),
    path("events/<int:pk>/end/", views_admin.EndView.as_view(), name="end"),
    path("entries/<int:pk>/edit/", views_admin.EntryEditView.as_view(), name="entry_edit"),
    path("entries/<int:pk>/retract/", views_admin.EntryRetractView.as_view(), name="entry_retract"),
    path("questions/", views_admin.QuestionQueueView.as_view(), name="questions"),
    path("questions/<int:pk>/approve/", views_admin.QuestionActionView.as_view(action="approve"), name="approve"),
    path("questions/<int:pk>/reject/", views_admin.QuestionActionView.as_view(action="reject"), name="reject"),
    path("questions/<int:pk>/answered/", views_admin.QuestionActionView.as_view(action="answered"), name="answered"),
]
