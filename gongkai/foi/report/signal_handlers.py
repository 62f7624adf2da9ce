"""Signal wiring of the annual report, connected from FoiConfig.ready() (which touches no database)."""

from wagtail.signals import page_published


def freeze_on_first_publication(sender, instance, revision=None, alias=False, **kwargs) -> None:
    """The report item has gone live: freeze its figures (once; later publications change nothing)."""
    if alias:
        return
    from gongkai.foi.models import AnnualReport
    from gongkai.foi.report.page import annual_report_freeze

    report = AnnualReport.objects.filter(page_id=instance.pk, published_at__isnull=True).first()
    if report is not None:
        annual_report_freeze(report=report, page=instance)


def register_signal_handlers() -> None:
    page_published.connect(freeze_on_first_publication, dispatch_uid="gongkai.foi.report.freeze")
