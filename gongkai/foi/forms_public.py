"""Forms of the citizen-facing 依申请公开 pages: the application (条例第二十九条), the query, the 补正.

The forms only shape and pre-check the input; the rules that decide whether an application can be
stored (ID check digits, which identity document fits which applicant, uploads sniffed by content)
live in ``Application.clean()`` and ``gongkai.foi.services``, and their Chinese messages are put
back on the fields here by ``add_service_errors``.

Abuse protection that needs no outside service: a honeypot field that people never see, and a
signed token with the time the form was rendered. A submission faster than ``MIN_FILL_SECONDS``
is a script; one older than ``MAX_FORM_AGE_SECONDS`` has sat open on a shared computer.
"""

import re
import time
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from gongkai.foi.models import ApplicantType, Delivery, IdType, InformationForm, normalise_query_code
from gongkai.foi.services import APPLICANT_FIELDS

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
TOKEN_SALT = "gongkai.foi.apply-form"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"

NATURAL = "natural"
ORGANISATION = "organisation"
ORGANISATION_KINDS = [(t.value, t.label) for t in ApplicantType if t.is_organisation]

PERSONAL_ID_TYPES = [
    (t.value, t.label)
    for t in (
        IdType.RESIDENT_ID,
        IdType.PASSPORT,
        IdType.HK_MACAO_PERMIT,
        IdType.TAIWAN_PERMIT,
        IdType.FOREIGN_RESIDENCE,
    )
]
ID_TYPE_CHOICES = [
    ("", "请选择"),
    ("自然人", PERSONAL_ID_TYPES),
    ("法人或其他组织", [(IdType.USCC.value, IdType.USCC.label)]),
    ("其他", [(IdType.OTHER.value, IdType.OTHER.label)]),
]

# Landlines with area code and extension, mobiles, +86: digits and the separators people type.
PHONE_RE = re.compile(r"^[0-9+\-()（） 转]{5,30}$")
POSTCODE_RE = re.compile(r"^[0-9]{6}$")

Clock = Callable[[], float]


def issue_form_token(*, now: float | None = None) -> str:
    """A signed token carrying the moment the form was rendered; tests pass ``now`` to age it."""
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


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; cleans to a list (possibly empty)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


def _text(label: str, max_length: int, *, required: bool = True, autocomplete: str = "", **attrs) -> forms.CharField:
    widget_attrs = {"autocomplete": autocomplete} if autocomplete else {}
    widget_attrs.update(attrs)
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=widget_attrs)
    )


class ErrorSummaryMixin:
    """The list behind the error summary at the top of a form: each message links to its field."""

    summary_labels: dict[str, str] = {}

    def error_summary(self) -> list[dict]:
        items = [{"anchor": "", "label": "", "message": m} for m in self.non_field_errors()]
        for bound in self:
            if not bound.errors or bound.is_hidden:
                continue
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"  # the group has no element of its own to focus
            else:
                anchor = bound.id_for_label
            label = self.summary_labels.get(bound.name, bound.label)
            items.extend({"anchor": anchor, "label": label, "message": m} for m in bound.errors)
        return items


