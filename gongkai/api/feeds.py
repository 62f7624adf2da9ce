"""RSS 2.0 and Atom feeds of published items: one pair per column (栏目) and one for the whole site."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from gongkai.catalog.selectors import published_items

FEED_SIZE = 50
# "all" names the whole-site feed, so a column with that slug has no feed of its own (docs/api.md).
SITE_FEED_SLUG = "all"


def _publisher_name() -> str:
    from gongkai.org.models import Agency

    agency = Agency.current()
    return agency.name if agency else settings.WAGTAIL_SITE_NAME


class _ItemFeed(Feed):
    """What every feed shares: item fields, newest first by first publication."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def items(self, obj):
        pages = published_items()
        if obj is not None:
            pages = pages.descendant_of(obj)
        return pages.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        text = item.summary or strip_tags(item.body)
        return Truncator(text.strip()).chars(200)

    def item_link(self, item) -> str:
        # Relative here; the syndication framework prefixes the request's scheme and host.
        return item.url or "/"

    # Beijing time in the XML (+08:00), as readers of a Chinese government site expect.
    def item_pubdate(self, item):
        return timezone.localtime(item.first_published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at or item.first_published_at)

    def item_author_name(self, item) -> str:
        return item.department.name

    def item_categories(self, item) -> list[str]:
        return [c.name for c in (item.topic, item.genre) if c is not None]

    def feed_copyright(self) -> str:
        return f"版权所有：{_publisher_name()}"


class ColumnRssFeed(_ItemFeed):
    """/feeds/<column-slug>/rss.xml — the latest items published in a column and its sub-columns."""

    def get_object(self, request: HttpRequest, slug: str):
        from gongkai.portal.models import ColumnPage

        # NUL cannot be in a stored slug (PostgreSQL refuses it even in a query).
        column = None
        if "\x00" not in slug:
            column = ColumnPage.objects.live().public().filter(slug=slug).order_by("path").first()
        if column is None:
            raise Http404("栏目不存在")
        return column

    def title(self, obj) -> str:
        return f"{obj.title} - {_publisher_name()}"

    def link(self, obj) -> str:
        return obj.url or "/"

    def description(self, obj) -> str:
        return f"{_publisher_name()}“{obj.title}”栏目最新发布的{FEED_SIZE}条公开信息。"


class ColumnAtomFeed(ColumnRssFeed):
    feed_type = Atom1Feed
    subtitle = ColumnRssFeed.description


class SiteRssFeed(_ItemFeed):
    """/feeds/all/rss.xml — the latest items published anywhere on the site."""

    def get_object(self, request: HttpRequest):
        return None

    def title(self) -> str:
        return f"最新公开信息 - {_publisher_name()}"

    def link(self) -> str:
        return "/"

    def description(self) -> str:
        return f"{_publisher_name()}最新发布的{FEED_SIZE}条公开信息。"


class SiteAtomFeed(SiteRssFeed):
    feed_type = Atom1Feed
    subtitle = SiteRssFeed.description
