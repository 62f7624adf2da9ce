"""Every Wagtail audit-log entry, also written as one JSON line to the ``gongkai.audit`` logger.

Security monitoring reads that logger (settings.LOGGING) without database access. The entry
in Wagtail's log stays the record of truth; this is a copy for the log pipeline.
"""

import json
import logging

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger("gongkai.audit")


def _username(entry) -> str | None:
    if not entry.user_id:
        return None
    try:
        return entry.user.get_username()
    except ObjectDoesNotExist:  # the user FK has no constraint: the account may be gone
        return None


def log_entry_as_dict(entry) -> dict:
    return {
        "event": "audit",
        "id": entry.pk,
        "timestamp": entry.timestamp,
        "action": entry.action,
        "label": entry.label,
        "object_type": f"{entry.content_type.app_label}.{entry.content_type.model}" if entry.content_type_id else None,
        "object_id": getattr(entry, "page_id", None) or getattr(entry, "object_id", None),
        "revision_id": entry.revision_id,
        "user_id": entry.user_id,
        "username": _username(entry),
        "uuid": str(entry.uuid) if entry.uuid else None,
        "data": entry.data,
    }


def emit_log_entry(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """post_save receiver for PageLogEntry and ModelLogEntry."""
    if not created or raw or not logger.isEnabledFor(logging.INFO):
        return
    try:
        line = json.dumps(log_entry_as_dict(instance), cls=DjangoJSONEncoder, ensure_ascii=False)
    except (TypeError, ValueError):
        # A log line must never break the action being logged.
        logger.exception("Could not serialise audit-log entry %s", instance.pk)
        return
    logger.info(line)
