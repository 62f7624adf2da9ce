"""The schedule of periodic jobs: local-time slots, and each slot enqueued once however many schedulers run."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from gongkai.jobs.models import JobSlot
from gongkai.jobs.schedule import SCHEDULE, PeriodicJob, enqueue_due

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MINUTES = datetime.timedelta(minutes=1)


def beijing(hour: int, minute: int, day: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 10, day, hour, minute, tzinfo=SHANGHAI)


def test_interval_slots_are_aligned_on_beijing_time_like_cron():
    job = PeriodicJob("every_five", "x.y", every=5 * MINUTES)
    assert job.latest_slot(beijing(8, 37)) == beijing(8, 35)
    assert job.latest_slot(beijing(8, 35)) == beijing(8, 35)
    # 00:37 UTC is 08:37 in Beijing: the slot is Beijing's, whatever zone the clock reads in.
    assert job.latest_slot(datetime.datetime(2026, 10, 9, 0, 37, tzinfo=datetime.UTC)) == beijing(8, 35)
    assert job.latest_slot(beijing(0, 2)) == beijing(0, 0)


def test_a_daily_slot_is_todays_once_its_time_has_come_else_yesterdays():
    job = PeriodicJob("digest", "x.y", at=datetime.time(8, 30))
    assert job.latest_slot(beijing(8, 30)) == beijing(8, 30)
    assert job.latest_slot(beijing(23, 59)) == beijing(8, 30)
    assert job.latest_slot(beijing(8, 29)) == beijing(8, 30, day=8)


def test_a_job_needs_exactly_one_of_interval_and_time_and_an_interval_that_divides_a_day():
    with pytest.raises(ValueError):
        PeriodicJob("both", "x.y", every=5 * MINUTES, at=datetime.time(8, 0))
    with pytest.raises(ValueError):
        PeriodicJob("neither", "x.y")
    with pytest.raises(ValueError):
        PeriodicJob("odd", "x.y", every=7 * MINUTES)


def test_the_schedule_keeps_the_times_cron_had():
    table = {job.name: (job.every, job.at) for job in SCHEDULE}
    assert table["publish_scheduled"] == (5 * MINUTES, None)
    assert table["opinion_fetch"] == (30 * MINUTES, None)
    assert table["foi_digest"] == (None, datetime.time(8, 30))
    assert table["interaction_digest"] == (None, datetime.time(8, 35))
    assert table["consultations_digest"] == (None, datetime.time(8, 40))


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_two_schedulers_enqueue_each_job_once_per_slot():
    first = enqueue_due(beijing(8, 31))
    # The second scheduler ticks twenty seconds later, within the same slots.
    second = enqueue_due(beijing(8, 31) + datetime.timedelta(seconds=20))

    assert {row.job for row in first} == {"publish_scheduled", "foi_digest", "opinion_fetch"}
    assert second == []
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "gongkai.foi.tasks.send_foi_digest",
        "gongkai.opinion.tasks.fetch_opinion_sources",
        "gongkai.review.tasks.publish_scheduled_pages",
    ]
    # Every slot row names the task it queued.
    queued = set(DBTaskResult.objects.values_list("id", flat=True))
    assert {row.task_result_id for row in JobSlot.objects.all()} == {str(pk) for pk in queued}

    # The next slots: publishing again, and the second digest; the fetch waits for 09:00.
    later = enqueue_due(beijing(8, 36))
    assert {row.job for row in later} == {"publish_scheduled", "interaction_digest"}
    assert JobSlot.objects.filter(job="publish_scheduled").count() == 2


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_a_morning_digest_is_caught_up_within_its_grace_but_not_in_the_evening():
    assert "foi_digest" in {row.job for row in enqueue_due(beijing(10, 15))}
    assert {row.job for row in enqueue_due(beijing(20, 0))} == {"publish_scheduled", "opinion_fetch"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks")
@override_settings(TASKS=DATABASE_TASKS)
def test_two_concurrent_schedulers_take_each_slot_once():
    start = threading.Barrier(2)
    taken: list[list[JobSlot]] = []

    def scheduler() -> None:
        try:
            start.wait()
            taken.append(enqueue_due(beijing(8, 31)))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(row.job for rows in taken for row in rows) == ["foi_digest", "opinion_fetch", "publish_scheduled"]
    assert DBTaskResult.objects.count() == 3
