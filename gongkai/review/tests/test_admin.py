"""The review chain through Wagtail's admin with Django's test client."""

import re

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.portal.models import ArticlePage
from gongkai.review.models import SensitiveOverride, WithdrawalNotice
from gongkai.review.services import OVERRIDE_ACTION, WITHDRAW_ACTION
from gongkai.review.tests.helpers import act, current_task, reload, submit

pytestmark = pytest.mark.django_db


def article_data(department, **overrides) -> dict:
    data = {
        "title": "关于开展2026年度建设项目环评文件技术复核的通知",
        "slug": "eia-review-2026",
        "department": department.pk,
        "written_date": "2026-11-20",
        "document_number": "环评函〔2026〕12号",
        "validity": "valid",
        "summary": "",
        "body": rich_text("<p>为提高环评文件质量，现开展技术复核。</p>"),
        "source": "",
        "keywords": "",
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(column) -> str:
    return reverse("wagtailadmin_pages:add", args=("portal", "articlepage", column.pk))


def workflow_action_url(page, action: str) -> str:
    task_state = reload(page).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_full_chain_through_the_admin(client, column, depts, staff):
    client.force_login(staff.hpc_drafter)
    response = client.post(add_url(column), article_data(depts.hpc, **{"action-submit": "提交审核"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ArticlePage.objects.get(slug="eia-review-2026")
    assert item.owner == staff.hpc_drafter and not item.live
    assert current_task(item)[1].name == "处室审核"

    client.force_login(staff.hpc_reviewer)
    assert item.title in client.get(reverse("wagtailadmin_home")).content.decode()  # 待审核 panel
    client.force_login(staff.xjc_reviewer)
    assert item.title not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(staff.hpc_reviewer)
    response = client.post(workflow_action_url(item, "approve"))
    assert response.status_code == 302
    assert current_task(item)[1].name == "办公室审核"

    client.force_login(staff.office)
    response = client.post(workflow_action_url(item, "approve"))
    assert response.status_code == 302
    item = reload(item)
    assert item.live
    assert item.index_number
    assert client.get(item.url).status_code == 200


def test_drafter_cannot_choose_another_department(client, column, depts, staff):
    client.force_login(staff.hpc_drafter)
    form = client.get(add_url(column)).context["form"]
    assert list(form.fields["department"].queryset) == [depts.hpc]
    assert form.initial["department"] == depts.hpc.pk

    response = client.post(add_url(column), article_data(depts.xjc, **{"action-submit": "提交审核"}))
    assert response.status_code == 200
    assert "只能以本处室（环评处）名义发布信息。" in response.context["form"].errors["department"]
    assert not ArticlePage.objects.filter(slug="eia-review-2026").exists()


def test_staff_without_department_cannot_create_items(client, column, staff):
    client.force_login(staff.nodept)
    response = client.get(add_url(column))
    assert response.status_code == 403
    assert "未关联处室" in response.content.decode()


def test_drafter_cannot_create_columns(client, column, staff):
    client.force_login(staff.hpc_drafter)
    response = client.get(reverse("wagtailadmin_pages:add", args=("portal", "columnpage", column.pk)))
    assert response.status_code == 403


def test_editor_of_another_department_gets_403(client, draft_item, staff):
    client.force_login(staff.xjc_drafter)
    for name in ("edit", "delete", "history", "revisions_index", "view_draft"):
        response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[draft_item.pk]))
        assert response.status_code == 403, name
    assert "本处室" in response.content.decode()
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft_item.pk])).status_code == 200


def test_explorer_lists_only_own_department_items(client, column, draft_item, depts, staff):
    from gongkai.portal.tests.factories import ArticleFactory

    other = ArticleFactory(parent=column, department=depts.xjc, title="宣教处的信息", slug="xjc-news")
    explore = reverse("wagtailadmin_explore", args=[column.pk])
    client.force_login(staff.hpc_drafter)
    body = client.get(explore).content.decode()
    assert draft_item.title in body and other.title not in body
    client.force_login(staff.office)
    body = client.get(explore).content.decode()
    assert draft_item.title in body and other.title in body
    # Columns stay visible for navigation.
    client.force_login(staff.hpc_drafter)
    assert column.title in client.get(reverse("wagtailadmin_explore", args=[column.get_parent().pk])).content.decode()


