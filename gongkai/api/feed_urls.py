"""Feed addresses, included at /feeds/ in gongkai/urls.py (before Wagtail's catch-all)."""

from django.urls import path
from django.views.decorators.cache import cache_control

from gongkai.api import feeds

app_name = "feeds"
# Feed readers poll; five minutes of caching costs little freshness and spares the database.
_cached = cache_control(public=True, max_age=300)

urlpatterns = [
    path("all/rss.xml", _cached(feeds.SiteRssFeed()), name="site_rss"),
    path("all/atom.xml", _cached(feeds.SiteAtomFeed()), name="site_atom"),
    path("<str:slug>/rss.xml", _cached(feeds.ColumnRssFeed()), name="column_rss"),
    path("<str:slug>/atom.xml", _cached(feeds.ColumnAtomFeed()), name="column_atom"),
]
