"""Staff screens of the 双公示 Excel exchange: import a spreadsheet in two steps, export for 信用中国.

Import, as the user sees it:

1. 导入双公示数据 — choose 行政处罚 or 行政许可, the department and an .xlsx file.
2. 校验 — the file is stored in the private storage under a random token and checked with
   ``spreadsheet.validate_file``; the page lists every problem by row and column. Nothing is imported.
3. 导入有效的N行 — only when the user asks for it: ``exchange.decisions_import`` creates the valid rows
   as masked drafts; the result page lists what was created and which 文号 already existed.

Both steps can take minutes on a large file. They run inside the request (the embedded default has no
task worker); the browser posts the form with fetch() (``static/enforcement/admin/exchange.js``) and
polls ``ProgressView``, which reads what the step's ``progress`` callback wrote to the cache every
1,000 rows. Without JavaScript the same forms post normally and the user just waits.

What each upload leaves behind, under ``enforcement-exchange/`` in ``storages["private"]``:
``<token>.xlsx`` while it is checked, then ``<token>.rows.jsonl.gz`` — the valid rows, parsed and
normalised, signed (``gongkai.enforcement.spool``), written only when something can be imported and
deleted after the import — ``<token>.json`` (who uploaded what, for which department, the check's
report and the spool's signature) and, after the import, ``<token>.result.json``. Everything older
than a day is deleted the next time someone opens or uses the import screen. The token is checked
against the uploader on every step: for anyone else it does not exist (404).
"""

import datetime
import json
import logging
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.core.admin_views import forbidden
from gongkai.enforcement import exchange, selectors, spreadsheet
from gongkai.enforcement.forms_admin import date_field
from gongkai.enforcement.models import Decision, Kind
from gongkai.enforcement.permissions import EDITOR_ROLES, User, can_edit, visible_department_ids
from gongkai.enforcement.spool import SpoolWriter
from gongkai.enforcement.views_admin import HOME_BREADCRUMB, can_access_module
from gongkai.org.models import Department
from gongkai.review.permissions import scope_for

logger = logging.getLogger(__name__)

EXCHANGE_KINDS = [(Kind.PENALTY.value, Kind.PENALTY.label), (Kind.LICENSE.value, Kind.LICENSE.label)]
KIND_LABELS = dict(EXCHANGE_KINDS)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_TEXT = "50 MB"
MAX_ERRORS_SHOWN = 1000
MAX_SKIPPED_SHOWN = 1000
KEEP_FOR = datetime.timedelta(days=1)
STORAGE_DIR = "enforcement-exchange"
SPOOL = "rows.jsonl.gz"  # the valid rows between 校验 and 导入 (gongkai.enforcement.spool)
JOB_TIMEOUT = 6 * 60 * 60  # seconds; a 100,000-row import takes a few minutes, a stale job is harmless
TOKEN_LENGTH = 32  # hex digits of secrets.token_hex(16)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also password-protected .xlsx
ZIP_SIGNATURE = b"PK\x03\x04"
SPREADSHEET_MAIN = b"spreadsheetml"  # in [Content_Types].xml of .xlsx/.xlsm/.xltx, not of .docx or a plain zip

NOT_XLSX = (
    "该文件不是Excel工作簿（.xlsx）。请上传用Excel 2007及以上版本或WPS保存为“.xlsx”格式的文件，"
    "不支持.xls、.csv、.et等格式。"
)
OLD_EXCEL = (
    "该文件是旧版Excel（.xls）格式，或设置了打开密码的Excel文件，无法读取。"
    "请在Excel中取消打开密码，或“另存为”Excel工作簿（*.xlsx）后重新上传。"
)
ZIP_NOT_XLSX = "该文件是压缩包或其他Office文档，不是Excel工作簿（.xlsx）。"
BROKEN_XLSX = "文件已损坏，无法打开。请在Excel中打开并重新保存为.xlsx后上传。"
UNREADABLE = "文件内容无法读取（可能已损坏或不是由Excel保存的）。请在Excel中打开并重新保存为.xlsx后上传。"
TOO_LARGE = f"文件超过{MAX_UPLOAD_TEXT}，请拆分成几个文件分别导入。"
FILE_LEVEL = "该文件有整体性错误（如缺少必填列或类别不符），不能导入。请修正后重新上传。"
UPLOAD_GONE = "该上传文件已过期或不存在（上传的文件只保留一天），请重新上传。"
NO_IMPORT_ROLE = "您无权导入执法决定：导入由各处室的信息员、审核人员或办公室办理。"
NO_DEPARTMENT = "您的账号未关联处室，不能导入或导出执法决定，请联系系统管理员。"
OTHER_DEPARTMENT_IMPORT = "您只能导入本处室的执法决定。"
OTHER_DEPARTMENT_EXPORT = "您只能导出本处室的执法决定。"


