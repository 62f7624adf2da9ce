"""Every task in the schedule is a django-tasks Task that runs to success (inline, on an empty site)."""

import pytest
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task

from gongkai.jobs.schedule import SCHEDULE


@pytest.mark.django_db
@pytest.mark.parametrize("job", SCHEDULE, ids=lambda job: job.name)
def test_each_scheduled_task_runs(job):
    task = import_string(job.task)
    assert isinstance(task, Task)

    result = task.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value is not None
