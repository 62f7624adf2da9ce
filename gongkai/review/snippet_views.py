"""Admin views for snippets that are published through review (decisions, replies, results...).

Wagtail's snippet editor saves a revision on every post, the page editor only when something
changed. So a reviewer pressing 审核通过 in the editor would become a contributor of the change
under review, and then be refused by the rule that nobody approves their own change. These views
keep the snippets' review the same as the pages': an unchanged approval saves nothing, a refused
action says why in Chinese (the pages' `guard_review_on_edit`), and the workflow action views give
an honest 403 with the reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.snippets.views.snippets import CollectWorkflowActionDataView, EditView, WorkflowActionView

from gongkai.core.admin_views import forbidden
from gongkai.review.middleware import workflow_action_refusal


def _same_text(before: object, after: object) -> bool:
    """Text a browser posts back unchanged can still differ: CRLF line ends, a stripped final newline."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return False
    return before.replace("\r\n", "\n").strip() == after.replace("\r\n", "\n").strip()


def content_changed(form) -> bool:
    """Did the reviewer change anything, beyond how a browser re-sends the same text?"""
    for name in form.changed_data:
        before = form.get_initial_for_field(form.fields[name], name)
        if not _same_text(before, form.cleaned_data.get(name)):
            return True
    return any(formset.has_changed() for formset in getattr(form, "formsets", {}).values())


class ReviewedSnippetEditView(EditView):
    refused_message = "您不能审核此记录。"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.POST.get("action-workflow-action"):
            refusal = workflow_action_refusal(request.user, self.object, request.POST.get("workflow-action-name", ""))
            if refusal:
                messages.error(request, refusal)
                return redirect(self.get_edit_url())
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        if self.action == "workflow-action" and not content_changed(self.form):
            self.has_content_changes = False
            self.new_revision = None
            return self.object
        return super().save_instance()

    def workflow_action_action(self):
        try:
            return super().workflow_action_action()
        except PermissionDenied as error:
            # Changes posted with 审核通过 make the reviewer a contributor: keep the edit, refuse the approval.
            messages.error(self.request, str(error) or self.refused_message)
            return redirect(self.get_edit_url())


class _RefusalMixin:
    def dispatch(self, request, *args, **kwargs):
        refusal = workflow_action_refusal(request.user, self.object, self.action_name)
        if refusal:
            return forbidden(request, refusal)
        return super().dispatch(request, *args, **kwargs)


class ReviewedWorkflowActionView(_RefusalMixin, WorkflowActionView):
    pass


class ReviewedCollectWorkflowActionDataView(_RefusalMixin, CollectWorkflowActionDataView):
    pass


class ReviewedSnippetViewSetMixin:
    """For a SnippetViewSet of a model with WorkflowMixin; subclasses may still set their own edit view."""

    edit_view_class = ReviewedSnippetEditView
    workflow_action_view_class = ReviewedWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedCollectWorkflowActionDataView
