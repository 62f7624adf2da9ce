"""Housekeeping of the background work itself (django-tasks), run nightly from the schedule."""

import datetime

from django.utils import timezone
from django_tasks import task

from gongkai.jobs.models import JobSlot

# Slot rows and finished task results older than this go; a month answers "did the digest go out?".
KEEP_DAYS = 31


@task()
def prune_task_history() -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=KEEP_DAYS)
    slots, _ = JobSlot.objects.filter(slot__lt=cutoff).delete()
    # Results of the database backend only; Redis expires RQ's own results.
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"slots": slots, "results": results}
