"""Public pages of 环境投诉举报 under /complaints/: the results list and detail, the report form, the
query, statistics.

Who sees what (docs/complaints.md):

- Anyone: published 查处结果 (category, county, received date, handling department, the masked
  result, photos staff marked publishable), the form, and statistics that are counts only.
- Whoever holds a report's number *and* 查询码: that report's status, the limits and what was
  told to the reporter (不予受理 reason, 转办, 延期 reason), for as long as the session grant lasts.
- Nobody on the public side, ever: the reporter's name, phone, the address of the report as typed
  beyond the county, unpublished photos, internal investigation notes.
"""

import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_POST

from gongkai.calendar.services import current_date
from gongkai.complaints import regions, rules, selectors, services
from gongkai.complaints.forms_public import NUMBER_RE, TOKEN_FIELD, QueryForm, ReportForm, issue_form_token
from gongkai.complaints.models import Category, Complaint, ComplaintResult, Evidence, Status, hash_query_code
from gongkai.core import ratelimit
from gongkai.core.files import open_or_404
from gongkai.portal.templatetags.portal_tags import site_root

NO_STORE = "private, no-store"
WINDOW_SECONDS = 60 * 60
SUBMIT_SCOPE = "complaints-submit"
QUERY_CLIENT_SCOPE = "complaints-query-client"
QUERY_NUMBER_SCOPE = "complaints-query-number"
DONE_SESSION_KEY = "complaints.done"
GRANT_PREFIX = "complaints.grant."
GRANT_IDLE_SECONDS = 2 * 60 * 60
PAGE_SIZE = 20

