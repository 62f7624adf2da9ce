"""Public pages of 双随机一公开 under /enforcement/draws/ (docs/enforcement-draw.md, "在平台中操作").

- The list of draws and one page per draw: the announcement (pool sizes, rules, commitment, the
  beacon's source), after the draw the drawn targets with their inspectors (姓名 and 执法证号, both
  事前公开 items) and the published outcomes; downloads of the announcement and the record.
- The verification page: anyone pastes or uploads a record and gets every part recomputed by
  ``gongkai.enforcement.draw.verify``. Input is bounded (1 MB, the directory sizes of
  ``services_draw.size_problems``) and counted per client, since each check costs CPU time.

What is shown comes from the stored announcement, record and roster (the names copied at
announcement), never from the live directories, so a published draw does not change afterwards.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt

from gongkai.core import ratelimit
from gongkai.enforcement import draw as algorithm
from gongkai.enforcement.models_draw import Draw, DrawStatus
from gongkai.enforcement.services_draw import size_problems
from gongkai.portal.templatetags.portal_tags import site_root

PAGE_SIZE = 20
MAX_BYTES = 1024 * 1024
# Room for the form's other fields and the multipart boundaries around a file of MAX_BYTES.
MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024
VERIFY_SCOPE = "draw-verify"
WINDOW_SECONDS = 60 * 60
DEFAULT_VERIFICATIONS_PER_HOUR = 30
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def verifications_per_hour() -> int:
    return getattr(settings, "GONGKAI_DRAW_VERIFICATIONS_PER_HOUR", DEFAULT_VERIFICATIONS_PER_HOUR)


def _url(name: str, suffix: str = "") -> str | None:
    # The rest of 行政执法公示 may not be wired on every installation; its links are then left out.
    try:
        return reverse(name) + suffix
    except NoReverseMatch:
        return None


def _context(request: HttpRequest, current: str, title: str, **extra) -> dict:
    """Breadcrumbs (首页 › 行政执法公示 › 双随机抽查 › this page) and the side menu."""
    root = site_root(request)
    enforcement = _url("enforcement_public:index")
    trail = [{"title": "行政执法公示", "url": enforcement}] if enforcement else []
    if current != "index":
        trail.append({"title": "双随机抽查", "url": reverse("enforcement_draws:index")})
    trail += extra.pop("trail", [])
    menu = [
        {"title": "双随机抽查", "url": reverse("enforcement_draws:index"), "current": current == "index"},
        {"title": "抽查结果核验", "url": reverse("enforcement_draws:verify"), "current": current == "verify"},
    ]
    matters = _url("enforcement_public:matters", "?random=1")
    if matters:
        menu.append({"title": "随机抽查事项清单", "url": matters, "current": False})
    return {
        "crumbs": {"home_url": root.get_url(request) if root else "/", "trail": trail, "current_title": title},
        "draw_menu": menu,
        "draw_menu_heading_url": enforcement,
        "draw_title": title,
        "algorithm_version": algorithm.ALGORITHM_VERSION,
        **extra,
    }


def _page_number(raw: str | None) -> int:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 6 else 1


# ---------- the draws ----------


def draw_list(request: HttpRequest) -> HttpResponse:
    draws = Draw.objects.select_related("department", "matter").order_by("-announced_at", "-pk")
    paginator = Paginator(draws, PAGE_SIZE)
    page_obj = paginator.get_page(_page_number(request.GET.get("page")))
    context = _context(
        request,
        "index",
        "双随机抽查",
        page_obj=page_obj,
        draws=page_obj.object_list,
        page_range=paginator.get_elided_page_range(page_obj.number),
    )
    return render(request, "enforcement/draw/list.html", context)


def _assignments(draw: Draw) -> list[dict]:
    """The drawn targets in draw order, each with its inspectors and its published outcome."""
    result = draw.result or {}
    outcomes = {o.target_code: o for o in draw.outcomes.all()}
    rows = []
    for number, item in enumerate(result.get("result", {}).get("assignments", []), start=1):
        code = item["target"]
        target = draw.roster.get("targets", {}).get(code, {})
        rows.append(
            {
                "number": number,
                "code": code,
                "name": target.get("name", ""),
                "category": target.get("category", ""),
                "inspectors": [{"code": i, **draw.inspector(i)} for i in item["inspectors"]],
                "outcome": outcomes.get(code),
            }
        )
    return rows


def draw_detail(request: HttpRequest, code: str) -> HttpResponse:
    draw = get_object_or_404(Draw.objects.select_related("department", "matter"), code=code)
    parameters = draw.parameters["parameters"]
    departments = sorted({department for _, department in parameters["departments"]})
    context = _context(
        request,
        "detail",
        draw.title,
        draw=draw,
        parameters=parameters,
        pool_size=len(parameters["targets"]),
        inspector_count=len(parameters["inspectors"]),
        conflict_count=len(parameters["conflicts"]),
        inspector_departments=departments,
        assignments=_assignments(draw),
        drawn=draw.result is not None,
        cancelled=draw.status == DrawStatus.CANCELLED,
        verify_url=f"{reverse('enforcement_draws:verify')}?code={draw.code}",
    )
    return render(request, "enforcement/draw/detail.html", context)


def _json_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def announcement_download(request: HttpRequest, code: str) -> HttpResponse:
    draw = get_object_or_404(Draw, code=code)
    return _json_download(draw.announcement_document(), f"{draw.code}-announcement.json")


def record_download(request: HttpRequest, code: str) -> HttpResponse:
    draw = get_object_or_404(Draw, code=code)
    document = draw.record_document()
    if document is None:
        raise Http404("尚未抽取，没有抽查结果记录。")
    return _json_download(document, f"{draw.code}.json")


# ---------- verification ----------


class VerifyForm(forms.Form):
    record = forms.CharField(
        label="粘贴抽查结果记录",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        help_text="打开下载的抽查结果记录文件（.json），将全部内容复制粘贴到这里；或在下方上传该文件。",
    )
    file = forms.FileField(label="或上传抽查结果记录文件", required=False, help_text="JSON 文件，不超过 1 MB。")
    commitment = forms.CharField(
        label="抽查公告中的承诺值（可选）",
        required=False,
        max_length=200,
        help_text="64位十六进制数。填写后核对记录中的抽查参数是否就是公告时的参数。",
    )
    beacon = forms.CharField(
        label="从公开来源查得的随机数来源值（可选）",
        required=False,
        max_length=200,
        help_text="例如开奖号码，按公告说明的写法填写。填写后核对记录使用的随机数是否属实。",
    )

    def clean_commitment(self) -> str:
        value = "".join(self.cleaned_data["commitment"].split()).lower()
        if value and not HEX64.match(value):
            raise forms.ValidationError("承诺值应为64位十六进制数（0—9、a—f）。")
        return value

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("record") or "", data.get("file")
        if text.strip() and upload:
            raise forms.ValidationError("请粘贴记录内容或上传记录文件，二者选其一。")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError("上传的文件超过 1 MB 的上限。")
            data["content"] = upload.read(MAX_BYTES + 1)
        elif text.strip():
            data["content"] = text.encode("utf-8")
            if len(data["content"]) > MAX_BYTES:
                raise forms.ValidationError("粘贴的内容超过 1 MB 的上限。")
        else:
            raise forms.ValidationError("请粘贴抽查结果记录的内容，或上传记录文件。")
        return data


def _parse(content: bytes) -> dict[str, Any]:
    """The uploaded document as a JSON object, or DrawError in Chinese."""
    try:
        loaded = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON that the parser cannot descend.
        raise algorithm.DrawError("文件不是有效的 UTF-8 JSON 文档。") from None
    if not isinstance(loaded, dict):
        raise algorithm.DrawError("文件内容应为 JSON 对象。")
    if "parameters" in loaded and "result" not in loaded and "commitment" in loaded:
        raise algorithm.DrawError(
            "这是抽查公告文件，不是抽查结果记录：公告中没有抽取结果可供核验。请在抽取后下载“抽查结果记录”进行核验。"
        )
    problems = size_problems(loaded.get("parameters"))
    if problems:
        raise algorithm.DrawError(problems)
    return loaded


def _too_many(request: HttpRequest) -> HttpResponse:
    context = _context(request, "verify", "操作过于频繁", limit=verifications_per_hour())
    response = render(request, "enforcement/draw/too_many.html", context, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _verify_page(request: HttpRequest, form: VerifyForm, *, status: int = 200, **extra) -> HttpResponse:
    context = _context(request, "verify", "抽查结果核验", form=form, max_mb=MAX_BYTES // (1024 * 1024), **extra)
    response = render(request, "enforcement/draw/verify.html", context, status=status)
    # The page may echo a pasted record: not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# No CSRF token: verifying changes nothing (but a rate-limit counter), needs no session, and the
# CSRF middleware would read an oversized body before this view can refuse it in Chinese.
@csrf_exempt
def verify(request: HttpRequest) -> HttpResponse:
    """Paste or upload a record; every part is recomputed and shown as 一致 or 不一致."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse("不支持该请求方法。", status=405, content_type="text/plain; charset=utf-8")
    if request.method != "POST":
        initial, announced = {}, None
        code = request.GET.get("code", "")[:50]
        if code:
            announced = Draw.objects.filter(code=code).first()
            if announced is not None:
                initial["commitment"] = announced.commitment
        return _verify_page(request, VerifyForm(initial=initial), prefilled_from=announced)

    client = ratelimit.client_address(request)
    if ratelimit.exceeded(VERIFY_SCOPE, client, limit=verifications_per_hour()):
        return _too_many(request)
    ratelimit.hit(VERIFY_SCOPE, client, window_seconds=WINDOW_SECONDS)
    # Refused before the body is read: Django's own limit would answer with an English 400.
    if _content_length(request) > MAX_REQUEST_BYTES:
        return _verify_page(request, VerifyForm(), status=400, errors=["提交的内容超过 1 MB 的上限。"])
    try:
        form = VerifyForm(request.POST, request.FILES)
        valid = form.is_valid()
    except (SuspiciousOperation, MultiPartParserError, BadRequest):
        return _verify_page(request, VerifyForm(), status=400, errors=["提交的内容无法读取，请重新粘贴或上传。"])
    if not valid:
        return _verify_page(request, form, status=400)

    data = form.cleaned_data
    try:
        document = _parse(data["content"])
        parameters = document.get("parameters")
        code = parameters.get("code") if isinstance(parameters, dict) else None
        ours = Draw.objects.filter(code=code).first() if isinstance(code, str) and code else None
        commitment = data["commitment"] or None
        # Without a commitment typed in, a record of a draw announced here is checked against the
        # announcement published here — the comparison that catches a pool changed after the fact.
        compared_with_ours = commitment is None and ours is not None
        report = algorithm.verify(
            document,
            announced_commitment=ours.commitment if compared_with_ours else commitment,
            beacon=data["beacon"] or None,
        )
    except algorithm.DrawError as error:
        return _verify_page(request, form, status=400, errors=error.messages)
    return _verify_page(
        request,
        VerifyForm(initial={"commitment": data["commitment"], "beacon": data["beacon"]}),
        report=report,
        ours=ours,
        compared_with_ours=compared_with_ours,
        assignments=[
            {"number": n, "target": a.target, "inspectors": a.inspectors}
            for n, a in enumerate(report.recomputed.assignments, start=1)
        ],
    )
