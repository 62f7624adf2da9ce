import json
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from gongkai.audit import chain
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_file(settings, tmp_path) -> Path:
    path = tmp_path / "audit-{host}.jsonl"
    settings.GONGKAI_AUDIT_CHAIN_PATH = str(path)
    settings.GONGKAI_AUDIT_CHAIN_KEY = "test-chain-key"
    settings.GONGKAI_AUDIT_CHAIN_FSYNC = False
    return chain.chain_path()


def logged(count: int, *, user=None) -> list[ModelLogEntry]:
    """Audit entries made as a service makes them: in a transaction that commits."""
    department = DepartmentFactory()
    entries = []
    for n in range(count):
        with transaction.atomic():
            entries.append(log(instance=department, action="wagtail.edit", user=user, data={"n": n}))
    return entries


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_committed_entries_are_chained_in_order(chain_file, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entries = logged(3, user=user)
    records = [json.loads(line) for line in lines(chain_file)]
    assert [r["seq"] for r in records] == [1, 2, 3]
    assert records[0]["prev"] == chain.GENESIS
    assert [r["prev"] for r in records[1:]] == [r["mac"] for r in records[:2]]
    assert [r["record"]["id"] for r in records] == [e.pk for e in entries]
    assert records[2]["record"]["data"] == {"n": 2}
    assert records[2]["record"]["username"] == user.get_username()
    result = chain.verify(chain_file)
    assert result.ok and result.lines == 3 and result.head == records[2]["mac"]
    assert chain.compare_with_database(result) == []


def test_a_rolled_back_action_leaves_no_line(chain_file, django_capture_on_commit_callbacks):
    department = DepartmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                log(instance=department, action="wagtail.edit")
                raise RuntimeError("the action failed")
    assert not chain_file.exists()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda ls: ls[:1] + [ls[1].replace('"n":1', '"n":9')] + ls[2:], "第 2 行内容与其校验值不符"),
        (lambda ls: ls[:1] + ls[2:], "第 2 行序号为 3，应为 2"),
        (lambda ls: [ls[1], ls[0]] + ls[2:], "第 1 行序号为 2，应为 1"),
        (lambda ls: ls[:3] + ['{"seq": 4, "prev": "x", "record": {}, "mac": "y"}\n'], "第 4 行与上一行的链接不符"),
        (lambda ls: ls[:2] + [ls[2][:20]], "第 3 行不完整"),
    ],
    ids=["edited", "deleted", "reordered", "appended", "torn"],
)
def test_tampering_fails_verification_at_the_line(chain_file, django_capture_on_commit_callbacks, tamper, message):
    with django_capture_on_commit_callbacks(execute=True):
        logged(3)
    chain_file.write_text("".join(tamper(lines(chain_file))), encoding="utf-8")
    result = chain.verify(chain_file)
    assert not result.ok
    assert any(message in problem for problem in result.problems), result.problems


def test_a_forged_line_needs_the_key(chain_file, django_capture_on_commit_callbacks, settings):
    """Recomputing the MAC without the key does not make an edited chain verify."""
    with django_capture_on_commit_callbacks(execute=True):
        logged(2)
    records = [json.loads(line) for line in lines(chain_file)]
    settings.GONGKAI_AUDIT_CHAIN_KEY = "a guess"
    records[1]["record"]["data"] = {"n": 7}
    records[1]["mac"] = chain._mac(records[1]["seq"], records[1]["prev"], records[1]["record"])
    chain_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    settings.GONGKAI_AUDIT_CHAIN_KEY = "test-chain-key"
    assert "第 2 行内容与其校验值不符（记录被修改）。" in chain.verify(chain_file).problems


def test_a_cut_tail_is_caught_by_the_recorded_head_and_by_the_database(chain_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entries = logged(3)
    head = chain.verify(chain_file).head
    chain_file.write_text("".join(lines(chain_file)[:2]), encoding="utf-8")
    result = chain.verify(chain_file, head=head)
    assert result.problems == ["链尾校验值与记录的链尾不一致（文件末尾的记录被删除或追加）。"]
    assert chain.compare_with_database(result) == [
        f"数据库中的日志 model#{entries[2].pk}（wagtail.edit）不在审计链中。"
    ]


def test_database_edits_and_deletions_are_caught(chain_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = logged(3)
    ModelLogEntry.objects.filter(pk=first.pk).update(action="wagtail.create")
    ModelLogEntry.objects.filter(pk=third.pk).delete()
    problems = chain.compare_with_database(chain.verify(chain_file))
    assert problems == [
        f"数据库中的日志 model#{first.pk} 与审计链不一致（action）。",
        f"审计链中的日志 model#{third.pk} 在数据库中已不存在（记录被删除）。",
    ]


def test_concurrent_writers_never_fork_the_chain(chain_file):
    def write(n: int) -> None:
        for i in range(25):
            chain.append({"writer": n, "i": i}, path=chain_file)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = chain.verify(chain_file)
    assert result.ok and result.lines == 100


def test_verify_command_reports_and_fails(chain_file, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        logged(2)
    call_command("audit_verify", "--database")
    assert "审计链完整：共 2 行。" in capsys.readouterr().out
    chain_file.write_text(chain_file.read_text().replace('"n":0', '"n":5'), encoding="utf-8")
    with pytest.raises(CommandError, match="审计链校验未通过：共 2 行，发现 2 处问题"):
        call_command("audit_verify", "--database")
    assert "第 1 行内容与其校验值不符" in capsys.readouterr().err


def test_verify_command_without_a_chain(settings):
    settings.GONGKAI_AUDIT_CHAIN_PATH = ""
    with pytest.raises(CommandError, match="未配置审计链文件"):
        call_command("audit_verify")