# --- Who may do what --------------------------------------------------------------------------


def can_import(user: User) -> bool:
    """Staff who may record decisions for some department (the service checks the department itself)."""
    scope = scope_for(user)
    return scope.has_any_role(EDITOR_ROLES) and (scope.sees_all_departments or scope.department_id is not None)


def can_export(user: User) -> bool:
    """Whoever sees decisions in the admin may export them, within the same departments."""
    return can_access_module(user)


def department_in_scope(user: User, department: Department) -> bool:
    ids = visible_department_ids(user)
    return ids is None or department.pk in ids


def scoped_departments(user: User):
    ids = visible_department_ids(user)
    departments = Department.objects.order_by("sort_order", "name")
    return departments if ids is None else departments.filter(pk__in=ids)


# --- Progress jobs ----------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_hex(TOKEN_LENGTH // 2)


def is_token(value: object) -> bool:
    return isinstance(value, str) and len(value) == TOKEN_LENGTH and all(c in "0123456789abcdef" for c in value)


def _job_key(token: str) -> str:
    return f"enforcement-exchange:job:{token}"


class Job:
    """One step's progress in the cache: ``{"user", "phase", "done", "total"}`` under a per-form token.

    The form page hands out a fresh token; the step claims it for the posting user (``cache.add``),
    so a token someone else already holds is not taken over: that step then runs without progress.
    """

    def __init__(self, token: str, user_id: int, phase: str, total: int | None) -> None:
        self.key = _job_key(token)
        self.state: dict[str, Any] = {"user": user_id, "phase": phase, "done": 0, "total": total}

    @classmethod
    def start(cls, token: object, user: User, *, phase: str, total: int | None = None) -> "Job | None":
        if not is_token(token):
            return None
        job = cls(token, user.pk, phase, total)
        if not cache.add(job.key, job.state, JOB_TIMEOUT):
            held = cache.get(job.key)
            if held is None or held.get("user") != user.pk:
                return None
            job.save()
        return job

    def save(self) -> None:
        cache.set(self.key, self.state, JOB_TIMEOUT)

    def report(self, done: int) -> None:
        self.state["done"] = done
        self.save()

    def finish(self, *, done: int | None = None, failed: bool = False) -> None:
        if done is not None:
            self.state["done"] = done
        self.state["phase"] = "failed" if failed else "done"
        self.save()


def job_state(token: str, user: User) -> dict | None:
    """The job's progress for its own user; None for anyone else, as for a token that never existed."""
    state = cache.get(_job_key(token)) if is_token(token) else None
    if not state or state.get("user") != user.pk:
        return None
    return state


def _report(job: Job | None):
    return job.report if job is not None else None


# --- Stored uploads ---------------------------------------------------------------------------


def private_storage() -> Storage:
    return storages["private"]


@dataclass
class StoredUpload:
    """One uploaded file between 校验 and 导入: its metadata and report, and the result once imported."""

    token: str
    meta: dict
    result: dict | None

    @property
    def xlsx_name(self) -> str:
        return _name(self.token, "xlsx")

    @property
    def kind(self) -> str:
        return self.meta["kind"]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def department(self) -> Department | None:
        return Department.objects.filter(pk=self.meta["department"]).first()

    @property
    def spool_name(self) -> str:
        return _name(self.token, SPOOL)

    @property
    def can_import(self) -> bool:
        return bool(self.meta["can_import"]) and private_storage().exists(self.spool_name)


def _name(token: str, suffix: str) -> str:
    return f"{STORAGE_DIR}/{token}.{suffix}"


def _save(name: str, content) -> None:
    storage = private_storage()
    saved = storage.save(name, content)
    if saved != name:  # the name is random; a clash means something else wrote there
        storage.delete(saved)
        raise RuntimeError(f"private storage refused the name {name}")


def _write_json(name: str, data: dict) -> None:
    _save(name, ContentFile(json.dumps(data, ensure_ascii=False).encode()))


