"""``{% page_qr %}``: the QR code of the address the reader is on, with its caption."""

from django import template

from gongkai.core.qrcode import qr_svg

register = template.Library()


@register.inclusion_tag("includes/page_qr.html", takes_context=True)
def page_qr(context) -> dict:
    request = context.get("request")
    # The full address including the query string: a QR of page 3 of a list opens page 3.
    return {"svg": qr_svg(request.build_absolute_uri()) if request is not None else None}
