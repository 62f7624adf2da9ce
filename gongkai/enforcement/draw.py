"""双随机一公开: a verifiable random draw of inspection targets and inspectors.

"双随机、一公开" means: the targets of an inspection are drawn at random from a directory, the
inspectors are assigned at random, and the draw and its results are made public. 国办发〔2018〕118号
lists the 随机抽查事项清单 among the 事前公开 items and asks that enforcement publicity be
coordinated with 双随机一公开 (disclosure-rules.md §1.1).

Two legal rules shape the assignment, both from 《行政处罚法》(2021):

- 第四十二条: 执法人员不得少于两人 — so every target gets at least two inspectors.
- 第四十三条: an inspector with a direct interest in the case, or another relation that may
  affect impartial enforcement, 应当回避 — so declared conflicts are never assigned.

The draw is verifiable by anyone. The office publishes the parameters and their `commitment()`
when it announces the draw, together with the source of a public random value (the *beacon*:
e.g. a named lottery draw on a named date) that does not exist yet. Once the beacon is published,
staff enter it; the seed is `SHA-256(commitment || beacon)` and everything else follows from the
seed by the algorithm below. Nobody — the office included — can choose the outcome, and anyone
can recompute it with `verify()` or `manage.py verify_draw`.

The exact algorithm, byte for byte, is in docs/enforcement-draw.md together with a test vector;
`ALGORITHM_VERSION` names it. Changing anything that alters an output needs a new version string.

This module is plain Python (stdlib only): no models, no database, no clock.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ALGORITHM_VERSION = "gongkai-draw-v1"

# randbelow() draws 4 bytes per attempt, so no range may exceed 2**32.
_UINT32 = 2**32

_PARAMETER_KEYS = frozenset(
    {
        "algorithm",
        "beacon_source",
        "code",
        "conflicts",
        "departments",
        "inspectors",
        "inspectors_per_target",
        "min_departments",
        "target_count",
        "targets",
        "title",
    }
)


class DrawError(ValueError):
    """A draw that cannot be set up, run or read. `messages` holds every problem found, in Chinese."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("；".join(self.messages))


# ---------------------------------------------------------------------------
# Parameters


def _check_text(value: Any, label: str, problems: list[str], *, identifier: bool = False) -> str:
    if not isinstance(value, str) or not value:
        problems.append(f"{label}不能为空。")
        return value if isinstance(value, str) else ""
    # Control characters and lone surrogates would make the canonical JSON depend on the JSON
    # library's escaping rules; keeping them out keeps the serialisation trivial to reimplement.
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        problems.append(f"{label}“{value!r}”含有控制字符。")
    elif identifier and value != value.strip():
        problems.append(f"{label}“{value}”首尾有空白字符。")
    return value


def _check_count(value: Any, label: str, problems: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{label}必须是整数。")
        return 0
    return value


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


@dataclass(frozen=True)
class DrawParameters:
    """Everything a draw depends on. Fixed — and committed to — when the draw is announced.

    `targets` and `inspectors` are the two directories (检查对象名录、执法检查人员名录) as ids
    (e.g. 统一社会信用代码, 执法证号); they are stored sorted by code point, so the order in
    which staff entered them does not matter. `conflicts` are (inspector_id, target_id) pairs that
    must never be assigned (《行政处罚法》第四十三条). `departments` maps every inspector to a
    department; with `min_departments` > 1 the inspectors of one target come from at least that
    many departments. `beacon_source` says, in words, which public value will be the beacon and
    how it is written (e.g. "2026-03-02 福彩3D 第2026055期开奖号码，三位数字，如 073");
    `beacon` is that value, entered after it has been published (None until then).

    Construction validates everything, including that every target in the pool can be given
    `inspectors_per_target` inspectors after conflicts — so a draw whose commitment has been
    published can never fail once the beacon is known. Raises DrawError listing all problems.
    """

    code: str
    title: str
    targets: tuple[str, ...]
    inspectors: tuple[str, ...]
    target_count: int
    beacon_source: str
    inspectors_per_target: int = 2
    conflicts: tuple[tuple[str, str], ...] = ()
    departments: tuple[tuple[str, str], ...] = ()
    min_departments: int = 1
    beacon: str | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        _check_text(self.code, "抽查编号", problems, identifier=True)
        _check_text(self.title, "抽查名称", problems)
        _check_text(self.beacon_source, "随机数来源说明", problems)

        targets = self._normalise_ids(self.targets, "检查对象", problems)
        inspectors = self._normalise_ids(self.inspectors, "执法检查人员", problems)
        object.__setattr__(self, "targets", targets)
        object.__setattr__(self, "inspectors", inspectors)

        conflicts = self._normalise_conflicts(problems)
        departments = self._normalise_departments(problems)
        object.__setattr__(self, "conflicts", conflicts)
        object.__setattr__(self, "departments", departments)

        n = _check_count(self.target_count, "抽取检查对象数量", problems)
        k = _check_count(self.inspectors_per_target, "每个检查对象的执法人员人数", problems)
        d = _check_count(self.min_departments, "每个检查对象至少涉及的部门数", problems)
        if targets and not 1 <= n <= len(targets):
            problems.append(f"抽取检查对象数量应在 1 至 {len(targets)}（名录中的检查对象数）之间，现为 {n}。")
        if k < 2:
            problems.append(f"每个检查对象至少分派 2 名执法人员（《行政处罚法》第四十二条），现为 {k}。")
        if d < 1:
            problems.append(f"每个检查对象至少涉及的部门数应不小于 1，现为 {d}。")
        elif d > k:
            problems.append(f"每个检查对象至少涉及的部门数（{d}）不能超过每个检查对象的执法人员人数（{k}）。")
        elif d > 1 and not departments:
            problems.append("要求执法人员来自不同部门时，须为每名执法检查人员填写所属部门。")
        if len(targets) > _UINT32 or len(inspectors) > _UINT32:
            problems.append("名录过大，无法抽取。")

        if self.beacon is not None:
            _check_text(self.beacon, "随机数来源值", problems, identifier=True)

        if not problems and k >= 2:
            problems.extend(self._infeasible_targets())
        if problems:
            raise DrawError(problems)

    @staticmethod
    def _normalise_ids(values: Iterable[str], label: str, problems: list[str]) -> tuple[str, ...]:
        if isinstance(values, str):
            problems.append(f"{label}名录应为编号列表，而不是一个字符串。")
            return ()
        values = list(values)
        if not values:
            problems.append(f"{label}名录不能为空。")
        for value in values:
            _check_text(value, f"{label}编号", problems, identifier=True)
        for value in _duplicates(values):
            problems.append(f"{label}编号“{value}”重复。")
        return tuple(sorted({v for v in values if isinstance(v, str)}))

    def _normalise_conflicts(self, problems: list[str]) -> tuple[tuple[str, str], ...]:
        inspectors, targets = set(self.inspectors), set(self.targets)
        pairs: set[tuple[str, str]] = set()
        for pair in self.conflicts:
            if isinstance(pair, str) or len(pair) != 2:
                problems.append(f"回避关系“{pair}”应为（执法人员编号，检查对象编号）两项。")
                continue
            inspector, target = pair
            if inspector not in inspectors:
                problems.append(f"回避关系中的执法检查人员“{inspector}”不在执法检查人员名录中。")
            if target not in targets:
                problems.append(f"回避关系中的检查对象“{target}”不在检查对象名录中。")
            pairs.add((inspector, target))
        return tuple(sorted(pairs))

    def _normalise_departments(self, problems: list[str]) -> tuple[tuple[str, str], ...]:
        given = self.departments
        items = list(given.items()) if isinstance(given, Mapping) else [tuple(item) for item in given]
        if not items:
            return ()
        mapping: dict[str, str] = {}
        for item in items:
            if len(item) != 2:
                problems.append(f"所属部门“{item}”应为（执法人员编号，部门名称）两项。")
                continue
            inspector, department = item
            if inspector in mapping:
                problems.append(f"执法检查人员“{inspector}”的所属部门填写了多次。")
            if inspector not in self.inspectors:
                problems.append(f"所属部门中的执法检查人员“{inspector}”不在执法检查人员名录中。")
            _check_text(department, f"执法检查人员“{inspector}”的所属部门", problems)
            mapping[inspector] = department
        missing = [i for i in self.inspectors if i not in mapping]
        if missing:
            problems.append(f"以下执法检查人员未填写所属部门：{'、'.join(missing)}。")
        return tuple(sorted(mapping.items()))

    def _infeasible_targets(self) -> list[str]:
        problems = []
        department = dict(self.departments)
        for target in self.targets:
            eligible = self.eligible_inspectors(target)
            if len(eligible) < self.inspectors_per_target:
                problems.append(
                    f"检查对象“{target}”排除回避人员后仅有 {len(eligible)} 名可选执法人员，"
                    f"少于每个检查对象所需的 {self.inspectors_per_target} 名。"
                )
            elif self.min_departments > 1:
                covered = {department[i] for i in eligible}
                if len(covered) < self.min_departments:
                    problems.append(
                        f"检查对象“{target}”排除回避人员后可选执法人员仅来自 {len(covered)} 个部门，"
                        f"少于要求的 {self.min_departments} 个。"
                    )
        return problems

    def eligible_inspectors(self, target: str) -> tuple[str, ...]:
        """The inspectors who may be assigned to `target` (no declared conflict), in sorted order."""
        barred = {inspector for inspector, t in self.conflicts if t == target}
        return tuple(i for i in self.inspectors if i not in barred)

    def with_beacon(self, beacon: str) -> DrawParameters:
        """The same parameters with the published beacon value entered."""
        return dataclasses.replace(self, beacon=beacon)


def canonical_parameters(params: DrawParameters) -> dict[str, Any]:
    """The parameters as the JSON object that the commitment covers (the beacon is not in it)."""
    return {
        "algorithm": ALGORITHM_VERSION,
        "beacon_source": params.beacon_source,
        "code": params.code,
        "conflicts": [list(pair) for pair in params.conflicts],
        "departments": [list(pair) for pair in params.departments],
        "inspectors": list(params.inspectors),
        "inspectors_per_target": params.inspectors_per_target,
        "min_departments": params.min_departments,
        "target_count": params.target_count,
        "targets": list(params.targets),
        "title": params.title,
    }


def canonical_bytes(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, UTF-8, non-ASCII characters unescaped."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def commitment(params: DrawParameters) -> str:
    """SHA-256 (lowercase hex) of the canonical parameters. Published when the draw is announced."""
    return hashlib.sha256(canonical_bytes(canonical_parameters(params))).hexdigest()


def seed(params: DrawParameters) -> bytes:
    """SHA-256 of the 32 commitment bytes followed by the UTF-8 bytes of the beacon."""
    if params.beacon is None:
        raise DrawError("尚未录入随机数来源值：须待公告指定的随机数公布后录入，方可抽取。")
    return hashlib.sha256(bytes.fromhex(commitment(params)) + params.beacon.encode("utf-8")).digest()


# ---------------------------------------------------------------------------
# Deterministic randomness


class RandomStream:
    """The byte stream HMAC-SHA256(seed, 0) || HMAC-SHA256(seed, 1) || …, counters as 8-byte big-endian."""

    def __init__(self, seed: bytes):
        self._seed = seed
        self._counter = 0
        self._buffer = b""

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            block = hmac.new(self._seed, self._counter.to_bytes(8, "big"), hashlib.sha256).digest()
            self._buffer += block
            self._counter += 1
        taken, self._buffer = self._buffer[:size], self._buffer[size:]
        return taken

    def randbelow(self, n: int) -> int:
        """A uniform integer in [0, n): 4 bytes big-endian, rejected at or above the largest multiple of n."""
        if not 1 <= n <= _UINT32:
            raise ValueError(f"range {n} outside 1..2**32")
        limit = _UINT32 - _UINT32 % n
        while True:
            value = int.from_bytes(self.read(4), "big")
            if value < limit:
                return value % n

    def shuffle(self, items: list) -> None:
        """Fisher–Yates (Durstenfeld), in place: for i = len-1 down to 1, swap items[i] and items[randbelow(i+1)]."""
        for i in range(len(items) - 1, 0, -1):
            j = self.randbelow(i + 1)
            items[i], items[j] = items[j], items[i]


# ---------------------------------------------------------------------------
# The draw


@dataclass(frozen=True)
class Assignment:
    target: str
    inspectors: tuple[str, ...]


@dataclass(frozen=True)
class DrawResult:
    """The outcome of a draw: targets in the order drawn, each with its inspectors in the order drawn."""

    algorithm: str
    code: str
    commitment: str
    beacon: str
    seed: str
    selected: tuple[str, ...]
    assignments: tuple[Assignment, ...]

    def inspectors_for(self, target: str) -> tuple[str, ...]:
        for assignment in self.assignments:
            if assignment.target == target:
                return assignment.inspectors
        raise KeyError(target)


def run_draw(params: DrawParameters) -> DrawResult:
    """Draw `target_count` targets and assign `inspectors_per_target` inspectors to each.

    1. Shuffle the sorted target directory with the seeded stream; the first N are selected.
    2. For each selected target in that order, fill k slots one at a time. Candidates are the
       eligible inspectors (no conflict) not yet on this target, in sorted order. If the target
       still needs as many new departments as it has slots left, only inspectors from departments
       not yet on the target remain. Then only those with the fewest assignments so far in this
       draw remain (workload balance), and one of them is picked with randbelow(len(candidates)).

    Raises DrawError if the beacon has not been entered. Parameters are validated on construction,
    so no other failure is possible here.
    """
    seed_bytes = seed(params)
    stream = RandomStream(seed_bytes)
    pool = list(params.targets)
    stream.shuffle(pool)
    selected = tuple(pool[: params.target_count])

    department = dict(params.departments)
    load = dict.fromkeys(params.inspectors, 0)
    assignments = []
    for target in selected:
        eligible = params.eligible_inspectors(target)
        picked: list[str] = []
        for slot in range(params.inspectors_per_target):
            candidates = [i for i in eligible if i not in picked]
            if params.min_departments > 1:
                covered = {department[i] for i in picked}
                # Filling a slot from a covered department now could leave too few slots to reach
                # min_departments; the feasibility check guarantees enough uncovered ones exist.
                if params.min_departments - len(covered) >= params.inspectors_per_target - slot:
                    candidates = [i for i in candidates if department[i] not in covered]
            fewest = min(load[i] for i in candidates)
            candidates = [i for i in candidates if load[i] == fewest]
            choice = candidates[stream.randbelow(len(candidates))]
            picked.append(choice)
            load[choice] += 1
        assignments.append(Assignment(target=target, inspectors=tuple(picked)))

    return DrawResult(
        algorithm=ALGORITHM_VERSION,
        code=params.code,
        commitment=commitment(params),
        beacon=params.beacon,
        seed=seed_bytes.hex(),
        selected=selected,
        assignments=tuple(assignments),
    )


# ---------------------------------------------------------------------------
# Published documents


def announcement_json(params: DrawParameters) -> str:
    """The document published when the draw is announced: parameters and commitment, no beacon."""
    document = {"parameters": canonical_parameters(params), "commitment": commitment(params)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_json(params: DrawParameters, result: DrawResult) -> str:
    """The published record of a draw, for download. Indented for reading; the commitment covers
    the canonical form of `parameters`, not this file's formatting."""
    if result.commitment != commitment(params) or result.beacon != params.beacon:
        raise DrawError("抽查结果与抽查参数不对应。")
    document = {
        "parameters": canonical_parameters(params),
        "commitment": result.commitment,
        "beacon": result.beacon,
        "seed": result.seed,
        "result": {
            "selected": list(result.selected),
            "assignments": [{"target": a.target, "inspectors": list(a.inspectors)} for a in result.assignments],
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _field(mapping: Mapping, key: str, kind: type, where: str) -> Any:
    if key not in mapping:
        raise DrawError(f"{where}缺少字段“{key}”。")
    value = mapping[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DrawError(f"{where}字段“{key}”的类型不正确。")
    return value


def _string_list(mapping: Mapping, key: str, where: str) -> list[str]:
    values = _field(mapping, key, list, where)
    if not all(isinstance(v, str) for v in values):
        raise DrawError(f"{where}字段“{key}”应为字符串列表。")
    return values


def _pairs(mapping: Mapping, key: str, where: str) -> list[tuple[str, str]]:
    values = _field(mapping, key, list, where)
    if not all(isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v) for v in values):
        raise DrawError(f"{where}字段“{key}”应为由两个字符串组成的列表。")
    return [(a, b) for a, b in values]


def _load(document: str | bytes | Mapping) -> Mapping:
    if isinstance(document, Mapping):
        return document
    try:
        if isinstance(document, bytes):
            document = document.decode("utf-8-sig")
        loaded = json.loads(document)
    except (UnicodeDecodeError, ValueError):
        raise DrawError("文件不是有效的 UTF-8 JSON 文档。") from None
    if not isinstance(loaded, dict):
        raise DrawError("文件内容应为 JSON 对象。")
    return loaded


def parameters_from_json(data: Mapping, beacon: str | None = None) -> DrawParameters:
    """DrawParameters from the `parameters` object of a published document."""
    where = "抽查参数"
    if not isinstance(data, Mapping):
        raise DrawError("文件缺少抽查参数。")
    unknown = sorted(set(data) - _PARAMETER_KEYS)
    if unknown:
        raise DrawError(f"抽查参数中有未知字段：{'、'.join(unknown)}。")
    algorithm = _field(data, "algorithm", str, where)
    if algorithm != ALGORITHM_VERSION:
        raise DrawError(f"不支持的算法版本“{algorithm}”，本程序实现的是 {ALGORITHM_VERSION}。")
    return DrawParameters(
        code=_field(data, "code", str, where),
        title=_field(data, "title", str, where),
        targets=tuple(_string_list(data, "targets", where)),
        inspectors=tuple(_string_list(data, "inspectors", where)),
        target_count=_field(data, "target_count", int, where),
        inspectors_per_target=_field(data, "inspectors_per_target", int, where),
        conflicts=tuple(_pairs(data, "conflicts", where)),
        departments=tuple(_pairs(data, "departments", where)),
        min_departments=_field(data, "min_departments", int, where),
        beacon_source=_field(data, "beacon_source", str, where),
        beacon=beacon,
    )


def from_json(document: str | bytes | Mapping) -> tuple[DrawParameters, DrawResult]:
    """Read a published record. The DrawResult is the one *published* in it, not a recomputation.

    Raises DrawError (in Chinese) if the document is not a well-formed record of this algorithm
    version or its parameters are invalid.
    """
    data = _load(document)
    beacon = _field(data, "beacon", str, "抽查结果文件")
    params = parameters_from_json(data.get("parameters"), beacon=beacon)
    published = _field(data, "result", dict, "抽查结果文件")
    assignments = []
    for item in _field(published, "assignments", list, "抽查结果"):
        if not isinstance(item, dict):
            raise DrawError("抽查结果字段“assignments”的格式不正确。")
        assignments.append(
            Assignment(
                target=_field(item, "target", str, "执法人员分派"),
                inspectors=tuple(_string_list(item, "inspectors", "执法人员分派")),
            )
        )
    result = DrawResult(
        algorithm=ALGORITHM_VERSION,
        code=params.code,
        commitment=_field(data, "commitment", str, "抽查结果文件"),
        beacon=beacon,
        seed=_field(data, "seed", str, "抽查结果文件"),
        selected=tuple(_string_list(published, "selected", "抽查结果")),
        assignments=tuple(assignments),
    )
    return params, result


# ---------------------------------------------------------------------------
# Verification


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    published: str
    recomputed: str


@dataclass(frozen=True)
class VerifyReport:
    """What `verify()` recomputed and which published parts match it."""

    parameters: DrawParameters
    published: DrawResult
    recomputed: DrawResult
    checks: tuple[Check, ...]
    commitment_checked_against_announcement: bool
    beacon_checked_against_source: bool

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def check(self, label: str) -> Check:
        return next(c for c in self.checks if c.label == label)


def _assignment_text(assignments: Iterable[Assignment]) -> str:
    return "；".join(f"{a.target}：{'、'.join(a.inspectors)}" for a in assignments)


def verify(
    document: str | bytes | Mapping,
    *,
    announced_commitment: str | None = None,
    beacon: str | None = None,
) -> VerifyReport:
    """Recompute a published record and compare it part by part.

    A record is only as good as the commitment it was announced with: pass `announced_commitment`
    (from the announcement, published before the beacon) and `beacon` (read from its public source)
    to check those too; otherwise the report says they were not checked against outside sources.
    Raises DrawError if the document cannot be read as a record.
    """
    params, published = from_json(document)
    recomputed = run_draw(params)
    checks = [
        Check(
            "承诺值", published.commitment.lower() == recomputed.commitment, published.commitment, recomputed.commitment
        ),
    ]
    if announced_commitment is not None:
        announced = announced_commitment.strip().lower()
        checks.append(Check("与抽查公告的承诺值", announced == recomputed.commitment, announced, recomputed.commitment))
    if beacon is not None:
        checks.append(Check("与公开来源的随机数来源值", beacon == params.beacon, params.beacon, beacon))
    checks += [
        Check("种子", published.seed.lower() == recomputed.seed, published.seed, recomputed.seed),
        Check(
            "抽中的检查对象",
            published.selected == recomputed.selected,
            "、".join(published.selected),
            "、".join(recomputed.selected),
        ),
        Check(
            "执法人员分派",
            published.assignments == recomputed.assignments,
            _assignment_text(published.assignments),
            _assignment_text(recomputed.assignments),
        ),
    ]
    return VerifyReport(
        parameters=params,
        published=published,
        recomputed=recomputed,
        checks=tuple(checks),
        commitment_checked_against_announcement=announced_commitment is not None,
        beacon_checked_against_source=beacon is not None,
    )
