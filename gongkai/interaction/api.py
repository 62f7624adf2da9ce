"""Read-only JSON of the public Q&A under /api/v1/interaction/ (docs/interaction.md).

Exactly what the public pages show: answered messages whose writer chose 公开, with the reviewed
masked copy of the question and the published reply. Never the writer's name, phone or e-mail.
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from gongkai.api.http import ApiError, api_view, positive_int, reject_unknown
from gongkai.interaction import selectors
from gongkai.interaction.models import Kind, Message
from gongkai.org.models import Department

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_DIGITS = 9
LIST_PARAMETERS = ("kind", "department", "page", "page_size")


def _time(value) -> str:
    return timezone.localtime(value).isoformat()


def message_summary(request: HttpRequest, message: Message) -> dict[str, Any]:
    reply = message.reply
    return {
        "id": message.pk,
        "url": request.build_absolute_uri(reverse("interaction_public:detail", args=[message.pk])),
        "kind": {"code": message.kind, "name": message.get_kind_display()},
        "subject": reply.public_subject,
        "department": {"code": message.department.code, "name": message.department.name},
        "received_at": _time(message.received_at),
        "replied_at": _time(message.replied_at),
    }


def message_detail_data(request: HttpRequest, message: Message) -> dict[str, Any]:
    return {**message_summary(request, message), "question": message.reply.public_question, "reply": message.reply.text}


@api_view
def message_list(request: HttpRequest) -> dict[str, Any]:
    reject_unknown(request, LIST_PARAMETERS)
    queryset = selectors.public_messages()
    kind = request.GET.get("kind", "")
    if kind:
        if kind not in Kind.values:
            raise ApiError(
                "unknown_value",
                f"参数 kind 的取值不存在：{kind}。可用取值：{'、'.join(Kind.values)}。",
                parameter="kind",
            )
        queryset = queryset.filter(kind=kind)
    department = request.GET.get("department", "")
    if department:
        if not Department.objects.filter(code=department).exists():
            raise ApiError("unknown_value", f"处室代码不存在：{department}。", parameter="department")
        queryset = queryset.filter(department__code=department)
    page_size = positive_int(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = positive_int(request, "page", 1, 10**MAX_DIGITS - 1)
    paginator = Paginator(queryset, page_size)
    if number > paginator.num_pages:
        raise ApiError("invalid_parameter", f"参数 page 超出范围：共 {paginator.num_pages} 页。", parameter="page")
    page = paginator.page(number)
    return {
        "total": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "items": [message_summary(request, m) for m in page.object_list],
    }


@api_view
def message_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    reject_unknown(request, ())
    message = selectors.public_messages().filter(pk=pk).first()
    if message is None:
        raise ApiError("not_found", f"编号为 {pk} 的留言不存在或未公开。", status=404)
    return message_detail_data(request, message)
