"""The minimum consultation period: 30 days for 规范性文件 and 重大行政决策, a reason when shorter."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.consultations import rules
from gongkai.consultations.tests.factories import ConsultationFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9):
    return datetime.datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_period_is_counted_in_calendar_days_in_beijing_time():
    assert rules.period_days(at(2026, 3, 1), at(2026, 3, 31, 17)) == 30
    # 23:30 UTC on 28 February is 1 March in Beijing.
    utc = datetime.UTC
    assert rules.period_days(datetime.datetime(2026, 2, 28, 23, 30, tzinfo=utc), at(2026, 3, 31)) == 30


@pytest.mark.parametrize("kind", ["major", "normative", "planning"])
def test_thirty_days_by_law(kind):
    minimum = rules.minimum_for(kind, datetime.date(2026, 3, 1))
    assert minimum.days == 30
    assert "第十四条" in minimum.citation or "第六十二条" in minimum.citation


def test_rules_have_dates_of_effect():
    # Before 优化营商环境条例 (2020-01-01) a 规范性文件 falls back to the setting.
    assert rules.minimum_for("normative", datetime.date(2019, 12, 31)).citation == rules.SETTING_CITATION
    assert "第六十二条" in rules.minimum_for("normative", datetime.date(2020, 1, 1)).citation
    assert "第十四条" in rules.minimum_for("major", datetime.date(2019, 9, 1)).citation


def test_setting_raises_the_minimum_but_never_lowers_the_law(settings):
    settings.GONGKAI_CONSULTATIONS_MIN_DAYS = {"major": 10, "other": 15}
    assert rules.minimum_for("major", datetime.date(2026, 1, 1)).days == 30
    assert rules.minimum_for("other", datetime.date(2026, 1, 1)) == rules.Minimum(15, rules.SETTING_CITATION)
    settings.GONGKAI_CONSULTATIONS_MIN_DAYS = {"major": 45}
    assert rules.minimum_for("major", datetime.date(2026, 1, 1)).days == 45


def test_short_period_needs_a_reason():
    check = rules.check_period("major", at(2026, 3, 1), at(2026, 3, 21), reason="")
    assert check.days == 20 and check.short and check.needs_reason
    assert "少于规定的30日" in check.message
    assert not rules.check_period("major", at(2026, 3, 1), at(2026, 3, 21), reason="汛期防汛紧急需要").needs_reason
    assert not rules.check_period("major", at(2026, 3, 1), at(2026, 3, 31), reason="").short


@pytest.mark.django_db
def test_model_validation_refuses_a_short_period_without_reason():
    consultation = ConsultationFactory.build(
        kind="normative", opens_at=at(2026, 3, 1), closes_at=at(2026, 3, 11), short_period_reason=""
    )
    with pytest.raises(ValidationError) as error:
        consultation.clean()
    assert "short_period_reason" in error.value.message_dict
    assert consultation.publication_blockers()
    consultation.short_period_reason = "落实中央生态环境保护督察整改时限要求，情况紧急。"
    consultation.clean()
    assert consultation.publication_blockers() == []


@pytest.mark.django_db
def test_closing_before_opening_is_refused():
    consultation = ConsultationFactory.build(opens_at=at(2026, 3, 1), closes_at=at(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        consultation.clean()
    assert error.value.message_dict["closes_at"] == ["征求意见截止时间须晚于开始时间。"]