def test_author_with_reviewer_role_cannot_approve_in_the_admin(client, draft_item, staff):
    staff.hpc_reviewer.groups.add(staff.hpc_drafter.groups.get())
    submit(draft_item, staff.hpc_reviewer)  # the reviewer drafted and submitted it themselves
    client.force_login(staff.hpc_reviewer)
    response = client.post(workflow_action_url(draft_item, "approve"))
    assert current_task(draft_item)[0].status == TaskState.STATUS_IN_PROGRESS
    assert response.status_code == 403
    assert "不能审核本人修改或提交的内容" in response.content.decode()
    # The edit-view path is refused by the before_edit_page hook with a message.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft_item.pk]),
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
        follow=True,
    )
    assert any("本人修改或提交" in m for m in messages_of(response))
    assert current_task(draft_item)[0].status == TaskState.STATUS_IN_PROGRESS


def test_reviewer_of_another_department_cannot_approve_in_the_admin(client, draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    client.force_login(staff.xjc_reviewer)
    response = client.post(workflow_action_url(draft_item, "approve"))
    assert response.status_code == 403
    assert current_task(draft_item)[0].status == TaskState.STATUS_IN_PROGRESS


def test_rejection_with_comment_through_the_admin(client, draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    url = workflow_action_url(draft_item, "reject")
    modal = client.post(url, {}, headers={"x-requested-with": "XMLHttpRequest"})
    assert "退回修改须填写意见" in modal.json()["html"]
    client.post(url, {"comment": "请补充受理日期。"})
    task_state = TaskState.objects.filter(workflow_state__object_id=str(draft_item.pk)).order_by("-pk").first()
    assert task_state.status == TaskState.STATUS_REJECTED and task_state.comment == "请补充受理日期。"
    entry = PageLogEntry.objects.get(page=draft_item, action="wagtail.workflow.reject")
    assert entry.data["comment"] == "请补充受理日期。"


def test_hits_are_shown_to_author_and_reviewer(client, draft_item, staff):
    item = reload(draft_item)
    item.body = "<p>请国家环保总局各部门落实污染防治攻坚站任务。</p>"
    item.save_revision(user=staff.hpc_drafter)
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    client.force_login(staff.hpc_drafter)
    response = client.get(edit)
    text = " ".join(messages_of(response))
    assert "错敏词检查：发现2处" in text and "建议改为“污染防治攻坚战”" in text
    assert reverse("review:check", args=[item.pk]) in response.content.decode()  # header button
    submit(item, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    text = " ".join(messages_of(client.get(edit)))
    assert "…请【国家环保总局】各部门" in text
    report = client.get(reverse("review:check", args=[item.pk]))
    assert report.status_code == 200 and "改为“生态环境部”" in report.content.decode()
    client.force_login(staff.xjc_reviewer)
    assert client.get(reverse("review:check", args=[item.pk])).status_code == 403


def test_hits_message_after_saving(client, column, depts, staff):
    client.force_login(staff.hpc_drafter)
    data = article_data(depts.hpc, body=rich_text("<p>打好污染防治攻坚站。</p>"))
    response = client.post(add_url(column), data, follow=True)
    assert response.status_code == 200
    text = " ".join(messages_of(response))
    assert text.count("错敏词检查") == 1


def test_severe_word_blocks_publication_until_overridden_in_the_admin(client, draft_item, staff, severe_word):
    item = reload(draft_item)
    item.body = "<p>本项目涉及绝密样词。</p>"
    item.save_revision(user=staff.hpc_drafter)
    submit(item, staff.hpc_drafter)
    act(item, staff.hpc_reviewer, "approve")

    client.force_login(staff.office)
    response = client.post(workflow_action_url(item, "approve"))
    assert response.status_code == 403 and "绝密样词" in response.content.decode()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[item.pk]),
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
        follow=True,
    )
    assert any("绝密样词" in m for m in messages_of(response))
    assert not reload(item).live

    check_url = reverse("review:check", args=[item.pk])
    response = client.post(check_url, {"reason": ""})
    assert response.status_code == 400 and "请填写放行理由" in response.content.decode()
    response = client.post(check_url, {"reason": "引用国家文件原文，用语准确，同意放行。"})
    assert response.status_code == 302
    override = SensitiveOverride.objects.get(page=item)
    assert override.user == staff.office and override.words == ["绝密样词"]
    entry = PageLogEntry.objects.get(page=item, action=OVERRIDE_ACTION)
    assert entry.data["reason"] == "引用国家文件原文，用语准确，同意放行。"
    history = client.get(reverse("wagtailadmin_pages:history", args=[item.pk])).content.decode()
    assert "错敏词放行" in history

    client.force_login(staff.office2)
    client.post(workflow_action_url(item, "approve"))
    assert reload(item).live


def test_severe_word_blocks_direct_publish(client, draft_item, staff, severe_word):
    item = reload(draft_item)
    client.force_login(staff.admin)  # 系统管理员 may publish directly, but not past a severe word
    data = article_data(
        item.department,
        title=item.title,
        slug=item.slug,
        body=rich_text("<p>绝密样词</p>"),
        **{"action-publish": "发布"},
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data, follow=True)
    assert any("未发布" in m for m in messages_of(response))
    assert not reload(item).live


def test_unpublish_requires_a_reason_and_can_leave_a_notice(client, column, depts, staff):
    from gongkai.portal.tests.factories import ArticleFactory

    item = ArticleFactory(parent=column, department=depts.hpc, title="某项目环评批复", slug="eia-approval")
    old_url = item.url
    assert client.get(old_url).status_code == 200

    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("review:withdraw", args=[item.pk])).status_code == 403

    client.force_login(staff.office)
    wagtail_unpublish = client.get(reverse("wagtailadmin_pages:unpublish", args=[item.pk]))
    assert wagtail_unpublish.status_code == 302
    assert wagtail_unpublish["Location"] == reverse("review:withdraw", args=[item.pk])

    response = client.post(reverse("review:withdraw", args=[item.pk]), {"reason": "", "show_notice": "on"})
    assert response.status_code == 400
    assert "请填写撤回原因。" in response.content.decode()
    assert reload(item).live

    response = client.post(
        reverse("review:withdraw", args=[item.pk]),
        {"reason": "项目建设单位撤回申请，批复依法撤销", "show_notice": "on"},
    )
    assert response.status_code == 302
    assert not reload(item).live
    notice = WithdrawalNotice.objects.get(page=item)
    assert notice.url_path == old_url and notice.withdrawn_by == staff.office
    entry = PageLogEntry.objects.get(page=item, action=WITHDRAW_ACTION)
    assert entry.data["reason"] == "项目建设单位撤回申请，批复依法撤销"
    assert PageLogEntry.objects.filter(page=item, action="wagtail.unpublish").exists()

    client.logout()
    response = client.get(old_url)
    assert response.status_code == 410
    text = response.content.decode()
    assert f"本信息已于{notice.withdrawn_on:%Y-%m-%d}撤回，原因：项目建设单位撤回申请，批复依法撤销" in text


