"""The verifiable 双随机 draw (gongkai.enforcement.draw) and `manage.py verify_draw`.

The reference implementation at the top of this file is written from docs/enforcement-draw.md
alone and imports nothing from the module under test: if it agrees with `draw.run_draw`, the
documentation is enough for someone to re-implement the draw in another language.
"""

import hashlib
import hmac
import json
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.enforcement import draw
from gongkai.enforcement.management.commands.verify_draw import Command

DOCS = Path(__file__).resolve().parents[3] / "docs" / "enforcement-draw.md"

# ---------------------------------------------------------------------------
# Reference implementation, from the documented specification only.


def ref_serialise(value) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(ref_serialise(k) + ":" + ref_serialise(value[k]) for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(ref_serialise(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ref_commitment(parameters: dict) -> str:
    return hashlib.sha256(ref_serialise(parameters).encode("utf-8")).hexdigest()


def ref_seed(commitment_hex: str, beacon: str) -> bytes:
    return hashlib.sha256(bytes.fromhex(commitment_hex) + beacon.encode("utf-8")).digest()


class RefStream:
    def __init__(self, seed: bytes):
        self.seed, self.counter, self.bytes, self.rejections = seed, 0, bytearray(), 0

    def randbelow(self, n: int) -> int:
        while True:
            while len(self.bytes) < 4:
                self.bytes += hmac.digest(self.seed, self.counter.to_bytes(8, "big"), "sha256")
                self.counter += 1
            x = int.from_bytes(self.bytes[:4], "big")
            del self.bytes[:4]
            if x < 2**32 - 2**32 % n:
                return x % n
            self.rejections += 1


def ref_draw(parameters: dict, beacon: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    rng = RefStream(ref_seed(ref_commitment(parameters), beacon))
    pool = sorted(parameters["targets"])
    for i in range(len(pool) - 1, 0, -1):
        j = rng.randbelow(i + 1)
        pool[i], pool[j] = pool[j], pool[i]
    selected = pool[: parameters["target_count"]]
    dept = dict(parameters["departments"])
    barred = {tuple(pair) for pair in parameters["conflicts"]}
    load = {i: 0 for i in parameters["inspectors"]}
    k, d = parameters["inspectors_per_target"], parameters["min_departments"]
    assignments = []
    for target in selected:
        chosen: list[str] = []
        for _ in range(k):
            cands = [i for i in sorted(parameters["inspectors"]) if (i, target) not in barred and i not in chosen]
            if d > 1:
                seen = {dept[i] for i in chosen}
                if d - len(seen) >= k - len(chosen):
                    cands = [i for i in cands if dept[i] not in seen]
            low = min(load[i] for i in cands)
            cands = [i for i in cands if load[i] == low]
            pick = cands[rng.randbelow(len(cands))]
            chosen.append(pick)
            load[pick] += 1
        assignments.append((target, chosen))
    return selected, assignments


# ---------------------------------------------------------------------------
# The test vector (also printed in docs/enforcement-draw.md).

VECTOR_CANONICAL = (
    '{"algorithm":"gongkai-draw-v1","beacon_source":"2026-03-02 福彩3D开奖号码（三位数字，不含空格，如 073）",'
    '"code":"2026-SJ-TEST","conflicts":[["ZF001","T03"],["ZF002","T07"],["ZF004","T03"]],'
    '"departments":[["ZF001","执法一处"],["ZF002","执法一处"],["ZF003","执法一处"],["ZF004","执法二处"],'
    '["ZF005","执法二处"],["ZF006","执法二处"]],"inspectors":["ZF001","ZF002","ZF003","ZF004","ZF005","ZF006"],'
    '"inspectors_per_target":2,"min_departments":2,"target_count":3,'
    '"targets":["T01","T02","T03","T04","T05","T06","T07","T08","T09","T10"],'
    '"title":"测试向量：排污单位“双随机”抽查"}'
)
VECTOR_COMMITMENT = "9ec6b965c20dba3ea294e8ea71c3c0be6d53dc172482bc04b14abccfa79855dc"
VECTOR_SEED = "90a6ec727afe6fa1739e206e24166ae546523b24c64c666a0fb835a876c1d1ee"
VECTOR_BLOCK_0 = "07a193e6b1acd8e7409552dd1afa712829dccd62ca69b7765cbc45c089fbe72e"
VECTOR_SELECTED = ("T05", "T09", "T03")
VECTOR_ASSIGNMENTS = (("T05", ("ZF001", "ZF005")), ("T09", ("ZF006", "ZF002")), ("T03", ("ZF003", "ZF006")))


def vector_parameters(**changes) -> draw.DrawParameters:
    values = dict(
        code="2026-SJ-TEST",
        title="测试向量：排污单位“双随机”抽查",
        # Deliberately unsorted: the parameters are canonicalised on construction.
        targets=[f"T{i:02d}" for i in (10, 1, 2, 3, 4, 5, 6, 7, 8, 9)],
        inspectors=[f"ZF{i:03d}" for i in (6, 5, 4, 3, 2, 1)],
        target_count=3,
        inspectors_per_target=2,
        conflicts=[("ZF004", "T03"), ("ZF001", "T03"), ("ZF002", "T07")],
        departments={**{f"ZF00{i}": "执法一处" for i in (1, 2, 3)}, **{f"ZF00{i}": "执法二处" for i in (4, 5, 6)}},
        min_departments=2,
        beacon_source="2026-03-02 福彩3D开奖号码（三位数字，不含空格，如 073）",
        beacon="735",
    )
    values.update(changes)
    return draw.DrawParameters(**values)


def as_pairs(result: draw.DrawResult) -> tuple:
    return tuple((a.target, a.inspectors) for a in result.assignments)


def test_vector():
    params = vector_parameters()
    assert draw.canonical_bytes(draw.canonical_parameters(params)).decode("utf-8") == VECTOR_CANONICAL
    assert draw.commitment(params) == VECTOR_COMMITMENT
    assert draw.seed(params).hex() == VECTOR_SEED
    assert draw.RandomStream(draw.seed(params)).read(32).hex() == VECTOR_BLOCK_0
    result = draw.run_draw(params)
    assert result.algorithm == "gongkai-draw-v1"
    assert (result.commitment, result.seed, result.beacon) == (VECTOR_COMMITMENT, VECTOR_SEED, "735")
    assert result.selected == VECTOR_SELECTED
    assert as_pairs(result) == VECTOR_ASSIGNMENTS


def test_reference_implementation_reproduces_the_vector():
    parameters = json.loads(VECTOR_CANONICAL)
    assert ref_serialise(parameters) == VECTOR_CANONICAL
    assert ref_commitment(parameters) == VECTOR_COMMITMENT
    assert ref_seed(VECTOR_COMMITMENT, "735").hex() == VECTOR_SEED
    selected, assignments = ref_draw(parameters, "735")
    assert tuple(selected) == VECTOR_SELECTED
    assert tuple((t, tuple(i)) for t, i in assignments) == VECTOR_ASSIGNMENTS


def random_parameters(rng: random.Random, case: int) -> draw.DrawParameters:
    """A feasible parameter set of varied shape, with ids that need escaping and non-ASCII text."""
    targets = [f"9152{rng.randrange(10**13):013d}{c}" for c in rng.sample("0123456789ABCDEF", rng.randint(3, 12))]
    inspectors = [f"黔环{n:05d}" for n in rng.sample(range(100000), rng.randint(4, 9))]
    k = rng.randint(2, 3)
    with_departments = case % 2 == 0
    departments = {i: rng.choice(["一处", "二处", "监测站"]) for i in inspectors} if with_departments else {}
    min_departments = 2 if with_departments and len(set(departments.values())) >= 2 else 1
    conflicts = []
    for target in targets:
        for inspector in rng.sample(inspectors, rng.randint(0, len(inspectors) - k)):
            conflicts.append((inspector, target))
    while True:
        try:
            return draw.DrawParameters(
                code=f"2026-SJ-{case:03d}",
                title=f'测试 "{case}" \\ 抽查',
                targets=targets,
                inspectors=inspectors,
                target_count=rng.randint(1, len(targets)),
                inspectors_per_target=k,
                conflicts=conflicts,
                departments=departments,
                min_departments=min_departments,
                beacon_source="上证指数收盘点位",
                beacon=f"{rng.randrange(10**6)}.{case}",
            )
        except draw.DrawError:
            # Too many conflicts for the department rule: drop one and try again.
            conflicts.pop()


def test_reference_implementation_agrees_on_varied_parameters():
    rng = random.Random(20260302)
    for case in range(60):
        params = random_parameters(rng, case)
        parameters = json.loads(draw.canonical_bytes(draw.canonical_parameters(params)))
        assert ref_serialise(parameters).encode("utf-8") == draw.canonical_bytes(parameters)
        assert ref_commitment(parameters) == draw.commitment(params)
        result = draw.run_draw(params)
        selected, assignments = ref_draw(parameters, params.beacon)
        assert result.selected == tuple(selected)
        assert as_pairs(result) == tuple((t, tuple(i)) for t, i in assignments)


def test_randbelow_agrees_with_reference_including_rejections():
    seed = hashlib.sha256(b"rejection").digest()
    ours, theirs = draw.RandomStream(seed), RefStream(seed)
    # Just above 2**31 about half of all 4-byte values are rejected.
    for n in [2**31 + 1] * 200 + [1, 2, 3, 7, 10, 1000, 2**32]:
        assert ours.randbelow(n) == theirs.randbelow(n)
    assert theirs.rejections > 50


class FixedStream(draw.RandomStream):
    def __init__(self, data: bytes):
        super().__init__(b"")
        self._data = bytearray(data)

    def read(self, size: int) -> bytes:
        taken = bytes(self._data[:size])
        del self._data[:size]
        return taken


def test_randbelow_rejects_the_incomplete_top_range():
    # For n = 3 the values 0..2**32-2 are accepted (2**32 - 1 is the incomplete range), so
    # 0xFFFFFFFF is discarded and the next 4 bytes give 5 % 3 = 2.
    assert FixedStream(bytes.fromhex("ffffffff00000005")).randbelow(3) == 2
    assert FixedStream(bytes.fromhex("fffffffe")).randbelow(3) == 0xFFFFFFFE % 3
    with pytest.raises(ValueError):
        draw.RandomStream(b"x").randbelow(0)


def test_the_same_parameters_give_the_same_draw():
    first, second = draw.run_draw(vector_parameters()), draw.run_draw(vector_parameters())
    assert first == second
    reordered = vector_parameters(
        targets=sorted(vector_parameters().targets, reverse=True),
        conflicts=[("ZF002", "T07"), ("ZF001", "T03"), ("ZF004", "T03")],
        departments=list(reversed(vector_parameters().departments)),
    )
    assert reordered == vector_parameters()
    assert draw.run_draw(reordered) == first


def test_another_beacon_gives_another_draw_under_the_same_commitment():
    other = vector_parameters(beacon="736")
    assert draw.commitment(other) == VECTOR_COMMITMENT
    assert draw.seed(other).hex() != VECTOR_SEED
    result = draw.run_draw(other)
    assert (result.selected, as_pairs(result)) != (VECTOR_SELECTED, VECTOR_ASSIGNMENTS)


@pytest.mark.parametrize(
    "changes",
    [
        {"code": "2026-SJ-004"},
        {"title": "另一次抽查"},
        {"targets": [f"T{i:02d}" for i in range(1, 12)]},
        {"inspectors": [f"ZF{i:03d}" for i in range(1, 8)], "departments": {}, "min_departments": 1},
        {"target_count": 4},
        {"inspectors_per_target": 3},
        {"conflicts": [("ZF001", "T03")]},
        {"departments": {f"ZF00{i}": "执法一处" if i < 4 else "执法三处" for i in range(1, 7)}},
        {"min_departments": 1},
        {"beacon_source": "2026-03-03 福彩3D开奖号码"},
    ],
)
def test_every_parameter_is_covered_by_the_commitment(changes):
    assert draw.commitment(vector_parameters(**changes)) != VECTOR_COMMITMENT


def check_draw_rules(params: draw.DrawParameters, result: draw.DrawResult) -> None:
    department = dict(params.departments)
    assert len(result.selected) == params.target_count
    assert len(set(result.selected)) == params.target_count
    assert set(result.selected) <= set(params.targets)
    assert [a.target for a in result.assignments] == list(result.selected)
    for assignment in result.assignments:
        assert len(assignment.inspectors) == params.inspectors_per_target
        assert len(set(assignment.inspectors)) == params.inspectors_per_target
        assert set(assignment.inspectors) <= set(params.inspectors)
        for inspector in assignment.inspectors:
            assert (inspector, assignment.target) not in params.conflicts
        if params.min_departments > 1:
            assert len({department[i] for i in assignment.inspectors}) >= params.min_departments


def test_conflicts_are_never_assigned_and_every_target_gets_k_distinct_inspectors():
    rng = random.Random(7)
    for case in range(80):
        params = random_parameters(rng, case)
        check_draw_rules(params, draw.run_draw(params))
    # A tight case: T1 may only get ZF1 and ZF2; every draw in which it is selected must use them.
    tight = draw.DrawParameters(
        code="2026-SJ-005",
        title="回避",
        targets=["T1", "T2", "T3"],
        inspectors=["ZF1", "ZF2", "ZF3", "ZF4"],
        target_count=3,
        conflicts=[("ZF3", "T1"), ("ZF4", "T1")],
        beacon_source="来源",
    )
    for n in range(50):
        result = draw.run_draw(tight.with_beacon(f"b{n}"))
        check_draw_rules(tight, result)
        assert set(result.inspectors_for("T1")) == {"ZF1", "ZF2"}


def test_workload_is_balanced_without_conflicts():
    params = draw.DrawParameters(
        code="2026-SJ-006",
        title="工作量",
        targets=[f"T{i:02d}" for i in range(25)],
        inspectors=[f"ZF{i}" for i in range(7)],
        target_count=20,
        inspectors_per_target=3,
        beacon_source="来源",
    )
    for n in range(20):
        result = draw.run_draw(params.with_beacon(str(n)))
        load = {i: 0 for i in params.inspectors}
        for assignment in result.assignments:
            for inspector in assignment.inspectors:
                load[inspector] += 1
        assert max(load.values()) - min(load.values()) <= 1


def chi_square(counts: dict[str, int], total: int) -> float:
    expected = total / len(counts)
    return sum((c - expected) ** 2 / expected for c in counts.values())


def test_first_picks_are_uniform():
    # 2,000 fixed beacons: deterministic, so this cannot flake. 27.88 is the 0.1 % critical value
    # of chi-square with 9 degrees of freedom; 22.46 that of 6.
    params = draw.DrawParameters(
        code="2026-SJ-007",
        title="均匀性",
        targets=[f"T{i}" for i in range(10)],
        inspectors=[f"ZF{i}" for i in range(7)],
        target_count=1,
        beacon_source="来源",
    )
    first_target = dict.fromkeys(params.targets, 0)
    first_inspector = dict.fromkeys(params.inspectors, 0)
    total = 2000
    for n in range(total):
        result = draw.run_draw(params.with_beacon(f"{n:04d}"))
        first_target[result.selected[0]] += 1
        first_inspector[result.assignments[0].inspectors[0]] += 1
    assert chi_square(first_target, total) < 27.88
    assert chi_square(first_inspector, total) < 22.46


def test_the_uniformity_bound_catches_an_off_by_one_shuffle():
    # Sattolo's variant (j < i instead of j <= i) is the classic Fisher–Yates slip: it never
    # leaves an element in place, so the first sorted target is never first.
    first = dict.fromkeys(range(10), 0)
    for n in range(2000):
        stream = draw.RandomStream(hashlib.sha256(str(n).encode()).digest())
        items = list(range(10))
        for i in range(9, 0, -1):
            j = stream.randbelow(i)
            items[i], items[j] = items[j], items[i]
        first[items[0]] += 1
    assert first[0] == 0
    assert chi_square(first, 2000) > 27.88


def test_a_target_without_enough_eligible_inspectors_is_refused_before_any_draw():
    with pytest.raises(draw.DrawError) as error:
        vector_parameters(conflicts=[("ZF001", "T03"), ("ZF002", "T03"), ("ZF003", "T03"), ("ZF004", "T03")])
    assert "检查对象“T03”排除回避人员后可选执法人员仅来自 1 个部门" in str(error.value)
    with pytest.raises(draw.DrawError) as error:
        draw.DrawParameters(
            code="2026-SJ-008",
            title="人数不足",
            targets=["T1", "T2"],
            inspectors=["ZF1", "ZF2", "ZF3"],
            target_count=1,
            conflicts=[("ZF1", "T2"), ("ZF2", "T2")],
            beacon_source="来源",
        )
    assert error.value.messages == ["检查对象“T2”排除回避人员后仅有 1 名可选执法人员，少于每个检查对象所需的 2 名。"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"inspectors_per_target": 1, "min_departments": 1}, "至少分派 2 名执法人员（《行政处罚法》第四十二条）"),
        ({"target_count": 11}, "抽取检查对象数量应在 1 至 10"),
        ({"target_count": 0}, "抽取检查对象数量应在 1 至 10"),
        ({"target_count": True}, "抽取检查对象数量必须是整数"),
        ({"targets": ["T01", "T01", "T03", "T07"]}, "检查对象编号“T01”重复"),
        ({"targets": ["T01", " T03", "T07"]}, "首尾有空白字符"),
        ({"targets": "T01"}, "应为编号列表"),
        ({"conflicts": [("ZF009", "T03")]}, "“ZF009”不在执法检查人员名录中"),
        ({"conflicts": [("ZF001", "T99")]}, "“T99”不在检查对象名录中"),
        ({"departments": {"ZF001": "执法一处"}}, "以下执法检查人员未填写所属部门：ZF002、"),
        ({"departments": {}}, "须为每名执法检查人员填写所属部门"),
        ({"min_departments": 3}, "不能超过每个检查对象的执法人员人数"),
        ({"beacon_source": ""}, "随机数来源说明不能为空"),
        ({"title": "抽查\n名称"}, "含有控制字符"),
        ({"beacon": " 735"}, "随机数来源值“ 735”首尾有空白字符"),
    ],
)
def test_invalid_parameters_are_refused_in_chinese(changes, message):
    with pytest.raises(draw.DrawError, match=message):
        vector_parameters(**changes)


def test_the_draw_waits_for_the_beacon():
    params = vector_parameters(beacon=None)
    assert draw.commitment(params) == VECTOR_COMMITMENT
    with pytest.raises(draw.DrawError, match="尚未录入随机数来源值"):
        draw.run_draw(params)
    announcement = json.loads(draw.announcement_json(params))
    assert announcement == {"parameters": json.loads(VECTOR_CANONICAL), "commitment": VECTOR_COMMITMENT}


def test_record_round_trip():
    params = vector_parameters()
    result = draw.run_draw(params)
    text = draw.to_json(params, result)
    assert draw.from_json(text) == (params, result)
    assert draw.from_json(text.encode("utf-8-sig")) == (params, result)
    with pytest.raises(draw.DrawError, match="不对应"):
        draw.to_json(vector_parameters(title="另一次"), result)


def record(**edits) -> dict:
    document = json.loads(draw.to_json(vector_parameters(), draw.run_draw(vector_parameters())))
    for path, value in edits.items():
        *parents, leaf = path.split("__")
        node = document
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(leaf) if isinstance(node, list) else leaf] = value
    return document


