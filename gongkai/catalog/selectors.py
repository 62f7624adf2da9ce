"""Reads of the catalog: what is public, and the taxonomy as the public and the API see it."""

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.catalog.models import TopicCategory


def published_items() -> QuerySet:
    """Every disclosure item the public may see: live, not privacy-restricted, numbered.

    Drafts, items in review, withdrawn (unpublished) items and items behind a Wagtail view
    restriction never appear. The select_related covers every field the lists show.
    """
    from gongkai.portal.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .public()
        .filter(published_date__isnull=False)
        .select_related("department", "topic", "genre")
    )


def _children_by_parent() -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in TopicCategory.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def _descendants(pk: int, children: dict[int | None, list[int]]) -> list[int]:
    found: list[int] = []
    todo = [pk]
    while todo:
        current = todo.pop()
        if current in found:  # a cycle typed in by hand must not hang the site
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def topic_and_descendant_ids(topic: TopicCategory) -> list[int]:
    """The topic and every topic beneath it: browsing a parent category includes its children."""
    return _descendants(topic.pk, _children_by_parent())


def topic_counts(items: QuerySet) -> list[tuple[TopicCategory, int]]:
    """Each topic with the number of items in it or its sub-topics, in taxonomy order."""
    direct = dict(items.order_by().values("topic").annotate(n=Count("pk")).values_list("topic", "n"))
    children = _children_by_parent()
    return [
        (topic, sum(direct.get(pk, 0) for pk in _descendants(topic.pk, children)))
        for topic in TopicCategory.objects.all()
    ]


def year_counts(items: QuerySet) -> list[tuple[int, int]]:
    """(year of 发布日期, number of items), newest year first."""
    rows = (
        items.order_by()
        .annotate(year=ExtractYear("published_date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return sorted(((int(year), n) for year, n in rows if year), reverse=True)
