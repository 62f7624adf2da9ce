"""Forms of the review app: the department lock on disclosure items, review comments, withdrawal, override."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from gongkai.review.permissions import scope_for

NO_DEPARTMENT_MESSAGE = "您的账号未关联处室，不能编辑处室发布的信息，请联系系统管理员。"


class DepartmentScopedPageForm(WagtailAdminPageForm):
    """Page form that keeps a department-scoped user's items in their own department.

    信息员 and 处室审核 see only their own department in the 发布机构 list, preselected; a
    posted other department is refused with a Chinese message. The office, leaders and
    administrators choose freely.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None or self.for_user is None:
            return
        scope = scope_for(self.for_user)
        if scope.sees_all_departments:
            return
        if scope.department_id is None:
            field.queryset = field.queryset.none()
            field.error_messages["invalid_choice"] = NO_DEPARTMENT_MESSAGE
            field.error_messages["required"] = NO_DEPARTMENT_MESSAGE
            field.help_text = NO_DEPARTMENT_MESSAGE
            return
        field.queryset = field.queryset.filter(pk=scope.department_id)
        field.empty_label = None
        department = field.queryset.first()
        field.error_messages["invalid_choice"] = f"只能以本处室（{department}）名义发布信息。"
        field.help_text = "发布机构为您所在的处室。"
        if not getattr(self.instance, "department_id", None):
            self.initial["department"] = scope.department_id

    def clean_department(self):
        department = self.cleaned_data.get("department")
        scope = scope_for(self.for_user) if self.for_user is not None else None
        if scope is None or scope.sees_all_departments or department is None:
            return department
        if scope.department_id is None:
            raise forms.ValidationError(NO_DEPARTMENT_MESSAGE)
        if department.pk != scope.department_id:
            raise forms.ValidationError(self.fields["department"].error_messages["invalid_choice"])
        return department


class RejectCommentForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text="请写明需要修改之处，意见将随退回通知发给提交人。",
        error_messages={"required": "退回修改须填写意见。"},
    )


class ApproveCommentForm(forms.Form):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea({"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        widget=forms.Textarea({"rows": 3}),
        max_length=500,
        error_messages={"required": "请填写撤回原因。"},
        help_text="撤回原因将记入操作日志；如选择保留撤回公告，也将向公众显示。",
    )
    show_notice = forms.BooleanField(
        label="在原地址保留撤回公告",
        required=False,
        help_text="访问原地址的读者将看到“本信息已于……撤回，原因：……”，而不是“页面不存在”。",
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="放行理由",
        widget=forms.Textarea({"rows": 3}),
        max_length=1000,
        error_messages={"required": "请填写放行理由。"},
        help_text="请说明为何这些词在本信息中使用是正确的（如引用原文、专有名称）。理由将记入操作日志。",
    )
