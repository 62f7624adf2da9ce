"""Publishing the annual report: a disclosure item under 信息公开年报, reviewed like any other item.

``annual_report_publish`` (the disclosure office) creates or updates the draft ``ArticlePage``
"{year}年政府信息公开工作年度报告" and submits it to its review workflow:

- the body holds the prose sections (the portal's rich text keeps no tables) and, for sections
  二–四, a link to ``/foi/annual-report/<year>/``, which shows the full tables;
- the whole report is attached as DOCX and XLSX.

When the page is first published, ``annual_report_freeze`` (from the ``page_published`` signal,
``gongkai.foi.report.signal_handlers``) freezes the figures in ``AnnualReport.snapshot`` and sets
``published_at``; the attachments are regenerated from the frozen figures so that files and page
agree. From then on every rendering (page, DOCX, XLSX, next year's carry-over check) uses the
snapshot.
"""

import os

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.catalog.models import GenreCategory, TopicCategory
from gongkai.foi.models import AnnualReport
from gongkai.foi.permissions import can_handle
from gongkai.foi.report import FREEZE_ACTION, REPORT_ACTIONS, SUBMIT_ACTION, layout  # noqa: F401 (REPORT_ACTIONS: used by wagtail_hooks)
from gongkai.foi.report import tables as t
from gongkai.foi.report.docx import render_docx
from gongkai.foi.report.xlsx import render_xlsx
from gongkai.org.models import Department
from gongkai.portal.models import ArticleAttachment, ArticlePage, ColumnPage

COLUMN_TITLE = "信息公开年报"
PAGE_TITLE = "{year}年政府信息公开工作年度报告"
GENRE_NAME = "报告"
KEYWORDS = "政府信息公开 年度报告"


def public_url(year: int) -> str:
    return reverse("foi_public:annual_report", args=[year])


def _file_stem(year: int) -> str:
    return f"annual-report-{year}"


def _column() -> ColumnPage:
    column = ColumnPage.objects.filter(title=COLUMN_TITLE).order_by("path").first()
    if column is None:
        raise ValidationError(f"未找到“{COLUMN_TITLE}”栏目：请先在页面树中建立该栏目（栏目标题须为“{COLUMN_TITLE}”）。")
    return column


def _office() -> Department:
    office = Department.objects.filter(is_disclosure_office=True).order_by("sort_order", "pk").first()
    if office is None:
        raise ValidationError("未设置政府信息公开工作机构：请在“处室（单位）”中勾选承担该职责的处室。")
    return office


def page_body(data: t.ReportData) -> str:
    """The item's rich text: headings, prose paragraphs and links only (what BODY_FEATURES keeps)."""
    return render_to_string(
        "foi/report/page_body.html",
        {"data": data, "sections": layout.sections(data), "table_url": public_url(data.year)},
    )


def _documents(data: t.ReportData, user: AbstractBaseUser | None) -> list:
    Document = get_document_model()
    documents = []
    for suffix, label, render in (("docx", "Word版", render_docx), ("xlsx", "Excel版", render_xlsx)):
        document = Document(title=f"{data.title}（{label}）", uploaded_by_user=user)
        document.file = ContentFile(render(data), name=f"{_file_stem(data.year)}.{suffix}")
        document._set_document_file_metadata()
        document.save()
        documents.append(document)
    return documents


def _existing_page(report: AnnualReport, column: ColumnPage) -> ArticlePage | None:
    if report.page_id:
        page = ArticlePage.objects.filter(pk=report.page_id).first()
        if page is not None:
            return page
    # The link may be lost (the report row re-created); an item with exactly this title is the one.
    return ArticlePage.objects.child_of(column).filter(title=PAGE_TITLE.format(year=report.year)).first()


def _fill(page: ArticlePage, data: t.ReportData, office: Department, documents: list) -> None:
    page.title = page.draft_title = PAGE_TITLE.format(year=data.year)
    page.department = office
    page.genre = GenreCategory.objects.filter(name=GENRE_NAME).first() or page.genre
    # The default taxonomy has no topic of its own for the report; the catalog files it under 其他.
    page.topic = page.topic or TopicCategory.objects.filter(code="other").first()
    page.summary = (
        f"{data.agency_name}{data.year}年政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼等。"
    )
    page.keywords = KEYWORDS
    page.source = office.name
    page.written_date = current_date()
    page.body = page_body(data)
    page.attachments = [
        ArticleAttachment(document=document, title=document.title, sort_order=index)
        for index, document in enumerate(documents)
    ]


def annual_report_publish(*, report: AnnualReport, user: AbstractBaseUser, allow_breaches: bool = False) -> ArticlePage:
    """Create or update the report's draft item and submit it for review; returns the item.

    Refused (ValidationError) while the figures break a consistency rule, unless
    ``allow_breaches`` — then the breaches should be explained in 六、其他需要报告的事项. A review
    already under way is cancelled and started again, so reviewers always approve this version.
    """
    if not can_handle(user):
        raise PermissionDenied("只有政府信息公开工作机构（办公室审核）可以提交年度报告。")
    column = _column()
    office = _office()
    data = t.report_data(report)
    if data.breaches and not allow_breaches:
        raise ValidationError(["年度报告数据的勾稽关系不符，请先核对：", *data.breaches])

    with transaction.atomic():
        page = _existing_page(report, column)
        documents = _documents(data, user)
        if page is None:
            page = ArticlePage(slug=find_available_slug(column, _file_stem(report.year)), owner=user, live=False)
            _fill(page, data, office, documents)
            column.add_child(instance=page)
        else:
            # The editor works on the latest draft, so fields an editor set there (重要信息…) are kept.
            page = page.get_latest_revision_as_object()
            _fill(page, data, office, documents)
        revision = page.save_revision(user=user, log_action=True)

        report.page = page
        report.save(update_fields=["page", "updated_at"])

        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
        log(instance=report, action=SUBMIT_ACTION, user=user, data={"page": page.pk, "revision": revision.pk})
    return page


def _replace_file(document, content: bytes, name: str) -> None:
    old = document.file.name
    storage = document.file.storage
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    if old and old != document.file.name:
        storage.delete(old)


def annual_report_freeze(*, report: AnnualReport, page=None) -> AnnualReport:
    """Freeze the figures at first publication; later publications of the item change nothing."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.published_at is not None:
            return report
        data = t.compute(report.year)
        report.snapshot = t.as_json(data)
        report.published_at = timezone.now()
        report.save(update_fields=["snapshot", "published_at", "updated_at"])
        if page is not None:
            stem = _file_stem(report.year)
            renderers = {".docx": render_docx, ".xlsx": render_xlsx}
            for attachment in page.attachments.select_related("document"):
                document = attachment.document
                base, extension = os.path.splitext(os.path.basename(document.file.name))
                if base.startswith(stem) and extension in renderers:
                    _replace_file(document, renderers[extension](data), f"{stem}{extension}")
        log(
            instance=report,
            action=FREEZE_ACTION,
            data={"page": page.pk if page else None, "breaches": data.breaches},
        )
    return report
