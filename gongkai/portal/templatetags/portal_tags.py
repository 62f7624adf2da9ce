"""Navigation for every public page: main menu, breadcrumbs, the section's side menu, footer links.

Everything is derived from the live page tree, so renaming or adding a column in the admin
changes the menus without a template edit.
"""

from django import template
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
        for child in root.get_children().live().public().in_menu().order_by("path"):
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
        for ancestor in page.get_ancestors().filter(depth__gt=root.depth).live().order_by("depth"):
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
    section = page if page.depth == root.depth + 1 else page.get_ancestors().filter(depth=root.depth + 1).first()
    if section is None:
        return empty
    from gongkai.portal.models import ColumnPage, StandardPage

    items = []
    for child in section.get_children().live().public().type(ColumnPage, StandardPage).order_by("path"):
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
        page = (
            Page.objects.live()
            .public()
            .descendant_of(root)
            .filter(depth__lte=root.depth + 2)
            .filter(title=CONTACT_TITLE)
            .order_by("depth", "path")
            .first()
        ) or Page.objects.live().public().child_of(root).filter(slug__in=CONTACT_SLUGS).first()
        if page is not None:
            return page.get_url(request)
    return reverse("portal:contact")
