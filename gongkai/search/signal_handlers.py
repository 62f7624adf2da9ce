"""Signal wiring of the search index, connected from SearchConfig.ready() (which touches no database)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from gongkai.search.indexing import run_safely, search_index_page, search_index_remove, search_index_subtree
from gongkai.search.models import SearchEntry


def _is_searchable_type(instance) -> bool:
    from gongkai.portal.models import ArticlePage, StandardPage

    return isinstance(instance, ArticlePage | StandardPage)


def index_on_publish(sender, instance, **kwargs) -> None:
    # Runs after the catalog's handler (its app is earlier in INSTALLED_APPS, so it connected
    # first) has given the item its 索引号; search_index_page re-reads the page anyway.
    if _is_searchable_type(instance):
        run_safely(search_index_page, instance)


def remove_on_unpublish(sender, instance, **kwargs) -> None:
    if _is_searchable_type(instance):
        run_safely(search_index_remove, instance.pk)


def reindex_on_move(sender, instance, **kwargs) -> None:
    # New columns above the moved page (and everything beneath it): new filter tokens.
    run_safely(search_index_subtree, instance)


def reindex_on_restriction_change(sender, instance, **kwargs) -> None:
    # A view restriction hides the page and its subtree from the public; lifting it shows them.
    if instance.page_id is not None:
        run_safely(search_index_subtree, instance.page)


def remove_postings(sender, instance, **kwargs) -> None:
    """Before an entry row goes (unpublish, page deletion cascade), remove its postings."""
    from gongkai.search.backends import get_backend

    get_backend().delete([instance])


def register_signal_handlers() -> None:
    page_published.connect(index_on_publish, dispatch_uid="gongkai.search.index_on_publish")
    page_unpublished.connect(remove_on_unpublish, dispatch_uid="gongkai.search.remove_on_unpublish")
    post_page_move.connect(reindex_on_move, dispatch_uid="gongkai.search.reindex_on_move")
    for signal in (post_save, post_delete):
        signal.connect(
            reindex_on_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"gongkai.search.restriction_{signal is post_save}",
        )
    pre_delete.connect(remove_postings, sender=SearchEntry, dispatch_uid="gongkai.search.remove_postings")
