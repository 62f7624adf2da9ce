"""双随机 draws in the platform: announcing from the directories, drawing once, outcomes, cancelling.

The fixtures here (a department's 检查对象名录 and 执法人员) are shared with test_draw_pages.py.
"""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import current_date
from gongkai.core.validators import uscc_check_char
from gongkai.enforcement import draw as algorithm
from gongkai.enforcement import services_draw
from gongkai.enforcement.models import EnforcementMatter, EnforcementOfficer, Kind
from gongkai.enforcement.models_draw import Draw, DrawStatus, InspectionOutcome, InspectionTarget
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

BEACON_SOURCE = "2026-03-02 福彩3D第2026055期开奖号码（三位数字，不含空格，如 073）"


def uscc(n: int) -> str:
    first17 = f"91520100MA{n:07d}"
    return first17 + uscc_check_char(first17)


def wrong_check_char(code: str) -> str:
    return code[:-1] + ("1" if code[-1] == "0" else "0")


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        zfc=DepartmentFactory(name="执法处", code="zfc", sort_order=1),
        jcc=DepartmentFactory(name="监测处", code="jcc", sort_order=2),
        bgs=DepartmentFactory(name="办公室", code="bgs", sort_order=0, is_disclosure_office=True),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        zfc=UserFactory(username="zfc_drafter", role=Role.DRAFTER, department=depts.zfc),
        jcc=UserFactory(username="jcc_drafter", role=Role.DRAFTER, department=depts.jcc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.bgs),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.bgs),
    )


@pytest.fixture
def directory(depts):
    """Eight targets of 执法处 (six with a 统一社会信用代码), one off the directory; officers of two departments."""
    targets = [
        InspectionTarget.objects.create(
            department=depts.zfc,
            name=f"贵州某某{n}号化工有限公司",
            uscc=uscc(n) if n <= 6 else "",
            category="重点排污单位",
        )
        for n in range(1, 9)
    ]
    retired_target = InspectionTarget.objects.create(department=depts.zfc, name="已注销的公司", active=False)
    officers = [
        EnforcementOfficer.objects.create(department=depts.zfc, name=f"执法{n}", certificate_number=f"52000{n:03d}")
        for n in range(1, 5)
    ] + [
        EnforcementOfficer.objects.create(department=depts.jcc, name=f"监测{n}", certificate_number=f"52100{n:03d}")
        for n in range(1, 3)
    ]
    retired_officer = EnforcementOfficer.objects.create(
        department=depts.zfc, name="退休人员", certificate_number="52000999", active=False
    )
    matter = EnforcementMatter.objects.create(
        department=depts.zfc,
        name="对排污单位污染物排放情况的检查",
        kind=Kind.INSPECTION,
        duty="监督检查",
        authority="省级",
        basis="《中华人民共和国环境保护法》第二十四条",
        procedure="现场检查",
        remedy="行政复议或行政诉讼",
        random_inspection=True,
        inspection_method="每季度抽取10%",
        updated_on=datetime.date(2026, 1, 5),
    )
    return SimpleNamespace(
        targets=targets,
        officers=officers,
        retired_target=retired_target,
        retired_officer=retired_officer,
        matter=matter,
    )


def announce(user, depts, directory, **changes) -> Draw:
    arguments = {
        "user": user,
        "department": depts.zfc,
        "code": "2026-SJ-003",
        "title": "2026年第一季度重点排污单位“双随机”抽查",
        "matter": directory.matter,
        "target_ids": [t.pk for t in directory.targets],
        "inspector_ids": [o.pk for o in directory.officers],
        "target_count": 3,
        "inspectors_per_target": 2,
        "conflicts": [("52000001", uscc(1))],
        "beacon_source": BEACON_SOURCE,
        "min_departments": 1,
    }
    arguments.update(changes)
    return services_draw.draw_announce(**arguments)


def expected_parameters(directory, **changes) -> algorithm.DrawParameters:
    """The parameters written out by hand from the fixture, independently of the service."""
    arguments = {
        "code": "2026-SJ-003",
        "title": "2026年第一季度重点排污单位“双随机”抽查",
        "targets": tuple([uscc(n) for n in range(1, 7)] + [f"T{t.pk}" for t in directory.targets[6:]]),
        "inspectors": ("52000001", "52000002", "52000003", "52000004", "52100001", "52100002"),
        "target_count": 3,
        "beacon_source": BEACON_SOURCE,
        "inspectors_per_target": 2,
        "conflicts": (("52000001", uscc(1)),),
        "departments": tuple(
            [(f"52000{n:03d}", "执法处") for n in range(1, 5)] + [(f"52100{n:03d}", "监测处") for n in range(1, 3)]
        ),
        "min_departments": 1,
    }
    arguments.update(changes)
    return algorithm.DrawParameters(**arguments)


