"""Masking of a 查处结果 before publication, on top of ``gongkai.enforcement.masking`` (read-only reuse).

The enforcement masker finds ID numbers, phones, bank accounts, private addresses and the names
of natural persons introduced by role words. A complaint adds one person it cannot know from the
text alone: the reporter (《环境保护法》第五十七条: the reporter's details are kept confidential;
《信访工作条例》第三十条: never passed to the person reported). Their name and phone are replaced
wherever they occur, however they are introduced.

The polluter keeps its name when it is an organisation (the result is about it); the agency's own
published numbers (12369, department phones) stay.
"""

import re

from gongkai.enforcement.masking import mask_fields, mask_phone, mask_text
from gongkai.enforcement.services import public_contact_values

HOTLINE = "12369"
ORGANISATION_MARKERS = (
    "公司",
    "厂",
    "集团",
    "合作社",
    "中心",
    "医院",
    "学校",
    "站",
    "矿",
    "场",
    "店",
    "局",
    "院",
    "所",
)


def _polluter_is_organisation(name: str) -> bool:
    return any(marker in name for marker in ORGANISATION_MARKERS)


def _mask_name(name: str) -> str:
    return name[0] + "某" * max(1, len(name) - 1)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def mask_reporter(text: str, complaint) -> str:
    name = (complaint.reporter_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, _mask_name(name))
    phone_digits = _digits(complaint.reporter_phone)
    if len(phone_digits) >= 5:
        # The phone as typed in any grouping: digits with optional separators between them.
        pattern = r"[\s\-]?".join(re.escape(d) for d in phone_digits)
        text = re.sub(pattern, lambda m: mask_phone(m.group(0)), text)
    return text


def _options(complaint) -> dict:
    polluter = (complaint.polluter_name or "").strip()
    keep = [polluter] if polluter and _polluter_is_organisation(polluter) else []
    return {
        "party_name": polluter if keep else "",
        "party_is_person": False,
        "keep_names": keep,
        "keep_values": [*public_contact_values(), HOTLINE],
    }


def mask_result_texts(complaint, *, findings: str, measures: str) -> dict[str, str]:
    """The public copies of the result's texts: the reporter first, then everything else personal."""
    masked = mask_fields(
        {"findings": mask_reporter(findings, complaint), "measures": mask_reporter(measures, complaint)},
        **_options(complaint),
    )
    return {key: result.text for key, result in masked.items()}


def leaks_personal_data(text: str, complaint) -> bool:
    """True if ``text`` still names the reporter, shows their phone, or holds anything the masker masks."""
    name = (complaint.reporter_name or "").strip()
    if len(name) >= 2 and name in text:
        return True
    phone_digits = _digits(complaint.reporter_phone)
    if len(phone_digits) >= 5 and phone_digits in _digits(text):
        return True
    return mask_text(text, **_options(complaint)).changed
