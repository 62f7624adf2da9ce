"""Public pages of 新闻发布会与在线访谈 under /interviews/ (docs/interviews.md).

- ``/interviews/``: the archive — upcoming and live events first, then the past, filtered by kind
  and year, paginated.
- ``/interviews/<id>/``: one event — guests, related policies, media, the transcript, the approved
  questions and (while it takes them) the question form. Without JavaScript the page shows the
  whole transcript and a refresh link; with it, ``interviews/js/live.js`` polls the JSON below.
- ``/interviews/<id>/transcript.json?after=<version>``: the transcript entries changed after a
  transcript version (new ones, corrections, retractions). Thousands of viewers poll it, so the
  event's version comes from the cache (one pk lookup on a miss), the answer carries an ETag made
  of event, version and cursor and a short public max-age, and an unchanged transcript is a 304
  with no query at all. A change asks one indexed query (event, change_seq).

Only published (live) events exist here; askers' names and contacts, pending and rejected
questions, retracted texts and edit history never leave the back office.
"""

import datetime
import mimetypes
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import ratelimit
from gongkai.core.files import open_or_404
from gongkai.interviews import services
from gongkai.interviews.forms_public import TOKEN_FIELD, QuestionForm, issue_form_token
from gongkai.interviews.models import Event, Kind, Media, Question, QuestionStatus, State, TranscriptEntry
from gongkai.portal.templatetags.portal_tags import site_root

PAGE_SIZE = 10
WINDOW_SECONDS = 60 * 60
SUBMIT_SCOPE = "interviews-question"
THANKS_SESSION_KEY = "interviews.asked"
MAX_CURSOR = 10**9


def _crumbs(request: HttpRequest, title: str, *, index: bool = False) -> dict:
    root = site_root(request)
    trail = [] if index else [{"title": "发布会与访谈", "url": reverse("interviews_public:index")}]
    return {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title}


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


# ---------- the archive ----------


def _row(event: Event, now: datetime.datetime) -> dict:
    state = event.state_at(now)
    return {"event": event, "state_code": str(state), "state_label": state.label}


