"""Benchmark of 舆情 ingestion: N synthetic items through sentiment, rules, sensitive words, incremental
clustering, storage and spike checks, in batches as a feed fetch does.

Runs inside a transaction that is rolled back at the end (``--keep`` keeps the data).
"""

import datetime
import itertools
import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.opinion import synth
from gongkai.opinion.models import Event, Item, SensitiveWord, SourceKind, TopicRule
from gongkai.opinion.services import IngestContext, ItemInput, ingest_batch

RULES = {
    "水污染": "(偷排 OR 直排 OR 废水 OR 黑臭) NOT 招聘",
    "大气污染": "废气 OR 黑烟 OR 焚烧 OR 刺鼻",
    "固体废物": "(废渣 OR 固废 OR 尾矿) AND NOT 分类",
    "噪声扰民": "噪声 OR 轰鸣 OR 睡不着",
    "乌江流域": "乌江 AND (污染 OR 排放 OR 死亡 OR 渗漏)",
}
WORDS = ["停课", "疏散", "送往医院", "死亡"]


class Abort(Exception):
    pass


class Command(BaseCommand):
    help = "舆情采集基准测试：生成合成舆情信息并增量聚类、匹配专题，输出吞吐量、事件数和内存峰值。"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=100_000, help="合成信息条数（默认 100000）。")
        parser.add_argument("--batch", type=int, default=2_000, help="每批入库条数（默认 2000）。")
        parser.add_argument("--rewordings", type=int, default=20, help="每个事件的平均转述条数（默认 20）。")
        parser.add_argument("--noise", type=float, default=0.2, help="无关信息占比（默认 0.2）。")
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--keep", action="store_true", help="保留生成的数据（默认回滚）。")

    def handle(self, *args, **options):
        total = options["items"]
        noise = int(total * options["noise"])
        stories = max((total - noise) // max(options["rewordings"], 1), 1)
        rewordings = (total - noise) // stories
        noise = total - stories * rewordings
        # Generated while ingesting, one batch at a time: the run holds the stories, never all the texts.
        corpus = synth.stream(stories=stories, rewordings=rewordings, noise_items=noise, seed=options["seed"])
        rng = random.Random(options["seed"])
        now = timezone.now()
        span = datetime.timedelta(days=10)
        # Arrival over ten days in corpus order; each story's rewordings are spread through it.
        step = span / max(total, 1)
        self.stdout.write(f"生成 {total} 条（{stories} 个事件 × {rewordings} 条转述 + 无关信息）")
        try:
            with transaction.atomic():
                result = self._run(corpus, options["batch"], now - span, step, rng)
                if not options["keep"]:
                    raise Abort
        except Abort:
            pass
        seconds, cpu, events, items = result
        rate = items / seconds if seconds else 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # CPU time beside wall time: on a shared machine the wall time says more about the neighbours.
        self.stdout.write(f"入库 {items} 条，用时 {seconds:.1f} 秒，{rate:,.0f} 条/秒")
        self.stdout.write(f"CPU 时间 {cpu:.1f} 秒（用户态 + 内核态，含数据生成）")
        self.stdout.write(f"事件数 {events}（合成事件 {stories} 个）")
        self.stdout.write(f"内存峰值 {peak:.0f} MiB")

    def _run(self, corpus, batch_size, start, step, rng):
        for name, expression in RULES.items():
            TopicRule.objects.get_or_create(name=f"基准-{name}", defaults={"expression": expression})
        for word in WORDS:
            SensitiveWord.objects.get_or_create(word=word)
        events_before = Event.objects.count()
        items_before = Item.objects.count()
        context = IngestContext.load(preload=True)
        began = time.perf_counter()
        cpu_began = _cpu_seconds()
        offset = 0
        while chunk := list(itertools.islice(corpus, batch_size)):
            inputs = [
                ItemInput(
                    source_kind=SourceKind.OTHER,
                    external_id=f"bench-{item.external_id}",
                    title=item.title,
                    text=item.text,
                    published_at=start + step * (offset + i) + datetime.timedelta(seconds=rng.random()),
                )
                for i, item in enumerate(chunk)
            ]
            ingest_batch(inputs, context=context, now=inputs[-1].published_at)
            offset += len(chunk)
        seconds = time.perf_counter() - began
        cpu = _cpu_seconds() - cpu_began
        return seconds, cpu, Event.objects.count() - events_before, Item.objects.count() - items_before


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
