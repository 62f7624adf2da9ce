"""Masking of a published result: the reporter's name and phone wherever they occur, other natural
persons, ID numbers — and the polluter organisation's name and the 12369 number kept.
"""

import pytest

from gongkai.complaints.masking import leaks_personal_data, mask_result_texts
from gongkai.complaints.tests.factories import REPORTER_NAME, REPORTER_PHONE, ComplaintFactory

pytestmark = pytest.mark.django_db


def test_reporter_and_other_persons_are_masked_the_company_and_hotline_kept():
    complaint = ComplaintFactory.build(reporter_name=REPORTER_NAME, reporter_phone=REPORTER_PHONE)
    masked = mask_result_texts(
        complaint,
        findings=(
            f"{REPORTER_NAME}来电（{REPORTER_PHONE[:3]}-{REPORTER_PHONE[3:7]}-{REPORTER_PHONE[7:]}）反映，"
            "贵州某某化工有限公司夜间排放废气。现场检查时，证人张丽华（身份证号码520102199001010018）在场。"
        ),
        measures="责令贵州某某化工有限公司立即改正，可拨打12369监督。",
    )
    text = masked["findings"] + masked["measures"]
    assert REPORTER_NAME not in text and "王某某" in text
    assert REPORTER_PHONE[3:7] not in text
    assert "张丽华" not in text and "199001010018" not in text
    assert "贵州某某化工有限公司" in text and "12369" in text
    assert not leaks_personal_data(masked["findings"], complaint)


def test_leak_check_catches_the_reporter_in_any_form():
    complaint = ComplaintFactory.build(reporter_name=REPORTER_NAME, reporter_phone=REPORTER_PHONE)
    assert leaks_personal_data(f"据{REPORTER_NAME}反映", complaint)
    assert leaks_personal_data(f"联系电话 {REPORTER_PHONE[:3]} {REPORTER_PHONE[3:7]} {REPORTER_PHONE[7:]}", complaint)
    assert not leaks_personal_data("经查，反映情况属实。", complaint)


def test_anonymous_reports_mask_what_the_text_reveals():
    complaint = ComplaintFactory.build(anonymous=True)
    masked = mask_result_texts(complaint, findings="举报人李建国称其家住某某小区3栋。", measures="已责令整改。")
    assert "李建国" not in masked["findings"]
