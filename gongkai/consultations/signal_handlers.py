"""Freeze what the public sees of the 意见采纳情况 when the report is published."""

from wagtail.signals import published


def freeze_report(sender, instance, **kwargs) -> None:
    from gongkai.consultations.services import report_freeze

    report_freeze(instance)


def register_signal_handlers() -> None:
    from gongkai.consultations.models import AdoptionReport

    published.connect(freeze_report, sender=AdoptionReport, dispatch_uid="gongkai.consultations.freeze_report")
