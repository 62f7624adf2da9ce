"""Moderation, grouping by staff, decisions, and the 意见采纳情况 from its blockers to publication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from gongkai.consultations import selectors, services
from gongkai.consultations.models import AdoptionReport, Comment, CommentGroup, Decision
from gongkai.consultations.tests.factories import ConsultationFactory, closed_with_comments, submit_comment
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hpc():
    return DepartmentFactory(name="环评处", code="hpc")


@pytest.fixture
def editor(hpc):
    return UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc)


@pytest.fixture
def outsider():
    return UserFactory(
        username="xjc_editor", role=Role.DRAFTER, department=DepartmentFactory(name="宣教处", code="xjc")
    )


COMMENTS = [
    {"text": "建议第三条明确公开期限。", "target_article": 3, "identity_type": "individual"},
    {
        "text": "建议缩短第五条的审批时限为三十日以内，提高效率。",
        "target_article": 5,
        "identity_type": "enterprise",
        "organisation": "甲公司",
    },
    {
        "text": "建议缩短第五条的审批时限为三十日以内，提高效率！",
        "target_article": 5,
        "identity_type": "enterprise",
        "organisation": "乙公司",
    },
    {"text": "整体赞成。", "identity_type": "trade_association", "organisation": "省环保产业协会"},
    {"text": "骂人的话。", "target_article": 1, "identity_type": "individual"},
]


@pytest.fixture
def closed(hpc):
    return closed_with_comments(ConsultationFactory(published=True, department=hpc), COMMENTS)


def test_hide_keeps_the_comment_and_logs_the_reason(closed, editor, outsider):
    comment = closed.comments.get(text="骂人的话。")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, user=editor, reason="")
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, user=outsider, reason="辱骂他人")
    services.comment_hide(comment=comment, user=editor, reason="辱骂他人")
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_reason == "辱骂他人" and comment.hidden_by == editor
    entry = ModelLogEntry.objects.get(action="consultations.comment_hide")
    assert entry.data == {"comment": comment.number, "reason": "辱骂他人"} and entry.user == editor
    assert Comment.objects.filter(consultation=closed).count() == 5  # nothing deleted
    staff = {p.code: p.count for p in selectors.participation(closed, include_hidden=True)}
    public = {p.code: p.count for p in selectors.participation(closed, include_hidden=False)}
    assert staff["individual"] == 2 and public["individual"] == 1
    services.comment_unhide(comment=comment, user=editor)
    assert not Comment.objects.get(pk=comment.pk).hidden
    assert ModelLogEntry.objects.filter(action="consultations.comment_unhide").count() == 1


def test_participation_by_identity_type(closed):
    counts = {p.label: p.count for p in selectors.participation(closed, include_hidden=True)}
    assert counts == {"个人": 2, "企业": 2, "行业协会": 1, "商会": 0, "律师协会": 0, "其他组织": 0}


def test_split_and_merge(closed, editor):
    first = closed.comments.get(organisation="甲公司")
    second = closed.comments.get(organisation="乙公司")
    assert first.group_id == second.group_id
    with pytest.raises(ValidationError):
        services.group_split(comments=[first, second], user=editor)  # not the whole group
    new_group = services.group_split(comments=[second], user=editor)
    assert Comment.objects.get(pk=second.pk).group == new_group and new_group.manual
    merged = services.group_merge(source=new_group, target=first.group, user=editor)
    assert merged.comments.count() == 2
    assert not CommentGroup.objects.filter(pk=new_group.pk).exists()
    assert (
        ModelLogEntry.objects.filter(action__in=["consultations.group_split", "consultations.group_merge"]).count() == 2
    )


def test_decisions_need_reasons_unless_adopted(closed, editor):
    group = closed.comments.get(target_article=3).group
    with pytest.raises(ValidationError) as error:
        services.group_decide(group=group, user=editor, decision=Decision.NOT_ADOPTED, reason="")
    assert error.value.message_dict == {"reason": ["部分采纳或未采纳的，须说明理由。"]}
    with pytest.raises(ValidationError):
        services.group_decide(group=group, user=editor, decision="maybe", reason="")
    services.group_decide(group=group, user=editor, decision=Decision.ADOPTED, reason="")
    assert CommentGroup.objects.get(pk=group.pk).decision == Decision.ADOPTED


def test_no_decision_while_still_open(editor, hpc):
    consultation = ConsultationFactory(published=True, department=hpc)
    comment = submit_comment(consultation)
    with pytest.raises(ValidationError):
        services.group_decide(group=comment.group, user=editor, decision=Decision.ADOPTED, reason="")


def test_report_blockers_then_publication_freezes_the_public_entries(closed, editor):
    hidden = closed.comments.get(text="骂人的话。")
    services.comment_hide(comment=hidden, user=editor, reason="辱骂他人")
    report = services.report_start(consultation=closed, user=editor)
    assert report.department_id == closed.department_id and not report.live
    assert services.report_start(consultation=closed, user=editor) == report  # once
    blockers = report.publication_blockers()
    assert blockers == ["还有3组意见未填写处理意见"]  # the hidden-only group needs no decision
    for group in selectors.groups_to_decide(closed):
        services.group_decide(group=group, user=editor, decision=Decision.PARTLY, reason="部分内容已在第五条中体现。")
    assert report.publication_blockers() == []
    # Publish the revision as the last approval of the review does.
    report.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    report = AdoptionReport.objects.get(pk=report.pk)
    assert report.live
    entries = report.published_entries
    assert len(entries) == 3 and sum(e["count"] for e in entries) == 4
    five = next(e for e in entries if e["target_label"] == "第五条")
    assert five["count"] == 2 and five["decision_label"] == "部分采纳" and five["reason"]
    assert report.published_participation["enterprise"] == 2 and report.published_participation["individual"] == 1
    assert closed.state().label == "已公布采纳情况"
    assert not any("骂人" in e["text"] for e in entries)


def test_report_cannot_start_before_close(editor, hpc):
    consultation = ConsultationFactory(published=True, department=hpc)
    with pytest.raises(ValidationError):
        services.report_start(consultation=consultation, user=editor)


def test_decisions_are_frozen_while_the_report_is_in_review(closed, editor):
    report = services.report_start(consultation=closed, user=editor)
    report.get_workflow().start(report, editor)
    group = closed.comments.get(target_article=3).group
    with pytest.raises(ValidationError) as error:
        services.group_decide(group=group, user=editor, decision=Decision.ADOPTED, reason="")
    assert "正在审核" in error.value.messages[0]


def test_hiding_after_publication_removes_the_text_from_the_public_report(closed, editor):
    report = services.report_start(consultation=closed, user=editor)
    for group in selectors.groups_to_decide(closed):
        services.group_decide(group=group, user=editor, decision=Decision.ADOPTED, reason="")
    report.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    late = closed.comments.get(text="整体赞成。")
    services.comment_hide(comment=late, user=editor, reason="经核实为冒名提交")
    entries = AdoptionReport.objects.get(pk=report.pk).published_entries
    assert len(entries) == 3 and not any(e["group"] == late.group_id for e in entries)
    assert not any(e["text"] == "整体赞成。" for e in entries)


def test_a_revised_draft_must_keep_the_articles_commented_on(hpc):
    consultation = ConsultationFactory(published=True, department=hpc)
    submit_comment(consultation, target_article=5)
    submit_comment(consultation, target_article=3, target_paragraph=2)
    assert consultation.publication_blockers() == []
    consultation.draft_text = "第一条 为了规范审批，制定本规定。\n第二条 本规定自发布之日起施行。"
    assert consultation.publication_blockers() == [
        "已有意见针对的第三条第二款、第五条在修改后的草案中不存在，请保留原条款编号"
    ]