def _read_json(name: str) -> dict | None:
    storage = private_storage()
    try:
        with storage.open(name, "rb") as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, ValueError):
        return None


def _delete(token: str, *suffixes: str) -> None:
    storage = private_storage()
    for suffix in suffixes:
        name = _name(token, suffix)
        if storage.exists(name):
            storage.delete(name)


def load_upload(token: object, user: User) -> StoredUpload | None:
    """The upload behind ``token`` if ``user`` made it and it is less than a day old."""
    if not is_token(token):
        return None
    meta = _read_json(_name(token, "json"))
    if meta is None or meta.get("user") != user.pk:
        return None
    uploaded = datetime.datetime.fromisoformat(meta["uploaded_at"])
    if timezone.now() - uploaded > KEEP_FOR:
        _delete(token, "xlsx", SPOOL, "json", "result.json")
        return None
    return StoredUpload(token=token, meta=meta, result=_read_json(_name(token, "result.json")))


def purge_stale(now: datetime.datetime | None = None) -> int:
    """Delete every stored upload file older than a day; returns how many files went."""
    storage = private_storage()
    limit = (now or timezone.now()) - KEEP_FOR
    try:
        _dirs, files = storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for filename in files:
        name = f"{STORAGE_DIR}/{filename}"
        try:
            if storage.get_modified_time(name) < limit:
                storage.delete(name)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue  # deleted meanwhile by another request, or a storage that cannot tell
    return removed


def _report_data(report: spreadsheet.ImportReport) -> dict:
    def cells(errors: list[spreadsheet.CellError]) -> list[list]:
        return [[e.row, e.column_letter, e.column_label, e.message] for e in errors]

    return {
        "total_rows": report.total_rows,
        "valid_rows": report.valid_rows,
        "invalid_rows": report.invalid_rows,
        "error_count": report.error_count,
        "errors": cells(report.errors),
        "file_errors": len(report.file_errors),
        "warnings": cells(report.warnings),
        "can_import": report.can_import,
    }


# --- Forms ------------------------------------------------------------------------------------


def department_field(user: User) -> forms.ModelChoiceField:
    """Any department validates; the list shows only the user's. A forged id is then refused by the
    view with a 403 (the department check), not lost as an "invalid choice"."""
    field = forms.ModelChoiceField(
        label="处室",
        queryset=Department.objects.all(),
        error_messages={"required": "请选择处室。", "invalid_choice": "请从列表中选择处室。"},
    )
    shown = [(d.pk, d.name) for d in scoped_departments(user)]
    field.choices = shown if len(shown) == 1 else [("", "请选择"), *shown]
    if len(shown) == 1:
        field.initial = shown[0][0]
    return field


def kind_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=EXCHANGE_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择数据类别。", "invalid_choice": "只能选择行政处罚或行政许可。"},
    )


def xlsx_problem(upload) -> str | None:
    """Why ``upload`` is not an Excel workbook, judged by its content (never by the file name)."""
    upload.seek(0)
    head = upload.read(len(OLE_SIGNATURE))
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        return OLD_EXCEL
    if not head.startswith(ZIP_SIGNATURE):
        return NOT_XLSX
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                with archive.open("[Content_Types].xml") as types:
                    content_types = types.read(1024 * 1024)
            except KeyError:
                return ZIP_NOT_XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return BROKEN_XLSX
    finally:
        upload.seek(0)
    if SPREADSHEET_MAIN not in content_types:
        return ZIP_NOT_XLSX
    return None


