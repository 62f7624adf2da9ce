"""Security headers for the public site.

The public pages load nothing from outside and run no inline script or style, so their
Content-Security-Policy can forbid both (no 'unsafe-inline', no 'unsafe-eval'). Wagtail's
admin relies on inline scripts and styles; it gets a smaller policy that still stops plugins,
<base> hijacking and framing by other sites.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for images that rich text or Wagtail renditions may inline; nothing from other hosts.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
ADMIN_POLICY = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _admin_prefix() -> str:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return "/admin/"


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy (HTML responses only) and Permissions-Policy.

    Settings: ``GONGKAI_CSP_PUBLIC`` / ``GONGKAI_CSP_ADMIN`` replace the policies (e.g. to allow
    a media host); an empty string switches that policy off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Content-Security-Policy" in response.headers:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            # Documents (PDF…), feeds and JSON: a page policy would only get in the way of viewers.
            return response
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages style themselves inline.
            return response
        if request.path.startswith(_admin_prefix()):
            policy = getattr(settings, "GONGKAI_CSP_ADMIN", ADMIN_POLICY)
        else:
            policy = getattr(settings, "GONGKAI_CSP_PUBLIC", PUBLIC_POLICY)
        if policy:
            response.headers["Content-Security-Policy"] = policy
        return response