def failing(report: draw.VerifyReport) -> list[str]:
    return [check.label for check in report.checks if not check.ok]


def test_verify_accepts_the_genuine_record():
    report = draw.verify(json.dumps(record()), announced_commitment=VECTOR_COMMITMENT.upper(), beacon="735")
    assert report.ok
    assert [c.label for c in report.checks] == [
        "承诺值",
        "与抽查公告的承诺值",
        "与公开来源的随机数来源值",
        "种子",
        "抽中的检查对象",
        "执法人员分派",
    ]
    assert report.commitment_checked_against_announcement and report.beacon_checked_against_source


@pytest.mark.parametrize(
    "edits, failed",
    [
        ({"result__selected__2": "T07"}, ["抽中的检查对象"]),
        ({"result__assignments__0__inspectors": ["ZF001", "ZF004"]}, ["执法人员分派"]),
        ({"result__assignments__2__target": "T07"}, ["执法人员分派"]),
        ({"seed": "00" * 32}, ["种子"]),
        ({"commitment": "00" * 32}, ["承诺值"]),
        # A different beacon recomputes a different seed and draw from the same commitment.
        ({"beacon": "736"}, ["种子", "抽中的检查对象", "执法人员分派"]),
        # The pool changed after the announcement: the commitment no longer matches.
        (
            {"parameters__targets": ["T01", "T02", "T03", "T05", "T07", "T09"]},
            ["承诺值", "种子", "抽中的检查对象", "执法人员分派"],
        ),
    ],
)
def test_verify_detects_tampering(edits, failed):
    report = draw.verify(record(**edits))
    assert not report.ok
    assert failing(report) == failed


