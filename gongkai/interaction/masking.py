"""The public copy of a citizen's question: no name, phone, e-mail, ID number or address.

``gongkai.enforcement.masking`` finds ID numbers, phones, bank numbers, addresses and named persons;
on top of it the writer's own name, phone and e-mail (which the text may repeat in any form) are
replaced, since the writer is not introduced by a role word the general masking knows.
"""

import re

from gongkai.enforcement.masking import contains_personal_data, mask_text

NAME_MASK = "某某"


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _own_values(text: str, message) -> str:
    name = (message.name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, name[0] + NAME_MASK)
    email = (message.email or "").strip()
    if email:
        text = re.sub(re.escape(email), "***", text, flags=re.IGNORECASE)
    phone = _digits(message.phone)
    if len(phone) >= 7:
        # The writer's phone number however it is spaced or hyphenated in the text.
        pattern = r"[\s\-]?".join(re.escape(d) for d in phone)
        text = re.sub(pattern, phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "****" + phone[-4:], text)
    return text


def public_text(text: str, message) -> str:
    return mask_text(_own_values(text or "", message)).text


def personal_data_left(text: str, message) -> bool:
    """True if ``text`` still holds the writer's data or anything the general masking would mask."""
    text = text or ""
    if _own_values(text, message) != text:
        return True
    return contains_personal_data(text)