def test_unpublish_without_notice_gives_a_plain_404(client, column, depts, staff):
    from gongkai.portal.tests.factories import ArticleFactory

    item = ArticleFactory(parent=column, department=depts.hpc, slug="quiet-withdrawal")
    old_url = item.url
    client.force_login(staff.office)
    client.post(reverse("review:withdraw", args=[item.pk]), {"reason": "内容有误，修改后重新发布"})
    assert not reload(item).live
    client.logout()
    assert client.get(old_url).status_code == 404


def test_wagtail_unpublish_post_is_refused_without_a_reason(client, column, depts, staff):
    from gongkai.portal.tests.factories import ArticleFactory

    item = ArticleFactory(parent=column, department=depts.hpc, slug="direct-post")
    client.force_login(staff.office)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[item.pk]), follow=True)
    assert reload(item).live
    assert response.redirect_chain[-1][0] == reverse("review:withdraw", args=[item.pk])


def test_leader_signs_off_important_items_in_the_admin(client, draft_item, staff):
    item = reload(draft_item)
    item.important = True
    item.save_revision(user=staff.hpc_drafter)
    submit(item, staff.hpc_drafter)
    act(item, staff.hpc_reviewer, "approve")
    act(item, staff.office, "approve")
    client.force_login(staff.leader)
    # Leaders hold no page permission of their own: the review step opens the editor for them.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])).status_code == 200
    client.post(workflow_action_url(item, "approve"))
    assert reload(item).live


def test_approving_with_own_edits_is_refused_and_the_edit_kept(client, draft_item, staff):
    submit(draft_item, staff.hpc_drafter)
    item = reload(draft_item)
    client.force_login(staff.hpc_reviewer)
    data = article_data(
        item.department,
        title=item.title + "（审核人修改）",
        slug=item.slug,
        **{"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data)
    task_state, task = current_task(item)
    assert task.name == "处室审核" and task_state.status == TaskState.STATUS_IN_PROGRESS
    assert reload(item).get_latest_revision().user == staff.hpc_reviewer


def test_reviewer_compares_two_revisions_of_an_item(client, draft_item, staff):
    """Reviewers see exactly what changed between the drafter's revisions."""
    first = draft_item.latest_revision
    item = reload(draft_item)
    item.title = "关于某项目环境影响报告书受理情况的公示（更正）"
    second = item.save_revision(user=staff.hpc_drafter)
    client.force_login(staff.office)
    url = reverse("wagtailadmin_pages:revisions_compare", args=(item.pk, first.pk, second.pk))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The added words are marked as an addition, not merely shown.
    assert re.search(r'class="addition"[^>]*>[^<]*更正', html), html[:3000]
