"""Background tasks of 舆情监测 (django-tasks): the periodic fetch of the feeds.

``run_tasks`` enqueues ``fetch_opinion_sources`` every 30 minutes (gongkai.jobs.schedule); ``manage.py
opinion_fetch`` runs the same ``fetch_due_sources`` from a shell or cron.
"""

from django_tasks import task

from gongkai.opinion.feeds import fetch_due_sources


@task()
def fetch_opinion_sources(force: bool = False) -> dict[str, int]:
    logs = fetch_due_sources(force=force)
    return {
        "sources": len(logs),
        "new_items": sum(log.new_items for log in logs),
        "errors": sum(1 for log in logs if log.status == "error"),
    }
