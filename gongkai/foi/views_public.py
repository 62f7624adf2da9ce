"""Public pages of 依申请公开 under /foi/: guidance, the online application, the query, statistics.

Who sees what (docs/foi-public.md):

- Anyone: the guidance page, the form, and statistics that are counts only.
- Whoever holds an application's number *and* 查询码: that case's status, clock, timeline and the
  files meant for the applicant, for as long as the grant in their session lasts. The 查询码 is
  shown once on submission and stored only as a keyed hash.

Nothing personal ever goes into an address: the form and the query are POSTs, the case page is
addressed by the application number, which identifies a case but not a person, and every page
that shows personal data is sent with ``Cache-Control: private, no-store``.
"""

import datetime
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Min
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_POST

from gongkai.calendar.services import current_date
from gongkai.core import ratelimit
from gongkai.core.files import open_or_404
from gongkai.foi import rules, services
from gongkai.foi.clock import clock_for
from gongkai.foi.forms_public import (
    TOKEN_FIELD,
    ApplicationForm,
    QueryForm,
    SupplementForm,
    issue_form_token,
    mask_id_number,
)
from gongkai.foi.models import (
    AnnualReport,
    Application,
    ApplicationAttachment,
    Channel,
    Extension,
    FoiSettings,
    Status,
    hash_query_code,
)
from gongkai.foi.outcomes import RULES, Group, Outcome
from gongkai.portal.templatetags.portal_tags import site_root

NO_STORE = "private, no-store"
WINDOW_SECONDS = 60 * 60
SUBMIT_SCOPE = "foi-submit"
QUERY_CLIENT_SCOPE = "foi-query-client"
QUERY_NUMBER_SCOPE = "foi-query-number"
DONE_SESSION_KEY = "foi.done"
GRANT_PREFIX = "foi.grant."
# A grant lapses after this long without use: a query left open on a shared computer closes itself.
GRANT_IDLE_SECONDS = 2 * 60 * 60
STATISTICS_CACHE_SECONDS = 24 * 60 * 60
NUMBER_RE = re.compile(r"^\d{4}-\d{5,}$")
GUIDE_TITLE = "信息公开指南"

MENU = (
    ("index", "依申请公开"),
    ("apply", "在线申请"),
    ("query", "申请查询"),
    ("statistics", "申请情况统计"),
)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _guide_url(request: HttpRequest) -> str | None:
    """The editors' 信息公开指南 page, when the site has one."""
    from gongkai.portal.models import StandardPage

    pages = StandardPage.objects.live().public().filter(title=GUIDE_TITLE)
    root = site_root(request)
    if root is not None:
        pages = pages.descendant_of(root)
    page = pages.order_by("depth", "path").first()
    return page.get_url(request) if page is not None else None


