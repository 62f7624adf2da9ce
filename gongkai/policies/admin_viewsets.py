"""Admin screens for 政策问答: reviewers write and publish entries (docs/policies.md)."""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.core.text import strip_control_chars
from gongkai.policies import rules, services
from gongkai.policies.models import PolicyPage, PolicyQuestion
from gongkai.review.permissions import scope_for


class QuestionPermissionPolicy(ModelPermissionPolicy):
    """Reviewers only: 处室审核 for their department's answers, the office and administrators for all."""

    def user_has_permission(self, user, action):
        return rules.may_manage_questions(user)

    def user_has_any_permission(self, user, actions):
        return rules.may_manage_questions(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return rules.may_manage_questions(user, instance.department_id)

    def instances_user_has_permission_for(self, user, action):
        scope = scope_for(user)
        if not rules.may_manage_questions(user):
            return PolicyQuestion.objects.none()
        if scope.sees_all_departments:
            return PolicyQuestion.objects.all()
        return PolicyQuestion.objects.filter(department_id=scope.department_id)


class QuestionAdminForm(WagtailAdminModelForm):
    class Meta:
        model = PolicyQuestion
        fields = ["question", "answer", "policies", "department", "is_published"]
        widgets = {"policies": forms.CheckboxSelectMultiple(), "answer": forms.Textarea({"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policies"].queryset = PolicyPage.objects.order_by("-published_date", "-pk")
        self.fields["is_published"].help_text = "勾选后在政策问答栏目和相关政策文件页面公开。"
        scope = scope_for(self.for_user) if self.for_user is not None else None
        if scope is not None and not scope.sees_all_departments and scope.department_id is not None:
            self.fields["department"].queryset = self.fields["department"].queryset.filter(pk=scope.department_id)
            self.fields["department"].empty_label = None

    def clean_question(self) -> str:
        return strip_control_chars(self.cleaned_data["question"]).strip()

    def clean_answer(self) -> str:
        return strip_control_chars(self.cleaned_data["answer"]).strip()


def _save(view, action: str):
    instance = view.form.save(commit=False)
    services.question_save(question=instance, user=view.request.user, is_published=instance.is_published)
    view.form.save_m2m()
    log(instance=instance, action=action, content_changed=True)
    return instance


class QuestionCreateView(generic.CreateView):
    def save_instance(self):
        return _save(self, "wagtail.create")


class _OwnDepartmentMixin:
    """Edit and delete only entries of departments the reviewer answers for."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not rules.may_manage_questions(self.request.user, instance.department_id):
            raise PermissionDenied
        return instance


class QuestionEditView(_OwnDepartmentMixin, generic.EditView):
    def save_instance(self):
        return _save(self, "wagtail.edit")


class QuestionDeleteView(_OwnDepartmentMixin, generic.DeleteView):
    pass


class PolicyQuestionViewSet(ModelViewSet):
    model = PolicyQuestion
    icon = "help"
    menu_label = "政策问答"
    menu_name = "policy-questions"
    add_to_admin_menu = False
    list_display = ["question", "department", "is_published", "published_at"]
    list_filter = ["is_published", "department"]
    search_fields = ["question", "answer"]
    ordering = ["-published_at", "-pk"]
    copy_view_enabled = False
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView

    @property
    def permission_policy(self):
        return QuestionPermissionPolicy(self.model)

    def get_form_class(self, for_update=False):
        return QuestionAdminForm

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "change").select_related(
            "department"
        )