def test_verify_against_the_announcement_and_the_beacon_source():
    # A consistent record recomputed from changed parameters passes on its own; only the
    # commitment published in the announcement exposes it.
    changed = vector_parameters(targets=["T01", "T02", "T03", "T05", "T07", "T09"])
    forged = draw.to_json(changed, draw.run_draw(changed))
    assert draw.verify(forged).ok
    report = draw.verify(forged, announced_commitment=VECTOR_COMMITMENT)
    assert failing(report) == ["与抽查公告的承诺值"]
    assert failing(draw.verify(record(), beacon="736")) == ["与公开来源的随机数来源值"]


@pytest.mark.parametrize(
    "document, message",
    [
        ("not json", "不是有效的 UTF-8 JSON"),
        ("[]", "应为 JSON 对象"),
        (json.dumps(record(parameters__algorithm="gongkai-draw-v2")), "不支持的算法版本“gongkai-draw-v2”"),
        (json.dumps(record(parameters__extra=1)), "未知字段：extra"),
        (json.dumps(record(parameters__target_count="3")), "字段“target_count”的类型不正确"),
        (json.dumps(record(result__selected=[1, 2])), "字段“selected”应为字符串列表"),
        (json.dumps({k: v for k, v in record().items() if k != "beacon"}), "缺少字段“beacon”"),
    ],
)
def test_verify_refuses_documents_that_are_not_records(document, message):
    with pytest.raises(draw.DrawError, match=message):
        draw.verify(document)


