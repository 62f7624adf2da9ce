"""The platform's own submissions as opinion items: messages, complaints and consultation comments.

Connected from OpinionConfig.ready(): opinion monitoring depends on those apps, never the other way
round, and a failure here can never lose or delay a citizen's submission (it runs after commit and
only logs). The text is masked first: monitoring staff need what was said, not who said it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save

from gongkai.enforcement.masking import mask_text

logger = logging.getLogger(__name__)


def _ingest_later(**item) -> None:
    def ingest() -> None:
        from gongkai.opinion.services import opinion_item_ingest

        try:
            opinion_item_ingest(**item)
        except Exception:  # monitoring must never break intake; the item can be entered by hand
            logger.exception("舆情采集失败：%s %s", item["source_kind"], item["external_id"])

    transaction.on_commit(ingest)


def message_received(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from gongkai.interaction.masking import public_text

    _ingest_later(
        source_kind="message",
        external_id=str(instance.pk),
        title=public_text(instance.subject, instance),
        text=public_text(instance.text, instance),
        published_at=instance.received_at,
    )


def complaint_received(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from gongkai.complaints.masking import mask_reporter

    text = mask_text(mask_reporter(instance.description, instance)).text
    _ingest_later(
        source_kind="complaint",
        external_id=str(instance.pk),
        title=f"{instance.get_category_display()}投诉举报：{instance.place}"[:200],
        text=text,
        published_at=instance.received_at,
    )


def comment_received(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    _ingest_later(
        source_kind="consultation",
        external_id=str(instance.pk),
        title=f"意见征集：{instance.consultation.title}"[:200],
        text=mask_text(instance.text).text,
        published_at=instance.received_at,
    )


def register_signal_handlers() -> None:
    from gongkai.complaints.models import Complaint
    from gongkai.consultations.models import Comment
    from gongkai.interaction.models import Message

    post_save.connect(comment_received, sender=Comment, dispatch_uid="gongkai.opinion.comment_received")
    post_save.connect(message_received, sender=Message, dispatch_uid="gongkai.opinion.message_received")
    post_save.connect(complaint_received, sender=Complaint, dispatch_uid="gongkai.opinion.complaint_received")
