"""Signal wiring of the audit chain, connected from AuditConfig.ready()."""

from django.db.models.signals import post_save
from wagtail.models import ModelLogEntry, PageLogEntry

from gongkai.audit.chain import append_after_commit


def register_signal_handlers() -> None:
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(append_after_commit, sender=model, dispatch_uid=f"gongkai.audit.chain.{model.__name__}")
