"""The 双公示 record templates: the 行政处罚 and 行政许可 field lists and how each field is validated.

The national 2021+ 双公示 data standard itself was not found (disclosure-rules.md §2.2). The fields,
codes and order below are the de-facto national template as independent provincial and municipal
systems implement it, and the mandatory flags follow those systems; neither is an official text.
Values that only implementations attest are marked [M] where they are defined.

This module is pure: no Django models, no database. ``validate_record`` checks one record given as a
mapping of field code → raw value (a spreadsheet cell, a form field, a JSON value) and returns the
cleaned values and the problems in Chinese; ``gongkai.enforcement.spreadsheet`` reads and writes the
Excel template on top of it.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from gongkai.core.validators import is_valid_resident_id, is_valid_uscc, uscc_check_char


class RecordKind(StrEnum):
    """The two 双公示 record types. The values equal ``enforcement.models.Kind`` so either can be passed."""

    PENALTY = "penalty"
    LICENSE = "license"


class Requirement(StrEnum):
    YES = "yes"
    CONDITIONAL = "conditional"
    OPTIONAL = "optional"

    @property
    def label(self) -> str:
        return {"yes": "必填", "conditional": "条件必填", "optional": "选填"}[self.value]


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    WANYUAN = "wanyuan"  # decimal amount in 万元
    ENUM = "enum"
    MULTI_ENUM = "multi_enum"


# 行政相对人类别 has exactly three values (§2.2, §7 item 5).
PARTY_ORGANISATION = "法人及非法人组织"
PARTY_PERSON = "自然人"
PARTY_INDIVIDUAL_BUSINESS = "个体工商户"
PARTY_CATEGORIES = (PARTY_ORGANISATION, PARTY_PERSON, PARTY_INDIVIDUAL_BUSINESS)

# 处罚类别 after 行政处罚法 (2021) 第九条, in the article's order; 其他 stands for "法律、行政法规规定的其他行政处罚".
# Whether 信用中国 uses exactly this list is [M] (§2.3); text values are sent, never numeric codes.
PENALTY_CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)
# Several 处罚类别 in one cell are joined by a semicolon (§2.3: ";" [M]); the full-width "；" is accepted on import.
MULTI_VALUE_SEPARATORS = re.compile(r"[;；]")
EXPORT_SEPARATOR = ";"

LICENSE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")

# 证件类型 values as the 信用中国 template lists them in implementations [M].
ID_CARD = "身份证"
ID_TYPES = (ID_CARD, "护照号", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")
ID_TYPE_ALIASES = (("居民身份证", ID_CARD), ("护照", "护照号"))

# 当前状态: 1 = 有效, 2 = 无效 [M] (§2.2 table 2, field 25).
LICENSE_STATES = ("1", "2")
LICENSE_STATE_ALIASES = (("有效", "1"), ("无效", "2"))

# decimal(18, 6) as implementations store the 万元 amounts: 12 integer digits, 6 decimals.
WANYUAN_DECIMALS = 6
WANYUAN_INTEGER_DIGITS = 12

# Calendar-day formats accepted in date cells that Excel keeps as text.
# A time part is tolerated because CSV-to-Excel conversions often append " 00:00:00".
_DATE_DASH_SLASH = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DATE_CHINESE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
DATE_FORMAT_MESSAGE = "日期格式应为YYYY-MM-DD或YYYY/MM/DD"

# What a formula cell holds when its formula failed (openpyxl returns them as text in data_only mode).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})

# Excel keeps 15 significant digits; a longer number typed into a number cell has already lost digits.
_EXCEL_EXACT_LIMIT = 10**15


# ---------------------------------------------------------------------------
# Identifier checks (one list of Chinese messages each; empty when fine)
# ---------------------------------------------------------------------------

_USCC_ALPHABET = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def uscc_problems(code: str) -> list[str]:
    """Problems with a 统一社会信用代码 (GB 32100-2015: 18 characters, check character last)."""
    if len(code) != 18:
        return [f"统一社会信用代码应为18位，当前为{len(code)}位"]
    bad = [c for c in code if c not in _USCC_ALPHABET]
    if bad:
        return [f"统一社会信用代码含有不允许的字符“{bad[0]}”（只能是数字和除I、O、Z、S、V以外的大写字母）"]
    if not is_valid_uscc(code):
        return ["统一社会信用代码校验位错误"]
    return []


def resident_id_problems(number: str) -> list[str]:
    """Problems with a 居民身份证号码 (GB 11643-1999: 17 digits, birth date at 7–14, check character last)."""
    if len(number) != 18:
        return [f"身份证号码应为18位，当前为{len(number)}位"]
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        return ["身份证号码前17位应为数字，第18位应为数字或X"]
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return [f"身份证号码中的出生日期{number[6:14]}不存在"]
    if not is_valid_resident_id(number):
        return ["身份证号码校验位错误"]
    return []


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number_as_text(raw: int | float) -> tuple[str | None, list[str]]:
    # Phone, ID and registration numbers typed into a number cell: keep the digits, drop Excel's ".0".
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, ["单元格内容不是有效数字"]
        if raw.is_integer():
            if abs(raw) >= _EXCEL_EXACT_LIMIT:
                return None, ["该单元格是数字格式，超过15位的数字已被Excel截断，请将单元格设置为文本格式后重新填写"]
            return str(int(raw)), []
        return repr(raw), []
    return str(raw), []


def _to_text(raw: object) -> tuple[str | None, list[str]]:
    if isinstance(raw, bool):
        return ("TRUE" if raw else "FALSE"), []
    if isinstance(raw, int | float):
        return _number_as_text(raw)
    if isinstance(raw, datetime.datetime):
        return (raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")), []
    if isinstance(raw, datetime.date):
        return raw.isoformat(), []
    text = str(raw).strip()
    return (text or None), []


def _normalise_code(text: str) -> str:
    # Codes are often typed with full-width characters or spaces in Chinese input methods.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def parse_date(raw: object) -> tuple[datetime.date | None, list[str]]:
    """A date from a date cell or from text "2025-03-04", "2025/3/4", "2025年3月4日"."""
    if isinstance(raw, datetime.datetime):
        return raw.date(), []
    if isinstance(raw, datetime.date):
        return raw, []
    if isinstance(raw, bool | int | float):
        return None, [f"{DATE_FORMAT_MESSAGE}（单元格是数字{raw}，请设置为日期格式）"]
    text = str(raw).strip()
    match = _DATE_DASH_SLASH.fullmatch(text) or _DATE_CHINESE.fullmatch(text)
    if not match:
        return None, [f"{DATE_FORMAT_MESSAGE}（填写的是“{text}”）"]
    year, month, day = (int(g) for g in match.group("y", "m", "d"))
    try:
        return datetime.date(year, month, day), []
    except ValueError:
        return None, [f"日期不存在：{year}年{month}月{day}日"]


def parse_wanyuan(raw: object, name: str) -> tuple[Decimal | None, list[str]]:
    """An amount in 万元 with at most 6 decimals (§2.2: decimal(…,6); §7 item 4)."""
    if isinstance(raw, bool):
        return None, [f"{name}应为数字"]
    if isinstance(raw, float):
        # repr() is the shortest text that gives back the same float: 0.1 stays 0.1, not 0.1000000000000000055….
        value = Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else Decimal("NaN")
    elif isinstance(raw, int | Decimal):
        value = Decimal(raw)
    else:
        text = str(raw).strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, [f"{name}应为数字，单位为万元（填写的是“{text}”）"]
    if not value.is_finite():
        return None, [f"{name}应为数字"]
    if value < 0:
        return None, [f"{name}不能为负数"]
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -WANYUAN_DECIMALS:
        return None, [f"{name}单位为万元，最多{WANYUAN_DECIMALS}位小数"]
    if value >= Decimal(10) ** WANYUAN_INTEGER_DIGITS:
        return None, [f"{name}超出范围：单位为万元，整数部分最多{WANYUAN_INTEGER_DIGITS}位"]
    return _tidy(value), []


def _tidy(value: Decimal) -> Decimal:
    # Drop trailing zeros ("1.5000000" has 7 places to a DecimalField validator) without writing 100 as 1E+2.
    value = value.normalize()
    if value == 0:
        return Decimal(0)
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


@dataclass(frozen=True)
class Field:
    """One column of the template.

    ``condition`` says in Chinese when a conditional field is required; the rule itself is one of the
    template's ``rules``. ``displayed`` is False for identity numbers that are collected for matching
    but must not be shown publicly (§2.2 fields 10–13, §7 item 5).
    """

    code: str
    label: str
    requirement: Requirement
    type: FieldType = FieldType.TEXT
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # accepted input → canonical choice
    condition: str = ""
    description: str = ""
    header_aliases: tuple[str, ...] = ()  # older or shorter headers accepted on import
    code_like: bool = False  # identifiers: full-width to half-width, spaces removed, upper case
    checks: tuple[Callable[[str], list[str]], ...] = ()
    displayed: bool = True

    @property
    def name(self) -> str:
        """The label without its unit, for messages ("罚款金额（万元）" → "罚款金额")."""
        return self.label.removesuffix("（万元）")

    @property
    def format_text(self) -> str:
        """How the value is written, for the notes sheet and the docs."""
        if self.type is FieldType.DATE:
            return "日期，YYYY-MM-DD或YYYY/MM/DD（也可用Excel日期格式或YYYY年M月D日）"
        if self.type is FieldType.WANYUAN:
            return f"数字，单位万元，最多{WANYUAN_DECIMALS}位小数，不能为负数"
        if self.type is FieldType.ENUM:
            return "从可选值中选择一项"
        if self.type is FieldType.MULTI_ENUM:
            return "从可选值中选择一项或多项，多项之间用分号（;或；）分隔"
        if self.checks == (uscc_problems,):
            return "18位统一社会信用代码（校验位须正确）"
        return f"文本，最多{self.max_length}个字符" if self.max_length else "文本"

    def clean(self, raw: object) -> tuple[object | None, list[str]]:
        """The cleaned value (None when blank or invalid) and the problems with this one cell.

        Rules that involve other fields (conditional requirements, date order, identity numbers checked
        according to 证件类型) are the template's ``rules``; see ``validate_record``.
        """
        if self.type is FieldType.MULTI_ENUM and isinstance(raw, list | tuple):
            raw = EXPORT_SEPARATOR.join(str(v) for v in raw)  # already split, as in RowResult.values
        if _is_blank(raw):
            return None, []
        if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
            return None, [f"单元格是Excel错误值{raw.strip()}，请检查公式或改为直接填写"]
        if self.type is FieldType.DATE:
            return parse_date(raw)
        if self.type is FieldType.WANYUAN:
            return parse_wanyuan(raw, self.name)
        text, errors = _to_text(raw)
        if text is None:
            return None, errors
        if self.code_like:
            text = _normalise_code(text)
        if self.type is FieldType.ENUM:
            value = self._choice(text)
            if value is None:
                return None, [self._not_a_choice(text)]
            return value, []
        if self.type is FieldType.MULTI_ENUM:
            return self._choices(text)
        if self.max_length is not None and len(text) > self.max_length:
            return None, [f"{self.label}最多{self.max_length}个字符，当前为{len(text)}个"]
        for check in self.checks:
            problems = check(text)
            if problems:
                return None, problems
        return text, []

    def validate(self, raw: object) -> list[str]:
        """Only the problems with one cell (see ``clean``)."""
        return self.clean(raw)[1]

    def _choice(self, text: str) -> str | None:
        if text in self.choices:
            return text
        return dict(self.aliases).get(text)

    def _not_a_choice(self, text: str) -> str:
        return f"{self.label}“{text}”不在可选值内，可选：{'、'.join(self.choices)}"

    def _choices(self, text: str) -> tuple[list[str] | None, list[str]]:
        values: list[str] = []
        unknown: list[str] = []
        for part in MULTI_VALUE_SEPARATORS.split(text):
            part = part.strip()
            if not part:
                continue
            value = self._choice(part)
            if value is None:
                unknown.append(part)
            elif value not in values:
                values.append(value)
        if unknown:
            return None, [self._not_a_choice("；".join(unknown))]
        if not values:
            return None, [f"{self.label}未填写有效的值"]
        return values, []


# ---------------------------------------------------------------------------
# Cross-field rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str


@dataclass
class _Row:
    values: dict[str, object]
    present: set[str]  # codes whose raw value was not blank, valid or not
    failed: set[str]  # codes that already have a problem
    today: datetime.date

    def ok(self, code: str) -> bool:
        return code not in self.failed and self.values.get(code) is not None

    def get(self, code: str) -> object | None:
        return None if code in self.failed else self.values.get(code)


Rule = Callable[[_Row], Iterable[FieldError]]


def _required_if(code: str, applies: Callable[[_Row], bool], message: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if code not in row.present and applies(row):
            yield FieldError(code, message)

    return rule


def _party_is(code: str, category: str) -> Callable[[_Row], bool]:
    return lambda row: row.get(code) == category


def _resident_id(type_code: str, number_code: str, label: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if row.get(type_code) == ID_CARD and row.ok(number_code):
            for message in resident_id_problems(str(row.values[number_code])):
                yield FieldError(number_code, message.replace("身份证号码", label, 1))

    return rule


def _paired(type_code: str, number_code: str, type_label: str, number_label: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if number_code in row.present and type_code not in row.present:
            yield FieldError(type_code, f"填写了{number_label}时，{type_label}必填")
        if type_code in row.present and number_code not in row.present:
            yield FieldError(number_code, f"填写了{type_label}时，{number_label}必填")

    return rule


def _not_before(later: str, earlier: str, message: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if row.ok(later) and row.ok(earlier) and row.values[later] < row.values[earlier]:
            yield FieldError(later, message)

    return rule


def _not_future(code: str, label: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if row.ok(code) and row.values[code] > row.today:
            yield FieldError(code, f"{label}不能晚于今天（{row.today.isoformat()}）")

    return rule


def _includes(code: str, *categories: str) -> Callable[[_Row], bool]:
    def applies(row: _Row) -> bool:
        chosen = row.get(code) or ()
        return any(c in chosen for c in categories)

    return applies


def _positive_if(code: str, applies: Callable[[_Row], bool], message: str) -> Rule:
    def rule(row: _Row) -> Iterable[FieldError]:
        if row.ok(code) and row.values[code] == 0 and applies(row):
            yield FieldError(code, message)

    return rule


# ---------------------------------------------------------------------------
# The two templates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    kind: RecordKind
    title: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    key_code: str  # the decision number; unique within one file

    def field(self, code: str) -> Field:
        for f in self.fields:
            if f.code == code:
                return f
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.fields)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f.label for f in self.fields)


def _uscc_field(code: str, label: str, requirement: Requirement, **kwargs: object) -> Field:
    return Field(code, label, requirement, code_like=True, checks=(uscc_problems,), **kwargs)


def _old_code(code: str, label: str, max_length: int) -> Field:
    return Field(code, label, Requirement.OPTIONAL, max_length=max_length, code_like=True)


def _party_fields(p: str, legal_rep_code: str) -> tuple[Field, ...]:
    """Fields 1–13, the same in both records apart from the prefix (§2.2)."""
    return (
        Field(f"{p}_XDR_MC", "行政相对人名称", Requirement.YES, max_length=200),
        Field(
            f"{p}_XDR_LB",
            "行政相对人类别",
            Requirement.YES,
            FieldType.ENUM,
            choices=PARTY_CATEGORIES,
        ),
        _uscc_field(
            f"{p}_XDR_SHXYM",
            "行政相对人代码_1（统一社会信用代码）",
            Requirement.CONDITIONAL,
            condition="行政相对人类别为法人及非法人组织时必填；个体工商户有统一社会信用代码的应填写",
            header_aliases=("统一社会信用代码",),
        ),
        # Codes 2–6 predate the 统一社会信用代码 and are kept for old records; nothing requires them.
        _old_code(f"{p}_XDR_GSZC", "行政相对人代码_2（工商注册号）", 50),
        _old_code(f"{p}_XDR_ZZJG", "行政相对人代码_3（组织机构代码）", 32),
        _old_code(f"{p}_XDR_SWDJ", "行政相对人代码_4（税务登记号）", 32),
        _old_code(f"{p}_XDR_SYDW", "行政相对人代码_5（事业单位证书号）", 50),
        _old_code(f"{p}_XDR_SHZZ", "行政相对人代码_6（社会组织登记证号）", 50),
        Field(
            legal_rep_code,
            "法定代表人",
            Requirement.CONDITIONAL,
            max_length=50,
            condition="行政相对人类别为法人及非法人组织时必填",
        ),
        Field(
            f"{p}_FR_ZJLX",
            "法定代表人证件类型",
            Requirement.OPTIONAL,
            FieldType.ENUM,
            choices=ID_TYPES,
            aliases=ID_TYPE_ALIASES,
            condition="填写了法定代表人证件号码时必填",
            displayed=False,
        ),
        Field(
            f"{p}_FR_ZJHM",
            "法定代表人证件号码",
            Requirement.OPTIONAL,
            max_length=64,
            code_like=True,
            condition="填写了法定代表人证件类型时必填；证件类型为身份证时校验身份证号码",
            header_aliases=("法定代表人身份证号", f"{p}_FR_SFZH"),
            displayed=False,
        ),
        Field(
            f"{p}_XDR_ZJLX",
            "证件类型",
            Requirement.CONDITIONAL,
            FieldType.ENUM,
            choices=ID_TYPES,
            aliases=ID_TYPE_ALIASES,
            condition="行政相对人类别为自然人时必填",
        ),
        Field(
            f"{p}_XDR_ZJHM",
            "证件号码",
            Requirement.CONDITIONAL,
            max_length=64,
            code_like=True,
            condition="行政相对人类别为自然人时必填；证件类型为身份证时校验身份证号码",
            description="只用于信用信息归集比对，不得公开显示",
            displayed=False,
        ),
    )


def _party_rules(p: str, legal_rep_code: str) -> tuple[Rule, ...]:
    category = f"{p}_XDR_LB"
    return (
        _required_if(
            f"{p}_XDR_SHXYM",
            _party_is(category, PARTY_ORGANISATION),
            "行政相对人类别为法人及非法人组织时，统一社会信用代码必填",
        ),
        _required_if(
            legal_rep_code,
            _party_is(category, PARTY_ORGANISATION),
            "行政相对人类别为法人及非法人组织时，法定代表人必填",
        ),
        _required_if(f"{p}_XDR_ZJLX", _party_is(category, PARTY_PERSON), "行政相对人类别为自然人时，证件类型必填"),
        _required_if(f"{p}_XDR_ZJHM", _party_is(category, PARTY_PERSON), "行政相对人类别为自然人时，证件号码必填"),
        _paired(f"{p}_XDR_ZJLX", f"{p}_XDR_ZJHM", "证件类型", "证件号码"),
        _paired(f"{p}_FR_ZJLX", f"{p}_FR_ZJHM", "法定代表人证件类型", "法定代表人证件号码"),
        _resident_id(f"{p}_XDR_ZJLX", f"{p}_XDR_ZJHM", "身份证号码"),
        _resident_id(f"{p}_FR_ZJLX", f"{p}_FR_ZJHM", "法定代表人身份证号码"),
    )


PENALTY_TEMPLATE = Template(
    kind=RecordKind.PENALTY,
    title="行政处罚",
    fields=(
        *_party_fields("CF", "CF_FRDB"),
        Field("CF_WSH", "行政处罚决定书文号", Requirement.YES, max_length=128, description="同一文件中不得重复"),
        Field("CF_WFXW", "违法行为类型", Requirement.YES, max_length=2000),
        Field("CF_SY", "违法事实", Requirement.YES, max_length=5000),
        Field("CF_YJ", "处罚依据", Requirement.YES, max_length=2000),
        Field("CF_CFLB", "处罚类别", Requirement.YES, FieldType.MULTI_ENUM, choices=PENALTY_CATEGORIES),
        Field("CF_NR", "处罚内容", Requirement.YES, max_length=4000),
        Field(
            "CF_NR_FK",
            "罚款金额（万元）",
            Requirement.CONDITIONAL,
            FieldType.WANYUAN,
            condition="处罚类别包含罚款时必填，且应大于0",
        ),
        Field(
            "CF_NR_WFFF",
            "没收违法所得、没收非法财物的金额（万元）",
            Requirement.CONDITIONAL,
            FieldType.WANYUAN,
            condition="处罚类别包含没收违法所得或没收非法财物时必填",
        ),
        Field(
            "CF_NR_ZKDX",
            "暂扣或吊销证照名称及编号",
            Requirement.CONDITIONAL,
            max_length=200,
            condition="处罚类别包含暂扣许可证件或吊销许可证件时必填",
        ),
        Field("CF_JDRQ", "处罚决定日期", Requirement.YES, FieldType.DATE, description="不能晚于今天"),
        Field(
            "CF_YXQ",
            "处罚有效期",
            Requirement.YES,
            FieldType.DATE,
            description="不得早于处罚决定日期；长期有效的填2099/12/31",
        ),
        Field(
            "CF_GSJZQ",
            "公示截止期",
            Requirement.OPTIONAL,
            FieldType.DATE,
            description="不得早于处罚决定日期；公示期限见信用修复相关规定",
        ),
        Field("CF_CFJG", "处罚机关", Requirement.YES, max_length=200),
        _uscc_field("CF_CFJGDM", "处罚机关统一社会信用代码", Requirement.YES),
        Field("CF_SJLY", "数据来源单位", Requirement.YES, max_length=200),
        _uscc_field("CF_SJLYDM", "数据来源单位统一社会信用代码", Requirement.YES),
        Field("BZ", "备注", Requirement.OPTIONAL, max_length=512),
    ),
    rules=(
        *_party_rules("CF", "CF_FRDB"),
        _not_future("CF_JDRQ", "处罚决定日期"),
        _required_if("CF_NR_FK", _includes("CF_CFLB", "罚款"), "处罚类别包含罚款时，罚款金额（万元）必填"),
        _positive_if("CF_NR_FK", _includes("CF_CFLB", "罚款"), "处罚类别包含罚款时，罚款金额应大于0"),
        _required_if(
            "CF_NR_WFFF",
            _includes("CF_CFLB", "没收违法所得", "没收非法财物"),
            "处罚类别包含没收违法所得或没收非法财物时，没收违法所得、没收非法财物的金额（万元）必填",
        ),
        _required_if(
            "CF_NR_ZKDX",
            _includes("CF_CFLB", "暂扣许可证件", "吊销许可证件"),
            "处罚类别包含暂扣许可证件或吊销许可证件时，暂扣或吊销证照名称及编号必填",
        ),
        _not_before("CF_YXQ", "CF_JDRQ", "处罚有效期不得早于处罚决定日期"),
        _not_before("CF_GSJZQ", "CF_JDRQ", "公示截止期不得早于处罚决定日期"),
    ),
    key_code="CF_WSH",
)

LICENSE_TEMPLATE = Template(
    kind=RecordKind.LICENSE,
    title="行政许可",
    fields=(
        *_party_fields("XK", "XK_FDDB"),
        Field("XK_XKWS", "行政许可决定文书名称", Requirement.YES, max_length=200),
        Field("XK_WSH", "行政许可决定文书号", Requirement.YES, max_length=128, description="同一文件中不得重复"),
        Field("XK_XKLB", "许可类别", Requirement.YES, FieldType.ENUM, choices=LICENSE_CATEGORIES),
        Field("XK_XKZS", "许可证书名称", Requirement.OPTIONAL, max_length=200),
        Field("XK_XKBH", "许可编号", Requirement.OPTIONAL, max_length=64),
        Field("XK_NR", "许可内容", Requirement.YES, max_length=4000),
        Field("XK_JDRQ", "许可决定日期", Requirement.YES, FieldType.DATE, description="不能晚于今天"),
        Field("XK_YXQZ", "有效期自", Requirement.YES, FieldType.DATE),
        Field(
            "XK_YXQZI",
            "有效期至",
            Requirement.YES,
            FieldType.DATE,
            description="不得早于有效期自；长期有效的填2099/12/31",
        ),
        Field("XK_XKJG", "许可机关", Requirement.YES, max_length=200),
        _uscc_field("XK_XKJGDM", "许可机关统一社会信用代码", Requirement.YES),
        Field(
            "XK_ZT",
            "当前状态",
            Requirement.YES,
            FieldType.ENUM,
            choices=LICENSE_STATES,
            aliases=LICENSE_STATE_ALIASES,
            description="1表示有效，2表示无效（填“有效”“无效”也可）",
        ),
        Field("XK_LYDW", "数据来源单位", Requirement.YES, max_length=200),
        _uscc_field("XK_LYDWDM", "数据来源单位统一社会信用代码", Requirement.YES),
        Field("BZ", "备注", Requirement.OPTIONAL, max_length=512),
    ),
    rules=(
        *_party_rules("XK", "XK_FDDB"),
        _not_future("XK_JDRQ", "许可决定日期"),
        _not_before("XK_YXQZI", "XK_YXQZ", "有效期至不得早于有效期自"),
    ),
    key_code="XK_WSH",
)

TEMPLATES = {RecordKind.PENALTY: PENALTY_TEMPLATE, RecordKind.LICENSE: LICENSE_TEMPLATE}


def get_template(kind: RecordKind | str) -> Template:
    """The template for a kind; accepts ``RecordKind`` or its value ("penalty", "license")."""
    return TEMPLATES[RecordKind(kind)]


# ---------------------------------------------------------------------------
# Whole records
# ---------------------------------------------------------------------------


def validate_record(
    raw: Mapping[str, object], kind: RecordKind | str, *, today: datetime.date
) -> tuple[dict[str, object | None], list[FieldError]]:
    """Clean and check one record given as field code → raw value; codes not in ``raw`` count as blank.

    Returns every field code of the template with its cleaned value (None when blank or invalid) and
    the problems in template order. Each field gets at most one problem from the cross-field rules,
    and none when its own value is already wrong, so one mistake is reported once.
    ``today`` bounds the decision date (a decision cannot be published before it is made).
    """
    template = get_template(kind)
    values: dict[str, object | None] = {}
    errors: list[FieldError] = []
    row = _Row(values=values, present=set(), failed=set(), today=today)
    for f in template.fields:
        value = raw.get(f.code)
        if _is_blank(value):
            values[f.code] = None
            if f.requirement is Requirement.YES:
                errors.append(FieldError(f.code, f"{f.label}为必填项，未填写"))
                row.failed.add(f.code)
            continue
        row.present.add(f.code)
        cleaned, problems = f.clean(value)
        values[f.code] = cleaned
        if problems:
            errors.extend(FieldError(f.code, m) for m in problems)
            row.failed.add(f.code)
    for rule in template.rules:
        for error in rule(row):
            if error.code not in row.failed:
                errors.append(error)
                row.failed.add(error.code)
    order = {code: i for i, code in enumerate(template.codes)}
    errors.sort(key=lambda e: order[e.code])
    for code in row.failed:
        values[code] = None
    return values, errors


def make_uscc(first17: str) -> str:
    """A 统一社会信用代码 with its check character appended (for sample data and tests)."""
    return first17 + uscc_check_char(first17)