def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    notices = []
    kind = request.GET.get("kind", "")
    if kind and kind not in Kind.values:
        notices.append("未知的形式，已显示全部。")
        kind = ""
    year_raw = request.GET.get("year", "")
    year = _int(year_raw)
    if year_raw and (year is None or not 2000 <= year <= 2100):
        notices.append("年份格式不正确，已显示全部年份。")
        year = None
    events = Event.objects.public().select_related("department")
    if kind:
        events = events.filter(kind=kind)
    if year:
        local = timezone.localtime(now).tzinfo
        start = datetime.datetime(year, 1, 1, tzinfo=local)
        events = events.filter(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))
    current = list(events.exclude(pk__in=events.for_state(State.ENDED, now).values("pk")).order_by("starts_at"))
    paginator = Paginator(events.for_state(State.ENDED, now).order_by("-starts_at", "-pk"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    years = sorted(
        {
            y
            for y in Event.objects.public()
            .annotate(y=ExtractYear("starts_at", tzinfo=timezone.get_current_timezone()))
            .values_list("y", flat=True)
        },
        reverse=True,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "crumbs": _crumbs(request, "发布会与访谈", index=True),
        "current_events": [_row(e, now) for e in current] if page.number == 1 else [],
        "page_obj": page,
        "past_rows": [_row(e, now) for e in page.object_list],
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query": query.urlencode(),
        "kinds": Kind.choices,
        "kind": kind,
        "years": years,
        "year": year,
        "notices": notices,
        "now": now,
    }
    return render(request, "interviews/public/index.html", context)


# ---------- one event ----------


def _public_event(pk: int) -> Event:
    return get_object_or_404(Event.objects.public().select_related("department"), pk=pk)


def public_entries(event: Event):
    return TranscriptEntry.objects.filter(event=event).order_by("pk")


def public_questions(event: Event):
    return Question.objects.filter(event=event, status=QuestionStatus.APPROVED).order_by("submitted_at", "pk")


def _event_page(
    request: HttpRequest, event: Event, form: QuestionForm | None = None, *, status: int = 200, notice: str = ""
) -> HttpResponse:
    now = timezone.now()
    state = event.state_at(now)
    accepts = event.accepts_questions(now)
    if accepts and form is None:
        form = QuestionForm(event_id=event.pk)
    context = {
        "crumbs": _crumbs(request, event.title),
        "event": event,
        "state": state,
        "entries": list(public_entries(event)),
        "questions": list(public_questions(event)),
        "media": list(Media.objects.filter(event=event)),
        "form": form if accepts else None,
        "form_token": issue_form_token(event_id=event.pk),
        "token_field": TOKEN_FIELD,
        "thanks": request.session.pop(THANKS_SESSION_KEY, None) == event.pk,
        "poll_url": reverse("interviews_public:transcript", args=[event.pk]),
        "poll_seconds": settings.GONGKAI_INTERVIEWS_POLL_SECONDS,
        "notice": notice,
    }
    response = render(request, "interviews/public/event.html", context, status=status)
    if form is not None and form.is_bound:
        response["Cache-Control"] = "private, no-store"  # the asker's own text and contact
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _public_event(pk)
    if request.method != "POST":
        return _event_page(request, event)
    client = ratelimit.client_address(request)
    if ratelimit.exceeded(SUBMIT_SCOPE, client, limit=settings.GONGKAI_INTERVIEWS_QUESTIONS_PER_HOUR):
        response = render(
            request,
            "interviews/public/too_many.html",
            {"crumbs": _crumbs(request, "操作过于频繁"), "event": event},
            status=429,
        )
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    if not event.accepts_questions():
        return _event_page(request, event, status=400, notice="本场活动已停止征集提问，您的问题未提交。")
    form = QuestionForm(request.POST, event_id=event.pk, token=request.POST.get(TOKEN_FIELD))
    if form.is_valid():
        try:
            services.question_submit(
                event=event,
                text=form.cleaned_data["text"],
                asker_name=form.cleaned_data["asker_name"],
                asker_contact=form.cleaned_data["asker_contact"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
            request.session[THANKS_SESSION_KEY] = event.pk
            return redirect(reverse("interviews_public:event", args=[event.pk]) + "#ask")
    elif form.is_bot:
        ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
    return _event_page(request, event, form, status=400)


# ---------- the live transcript as JSON ----------


def transcript_state(event_id: int) -> tuple[int, str] | None:
    """(transcript version, state code) of a published event, from the cache when possible.

    The services drop the cached value on every transcript change; publication and the end time
    are caught within the short timeout (the poll interval).
    """
    key = services.transcript_cache_key(event_id)
    cached = cache.get(key)
    if cached is None:
        row = (
            Event.objects.filter(pk=event_id, live=True)
            .values_list("transcript_version", "starts_at", "ends_at", "ended_at")
            .first()
        )
        if row is None:
            cached = ("missing",)
        else:
            version, starts_at, ends_at, ended_at = row
            cached = ("ok", version, starts_at.timestamp(), ends_at.timestamp(), bool(ended_at))
        cache.set(key, cached, timeout=settings.GONGKAI_INTERVIEWS_POLL_SECONDS)
    if cached[0] != "ok":
        return None
    _, version, starts, ends, ended = cached
    now = time.time()
    state = State.ENDED if ended or now >= ends else State.LIVE if now >= starts else State.UPCOMING
    return version, state


def entry_data(entry: TranscriptEntry) -> dict:
    """What the public sees of an entry: a retracted one is a bare marker, its text stays in the office."""
    if entry.retracted:
        return {
            "id": entry.pk,
            "retracted": True,
            "speaker": "",
            "text": "",
            "time": "",
            "edited": False,
            "image": None,
        }
    image = reverse("interviews_public:entry_image", args=[entry.event_id, entry.pk]) if entry.image else None
    return {
        "id": entry.pk,
        "retracted": False,
        "speaker": entry.speaker,
        "text": entry.text,
        "time": timezone.localtime(entry.created_at).strftime("%H:%M"),
        "edited": entry.edited,
        "image": image,
    }


def _cache_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Shared caches (nginx) may keep it too: the answer is the same for every viewer.
    response["Cache-Control"] = f"public, max-age={settings.GONGKAI_INTERVIEWS_POLL_SECONDS}"
    return response


@require_safe
def transcript_json(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.GET.get("after", "0") or "0"
    after = _int(raw)
    if after is None or after > MAX_CURSOR:
        return JsonResponse(
            {"error": {"code": "invalid_parameter", "message": "参数 after 应为非负整数。"}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    found = transcript_state(pk)
    if found is None:
        return JsonResponse(
            {"error": {"code": "not_found", "message": "该活动不存在或未公开。"}},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    version, state = found
    after = min(after, version)
    etag = f'W/"{pk}.{version}.{after}.{state}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return _cache_headers(HttpResponseNotModified(), etag)
    entries = []
    if after < version:
        entries = [
            entry_data(entry)
            for entry in TranscriptEntry.objects.filter(event_id=pk, change_seq__gt=after).order_by("change_seq")
        ]
    data = {
        "event": pk,
        "version": version,
        "state": {"code": str(state), "name": State(state).label},
        "entries": entries,
    }
    return _cache_headers(JsonResponse(data, json_dumps_params={"ensure_ascii": False}), etag)


# ---------- files ----------


def _inline_file(field, content_type: str) -> FileResponse:
    handle = open_or_404(field)
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=content_type or mimetypes.guess_type(name)[0])
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def media_file(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    event = _public_event(pk)
    media = get_object_or_404(Media, pk=media_pk, event=event)
    return _inline_file(media.file, media.content_type)


@require_safe
def entry_image(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    event = _public_event(pk)
    entry = get_object_or_404(TranscriptEntry, pk=entry_pk, event=event, retracted_at__isnull=True)
    if not entry.image:
        raise Http404("该段实录没有图片。")
    return _inline_file(entry.image, entry.image_type)
