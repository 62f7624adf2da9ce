"""Signal wiring of the review app, connected from ReviewConfig.ready() (which touches no database)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState
from wagtail.signals import task_submitted

from gongkai.review.audit import emit_log_entry
from gongkai.review.checker import invalidate_matcher
from gongkai.review.models import SensitiveWord, WrongTerm
from gongkai.review.notifications import review_task_submission_notifier


def register_signal_handlers() -> None:
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(emit_log_entry, sender=model, dispatch_uid=f"gongkai.review.audit.{model.__name__}")
    for model in (SensitiveWord, WrongTerm):
        for signal in (post_save, post_delete):
            signal.connect(invalidate_matcher, sender=model, dispatch_uid=f"gongkai.review.words.{model.__name__}")
    task_submitted.connect(
        review_task_submission_notifier, sender=TaskState, dispatch_uid="gongkai.review.task_submitted_email"
    )
