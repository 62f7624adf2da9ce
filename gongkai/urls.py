from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("gongkai.api.urls")),
    path("search/", include("gongkai.search.urls")),
    path("catalog/", include("gongkai.catalog.urls")),
    path("feeds/", include("gongkai.api.feed_urls")),
    path("foi/", include("gongkai.foi.urls_public")),
    path("enforcement/draws/", include("gongkai.enforcement.urls_draw")),
    path("enforcement/statistics/", include("gongkai.enforcement.urls_statistics")),
    path("enforcement/", include("gongkai.enforcement.urls_public")),
    path("policies/", include("gongkai.policies.urls_public")),
    path("consultations/", include("gongkai.consultations.urls_public")),
    path("interviews/", include("gongkai.interviews.urls_public")),
    path("messages/", include("gongkai.interaction.urls_public")),
    path("complaints/", include("gongkai.complaints.urls_public")),
    path("opinion/", include("gongkai.opinion.urls_public")),
    path("incidents/", include("gongkai.opinion.urls_incidents")),
    path("", include("gongkai.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves every other address; it must stay last.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
