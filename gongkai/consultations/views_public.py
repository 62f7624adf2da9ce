"""Public pages of 决策预公开与意见征集 under /consultations/.

- the list: open consultations first, then upcoming, then closed ones;
- a consultation: the draft split into 章/条/款 with a link to comment on each 条 and 款, the
  决策依据, 预期效果, 起草说明 and attachments, the comments people agreed to publish (grouped: a mass
  comment is shown once with its count), and the 意见采纳情况 once it is published;
- the comment form, only while the consultation is open, and its acknowledgement.

No personal data is shown anywhere here: name and contact are for staff only.
"""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from gongkai.consultations import selectors, services
from gongkai.consultations.forms_public import TOKEN_FIELD, CommentForm, issue_form_token
from gongkai.consultations.models import AdoptionReport, Consultation, State
from gongkai.consultations.structure import parse_target, target_key
from gongkai.core import ratelimit
from gongkai.core.page_cache import public_cache
from gongkai.portal.templatetags.portal_tags import site_root

NO_STORE = "private, no-store"
WINDOW_SECONDS = 60 * 60
SUBMIT_SCOPE = "consultations-comment"
DONE_SESSION_KEY = "consultations.done"
TITLE = "意见征集"


def _crumbs(request: HttpRequest, current: str, trail: list | None = None) -> dict:
    root = site_root(request)
    return {"home_url": root.get_url(request) if root else "/", "trail": trail or [], "current_title": current}


def _published(pk: int) -> Consultation:
    consultation = Consultation.objects.published().select_related("department").filter(pk=pk).first()
    if consultation is None:
        raise Http404("该意见征集不存在或尚未公开。")
    return consultation


def _live_report(consultation: Consultation) -> AdoptionReport | None:
    report = AdoptionReport.objects.filter(consultation=consultation, live=True).first()
    return report


def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [{"consultation": c, "state": c.state(now)} for c in selectors.public_consultations(now)]
    counts = dict(
        Consultation.objects.published()
        .annotate(n=Count("comments", filter=Q(comments__hidden=False)))
        .values_list("pk", "n")
    )
    for row in rows:
        row["comments"] = counts.get(row["consultation"].pk, 0)
    context = {
        "title": TITLE,
        "crumbs": _crumbs(request, TITLE),
        "open_rows": [r for r in rows if r["state"] in (State.OPEN, State.NOT_STARTED)],
        "closed_rows": [r for r in rows if r["state"] in (State.CLOSED, State.REPORTED)],
    }
    return render(request, "consultations/public/index.html", context)


def _public_groups(consultation: Consultation) -> dict[str, list[dict]]:
    """Published comments per target key, one entry per group: the first consented text and the group's size."""
    groups: dict[int, dict] = {}
    sizes = dict(
        consultation.groups.annotate(n=Count("comments", filter=Q(comments__hidden=False))).values_list("pk", "n")
    )
    for comment in selectors.public_comments(consultation):
        if comment.group_id not in groups:
            groups[comment.group_id] = {"comment": comment, "count": sizes.get(comment.group_id, 1)}
    by_target: dict[str, list[dict]] = defaultdict(list)
    for entry in groups.values():
        comment = entry["comment"]
        by_target[target_key(comment.target_article, comment.target_paragraph)].append(entry)
    return by_target


def detail_context(request: HttpRequest, consultation: Consultation, *, preview: bool = False) -> dict:
    now = timezone.now()
    state = consultation.state(now)
    structure = consultation.structure()
    _whole, units = selectors.draft_with_comments(consultation, [])
    by_target = {} if preview else _public_groups(consultation)
    for unit in units:
        unit.public = by_target.get(unit.key, [])
        for paragraph in unit.paragraphs:
            paragraph.public = by_target.get(paragraph.key, [])
    report = None if preview else _live_report(consultation)
    period = consultation.period_days() if consultation.opens_at and consultation.closes_at else None
    return {
        "title": consultation.title,
        "crumbs": _crumbs(
            request, consultation.title, [{"title": TITLE, "url": reverse("consultations_public:index")}]
        ),
        "consultation": consultation,
        "object": consultation,
        "state": state,
        "is_open": state == State.OPEN and consultation.live,
        "units": units,
        "has_articles": structure.has_articles,
        "preamble": structure.preamble,
        "whole_comments": by_target.get("", []),
        "public_count": sum(e["count"] for entries in by_target.values() for e in entries),
        "received": consultation.comments.filter(hidden=False).count() if consultation.pk else 0,
        "period_days": period,
        "report": report,
        "report_entries": report.published_entries if report else [],
        "report_participation": selectors.participation_from(report.published_participation) if report else [],
        "decision_counts": selectors.decision_counts(report.published_entries) if report else [],
        "meetings": list(report.meetings.all()) if report else [],
        "attachments": list(consultation.attachments.all()) if consultation.pk else [],
        "preview": preview,
    }


