"""The one schedule of periodic background work, and the scheduler tick that puts it on the queue.

Each job is a django-tasks task in its own app's ``tasks.py``; this table only says when.
Times are local (TIME_ZONE, Asia/Shanghai): an interval job has a slot at every multiple of its
interval since midnight (as cron's ``*/5``), a daily job one slot at its time. A tick enqueues
each job's latest slot if no scheduler has done so yet (``JobSlot``'s unique constraint decides)
and the slot is recent enough: an interval job's slot until the next one begins, a daily job's
for ``grace`` after its time, so a scheduler that was down at 08:30 still sends the morning
digest at 09:10 but not at 23:00.

The digests decide for themselves whether today is a working day (they send nothing on
weekends and holidays, and do send on 调休 Saturdays), so the schedule runs them every day.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.jobs.models import JobSlot

logger = logging.getLogger("gongkai.jobs")

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    # Dotted path of a django-tasks Task, imported when it is due (the apps need not be loaded to read the table).
    task: str
    every: datetime.timedelta | None = None
    at: datetime.time | None = None
    # How late a daily job may still be enqueued after its time.
    grace: datetime.timedelta = datetime.timedelta(hours=2)

    def __post_init__(self) -> None:
        if (self.every is None) == (self.at is None):
            raise ValueError(f"{self.name}: give either an interval or a daily time")
        if self.every is not None and (self.every <= datetime.timedelta(0) or DAY % self.every):
            raise ValueError(f"{self.name}: the interval must divide a day")

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The last slot at or before ``now``, in local time."""
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every is not None:
            return midnight + ((local - midnight) // self.every) * self.every
        slot = midnight.replace(hour=self.at.hour, minute=self.at.minute)
        return slot if slot <= local else slot - DAY

    @property
    def window(self) -> datetime.timedelta:
        return self.every if self.every is not None else self.grace


SCHEDULE: tuple[PeriodicJob, ...] = (
    # Wagtail's scheduled publishing and expiry (go_live_at / expire_at), as cron did every 5 minutes.
    PeriodicJob(
        "publish_scheduled", "gongkai.review.tasks.publish_scheduled_pages", every=datetime.timedelta(minutes=5)
    ),
    # Morning reminders, staggered so that three digests do not hit the mail server at once.
    PeriodicJob("foi_digest", "gongkai.foi.tasks.send_foi_digest", at=datetime.time(8, 30)),
    PeriodicJob("interaction_digest", "gongkai.interaction.tasks.send_interaction_digest", at=datetime.time(8, 35)),
    PeriodicJob("consultations_digest", "gongkai.consultations.tasks.consultations_digest", at=datetime.time(8, 40)),
    # Each 舆情 source also has its own fetch interval; the job fetches the sources that are due.
    PeriodicJob("opinion_fetch", "gongkai.opinion.tasks.fetch_opinion_sources", every=datetime.timedelta(minutes=30)),
    # Old slot rows and finished task results, at night.
    PeriodicJob("prune_task_history", "gongkai.jobs.tasks.prune_task_history", at=datetime.time(3, 30)),
)


def _stored_with_the_slot(task) -> bool:
    """Whether enqueuing writes to our own database, so it can share the slot's transaction."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_due(now: datetime.datetime | None = None, schedule: tuple[PeriodicJob, ...] = SCHEDULE) -> list[JobSlot]:
    """Enqueue every job whose latest slot is due and not yet taken; return the slots this call took.

    On the database backend the slot row and the queued task are one transaction: both or neither.
    On Redis (or inline) the task is enqueued once the slot row is committed, so two schedulers
    never both enqueue it; a crash between the two loses that one slot, never doubles it.
    """
    now = now or timezone.now()
    taken = []
    for job in schedule:
        slot = job.latest_slot(now)
        if now - slot >= job.window:
            continue
        task = import_string(job.task)
        same_transaction = _stored_with_the_slot(task)
        try:
            with transaction.atomic():
                row = JobSlot.objects.create(job=job.name, slot=slot)
                if same_transaction:
                    row.task_result_id = str(task.enqueue().id)
                    row.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler took this slot
        if not same_transaction:
            try:
                row.task_result_id = str(task.enqueue().id)
            except Exception:
                logger.exception("Could not enqueue %s for %s", job.name, slot)
                continue
            row.save(update_fields=["task_result_id"])
        logger.info("Enqueued %s for %s (task %s)", job.name, f"{slot:%Y-%m-%d %H:%M}", row.task_result_id)
        taken.append(row)
    return taken
