"""The full-page cache in front of Python: which responses nginx may keep, and purging them.

nginx (deploy/nginx-site.conf.template) stores only what the app marks ``public, s-maxage=N``,
so the decision lives here, next to the code that knows what a page contains. A response is
shared only when it cannot hold anything personal or per-visitor:

- a GET or HEAD of a public (non-admin) address, with status 200, 301, 404 or 410;
- from a request without a session or flash-message cookie (nginx also bypasses the cache for
  those, so a signed-in editor always sees the live site);
- that sets no cookie and used no CSRF token (a form page's token belongs to one visitor, so a
  cached copy would make everyone else's POST fail), and had no Cache-Control of its own.

Everything else that is HTML gets ``private`` so that no shared cache ever stores it.

Purging: when a page is published, changed, unpublished or withdrawn — or a public record of a
feature app (a 行政处罚 decision, a reply, an interview entry…) is saved or deleted — the
addresses that show it are re-fetched through nginx's loopback refresh listener
(gongkai.core.frontend_cache), after the transaction commits and as a background task.
Addresses with a query string (search results, filters, page 2…) cannot be listed, so they are
kept only GONGKAI_PAGE_CACHE_QUERY_SECONDS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control

logger = logging.getLogger("gongkai.page_cache")

CACHEABLE_STATUS = {200, 301, 404, 410}
# Paths whose answers depend on who asks or guard private files, whatever their headers say.
NEVER_SHARED_PREFIXES = ("/documents/",)
# Django adds these when a page touched the session or the language; for a request without a
# session cookie the page is the same for everybody, and the site has one language.
DROPPED_VARY = {"cookie", "accept-language"}
# The sections of gongkai.portal.views.SITEMAPS (core does not import the portal).
SITEMAP_SECTIONS = ("pages",)


def _admin_prefix() -> str:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


def public_cache(seconds: int) -> Callable:
    """Let a view choose how long nginx keeps its anonymous answer (default GONGKAI_PAGE_CACHE_SECONDS)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response.gongkai_cache_seconds = seconds
            return response

        return wrapped

    return decorator


def has_personal_cookie(request: HttpRequest) -> bool:
    names = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    return any(request.COOKIES.get(name) for name in names)


def sharing_refusal(request: HttpRequest, response: HttpResponse) -> str:
    """Why this response must not be shared; an empty string when it may be."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    if response.status_code not in CACHEABLE_STATUS:
        return "status"
    if request.path.startswith(_admin_prefix()) or request.path.startswith(NEVER_SHARED_PREFIXES):
        return "path"
    if has_personal_cookie(request):
        return "cookie"
    if response.cookies:
        return "sets-cookie"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return "csrf"
    if "Cache-Control" in response.headers:
        return "own-cache-control"
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "used", False):
        return "messages"
    return ""


def shared_seconds(request: HttpRequest, response: HttpResponse) -> int:
    chosen = getattr(response, "gongkai_cache_seconds", None)
    if response.status_code in (404, 410):
        limit = settings.GONGKAI_PAGE_CACHE_MISSING_SECONDS
        return min(chosen, limit) if chosen is not None else limit
    if chosen is not None:
        return chosen
    if request.META.get("QUERY_STRING"):
        return settings.GONGKAI_PAGE_CACHE_QUERY_SECONDS
    return settings.GONGKAI_PAGE_CACHE_SECONDS


class PublicPageCacheMiddleware:
    """Marks each response shareable or private (see the module docstring).

    Sits directly under SecurityMiddleware, so that it sees the cookies the session, CSRF and
    message middlewares add on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refusal = sharing_refusal(request, response)
        if not refusal:
            seconds = shared_seconds(request, response)
            # max-age=0: browsers ask again each time (nginx answers from its copy), so a reader
            # never keeps an old version of a withdrawn page.
            response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
            vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
            kept = [v for v in vary if v.lower() not in DROPPED_VARY]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            elif "Vary" in response.headers:
                del response.headers["Vary"]
        elif refusal not in ("own-cache-control", "method") and _is_html(response):
            patch_cache_control(response, private=True)
        return response


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


# ---------- Purging ----------


def cache_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_paths(paths: Iterable[str]) -> None:
    """Re-fetch these addresses through the page cache once the current transaction commits."""
    wanted = sorted({p for p in paths if p})
    if not wanted or not cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    # Wagtail's task (django-tasks): in the background with a queue backend, at once with the
    # embedded immediate one. A failed purge is logged by the backend; the page's s-maxage bounds it.
    transaction.on_commit(lambda: purge_urls_from_cache(wanted))


