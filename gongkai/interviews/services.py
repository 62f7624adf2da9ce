"""State changes of press conferences and interviews, one function per change: permission → change → audit log.

Publication of the event itself is the review workflow's (信息发布审核, finished by
gongkai.review.workflows, which also checks ``Event.publication_blockers``). Everything that happens
on the day is here: questions in and their moderation, the transcript, media, ending the live.

Every transcript change bumps ``Event.transcript_version`` under the event's row lock and stamps the
entry with it, so the public poll (``views_public.transcript_json``) asks one indexed question —
"entries of this event changed after version N" — and a cached version answers 304 without one.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.core.text import strip_control_chars
from gongkai.core.uploads import check_upload
from gongkai.interviews.models import (
    EntryRevision,
    Event,
    Media,
    MediaKind,
    Question,
    QuestionStatus,
    State,
    TranscriptEntry,
)
from gongkai.interviews.permissions import can_run

ACTIONS = {
    "interviews.question_submit": "网友提问",
    "interviews.question_approve": "提问审核通过",
    "interviews.question_reject": "提问不予公开",
    "interviews.question_answered": "提问标记为已答复",
    "interviews.entry_add": "发布文字实录",
    "interviews.entry_edit": "修改文字实录",
    "interviews.entry_retract": "撤回文字实录",
    "interviews.media_add": "上传音视频或图片",
    "interviews.end": "结束直播",
}
IMAGE_TYPES = {"image/jpeg": ("jpg", "jpeg"), "image/png": ("png",)}
MEDIA_TYPES = {
    "audio/mpeg": ("mp3",),
    "audio/mp4": ("m4a",),
    "video/mp4": ("mp4",),
    **IMAGE_TYPES,
}
MEDIA_KIND = {
    "audio/mpeg": MediaKind.AUDIO,
    "audio/mp4": MediaKind.AUDIO,
    "video/mp4": MediaKind.VIDEO,
    "image/jpeg": MediaKind.IMAGE,
    "image/png": MediaKind.IMAGE,
}
QUESTION_MIN_LENGTH = 5
QUESTION_MAX_LENGTH = 500
MIN_REASON_LENGTH = 4
NOT_HOST = "只有主办处室（或宣教处）的工作人员可以操作本场活动。"


def transcript_cache_key(event_id: int) -> str:
    return f"interviews:transcript-state:{event_id}"


def _forget_transcript_state(event_id: int) -> None:
    # Now, and again after the commit: a poll between the two may have cached the old version.
    cache.delete(transcript_cache_key(event_id))
    transaction.on_commit(lambda: cache.delete(transcript_cache_key(event_id)))


def _text(value: str | None) -> str:
    return strip_control_chars(value or "").strip()


def _reason(value: str | None, *, what: str) -> str:
    value = _text(value)
    if len(value) < MIN_REASON_LENGTH:
        raise ValidationError(f"请填写{what}（至少{MIN_REASON_LENGTH}个字）。", code="reason")
    return value[:300]


def _require_host(user: AbstractBaseUser, event: Event) -> None:
    if not can_run(user, event):
        raise PermissionDenied(NOT_HOST)


def _bump(event_id: int) -> int:
    """The next transcript version of the event, taken under its row lock."""
    event = Event.objects.select_for_update().only("pk", "transcript_version").get(pk=event_id)
    event.transcript_version += 1
    Event.objects.filter(pk=event_id).update(transcript_version=event.transcript_version)
    _forget_transcript_state(event_id)
    return event.transcript_version


def _stored_name(upload: UploadedFile, extension: str) -> str:
    # The uploader's file name may carry a person's name; the stored one says nothing.
    return f"{uuid.uuid4().hex}.{extension}"


# ---------- questions ----------


@transaction.atomic
def question_submit(*, event: Event, text: str, asker_name: str = "", asker_contact: str = "") -> Question:
    """A question from the public page. The asker's name and contact are kept for staff only."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.accepts_questions():
        raise ValidationError("本场活动已停止征集提问。", code="closed")
    text = _text(text)
    if len(text) < QUESTION_MIN_LENGTH:
        raise ValidationError({"text": f"请填写您的问题（至少{QUESTION_MIN_LENGTH}个字）。"}, code="short")
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError({"text": f"问题最多{QUESTION_MAX_LENGTH}个字。"}, code="long")
    question = Question.objects.create(
        event=event,
        text=text,
        asker_name=_text(asker_name)[:50],
        asker_contact=_text(asker_contact)[:100],
    )
    log(instance=question, action="interviews.question_submit", user=None, data={"event": event.pk})
    return question