# --- Announcing ---------------------------------------------------------------------------------


def test_announcement_publishes_the_commitment_of_the_directories(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    expected = expected_parameters(directory)
    assert draw.commitment == algorithm.commitment(expected)
    assert draw.parameters == json.loads(algorithm.announcement_json(expected))
    assert draw.announcement_document() == algorithm.announcement_json(expected)
    assert draw.status == DrawStatus.ANNOUNCED and draw.beacon == "" and draw.result is None
    assert draw.announced_by == staff.zfc and draw.matter == directory.matter
    # The names shown next to the ids are copied at announcement.
    assert draw.target_name(uscc(2)) == "贵州某某2号化工有限公司"
    assert draw.inspector("52100001") == {"name": "监测1", "department": "监测处"}
    entry = ModelLogEntry.objects.get(action="enforcement.draw_announce")
    assert entry.user == staff.zfc and entry.data["commitment"] == draw.commitment


def test_later_directory_edits_do_not_change_a_published_draw(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    target = directory.targets[1]
    target.name = "更名后的公司"
    target.save()
    draw.refresh_from_db()
    assert draw.target_name(uscc(2)) == "贵州某某2号化工有限公司"


def test_the_directories_must_be_active(staff, depts, directory):
    with pytest.raises(ValidationError, match="已移出名录") as error:
        announce(
            staff.zfc, depts, directory, target_ids=[t.pk for t in directory.targets] + [directory.retired_target.pk]
        )
    assert "targets" in error.value.message_dict
    with pytest.raises(ValidationError, match="不在岗") as error:
        announce(
            staff.zfc,
            depts,
            directory,
            inspector_ids=[o.pk for o in directory.officers] + [directory.retired_officer.pk],
        )
    assert "inspectors" in error.value.message_dict
    with pytest.raises(ValidationError, match="不存在"):
        announce(staff.zfc, depts, directory, inspector_ids=[o.pk for o in directory.officers] + [987654])
    assert not Draw.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_count": 9}, "抽取检查对象数量应在 1 至 8"),
        ({"inspectors_per_target": 1}, "第四十二条"),
        ({"conflicts": [("52999999", uscc(1))]}, "不在执法检查人员名录中"),
        ({"conflicts": [("52000001", "T0")]}, "不在检查对象名录中"),
        ({"beacon_source": ""}, "随机数来源说明不能为空"),
        ({"min_departments": 3}, "不能超过每个检查对象的执法人员人数"),
        ({"target_ids": []}, "检查对象名录不能为空"),
        ({"title": "长" * 201}, "抽查名称不能超过200个字"),
    ],
)
def test_what_the_algorithm_refuses_is_refused_at_announcement_in_chinese(staff, depts, directory, changes, message):
    with pytest.raises(ValidationError) as error:
        announce(staff.zfc, depts, directory, **changes)
    assert any(message in m for m in error.value.messages), error.value.messages
    assert not Draw.objects.exists()


def test_a_target_left_without_enough_inspectors_is_refused_before_the_beacon(staff, depts, directory):
    two = directory.officers[:2]
    with pytest.raises(ValidationError, match="可选执法人员"):
        announce(staff.zfc, depts, directory, inspector_ids=[o.pk for o in two], conflicts=[("52000001", uscc(3))])


@pytest.mark.parametrize("code", ["2026 SJ 003", "", "verify", "-2026", "抽查一"])
def test_codes_are_plain_and_unique(staff, depts, directory, code):
    with pytest.raises(ValidationError, match="抽查编号只能由字母"):
        announce(staff.zfc, depts, directory, code=code)


def test_a_code_is_used_once(staff, depts, directory):
    announce(staff.zfc, depts, directory)
    with pytest.raises(ValidationError, match="已经使用"):
        announce(staff.zfc, depts, directory)


def test_the_matter_must_be_on_the_random_inspection_list(staff, depts, directory):
    directory.matter.random_inspection = False
    directory.matter.save()
    with pytest.raises(ValidationError, match="未列入随机抽查事项清单"):
        announce(staff.zfc, depts, directory)


def test_two_entries_with_one_uscc_cannot_both_enter_a_draw(staff, depts, directory):
    twin = InspectionTarget.objects.create(department=depts.jcc, name="同一家公司", uscc=uscc(1))
    with pytest.raises(ValidationError, match="出现多次"):
        announce(staff.zfc, depts, directory, target_ids=[t.pk for t in directory.targets] + [twin.pk])


def test_directories_beyond_what_the_public_page_can_verify_are_refused(staff, depts, directory, monkeypatch):
    monkeypatch.setattr(services_draw, "MAX_TARGETS", 5)
    with pytest.raises(ValidationError, match="超过本平台可核验的上限 5"):
        announce(staff.zfc, depts, directory)


