"""Background task of the public search index (django-tasks): the bulk rebuild.

Indexing one page stays inline in the ``page_published`` handler (gongkai.search.signal_handlers):
the public search must show a page the moment it is public and drop it the moment it is
withdrawn, and an index write queued for after the commit would leave a window where a
withdrawn page is still found. The full rebuild (minutes on a large site) is what belongs in
the background: ``manage.py rebuild_search_index --background`` enqueues this task.
"""

from django_tasks import task

from gongkai.search.indexing import search_index_rebuild


@task()
def rebuild_search_index(batch_size: int = 500) -> int:
    return search_index_rebuild(batch_size=max(1, batch_size))
