"""Public views outside the page tree: site map (网站地图), sitemap.xml, 联系我们 and the error pages."""

import logging

from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from gongkai.portal.features import FEATURE_LINKS, link
from gongkai.portal.models import ColumnPage, StandardPage
from gongkai.portal.templatetags.portal_tags import site_root

logger = logging.getLogger(__name__)

# A bare page for when even the 500 template cannot be rendered (e.g. a missing static manifest).
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务暂时不可用</title></head>'
    '<body><h1>服务暂时不可用</h1><p>网站出现内部错误，请稍后再试。</p><p><a href="/">返回首页</a></p></body></html>'
)


class PortalSitemap(WagtailSitemap):
    """Every live public page. Base ``Page`` objects suffice for URL and lastmod, so no ``.specific()``."""

    # 200,000 items make 20 files of 10,000 addresses: each renders in well under a second.
    limit = 10_000

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only("id", "path", "depth", "url_path", "last_published_at", "latest_revision_created_at")
        )

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item; one aggregate query does the same.
        return self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]


SITEMAPS = {"pages": PortalSitemap}


def _column_tree(request: HttpRequest) -> list[dict]:
    """The live, public columns and plain pages under the home page, nested."""
    root = site_root(request)
    if root is None:
        return []
    pages = root.get_descendants().live().public().type(ColumnPage, StandardPage).order_by("path")
    nodes: dict[str, dict] = {root.path: {"children": []}}
    for page in pages:
        parent = nodes.get(page.path[: -page.steplen])
        # A page beneath an unpublished column is unreachable from the menus; leave it out here too.
        if parent is None:
            continue
        node = {"title": page.title, "url": page.get_url(request), "children": []}
        parent["children"].append(node)
        nodes[page.path] = node
    return nodes[root.path]["children"]


def sitemap(request: HttpRequest) -> HttpResponse:
    """网站地图: the column tree, for readers (the XML one is for crawlers)."""
    extras = [
        found
        for found in (
            link("主动公开目录", "catalog:index"),
            link("政府信息公开申请", "foi_public:index"),
            link("依申请公开统计", "foi_public:statistics"),
            *(
                link(title, name)
                for links in FEATURE_LINKS.values()
                for title, name in links
                if name != "foi_public:index"
            ),
            link("站内搜索", "search:index"),
            link("联系我们", "portal:contact"),
        )
        if found
    ]
    return render(request, "portal/sitemap.html", {"tree": _column_tree(request), "extras": extras})


def contact(request: HttpRequest) -> HttpResponse:
    """联系我们, built from the agency record (used when editors have not made a page of their own)."""
    return render(request, "portal/contact.html")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request,
        {name: cls(request) for name, cls in SITEMAPS.items()},
        template_name="portal/sitemap_index.xml",
        sitemap_url_name="portal:sitemap-section",
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(
        request,
        {name: cls(request) for name, cls in SITEMAPS.items()},
        section=section,
        template_name="portal/sitemap.xml",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Content the office withdrew with a notice answers 410 with the notice (gongkai.review.withdrawal).
    from gongkai.review.withdrawal import withdrawn_response

    withdrawn = withdrawn_response(request)
    if withdrawn is not None:
        return withdrawn
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the 500 page must render when the database or a context processor is what failed.
    try:
        body = loader.render_to_string("500.html")
    except Exception:  # the error page itself must never raise
        logger.exception("500.html could not be rendered")
        body = FALLBACK_500
    return HttpResponseServerError(body)
