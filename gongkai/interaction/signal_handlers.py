"""A reply published by the review answers its message, whoever or whatever published it."""

from wagtail.signals import published


def _reply_published(sender, instance, revision=None, **kwargs) -> None:
    from gongkai.interaction.services import message_mark_answered

    # The signal does not say who approved; the workflow's own log entries do.
    message_mark_answered(reply=instance)


def register_signal_handlers() -> None:
    from gongkai.interaction.models import Reply

    published.connect(_reply_published, sender=Reply, dispatch_uid="interaction.reply_published")
