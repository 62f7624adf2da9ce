import pytest
from django.core.exceptions import ValidationError

from gongkai.core.validators import (
    is_valid_resident_id,
    is_valid_uscc,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)


@pytest.mark.parametrize(
    "code",
    # Codes published on the national enterprise credit register, including letters as check characters.
    ["914403001922038216", "9144030071526726XG", "91330100716105852F", "91110108551385082Q"],
)
def test_published_uscc_codes_are_valid(code):
    assert is_valid_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]


def test_uscc_rejects_wrong_check_character_and_bad_alphabet():
    valid = "11520000MB1503262" + uscc_check_char("11520000MB1503262")
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    assert is_valid_uscc(valid)
    assert not is_valid_uscc(wrong)
    assert not is_valid_uscc(valid[:16] + "I" + valid[17])  # I is not in the alphabet
    assert not is_valid_uscc(valid[:17])
    with pytest.raises(ValidationError, match="统一社会信用代码无效"):
        validate_uscc(wrong)


def test_resident_id_check_digit():
    # GB 11643-1999 Annex A example: 11010519491231002X.
    assert is_valid_resident_id("11010519491231002X")
    assert is_valid_resident_id("11010519491231002x")
    assert not is_valid_resident_id("110105194912310021")
    assert not is_valid_resident_id("1101051949123100")
    with pytest.raises(ValidationError, match="居民身份证号码无效"):
        validate_resident_id("110105194912310021")
