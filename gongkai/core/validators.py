"""Validators for Chinese identifiers, each following its national standard."""

from django.core.exceptions import ValidationError

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-character alphabet (no I, O, Z, S, V).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character (18th) of a 统一社会信用代码 whose first 17 characters are given."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError("统一社会信用代码无效：应为18位，且校验码须符合 GB 32100-2015。", code="invalid_uscc")


# GB 11643-1999 公民身份号码: 17 digits and a check character (0-9 or X), ISO 7064 MOD 11-2.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def is_valid_resident_id(number: str) -> bool:
    number = (number or "").strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def validate_resident_id(value: str) -> None:
    if not is_valid_resident_id(value):
        raise ValidationError(
            "居民身份证号码无效：应为18位，且校验码须符合 GB 11643-1999。", code="invalid_resident_id"
        )
