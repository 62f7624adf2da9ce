"""Ingestion: idempotent platform items, rules and sensitive words, incremental near-duplicate clustering."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.opinion import clustering, services, synth
from gongkai.opinion.models import Event, EventBand, Item, SensitiveWord, SourceKind, TopicRule
from gongkai.opinion.services import IngestContext, ItemInput, ingest_batch, opinion_item_ingest

pytestmark = pytest.mark.django_db


def test_platform_items_are_idempotent_on_kind_and_external_id():
    first = opinion_item_ingest(
        source_kind=SourceKind.MESSAGE,
        external_id="msg-42",
        title="关于某化工厂废气扰民的留言",
        text="夜间排放刺鼻废气，附近居民咳嗽头晕。",
        url="https://example.gov.cn/messages/42/",
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    again = opinion_item_ingest(
        source_kind=SourceKind.MESSAGE,
        external_id="msg-42",
        title="改过的标题",
        text="改过的内容",
        url="",
        published_at=None,
    )
    assert again.pk == first.pk
    assert Item.objects.count() == 1
    assert Item.objects.get().title == "关于某化工厂废气扰民的留言"
    assert first.negative and first.event is not None
    # The same id from another platform is another item.
    other = opinion_item_ingest(
        source_kind=SourceKind.COMPLAINT, external_id="msg-42", title="投诉", text="噪声扰民", url="", published_at=None
    )
    assert other.pk != first.pk


def test_bad_input_is_refused_or_cleaned():
    with pytest.raises(ValidationError, match="未知的来源类型"):
        opinion_item_ingest(source_kind="weibo", external_id="1", title="t", text="", url="", published_at=None)
    with pytest.raises(ValidationError, match="来源编号不能为空"):
        opinion_item_ingest(source_kind="message", external_id=" ", title="t", text="", url="", published_at=None)
    item = opinion_item_ingest(
        source_kind="message",
        external_id="x\x00y",
        title="标题\x07",
        text="内容",
        url="javascript:alert(1)",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert item.external_id == "xy" and item.title == "标题"
    assert item.url == ""  # only http(s) links are kept
    assert item.published_at <= timezone.now()  # a post from the future is clamped to now


def test_rules_and_sensitive_words_are_matched_per_item():
    water = TopicRule.objects.create(name="乌江水污染", expression="乌江 AND (偷排 OR 直排) NOT 招聘")
    noise = TopicRule.objects.create(name="噪声", expression="噪声 OR 轰鸣")
    TopicRule.objects.create(name="停用", expression="乌江", active=False)
    SensitiveWord.objects.create(word="停课")
    SensitiveWord.objects.create(word="疏散", active=False)
    item = opinion_item_ingest(
        source_kind="other",
        external_id="a",
        title="化工厂往乌江直排废水",
        text="下游小学停课，村民被疏散。",
        url="",
        published_at=None,
    )
    assert set(item.topics.all()) == {water}
    assert item.sensitive_words == ["停课"]
    quiet = opinion_item_ingest(
        source_kind="other", external_id="b", title="乌江招聘直排管理员", text="", url="", published_at=None
    )
    assert list(quiet.topics.all()) == [] and quiet.sensitive_words == []
    assert list(noise.items.all()) == []


def _purity_completeness(items: list[synth.SyntheticItem], assigned: dict[str, int]) -> tuple[float, float]:
    by_event = defaultdict(list)
    for item in items:
        if item.story is not None:
            by_event[assigned[item.external_id]].append(item.story)
    purity = sum(Counter(v).most_common(1)[0][1] for v in by_event.values()) / sum(map(len, by_event.values()))
    by_story = defaultdict(list)
    for item in items:
        if item.story is not None:
            by_story[item.story].append(assigned[item.external_id])
    completeness = sum(Counter(v).most_common(1)[0][1] for v in by_story.values()) / sum(map(len, by_story.values()))
    return purity, completeness


def test_rewordings_of_a_story_join_one_event_across_batches():
    corpus = synth.corpus(stories=12, rewordings=6, noise_items=30, seed=11)
    start = timezone.now() - datetime.timedelta(hours=len(corpus))
    # Batches of 10 with a fresh context each: later batches find earlier events only through the
    # stored band keys, as separate fetches do.
    for offset in range(0, len(corpus), 10):
        ingest_batch(
            [
                ItemInput(
                    source_kind="other",
                    external_id=item.external_id,
                    title=item.title,
                    text=item.text,
                    published_at=start + datetime.timedelta(hours=offset + i),
                )
                for i, item in enumerate(corpus[offset : offset + 10])
            ]
        )
    assigned = dict(Item.objects.values_list("external_id", "event_id"))
    purity, completeness = _purity_completeness(corpus, assigned)
    assert purity >= 0.95
    assert completeness >= 0.9
    story_events = {assigned[i.external_id] for i in corpus if i.story is not None}
    noise_events = {assigned[i.external_id] for i in corpus if i.story is None}
    assert not story_events & noise_events  # unrelated posts never join a story
    assert len(story_events) <= 12 * 2
    assert EventBand.objects.exists()


def test_clustering_is_incremental_and_limited_to_recent_events(settings):
    settings.GONGKAI_OPINION_CLUSTER_WINDOW_DAYS = 3
    text = "网友爆料：花溪区青岩镇鑫盛化工厂连续5天往南明河偷排黄色废水，河边的鱼大量死亡，王大爷说3月2日以后就这样了。"
    old = timezone.now() - datetime.timedelta(days=10)
    first = opinion_item_ingest(
        source_kind="other", external_id="1", title="鑫盛化工厂偷排", text=text, url="", published_at=old
    )
    recent = opinion_item_ingest(
        source_kind="other", external_id="2", title="鑫盛化工厂偷排", text=text, url="", published_at=None
    )
    again = opinion_item_ingest(
        source_kind="other",
        external_id="3",
        title="鑫盛化工厂又偷排",
        text=text + "希望尽快处理。",
        url="",
        published_at=None,
    )
    # Ten days apart: beyond the window, a new event; the next day's retelling joins the recent one.
    assert first.event_id != recent.event_id
    assert again.event_id == recent.event_id
    assert Event.objects.count() == 2


def test_the_index_compares_only_clusters_sharing_a_band():
    index = clustering.Index()
    a = clustering.Features.of("乌江沿岸鑫盛化工厂偷排废水，河水发黑发臭，村民不敢用水浇地")
    b = clustering.Features.of("贵阳市今日空气质量为优，市民外出踏青赏花")
    cluster = clustering.Cluster(ref="a")
    index.add(cluster, a)
    assert index.best(b, 0.35) == (None, 0.0)
    found, similarity = index.best(clustering.Features.of("乌江沿岸鑫盛化工厂偷排废水，河水发黑发臭，村民很担心"), 0.35)
    assert found is cluster and similarity >= 0.35


def test_a_context_can_be_reused_between_batches():
    context = IngestContext.load()
    now = timezone.now()
    text = "遵义市汇川区泰丰水泥厂机器轰鸣到凌晨，噪声大得睡不着觉，李阿姨说5月1日开始就这样了。"
    ingest_batch([ItemInput("other", "a", "泰丰水泥厂噪声扰民", text, published_at=now)], context=context)
    ingest_batch([ItemInput("other", "b", "泰丰水泥厂噪声扰民！", text, published_at=now)], context=context)
    assert Item.objects.values("event").distinct().count() == 1


def test_the_raw_insert_columns_follow_the_model():
    # ingest_batch builds items positionally in this order and inserts these columns as they stand.
    assert services.ITEM_COLUMNS == [f.column for f in Item._meta.concrete_fields][1:]


def test_a_long_run_forgets_events_outside_the_window():
    context = IngestContext.load(preload=True)
    now = timezone.now()
    text = "遵义市汇川区泰丰水泥厂机器轰鸣到凌晨，噪声大得睡不着觉，李阿姨说5月1日开始就这样了。"
    old = now - datetime.timedelta(days=30)
    ingest_batch([ItemInput("other", "a", "泰丰水泥厂噪声扰民", text, published_at=old)], context=context, now=old)
    assert len(context.clusters) == 1 and context.index.buckets
    ingest_batch([ItemInput("other", "b", "泰丰水泥厂噪声扰民！", text, published_at=now)], context=context, now=now)
    # The month-old event is out of the index; the retelling starts a new event, which is all it holds.
    assert Item.objects.values("event").distinct().count() == 2
    (cluster,) = context.clusters.values()
    assert cluster.ref.pk == Item.objects.get(external_id="b").event_id
    assert all(bucket == [cluster] for bucket in context.index.buckets.values())
