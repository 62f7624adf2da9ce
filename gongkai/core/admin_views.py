"""Pieces shared by the admin screens of several apps."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A real 403 page in the admin's look (Wagtail turns PermissionDenied into a redirect home)."""
    html = render_to_string("core/admin/forbidden.html", {"message": message}, request=request)
    return HttpResponse(html, status=403)
