"""Review steps at model level for the policy tests (the admin does the same through the editor)."""

from wagtail.models import Page

from gongkai.review.tests.helpers import act, actions, current_task, submit

__all__ = ["act", "actions", "current_task", "submit", "approve_all", "fresh"]


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def approve_all(page, drafter, dept_reviewer, office):
    """Submit as ``drafter``, approve at 处室审核 and 办公室审核; returns the last task state."""
    submit(page, drafter)
    act(page, dept_reviewer, "approve")
    return act(page, office, "approve")
