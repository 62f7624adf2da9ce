"""What happens when a review workflow finishes (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this module while it defines its own models, so it imports nothing from
Wagtail or this project at module level.
"""


def publish_workflow_state(workflow_state, user=None) -> None:
    """Publish the approved revision.

    Wagtail's default checks that the last approver holds the ``publish`` page permission.
    Here the approvals themselves are the authority — every step was approved by someone the
    task allowed — so 办公室审核 and 领导审签 need no direct-publish right, and nobody can
    bypass the review by publishing. Severe 错敏词 are checked once more at this last step.
    An item whose ``defer_publication_after_review(revision=, user=)`` returns True stays
    approved but unpublished.
    """
    from django.core.exceptions import PermissionDenied

    from gongkai.review.rules import publication_blockers

    revision = workflow_state.content_object.get_latest_revision()
    content = revision.as_object()
    blockers = publication_blockers(content)
    if blockers:
        raise PermissionDenied("；".join(blockers))
    # Some items are approved now but go public with another one (a 政策解读 waits for its policy:
    # gongkai.policies); they say so themselves and keep the approved revision for later.
    defer = getattr(content, "defer_publication_after_review", None)
    if callable(defer) and defer(revision=revision, user=user):
        return
    revision.publish(user=user, skip_permission_checks=True)
