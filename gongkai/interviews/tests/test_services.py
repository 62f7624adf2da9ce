"""Transcript, questions, media: host department only, audited, nothing lost."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.interviews import services
from gongkai.interviews.models import EntryRevision, Event, MediaKind, Question, QuestionStatus, TranscriptEntry
from gongkai.interviews.tests.factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def actions(instance) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(instance).order_by("pk").values_list("action", flat=True))


@pytest.fixture
def event(dqc):
    return EventFactory(department=dqc, live_now=True)


def test_host_department_adds_entries_and_each_bumps_the_version(event, host):
    first = services.entry_add(event=event, user=host, speaker="主持人", text="欢迎各位网友。")
    second = services.entry_add(event=event, user=host, speaker="张某某", text="谢谢主持人。")
    event.refresh_from_db()
    assert (first.change_seq, second.change_seq, event.transcript_version) == (1, 2, 2)
    assert actions(event) == ["interviews.entry_add", "interviews.entry_add"]


def test_another_department_may_not_touch_the_transcript(event, host, outsider):
    entry = services.entry_add(event=event, user=host, speaker="主持人", text="欢迎。")
    with pytest.raises(PermissionDenied):
        services.entry_add(event=event, user=outsider, speaker="主持人", text="冒充。")
    with pytest.raises(PermissionDenied):
        services.entry_edit(entry=entry, user=outsider, speaker="主持人", text="改掉。")
    with pytest.raises(PermissionDenied):
        services.entry_retract(entry=entry, user=outsider, reason="不想要了")
    assert TranscriptEntry.objects.filter(event=event).count() == 1
    entry.refresh_from_db()
    assert entry.text == "欢迎。" and not entry.retracted


def test_the_organiser_department_may_run_any_event(event, organiser):
    entry = services.entry_add(event=event, user=organiser, speaker="主持人", text="宣教处代为录入。")
    assert entry.created_by == organiser


def test_editing_keeps_the_earlier_wording(event, host):
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="今年PM2.5浓度下降了5%。")
    services.entry_edit(entry=entry, user=host, speaker="张某某", text="今年PM2.5浓度下降了6%。", reason="数字有误")
    entry.refresh_from_db()
    assert entry.text.endswith("6%。") and entry.edited and entry.change_seq == 2
    revision = EntryRevision.objects.get(entry=entry)
    assert (revision.change, revision.text, revision.reason) == ("edit", "今年PM2.5浓度下降了5%。", "数字有误")
    with pytest.raises(ValidationError):
        services.entry_edit(entry=entry, user=host, speaker="张某某", text="今年PM2.5浓度下降了6%。")


def test_retraction_keeps_the_text_on_record_and_needs_a_reason(event, host):
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="说错的话。")
    question = QuestionFactory(event=event, answered=True, answer_entry=entry)
    with pytest.raises(ValidationError) as error:
        services.entry_retract(entry=entry, user=host, reason="")
    assert "撤回原因" in error.value.messages[0]
    services.entry_retract(entry=entry, user=host, reason="发言人要求撤回")
    entry.refresh_from_db()
    assert entry.retracted and entry.text == "说错的话。" and entry.retraction_reason == "发言人要求撤回"
    assert EntryRevision.objects.get(entry=entry).change == "retract"
    question.refresh_from_db()
    assert question.answer_entry is None and question.answered
    assert actions(event)[-1] == "interviews.entry_retract"
    with pytest.raises(ValidationError):
        services.entry_edit(entry=entry, user=host, speaker="张某某", text="再改")


def test_entry_image_is_checked_by_content(event, host):
    entry = services.entry_add(
        event=event, user=host, speaker="主持人", text="现场图片。", image=SimpleUploadedFile("a.png", PNG)
    )
    assert entry.image_type == "image/png" and entry.image.name.endswith(".png")
    with pytest.raises(ValidationError) as error:
        services.entry_add(
            event=event, user=host, speaker="主持人", text="伪装。", image=SimpleUploadedFile("b.jpg", EXE)
        )
    assert "不是允许的格式" in error.value.messages[0]
    assert TranscriptEntry.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.mp3", MP3, MediaKind.AUDIO), ("b.mp4", MP4, MediaKind.VIDEO), ("c.jpg", JPEG, MediaKind.IMAGE)],
)
def test_media_of_the_allowed_kinds_is_stored(event, host, name, content, kind):
    media = services.media_add(
        event=event, user=host, title="发布会录像", summary="摘要", file=SimpleUploadedFile(name, content)
    )
    assert media.kind == kind and media.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("video.mp4", EXE, "bad_type"), ("audio.mp4", MP3, "extension_mismatch"), ("x.mp3", b"", "empty")],
)
def test_media_is_rejected_by_content(event, host, name, content, code):
    with pytest.raises(ValidationError) as error:
        services.media_add(event=event, user=host, title="录像", summary="", file=SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_media_size_limit(event, host, settings):
    settings.GONGKAI_INTERVIEWS_MAX_MEDIA_BYTES = 50
    with pytest.raises(ValidationError) as error:
        services.media_add(event=event, user=host, title="录像", summary="", file=SimpleUploadedFile("a.mp3", MP3))
    assert error.value.code == "too_large" and "上限" in error.value.messages[0]


def test_question_moderation_is_audited_and_never_deletes(event, host, outsider):
    question = services.question_submit(event=event, text="  请问何时公布监测数据？ ", asker_name="李某")
    assert question.status == QuestionStatus.PENDING and question.text == "请问何时公布监测数据？"
    with pytest.raises(PermissionDenied):
        services.question_approve(question=question, user=outsider)
    with pytest.raises(ValidationError):
        services.question_reject(question=question, user=host, reason="无")
    services.question_reject(question=question, user=host, reason="涉及个人隐私")
    question.refresh_from_db()
    assert question.status == QuestionStatus.REJECTED and question.reject_reason == "涉及个人隐私"
    services.question_approve(question=question, user=host)  # a second look may still publish it
    with pytest.raises(ValidationError):
        services.question_approve(question=question, user=host)
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="监测数据每月公布。")
    services.question_mark_answered(question=question, user=host, entry=entry)
    question.refresh_from_db()
    assert question.answered and question.answer_entry == entry
    with pytest.raises(ValidationError):
        services.question_reject(question=question, user=host, reason="改主意了")
    assert Question.objects.filter(pk=question.pk).exists()
    assert actions(question) == [
        "interviews.question_submit",
        "interviews.question_reject",
        "interviews.question_approve",
        "interviews.question_answered",
    ]


def test_only_approved_questions_can_be_marked_answered(event, host):
    question = QuestionFactory(event=event)
    with pytest.raises(ValidationError):
        services.question_mark_answered(question=question, user=host)


def test_questions_stop_after_the_end(event, host):
    services.event_end(event=event, user=host)
    event.refresh_from_db()
    assert event.ended_at is not None and event.transcript_version == 1
    with pytest.raises(ValidationError) as error:
        services.question_submit(event=event, text="结束后还能提问吗？")
    assert error.value.messages == ["本场活动已停止征集提问。"]
    with pytest.raises(ValidationError):
        services.event_end(event=event, user=host)
    assert Event.objects.get(pk=event.pk).ended_at == event.ended_at