# Open and closed follow the clock, not a publication: a short page-cache life bounds the lag.
@public_cache(60)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _published(pk)
    return render(request, "consultations/public/detail.html", detail_context(request, consultation))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


class CommentView(View):
    """The comment form (only while open). Counted per client: stored comments and scripted posts."""

    template_name = "consultations/public/comment.html"

    def dispatch(self, request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        self.consultation = _published(pk)
        self.structure = self.consultation.structure()
        if not self.consultation.is_open():
            return self.closed(request)
        return super().dispatch(request, pk, *args, **kwargs)

    def closed(self, request: HttpRequest) -> HttpResponse:
        state = self.consultation.state()
        message = (
            "本次意见征集尚未开始，请在征集期内提交意见。"
            if state == State.NOT_STARTED
            else "本次意见征集已结束，不再接收意见。"
        )
        context = {
            "title": "不能提交意见",
            "crumbs": self._crumbs("不能提交意见"),
            "consultation": self.consultation,
            "message": message,
        }
        return _no_store(render(request, "consultations/public/closed.html", context, status=403))

    def _crumbs(self, current: str) -> dict:
        return _crumbs(
            self.request,
            current,
            [
                {"title": TITLE, "url": reverse("consultations_public:index")},
                {"title": self.consultation.title, "url": self.consultation.get_absolute_url()},
            ],
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = request.GET.get("target", "")
        valid = {key for key, _label in self.structure.targets()}
        form = CommentForm(
            initial={"target": target if target in valid else ""},
            structure=self.structure,
            consultation_id=self.consultation.pk,
        )
        return self.render(request, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        client = ratelimit.client_address(request)
        if ratelimit.exceeded(SUBMIT_SCOPE, client, limit=settings.GONGKAI_CONSULTATIONS_COMMENTS_PER_HOUR):
            context = {
                "title": "操作过于频繁",
                "crumbs": self._crumbs("操作过于频繁"),
                "consultation": self.consultation,
            }
            response = render(request, "consultations/public/too_many.html", context, status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return _no_store(response)
        form = CommentForm(request.POST, structure=self.structure, consultation_id=self.consultation.pk)
        if form.is_valid():
            article, paragraph = form.target_pair()
            data = form.cleaned_data
            try:
                comment, created = services.comment_submit(
                    consultation=self.consultation,
                    target_article=article,
                    target_paragraph=paragraph,
                    text=data["text"],
                    identity_type=data["identity_type"],
                    organisation=data["organisation"],
                    name=data["name"],
                    contact=data["contact"],
                    consent_publish=data["consent_publish"],
                    nonce=form.nonce,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                if created:
                    ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
                request.session[DONE_SESSION_KEY] = {
                    "consultation": self.consultation.pk,
                    "receipt": comment.receipt,
                    "target": comment.target_label,
                    "published": comment.consent_publish,
                }
                return redirect("consultations_public:comment_done", pk=self.consultation.pk)
        elif form.is_bot:
            ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
        return self.render(request, form, status=400)

    def render(self, request: HttpRequest, form: CommentForm, *, status: int = 200) -> HttpResponse:
        target_text = ""
        try:
            article, paragraph = parse_target(form["target"].value() or "")
        except ValueError:
            article = paragraph = None
        if article is not None:
            found = self.structure.article(article)
            if found is not None:
                if paragraph is not None and 1 <= paragraph <= len(found.paragraphs):
                    target_text = found.paragraphs[paragraph - 1]
                else:
                    target_text = "\n".join(found.paragraphs)
        elif paragraph is not None and 1 <= paragraph <= len(self.structure.paragraphs):
            target_text = self.structure.paragraphs[paragraph - 1]
        context = {
            "title": "提出意见",
            "crumbs": self._crumbs("提出意见"),
            "consultation": self.consultation,
            "form": form,
            "form_token": issue_form_token(self.consultation.pk),
            "token_field": TOKEN_FIELD,
            "target_text": target_text,
        }
        # The re-rendered form carries the person's name and contact.
        return _no_store(render(request, self.template_name, context, status=status))


def comment_done(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _published(pk)
    done = request.session.get(DONE_SESSION_KEY)
    if not isinstance(done, dict) or done.get("consultation") != consultation.pk:
        done = None
    context = {
        "title": "意见已提交",
        "crumbs": _crumbs(
            request,
            "意见已提交",
            [
                {"title": TITLE, "url": reverse("consultations_public:index")},
                {"title": consultation.title, "url": consultation.get_absolute_url()},
            ],
        ),
        "consultation": consultation,
        "done": done,
    }
    return _no_store(render(request, "consultations/public/comment_done.html", context))
