"""Forms of the citizen-facing 投诉举报 pages: the report and the query.

They shape and pre-check the input; the rules that decide whether a report can be stored (the
county belongs to the prefecture, coordinates inside 贵州省, uploads sniffed by content) are in
``services`` and their Chinese messages are put back on the fields by ``add_service_errors``.
Abuse protection is the disclosure form's: a honeypot and a signed render-time token
(``gongkai.foi.forms_public``), with a salt of our own.
"""

import re
import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from gongkai.complaints import regions
from gongkai.complaints.models import Category
from gongkai.complaints.services import ReportData
from gongkai.foi.forms_public import MAX_FORM_AGE_SECONDS, MIN_FILL_SECONDS, ErrorSummaryMixin, MultipleFileField
from gongkai.foi.models import normalise_query_code

TOKEN_SALT = "gongkai.complaints.report-form"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"
PHONE_RE = re.compile(r"^[0-9+\-()（） 转]{5,30}$")
NUMBER_RE = re.compile(r"^JB\d{4}-\d{5,}$")


def issue_form_token(*, now: float | None = None) -> str:
    return signing.dumps({"t": int(time.time() if now is None else now)}, salt=TOKEN_SALT, compress=False)


def check_form_token(token: str | None, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    try:
        issued = float(signing.loads(token or "", salt=TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError("表单已失效，请检查所填内容后重新提交。", code="bad_token") from None
    age = now - issued
    if age < MIN_FILL_SECONDS:
        raise ValidationError("提交过快，请确认所填内容后再次提交。", code="too_fast")
    if age > MAX_FORM_AGE_SECONDS:
        raise ValidationError("页面打开已超过2小时，为保护您的信息，请确认所填内容后重新提交。", code="expired")


class CoordinateField(forms.CharField):
    """A decimal degree as typed (full-width digits too); empty is allowed."""

    def __init__(self, *, label: str, low: float, high: float, **kwargs) -> None:
        super().__init__(label=label, required=False, max_length=20, **kwargs)
        self.low, self.high = low, high

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        normal = value.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-")).strip()
        try:
            number = Decimal(normal)
        except InvalidOperation:
            raise ValidationError(f"{self.label}应为数字，如 26.647661。", code="invalid") from None
        if not number.is_finite() or not self.low <= number <= self.high:
            raise ValidationError(f"{self.label}应为数字，如 26.647661。", code="invalid")
        return float(number)


class ReportForm(ErrorSummaryMixin, forms.Form):
    category = forms.ChoiceField(
        label="举报类别",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择举报类别。", "invalid_choice": "请选择举报类别。"},
    )
    prefecture_code = forms.ChoiceField(
        label="市（州）",
        error_messages={"required": "请选择市（州）。", "invalid_choice": "请选择贵州省的市（州）。"},
    )
    county_code = forms.ChoiceField(
        label="县（市、区）",
        error_messages={"required": "请选择县（市、区）。", "invalid_choice": "请选择县（市、区）。"},
    )
    address = forms.CharField(
        label="详细地址", max_length=200, help_text="乡镇（街道）、村（社区）、路名或明显的地标。"
    )
    latitude = CoordinateField(label="纬度", low=-90, high=90, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    longitude = CoordinateField(
        label="经度", low=-180, high=180, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    polluter_name = forms.CharField(
        label="被举报单位或个人", max_length=200, required=False, help_text="知道的请填写，如企业名称、工地名称。"
    )
    description = forms.CharField(
        label="举报内容",
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请说明污染或破坏的情况、发生的时间和持续时间，至少10个字。",
    )
    files = MultipleFileField(label="照片或视频", required=False)
    anonymous = forms.BooleanField(
        label="匿名举报",
        required=False,
        help_text="匿名举报不留姓名和电话；提交后显示的查询码是查看办理结果的唯一方式，请务必记下。",
    )
    reporter_name = forms.CharField(
        label="姓名", max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    reporter_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.CharField(
        label="请勿填写此项", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, token: str | None = None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.token = token
        self.fields["prefecture_code"].choices = [("", "请选择"), *regions.prefecture_choices()]
        self.fields["county_code"].choices = [("", "请选择"), *regions.county_choices()]
        photo_mb = settings.GONGKAI_COMPLAINTS_MAX_PHOTO_BYTES // (1024 * 1024)
        video_mb = settings.GONGKAI_COMPLAINTS_MAX_VIDEO_BYTES // (1024 * 1024)
        files = self.fields["files"]
        files.widget.attrs.update({"accept": ".jpg,.jpeg,.png,.heic,.heif,.mp4", "multiple": True})
        files.help_text = (
            f"照片（JPG、PNG、HEIC，每张不超过{photo_mb}MB）或视频（MP4，不超过{video_mb}MB），"
            f"最多{settings.GONGKAI_COMPLAINTS_MAX_FILES}个。照片和视频不会公开，除非工作人员确认其中没有个人信息。"
        )
        box = regions.bounding_box()
        self.fields[
            "latitude"
        ].help_text = f"选填。十进制度数，贵州省范围约为北纬{box.min_latitude}°至{box.max_latitude}°。"
        self.fields["longitude"].help_text = f"选填。贵州省范围约为东经{box.min_longitude}°至{box.max_longitude}°。"
        required = {"address": "请填写详细地址。", "description": "请填写举报内容。"}
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.fields["description"].error_messages["min_length"] = "举报内容至少10个字，请说明具体情况。"
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}最多{field.max_length}个字。"

    @property
    def is_bot(self) -> bool:
        non_field = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return any(e.code in ("honeypot", "bad_token", "too_fast") for e in non_field)

    def clean_reporter_phone(self) -> str:
        phone = self.cleaned_data.get("reporter_phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError("联系电话格式不正确，请填写手机号码或带区号的固定电话。", code="phone")
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise ValidationError("提交未通过校验，请重新提交。", code="honeypot")
        check_form_token(self.token)
        if not data.get("anonymous"):
            if not (data.get("reporter_name") or "").strip():
                self.add_error("reporter_name", "请填写姓名，或选择匿名举报。")
            if not data.get("reporter_phone") and "reporter_phone" not in self.errors:
                self.add_error("reporter_phone", "请填写联系电话，或选择匿名举报。")
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error("latitude", "请同时填写纬度和经度，或都不填。")
        return data

    def report_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            category=data["category"],
            prefecture_code=data["prefecture_code"],
            county_code=data["county_code"],
            address=data["address"],
            description=data["description"],
            polluter_name=data.get("polluter_name", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            anonymous=bool(data.get("anonymous")),
            reporter_name=data.get("reporter_name", ""),
            reporter_phone=data.get("reporter_phone", ""),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class QueryForm(ErrorSummaryMixin, forms.Form):
    number = forms.CharField(label="举报编号", max_length=20, error_messages={"required": "请填写举报编号。"})
    code = forms.CharField(
        label="查询码",
        max_length=30,
        error_messages={"required": "请填写查询码。"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_number(self) -> str:
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean_code(self) -> str:
        return normalise_query_code(self.cleaned_data["code"])
