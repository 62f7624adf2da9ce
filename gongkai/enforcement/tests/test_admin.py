"""The staff screens of 行政执法公示 through Wagtail's admin with Django's test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import current_date
from gongkai.enforcement import selectors
from gongkai.enforcement.models import Decision, EnforcementOfficer, Withdrawal, WithdrawalReason
from gongkai.enforcement.services import ACTIONS
from gongkai.enforcement.tests.factories import USCC, DecisionFactory
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

# The review tests' departments (环评处, 宣教处, 办公室) and staff in every role.
depts = review_fixtures.depts
staff = review_fixtures.staff

ID_NUMBER = "520102199001010018"
PHONE = "13912345678"


def url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_enforcement_decision:{name}", args=args)


def decision_data(department, **overrides) -> dict:
    """The snippet form as the editor posts it: a fine on a company."""
    data = {
        "kind": "penalty",
        "department": department.pk,
        "document_title": "行政处罚决定书",
        "decision_number": "黔环罚〔2026〕88号",
        "decision_date": f"{current_date() - datetime.timedelta(days=2):%Y-%m-%d}",
        "party_name": "贵州某某化工有限公司",
        "party_category": "organisation",
        "party_uscc": USCC,
        "legal_representative": "李某",
        "party_id_type": "身份证",
        "party_id_number": "",
        "violation_type": "超标排放大气污染物",
        "facts": "经查，你单位2号锅炉氮氧化物排放浓度超过国家排放标准。",
        "basis": "《中华人民共和国大气污染防治法》第九十九条第（二）项",
        "penalty_types": ["罚款"],
        "content": "罚款人民币贰拾万元整。",
        "fine_amount": "20",
        "confiscation_amount": "",
        "suspended_license": "",
        "seriousness": "general",
        "license_category": "",
        "certificate_name": "",
        "license_number": "",
        "valid_from": "",
        "valid_to": "",
        "remarks": "",
        "full_text": "",
        "public_facts": "",
        "public_content": "",
        "public_basis": "",
        "public_remarks": "",
        "public_full_text": "",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_list_shows_only_the_users_department(client, depts, staff):
    own = DecisionFactory(department=depts.hpc, party_name="环评处的相对人公司")
    other = DecisionFactory(department=depts.xjc, party_name="宣教处的相对人公司")
    client.force_login(staff.hpc_drafter)
    body = client.get(url("list")).content.decode()
    assert own.decision_number in body and own.party_name in body
    assert other.decision_number not in body and other.party_name not in body
    client.force_login(staff.office)
    body = client.get(url("list")).content.decode()
    assert own.decision_number in body and other.decision_number in body


def test_list_filters_and_search(client, depts, staff):
    draft = DecisionFactory(department=depts.hpc, party_name="甲某某公司")
    live = DecisionFactory(department=depts.hpc, party_name="乙某某公司", published=True)
    client.force_login(staff.office)
    body = client.get(url("list"), {"status": "live"}).content.decode()
    assert live.decision_number in body and draft.decision_number not in body
    body = client.get(url("list"), {"status": "draft"}).content.decode()
    assert draft.decision_number in body and live.decision_number not in body
    body = client.get(url("list"), {"q": "甲某某"}).content.decode()
    assert draft.decision_number in body and live.decision_number not in body
    body = client.get(url("list"), {"q": live.decision_number}).content.decode()
    assert live.decision_number in body and draft.decision_number not in body
    body = client.get(url("list"), {"department": depts.xjc.pk}).content.decode()
    assert draft.decision_number not in body and live.decision_number not in body


def test_list_shows_the_publication_clock(client, depts, staff):
    today = current_date()
    overdue = DecisionFactory(department=depts.hpc, decision_date=today - datetime.timedelta(days=30))
    late = DecisionFactory(
        department=depts.hpc,
        published=True,
        decision_date=today - datetime.timedelta(days=30),
        first_published_at=timezone.now() - datetime.timedelta(days=2),
    )
    DecisionFactory(department=depts.hpc, published=True, decision_date=today - datetime.timedelta(days=1))
    client.force_login(staff.hpc_drafter)
    body = client.get(url("list")).content.decode()
    days = -selectors.publication_status(overdue, today).days_left
    assert f'<strong class="w-text-critical-200">已超期{days}个工作日</strong>' in body
    assert "逾期公示" in body and late.decision_number in body
    assert "按期公示" in body
    assert "草稿" in body and "已公示" in body


def test_another_departments_decision_is_403(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc)
    client.force_login(staff.xjc_drafter)
    for name in ("edit", "delete", "history", "inspect", "workflow_history", "lock"):
        response = client.get(url(name, decision.pk))
        assert response.status_code == 403, name
    assert "本处室" in response.content.decode()
    response = client.post(url("edit", decision.pk), decision_data(depts.xjc, decision_number="改号"))
    assert response.status_code == 403
    assert Decision.objects.get(pk=decision.pk).decision_number == decision.decision_number
    for name in ("masking", "mask", "confirm_masking", "withdraw"):
        assert client.post(reverse(f"enforcement:{name}", args=[decision.pk])).status_code == 403, name
    client.force_login(staff.hpc_drafter)
    assert client.get(url("edit", decision.pk)).status_code == 200


def test_the_decision_chooser_keeps_to_the_department(client, depts, staff):
    own = DecisionFactory(department=depts.hpc, party_name="环评处的相对人公司")
    other = DecisionFactory(department=depts.xjc, party_name="宣教处的相对人公司")
    client.force_login(staff.hpc_drafter)
    body = client.get(reverse("wagtailsnippetchoosers_enforcement_decision:choose")).json()["html"]
    assert own.party_name in body and other.party_name not in body
    chosen = "wagtailsnippetchoosers_enforcement_decision:chosen"
    assert client.get(reverse(chosen, args=[other.pk])).status_code == 403
    assert client.get(reverse(chosen, args=[own.pk])).status_code == 200


def test_drafter_creates_a_decision_only_for_their_department(client, depts, staff):
    client.force_login(staff.hpc_drafter)
    form = client.get(url("add")).context["form"]
    assert list(form.fields["department"].queryset) == [depts.hpc]
    response = client.post(url("add"), decision_data(depts.xjc))
    assert response.status_code == 200
    assert "只能选择本处室。" in response.context["form"].errors["department"]
    response = client.post(url("add"), decision_data(depts.hpc))
    assert response.status_code == 302, response.context["form"].errors
    decision = Decision.objects.get(decision_number="黔环罚〔2026〕88号")
    assert decision.department == depts.hpc and decision.created_by == staff.hpc_drafter
    assert decision.penalty_types == ["罚款"] and not decision.live
    assert decision.public_until is not None


def test_staff_without_department_cannot_add(client, staff):
    client.force_login(staff.nodept)
    response = client.get(url("add"))
    assert response.status_code == 403
    assert "未关联处室" in response.content.decode()


def test_bad_uscc_and_other_model_rules_show_as_chinese_field_errors(client, depts, staff):
    client.force_login(staff.hpc_drafter)
    response = client.post(
        url("add"),
        decision_data(
            depts.hpc, party_uscc="91520100MA6DJ5XL06", legal_representative="", penalty_types=[], fine_amount=""
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["party_uscc"] == ["法人及非法人组织须填写有效的统一社会信用代码（校验位须正确）。"]
    assert errors["legal_representative"] == ["法人及非法人组织须填写法定代表人（负责人）。"]
    assert errors["penalty_types"] == ["请选择处罚类别（行政处罚法第九条）。"]
    assert "法人及非法人组织须填写有效的统一社会信用代码" in response.content.decode()
    assert not Decision.objects.exists()
    # A natural person's identity number is checked too (and never published).
    response = client.post(
        url("add"),
        decision_data(
            depts.hpc,
            party_category="person",
            party_name="王某某",
            party_uscc="",
            legal_representative="",
            party_id_number="520102199001010019",
        ),
    )
    assert response.context["form"].errors["party_id_number"] == ["居民身份证号码校验位错误。"]


def test_mask_and_confirm_through_the_admin(client, depts, staff):
    decision = DecisionFactory(
        department=depts.hpc, full_text=f"委托代理人身份证号码{ID_NUMBER}，联系电话{PHONE}。经查，你单位超标排放。"
    )
    client.force_login(staff.hpc_drafter)
    page = client.get(reverse("enforcement:masking", args=[decision.pk]))
    assert page.status_code == 200
    assert "尚未核对" in page.content.decode() and "尚未生成" in page.content.decode()

    # Nothing to confirm before a masked copy exists.
    response = client.post(reverse("enforcement:confirm_masking", args=[decision.pk]))
    assert response.status_code == 400
    assert "请先生成脱敏文本" in response.content.decode()

    response = client.post(reverse("enforcement:mask", args=[decision.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("enforcement:masking", args=[decision.pk])
    assert any("已生成脱敏文本" in m for m in messages_of(response))
    body = response.content.decode()
    assert "<mark" in body  # masked spans are marked on the page
    decision = Decision.objects.get(pk=decision.pk)
    assert ID_NUMBER not in decision.public_full_text and PHONE not in decision.public_full_text
    assert "经查，你单位超标排放" in decision.public_full_text
    assert decision.masking_reviewed_at is None

    response = client.post(reverse("enforcement:confirm_masking", args=[decision.pk]), follow=True)
    assert any("核对无误" in m for m in messages_of(response))
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.masking_reviewed_by == staff.hpc_drafter
    assert decision.publication_blockers() == []
    actions = set(ModelLogEntry.objects.for_instance(decision).values_list("action", flat=True))
    assert {"enforcement.mask", "enforcement.masking_reviewed"} <= actions


def test_public_copy_with_personal_data_cannot_be_confirmed_in_the_admin(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, public_facts=f"当事人身份证号码{ID_NUMBER}。")
    client.force_login(staff.hpc_drafter)
    response = client.post(reverse("enforcement:confirm_masking", args=[decision.pk]))
    assert response.status_code == 400
    assert "仍有个人信息" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).masking_reviewed_at is None


def test_editing_the_public_text_needs_a_new_check(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, masked=True)
    assert decision.masking_reviewed_at is not None
    client.force_login(staff.hpc_drafter)
    data = decision_data(
        depts.hpc,
        decision_number=decision.decision_number,
        decision_date=f"{decision.decision_date:%Y-%m-%d}",
        public_facts=decision.public_facts,
        public_content="罚款人民币贰拾万元整（已改）。",
        public_basis=decision.public_basis,
    )
    response = client.post(url("edit", decision.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    draft = Decision.objects.get(pk=decision.pk).get_latest_revision_as_object()
    assert draft.public_content == "罚款人民币贰拾万元整（已改）。"
    assert draft.masking_reviewed_at is None
    assert "脱敏文本尚未经工作人员核对" in draft.publication_blockers()


def test_withdrawal_through_the_admin(client, depts, staff):
    today = current_date()
    decision = DecisionFactory(department=depts.hpc, published=True, decision_date=today - datetime.timedelta(days=60))
    withdraw = reverse("enforcement:withdraw", args=[decision.pk])

    client.force_login(staff.hpc_drafter)  # department staff do not take decisions down
    assert client.get(withdraw).status_code == 403

    client.force_login(staff.office)
    assert client.get(url("edit", decision.pk)).status_code == 200
    assert withdraw in client.get(url("edit", decision.pk)).content.decode()  # header button
    response = client.post(withdraw, {"reason": "", "event_date": "2026-13-01", "statement": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["reason"] == ["请选择撤下事由。"] and "有效的日期" in errors["event_date"][0]
    response = client.post(
        withdraw,
        {
            "reason": WithdrawalReason.REVOKED,
            "event_date": f"{today + datetime.timedelta(days=1):%Y-%m-%d}",
            "statement": "该决定已被撤销。",
        },
    )
    assert response.status_code == 400 and "日期不能晚于今天" in response.content.decode()

    event = today - datetime.timedelta(days=14)  # at least 3 working days ago: late
    response = client.post(
        withdraw,
        {
            "reason": WithdrawalReason.REVOKED,
            "event_date": f"{event:%Y-%m-%d}",
            "statement": "该行政处罚决定已被行政复议机关撤销，现予撤下。",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert any("已超过三个工作日" in m for m in messages_of(response))
    decision = Decision.objects.get(pk=decision.pk)
    assert not decision.live
    withdrawal = Withdrawal.objects.get(decision=decision)
    assert withdrawal.reason == WithdrawalReason.REVOKED and withdrawal.withdrawn_by == staff.office
    assert decision not in selectors.public_decisions(today)

    # Flagged as late on 待公示与超期, for the office and for the department.
    for user in (staff.office, staff.hpc_drafter):
        client.force_login(user)
        body = client.get(reverse("enforcement:pending")).content.decode()
        section = body[body.index('id="late-withdrawals-section"') :]
        assert decision.decision_number in section and "逾期" in section
    client.force_login(staff.xjc_drafter)
    assert decision.decision_number not in client.get(reverse("enforcement:pending")).content.decode()
    # The audit log says it, in Chinese.
    entry = ModelLogEntry.objects.for_instance(decision).get(action="enforcement.withdraw")
    assert entry.message == "撤下公示（撤销），超过三个工作日"


def test_withdrawal_on_time_is_not_flagged(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, published=True)
    client.force_login(staff.office)
    client.post(
        reverse("enforcement:withdraw", args=[decision.pk]),
        {
            "reason": WithdrawalReason.CHANGED,
            "event_date": f"{current_date():%Y-%m-%d}",
            "statement": "处罚决定已变更。",
        },
    )
    assert Withdrawal.objects.filter(decision=decision).exists()
    body = client.get(reverse("enforcement:pending")).content.decode()
    assert decision.decision_number not in body


def test_wagtail_unpublish_goes_to_the_withdrawal_form(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, published=True)
    client.force_login(staff.admin)
    response = client.post(url("unpublish", decision.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:withdraw", args=[decision.pk])
    assert Decision.objects.get(pk=decision.pk).live


def test_published_decision_cannot_be_deleted(client, depts, staff):
    decision = DecisionFactory(department=depts.hpc, published=True)
    client.force_login(staff.admin)
    response = client.post(url("delete", decision.pk))
    assert response.status_code == 403 and "撤下公示" in response.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()
    draft = DecisionFactory(department=depts.hpc)
    assert client.post(url("delete", draft.pk)).status_code == 302
    assert not Decision.objects.filter(pk=draft.pk).exists()


def test_remove_after_repair_through_the_admin(client, depts, staff):
    today = current_date()
    decision = DecisionFactory(department=depts.hpc, published=True, decision_date=today - datetime.timedelta(days=10))
    remove = reverse("enforcement:remove_after_repair", args=[decision.pk])
    client.force_login(staff.office)
    assert "最短公示期届满" in client.get(remove).content.decode()
    response = client.post(remove, {"reason": "当事人已履行处罚并完成信用修复"})
    assert response.status_code == 400 and "最短公示期至" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).live


def test_dashboard_panel_shows_an_overdue_unpublished_decision(client, depts, staff):
    today = current_date()
    overdue = DecisionFactory(department=depts.hpc, decision_date=today - datetime.timedelta(days=30))
    published = DecisionFactory(department=depts.hpc, published=True, decision_date=today - datetime.timedelta(days=30))
    minor = DecisionFactory(
        department=depts.hpc, person=True, party_is_minor=True, decision_date=today - datetime.timedelta(days=30)
    )
    other = DecisionFactory(department=depts.xjc, decision_date=today - datetime.timedelta(days=30))
    client.force_login(staff.hpc_drafter)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "行政执法公示：待公示与超期" in body
    panel = body[body.index('id="enforcement-pending-section"') :]
    assert overdue.decision_number in panel
    days = -selectors.publication_status(overdue, today).days_left
    assert f"已超期{days}个工作日" in panel
    assert published.decision_number not in panel  # published, even if late
    assert minor.decision_number not in panel  # never published
    assert other.decision_number not in panel  # another department
    client.force_login(staff.office)
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    assert overdue.decision_number in panel and other.decision_number in panel


def test_pending_page_lists_due_soon_and_filters_by_department(client, depts, staff):
    today = current_date()
    due_today = DecisionFactory(department=depts.hpc, decision_date=today)  # 7 working days left: not yet listed
    overdue = DecisionFactory(department=depts.xjc, decision_date=today - datetime.timedelta(days=30))
    client.force_login(staff.office)
    body = client.get(reverse("enforcement:pending")).content.decode()
    assert overdue.decision_number in body and due_today.decision_number not in body
    body = client.get(reverse("enforcement:pending"), {"department": depts.hpc.pk}).content.decode()
    assert overdue.decision_number not in body


def test_officers_and_matters_are_department_scoped(client, depts, staff):
    own = EnforcementOfficer.objects.create(department=depts.hpc, name="张执法", certificate_number="52000001")
    other = EnforcementOfficer.objects.create(department=depts.xjc, name="李执法", certificate_number="52000002")
    client.force_login(staff.hpc_drafter)
    body = client.get(reverse("enforcement_officers:index")).content.decode()
    assert own.name in body and other.name not in body
    assert client.get(reverse("enforcement_officers:edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("enforcement_officers:edit", args=[own.pk])).status_code == 200
    response = client.post(
        reverse("enforcement_officers:add"),
        {"department": depts.xjc.pk, "name": "王执法", "certificate_number": "52000003", "active": "on"},
    )
    assert response.status_code == 200 and "只能选择本处室。" in response.context["form"].errors["department"]
    response = client.post(
        reverse("enforcement_officers:add"),
        {"department": depts.hpc.pk, "name": "王执法", "certificate_number": "52000003", "active": "on"},
    )
    assert response.status_code == 302
    assert EnforcementOfficer.objects.get(certificate_number="52000003").department == depts.hpc
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("enforcement_matters:index")).status_code == 200


def test_menu_and_audit_labels(rf, staff):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = staff.hpc_drafter
    menu = next(item for item in admin_menu.menu_items_for_request(request) if item.name == "enforcement")
    assert menu.label == "行政执法公示"
    labels = [item.label for item in menu.menu.menu_items_for_request(request)]
    assert {"执法决定", "执法人员", "执法事项清单", "待公示与超期"} <= set(labels)
    assert labels.index("执法决定") < labels.index("执法人员") < labels.index("执法事项清单")
    request.user = staff.nodept  # a drafter without department still has the role's permissions
    assert "enforcement" in {item.name for item in admin_menu.menu_items_for_request(request)}
    for action, label in ACTIONS.items():
        assert log_registry.get_action_label(action) == label
