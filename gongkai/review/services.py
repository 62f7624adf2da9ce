"""State changes of the review app, one function per change: check permission → change → audit log.

Views and hooks call these; so do tests and any future API or management command, so every
path behaves the same.
"""

from urllib.parse import unquote

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from gongkai.org.roles import Role
from gongkai.review.checker import check_page, unresolved_severe_words
from gongkai.review.models import SensitiveOverride, WithdrawalNotice
from gongkai.review.permissions import page_in_scope, scope_for, specific_page
from gongkai.review.rules import is_contributor

OVERRIDE_ACTION = "review.sensitive_override"
WITHDRAW_ACTION = "review.withdraw"
MIN_REASON_LENGTH = 4


def _clean_reason(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"请填写{what}。", code="required")
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(f"{what}过短，请具体说明（至少{MIN_REASON_LENGTH}个字）。", code="too_short")
    return reason


def can_override(user: AbstractBaseUser, page: Page) -> bool:
    """办公室审核 (and superusers) may let severe words through, but not in their own change."""
    scope = scope_for(user)
    return (
        scope.has_role(Role.OFFICE_REVIEWER)
        and page_in_scope(user, page)
        and not is_contributor(user, specific_page(page))
    )


@transaction.atomic
def sensitive_override_record(*, page: Page, user: AbstractBaseUser, reason: str) -> SensitiveOverride:
    """Record that the disclosure office has read the severe hits of ``page`` and lets them through."""
    page = Page.objects.get(pk=page.pk).specific  # fresh: the latest revision may be newer than the caller's copy
    if not scope_for(user).has_role(Role.OFFICE_REVIEWER) or not page_in_scope(user, page):
        raise PermissionDenied("只有办公室审核人员可以放行严重错敏词。")
    if is_contributor(user, page):
        raise PermissionDenied("本人修改或提交的内容，须由其他办公室审核人员放行。")
    reason = _clean_reason(reason, what="放行理由")
    revision = page.get_latest_revision()
    content = revision.as_object() if revision else page
    words = unresolved_severe_words(content, check_page(content))
    if not words:
        raise ValidationError("当前版本没有需要放行的严重错敏词。", code="nothing_to_override")
    override = SensitiveOverride.objects.create(
        page=page, revision=revision, words=words, reason=reason, user=user, created_at=timezone.now()
    )
    log(
        instance=page,
        action=OVERRIDE_ACTION,
        user=user,
        revision=revision,
        data={"override_id": override.pk, "words": words, "reason": reason},
    )
    return override


def public_path(page: Page) -> str:
    """The address readers used, e.g. ``/news/item-1/`` (no host), decoded as ``request.path`` is."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return page.url_path
    return unquote(url_parts[2])


def can_withdraw(user: AbstractBaseUser, page: Page) -> bool:
    return page.permissions_for_user(user).can_unpublish()


@transaction.atomic
def page_withdraw(*, page: Page, user: AbstractBaseUser, reason: str, show_notice: bool = False) -> WithdrawalNotice:
    """Unpublish (撤回) a page with a recorded reason; optionally leave a notice at its address.

    The reason is required: withdrawing public information is itself a disclosure decision
    that has to be explainable later (《政府信息公开条例》第六条, accuracy of what is public).
    """
    page = Page.objects.get(pk=page.pk).specific
    if not page.live:
        raise ValidationError("该页面未发布，无需撤回。", code="not_live")
    if not can_withdraw(user, page):
        raise PermissionDenied("您无权撤回此信息。")
    reason = _clean_reason(reason, what="撤回原因")
    notice = WithdrawalNotice.objects.create(
        page=page,
        url_path=public_path(page),
        title=page.title,
        reason=reason,
        show_notice=show_notice,
        withdrawn_at=timezone.now(),
        withdrawn_by=user,
    )
    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    log(
        instance=page,
        action=WITHDRAW_ACTION,
        user=user,
        data={"notice_id": notice.pk, "reason": reason, "show_notice": show_notice, "url_path": notice.url_path},
    )
    return notice
