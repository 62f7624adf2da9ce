"""Staff screens: the draft with its comments, moderation and grouping through POSTs, the XLSX,
the dashboard reminder and the digest command, and department scope."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gongkai.consultations import services
from gongkai.consultations.models import AdoptionReport, Comment, Decision
from gongkai.consultations.tests.factories import COMMENT_SET, ConsultationFactory, closed_with_comments, submit_comment
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

depts = review_fixtures.depts
staff = review_fixtures.staff


@pytest.fixture
def consultation(depts):
    return ConsultationFactory(published=True, department=depts.hpc)


def test_overview_shows_comments_under_their_article_and_counts(client, staff, consultation):
    submit_comment(consultation, text="对第三条的意见甲。", target_article=3, name="赵六", contact="13700000000")
    submit_comment(consultation, text="对第三条第二款的意见乙。", target_article=3, target_paragraph=2)
    submit_comment(consultation, text="对全文的意见丙。", identity_type="chamber", organisation="某商会")
    client.force_login(staff.hpc_drafter)
    response = client.get(f"/admin/consultations/{consultation.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    unit = body[body.index('data-unit="a3"') : body.index('data-unit="a4"')]
    assert "对第三条的意见甲。" in unit and "对第三条第二款的意见乙。" in unit and "赵六" in unit
    assert 'data-count="a3">2<' in body and 'data-count="a1">0<' in body
    assert 'data-identity="chamber">1<' in body and 'data-identity="individual">2<' in body
    whole = body[body.index("data-whole") : body.index('data-unit="a1"')]
    assert "对全文的意见丙。" in whole


def test_other_departments_get_403(client, staff, consultation):
    client.force_login(staff.xjc_drafter)
    assert client.get(f"/admin/consultations/{consultation.pk}/").status_code == 403
    assert client.get(f"/admin/consultations/{consultation.pk}/export.xlsx").status_code == 403
    comment = submit_comment(consultation)
    response = client.post(f"/admin/consultations/comment/{comment.pk}/hide/", {"reason": "测试"})
    assert response.status_code == 403 and not Comment.objects.get(pk=comment.pk).hidden
    client.force_login(staff.office)  # the disclosure office sees every department
    assert client.get(f"/admin/consultations/{consultation.pk}/").status_code == 200


def test_hide_through_the_admin_needs_a_reason(client, staff, consultation):
    comment = submit_comment(consultation, text="广告内容")
    client.force_login(staff.hpc_drafter)
    client.post(f"/admin/consultations/comment/{comment.pk}/hide/", {"reason": ""})
    assert not Comment.objects.get(pk=comment.pk).hidden
    client.post(f"/admin/consultations/comment/{comment.pk}/hide/", {"reason": "广告"})
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "广告"


def test_groups_screen_decide_merge_split(client, staff, depts):
    consultation = closed_with_comments(ConsultationFactory(published=True, department=depts.hpc), COMMENT_SET)
    client.force_login(staff.hpc_drafter)
    assert client.get(f"/admin/consultations/{consultation.pk}/groups/").status_code == 200
    a, b = consultation.comments.order_by("number")[:2]
    client.post(f"/admin/consultations/group/{b.group_id}/merge/", {"target": a.group_id})
    assert Comment.objects.get(pk=b.pk).group_id == a.group_id
    client.post(f"/admin/consultations/group/{a.group_id}/split/", {"comment": [b.pk]})
    assert Comment.objects.get(pk=b.pk).group_id != a.group_id
    client.post(f"/admin/consultations/group/{a.group_id}/decide/", {"decision": "partly", "reason": ""})
    assert Comment.objects.get(pk=a.pk).group.decision == ""  # refused: reason missing
    client.post(f"/admin/consultations/group/{a.group_id}/decide/", {"decision": "partly", "reason": "已部分吸收。"})
    assert Comment.objects.get(pk=a.pk).group.decision == Decision.PARTLY
    response = client.post(f"/admin/consultations/{consultation.pk}/report/")
    report = AdoptionReport.objects.get(consultation=consultation)
    assert response.status_code == 302 and f"/edit/{report.pk}/" in response["Location"]


def test_xlsx_has_every_comment_hidden_included(client, staff, depts):
    consultation = closed_with_comments(ConsultationFactory(published=True, department=depts.hpc), COMMENT_SET)
    hidden = consultation.comments.first()
    services.comment_hide(comment=hidden, user=staff.hpc_drafter, reason="辱骂")
    formula = submit_comment(ConsultationFactory(published=True, department=depts.hpc), text='=HYPERLINK("x")')
    group = consultation.comments.get(target_article=5).group
    services.group_decide(group=group, user=staff.hpc_drafter, decision=Decision.NOT_ADOPTED, reason="不符合上位法。")
    client.force_login(staff.hpc_drafter)
    response = client.get(f"/admin/consultations/{consultation.pk}/export.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("意见编号", "回执编号", "意见组", "组内意见数", "针对内容", "意见内容")
    data = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert len(data) == 4
    assert data[hidden.number]["已屏蔽"] == "是" and data[hidden.number]["屏蔽理由"] == "辱骂"
    five = next(r for r in data.values() if r["针对内容"] == "第五条")
    assert five["处理意见"] == "未采纳" and five["理由"] == "不符合上位法。" and five["身份类型"] == "企业"
    assert five["姓名或联系人"] == "张三"

    response = client.get(f"/admin/consultations/{formula.consultation_id}/export.xlsx")
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=6)
    assert cell.data_type == "s" and cell.value.startswith("=")


def test_dashboard_and_digest_list_closed_consultations_without_report(client, staff, depts, capsys):
    waiting = ConsultationFactory(closed=True, department=depts.hpc, title="已结束待公布")
    ConsultationFactory(published=True, department=depts.hpc, title="仍在征集")
    client.force_login(staff.hpc_drafter)
    body = client.get("/admin/").content.decode()
    assert "已结束未公布采纳情况" in body and f'data-missing="{waiting.pk}"' in body and "仍在征集" not in body
    call_command("consultations_digest")
    out = capsys.readouterr().out
    assert "已结束待公布" in out and "已1天" in out and "共1项" in out
    call_command("consultations_digest", "--department", "xjc")
    assert "没有已结束" in capsys.readouterr().out


def snippet_url(model: str, view: str, *args) -> str:
    suffix = "".join(f"{a}/" for a in args)
    return f"/admin/snippets/consultations/{model}/{view}/{suffix}"


def consultation_post(department, **overrides) -> dict:
    data = {
        "title": "关于公开征求《某某管理办法（征求意见稿）》意见的通知",
        "kind": "normative",
        "department": department.pk,
        "draft_text": "第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。",
        "basis": "《中华人民共和国环境保护法》",
        "expected_effect": "规范管理。",
        "explanation": "",
        "opens_at": "2026-12-01 09:00",
        "closes_at": "2026-12-11 17:00",
        "short_period_reason": "",
        "contact": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_snippet_editor_refuses_short_period_without_reason_then_saves(client, staff, depts):
    from gongkai.consultations.models import Consultation

    client.force_login(staff.hpc_drafter)
    assert client.get(snippet_url("consultation", "add")).status_code == 200
    response = client.post(snippet_url("consultation", "add"), consultation_post(depts.hpc))
    assert response.status_code == 200 and "须说明缩短期限的理由" in response.content.decode()
    response = client.post(
        snippet_url("consultation", "add"), consultation_post(depts.hpc, short_period_reason="情况紧急，需尽快出台。")
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.created_by == staff.hpc_drafter and not consultation.live
    # Another department cannot be chosen.
    response = client.post(snippet_url("consultation", "add"), consultation_post(depts.xjc, short_period_reason="紧急"))
    assert response.status_code == 200 and "只能选择本处室" in response.content.decode()
    assert client.get(snippet_url("consultation", "edit", consultation.pk)).status_code == 200
    client.force_login(staff.xjc_drafter)
    assert client.get(snippet_url("consultation", "edit", consultation.pk)).status_code == 403


def test_report_editor_opens_and_blank_add_is_redirected(client, staff, depts):
    consultation = closed_with_comments(ConsultationFactory(published=True, department=depts.hpc), COMMENT_SET)
    report = services.report_start(consultation=consultation, user=staff.hpc_drafter)
    client.force_login(staff.hpc_drafter)
    assert client.get(snippet_url("adoptionreport", "edit", report.pk)).status_code == 200
    assert client.get(snippet_url("adoptionreport", "add")).status_code == 302
    listing = client.get("/admin/snippets/consultations/consultation/")
    assert listing.status_code == 200 and f"/admin/consultations/{consultation.pk}/groups/" in listing.content.decode()


def test_preview_of_the_draft_renders_the_public_page(client, staff, depts, home):
    from django.urls import reverse

    from gongkai.consultations.models import Consultation

    consultation = ConsultationFactory(department=depts.hpc)
    client.force_login(staff.hpc_drafter)
    url = reverse(Consultation.snippet_viewset.get_url_name("preview_on_edit"), args=[consultation.pk])
    data = consultation_post(depts.hpc, title="预览中的征集", short_period_reason="紧急")
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "预览中的征集" in body and "本页为工作人员预览" in body and 'id="a2"' in body


def test_a_consultation_with_comments_cannot_be_deleted(client, depts):
    from gongkai.consultations.models import Consultation
    from gongkai.org.tests.factories import UserFactory

    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    consultation = ConsultationFactory(published=True, department=depts.hpc)
    submit_comment(consultation)
    client.force_login(superuser)
    response = client.post(snippet_url("consultation", "delete", consultation.pk))
    assert response.status_code == 302
    assert Consultation.objects.filter(pk=consultation.pk).exists() and Comment.objects.count() == 1
