"""Every audit-log entry also goes to the gongkai.audit logger as one JSON line."""

import json
import logging

import pytest

from gongkai.review.tests.helpers import act, submit

pytestmark = pytest.mark.django_db


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def audit_lines():
    logger = logging.getLogger("gongkai.audit")
    handler, level = _Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_workflow_actions_are_emitted_as_json(draft_item, staff, audit_lines):
    submit(draft_item, staff.hpc_drafter)
    act(draft_item, staff.hpc_reviewer, "reject", comment="请补充附件。")
    records = [json.loads(line) for line in audit_lines]
    actions = [r["action"] for r in records]
    assert "wagtail.workflow.start" in actions and "wagtail.workflow.reject" in actions
    reject = next(r for r in records if r["action"] == "wagtail.workflow.reject")
    assert reject["username"] == "hpc_reviewer"
    assert reject["object_id"] == draft_item.pk
    assert reject["data"]["comment"] == "请补充附件。"
    assert reject["timestamp"].endswith("Z") or "+" in reject["timestamp"]


def test_model_log_entries_are_emitted_too(staff, audit_lines):
    from wagtail.log_actions import log

    from gongkai.review.models import WrongTerm

    term = WrongTerm.objects.create(wrong="测试旧称", correct="测试新称")
    log(instance=term, action="wagtail.create", user=staff.office)
    record = json.loads(audit_lines[-1])
    assert record["object_type"] == "review.wrongterm"
    assert record["object_id"] == str(term.pk)
    assert record["username"] == "office"


def test_nothing_is_serialised_when_the_logger_is_quiet(draft_item, staff):
    # Test settings keep gongkai.audit at WARNING; the receiver must then do no work at all.
    assert not logging.getLogger("gongkai.audit").isEnabledFor(logging.INFO)
    submit(draft_item, staff.hpc_drafter)
