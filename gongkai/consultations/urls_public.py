from django.urls import path

from gongkai.consultations import views_public

app_name = "consultations_public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("<int:pk>/", views_public.detail, name="detail"),
    path("<int:pk>/comment/", views_public.CommentView.as_view(), name="comment"),
    path("<int:pk>/comment/done/", views_public.comment_done, name="comment_done"),
]