def common_paths() -> list[str]:
    """Shown on every kind of change: the home page's lists, the site feeds and the sitemap."""
    found = ["/"]
    for name in ("feeds:site_rss", "feeds:site_atom", "portal:sitemap", "portal:sitemap-xml"):
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    for section in SITEMAP_SECTIONS:
        try:
            found.append(reverse("portal:sitemap-section", kwargs={"section": section}))
        except NoReverseMatch:
            continue
    return found


def page_paths(page) -> list[str]:
    """A page, the columns above it (their lists show it) and what every change touches."""
    paths = common_paths()
    specific = page.specific_deferred
    url = page.get_url()
    if url:
        for extra in specific.get_cached_paths():
            paths.append(url + extra.lstrip("/"))
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        ancestor_url = ancestor.get_url()
        if ancestor_url:
            paths.append(ancestor_url)
            if ancestor.slug:
                for name in ("feeds:column_rss", "feeds:column_atom"):
                    try:
                        paths.append(reverse(name, kwargs={"slug": ancestor.slug}))
                    except NoReverseMatch:
                        continue
    return paths


def _on_page_change(sender, instance, **kwargs) -> None:
    purge_paths(page_paths(instance))


@dataclass(frozen=True)
class PublicRecord:
    """A feature app's record that public pages show: where its own page is and which lists show it.

    ``detail`` is a URL name taking ``pk`` from the attribute ``pk_from`` (the record's own pk, or a
    parent's, e.g. ``decision_id`` for a withdrawal); ``lists`` are URL names without arguments.
    """

    model: str
    lists: tuple[str, ...]
    detail: str = ""
    pk_from: str = "pk"

    def paths(self, instance) -> list[str]:
        found = common_paths()
        for name in self.lists:
            try:
                found.append(reverse(name))
            except NoReverseMatch:
                continue
        if self.detail:
            pk = getattr(instance, self.pk_from, None)
            if pk is not None:
                try:
                    found.append(reverse(self.detail, kwargs={"pk": pk}))
                except NoReverseMatch:
                    pass
        return found


# Records citizens create (messages, comments, questions) are left out on purpose: a surge of
# submissions must not become a surge of re-renders. They become public through a staff action on
# a record listed here (a reply, a moderated transcript entry, a report), or within the TTL.
PUBLIC_RECORDS = (
    PublicRecord(
        "enforcement.Decision",
        ("enforcement_public:index", "enforcement_public:decisions"),
        "enforcement_public:decision",
    ),
    PublicRecord(
        "enforcement.Withdrawal",
        ("enforcement_public:index", "enforcement_public:decisions"),
        "enforcement_public:decision",
        "decision_id",
    ),
    PublicRecord("enforcement.EnforcementOfficer", ("enforcement_public:officers",)),
    PublicRecord("enforcement.EnforcementMatter", ("enforcement_public:matters",)),
    PublicRecord("consultations.Consultation", ("consultations_public:index",), "consultations_public:detail"),
    PublicRecord(
        "consultations.AdoptionReport",
        ("consultations_public:index",),
        "consultations_public:detail",
        "consultation_id",
    ),
    PublicRecord("interviews.Event", ("interviews_public:index",), "interviews_public:event"),
    PublicRecord("interviews.TranscriptEntry", ("interviews_public:index",), "interviews_public:event", "event_id"),
    PublicRecord("interaction.Reply", ("interaction_public:index",), "interaction_public:detail", "message_id"),
    PublicRecord("complaints.ComplaintResult", ("complaints_public:index",), "complaints_public:result"),
    PublicRecord("opinion.IncidentUpdate", ("incidents_public:index", "opinion_public:index")),
    PublicRecord("opinion.Incident", ("incidents_public:index", "opinion_public:index")),
    PublicRecord("policies.PolicyQuestion", ("policies_public:qa",)),
    PublicRecord("foi.AnnualReport", ("foi_public:index",)),
)


def _record_handler(record: PublicRecord) -> Callable:
    def handler(sender, instance, **kwargs) -> None:
        if kwargs.get("raw"):
            return  # fixtures and restores: nothing public changed through the app
        purge_paths(record.paths(instance))

    return handler


_handlers: list[Callable] = []  # signals hold receivers weakly


def connect_signals() -> None:
    """Called from CoreConfig.ready: pages through Wagtail's signals, records through post_save/delete."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_on_page_change, dispatch_uid="gongkai.page_cache.published")
    page_unpublished.connect(_on_page_change, dispatch_uid="gongkai.page_cache.unpublished")
    for record in PUBLIC_RECORDS:
        try:
            model = apps.get_model(record.model)
        except LookupError:
            continue  # that feature is not installed
        handler = _record_handler(record)
        _handlers.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid=f"page_cache_save_{record.model}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"page_cache_delete_{record.model}")
