"""Background task of 意见征集 (django-tasks): the daily list of consultations without a report.

Runs ``manage.py consultations_digest``; its output (one line per consultation) is the task's
result, kept with the task in the queue's store and written to the worker's log.
"""

from io import StringIO

from django.core.management import call_command
from django_tasks import task


@task()
def consultations_digest() -> str:
    out = StringIO()
    call_command("consultations_digest", stdout=out)
    return out.getvalue()
