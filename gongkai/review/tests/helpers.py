"""Small steps of the review workflow at model level, as the admin performs them."""

from wagtail.models import TaskState

from gongkai.portal.models import ArticlePage


def reload(page) -> ArticlePage:
    return ArticlePage.objects.get(pk=page.pk)


def submit(page, user):
    """Save a revision as ``user`` and start the page's workflow, as the editor's 提交审核 does
    (the editor works on the latest draft, so the workflow is chosen from the draft's fields)."""
    page = reload(page).get_latest_revision_as_object()
    page.save_revision(user=user)
    workflow = page.get_workflow()
    return workflow.start(page, user)


def current_task(page):
    page = reload(page)
    return page.current_workflow_task_state.specific, page.current_workflow_task


def actions(page, user) -> set[str]:
    _, task = current_task(page)
    return {name for name, _label, _modal in task.get_actions(reload(page), user)}


def act(page, user, action: str, comment: str = "") -> TaskState:
    task_state, task = current_task(page)
    kwargs = {"comment": comment} if comment or action == "reject" else {}
    task.on_action(task_state, user, action, **kwargs)
    return TaskState.objects.get(pk=task_state.pk)
