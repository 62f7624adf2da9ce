"""State changes of 双随机 draws, one function per change: permission → change → audit log.

``draw_announce`` fixes the parameters from the directories (检查对象名录, 执法人员) and publishes
them with their commitment; ``draw_run`` enters the published beacon and draws, once;
``outcome_record`` publishes what the inspection of a drawn target found; ``draw_cancel`` publishes
that a draw was abandoned, with the reason (there are no second draws: docs/enforcement-draw.md).

Every problem comes back as a Chinese ``ValidationError`` (the algorithm's own ``DrawError``
messages included) or a ``PermissionDenied``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.core.text import strip_control_chars
from gongkai.enforcement import draw as algorithm
from gongkai.enforcement.models import EnforcementMatter, EnforcementOfficer
from gongkai.enforcement.models_draw import Draw, InspectionOutcome, InspectionTarget
from gongkai.enforcement.permissions import can_edit, can_withdraw
from gongkai.org.models import Department

ACTIONS = {
    "enforcement.draw_announce": "发布双随机抽查公告",
    "enforcement.draw_run": "双随机抽取",
    "enforcement.draw_cancel": "取消双随机抽查",
    "enforcement.outcome_record": "录入抽查结果",
}

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,49}$")
# Path segments of the public pages that a draw code must not shadow.
RESERVED_CODES = frozenset({"verify"})
MIN_REASON_LENGTH = 4

# Every draw must stay verifiable on the public page, whose work per request is bounded by these
# (the feasibility check costs targets × (conflicts + inspectors), the draw N × k × inspectors:
# about three seconds at the limits). The same limits apply to announcing a draw here.
MAX_TARGETS = 10_000
MAX_INSPECTORS = 1_000
MAX_CONFLICTS = 2_000
MAX_TARGET_COUNT = 1_000
MAX_INSPECTORS_PER_TARGET = 10


def size_problems(parameters: Any) -> list[str]:
    """What makes a `parameters` object (as published) too large to recompute here; [] if nothing."""
    if not isinstance(parameters, Mapping):
        return []  # the algorithm's reader says what is wrong with its shape
    limits = (
        ("targets", MAX_TARGETS, "检查对象名录", "个"),
        ("inspectors", MAX_INSPECTORS, "执法检查人员名录", "人"),
        ("conflicts", MAX_CONFLICTS, "回避关系", "条"),
        ("departments", MAX_INSPECTORS, "执法检查人员所属部门", "条"),
    )
    problems = []
    for key, limit, label, unit in limits:
        value = parameters.get(key)
        if isinstance(value, list) and len(value) > limit:
            problems.append(f"{label}共 {len(value)} {unit}，超过本平台可核验的上限 {limit} {unit}。")
    for key, limit, label in (
        ("target_count", MAX_TARGET_COUNT, "抽取检查对象数量"),
        ("inspectors_per_target", MAX_INSPECTORS_PER_TARGET, "每个检查对象的执法人员人数"),
    ):
        value = parameters.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > limit:
            problems.append(f"{label}为 {value}，超过本平台可核验的上限 {limit}。")
    return problems


def _validation_error(error: algorithm.DrawError, field: str | None = None) -> ValidationError:
    return ValidationError({field: error.messages} if field else error.messages, code="draw")


def _text(value: str | None) -> str:
    return strip_control_chars(value or "").strip()


def _targets(target_ids: Iterable[int]) -> list[InspectionTarget]:
    ids = sorted({int(pk) for pk in target_ids})
    found = {t.pk: t for t in InspectionTarget.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"targets": f"以下检查对象不存在：{'、'.join(missing)}。"}, code="unknown_target")
    inactive = [t.name for t in found.values() if not t.active]
    if inactive:
        raise ValidationError(
            {"targets": f"以下检查对象已移出名录，不能参加抽取：{'、'.join(inactive)}。"}, code="inactive_target"
        )
    targets = [found[pk] for pk in ids]
    by_code: dict[str, list[str]] = {}
    for target in targets:
        by_code.setdefault(target.draw_code, []).append(target.name)
    repeated = [f"{code}（{'、'.join(names)}）" for code, names in by_code.items() if len(names) > 1]
    if repeated:
        raise ValidationError(
            {"targets": f"以下统一社会信用代码在所选检查对象中出现多次，请只保留一个：{'；'.join(repeated)}。"},
            code="duplicate_target",
        )
    return targets


def _inspectors(inspector_ids: Iterable[int]) -> list[EnforcementOfficer]:
    ids = sorted({int(pk) for pk in inspector_ids})
    found = {o.pk: o for o in EnforcementOfficer.objects.select_related("department").filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"inspectors": f"以下执法人员不存在：{'、'.join(missing)}。"}, code="unknown_inspector")
    inactive = [str(o) for o in found.values() if not o.active]
    if inactive:
        raise ValidationError(
            {"inspectors": f"以下执法人员不在岗，不能参加抽取：{'、'.join(inactive)}。"}, code="inactive_inspector"
        )
    return [found[pk] for pk in ids]


@transaction.atomic
def draw_announce(
    *,
    user: AbstractBaseUser,
    department: Department,
    code: str,
    title: str,
    matter: EnforcementMatter | None,
    target_ids: Iterable[int],
    inspector_ids: Iterable[int],
    target_count: int,
    inspectors_per_target: int,
    conflicts: Iterable[tuple[str, str]],
    beacon_source: str,
    min_departments: int = 1,
) -> Draw:
    """Fix a draw's parameters from the directories and publish them with their commitment.

    ``target_ids`` are ``InspectionTarget`` pks, ``inspector_ids`` ``EnforcementOfficer`` pks (both
    active); ``conflicts`` are (执法证号, target code) pairs (《行政处罚法》第四十三条). Everything the
    algorithm would refuse later is refused now, so an announced draw can always be drawn.
    """
    if not can_edit(user, SimpleNamespace(department_id=department.pk)):
        raise PermissionDenied("您无权以该处室名义组织抽查。")
    code, title, beacon_source = _text(code), _text(title), _text(beacon_source)
    if not CODE_RE.match(code) or code.lower() in RESERVED_CODES:
        raise ValidationError({"code": "抽查编号只能由字母、数字和连字符组成（不超过50个字符），如 2026-SJ-003。"})
    for field, value in (("title", title), ("beacon_source", beacon_source)):
        limit = Draw._meta.get_field(field).max_length
        if len(value) > limit:
            label = Draw._meta.get_field(field).verbose_name
            raise ValidationError({field: f"{label}不能超过{limit}个字。"}, code="too_long")
    if Draw.objects.filter(code=code).exists():
        raise ValidationError({"code": f"抽查编号“{code}”已经使用，请换一个。"}, code="duplicate_code")
    if matter is not None and not matter.random_inspection:
        raise ValidationError({"matter": "所选执法事项未列入随机抽查事项清单。"}, code="not_random")
    targets = _targets(target_ids)
    inspectors = _inspectors(inspector_ids)
    try:
        params = algorithm.DrawParameters(
            code=code,
            title=title,
            targets=tuple(t.draw_code for t in targets),
            inspectors=tuple(o.certificate_number for o in inspectors),
            target_count=target_count,
            beacon_source=beacon_source,
            inspectors_per_target=inspectors_per_target,
            conflicts=tuple((inspector.strip(), target.strip()) for inspector, target in conflicts),
            departments=tuple((o.certificate_number, o.department.name) for o in inspectors),
            min_departments=min_departments,
        )
    except algorithm.DrawError as error:
        raise _validation_error(error) from None
    announcement = json.loads(algorithm.announcement_json(params))
    too_large = size_problems(announcement["parameters"])
    if too_large:
        raise ValidationError(too_large, code="too_large")
    draw = Draw.objects.create(
        code=code,
        title=title,
        department=department,
        matter=matter,
        parameters=announcement,
        commitment=announcement["commitment"],
        beacon_source=beacon_source,
        roster={
            "targets": {t.draw_code: {"name": t.name, "category": t.category} for t in targets},
            "inspectors": {o.certificate_number: {"name": o.name, "department": o.department.name} for o in inspectors},
        },
        announced_at=timezone.now(),
        announced_by=user,
    )
    log(
        instance=draw,
        action="enforcement.draw_announce",
        user=user,
        data={"code": code, "commitment": draw.commitment, "targets": len(targets), "inspectors": len(inspectors)},
    )
    return draw


def _lock(draw: Draw) -> Draw:
    return Draw.objects.select_for_update().get(pk=draw.pk)


@transaction.atomic
def draw_run(*, draw: Draw, user: AbstractBaseUser, beacon: str) -> Draw:
    """Enter the published beacon and draw. Only once, only for an announced, not cancelled draw."""
    if not can_edit(user, draw):
        raise PermissionDenied("您无权办理此抽查。")
    draw = _lock(draw)
    if draw.cancelled_at is not None:
        raise ValidationError("该抽查已取消，不能抽取。", code="cancelled")
    if draw.drawn_at is not None:
        raise ValidationError(
            f"该抽查已于{timezone.localtime(draw.drawn_at):%Y-%m-%d %H:%M}抽取。每次抽查只能抽取一次，不能重新抽取。",
            code="already_drawn",
        )
    if not (beacon or "").strip():
        raise ValidationError({"beacon": "请填写随机数来源值。"}, code="required")
    limit = Draw._meta.get_field("beacon").max_length
    if len(beacon) > limit:
        raise ValidationError({"beacon": f"随机数来源值不能超过{limit}个字符。"}, code="too_long")
    try:
        params = draw.draw_parameters().with_beacon(beacon)
        result = algorithm.run_draw(params)
    except algorithm.DrawError as error:
        raise _validation_error(error, "beacon") from None
    if result.commitment != draw.commitment:
        # The stored parameters no longer hash to the published commitment: never draw from them.
        raise ValidationError("抽查参数与公告的承诺值不一致，不能抽取，请联系系统管理员。", code="integrity")
    draw.beacon = beacon
    draw.result = json.loads(algorithm.to_json(params, result))
    draw.drawn_at = timezone.now()
    draw.drawn_by = user
    draw.save(update_fields=["beacon", "result", "drawn_at", "drawn_by"])
    log(
        instance=draw,
        action="enforcement.draw_run",
        user=user,
        data={"beacon": beacon, "seed": result.seed, "selected": list(result.selected)},
    )
    return draw


@transaction.atomic
def draw_cancel(*, draw: Draw, user: AbstractBaseUser, reason: str) -> Draw:
    """Publish that a draw is abandoned, and why. Its announcement and record stay public."""
    if not can_withdraw(user, draw):
        raise PermissionDenied("取消抽查须由办公室审核人员办理。")
    draw = _lock(draw)
    if draw.cancelled_at is not None:
        raise ValidationError("该抽查已取消。", code="cancelled")
    reason = _text(reason)
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": f"请填写取消原因（至少{MIN_REASON_LENGTH}个字），原因将公开。"})
    draw.cancelled_at = timezone.now()
    draw.cancelled_by = user
    draw.cancel_reason = reason
    draw.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    log(instance=draw, action="enforcement.draw_cancel", user=user, data={"reason": reason})
    return draw


@transaction.atomic
def outcome_record(
    *,
    draw: Draw,
    user: AbstractBaseUser,
    target_code: str,
    inspected_on,
    summary: str,
    issues_found: bool,
    follow_up: str = "",
) -> InspectionOutcome:
    """Publish (or correct) the outcome of inspecting one drawn target. The texts are public."""
    from gongkai.enforcement.masking import contains_personal_data

    if not can_edit(user, draw):
        raise PermissionDenied("您无权办理此抽查。")
    draw = _lock(draw)
    if draw.cancelled_at is not None:
        raise ValidationError("该抽查已取消，不能录入抽查结果。", code="cancelled")
    result = draw.draw_result()
    if result is None:
        raise ValidationError("尚未抽取，不能录入抽查结果。", code="not_drawn")
    if target_code not in result.selected:
        raise ValidationError({"target_code": "该检查对象不在本次抽中的检查对象中。"}, code="not_selected")
    if inspected_on > current_date():
        raise ValidationError({"inspected_on": "检查日期不能晚于今天。"}, code="future")
    if inspected_on < timezone.localtime(draw.drawn_at).date():
        raise ValidationError({"inspected_on": "检查日期不能早于抽取日期。"}, code="before_draw")
    summary, follow_up = _text(summary), _text(follow_up)
    if not summary:
        raise ValidationError({"summary": "请填写检查结果。"}, code="required")
    name = draw.target_name(target_code)
    # The texts are published as typed: no personal data of the people met during the inspection.
    for field, label, text in (("summary", "检查结果", summary), ("follow_up", "后续处理", follow_up)):
        if text and contains_personal_data(text, party_name=name):
            raise ValidationError(
                {field: f"“{label}”中含有个人信息（如姓名、身份证号码、电话号码），将被公开，请删除后再保存。"},
                code="personal_data",
            )
    outcome, created = InspectionOutcome.objects.update_or_create(
        draw=draw,
        target_code=target_code,
        defaults={
            "target_name": name,
            "inspected_on": inspected_on,
            "summary": summary,
            "issues_found": bool(issues_found),
            "follow_up": follow_up,
            "recorded_by": user,
        },
    )
    log(
        instance=draw,
        action="enforcement.outcome_record",
        user=user,
        data={"target": target_code, "issues_found": bool(issues_found), "corrected": not created},
    )
    return outcome
