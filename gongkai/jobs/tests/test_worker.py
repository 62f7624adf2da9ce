"""`run_tasks` on the database queue (django-tasks-db): queued work survives, failures are recorded."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.jobs.models import JobSlot
from gongkai.jobs.tests import sample_tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_tasks")]


@pytest.fixture
def database_tasks(monkeypatch):
    # The worker drops connections that look stale between tasks; the test's open transaction looks
    # so on PostgreSQL (autocommit off), and closing it would end the test. Production keeps the call.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr("gongkai.jobs.management.commands.run_tasks.close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def run_tasks(*args: str) -> str:
    out = StringIO()
    call_command("run_tasks", "--once", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_queued_task_waits_in_the_database_until_one_worker_pass_runs_it():
    result = sample_tasks.add.enqueue(2, 3)
    # Nothing runs it on enqueue: it is a row, and stays one across a restart of the app.
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.task_path == "gongkai.jobs.tests.sample_tasks.add"

    run_tasks("--no-scheduler")

    done = sample_tasks.add.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 5
    # A second pass finds nothing left to do.
    run_tasks("--no-scheduler")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0


def test_a_failing_task_is_recorded_as_failed_and_the_worker_runs_the_next():
    bad = sample_tasks.explode.enqueue()
    good = sample_tasks.add.enqueue(1, 1)

    run_tasks("--no-scheduler")

    failed = sample_tasks.explode.get_result(bad.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[-1].exception_class_path == "builtins.RuntimeError"
    assert "任务按预期失败" in failed.errors[-1].traceback
    assert sample_tasks.add.get_result(good.id).status == TaskResultStatus.SUCCESSFUL


def test_run_tasks_once_enqueues_the_due_jobs_and_runs_them():
    run_tasks()

    # Publishing (every 5 minutes) and the feed fetch (every 30) have a slot at any time of day.
    for job, path in (
        ("publish_scheduled", "gongkai.review.tasks.publish_scheduled_pages"),
        ("opinion_fetch", "gongkai.opinion.tasks.fetch_opinion_sources"),
    ):
        slot = JobSlot.objects.get(job=job)
        result = DBTaskResult.objects.get(pk=slot.task_result_id)
        assert result.task_path == path
        assert result.status == TaskResultStatus.SUCCESSFUL
    # A second scheduler pass in the same slots adds nothing.
    count = DBTaskResult.objects.count()
    run_tasks()
    assert DBTaskResult.objects.count() == count


def test_run_tasks_refuses_to_do_nothing():
    with pytest.raises(CommandError, match="不能同时使用"):
        call_command("run_tasks", "--no-scheduler", "--no-worker")


def test_a_search_rebuild_can_be_left_to_the_worker():
    out = StringIO()
    call_command("rebuild_search_index", "--background", stdout=out)

    row = DBTaskResult.objects.get(task_path="gongkai.search.tasks.rebuild_search_index")
    assert row.status == TaskResultStatus.READY
    assert str(row.id) in out.getvalue()
    run_tasks("--no-scheduler")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 0  # no published pages in this test