# ---------------------------------------------------------------------------
# manage.py verify_draw


@pytest.fixture
def genuine_file(tmp_path) -> Path:
    path = tmp_path / "2026-SJ-TEST.json"
    path.write_text(json.dumps(record(), ensure_ascii=False), encoding="utf-8")
    return path


def test_command_prints_the_recomputed_draw(genuine_file):
    out = StringIO()
    call_command(Command(), str(genuine_file), stdout=out)
    output = out.getvalue()
    assert f"承诺值（重新计算）：{VECTOR_COMMITMENT}" in output
    assert f"种子（重新计算）：{VECTOR_SEED}" in output
    assert "  1. T05：ZF001、ZF005\n  2. T09：ZF006、ZF002\n  3. T03：ZF003、ZF006" in output
    assert "不一致" not in output
    assert output.rstrip().endswith("结论：一致")
    assert "请将上面的承诺值与抽查公告中公布的承诺值核对" in output


def test_command_with_commitment_and_beacon(genuine_file):
    out = StringIO()
    call_command(Command(), str(genuine_file), "--commitment", VECTOR_COMMITMENT, "--beacon", "735", stdout=out)
    assert "与抽查公告的承诺值：一致" in out.getvalue()
    assert "提示" not in out.getvalue()
    with pytest.raises(CommandError) as error:
        call_command(Command(), str(genuine_file), "--commitment", "00" * 32, stdout=StringIO())
    assert error.value.returncode == 1


