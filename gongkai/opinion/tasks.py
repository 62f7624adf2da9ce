"""Background tasks of 舆情监测 (django-tasks): the periodic fetch of the feeds.

Enqueue ``fetch_opinion_sources`` from a scheduler (cron, systemd timer) or run ``manage.py
opinion_fetch``; with the embedded immediate backend the task runs at once, in the caller's process.
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
