"""Background task of 依申请公开 (django-tasks): the daily reminder e-mail.

The logic stays in ``manage.py foi_digest`` (which also serves cron and a person at the shell);
the task runs that command, so both send the same mail and both skip non-working days.
A failed mailbox makes the command, and so the task, fail after the others have been sent.
"""

from io import StringIO

from django.core.management import call_command
from django_tasks import task


@task()
def send_foi_digest() -> str:
    out = StringIO()
    call_command("foi_digest", stdout=out, stderr=out)
    return out.getvalue()
