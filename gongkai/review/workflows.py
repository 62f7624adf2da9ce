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
    """
    from django.core.exceptions import PermissionDenied

    from gongkai.review.rules import publication_blockers

    revision = workflow_state.content_object.get_latest_revision()
    blockers = publication_blockers(revision.as_object())
    if blockers:
        raise PermissionDenied("；".join(blockers))
    revision.publish(user=user, skip_permission_checks=True)
