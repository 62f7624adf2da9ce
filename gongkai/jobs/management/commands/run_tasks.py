"""`manage.py run_tasks`: the background worker and the scheduler of periodic jobs, in one process.

- Database backend (django-tasks-db, the embedded default): one loop that ticks the schedule
  every ``--tick`` seconds and runs every ready task in between (django-tasks-db's worker in
  batch mode). Several ``run_tasks`` may run at once: a task is claimed by one of them only.
- RQ backend (GONGKAI_TASKS_BACKEND=rq): RQ's worker runs in the main thread (it forks a work
  horse per task and owns the signals); the schedule ticks in a second thread.
- Immediate backend (tests, or GONGKAI_TASKS_BACKEND=immediate): a tick runs the due tasks at once.

``--once`` ticks once, runs what is queued and exits (for cron or a test). ``--no-scheduler``
runs a worker only (extra workers on other machines); ``--no-worker`` only schedules.
SIGTERM/SIGINT: the task that is running finishes, then the process exits.
"""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_rq.backend import RQBackend

from gongkai.jobs.schedule import enqueue_due

logger = logging.getLogger("gongkai.jobs")


class Command(BaseCommand):
    help = (
        "运行后台任务：执行队列中的任务（数据库或 RQ 后端），并按计划表定时加入周期任务（发布、提醒邮件、舆情抓取）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="检查一次计划表，执行完队列中的任务后退出。")
        parser.add_argument(
            "--no-scheduler", action="store_true", help="只执行任务，不加入周期任务（增加工作进程时用）。"
        )
        parser.add_argument("--no-worker", action="store_true", help="只按计划表加入周期任务，不执行任务。")
        parser.add_argument("--tick", type=float, default=20.0, help="检查计划表的间隔秒数（默认20）。")
        parser.add_argument("--queue", default="default", help="执行的队列，逗号分隔（默认 default）。")

    def handle(self, *args, once: bool, no_scheduler: bool, no_worker: bool, tick: float, queue: str, **options):
        if no_scheduler and no_worker:
            raise CommandError("--no-scheduler 与 --no-worker 不能同时使用：进程将无事可做。")
        if tick <= 0:
            raise CommandError("--tick 必须大于 0 秒。")
        self.schedule = not no_scheduler
        self.work = not no_worker
        self.queues = [q.strip() for q in queue.split(",") if q.strip()]
        self.stopping = threading.Event()
        self.configure_logging(options["verbosity"])
        backend = task_backends["default"]
        previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            if isinstance(backend, DatabaseBackend):
                self.run_database(backend, once=once, tick=tick)
            elif isinstance(backend, ImmediateBackend):
                self.run_immediate(once=once, tick=tick)
            elif isinstance(backend, RQBackend):
                self.run_rq(once=once, tick=tick)
            else:
                raise CommandError(f"不支持的任务后端：{type(backend).__name__}。")
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def configure_logging(self, verbosity: int) -> None:
        # Each task's start, end and (on failure) traceback come from these loggers; give them the
        # worker's output unless LOGGING already routes them somewhere.
        task_level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        # django-tasks-db's worker says "Starting worker" on every batch pass (each second): only at -v 2.
        worker_level = logging.DEBUG if verbosity > 1 else logging.WARNING
        for name, level in (("django_tasks", task_level), ("django_tasks_db", worker_level)):
            task_logger = logging.getLogger(name)
            task_logger.setLevel(level)
            if not task_logger.hasHandlers():
                task_logger.addHandler(logging.StreamHandler(self.stderr))

    def tick_schedule(self) -> None:
        try:
            enqueue_due()  # each slot taken is logged by gongkai.jobs
        except Exception:
            # A database hiccup must not end the worker; the next tick retries the same slot.
            logger.exception("Scheduler tick failed")
        finally:
            close_old_connections()

    def _on_signal(self, worker: DatabaseWorker | None):
        def stop(signum, frame) -> None:
            self.stopping.set()
            if worker is not None:
                worker.running = False  # the worker finishes its current task, then returns

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop)

    def run_database(self, backend: DatabaseBackend, *, once: bool, tick: float) -> None:
        worker = DatabaseWorker(
            queue_names=self.queues,
            interval=0,
            batch=True,
            backend_name=backend.alias,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self._on_signal(worker)
        self.stdout.write(f"后台任务已启动（数据库队列，工作进程 {worker.worker_id}）。")
        next_tick = 0.0
        while not self.stopping.is_set():
            if self.schedule and time.monotonic() >= next_tick:
                self.tick_schedule()
                next_tick = time.monotonic() + tick
            if self.work:
                worker.running = True
                worker.run()  # batch mode: every ready task, then back here
            if once:
                break
            self.stopping.wait(1.0 if self.work else max(0.0, next_tick - time.monotonic()))
        self.stdout.write("后台任务已停止。")

    def run_immediate(self, *, once: bool, tick: float) -> None:
        if not self.schedule:
            raise CommandError("即时后端在加入队列时就执行任务，没有可单独运行的工作进程。")
        self._on_signal(None)
        self.stdout.write("后台任务已启动（即时后端：到期任务在本进程中立即执行）。")
        while not self.stopping.is_set():
            self.tick_schedule()
            if once:
                break
            self.stopping.wait(tick)
        self.stdout.write("后台任务已停止。")

    def run_rq(self, *, once: bool, tick: float) -> None:
        from django_rq.workers import get_worker

        if not self.work:
            self._on_signal(None)
            self.stdout.write("计划任务已启动（RQ 队列，只加入周期任务）。")
            while not self.stopping.is_set():
                self.tick_schedule()
                if once:
                    break
                self.stopping.wait(tick)
            return
        if self.schedule:
            self.tick_schedule()
        if not once and self.schedule:
            threading.Thread(target=self._schedule_loop, args=(tick,), name="gongkai-scheduler", daemon=True).start()
        worker = get_worker(*self.queues, job_class="django_tasks_rq.Job")
        # The work horses are forked: they must not share this process's database connection.
        connection.close()
        self.stdout.write(f"后台任务已启动（RQ 队列，工作进程 {worker.name}）。")
        # with_scheduler: RQ's own scheduler moves tasks deferred with run_after onto the queue when due.
        worker.work(burst=once, with_scheduler=True)
        self.stopping.set()
        self.stdout.write("后台任务已停止。")

    def _schedule_loop(self, tick: float) -> None:
        while not self.stopping.wait(tick):
            self.tick_schedule()
        connection.close()
