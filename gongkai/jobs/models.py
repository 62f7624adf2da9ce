"""One row per periodic job and time slot that a scheduler has put on the queue.

The unique constraint is the guard between schedulers: two ``run_tasks`` processes (two
machines, or a restart that overlaps the old process) both try to insert the row for the
08:30 slot of ``foi_digest``; the database lets one in, and only that one enqueues the task.
"""

from django.db import models


class JobSlot(models.Model):
    job = models.CharField("任务", max_length=64)
    slot = models.DateTimeField("计划时间")
    enqueued_at = models.DateTimeField("加入队列时间", auto_now_add=True)
    task_result_id = models.CharField("任务结果编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务记录"
        verbose_name_plural = "定时任务记录"
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobs_jobslot_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
