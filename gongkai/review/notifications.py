"""E-mail the reviewers who can act when an item reaches their review step."""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from gongkai.review.permissions import specific_page


class ReviewTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Like Wagtail's group-approval notifier, but only to those ``can_review`` lets act."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs) -> bool:
        from gongkai.review.models import ReviewTask

        return isinstance(instance, self.valid_classes) and isinstance(instance.task.specific, ReviewTask)

    def get_recipient_users(self, task_state, **kwargs):
        from gongkai.review.rules import can_review

        task = task_state.task.specific
        page = specific_page(task_state.workflow_state.content_object)
        candidates = get_user_model().objects.filter(is_active=True, groups__name=task.role).distinct()
        return {user for user in candidates if can_review(task, page, user)}


review_task_submission_notifier = ReviewTaskSubmissionEmailNotifier()