# --- Permissions --------------------------------------------------------------------------------


def test_each_department_announces_and_draws_only_its_own(staff, depts, directory):
    with pytest.raises(PermissionDenied):
        announce(staff.jcc, depts, directory)
    with pytest.raises(PermissionDenied):
        announce(staff.leader, depts, directory)  # 领导审签 sees everything but edits nothing
    draw = announce(staff.zfc, depts, directory)
    with pytest.raises(PermissionDenied):
        services_draw.draw_run(draw=draw, user=staff.jcc, beacon="735")
    draw.refresh_from_db()
    assert draw.drawn_at is None
    # The disclosure office works across departments.
    draw = services_draw.draw_run(draw=draw, user=staff.office, beacon="735")
    with pytest.raises(PermissionDenied):
        services_draw.outcome_record(
            draw=draw,
            user=staff.jcc,
            target_code=draw.draw_result().selected[0],
            inspected_on=current_date(),
            summary="未发现问题。",
            issues_found=False,
        )


def test_staff_without_a_department_cannot_announce(depts, directory):
    nobody = UserFactory(username="nodept", role=Role.DRAFTER)
    with pytest.raises(PermissionDenied):
        announce(nobody, depts, directory)


# --- Drawing ------------------------------------------------------------------------------------


def test_drawing_with_the_beacon_stores_a_record_that_verifies(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    draw = services_draw.draw_run(draw=draw, user=staff.zfc, beacon="735")
    draw = Draw.objects.get(pk=draw.pk)
    assert draw.status == DrawStatus.DRAWN and draw.beacon == "735" and draw.drawn_by == staff.zfc
    expected = algorithm.run_draw(expected_parameters(directory, beacon="735"))
    assert draw.draw_result() == expected
    assert draw.record_document() == algorithm.to_json(expected_parameters(directory, beacon="735"), expected)
    report = algorithm.verify(draw.record_document(), announced_commitment=draw.commitment, beacon="735")
    assert report.ok and report.commitment_checked_against_announcement and report.beacon_checked_against_source
    for assignment in expected.assignments:
        assert len(set(assignment.inspectors)) == 2
        assert (assignment.target != uscc(1)) or "52000001" not in assignment.inspectors
    entry = ModelLogEntry.objects.get(action="enforcement.draw_run")
    assert entry.data["beacon"] == "735" and entry.data["seed"] == expected.seed


def test_a_draw_is_drawn_once(staff, depts, directory):
    draw = services_draw.draw_run(draw=announce(staff.zfc, depts, directory), user=staff.zfc, beacon="735")
    first = draw.result
    with pytest.raises(ValidationError, match="不能重新抽取"):
        services_draw.draw_run(draw=draw, user=staff.office, beacon="736")
    draw.refresh_from_db()
    assert draw.beacon == "735" and draw.result == first
    assert ModelLogEntry.objects.filter(action="enforcement.draw_run").count() == 1


@pytest.mark.parametrize(
    ("beacon", "message"),
    [("", "请填写随机数来源值"), (" 735", "首尾有空白字符"), ("7" * 201, "不能超过200个字符")],
)
def test_the_beacon_is_taken_exactly(staff, depts, directory, beacon, message):
    draw = announce(staff.zfc, depts, directory)
    with pytest.raises(ValidationError, match=message) as error:
        services_draw.draw_run(draw=draw, user=staff.zfc, beacon=beacon)
    assert "beacon" in error.value.message_dict
    draw.refresh_from_db()
    assert draw.drawn_at is None


def test_parameters_changed_in_the_database_are_never_drawn(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    parameters = dict(draw.parameters)
    parameters["parameters"] = {**parameters["parameters"], "target_count": 4}
    Draw.objects.filter(pk=draw.pk).update(parameters=parameters)
    with pytest.raises(ValidationError, match="与公告的承诺值不一致"):
        services_draw.draw_run(draw=draw, user=staff.zfc, beacon="735")


def test_inspectors_from_two_departments_when_required(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory, min_departments=2, target_count=4, conflicts=[])
    draw = services_draw.draw_run(draw=draw, user=staff.zfc, beacon="73")
    for assignment in draw.draw_result().assignments:
        assert {draw.inspector(i)["department"] for i in assignment.inspectors} == {"执法处", "监测处"}


# --- Outcomes and cancelling --------------------------------------------------------------------


def drawn(staff, depts, directory) -> Draw:
    return services_draw.draw_run(draw=announce(staff.zfc, depts, directory), user=staff.zfc, beacon="735")


def record(draw, user, **changes):
    result = draw.draw_result()
    arguments = {
        "draw": draw,
        "user": user,
        "target_code": result.selected[0] if result else uscc(1),
        "inspected_on": current_date(),
        "summary": "废气处理设施未正常运行。",
        "issues_found": True,
        "follow_up": "责令限期改正。",
    }
    arguments.update(changes)
    return services_draw.outcome_record(**arguments)


def test_outcomes_are_recorded_for_drawn_targets_and_corrected_in_place(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    with pytest.raises(ValidationError, match="尚未抽取"):
        record(draw, staff.zfc)
    draw = services_draw.draw_run(draw=draw, user=staff.zfc, beacon="735")
    first = draw.draw_result().selected[0]
    outcome = record(draw, staff.zfc)
    assert outcome.target_code == first and outcome.target_name == draw.target_name(first)
    assert outcome.issues_found and outcome.recorded_by == staff.zfc
    record(draw, staff.zfc, summary="经复核，设施已恢复运行。", issues_found=False)
    outcome = InspectionOutcome.objects.get(draw=draw)
    assert outcome.summary == "经复核，设施已恢复运行。" and not outcome.issues_found
    entries = ModelLogEntry.objects.filter(action="enforcement.outcome_record").order_by("timestamp")
    assert [e.data["corrected"] for e in entries] == [False, True]


def test_outcomes_are_checked(staff, depts, directory):
    draw = drawn(staff, depts, directory)
    not_selected = next(t.draw_code for t in directory.targets if t.draw_code not in draw.draw_result().selected)
    with pytest.raises(ValidationError, match="不在本次抽中"):
        record(draw, staff.zfc, target_code=not_selected)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(draw, staff.zfc, inspected_on=current_date() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="不能早于抽取日期"):
        record(draw, staff.zfc, inspected_on=timezone.localdate(draw.drawn_at) - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="请填写检查结果"):
        record(draw, staff.zfc, summary="  ")
    with pytest.raises(ValidationError, match="含有个人信息") as error:
        record(draw, staff.zfc, summary="企业负责人张三陪同检查，联系电话13912345678。")
    assert "summary" in error.value.message_dict
    assert not InspectionOutcome.objects.exists()


def test_cancelling_is_the_offices_and_is_public_and_final(staff, depts, directory):
    draw = announce(staff.zfc, depts, directory)
    with pytest.raises(PermissionDenied):
        services_draw.draw_cancel(draw=draw, user=staff.zfc, reason="检查对象名录有误。")
    with pytest.raises(ValidationError, match="请填写取消原因"):
        services_draw.draw_cancel(draw=draw, user=staff.office, reason="有误")
    services_draw.draw_cancel(draw=draw, user=staff.office, reason="检查对象名录遗漏了新投产的企业。")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.CANCELLED and draw.cancelled_by == staff.office
    with pytest.raises(ValidationError, match="已取消"):
        services_draw.draw_run(draw=draw, user=staff.zfc, beacon="735")
    assert ModelLogEntry.objects.filter(action="enforcement.draw_cancel").exists()


def test_no_outcomes_for_a_cancelled_draw(staff, depts, directory):
    draw = drawn(staff, depts, directory)
    services_draw.draw_cancel(draw=draw, user=staff.office, reason="抽取后发现名录中有已注销企业。")
    with pytest.raises(ValidationError, match="已取消"):
        record(draw, staff.zfc)


# --- The directory --------------------------------------------------------------------------------


def test_target_codes_and_uscc_validation(depts):
    target = InspectionTarget(department=depts.zfc, name="某公司", uscc=uscc(7).lower())
    target.full_clean()
    target.save()
    assert target.uscc == uscc(7) and target.draw_code == uscc(7)
    plain = InspectionTarget.objects.create(department=depts.zfc, name="无代码的个体户")
    assert plain.draw_code == f"T{plain.pk}"
    with pytest.raises(ValidationError, match="统一社会信用代码无效"):
        InspectionTarget(department=depts.zfc, name="错码公司", uscc=wrong_check_char(uscc(8))).full_clean()
    with pytest.raises(ValidationError, match="已有该统一社会信用代码"):
        InspectionTarget(department=depts.zfc, name="重复", uscc=uscc(7)).full_clean()
    InspectionTarget(department=depts.jcc, name="另一处室的名录", uscc=uscc(7)).full_clean()


def test_size_problems_reads_published_parameters():
    assert services_draw.size_problems({"targets": ["a"] * 10_001, "inspectors_per_target": 11}) == [
        "检查对象名录共 10001 个，超过本平台可核验的上限 10000 个。",
        "每个检查对象的执法人员人数为 11，超过本平台可核验的上限 10。",
    ]
    assert services_draw.size_problems({"departments": [["a", "b"]] * 1_001}) == [
        "执法检查人员所属部门共 1001 条，超过本平台可核验的上限 1000 条。"
    ]
    assert services_draw.size_problems("not a mapping") == []
    assert services_draw.size_problems({"targets": ["a"], "target_count": True}) == []