MENU = (
    ("index", "查处结果公开"),
    ("new", "我要举报"),
    ("query", "举报查询"),
    ("statistics", "举报情况统计"),
)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _context(request: HttpRequest, current: str, title: str, **extra) -> dict:
    root = site_root(request)
    trail = [] if current == "index" else [{"title": "环境投诉举报", "url": reverse("complaints_public:index")}]
    menu = [
        {"title": label, "url": reverse(f"complaints_public:{name}"), "current": name == current}
        for name, label in MENU
    ]
    return {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "cx_menu": menu,
        "cx_title": title,
        **extra,
    }


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    response = render(
        request, "complaints/public/too_many.html", _context(request, "", "操作过于频繁", what=what), status=429
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return _no_store(response)


def _limits(today: datetime.date) -> dict:
    return {
        "acceptance": rules.limit(rules.ACCEPTANCE, today),
        "handling": rules.limit(rules.HANDLING, today),
        "extension": rules.limit(rules.EXTENSION_MAX, today),
    }


# ---------- published results ----------


def _int_or_none(value: str) -> str:
    return value if value in dict(Category.choices) else ""


def index(request: HttpRequest) -> HttpResponse:
    results = selectors.public_results()
    category = _int_or_none(request.GET.get("category", ""))
    prefecture = request.GET.get("prefecture", "")
    if category:
        results = results.filter(complaint__category=category)
    if regions.prefecture(prefecture):
        results = results.filter(complaint__prefecture_code=prefecture)
    else:
        prefecture = ""
    paginator = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = _context(
        request,
        "index",
        "环境投诉举报",
        page=page,
        categories=Category.choices,
        prefectures=regions.prefecture_choices(),
        selected_category=category,
        selected_prefecture=prefecture,
        limits=_limits(current_date()),
    )
    return render(request, "complaints/public/index.html", context)


def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(selectors.public_results(), pk=pk)
    photos = result.complaint.evidence.filter(publishable=True)
    context = _context(
        request, "detail", f"{result.complaint.get_category_display()}类举报查处结果", result=result, photos=photos
    )
    return render(request, "complaints/public/result.html", context)


def result_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """A photo or video staff marked publishable, of a published result only."""
    result = get_object_or_404(selectors.public_results(), pk=pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, complaint_id=result.complaint_id, publishable=True)
    response = FileResponse(open_or_404(evidence.file), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}.{evidence.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------- the report ----------


class ReportView(View):
    """The report form, with the disclosure form's abuse protection (per client, per hour)."""

    template_name = "complaints/public/new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, ReportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        if ratelimit.exceeded(SUBMIT_SCOPE, client, limit=settings.GONGKAI_COMPLAINTS_SUBMISSIONS_PER_HOUR):
            return _too_many(request, "提交举报")
        form = ReportForm(request.POST, request.FILES, token=request.POST.get(TOKEN_FIELD))
        if form.is_valid():
            try:
                complaint, code = services.complaint_submit(data=form.report_data(), files=form.cleaned_data["files"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
                request.session[DONE_SESSION_KEY] = {"number": complaint.number, "code": code}
                return redirect("complaints_public:done")
        elif form.is_bot:
            ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
        return self.render(request, form, status=400, reselect_files=bool(request.FILES))

    def render(self, request: HttpRequest, form: ReportForm, *, status: int = 200, **extra) -> HttpResponse:
        context = _context(
            request,
            "new",
            "我要举报",
            form=form,
            form_token=issue_form_token(),
            token_field=TOKEN_FIELD,
            limits=_limits(current_date()),
            **extra,
        )
        return _no_store(render(request, self.template_name, context, status=status))


def done(request: HttpRequest) -> HttpResponse:
    """The number and 查询码, once: the session entry is removed as it is shown."""
    shown = request.session.pop(DONE_SESSION_KEY, None)
    return _no_store(render(request, "complaints/public/done.html", _context(request, "new", "举报已提交", done=shown)))


# ---------- the query ----------


def _grant(request: HttpRequest, complaint: Complaint) -> None:
    request.session.cycle_key()
    request.session[f"{GRANT_PREFIX}{complaint.pk}"] = {"number": complaint.number, "at": int(time.time())}


def _granted(request: HttpRequest, number: str) -> Complaint | None:
    if not NUMBER_RE.match(number):
        return None
    complaint = Complaint.objects.select_related("department", "extension").filter(number=number).first()
    if complaint is None:
        return None
    key = f"{GRANT_PREFIX}{complaint.pk}"
    grant = request.session.get(key)
    if not isinstance(grant, dict) or grant.get("number") != complaint.number:
        return None
    now = int(time.time())
    if now - int(grant.get("at", 0)) > GRANT_IDLE_SECONDS:
        del request.session[key]
        return None
    request.session[key] = {"number": complaint.number, "at": now}
    return complaint


class QueryView(View):
    """Number + 查询码 → a session grant. Unknown number and wrong code get the same answer."""

    template_name = "complaints/public/query.html"
    WRONG = "举报编号或查询码不正确，请核对后重新输入。"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, QueryForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        number = "".join(request.POST.get("number", "").split()).upper()[:20]
        limit = settings.GONGKAI_COMPLAINTS_QUERY_FAILURES_PER_HOUR
        if ratelimit.exceeded(QUERY_CLIENT_SCOPE, client, limit=limit) or (
            number and ratelimit.exceeded(QUERY_NUMBER_SCOPE, number, limit=limit)
        ):
            return _too_many(request, "查询")
        form = QueryForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        complaint = Complaint.objects.filter(number=form.cleaned_data["number"]).first()
        code = form.cleaned_data["code"]
        if complaint is None:
            hash_query_code(code)  # the same work as a real check
            matched = False
        else:
            matched = complaint.check_query_code(code)
        if not matched:
            ratelimit.hit(QUERY_CLIENT_SCOPE, client, window_seconds=WINDOW_SECONDS)
            ratelimit.hit(QUERY_NUMBER_SCOPE, form.cleaned_data["number"], window_seconds=WINDOW_SECONDS)
            form.add_error(None, self.WRONG)
            return self.render(request, form, status=400)
        _grant(request, complaint)
        return redirect("complaints_public:case", number=complaint.number)

    def render(self, request: HttpRequest, form: QueryForm, *, status: int = 200) -> HttpResponse:
        return _no_store(
            render(request, self.template_name, _context(request, "query", "举报查询", form=form), status=status)
        )


@require_POST
def query_end(request: HttpRequest) -> HttpResponse:
    for key in [k for k in request.session.keys() if k.startswith(GRANT_PREFIX)]:
        del request.session[key]
    messages.success(request, "已退出查询。")
    return redirect("complaints_public:query")


def case(request: HttpRequest, number: str) -> HttpResponse:
    """What the reporter may know of their report: status, limits, what they were told, the result."""
    complaint = _granted(request, number)
    if complaint is None:
        messages.info(request, "请输入举报编号和查询码查看办理情况。")
        return redirect("complaints_public:query")
    today = current_date()
    extension = complaint.approved_extension()
    pending_extension = getattr(complaint, "extension", None)
    result = ComplaintResult.objects.filter(complaint=complaint, live=True).first()
    context = _context(
        request,
        "query",
        f"举报{complaint.number}",
        complaint=complaint,
        acceptance=selectors.acceptance_clock(complaint, today),
        handling=selectors.handling_clock(complaint, today),
        extension=extension,
        extension_pending=pending_extension is not None and extension is None,
        transfers=list(complaint.transfers.all()),
        result=result,
        photos=complaint.evidence.filter(publishable=True) if result else [],
        Status=Status,
        limits=_limits(complaint.received_on),
    )
    return _no_store(render(request, "complaints/public/case.html", context))


# ---------- statistics ----------


def statistics(request: HttpRequest) -> HttpResponse:
    years = sorted({d.year for d in Complaint.objects.dates("received_on", "year")}, reverse=True)
    raw = request.GET.get("year", "")
    year = None
    if raw:
        if not raw.isdigit() or int(raw) not in years:
            raise Http404("没有该年度的统计。")
        year = int(raw)
    stats = selectors.statistics(year=year)
    largest = max([n for _label, n in stats.by_prefecture] + [1])
    context = _context(
        request,
        "statistics",
        "举报情况统计",
        stats=stats,
        years=years,
        year=year,
        largest=largest,
        limits=_limits(current_date()),
    )
    return render(request, "complaints/public/statistics.html", context)