class ImportForm(forms.Form):
    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = kind_field("导入类别")
        self.fields["department"] = department_field(user)
        self.fields["department"].help_text = "导入的执法决定归属该处室。"
        self.fields["file"] = forms.FileField(
            label="Excel文件",
            help_text=f"双公示模板格式的.xlsx文件，不超过{MAX_UPLOAD_TEXT}；第1行为表头，从第2行起每行一条记录。",
            error_messages={
                "required": "请选择要上传的文件。",
                "empty": "上传的文件是空的。",
                "invalid": "请选择要上传的文件。",
                "missing": "请选择要上传的文件。",
            },
            widget=forms.ClearableFileInput(
                attrs={
                    "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "data-max-bytes": str(MAX_UPLOAD_BYTES),
                    "data-too-large": TOO_LARGE,
                }
            ),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(TOO_LARGE, code="size")
        problem = xlsx_problem(upload)
        if problem:
            raise ValidationError(problem, code="format")
        return upload


class ExportForm(forms.Form):
    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = kind_field("导出类别")
        self.fields["department"] = department_field(user)
        self.fields["date_from"] = date_field("决定日期自", required=False, help_text="留空为不限。")
        self.fields["date_to"] = date_field("决定日期至", required=False, help_text="留空为不限。")
        self.fields["published_only"] = forms.BooleanField(
            label="仅已公示",
            required=False,
            initial=True,
            help_text="只导出当前正在公示的决定（不含已撤下、已停止公示和公示期满的）。"
            "取消勾选则导出所选范围内的全部执法决定，包括草稿和审核中的。",
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data


def form_messages(form: forms.Form) -> list[str]:
    """The form's errors as sentences, each naming its field (for the fetch() path)."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label}：{e}" if label else str(e) for e in errors)
    return lines


# --- Responses --------------------------------------------------------------------------------


def wants_json(request: HttpRequest) -> bool:
    """The page's script posts with ``Accept: application/json``; a plain form post never does."""
    return "application/json" in request.headers.get("Accept", "")


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    if wants_json(request):
        return _json({"errors": [message]}, status=403)
    return forbidden(request, message)


def gone(request: HttpRequest, message: str = UPLOAD_GONE, status: int = 404) -> HttpResponse:
    if wants_json(request):
        return _json({"errors": [message]}, status=status)
    context = {"message": message, "import_url": reverse("enforcement:exchange_import")}
    return TemplateResponse(request, "enforcement/admin/exchange/gone.html", context, status=status)


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a step: the script navigates itself (it cannot read a redirect's target), a form post is redirected."""
    if wants_json(request):
        return _json({"location": url})
    return redirect(url)


class ExchangeScreen(WagtailAdminTemplateMixin, View):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [HOME_BREADCRUMB, {"url": "", "label": f"行政执法公示：{self.page_title}"}]

    def render(self, status: int = 200, **context) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**context), status=status)


class _ImportScreen(ExchangeScreen):
    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return refuse(request, NO_DEPARTMENT if _lacks_department(request.user) else NO_IMPORT_ROLE)
        return super().dispatch(request, *args, **kwargs)


def _lacks_department(user: User) -> bool:
    scope = scope_for(user)
    return scope.has_any_role(EDITOR_ROLES) and not scope.sees_all_departments and scope.department_id is None


# --- 导入双公示数据: the upload and the check -----------------------------------------------------


class ImportView(_ImportScreen):
    """The upload form (GET) and 校验 (POST): store the file, check it, show the report. Imports nothing."""

    template_name = "enforcement/admin/exchange/import.html"
    page_title = "导入双公示数据"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or ImportForm(user=self.request.user),
            job=new_token(),
            max_errors=MAX_ERRORS_SHOWN,
            templates=[
                (label, reverse("enforcement:exchange_template", args=[kind])) for kind, label in EXCHANGE_KINDS
            ],
            export_url=reverse("enforcement:exchange_export") if can_export(self.request.user) else "",
        )
        return context

    def get(self, request, *args, **kwargs):
        purge_stale()
        return self.render()

    def post(self, request, *args, **kwargs):
        user = request.user
        form = ImportForm(request.POST, request.FILES, user=user)
        if not form.is_valid():
            if wants_json(request):
                return _json({"errors": form_messages(form)}, status=400)
            return self.render(status=400, form=form)
        department = form.cleaned_data["department"]
        if not can_edit(user, Decision(department=department)):
            return refuse(request, OTHER_DEPARTMENT_IMPORT)
        purge_stale()
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        token = new_token()
        storage = private_storage()
        name = storage.save(_name(token, "xlsx"), upload)
        job = Job.start(request.POST.get("job"), user, phase="validate")
        try:
            with storage.open(name, "rb") as handle, tempfile.TemporaryFile() as scratch:
                writer = SpoolWriter(scratch, kind)
                report = spreadsheet.validate_file(
                    handle,
                    kind,
                    today=current_date(),
                    progress=_report(job),
                    max_errors=MAX_ERRORS_SHOWN,
                    spool=writer,
                )
                signature = writer.close()
                if report.can_import:
                    scratch.seek(0)
                    _save(_name(token, SPOOL), File(scratch))
        except Exception:
            # openpyxl meets files no one anticipated (broken XML inside a valid zip…); the uploader
            # gets a message, the log gets the traceback.
            logger.exception("enforcement exchange: could not read upload %s", token)
            storage.delete(name)
            if job:
                job.finish(failed=True)
            form.add_error("file", UNREADABLE)
            if wants_json(request):
                return _json({"errors": form_messages(form)}, status=400)
            return self.render(status=400, form=form)
        meta = {
            "user": user.pk,
            "kind": kind,
            "department": department.pk,
            "filename": (upload.name or "")[:200],
            "size": upload.size,
            "uploaded_at": timezone.now().isoformat(),
            "spool_signature": signature,
            **_report_data(report),
        }
        _write_json(_name(token, "json"), meta)
        # Step 2 reads the spool of valid rows; the workbook itself is not needed any more.
        storage.delete(name)
        if job:
            job.finish(done=report.total_rows)
        return go_to(request, reverse("enforcement:exchange_check", args=[token]))


