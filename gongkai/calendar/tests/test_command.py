"""`manage.py workdays`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add():
    assert run("add", "2025-09-26", "20") == ("2025-10-30\n", "")
    assert run("add", "2026-02-13", "7") == ("2026-03-02\n", "")


def test_between():
    assert run("between", "2025-09-26", "2025-10-30") == ("20\n", "")
    assert run("between", "2025-10-30", "2025-09-26") == ("0\n", "")


def test_pauses():
    assert run("add", "2025-09-26", "20", "--pause", "2025-10-09:2025-10-15") == ("2025-11-07\n", "")
    out, _ = run(
        "between", "2025-09-26", "2025-11-07", "--pause", "2025-10-09:2025-10-12", "--pause", "2025-10-13:2025-10-15"
    )
    assert out == "20\n"


def test_is():
    assert run("is", "2020-02-01") == ("2020-02-01 星期六 休息日\n", "")
    assert run("is", "2024-02-09") == ("2024-02-09 星期五 工作日\n", "")
    assert run("is", "2020-01-31") == ("2020-01-31 星期五 休息日（春节放假，国办发明电〔2020〕1号）\n", "")
    assert run("is", "2025-09-28") == ("2025-09-28 星期日 工作日（国庆节上班，国办发明电〔2024〕12号）\n", "")


def test_provisional_answers_warn_on_stderr():
    out, err = run("add", "2026-12-25", "10")
    assert out == "2027-01-08\n"
    assert "尚未录入2027年的节假日安排" in err
    assert "仅供参考" in err
    out, err = run("between", "2026-12-01", "2027-01-04")
    assert out == "24\n"  # 20 to 12-29, 12-30, 12-31, then 2027-01-01 and 01-04 by the weekend rule
    assert "2027" in err
    out, err = run("is", "2027-01-01")
    assert out == "2027-01-01 星期五 工作日\n"
    assert "尚未录入2027年" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025-02-30", "5"), "日期“2025-02-30”无效"),
        (("add", "20250926", "5"), "YYYY-MM-DD"),
        (("add", "2025-09-26", "-3"), "非负整数"),
        (("add", "2025-09-26", "五"), "非负整数"),
        (("add", "2025-09-26", "5000"), "3650"),
        (("between", "2025-09-26", "明天"), "日期“明天”无效"),
        (("add", "2025-09-26", "5", "--pause", "2025-10-09"), "暂停区间"),
        (("add", "2025-09-26", "5", "--pause", "2025-10-15:2025-10-09"), "早于开始日期"),
        (("is", "2025-13-01"), "无效"),
    ],
)
def test_bad_input_is_a_command_error_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