def test_command_fails_on_a_tampered_file(tmp_path):
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(record(result__selected__0="T01")), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(Command(), str(path), stdout=out)
    assert error.value.returncode == 1
    assert "抽中的检查对象：不一致\n    文件中为：T01、T09、T03\n    应为：T05、T09、T03" in out.getvalue()
    assert out.getvalue().rstrip().endswith("结论：不一致")


def test_command_exit_status(genuine_file, tmp_path, capsys):
    def exit_status(*args: str) -> int:
        try:
            Command().run_from_argv(["manage.py", "verify_draw", *args])
        except SystemExit as exit:
            return exit.code
        return 0

    assert exit_status(str(genuine_file)) == 0
    assert capsys.readouterr().out.rstrip().endswith("结论：一致")

    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(record(beacon="999")), encoding="utf-8")
    assert exit_status(str(tampered)) == 1
    assert "CommandError: 核验结果不一致。" in capsys.readouterr().err

    assert exit_status(str(tmp_path / "missing.json")) == 2
    assert "无法读取文件" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert exit_status(str(broken)) == 2
    assert "无法核验：文件不是有效的 UTF-8 JSON 文档。" in capsys.readouterr().err


# ---------------------------------------------------------------------------


def test_the_documentation_prints_the_test_vector():
    text = DOCS.read_text(encoding="utf-8")
    for value in (VECTOR_CANONICAL, VECTOR_COMMITMENT, VECTOR_SEED, VECTOR_BLOCK_0, draw.ALGORITHM_VERSION):
        assert value in text
    for target, inspectors in VECTOR_ASSIGNMENTS:
        assert f"| {target} | {'、'.join(inspectors)} |" in text
