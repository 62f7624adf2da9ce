"""The 查处结果 snippet in the admin: Wagtail's editor with drafts, revisions and the 信息发布审核
workflow, department-scoped like enforcement decisions (谁查处、谁公开).

Only the public copy and the decision number are editable here; the raw findings and measures
are recorded, and masked, on the case page (``services.result_record``). Changing the public copy
in the editor drops the masking check, which a person must give again on the case page.
"""

from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    SnippetViewSet,
)

from gongkai.complaints.models import ComplaintResult
from gongkai.enforcement.views_admin import DepartmentScopedViewSetMixin, scoped
from gongkai.review.snippet_views import (
    ReviewedCollectWorkflowActionDataView,
    ReviewedSnippetEditView,
    ReviewedWorkflowActionView,
)

PUBLIC_FIELDS = ("public_findings", "public_measures")


class ResultAdminForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if any(name in self.changed_data for name in PUBLIC_FIELDS):
            self.instance.masking_reviewed_at = None
            self.instance.masking_reviewed_by = None
        return super().save(commit=commit)


class ResultEditView(ReviewedSnippetEditView):
    refused_message = "您不能审核此查处结果。"

    @cached_property
    def header_more_buttons(self):
        from django.urls import reverse

        case = Button(
            "投诉举报办理页", url=reverse("complaints:case", args=[self.object.complaint_id]), icon_name="warning"
        )
        return [*super().header_more_buttons, case]


class ComplaintResultViewSet(DepartmentScopedViewSetMixin, SnippetViewSet):
    model = ComplaintResult
    icon = "warning"
    menu_label = "查处结果公开"
    menu_name = "complaint-results"
    list_display = ["__str__", "department", "live"]
    copy_view_enabled = False
    edit_view_class = ResultEditView
    workflow_action_view_class = ReviewedWorkflowActionView
    collect_workflow_action_data_view_class = ReviewedCollectWorkflowActionDataView
    edit_handler = ObjectList(
        [
            HelpPanel(
                content="调查核实情况和处理措施的原文在投诉举报办理页记录并自动脱敏；这里修改的是公开文本，修改后须在办理页重新核对。"
            ),
            FieldPanel("public_findings"),
            FieldPanel("public_measures"),
            FieldPanel("penalty_decision_number"),
        ],
        base_form_class=ResultAdminForm,
    )

    def get_queryset(self, request):
        return scoped(ComplaintResult.objects.select_related("department", "complaint"), request.user)
