from django.urls import path

from gongkai.policies import views_public

app_name = "policies_public"
urlpatterns = [
    path("", views_public.policy_index, name="index"),
    path("qa/", views_public.question_list, name="qa"),
    path("qa/similar/", views_public.question_similar, name="qa_similar"),
]
