"""Server-rendered QR codes of page addresses ("扫一扫在手机打开当前页面"), as inline SVG.

Inline SVG needs no image request, no JavaScript and no outside service, and it passes a
Content-Security-Policy without 'unsafe-inline' (SVG presentation attributes are not styles).
"""

from functools import lru_cache

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Error correction M (15 %) survives a slightly smudged print-out without growing the code much.
QR_ERROR_LEVEL = "m"
# A two-module quiet zone scans reliably on phone cameras and saves space beside the footer.
QR_BORDER = 2
QR_LABEL = "当前页面地址的二维码"
# Longer addresses make a symbol too dense to scan from a screen (and past ~2,300 bytes none exists).
QR_MAX_URL_LENGTH = 600


@lru_cache(maxsize=2048)
def qr_svg(url: str, *, label: str = QR_LABEL) -> SafeString | None:
    """An accessible inline ``<svg>`` encoding ``url``, sized by CSS through its viewBox.

    None when ``url`` is too long to make a usable code (e.g. a junk address on a 404 page).
    """
    if len(url.encode()) > QR_MAX_URL_LENGTH:
        return None
    svg = segno.make(url, error=QR_ERROR_LEVEL).svg_inline(
        border=QR_BORDER, omitsize=True, svgclass="qr-code", lineclass=None, dark="#000", light="#fff"
    )
    # segno escapes nothing of ours into the markup; the label is ours and is escaped here.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno output plus an escaped attribute
