"""Published pages → the API's JSON shapes. Field names are English and stable (docs/api.md).

Each shape here has a schema of the same name in gongkai/api/openapi.py; a test checks
every response against it, so a field added here must be added there too.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from gongkai.catalog.models import Validity


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _absolute(request: HttpRequest, page: Page) -> str | None:
    relative = page.get_url(request)
    return request.build_absolute_uri(relative) if relative else None


def category(obj) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj else None


def department(obj) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name}


def validity(code: str) -> dict[str, str]:
    return {"code": code, "name": str(Validity(code).label) if code in Validity.values else code}


def _parent_columns(pages: Sequence[Page]) -> dict[str, dict[str, Any]]:
    """Parent column of each page, looked up in one query via the tree path."""
    from gongkai.portal.models import ColumnPage

    parent_paths = {page.path[: -Page.steplen] for page in pages}
    columns = ColumnPage.objects.filter(path__in=parent_paths).values("path", "id", "slug", "title")
    return {row["path"]: {"id": row["id"], "slug": row["slug"], "title": row["title"]} for row in columns}


def _public_pages(ids: Iterable[int]) -> dict[int, Page]:
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    return {page.pk: page for page in Page.objects.filter(pk__in=ids).live().public()}


def items(request: HttpRequest, pages: Sequence[Page]) -> list[dict[str, Any]]:
    """The list shape of several items, with a fixed number of queries for the whole batch."""
    columns = _parent_columns(pages)
    superseding = _public_pages(page.superseded_by_id for page in pages)
    return [_item(request, page, columns, superseding) for page in pages]


def _item(request: HttpRequest, page, columns: dict[str, Any], superseding: dict[int, Page]) -> dict[str, Any]:
    newer = superseding.get(page.superseded_by_id)
    return {
        "id": page.pk,
        "title": page.title,
        "url": _absolute(request, page),
        "index_number": page.index_number,
        "column": columns.get(page.path[: -Page.steplen]),
        "department": department(page.department),
        "topic": category(page.topic),
        "genre": category(page.genre),
        "written_date": _date(page.written_date),
        "published_date": _date(page.published_date),
        "updated_at": page.last_published_at.isoformat() if page.last_published_at else None,
        "document_number": page.document_number,
        "validity": validity(page.validity),
        "superseded_by": (
            {"id": newer.pk, "title": newer.title, "url": _absolute(request, newer)} if newer is not None else None
        ),
        "keywords": page.keyword_list,
        "summary": page.summary,
    }


def item_detail(request: HttpRequest, page) -> dict[str, Any]:
    data = items(request, [page])[0]
    data["source"] = page.source
    data["body"] = expand_db_html(page.body)
    data["attachments"] = [
        {
            "title": attachment.display_title,
            "url": request.build_absolute_uri(attachment.document.url),
            "file_extension": attachment.document.file_extension,
            "file_size": attachment.document.file_size,
        }
        for attachment in page.attachments.select_related("document").order_by("sort_order")
    ]
    return data


def columns(request: HttpRequest, pages: Sequence[Page]) -> list[dict[str, Any]]:
    from django.urls import reverse

    ids_by_path = {page.path: page.pk for page in pages}
    result = []
    for page in pages:
        result.append(
            {
                "id": page.pk,
                "slug": page.slug,
                "title": page.title,
                "url": _absolute(request, page),
                "parent_id": ids_by_path.get(page.path[: -Page.steplen]),
                "feeds": {
                    "rss": request.build_absolute_uri(reverse("feeds:column_rss", args=[page.slug])),
                    "atom": request.build_absolute_uri(reverse("feeds:column_atom", args=[page.slug])),
                },
            }
        )
    return result


def departments(rows: Iterable) -> list[dict[str, Any]]:
    return [{"code": d.code, "name": d.name, "kind": d.kind} for d in rows]
