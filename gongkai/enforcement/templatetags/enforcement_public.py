"""Template helpers of the public decision page, so that it renders from the decision alone.

The Wagtail preview passes only ``object`` (and the request); the detail view passes the same.
Both therefore get their rows from ``views_public.decision_rows``, the single list of what a
decision page may show.
"""

import datetime
from decimal import Decimal

from django import template

from gongkai.enforcement import rules, views_public

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_rows(context, decision) -> list[views_public.Row]:
    # ``agency`` comes from the site_identity context processor, present in previews too.
    return views_public.decision_rows(decision, context.get("agency"))


@register.filter
def wanyuan(amount: Decimal | None) -> str:
    return views_public.format_wanyuan(amount)


@register.simple_tag
def publication_end(decision) -> datetime.date | None:
    """公示截止期 from the record's own fields, as save() stores it (a preview may not be saved yet)."""
    return rules.publication_end(decision)
