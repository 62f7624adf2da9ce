"""Forms of the public message pages: the message, the query (number + 查询码), the rating.

Abuse protection needs no outside service, as on the 依申请公开 form: a honeypot field people never
see, and a signed token with the time the form was rendered (too fast is a script, too old has sat
open on a shared computer). The rate limit per client is the view's.
"""

import time
from collections.abc import Callable

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from gongkai.foi.forms_public import PHONE_RE, ErrorSummaryMixin
from gongkai.interaction.models import Kind, Rating, normalise_query_code

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
TOKEN_SALT = "gongkai.interaction.message-form"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"
PUBLIC, PRIVATE = "public", "private"

Clock = Callable[[], float]


def issue_form_token(*, now: float | None = None) -> str:
    return signing.dumps({"t": int(time.time() if now is None else now)}, salt=TOKEN_SALT, compress=False)


def check_form_token(token: str | None, *, now: float | None = None) -> None:
    """Raise a Chinese ``ValidationError`` unless ``token`` was rendered here 3 seconds to 2 hours ago."""
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


class MessageForm(ErrorSummaryMixin, forms.Form):
    kind = forms.ChoiceField(
        label="留言类型",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择留言类型。", "invalid_choice": "请选择留言类型。"},
    )
    subject = forms.CharField(label="留言主题", max_length=100)
    text = forms.CharField(
        label="留言内容",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请写明事项、时间、地点等情况，便于有关处室答复。请勿填写他人的个人信息。",
    )
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="仅用于工作人员与您联系，不公开。",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        required=False,
        help_text="填写后，答复发布时会发送到此邮箱。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "请填写正确的电子邮箱地址。"},
    )
    publicity = forms.ChoiceField(
        label="是否公开",
        choices=[(PUBLIC, "公开（答复后在网上公开留言和答复，隐去姓名、电话等个人信息）"), (PRIVATE, "不公开")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是否公开。", "invalid_choice": "请选择是否公开。"},
    )
    website = forms.CharField(
        label="请勿填写此项", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, token: str | None = None, clock: Clock = time.time, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.token = token
        self.clock = clock
        required = {
            "subject": "请填写留言主题。",
            "text": "请填写留言内容。",
            "name": "请填写姓名。",
            "phone": "请填写联系电话。",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}最多{field.max_length}个字。"

    @property
    def is_bot(self) -> bool:
        non_field = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return any(e.code in ("honeypot", "bad_token", "too_fast") for e in non_field)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise ValidationError("请填写正确的联系电话（手机号码或带区号的固定电话）。", code="phone")
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise ValidationError("提交未通过校验，请重新提交。", code="honeypot")
        try:
            check_form_token(self.token, now=self.clock())
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def message_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "subject": data["subject"],
            "text": data["text"],
            "name": data["name"],
            "phone": data["phone"],
            "email": data.get("email", ""),
            "wants_public": data["publicity"] == PUBLIC,
        }


class QueryForm(ErrorSummaryMixin, forms.Form):
    number = forms.CharField(
        label="留言编号",
        max_length=20,
        help_text="如 LY2026-00001。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写留言编号。"},
    )
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交留言后页面显示的8位查询码，不区分大小写。",
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写查询码。"},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_number(self) -> str:
        return normalise_number(self.cleaned_data["number"])

    def clean_code(self) -> str:
        return normalise_query_code(self.cleaned_data["code"])


def normalise_number(value: str) -> str:
    return "".join((value or "").split()).upper()[:20]


class RatingForm(ErrorSummaryMixin, forms.Form):
    rating = forms.ChoiceField(
        label="您对答复是否满意",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意度。", "invalid_choice": "请选择满意度。"},
    )
    comment = forms.CharField(
        label="评价意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["comment"].error_messages["max_length"] = "评价意见最多500个字。"
