"""XLSX of every comment of a consultation, for staff: hidden ones included, with name and contact.

One row per comment with its group, target, identity type, the group's decision and reason.
Texts that a spreadsheet would take for a formula (=, +, -, @ at the start) are stored as text
with Excel's quote prefix, so that no comment ever runs as a formula in the reader's Excel.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from gongkai.consultations.models import Comment, Consultation

HEADERS = (
    "意见编号",
    "回执编号",
    "意见组",
    "组内意见数",
    "针对内容",
    "意见内容",
    "身份类型",
    "单位名称",
    "姓名或联系人",
    "联系方式",
    "同意公开",
    "提交时间",
    "已屏蔽",
    "屏蔽理由",
    "处理意见",
    "理由",
)
WIDTHS = (10, 14, 8, 10, 16, 60, 10, 24, 14, 20, 8, 18, 8, 20, 10, 40)
FORMULA_START = ("=", "+", "-", "@")


def _cell(sheet, value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # stored as text, never evaluated
        cell.quotePrefix = True
    return cell


def comments_xlsx(consultation: Consultation) -> bytes:
    comments = (
        Comment.objects.filter(consultation=consultation)
        .select_related("group")
        .order_by("group__target_article", "group__target_paragraph", "group_id", "number")
    )
    sizes: dict[int, int] = {}
    for group_id in comments.values_list("group_id", flat=True):
        sizes[group_id] = sizes.get(group_id, 0) + 1
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("意见")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for comment in comments.iterator():
        group = comment.group
        values = (
            comment.number,
            comment.receipt,
            group.pk,
            sizes.get(group.pk, 1),
            comment.target_label,
            comment.text,
            comment.get_identity_type_display(),
            comment.organisation,
            comment.name,
            comment.contact,
            "是" if comment.consent_publish else "否",
            timezone.localtime(comment.received_at).strftime("%Y-%m-%d %H:%M"),
            "是" if comment.hidden else "否",
            comment.hidden_reason,
            group.get_decision_display() if group.decision else "",
            group.reason,
        )
        sheet.append([_cell(sheet, v) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
