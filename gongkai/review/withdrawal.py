"""Withdrawal notices at the old address of withdrawn content, for the public 404 handler.

``gongkai.portal.views.page_not_found`` asks :func:`withdrawn_response` first: when an
address once held content that the office withdrew with a notice, the reader gets
"本信息已于YYYY-MM-DD撤回，原因：…" with HTTP 410 Gone instead of a bare 404.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.review.models import WithdrawalNotice

MAX_PATH_LENGTH = 500


def normalise_path(path: str) -> str:
    path = (path or "/").split("?", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    return path


def withdrawal_notice_for_path(path: str) -> WithdrawalNotice | None:
    """The latest withdrawal notice shown at ``path``, or None."""
    # A NUL byte cannot be stored in PostgreSQL text: such an address never had a notice.
    if not path or len(path) > MAX_PATH_LENGTH or "\x00" in path:
        return None
    return (
        WithdrawalNotice.objects.shown().filter(url_path=normalise_path(path)).order_by("-withdrawn_at", "-pk").first()
    )


def withdrawn_response(request: HttpRequest) -> HttpResponse | None:
    """A 410 page for a withdrawn address, or None when the address never had a notice."""
    notice = withdrawal_notice_for_path(request.path)
    if notice is None:
        return None
    return render(request, "review/withdrawn.html", {"notice": notice}, status=410)