def _error_rows(cells: list[list]) -> list[dict]:
    return [
        {"row": row, "column_letter": letter, "column_label": label, "message": message}
        for row, letter, label, message in cells
    ]


class CheckView(_ImportScreen):
    """校验结果: the totals, every problem (行 / 列 / 字段 / 问题) and the button to import the valid rows."""

    template_name = "enforcement/admin/exchange/check.html"
    page_title = "双公示数据校验结果"
    header_icon = "tasks"

    def get(self, request, token: str):
        upload = load_upload(token, request.user)
        if upload is None:
            return gone(request)
        if upload.result is not None:
            return redirect("enforcement:exchange_result", token)
        meta = upload.meta
        department = upload.department
        return self.render(
            upload=upload,
            meta=meta,
            department=department,
            errors=_error_rows(meta["errors"]),
            warnings=_error_rows(meta["warnings"]),
            errors_truncated=meta["error_count"] > len(meta["errors"]),
            file_level=meta["file_errors"] > 0,
            can_import=upload.can_import,
            job=new_token(),
            import_url=reverse("enforcement:exchange_import"),
        )


class RunView(_ImportScreen):
    """导入有效的N行 (POST only): the valid rows of a checked upload become masked drafts."""

    http_method_names = ["post"]
    page_title = "导入双公示数据"
    template_name = "enforcement/admin/exchange/failed.html"

    def post(self, request, *args, **kwargs):
        token = request.POST.get("upload")
        upload = load_upload(token, request.user)
        if upload is None:
            return gone(request)
        if upload.result is not None:
            return go_to(request, reverse("enforcement:exchange_result", args=[token]))
        if not upload.meta["can_import"]:
            return gone(request, FILE_LEVEL, status=400)
        if not upload.can_import:
            return gone(request)
        department = upload.department
        if department is None:
            return gone(request, "该文件所属的处室已不存在，请重新上传。", status=400)
        lock = f"enforcement-exchange:lock:{token}"
        if not cache.add(lock, request.user.pk, JOB_TIMEOUT):
            return gone(request, "该文件正在导入，请稍候刷新校验结果页面查看。", status=409)
        job = Job.start(request.POST.get("job"), request.user, phase="import", total=upload.meta["total_rows"])
        storage = private_storage()
        try:
            with storage.open(upload.spool_name, "rb") as handle:
                result = exchange.decisions_import(
                    user=request.user,
                    department=department,
                    kind=upload.kind,
                    spool=handle,
                    signature=upload.meta.get("spool_signature", ""),
                    today=current_date(),
                    progress=_report(job),
                )
        except PermissionDenied as error:
            cache.delete(lock)
            if job:
                job.finish(failed=True)
            return refuse(request, str(error) or OTHER_DEPARTMENT_IMPORT)
        except ValidationError as error:
            cache.delete(lock)
            if job:
                job.finish(failed=True)
            if wants_json(request):
                return _json({"errors": error.messages}, status=400)
            return self.render(status=400, upload=upload, messages_list=error.messages)
        except BaseException:
            cache.delete(lock)
            if job:
                job.finish(failed=True)
            raise
        _write_json(
            _name(token, "result.json"),
            {
                "created": result.created,
                "skipped_existing": result.skipped_existing,
                "imported_at": timezone.now().isoformat(),
            },
        )
        # The decisions hold the data now; the spool of the file's rows has done its job.
        _delete(token, SPOOL)
        if job:
            job.finish(done=upload.meta["total_rows"])
        return go_to(request, reverse("enforcement:exchange_result", args=[token]))


