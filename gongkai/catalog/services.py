"""Writes to the catalog: giving a disclosure item its 索引号 and 发布日期 at first publication.

Both values are system-set and immutable once given (docs/catalog.md). A forged or shifted
publication date is a single-veto failure in the State Council website inspection
(国办秘函〔2019〕19号), so nothing here ever rewrites a value that is already stored.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.catalog.models import DisclosureMetadata, allocate_index_number

logger = logging.getLogger("gongkai.catalog")

# Used as the 索引号 prefix while no agency record exists yet (a fresh installation before the
# administrator fills in 机构信息). Eighteen zeros keep the documented shape and are obviously not
# a real 统一社会信用代码, so such numbers are easy to spot.
FALLBACK_AGENCY_CODE = "0" * 18

ASSIGN_ACTION = "gongkai.catalog.assign_identity"


def index_agency_code() -> str:
    """The 统一社会信用代码 that prefixes every 索引号, or the documented fallback."""
    from gongkai.org.models import Agency

    agency = Agency.current()
    if agency and agency.uscc:
        return agency.uscc
    logger.warning("No agency record with a 统一社会信用代码: 索引号 uses the fallback prefix %s", FALLBACK_AGENCY_CODE)
    return FALLBACK_AGENCY_CODE


def publication_local_date(page: DisclosureMetadata) -> datetime.date:
    """The 发布日期 of a page: the Beijing-time date of its first publication."""
    first = getattr(page, "first_published_at", None) or timezone.now()
    return timezone.localdate(first)


def catalog_identity_assign(*, page: DisclosureMetadata) -> bool:
    """Give a published item its 索引号 and 发布日期 if it has none yet; return whether it did.

    Called from Wagtail's ``page_published`` signal. The write is a queryset ``update()``
    guarded by ``index_number IS NULL`` on a locked row, so it creates no revision, cannot
    race a second publication of the same page, and never replaces a value already given.
    The in-memory ``page`` is updated to match.
    """
    model = type(page)
    with transaction.atomic():
        row = (
            model._base_manager.select_for_update()
            .filter(pk=page.pk)
            .values("index_number", "published_date", "first_published_at")
            .first()
        )
        if row is None:
            return False
        if row["index_number"]:
            page.index_number = row["index_number"]
            page.published_date = row["published_date"]
            return False
        if row["first_published_at"] is not None:
            page.first_published_at = row["first_published_at"]
        published_date = row["published_date"] or publication_local_date(page)
        index_number = allocate_index_number(agency_code=index_agency_code(), year=published_date.year)
        model._base_manager.filter(pk=page.pk, index_number__isnull=True).update(
            index_number=index_number, published_date=published_date
        )
        page.index_number = index_number
        page.published_date = published_date
        log(
            instance=page,
            action=ASSIGN_ACTION,
            data={"index_number": index_number, "published_date": published_date.isoformat()},
        )
    return True


def catalog_identity_backfill() -> int:
    """Number every live item that has no 索引号 yet, oldest first publication first; return how many.

    Publishing through Wagtail numbers items by itself. This is for pages made live without a
    publication (imports, a data script that saved ``live=True`` directly); their 发布日期 is
    still the local date of ``first_published_at`` (or today when even that is missing).
    """
    from django.db.models import F

    from gongkai.portal.models import ArticlePage

    pending = (
        ArticlePage.objects.live()
        .filter(index_number__isnull=True, alias_of__isnull=True)
        .order_by(F("first_published_at").asc(nulls_last=True), "pk")
    )
    return sum(catalog_identity_assign(page=page) for page in pending)