class ApplicationForm(ErrorSummaryMixin, forms.Form):
    """The online application of 条例第二十九条. ``application_data()`` feeds ``services.application_submit``."""

    # (一) who applies, proof of identity, contact details
    applicant_category = forms.ChoiceField(
        label="申请人类型",
        choices=[(NATURAL, "自然人"), (ORGANISATION, "法人或其他组织")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请人类型。", "invalid_choice": "请选择申请人类型。"},
    )
    organisation_kind = forms.ChoiceField(
        label="法人或其他组织的类别",
        choices=ORGANISATION_KINDS,
        required=False,
        widget=forms.RadioSelect,
        help_text="申请人为法人或其他组织时选择。",
        error_messages={"invalid_choice": "请选择法人或其他组织的类别。"},
    )
    name = _text("姓名或名称", 100, autocomplete="name")
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=ID_TYPE_CHOICES,
        error_messages={"required": "请选择证件类型。", "invalid_choice": "请选择证件类型。"},
    )
    id_number = _text("证件号码", 40, autocomplete="off", spellcheck="false")
    legal_representative = _text("法定代表人或负责人", 50, required=False)
    contact_person = _text("联系人", 50, required=False)
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        required=False,
        help_text="办理进展的通知会发到此邮箱。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "请填写正确的电子邮箱地址。"},
    )
    address = _text("通信地址", 200, required=False, autocomplete="street-address")
    postcode = forms.CharField(
        label="邮政编码",
        max_length=6,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "minlength": "6"}
        ),
    )
    # (二) what is wanted
    information_title = _text("所需信息的名称", 300, required=False)
    document_number = _text("文号", 100, required=False)
    description = forms.CharField(
        label="所需信息的内容描述",
        max_length=5000,
        help_text="请尽量写明信息的名称、文号、形成时间、制作机关等特征，便于我们准确查找。",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # (三) in which form, and how to receive it
    information_form = forms.ChoiceField(
        label="信息的载体形式",
        choices=InformationForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择信息的载体形式。", "invalid_choice": "请选择信息的载体形式。"},
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择获取信息的方式。", "invalid_choice": "请选择获取信息的方式。"},
    )
    fee_waiver_requested = forms.BooleanField(
        label="申请减免信息处理费",
        required=False,
        help_text="依申请公开一般不收费；申请数量、频次明显超过合理范围的，可能收取信息处理费。",
    )
    identity_files = MultipleFileField(
        label="身份证明",
        help_text="",  # set in __init__: it names the configured limits
        error_messages={"required": "请上传身份证明材料。"},
    )
    consent = forms.BooleanField(
        label="本人承诺以上所填信息及所附材料真实、准确，并愿承担相应责任。",
        error_messages={"required": "请确认所填信息真实后再提交。"},
    )
    # Bots fill every input; people never see this one (hidden by foi/css/public.css).
    website = forms.CharField(
        label="请勿填写此项", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    summary_labels = {"consent": "承诺"}

    def __init__(self, *args, token: str | None = None, clock: Clock = time.time, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.token = token
        self.clock = clock
        max_mb = settings.GONGKAI_FOI_MAX_FILE_BYTES // (1024 * 1024)
        self.fields["identity_files"].help_text = (
            f"自然人请上传身份证件，法人或其他组织请上传营业执照等证明文件的扫描件或照片。"
            f"PDF、JPG、PNG格式，每个不超过{max_mb}MB，最多{settings.GONGKAI_FOI_MAX_FILES}个。"
        )
        self.fields["identity_files"].widget.attrs["multiple"] = True
        required = {
            "name": "请填写姓名或名称。",
            "id_number": "请填写证件号码。",
            "phone": "请填写联系电话。",
            "description": "请描述您需要的政府信息。",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}最多{field.max_length}个字。"

    @property
    def is_bot(self) -> bool:
        """Filled the honeypot or failed the time token: not a person filling the form."""
        non_field = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return any(e.code in ("honeypot", "bad_token", "too_fast") for e in non_field)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise ValidationError("请填写正确的联系电话（手机号码或带区号的固定电话）。", code="phone")
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not POSTCODE_RE.match(postcode):
            raise ValidationError("邮政编码应为6位数字。", code="postcode")
        return postcode

    def clean(self) -> dict:
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise ValidationError("提交未通过校验，请重新提交。", code="honeypot")
        if data.get("applicant_category") == ORGANISATION:
            missing = {
                "organisation_kind": "请选择法人或其他组织的类别。",
                "legal_representative": "请填写法定代表人或负责人。",
                "contact_person": "请填写联系人。",
            }
            for name, message in missing.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(message, code="required"))
        try:
            check_form_token(self.token, now=self.clock())
        except ValidationError as error:
            # Alongside the field errors, so that the person fixes everything in one go.
            self.add_error(None, error)
        return data

    def application_data(self) -> dict:
        """The model fields for ``services.application_submit``: the two-level choice becomes one value."""
        data = self.cleaned_data
        organisation = data["applicant_category"] == ORGANISATION
        values = {name: data.get(name, "") for name in APPLICANT_FIELDS if name in self.fields}
        values["applicant_type"] = data["organisation_kind"] if organisation else ApplicantType.NATURAL_PERSON.value
        if not organisation:
            values["legal_representative"] = ""
            values["contact_person"] = ""
        values["fee_waiver_requested"] = bool(data.get("fee_waiver_requested"))
        return values

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the messages of ``Application.clean()`` / ``services`` on the fields they concern."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = {"applicant_type": "applicant_category"}.get(field, field)
                if target not in self.fields:
                    target = None
                for item in errors:
                    self.add_error(target, item.messages)
            return
        # check_files and other non-field messages concern the uploads or the whole form.
        codes = {getattr(e, "code", None) for e in error.error_list}
        upload_codes = {"empty", "too_large", "bad_type", "extension_mismatch", "too_many"}
        self.add_error("identity_files" if codes & upload_codes else None, error.messages)


class QueryForm(ErrorSummaryMixin, forms.Form):
    number = forms.CharField(
        label="申请编号",
        max_length=20,
        help_text="如 2026-00001。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写申请编号。"},
    )
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请后页面显示的8位查询码，不区分大小写。",
        # Not echoed back on a failed attempt, like a password.
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写查询码。"},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_number(self) -> str:
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean_code(self) -> str:
        return normalise_query_code(self.cleaned_data["code"])


class SupplementForm(ErrorSummaryMixin, forms.Form):
    """The applicant's 补正 (条例第三十条), submitted from the query page."""

    text = forms.CharField(
        label="补正内容",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请针对上面列出的补正事项逐项说明。",
    )
    files = MultipleFileField(label="补正材料", required=False, help_text="")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        max_mb = settings.GONGKAI_FOI_MAX_FILE_BYTES // (1024 * 1024)
        self.fields[
            "files"
        ].help_text = f"可选。PDF、JPG、PNG格式，每个不超过{max_mb}MB，最多{settings.GONGKAI_FOI_MAX_FILES}个。"
        self.fields["files"].widget.attrs["multiple"] = True
        self.fields["text"].error_messages["max_length"] = "补正内容最多5000个字。"

    def add_service_errors(self, error: ValidationError) -> None:
        codes = {getattr(e, "code", None) for e in getattr(error, "error_list", [])}
        upload_codes = {"empty", "too_large", "bad_type", "extension_mismatch", "too_many"}
        self.add_error("files" if codes & upload_codes else None, error.messages)


def mask_id_number(number: str) -> str:
    """First 3 and last 4 characters, the rest starred: enough for the applicant to recognise it."""
    number = number or ""
    if len(number) <= 7:
        return "*" * len(number)
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"
