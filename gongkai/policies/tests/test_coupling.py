"""“谁起草、谁解读”: a policy needing an interpretation and its interpretations go public together."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from gongkai.catalog.models import LegalForm
from gongkai.policies import rules
from gongkai.policies.models import InterpretationPage, PolicyPage
from gongkai.policies.tests.factories import InterpretationFactory, PolicyFactory
from gongkai.policies.tests.helpers import act, actions, approve_all, fresh, submit
from gongkai.review.rules import approval_blockers

pytestmark = pytest.mark.django_db


@pytest.fixture
def normative(columns, depts):
    return PolicyFactory(parent=columns.policies, draft=True, normative=True, department=depts.dqc)


@pytest.fixture
def interpretation(columns, normative):
    return InterpretationFactory(parent=columns.interpretations, policy=normative)


def test_which_policies_need_an_interpretation(columns, depts):
    assert rules.needs_interpretation(PolicyPage(legal_form=LegalForm.NORMATIVE))
    assert rules.needs_interpretation(PolicyPage(livelihood=True))
    assert not rules.needs_interpretation(PolicyPage(legal_form=LegalForm.RULE))
    assert not rules.needs_interpretation(PolicyPage())
    # Before the work plan took effect, nothing was coupled.
    assert not rules.needs_interpretation(PolicyPage(legal_form=LegalForm.NORMATIVE), on=datetime.date(2018, 12, 31))


def test_ordinary_policy_publishes_alone(columns, depts):
    policy = PolicyFactory(parent=columns.policies, department=depts.dqc)
    assert policy.live and policy.index_number


def test_policy_needing_interpretation_cannot_be_published_directly(normative, interpretation):
    with pytest.raises(PermissionDenied, match="谁起草、谁解读"):
        normative.get_latest_revision().publish(skip_permission_checks=True)
    assert not fresh(normative).live


def test_final_approval_of_policy_is_blocked_while_interpretation_pending(normative, interpretation, staff):
    submit(normative, staff.dqc_drafter)
    act(normative, staff.dqc_reviewer, "approve")
    assert "approve" not in actions(normative, staff.office)
    assert any("谁起草、谁解读" in b for b in approval_blockers(fresh(normative)))
    with pytest.raises(PermissionDenied):
        act(normative, staff.office, "approve")
    assert not fresh(normative).live


def test_approved_interpretation_waits_then_publishes_with_policy(normative, interpretation, staff):
    approve_all(interpretation, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    waiting = fresh(interpretation)
    assert not waiting.live
    assert rules.approved_revision(waiting) is not None
    assert PageLogEntry.objects.filter(page=waiting, action="policies.interpretation_waiting").exists()
    assert rules.policy_publication_blockers(fresh(normative)) == []

    approve_all(normative, staff.dqc_drafter, staff.dqc_reviewer, staff.office2)
    policy, published = fresh(normative), fresh(interpretation)
    assert policy.live and published.live
    assert policy.index_number and published.index_number
    assert published.first_published_at == policy.first_published_at or (
        abs(published.first_published_at - policy.first_published_at) < datetime.timedelta(minutes=1)
    )
    assert PageLogEntry.objects.filter(page=published, action="policies.published_with_policy").exists()
    assert rules.approved_revision(published) is None


def test_failure_half_way_leaves_neither_public(normative, interpretation, staff, monkeypatch):
    approve_all(interpretation, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    submit(normative, staff.dqc_drafter)
    act(normative, staff.dqc_reviewer, "approve")

    def broken_publish(self, revision, **kwargs):
        raise RuntimeError("模拟第二次发布失败")

    monkeypatch.setattr(InterpretationPage, "publish", broken_publish)
    with pytest.raises(RuntimeError):
        act(normative, staff.office, "approve")
    monkeypatch.undo()

    policy, waiting = fresh(normative), fresh(interpretation)
    assert not policy.live and policy.index_number is None and policy.first_published_at is None
    assert not waiting.live
    assert not PageLogEntry.objects.filter(page=policy, action="wagtail.publish").exists()
    # The approval itself was rolled back too: the office can approve again once the fault is gone.
    assert policy.current_workflow_task.name == "办公室审核"
    act(normative, staff.office, "approve")
    assert fresh(normative).live and fresh(interpretation).live


def test_failure_in_direct_publish_rolls_back(normative, interpretation, staff, monkeypatch):
    approve_all(interpretation, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    monkeypatch.setattr(InterpretationPage, "publish", lambda self, revision, **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        normative.get_latest_revision().publish(skip_permission_checks=True)
    assert not fresh(normative).live and not fresh(interpretation).live


def test_interpretation_never_published_before_its_policy(normative, interpretation):
    with pytest.raises(PermissionDenied, match="同步发布"):
        interpretation.get_latest_revision().publish(skip_permission_checks=True)
    assert not fresh(interpretation).live


def test_interpretation_of_live_policy_publishes_on_approval(columns, depts, staff):
    policy = PolicyFactory(parent=columns.policies, department=depts.dqc)
    later = InterpretationFactory(parent=columns.interpretations, policy=policy)
    approve_all(later, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    assert fresh(later).live


def test_scheduled_policy_publishes_its_interpretations_when_it_goes_live(normative, interpretation, staff):
    approve_all(interpretation, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    draft = fresh(normative).get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    draft.save_revision(user=staff.dqc_drafter)
    approve_all(normative, staff.dqc_drafter, staff.dqc_reviewer, staff.office2)
    assert not fresh(normative).live and not fresh(interpretation).live

    # The day comes: move the approved schedule (and the date inside the revision) into the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(normative.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    PolicyPage.objects.filter(pk=normative.pk).update(go_live_at=past)
    call_command("publish_scheduled", verbosity=0)
    assert fresh(normative).live and fresh(interpretation).live


def test_admin_publish_button_shows_the_blocker(client, normative, interpretation, staff):
    client.force_login(staff.admin)
    response = client.post(
        f"/admin/pages/{interpretation.pk}/edit/",
        _edit_data(fresh(interpretation), **{"action-publish": "action-publish"}),
        follow=True,
    )
    assert "同步发布" in response.content.decode()
    assert not fresh(interpretation).live


def _edit_data(page, **extra):
    from wagtail.test.utils.form_data import rich_text

    data = {
        "title": page.title,
        "slug": page.slug,
        "department": page.department_id,
        "body": rich_text("<p>一、出台背景。</p>"),
        "summary": "",
        "source": "",
        "keywords": "",
        "validity": page.validity,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    if isinstance(page, InterpretationPage):
        data.update({"policy": page.policy_id, "form": page.form})
    else:
        data.update(
            {
                "relations-TOTAL_FORMS": "0",
                "relations-INITIAL_FORMS": "0",
                "relations-MIN_NUM_FORMS": "0",
                "relations-MAX_NUM_FORMS": "1000",
            }
        )
        if page.important:
            data["important"] = "on"
        if page.legal_form:
            data["legal_form"] = page.legal_form
    data.update(extra)
    return data