def drafts_url(kind: str, department_id: int) -> str:
    list_url = reverse(Decision.snippet_viewset.get_url_name("list"))
    return f"{list_url}?{urlencode({'status': 'draft', 'kind': kind, 'department': department_id})}"


class ResultView(_ImportScreen):
    template_name = "enforcement/admin/exchange/result.html"
    page_title = "双公示数据导入结果"
    header_icon = "success"

    def get(self, request, token: str):
        upload = load_upload(token, request.user)
        if upload is None:
            return gone(request)
        if upload.result is None:
            return redirect("enforcement:exchange_check", token)
        skipped = upload.result["skipped_existing"]
        return self.render(
            upload=upload,
            meta=upload.meta,
            result=upload.result,
            department=upload.department,
            skipped=skipped[:MAX_SKIPPED_SHOWN],
            skipped_hidden=max(0, len(skipped) - MAX_SKIPPED_SHOWN),
            not_imported=upload.meta["invalid_rows"],
            drafts_url=drafts_url(upload.kind, upload.meta["department"]),
            import_url=reverse("enforcement:exchange_import"),
        )


class ProgressView(View):
    """``{done, total?, phase}`` of the user's own job; any other token is a 404."""

    http_method_names = ["get"]

    def get(self, request, token: str):
        if not request.user.is_authenticated:
            raise Http404
        state = job_state(token, request.user)
        if state is None:
            return _json({"errors": ["没有该处理任务。"]}, status=404)
        data = {"done": state["done"], "phase": state["phase"]}
        if state.get("total") is not None:
            data["total"] = state["total"]
        return _json(data)


class BlankTemplateView(View):
    """The empty 双公示 template of one kind, with drop-down lists and the 填写说明 sheet."""

    http_method_names = ["get"]

    def get(self, request, kind: str):
        if not (can_import(request.user) or can_export(request.user)):
            return forbidden(request, NO_IMPORT_ROLE)
        if kind not in KIND_LABELS:
            raise Http404("没有该类别的模板。")
        return xlsx_response(spreadsheet.blank_template(kind), f"双公示模板-{KIND_LABELS[kind]}.xlsx")


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Exports carry identity numbers: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- 导出双公示数据 ----------------------------------------------------------------------------


def export_queryset(*, kind: str, department: Department, date_from, date_to, published_only: bool, today):
    decisions = selectors.public_decisions(today) if published_only else Decision.objects.all()
    decisions = decisions.filter(kind=kind, department=department)
    if date_from:
        decisions = decisions.filter(decision_date__gte=date_from)
    if date_to:
        decisions = decisions.filter(decision_date__lte=date_to)
    return decisions.order_by("decision_date", "decision_number", "pk")


class ExportView(ExchangeScreen):
    """The 双公示 file of one department's decisions of one kind, for upload to 信用中国."""

    template_name = "enforcement/admin/exchange/export.html"
    page_title = "导出双公示数据"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_export(request.user):
            return forbidden(request, "您无权导出执法决定。")
        if visible_department_ids(request.user) == []:
            return forbidden(request, NO_DEPARTMENT)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or ExportForm(user=self.request.user),
            import_url=reverse("enforcement:exchange_import") if can_import(self.request.user) else "",
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        user = request.user
        form = ExportForm(request.POST, user=user)
        if not form.is_valid():
            return self.render(status=400, form=form)
        data = form.cleaned_data
        department = data["department"]
        if not department_in_scope(user, department):
            return forbidden(request, OTHER_DEPARTMENT_EXPORT)
        today = current_date()
        kind = data["kind"]
        decisions = export_queryset(
            kind=kind,
            department=department,
            date_from=data["date_from"],
            date_to=data["date_to"],
            published_only=data["published_only"],
            today=today,
        )
        count = decisions.count()
        if count == 0:
            form.add_error(None, "没有符合条件的执法决定，请调整导出范围。")
            return self.render(status=400, form=form)
        try:
            content = exchange.decisions_export(decisions, kind)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render(status=400, form=form)
        log(
            instance=department,
            action="enforcement.export",
            user=user,
            data={
                "kind": kind,
                "count": count,
                "date_from": f"{data['date_from']:%Y-%m-%d}" if data["date_from"] else None,
                "date_to": f"{data['date_to']:%Y-%m-%d}" if data["date_to"] else None,
                "published_only": data["published_only"],
            },
        )
        return xlsx_response(content, f"双公示-{KIND_LABELS[kind]}-{today:%Y-%m-%d}.xlsx")