def _context(request: HttpRequest, current: str, title: str, **extra) -> dict:
    """Breadcrumbs (首页 › 依申请公开 › this page) and the side menu shared by every page here."""
    root = site_root(request)
    trail = [] if current == "index" else [{"title": "依申请公开", "url": reverse("foi_public:index")}]
    menu = [{"title": label, "url": reverse(f"foi_public:{name}"), "current": name == current} for name, label in MENU]
    guide = _guide_url(request)
    if guide:
        menu.append({"title": GUIDE_TITLE, "url": guide, "current": False})
    return {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "foi_menu": menu,
        "foi_title": title,
        "guide_url": guide,
        **extra,
    }


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    context = _context(request, "", "操作过于频繁", what=what, foi_settings=FoiSettings.load(request_or_site=request))
    response = render(request, "foi/public/too_many.html", context, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return _no_store(response)


# ---------- guidance ----------


def _tier_lines(schedule: rules.FeeSchedule, unit: str) -> list[str]:
    """The fee tiers in words, from the schedule in force: the numbers are data, not template text."""
    lines = []
    tiers = list(schedule.tiers)
    for i, tier in enumerate(tiers):
        upper = tiers[i + 1].first - 1 if i + 1 < len(tiers) else None
        if schedule.step_from is not None and upper is None:
            upper = schedule.step_from - 1
        span = f"第{tier.first}—{upper}{unit}" if upper is not None else f"第{tier.first}{unit}起"
        lines.append(f"{span}：{'免费' if tier.rate == 0 else f'{tier.rate}元/{unit}'}")
    if schedule.step_from is not None:
        first = schedule.rate_of(schedule.step_from)
        second = schedule.rate_of(schedule.step_from + schedule.step)
        lines.append(
            f"第{schedule.step_from}{unit}起：每{schedule.step}{unit}为一档，每档每{unit}加收{schedule.step_increase}元"
            f"（第{schedule.step_from}—{schedule.step_from + schedule.step - 1}{unit}{first}元/{unit}，"
            f"第{schedule.step_from + schedule.step}—{schedule.step_from + 2 * schedule.step - 1}{unit}"
            f"{second}元/{unit}，依此类推）"
        )
    return lines


def landing(request: HttpRequest) -> HttpResponse:
    today = current_date()
    fees = None
    try:
        per_item = rules.fee_schedule(rules.PER_ITEM, today)
        per_volume = rules.fee_schedule(rules.PER_VOLUME, today)
        fees = {
            "per_item": _tier_lines(per_item, "件"),
            "per_volume": _tier_lines(per_volume, "页"),
            "per_item_citation": per_item.citation,
            "per_volume_citation": per_volume.citation,
            "payment": rules.limit(rules.FEE_PAYMENT, today),
            "measures": rules.FEE_MEASURES,
        }
    except rules.NoRuleInForce:
        pass
    limits = {
        "correction": rules.limit(rules.CORRECTION_NOTICE, today),
        "reply": rules.limit(rules.REPLY, today),
        "extension": rules.limit(rules.EXTENSION_MAX, today),
        "third_party": rules.limit(rules.THIRD_PARTY, today),
        "other_agency": rules.limit(rules.OTHER_AGENCY, today),
    }
    context = _context(
        request,
        "index",
        "依申请公开",
        foi_settings=FoiSettings.load(request_or_site=request),
        limits=limits,
        fees=fees,
        regulation=rules.REGULATION_2019,
    )
    return render(request, "foi/public/landing.html", context)


# ---------- the application ----------


class ApplyView(View):
    """The online application (条例第二十九条), with abuse protection that needs no outside service.

    Counted against ``GONGKAI_FOI_SUBMISSIONS_PER_HOUR`` per client: every stored application and
    every submission that looks scripted (honeypot filled, token missing or too fast). Ordinary
    mistakes a person corrects are not counted, so a citizen is never locked out by typos.
    """

    template_name = "foi/public/apply.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, ApplicationForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        if ratelimit.exceeded(SUBMIT_SCOPE, client, limit=settings.GONGKAI_FOI_SUBMISSIONS_PER_HOUR):
            return _too_many(request, "提交申请")
        form = ApplicationForm(request.POST, request.FILES, token=request.POST.get(TOKEN_FIELD))
        if form.is_valid():
            try:
                application, code = services.application_submit(
                    data=form.application_data(), files=form.cleaned_data["identity_files"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
                # Shown once by the done page, which removes it: the code is never stored in clear.
                request.session[DONE_SESSION_KEY] = {"number": application.number, "code": code}
                return redirect("foi_public:apply_done")
        elif form.is_bot:
            ratelimit.hit(SUBMIT_SCOPE, client, window_seconds=WINDOW_SECONDS)
        return self.render(request, form, status=400, reselect_files=bool(request.FILES))

    def render(self, request: HttpRequest, form: ApplicationForm, *, status: int = 200, **extra) -> HttpResponse:
        context = _context(
            request,
            "apply",
            "在线申请",
            form=form,
            form_token=issue_form_token(),
            token_field=TOKEN_FIELD,
            **extra,
        )
        # The re-rendered form carries the applicant's personal data.
        return _no_store(render(request, self.template_name, context, status=status))


def apply_done(request: HttpRequest) -> HttpResponse:
    """The number and 查询码, once: the session entry is removed as it is shown."""
    done = request.session.pop(DONE_SESSION_KEY, None)
    context = _context(request, "apply", "申请已提交", done=done)
    return _no_store(render(request, "foi/public/apply_done.html", context))


# ---------- the query ----------


def _grant(request: HttpRequest, application: Application) -> None:
    request.session.cycle_key()  # a new session id once it grants access, against fixation
    request.session[f"{GRANT_PREFIX}{application.pk}"] = {"number": application.number, "at": int(time.time())}


def _granted(request: HttpRequest, number: str) -> Application | None:
    """The application ``number`` if this session holds a live grant for it, else None."""
    if not NUMBER_RE.match(number):
        return None
    application = Application.objects.with_clock_data().filter(number=number).first()
    if application is None:
        return None
    key = f"{GRANT_PREFIX}{application.pk}"
    grant = request.session.get(key)
    if not isinstance(grant, dict) or grant.get("number") != application.number:
        return None
    now = int(time.time())
    if now - int(grant.get("at", 0)) > GRANT_IDLE_SECONDS:
        del request.session[key]
        return None
    request.session[key] = {"number": application.number, "at": now}
    return application


def _ask_for_code(request: HttpRequest) -> HttpResponse:
    # The same answer whether the number exists or not.
    messages.info(request, "请输入申请编号和查询码查看办理情况。")
    return redirect("foi_public:query")


class QueryView(View):
    """Number + 查询码 → a session grant for that case.

    Wrong pairs are counted per client and per number (``GONGKAI_FOI_QUERY_FAILURES_PER_HOUR``);
    past the limit every attempt gets 429, a correct one too, so that guessing cannot be told
    apart from success. An unknown number and a wrong code get the very same answer.
    """

    template_name = "foi/public/query.html"
    WRONG = "申请编号或查询码不正确，请核对后重新输入。"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, QueryForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        client = ratelimit.client_address(request)
        number = "".join(request.POST.get("number", "").split()).upper()[:20]
        limit = settings.GONGKAI_FOI_QUERY_FAILURES_PER_HOUR
        if ratelimit.exceeded(QUERY_CLIENT_SCOPE, client, limit=limit) or (
            number and ratelimit.exceeded(QUERY_NUMBER_SCOPE, number, limit=limit)
        ):
            return _too_many(request, "查询")
        form = QueryForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        application = Application.objects.filter(number=form.cleaned_data["number"]).first()
        code = form.cleaned_data["code"]
        if application is None:
            hash_query_code(code)  # the same work as a real check, so timing tells nothing either
            matched = False
        else:
            matched = application.check_query_code(code)
        if not matched:
            ratelimit.hit(QUERY_CLIENT_SCOPE, client, window_seconds=WINDOW_SECONDS)
            ratelimit.hit(QUERY_NUMBER_SCOPE, form.cleaned_data["number"], window_seconds=WINDOW_SECONDS)
            form.add_error(None, self.WRONG)
            return self.render(request, form, status=400)
        _grant(request, application)
        return redirect("foi_public:case", number=application.number)

    def render(self, request: HttpRequest, form: QueryForm, *, status: int = 200) -> HttpResponse:
        context = _context(request, "query", "申请查询", form=form)
        return _no_store(render(request, self.template_name, context, status=status))


@require_POST
def query_end(request: HttpRequest) -> HttpResponse:
    """退出查询: drop every grant of this session (a shared computer)."""
    for key in [k for k in request.session.keys() if k.startswith(GRANT_PREFIX)]:
        del request.session[key]
    messages.success(request, "已退出查询。")
    return redirect("foi_public:query")


@dataclass
class Event:
    """One step of the timeline the applicant sees, derived from the case records."""

    day: datetime.date
    title: str
    lines: list[str] = field(default_factory=list)
    at: datetime.datetime | None = None
    order: int = 0


def _one(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def timeline(application: Application) -> list[Event]:
    """What happened, in order. Internal notes, handlers and consulted parties are never named."""
    submitted = timezone.localtime(application.submitted_at)
    events = [
        Event(
            submitted.date(),
            "提交申请" if application.channel == Channel.ONLINE else f"提交申请（{application.get_channel_display()}）",
            at=submitted if application.channel == Channel.ONLINE else None,
            order=0,
        )
    ]
    if application.received_on:
        events.append(
            Event(
                application.received_on,
                "确认收到申请",
                ["以此日为收到申请之日（条例第三十一条），答复期限自次日起计算。"],
                order=1,
            )
        )
    correction = _one(application, "correction")
    if correction is not None:
        events.append(
            Event(
                correction.requested_on,
                "告知补正",
                [f"需要补正的事项：{correction.items}", f"补正期限：{correction.due_on:%Y-%m-%d}（含当日）"],
                order=2,
            )
        )
        if correction.supplemented_on:
            events.append(
                Event(
                    correction.supplemented_on,
                    "收到补正",
                    ["答复期限自收到补正之日起重新计算（条例第三十条）。"],
                    order=3,
                )
            )
    for consultation in application.consultations.all():
        events.append(
            Event(
                consultation.sent_on,
                consultation.get_kind_display(),
                ["征求意见所需时间不计算在答复期限内（条例第三十三条第三款）。"],
                order=4,
            )
        )
        if consultation.answered_on:
            events.append(Event(consultation.answered_on, "征求意见结束", order=5))
    extension = _one(application, "extension")
    if extension is not None and extension.state == Extension.State.APPROVED and extension.decided_on:
        events.append(
            Event(
                extension.decided_on,
                "延期答复",
                [
                    f"经政府信息公开工作机构负责人同意，答复期限延长{extension.days}个工作日。",
                    f"理由：{extension.reason}",
                ],
                order=6,
            )
        )
    fee_notice = _one(application, "fee_notice")
    if fee_notice is not None:
        events.append(
            Event(
                fee_notice.issued_on,
                "收费通知",
                [f"信息处理费{fee_notice.amount}元（{fee_notice.get_method_display()}）。"],
                order=7,
            )
        )
        if fee_notice.paid_on:
            events.append(Event(fee_notice.paid_on, "已缴纳信息处理费", order=8))
    if application.status == Status.CLOSED and application.closed_on:
        lines = [f"办理结果：{application.get_outcome_display()}"] if application.outcome else []
        events.append(Event(application.closed_on, "答复", lines, order=9))
    if application.status == Status.INVALID:
        events.append(Event(submitted.date(), "确认为无效提交", [application.invalid_reason], order=9))
    return sorted(events, key=lambda e: (e.day, e.order))


def _case_context(request: HttpRequest, application: Application, **extra) -> dict:
    clock = clock_for(application)
    files = [a for a in application.attachments.all() if a.visible_to_applicant]
    correction = _one(application, "correction")
    return _context(
        request,
        "query",
        f"申请 {application.number}",
        application=application,
        clock=clock,
        timeline=timeline(application),
        files=files,
        correction=correction,
        masked_id=mask_id_number(application.id_number),
        awaiting_correction=application.status == Status.AWAITING_CORRECTION,
        **extra,
    )


def case(request: HttpRequest, number: str) -> HttpResponse:
    application = _granted(request, number)
    if application is None:
        return _ask_for_code(request)
    form = SupplementForm() if application.status == Status.AWAITING_CORRECTION else None
    context = _case_context(request, application, supplement_form=form)
    return _no_store(render(request, "foi/public/case.html", context))


@require_POST
def supplement(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant's 补正 from the case page: the reply limit restarts from today (条例第三十条)."""
    application = _granted(request, number)
    if application is None:
        return _ask_for_code(request)
    form = SupplementForm(request.POST, request.FILES)
    if application.status != Status.AWAITING_CORRECTION:
        form = None
        messages.error(request, f"申请当前为“{application.get_status_display()}”，不需要补正。")
        status = 400
    elif form.is_valid():
        try:
            services.correction_supplement(
                application=application, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "补正已提交。答复期限自收到补正之日起重新计算。")
            return redirect("foi_public:case", number=application.number)
        status = 400
    else:
        status = 400
    application = Application.objects.with_clock_data().get(pk=application.pk)
    context = _case_context(request, application, supplement_form=form, reselect_files=bool(request.FILES))
    return _no_store(render(request, "foi/public/case.html", context, status=status))


def download(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """A file of the case meant for the applicant, as a download, after re-checking the grant."""
    application = _granted(request, number)
    if application is None:
        return _ask_for_code(request)
    attachment = ApplicationAttachment.objects.filter(pk=pk, application=application).first()
    if attachment is None or not attachment.visible_to_applicant:
        raise Http404("文件不存在。")
    response = FileResponse(
        open_or_404(attachment.file),
        as_attachment=True,
        filename=attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


# ---------- statistics ----------


def _short_group_label(group: Group) -> str:
    """ "（二）部分公开（区分处理的…）" → "部分公开"."""
    return re.sub(r"^（[^）]*）|（[^）]*）$", "", group.label)


def year_statistics(year: int, *, today: datetime.date | None = None) -> dict:
    """Counts for ``year``: received (by receipt date), answered and answered on time (by closing
    date), and the answers by outcome group. Past years are cached; the current year is live."""
    today = today or current_date()
    key = f"foi:public-statistics:{year}"
    past = year < today.year
    if past:
        cached = cache.get(key)
        if cached is not None:
            return cached
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    received = (
        Application.objects.exclude(status=Status.INVALID).filter(received_on__gte=first, received_on__lte=last).count()
    )
    closed = list(
        Application.objects.with_clock_data().filter(status=Status.CLOSED, closed_on__gte=first, closed_on__lte=last)
    )
    on_time = sum(1 for application in closed if clock_for(application, today=today).closed_on_time)
    groups = Counter(RULES[Outcome(a.outcome)].group for a in closed if a.outcome)
    answered = len(closed)
    result = {
        "year": year,
        "received": received,
        "answered": answered,
        "on_time": on_time,
        "on_time_percent": round(on_time * 100 / answered) if answered else None,
        "groups": [
            {
                "label": _short_group_label(group),
                "count": groups.get(group, 0),
                "percent": round(groups.get(group, 0) * 100 / answered) if answered else 0,
            }
            for group in Group
        ],
    }
    if past:
        cache.set(key, result, timeout=STATISTICS_CACHE_SECONDS)
    return result


def statistics_years(*, today: datetime.date | None = None) -> list[int]:
    today = today or current_date()
    bounds = Application.objects.exclude(status=Status.INVALID).aggregate(
        received=Min("received_on"), closed=Min("closed_on")
    )
    starts = [d.year for d in bounds.values() if d is not None]
    first = min(starts) if starts else today.year
    return list(range(today.year, min(first, today.year) - 1, -1))


def _report_urls(years: list[int]) -> dict[int, str]:
    """Published 年度报告 of these years, to point to the full figures."""
    published = AnnualReport.objects.filter(
        year__in=years, published_at__isnull=False, page__isnull=False, page__live=True
    ).values_list("year", flat=True)
    try:
        return {year: reverse("foi_public:annual_report", kwargs={"year": year}) for year in published}
    except NoReverseMatch:
        return {}


def statistics(request: HttpRequest) -> HttpResponse:
    years = statistics_years()
    raw = request.GET.get("year", "")
    if raw:
        try:
            year = int(raw)
        except ValueError:
            raise Http404("没有该年度的统计。") from None
        if year not in years:
            raise Http404("没有该年度的统计。")
    else:
        year = years[0]
    overview = [year_statistics(y) for y in years]
    selected = next(s for s in overview if s["year"] == year)
    context = _context(
        request,
        "statistics",
        "申请情况统计",
        years=years,
        year=year,
        selected=selected,
        overview=overview,
        current_year=current_date().year,
        report_url=_report_urls([year]).get(year),
    )
    return render(request, "foi/public/statistics.html", context)
