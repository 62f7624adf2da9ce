"""Tasks for the tests of the queue backends: one that succeeds, one that fails."""

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def explode() -> None:
    raise RuntimeError("任务按预期失败")
