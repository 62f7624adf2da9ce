from django.urls import include, path, re_path

from gongkai.api import views
from gongkai.enforcement import api as enforcement_api

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.item_list, name="item_list"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("columns/", views.column_list, name="column_list"),
    path("departments/", views.department_list, name="department_list"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("enforcement/decisions/", enforcement_api.decision_list, name="enforcement_decision_list"),
    path("enforcement/decisions/<int:pk>/", enforcement_api.decision_detail, name="enforcement_decision_detail"),
    path("policies/", include("gongkai.policies.api_urls")),
    path("consultations/", include("gongkai.consultations.api_urls")),
    path("interviews/", include("gongkai.interviews.api_urls")),
    path("interaction/", include("gongkai.interaction.api_urls")),
    path("complaints/", include("gongkai.complaints.api_urls")),
    path("opinion/", include("gongkai.opinion.api_urls")),
    # Everything else under /api/v1/ ending in a slash: a JSON 404 (without the slash, Django's
    # APPEND_SLASH redirects here first).
    re_path(r"^.+/$", views.not_found),
]
