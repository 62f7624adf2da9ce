"""Signal wiring of the working-day calendar, connected from CalendarConfig.ready() (no database access)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gongkai.calendar import services


def forget_calendar(sender, **kwargs) -> None:
    # Drop the copy now, so that this thread sees its own change, and again after commit, so that
    # a copy another thread loaded meanwhile (still the old, committed rows) does not outlive it.
    services.invalidate_cache()
    transaction.on_commit(services.invalidate_cache)


def register_signal_handlers() -> None:
    from gongkai.calendar.models import DayException, HolidayNotice

    for model in (HolidayNotice, DayException):
        label = model._meta.label_lower
        post_save.connect(forget_calendar, sender=model, dispatch_uid=f"gongkai.calendar.saved.{label}")
        post_delete.connect(forget_calendar, sender=model, dispatch_uid=f"gongkai.calendar.deleted.{label}")
