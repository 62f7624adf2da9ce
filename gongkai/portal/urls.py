from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("sitemap/", views.sitemap, name="sitemap"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-xml"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("contact-us/", views.contact, name="contact"),
]
