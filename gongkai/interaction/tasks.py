"""Background task of 互动交流 (django-tasks): the daily reminder e-mail of overdue messages.

Runs ``manage.py interaction_digest``, so the task and a cron line behave the same (nothing is
sent on a non-working day).
"""

from io import StringIO

from django.core.management import call_command
from django_tasks import task


@task()
def send_interaction_digest() -> str:
    out = StringIO()
    call_command("interaction_digest", stdout=out)
    return out.getvalue()
