"""The question form on an event's public page, with abuse protection that needs no outside service.

As the 依申请公开 form (gongkai.foi.forms_public): a honeypot field people never see, and a signed
token with the moment the form was rendered — a submission faster than ``MIN_FILL_SECONDS`` is a
script, one older than ``MAX_FORM_AGE_SECONDS`` has sat open too long. The per-client rate limit
is the view's. The asker's name and contact are optional and never shown publicly.
"""

import time
from collections.abc import Callable

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from gongkai.interviews.services import QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 4 * 60 * 60
TOKEN_SALT = "gongkai.interviews.question-form"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"

Clock = Callable[[], float]


def issue_form_token(*, event_id: int, now: float | None = None) -> str:
    """A signed token for one event's form, carrying the render time; tests pass ``now`` to age it."""
    return signing.dumps({"t": int(time.time() if now is None else now), "e": event_id}, salt=TOKEN_SALT)


def check_form_token(token: str | None, *, event_id: int, now: float | None = None) -> None:
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued, event = float(data["t"]), int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError("表单已失效，请检查所填内容后重新提交。", code="bad_token") from None
    if event != event_id:
        raise ValidationError("表单已失效，请检查所填内容后重新提交。", code="bad_token")
    age = now - issued
    if age < MIN_FILL_SECONDS:
        raise ValidationError("提交过快，请确认所填内容后再次提交。", code="too_fast")
    if age > MAX_FORM_AGE_SECONDS:
        raise ValidationError("页面打开时间过长，请确认所填内容后重新提交。", code="expired")


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="您的问题",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"{QUESTION_MIN_LENGTH}至{QUESTION_MAX_LENGTH}字。问题经工作人员审核后公开，请勿填写个人信息。",
        error_messages={
            "required": "请填写您的问题。",
            "max_length": f"问题最多{QUESTION_MAX_LENGTH}个字。",
        },
    )
    asker_name = forms.CharField(
        label="称呼",
        max_length=50,
        required=False,
        help_text="选填，不公开。",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": "称呼最多50个字。"},
    )
    asker_contact = forms.CharField(
        label="联系方式",
        max_length=100,
        required=False,
        help_text="选填，不公开；仅在需要进一步了解问题时使用。",
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        error_messages={"max_length": "联系方式最多100个字。"},
    )
    # Bots fill every input; people never see this one (hidden by interviews/public.css).
    website = forms.CharField(
        label="请勿填写此项", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, event_id: int, token: str | None = None, clock: Clock = time.time, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.event_id = event_id
        self.token = token
        self.clock = clock

    @property
    def is_bot(self) -> bool:
        non_field = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return any(e.code in ("honeypot", "bad_token", "too_fast") for e in non_field)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < QUESTION_MIN_LENGTH:
            raise ValidationError(f"请填写您的问题（至少{QUESTION_MIN_LENGTH}个字）。", code="short")
        return text

    def clean(self) -> dict:
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise ValidationError("提交未通过校验，请重新提交。", code="honeypot")
        try:
            check_form_token(self.token, event_id=self.event_id, now=self.clock())
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, [m for e in errors for m in e.messages])
            return
        self.add_error(None, error.messages)
