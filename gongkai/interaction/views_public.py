"""Public pages of 互动交流 under /messages/: the Q&A, the message form, the query, the statistics.

Who sees what (docs/interaction.md):

- Anyone: answered messages whose writer chose 公开, as the reviewed masked copy of the question
  (``Reply.public_subject``/``public_question``) beside the published reply; and counts.
- Whoever holds a message's number *and* 查询码: its status, the reply, and the one rating, for as long
  as the grant in their session lasts. The 查询码 is shown once and stored only as a keyed hash.

Pages with the writer's data are sent with ``Cache-Control: private, no-store``.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_POST

from gongkai.core import ratelimit
from gongkai.interaction import selectors, services
from gongkai.interaction.forms_public import (
    TOKEN_FIELD,
    MessageForm,
    QueryForm,
    RatingForm,
    issue_form_token,
    normalise_number,
)
from gongkai.interaction.models import Kind, Message, Status, hash_query_code
from gongkai.interaction.rules import message_clock, reply_workdays
from gongkai.org.models import Department
from gongkai.portal.templatetags.portal_tags import site_root

NO_STORE = "private, no-store"
WINDOW_SECONDS = 60 * 60
SUBMIT_SCOPE = "interaction-submit"
QUERY_CLIENT_SCOPE = "interaction-query-client"
QUERY_NUMBER_SCOPE = "interaction-query-number"
DONE_SESSION_KEY = "interaction.done"
GRANT_PREFIX = "interaction.grant."
GRANT_IDLE_SECONDS = 2 * 60 * 60
PAGE_SIZE = 15

MENU = (
    ("index", "留言选登"),
    ("new", "我要留言"),
    ("query", "留言查询"),
    ("statistics", "办理统计"),
)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _context(request: HttpRequest, current: str, title: str, **extra) -> dict:
    root = site_root(request)
    trail = [] if current == "index" else [{"title": "互动交流", "url": reverse("interaction_public:index")}]
    menu = [
        {"title": label, "url": reverse(f"interaction_public:{name}"), "current": name == current}
        for name, label in MENU
    ]
    return {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "int_menu": menu,
        "int_title": title,
        "reply_workdays": reply_workdays(),
        **extra,
    }


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    response = render(
        request, "interaction/public/too_many.html", _context(request, "", "操作过于频繁", what=what), status=429
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return _no_store(response)


# ---------- the public Q&A ----------


def index(request: HttpRequest) -> HttpResponse:
    queryset = selectors.public_messages()
    kind = request.GET.get("kind", "")
    if kind:
        if kind not in Kind.values:
            kind = ""
        else:
            queryset = queryset.filter(kind=kind)
    department_code = request.GET.get("department", "")
    departments = list(Department.objects.filter(interaction_messages__in=selectors.public_messages()).distinct())
    if department_code:
        if department_code not in {d.code for d in departments}:
            department_code = ""
        else:
            queryset = queryset.filter(department__code=department_code)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _context(
        request,
        "index",
        "互动交流",
        page=page,
        kinds=Kind.choices,
        kind=kind,
        departments=departments,
        department_code=department_code,
    )
    return render(request, "interaction/public/index.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.public_messages().filter(pk=pk).first()
    if message is None:
        raise Http404("留言不存在或未公开。")
    context = _context(request, "index", message.reply.public_subject, message=message, reply=message.reply)
    return render(request, "interaction/public/detail.html", context)


# ---------- the message ----------


class NewMessageView(View):
    """我要留言. Counted against GONGKAI_INTERACTION_SUBMISSIONS_PER_HOUR per client: every stored message
    and every submission that looks scripted; ordinary mistakes a person corrects are not counted."""

    template_name = "interaction/public/new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, MessageForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        if ratelimit.exceeded(SUBMIT_SCOPE, client, limit=settings.GONGKAI_INTERACTION_SUBMISSIONS_PER_HOUR):
            return _too_many(request, "留言")
        form = MessageForm(request.POST, token=request.POST.get(TOKEN_FIELD))
        if form.is_valid():
            try:
                message, code = services.message_submit(data=form.message_data())
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                    for item in errors:
                        form.add_error(field if field in form.fields else None, item.messages)
            else:
                ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
                request.session[DONE_SESSION_KEY] = {"number": message.number, "code": code}
                return redirect("interaction_public:done")
        elif form.is_bot:
            ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
        return self.render(request, form, status=400)

    def render(self, request: HttpRequest, form: MessageForm, *, status: int = 200) -> HttpResponse:
        context = _context(
            request, "new", "我要留言", form=form, form_token=issue_form_token(), token_field=TOKEN_FIELD
        )
        return _no_store(render(request, self.template_name, context, status=status))


def done(request: HttpRequest) -> HttpResponse:
    """The number and 查询码, once: the session entry is removed as it is shown."""
    shown = request.session.pop(DONE_SESSION_KEY, None)
    return _no_store(
        render(request, "interaction/public/done.html", _context(request, "new", "留言已提交", done=shown))
    )


# ---------- the query ----------


def _grant(request: HttpRequest, message: Message) -> None:
    request.session[f"{GRANT_PREFIX}{message.pk}"] = {"number": message.number, "at": int(time.time())}


def _granted(request: HttpRequest, number: str) -> Message | None:
    message = Message.objects.select_related("department").filter(number=number).first()
    if message is None:
        return None
    key = f"{GRANT_PREFIX}{message.pk}"
    grant = request.session.get(key)
    if not isinstance(grant, dict) or grant.get("number") != message.number:
        return None
    now = int(time.time())
    if now - int(grant.get("at", 0)) > GRANT_IDLE_SECONDS:
        del request.session[key]
        return None
    request.session[key] = {"number": message.number, "at": now}
    return message


class QueryView(View):
    """Number + 查询码 → a session grant. Wrong pairs are counted per client and per number; past the
    limit every attempt gets 429. An unknown number and a wrong code get the very same answer."""

    template_name = "interaction/public/query.html"
    WRONG = "留言编号或查询码不正确，请核对后重新输入。"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, QueryForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        number = normalise_number(request.POST.get("number", ""))
        limit = settings.GONGKAI_INTERACTION_QUERY_FAILURES_PER_HOUR
        if ratelimit.exceeded(QUERY_CLIENT_SCOPE, client, limit=limit) or (
            number and ratelimit.exceeded(QUERY_NUMBER_SCOPE, number, limit=limit)
        ):
            return _too_many(request, "查询")
        form = QueryForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        message = Message.objects.filter(number=form.cleaned_data["number"]).first()
        code = form.cleaned_data["code"]
        if message is None:
            hash_query_code(code)  # the same work as a real check
            matched = False
        else:
            matched = message.check_query_code(code)
        if not matched:
            ratelimit.hit(QUERY_CLIENT_SCOPE, client, window_seconds=WINDOW_SECONDS)
            ratelimit.hit(QUERY_NUMBER_SCOPE, form.cleaned_data["number"], window_seconds=WINDOW_SECONDS)
            form.add_error(None, self.WRONG)
            return self.render(request, form, status=400)
        _grant(request, message)
        return redirect("interaction_public:message", number=message.number)

    def render(self, request: HttpRequest, form: QueryForm, *, status: int = 200) -> HttpResponse:
        return _no_store(
            render(request, self.template_name, _context(request, "query", "留言查询", form=form), status=status)
        )


def public_status(message: Message) -> str:
    """What the writer is told: the review of a reply shows as 答复审核中."""
    reply = getattr(message, "reply", None)
    if message.status == Status.ASSIGNED and reply is not None and reply.workflow_in_progress:
        return "答复审核中"
    return message.get_status_display()


def _message_page(request: HttpRequest, message: Message, *, rating_form=None, status: int = 200) -> HttpResponse:
    reply = message.published_reply()
    if rating_form is None and reply is not None and not message.rating:
        rating_form = RatingForm()
    context = _context(
        request,
        "query",
        f"留言 {message.number}",
        message=message,
        reply=reply,
        status_label=public_status(message),
        clock=message_clock(message),
        rating_form=rating_form,
    )
    return _no_store(render(request, "interaction/public/message.html", context, status=status))


def message_view(request: HttpRequest, number: str) -> HttpResponse:
    message = _granted(request, number)
    if message is None:
        messages.info(request, "请输入留言编号和查询码查看办理情况。")
        return redirect("interaction_public:query")
    return _message_page(request, message)


@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    message = _granted(request, number)
    if message is None:
        messages.info(request, "请输入留言编号和查询码查看办理情况。")
        return redirect("interaction_public:query")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.message_rate(
                message=message, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "感谢您的评价。")
            return redirect("interaction_public:message", number=message.number)
    message.refresh_from_db()
    return _message_page(request, message, rating_form=form if not message.rating else None, status=400)


@require_POST
def query_end(request: HttpRequest) -> HttpResponse:
    for key in [k for k in request.session.keys() if k.startswith(GRANT_PREFIX)]:
        del request.session[key]
    messages.success(request, "已退出查询。")
    return redirect("interaction_public:query")


def statistics(request: HttpRequest) -> HttpResponse:
    table, total = selectors.statistics()
    return render(
        request,
        "interaction/public/statistics.html",
        _context(request, "statistics", "办理统计", table=table, total=total),
    )
