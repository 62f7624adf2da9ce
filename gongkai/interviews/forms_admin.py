"""Forms of the staff screens: the event editor's department choice, and the small console forms.

The console forms only shape input; ``gongkai.interviews.services`` decides and its Chinese
messages come back onto the fields.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.interviews.permissions import visible_department_ids
from gongkai.org.models import Department


class EventAdminForm(WagtailAdminModelForm):
    """Department staff file events under their own department only; the office and 宣教处 choose any."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None:
            return
        departments = Department.objects.order_by("sort_order", "name")
        ids = visible_department_ids(self.for_user) if self.for_user is not None else None
        if ids is not None:
            departments = departments.filter(pk__in=ids)
            if len(ids) == 1 and not self.instance.pk:
                self.initial.setdefault("department", ids[0])
        field.queryset = departments
        field.error_messages["invalid_choice"] = "只能选择本处室。"

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "预计结束时间须晚于开始时间。")
        if not data.get("webcast") and not (data.get("place") or "").strip():
            self.add_error("place", "请填写地点，或选择网络直播。")
        return data


class EntryForm(forms.Form):
    speaker = forms.CharField(label="发言人", max_length=100, error_messages={"required": "请填写发言人。"})
    text = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": "请填写实录内容。"}
    )
    image = forms.FileField(label="图片（可选，JPG或PNG）", required=False)


class EntryEditForm(forms.Form):
    speaker = forms.CharField(label="发言人", max_length=100, error_messages={"required": "请填写发言人。"})
    text = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "请填写实录内容。"}
    )
    reason = forms.CharField(label="修改说明（可选）", max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", max_length=300, error_messages={"required": "请填写理由。", "max_length": "理由最多300个字。"}
    )


class MediaForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题。"})
    summary = forms.CharField(label="文字摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label="文件（MP3、M4A、MP4、JPG、PNG）", error_messages={"required": "请选择要上传的文件。"})


class AnsweredForm(forms.Form):
    entry = forms.IntegerField(label="实录段落编号（可选）", required=False, min_value=1)
