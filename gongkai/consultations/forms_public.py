"""The public comment form, with abuse protection that needs no outside service (as 依申请公开's form).

- a honeypot field that people never see;
- a signed token with the moment the form was rendered (faster than ``MIN_FILL_SECONDS`` is a
  script; older than ``MAX_FORM_AGE_SECONDS`` has sat open too long) and a one-time nonce: the
  nonce identifies the submission, so posting the same form twice stores one comment
  (``services.comment_submit``);
- a rate limit per client in the view.
"""

import secrets
import time
from collections.abc import Callable

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from gongkai.consultations.models import IdentityType
from gongkai.consultations.services import MAX_COMMENT_LENGTH
from gongkai.consultations.structure import Structure, parse_target

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
TOKEN_SALT = "gongkai.consultations.comment-form"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"

Clock = Callable[[], float]


def issue_form_token(consultation_id: int, *, now: float | None = None) -> str:
    return signing.dumps(
        {"t": int(time.time() if now is None else now), "c": consultation_id, "n": secrets.token_urlsafe(16)},
        salt=TOKEN_SALT,
        compress=False,
    )


def check_form_token(token: str | None, consultation_id: int, *, now: float | None = None) -> str:
    """The token's nonce, or a Chinese ``ValidationError`` (bad, other consultation, too fast, too old)."""
    now = time.time() if now is None else now
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        issued, nonce = float(payload["t"]), str(payload["n"])
        if int(payload["c"]) != consultation_id:
            raise ValueError
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError("表单已失效，请检查所填内容后重新提交。", code="bad_token") from None
    age = now - issued
    if age < MIN_FILL_SECONDS:
        raise ValidationError("提交过快，请确认所填内容后再次提交。", code="too_fast")
    if age > MAX_FORM_AGE_SECONDS:
        raise ValidationError("页面打开已超过2小时，请确认所填内容后重新提交。", code="expired")
    return nonce


class CommentForm(forms.Form):
    target = forms.ChoiceField(label="意见针对", required=False)
    text = forms.CharField(
        label="意见内容",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。", "max_length": f"意见内容最多{MAX_COMMENT_LENGTH}个字。"},
    )
    identity_type = forms.ChoiceField(
        label="身份类型",
        choices=IdentityType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择身份类型。", "invalid_choice": "请选择身份类型。"},
    )
    organisation = forms.CharField(
        label="单位名称",
        max_length=200,
        required=False,
        help_text="以企业、行业协会、商会、律师协会或其他组织名义提出意见的，请填写单位全称。",
        error_messages={"max_length": "单位名称最多200个字。"},
    )
    name = forms.CharField(
        label="姓名或联系人",
        max_length=50,
        help_text="不公开，仅用于工作人员联系核实。",
        error_messages={"required": "请填写姓名或联系人。", "max_length": "姓名最多50个字。"},
    )
    contact = forms.CharField(
        label="联系方式",
        max_length=100,
        help_text="电话或电子邮箱，不公开。",
        error_messages={"required": "请填写联系方式。", "max_length": "联系方式最多100个字。"},
    )
    consent_publish = forms.BooleanField(label="同意公开本条意见内容（姓名和联系方式不会公开）", required=False)
    website = forms.CharField(
        label="请勿填写此项", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, structure: Structure, consultation_id: int, clock: Clock = time.time, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.consultation_id = consultation_id
        self.clock = clock
        self.nonce = ""
        self.fields["target"].choices = structure.targets()
        self.fields["target"].error_messages["invalid_choice"] = "所选条款不在草案中，请重新选择。"

    @property
    def is_bot(self) -> bool:
        non_field = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return any(e.code in ("honeypot", "bad_token", "too_fast") for e in non_field)

    def clean(self) -> dict:
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise ValidationError("提交未通过校验，请重新提交。", code="honeypot")
        identity = data.get("identity_type")
        if identity and identity != IdentityType.INDIVIDUAL and not (data.get("organisation") or "").strip():
            self.add_error("organisation", ValidationError("请填写单位名称。", code="required"))
        try:
            self.nonce = check_form_token(self.data.get(TOKEN_FIELD), self.consultation_id, now=self.clock())
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def target_pair(self) -> tuple[int | None, int | None]:
        return parse_target(self.cleaned_data.get("target") or "")
