"""Navigation for every public page: main menu, breadcrumbs, the section's side menu, footer links.

Everything is derived from the live page tree, so renaming or adding a column in the admin
changes the menus without a template edit.
"""

from django import template
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Page, Site

register = template.Library()

CONTACT_TITLE = "联系我们"
CONTACT_SLUGS = ("contact", "contact-us", "lxwm")


def site_root(request: HttpRequest | None) -> Page | None:
    """The home page of the site serving ``request`` (None on a site without one)."""
    if request is None:
        return None
    site = Site.find_for_request(request)
    return site.root_page if site else None


def _public(queryset, request: HttpRequest | None):
    """``queryset.public()``, reading the view restrictions once per request.

    Wagtail's ``public()`` reads every PageViewRestriction each time it is called, and one page
    asks it for the main menu, the side menu and 联系我们.
    """
    if request is None:
        return queryset.public()
    private = getattr(request, "_gongkai_private_q", None)
    if private is None:
        private = request._gongkai_private_q = queryset.private_q()
    return queryset.exclude(private)


def _ancestors(page: Page, root: Page) -> list[Page]:
    """The page's ancestors below the home page, top down, read once (breadcrumbs and side menu)."""
    cached = getattr(page, "_gongkai_ancestors", None)
    if cached is None:
        cached = page._gongkai_ancestors = list(page.get_ancestors().filter(depth__gt=root.depth).order_by("depth"))
    return cached


def _current_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context) -> dict:
    """Top-level columns: children of the home page that are live, public and 在菜单中显示."""
    request = context.get("request")
    root = site_root(request)
    current = _current_page(context)
    items = []
    if root is not None:
        for child in _public(root.get_children().live(), request).in_menu().order_by("path"):
            active = current is not None and current.path.startswith(child.path)
            items.append({"title": child.title, "url": child.get_url(request), "active": active})
    on_home = current is not None and root is not None and current.pk == root.pk
    return {"items": items, "home_url": root.get_url(request) if root else "/", "on_home": on_home}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current_title: str = "") -> dict:
    """当前位置: 首页 › column › … › this page. ``current_title`` names a non-page view's position."""
    request = context.get("request")
    root = site_root(request)
    page = _current_page(context)
    trail: list[dict] = []
    if page is not None and root is not None and page.pk != root.pk and page.path.startswith(root.path):
        for ancestor in [ancestor for ancestor in _ancestors(page, root) if ancestor.live]:
            trail.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        current_title = current_title or page.title
    return {
        "home_url": root.get_url(request) if root else "/",
        "trail": trail,
        "current_title": current_title,
        "show": bool(current_title),
    }


@register.inclusion_tag("includes/section_menu.html", takes_context=True)
def section_menu(context) -> dict:
    """The sub-columns of the top-level column that the current page belongs to."""
    request = context.get("request")
    root = site_root(request)
    page = _current_page(context)
    empty = {"section": None, "items": []}
    if page is None or root is None or page.depth <= root.depth or not page.path.startswith(root.path):
        return empty
    section = (
        page
        if page.depth == root.depth + 1
        else next((ancestor for ancestor in _ancestors(page, root) if ancestor.depth == root.depth + 1), None)
    )
    if section is None:
        return empty
    from gongkai.portal.models import ColumnPage, StandardPage

    items = []
    for child in _public(section.get_children().live(), request).type(ColumnPage, StandardPage).order_by("path"):
        active = page.path.startswith(child.path)
        items.append(
            {"title": child.title, "url": child.get_url(request), "active": active, "current": child.pk == page.pk}
        )
    if not items:
        return empty
    return {
        "section": {"title": section.title, "url": section.get_url(request), "current": section.pk == page.pk},
        "items": items,
    }


@register.simple_tag(takes_context=True)
def contact_url(context) -> str:
    """联系我们: the editors' own page when there is one, else the page built from the agency record."""
    request = context.get("request")
    cached = getattr(request, "_gongkai_contact_url", None)
    if cached is not None:
        return cached
    url = _find_contact_url(request)
    if request is not None:
        # Header and footer both ask: look it up once per request.
        request._gongkai_contact_url = url
    return url


def _find_contact_url(request: HttpRequest | None) -> str:
    root = site_root(request)
    if root is not None:
        # One query for both ways of finding it; a page titled 联系我们 wins over a slug match. Only
        # plain pages and columns: the type's index keeps the 200,000 items out of the search.
        from gongkai.portal.models import ColumnPage, StandardPage

        found = list(
            _public(Page.objects.live(), request)
            .descendant_of(root)
            .type(StandardPage, ColumnPage)
            .filter(Q(depth__lte=root.depth + 2, title=CONTACT_TITLE) | Q(depth=root.depth + 1, slug__in=CONTACT_SLUGS))
            .order_by("depth", "path")
        )
        page = next((page for page in found if page.title == CONTACT_TITLE), None) or next(iter(found), None)
        if page is not None:
            return page.get_url(request)
    return reverse("portal:contact")
