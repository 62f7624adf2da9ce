from django.urls import path

from gongkai.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_index, name="index"),
]
