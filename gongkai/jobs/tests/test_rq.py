"""The RQ backend (django-tasks-rq) on a Redis database of its own, flushed before and after."""

import django_rq
import pytest
import redis
from django_rq.workers import get_worker
from django_tasks import TaskResultStatus

from gongkai.jobs.tests import sample_tasks

# Database 7 of the local Redis, flushed by the test: not 0 (development), not 8-15 (scripts/prod-smoke.sh
# picks one of those per run).
REDIS_TEST_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def rq_tasks(settings):
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        pytest.skip("Redis is not reachable at 127.0.0.1:6379; the RQ backend test needs it")
    client.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield client
    client.flushdb()


def work_once() -> None:
    # SimpleWorker runs the jobs in this process (no fork), so they see the test's database.
    get_worker("default", job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker").work(burst=True)


@pytest.mark.django_db
def test_the_rq_backend_puts_the_task_on_redis_and_a_worker_runs_it(rq_tasks):
    result = sample_tasks.add.enqueue(2, 3)

    assert django_rq.get_queue("default").job_ids == [result.id]
    assert rq_tasks.exists(f"rq:job:{result.id}")
    assert sample_tasks.add.get_result(result.id).status == TaskResultStatus.READY

    work_once()

    done = sample_tasks.add.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 5
    assert django_rq.get_queue("default").count == 0


@pytest.mark.django_db
def test_a_failing_rq_task_is_recorded_as_failed_and_the_worker_goes_on(rq_tasks):
    bad = sample_tasks.explode.enqueue()
    good = sample_tasks.add.enqueue(1, 1)

    work_once()

    failed = sample_tasks.explode.get_result(bad.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[-1].exception_class_path == "builtins.RuntimeError"
    assert sample_tasks.add.get_result(good.id).status == TaskResultStatus.SUCCESSFUL