def _lock_question(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("event").get(pk=question.pk)


@transaction.atomic
def question_approve(*, question: Question, user: AbstractBaseUser) -> Question:
    question = _lock_question(question)
    _require_host(user, question.event)
    if question.status == QuestionStatus.APPROVED:
        raise ValidationError("该提问已公开。", code="approved")
    question.status = QuestionStatus.APPROVED
    question.reject_reason = ""
    question.moderated_at = timezone.now()
    question.moderated_by = user
    question.save(update_fields=["status", "reject_reason", "moderated_at", "moderated_by"])
    log(instance=question, action="interviews.question_approve", user=user)
    return question


@transaction.atomic
def question_reject(*, question: Question, user: AbstractBaseUser, reason: str) -> Question:
    """Keep the question out of public view, with a reason. The question itself is never deleted."""
    question = _lock_question(question)
    _require_host(user, question.event)
    reason = _reason(reason, what="不予公开的理由")
    if question.answered:
        raise ValidationError("该提问已在实录中答复，不能再不予公开。", code="answered")
    question.status = QuestionStatus.REJECTED
    question.reject_reason = reason
    question.moderated_at = timezone.now()
    question.moderated_by = user
    question.save(update_fields=["status", "reject_reason", "moderated_at", "moderated_by"])
    log(instance=question, action="interviews.question_reject", user=user, data={"reason": reason})
    return question


@transaction.atomic
def question_mark_answered(
    *, question: Question, user: AbstractBaseUser, entry: TranscriptEntry | None = None
) -> Question:
    """The question was answered in the transcript (optionally: by this entry)."""
    question = _lock_question(question)
    _require_host(user, question.event)
    if question.status != QuestionStatus.APPROVED:
        raise ValidationError("只有已公开的提问才能标记为已答复。", code="not_approved")
    if entry is not None and (entry.event_id != question.event_id or entry.retracted):
        raise ValidationError("请选择本场活动中未撤回的实录段落。", code="entry")
    question.answered_at = timezone.now()
    question.answer_entry = entry
    question.save(update_fields=["answered_at", "answer_entry"])
    log(
        instance=question,
        action="interviews.question_answered",
        user=user,
        data={"entry": entry.pk if entry else None},
    )
    return question


# ---------- the transcript ----------


def _checked_image(image: UploadedFile | None):
    if not image:
        return None
    return check_upload(image, allowed=IMAGE_TYPES, max_bytes=settings.GONGKAI_INTERVIEWS_MAX_IMAGE_BYTES)


def _entry_texts(speaker: str, text: str) -> tuple[str, str]:
    speaker, text = _text(speaker)[:100], _text(text)
    errors = {}
    if not speaker:
        errors["speaker"] = "请填写发言人。"
    if not text:
        errors["text"] = "请填写实录内容。"
    if errors:
        raise ValidationError(errors, code="required")
    return speaker, text


@transaction.atomic
def entry_add(
    *, event: Event, user: AbstractBaseUser, speaker: str, text: str, image: UploadedFile | None = None
) -> TranscriptEntry:
    _require_host(user, event)
    speaker, text = _entry_texts(speaker, text)
    checked = _checked_image(image)
    entry = TranscriptEntry(event_id=event.pk, speaker=speaker, text=text, created_by=user)
    if checked is not None:
        entry.image.save(_stored_name(image, checked.extension), checked.file, save=False)
        entry.image_type = checked.content_type
    entry.change_seq = _bump(event.pk)
    entry.save()
    log(instance=event, action="interviews.entry_add", user=user, data={"entry": entry.pk, "speaker": speaker})
    return entry


def _lock_entry(entry: TranscriptEntry) -> TranscriptEntry:
    return TranscriptEntry.objects.select_for_update().select_related("event").get(pk=entry.pk)


@transaction.atomic
def entry_edit(
    *, entry: TranscriptEntry, user: AbstractBaseUser, speaker: str, text: str, reason: str = ""
) -> TranscriptEntry:
    """Correct an entry; the earlier wording is kept in EntryRevision and the public page shows 已更正."""
    entry = _lock_entry(entry)
    _require_host(user, entry.event)
    if entry.retracted:
        raise ValidationError("该段实录已撤回，不能修改。", code="retracted")
    speaker, text = _entry_texts(speaker, text)
    if (speaker, text) == (entry.speaker, entry.text):
        raise ValidationError("内容没有变化。", code="unchanged")
    EntryRevision.objects.create(
        entry=entry,
        change=EntryRevision.Change.EDIT,
        speaker=entry.speaker,
        text=entry.text,
        reason=_text(reason)[:300],
        changed_by=user,
    )
    entry.speaker, entry.text = speaker, text
    entry.updated_at = timezone.now()
    entry.change_seq = _bump(entry.event_id)
    entry.save(update_fields=["speaker", "text", "updated_at", "change_seq"])
    log(instance=entry.event, action="interviews.entry_edit", user=user, data={"entry": entry.pk})
    return entry


@transaction.atomic
def entry_retract(*, entry: TranscriptEntry, user: AbstractBaseUser, reason: str) -> TranscriptEntry:
    """Take an entry off the public transcript. Its text stays on record (EntryRevision and the row)."""
    entry = _lock_entry(entry)
    _require_host(user, entry.event)
    if entry.retracted:
        raise ValidationError("该段实录已撤回。", code="retracted")
    reason = _reason(reason, what="撤回原因")
    EntryRevision.objects.create(
        entry=entry,
        change=EntryRevision.Change.RETRACT,
        speaker=entry.speaker,
        text=entry.text,
        reason=reason,
        changed_by=user,
    )
    entry.retracted_at = timezone.now()
    entry.retracted_by = user
    entry.retraction_reason = reason
    entry.change_seq = _bump(entry.event_id)
    entry.save(update_fields=["retracted_at", "retracted_by", "retraction_reason", "change_seq"])
    # A retracted entry cannot stand as anyone's answer.
    Question.objects.filter(answer_entry=entry).update(answer_entry=None)
    log(instance=entry.event, action="interviews.entry_retract", user=user, data={"entry": entry.pk, "reason": reason})
    return entry


# ---------- media and the end of the live ----------


@transaction.atomic
def media_add(*, event: Event, user: AbstractBaseUser, title: str, summary: str, file: UploadedFile) -> Media:
    """An MP3/M4A/MP4 recording or a JPEG/PNG photo, checked by content and size."""
    _require_host(user, event)
    title = _text(title)[:200]
    if not title:
        raise ValidationError({"title": "请填写标题。"}, code="required")
    if not file:
        raise ValidationError({"file": "请选择要上传的文件。"}, code="required")
    limit = settings.GONGKAI_INTERVIEWS_MAX_MEDIA_BYTES
    checked = check_upload(file, allowed=MEDIA_TYPES, max_bytes=limit)
    if checked.content_type in IMAGE_TYPES and checked.size > settings.GONGKAI_INTERVIEWS_MAX_IMAGE_BYTES:
        checked = check_upload(file, allowed=IMAGE_TYPES, max_bytes=settings.GONGKAI_INTERVIEWS_MAX_IMAGE_BYTES)
    media = Media(
        event_id=event.pk,
        kind=MEDIA_KIND[checked.content_type],
        title=title,
        summary=_text(summary),
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    media.file.save(_stored_name(file, checked.extension), checked.file, save=False)
    media.save()
    log(instance=event, action="interviews.media_add", user=user, data={"media": media.pk, "kind": media.kind})
    return media


@transaction.atomic
def event_end(*, event: Event, user: AbstractBaseUser) -> Event:
    """结束直播: the page shows 已结束 from now on and stops taking questions."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_host(user, event)
    if event.state_at() != State.LIVE:
        raise ValidationError("只有直播中的活动可以结束直播。", code="not_live")
    event.ended_at = timezone.now()
    Event.objects.filter(pk=event.pk).update(ended_at=event.ended_at)
    _bump(event.pk)  # viewers' pages learn of the end by the same poll
    log(instance=event, action="interviews.end", user=user)
    return event
