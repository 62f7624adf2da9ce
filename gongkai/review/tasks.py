"""Background task of scheduled publishing (django-tasks): Wagtail's ``publish_scheduled``.

Wagtail publishes revisions whose ``go_live_at`` has passed and unpublishes pages whose
``expire_at`` has; our publication hooks (policies with their interpretations, the catalog, the
search index) run from its signals either way. The task wraps the command so that ``run_tasks``
(gongkai.jobs) and a cron line ``manage.py publish_scheduled`` do exactly the same.
"""

from io import StringIO

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> str:
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
