"""The public pages of 行政执法公示: landing, the decision query, one decision, officers, matters."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.documents import get_document_model

from gongkai.calendar.services import current_date
from gongkai.enforcement import rules
from gongkai.enforcement.models import (
    Decision,
    EnforcementMatter,
    EnforcementOfficer,
    Kind,
    PartyCategory,
    Withdrawal,
    WithdrawalReason,
)
from gongkai.enforcement.tests.factories import USCC, DecisionFactory
from gongkai.enforcement.views_public import format_wanyuan
from gongkai.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

LIST = "/enforcement/decisions/"

RAW_ID = "520102198807152811"
MASKED_ID = "520102********2811"
RAW_PHONE = "13912345678"
MASKED_PHONE = "139****5678"
RAW_FACTS = f"经查，当事人王某某（身份证号码{RAW_ID}，联系电话{RAW_PHONE}）在自家院内露天焚烧电子废物。"
PUBLIC_FACTS = f"经查，当事人王某某（身份证号码{MASKED_ID}，联系电话{MASKED_PHONE}）在自家院内露天焚烧电子废物。"
RAW_FULL = f"行政处罚决定书\n当事人：王某某\n身份证号码：{RAW_ID}\n联系电话：{RAW_PHONE}\n罚款人民币伍仟元。"
PUBLIC_FULL = f"行政处罚决定书\n当事人：王某某\n身份证号码：{MASKED_ID}\n联系电话：{MASKED_PHONE}\n罚款人民币伍仟元。"


def days_ago(n: int) -> datetime.date:
    return current_date() - datetime.timedelta(days=n)


def rows_of(content: str) -> list[str]:
    """The decision numbers listed on a result page, in order."""
    return re.findall(r'<th scope="row" data-label="决定文书号"><a href="[^"]+">([^<]+)</a>', content)


@pytest.fixture
def person_decision(home):
    """A published penalty on a natural person whose raw texts carry an ID number and a phone number."""
    return DecisionFactory(
        published=True,
        person=True,
        decision_number="黔环罚字〔2026〕88号",
        facts=RAW_FACTS,
        public_facts=PUBLIC_FACTS,
        full_text=RAW_FULL,
        public_full_text=PUBLIC_FULL,
        content=f"罚款人民币伍仟元。联系人电话{RAW_PHONE}",
        public_content=f"罚款人民币伍仟元。联系人电话{MASKED_PHONE}",
        basis="《固体废物污染环境防治法》第一百零二条",
        public_basis="《固体废物污染环境防治法》第一百零二条",
        remarks=f"当事人身份证{RAW_ID}",
        public_remarks=f"当事人身份证{MASKED_ID}",
        fine_amount=Decimal("0.5"),
    )


# ---------- landing ----------


def test_landing_links_the_three_lists_and_counts_per_department(client, home):
    air = DepartmentFactory(code="dqc", name="大气处")
    DecisionFactory(published=True, department=air)
    DecisionFactory(department=air, live=False)  # a draft is not counted
    EnforcementOfficer.objects.create(department=air, name="赵六", certificate_number="52000001")
    EnforcementMatter.objects.create(
        department=air,
        name="大气污染防治监督检查",
        kind=Kind.INSPECTION,
        duty="d",
        authority="a",
        basis="b",
        procedure="p",
        remedy="r",
        random_inspection=True,
        updated_on=current_date(),
    )
    response = client.get("/enforcement/")
    assert response.status_code == 200
    content = response.content.decode()
    for label in ("执法决定查询", "执法主体和执法人员", "执法事项清单", "随机抽查事项清单"):
        assert label in content
    assert f'href="/enforcement/decisions/?department={air.pk}">1件</a>' in content
    assert f'href="/enforcement/officers/#dept-{air.pk}">1人</a>' in content
    assert f'href="/enforcement/matters/?random=1#dept-{air.pk}">1项</a>' in content


# ---------- the query ----------


def test_query_by_party_name_uscc_and_decision_number(client, home):
    company = DecisionFactory(published=True, party_name="贵州某某化工有限公司", decision_number="黔环罚字〔2026〕11号")
    other = DecisionFactory(
        published=True,
        party_name="遵义某某水泥有限公司",
        party_uscc="91520300MA6HX8JT4Q",
        decision_number="黔环罚字〔2026〕12号",
    )
    for q, expected in (
        ("某某化工", [company]),
        (USCC, [company]),
        (USCC.lower(), [company]),  # a code typed in lower case still matches
        ("黔环罚字〔2026〕12号", [other]),
        ("〔2026〕1", [other, company]),
        ("没有这家公司", []),
    ):
        response = client.get(LIST, {"q": q})
        assert response.status_code == 200
        assert rows_of(response.content.decode()) == [d.decision_number for d in expected], q


def test_filters_kind_department_and_decision_dates(client, home):
    air = DepartmentFactory(code="dqc", name="大气处")
    water = DepartmentFactory(code="ssc", name="水生态处")
    old = DecisionFactory(published=True, department=air, decision_date=days_ago(40))
    new = DecisionFactory(published=True, department=water, decision_date=days_ago(5))
    licence = DecisionFactory(
        published=True,
        kind=Kind.LICENSE,
        department=air,
        license_category="普通",
        penalty_types=[],
        fine_amount=None,
        document_title="排污许可证",
        decision_date=days_ago(10),
        valid_from=days_ago(10),
        valid_to=days_ago(-365),
    )

    def numbers(**params) -> list[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200
        return rows_of(response.content.decode())

    assert numbers() == [new.decision_number, licence.decision_number, old.decision_number]  # newest first
    assert numbers(kind="license") == [licence.decision_number]
    assert numbers(kind="penalty", department=air.pk) == [old.decision_number]
    assert numbers(date_from=days_ago(12).isoformat()) == [new.decision_number, licence.decision_number]
    assert numbers(date_to=days_ago(12).isoformat()) == [old.decision_number]
    assert numbers(date_from=days_ago(12).isoformat(), date_to=days_ago(6).isoformat()) == [licence.decision_number]


def test_list_rows_show_the_six_columns_and_nothing_personal(client, person_decision):
    response = client.get(LIST)
    content = response.content.decode()
    row = content[content.index(f'data-enf-decision="{person_decision.pk}"') :]
    row = row[: row.index("</tr>")]
    for value in (
        person_decision.decision_number,
        "行政处罚决定书",
        "王某某",
        "行政处罚",
        person_decision.department.name,
        person_decision.decision_date.isoformat(),
    ):
        assert value in row
    assert RAW_ID not in content and RAW_PHONE not in content


def test_pagination_twenty_per_page_newest_first_and_keeps_the_query(client, home):
    decisions = [DecisionFactory(published=True, decision_date=days_ago(n + 1)) for n in range(23)]
    first = client.get(LIST, {"q": "化工"}).content.decode()
    assert rows_of(first) == [d.decision_number for d in decisions[:20]]
    assert "?q=%E5%8C%96%E5%B7%A5&amp;page=2" in first
    second = client.get(LIST, {"q": "化工", "page": "2"}).content.decode()
    assert rows_of(second) == [d.decision_number for d in decisions[20:]]


def test_empty_states(client, home):
    assert "目前没有公示中的执法决定" in client.get(LIST).content.decode()
    DecisionFactory(published=True)
    assert "没有找到符合条件的执法决定" in client.get(LIST, {"q": "不存在的单位"}).content.decode()


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"kind": "fine"}, "执法类别“fine”不存在，已忽略该条件。"),
        ({"department": "abc"}, "执法处室“abc”不存在，已忽略该条件。"),
        ({"department": "99999999999999999999"}, "不存在，已忽略该条件。"),
        ({"date_from": "2026-13-45"}, "起始日期“2026-13-45”不是有效日期"),
        ({"date_to": "昨天"}, "截止日期“昨天”不是有效日期"),
        ({"date_from": "2026-02-30"}, "不是有效日期"),
        ({"page": "abc"}, "页码“abc”无效，已显示第1页。"),
        ({"page": "0"}, "页码“0”无效"),
        ({"page": "999"}, "页码超出范围，已显示第1页。"),
        ({"page": "9" * 30}, "无效，已显示第1页"),
        ({"q": "化" * 150}, "检索词过长，已按前100个字查询。"),
    ],
)
def test_bad_query_values_are_ignored_with_a_notice(client, home, params, notice):
    decision = DecisionFactory(published=True)
    response = client.get(LIST, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert notice in content
    if "q" not in params:
        assert rows_of(content) == [decision.decision_number]  # the rest of the query still ran


def test_nul_and_swapped_dates_do_not_fail(client, home):
    decision = DecisionFactory(published=True, decision_date=days_ago(3))
    response = client.get(LIST, {"q": "化工\x00", "kind": "\x00"})
    assert response.status_code == 200
    assert rows_of(response.content.decode()) == [decision.decision_number]
    swapped = client.get(LIST, {"date_from": days_ago(0).isoformat(), "date_to": days_ago(10).isoformat()})
    assert "起始日期晚于截止日期" in swapped.content.decode()
    assert rows_of(swapped.content.decode()) == [decision.decision_number]


def test_the_list_never_shows_drafts_expired_withdrawn_or_ended_decisions(client, home):
    shown = DecisionFactory(published=True)
    DecisionFactory(decision_number="草稿〔2026〕1号", live=False)
    expired = DecisionFactory(published=True, decision_number="过期〔2026〕1号")
    Decision.objects.filter(pk=expired.pk).update(public_until=days_ago(1))
    ended = DecisionFactory(published=True, decision_number="修复〔2026〕1号")
    Decision.objects.filter(pk=ended.pk).update(removed_early_on=days_ago(1), live=False)
    withdrawn = DecisionFactory(published=True, decision_number="撤下〔2026〕1号")
    Withdrawal.objects.create(
        decision=withdrawn,
        reason=WithdrawalReason.REVOKED,
        event_date=days_ago(2),
        statement="s",
        withdrawn_on=days_ago(1),
    )
    assert rows_of(client.get(LIST).content.decode()) == [shown.decision_number]


# ---------- one decision ----------


def test_detail_shows_the_masked_texts_and_never_the_raw_ones(client, person_decision):
    response = client.get(f"/enforcement/decisions/{person_decision.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert RAW_ID not in content
    assert RAW_PHONE not in content
    assert MASKED_ID in content and MASKED_PHONE in content
    assert "在自家院内露天焚烧电子废物" in content
    assert "data-enf-full-text" in content and "罚款人民币伍仟元" in content
    # A natural person: no 法定代表人 row, no 统一社会信用代码 row, no identity document.
    assert "法定代表人" not in content
    assert "证件号码" not in content


def test_detail_labels_and_amounts_follow_the_shuang_gongshi_fields(client, home, agency):
    decision = DecisionFactory(
        published=True,
        fine_amount=Decimal("20.500000"),
        confiscation_amount=Decimal("0.000001"),
        penalty_types=["罚款", "没收违法所得"],
        suspended_license="排污许可证 91520100MA6DJ5XL05001P",
    )
    content = client.get(f"/enforcement/decisions/{decision.pk}/").content.decode()

    def cell(label: str) -> str:
        match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>(.*?)</td>", content, re.S)
        assert match, label
        return match.group(1).strip()

    assert cell("行政相对人名称") == "贵州某某化工有限公司"
    assert cell("行政相对人类别") == "法人及非法人组织"
    assert cell("统一社会信用代码") == USCC
    assert cell("法定代表人") == "李某"
    assert cell("行政处罚决定书文号") == decision.decision_number
    assert cell("违法行为类型") == "超标排放大气污染物"
    assert cell("处罚类别") == "罚款；没收违法所得"
    assert cell("罚款金额（万元）") == "20.5"
    assert cell("没收违法所得、没收非法财物的金额（万元）") == "0.000001"
    assert cell("暂扣或吊销证照名称及编号").startswith("排污许可证")
    assert cell("处罚决定日期") == decision.decision_date.isoformat()
    assert cell("公示截止期") == decision.public_until.isoformat()
    assert cell("处罚机关") == agency.name
    assert cell("处罚机关统一社会信用代码") == agency.uscc
    assert f'本决定公示至 <time datetime="{decision.public_until.isoformat()}">' in content


def test_individual_business_operator_is_not_named_as_legal_representative(client, home):
    decision = DecisionFactory(
        published=True,
        party_category=PartyCategory.INDIVIDUAL_BUSINESS,
        party_name="某某汽修店",
        legal_representative="张某",
    )
    content = client.get(f"/enforcement/decisions/{decision.pk}/").content.decode()
    assert "个体工商户" in content
    assert "法定代表人" not in content and "张某" not in content


def test_licence_detail_uses_the_licence_labels(client, home):
    decision = DecisionFactory(
        published=True,
        kind=Kind.LICENSE,
        document_title="排污许可证",
        license_category="核准",
        penalty_types=[],
        fine_amount=None,
        certificate_name="排污许可证",
        license_number="91520100MA6DJ5XL05001P",
        valid_from=days_ago(3),
        valid_to=days_ago(-1000),
        content="准予核发排污许可证。",
        public_content="准予核发排污许可证。",
    )
    content = client.get(f"/enforcement/decisions/{decision.pk}/").content.decode()
    for label in ("行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可内容", "有效期至", "许可机关"):
        assert f">{label}</th>" in content
    assert "罚款金额" not in content


def test_withdrawn_decision_answers_410_with_reason_and_statement(client, home):
    decision = DecisionFactory(published=True, decision_number="黔环罚字〔2026〕31号")
    Withdrawal.objects.create(
        decision=decision,
        reason=WithdrawalReason.REVOKED,
        event_date=days_ago(3),
        statement="该处罚决定已被复议机关撤销，现予撤下。",
        withdrawn_on=days_ago(1),
    )
    Decision.objects.filter(pk=decision.pk).update(live=False)
    response = client.get(f"/enforcement/decisions/{decision.pk}/")
    assert response.status_code == 410
    content = response.content.decode()
    assert "该执法决定已撤下" in content
    assert "<dd data-enf-reason>撤销</dd>" in content
    assert "该处罚决定已被复议机关撤销，现予撤下。" in content
    assert days_ago(1).isoformat() in content
    assert "黔环罚字〔2026〕31号" in content
    assert decision.public_facts not in content  # the content itself is gone


def test_decision_ended_after_credit_repair_answers_410(client, home):
    decision = DecisionFactory(published=True)
    Decision.objects.filter(pk=decision.pk).update(live=False, removed_early_on=days_ago(2), removal_reason="信用修复")
    response = client.get(f"/enforcement/decisions/{decision.pk}/")
    assert response.status_code == 410
    content = response.content.decode()
    assert "信用修复后已停止公示" in content
    assert decision.party_name not in content and decision.decision_number not in content


def test_draft_expired_and_missing_decisions_are_404(client, home):
    # DraftStateMixin.live defaults to True: a draft is an unpublished row.
    draft = DecisionFactory(masked=True, live=False)
    expired = DecisionFactory(published=True)
    Decision.objects.filter(pk=expired.pk).update(public_until=days_ago(1))
    for pk in (draft.pk, expired.pk, 999999, 10**15):
        response = client.get(f"/enforcement/decisions/{pk}/")
        assert response.status_code == 404, pk
        assert draft.party_name not in response.content.decode()


def test_decision_still_public_on_its_last_day(client, home):
    decision = DecisionFactory(published=True)
    Decision.objects.filter(pk=decision.pk).update(public_until=current_date())
    assert client.get(f"/enforcement/decisions/{decision.pk}/").status_code == 200


def test_preview_template_renders_from_object_alone(home, agency, person_decision):
    """Wagtail's preview passes only ``object`` and the request: the page must render from that."""
    request = RequestFactory().get("/admin/snippets/enforcement/decision/preview/")
    request.is_preview = True
    html = render_to_string("enforcement/public/decision.html", {"object": person_decision}, request=request)
    assert "预览" in html
    assert MASKED_ID in html and RAW_ID not in html and RAW_PHONE not in html
    assert "行政处罚决定书文号" in html and person_decision.decision_number in html
    assert f'<th scope="row">处罚机关</th><td>{agency.name}</td>' in html


def test_preview_of_unsaved_changes_shows_the_end_date_they_would_have(home, agency):
    decision = DecisionFactory(published=True, seriousness="general")
    decision.seriousness = "serious"  # edited in the form, not saved
    request = RequestFactory().get("/")
    html = render_to_string("enforcement/public/decision.html", {"object": decision}, request=request)
    serious_end = rules.publication_end(decision)
    assert serious_end != decision.public_until  # the stored value is still the general one
    assert f'<time datetime="{serious_end.isoformat()}">' in html


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("20"), "20"),
        (Decimal("20.000000"), "20"),
        (Decimal("0.5"), "0.5"),
        (Decimal("1.234567"), "1.234567"),
        (Decimal("0.000001"), "0.000001"),
        (Decimal("100000"), "100000"),
        (None, ""),
    ],
)
def test_wanyuan_has_at_most_six_decimals_without_trailing_zeros(amount, text):
    assert format_wanyuan(amount) == text


# ---------- 事前公开 ----------


def test_officers_page_groups_active_officers_by_department(client, home, agency):
    air = DepartmentFactory(code="dqc", name="大气处", sort_order=2)
    law = DepartmentFactory(code="zfj", name="执法局", sort_order=1, duties="统一行使生态环境执法职责。")
    EnforcementOfficer.objects.create(
        department=air, name="赵六", certificate_number="52000001", enforcement_area="大气"
    )
    EnforcementOfficer.objects.create(department=law, name="钱七", certificate_number="52000002")
    EnforcementOfficer.objects.create(department=law, name="孙八", certificate_number="52000003", active=False)
    response = client.get("/enforcement/officers/")
    assert response.status_code == 200
    content = response.content.decode()
    assert agency.name in content and agency.uscc in content
    assert content.index("执法局") < content.index("大气处")  # department order
    assert "钱七" in content and "52000002" in content
    assert "赵六" in content and "52000001" in content and ">大气</td>" in content
    assert "孙八" not in content and "52000003" not in content
    assert "统一行使生态环境执法职责。" in content
    assert f'id="dept-{air.pk}"' in content


def test_matters_page_lists_every_field_the_flowchart_and_the_random_flag(client, home):
    air = DepartmentFactory(code="dqc", name="大气处")
    flowchart = get_document_model().objects.create(
        title="检查流程图", file=ContentFile(b"%PDF-1.4 test", name="flow.pdf")
    )
    EnforcementMatter.objects.create(
        department=air,
        name="大气污染防治监督检查",
        kind=Kind.INSPECTION,
        duty="监督检查排污单位。",
        authority="现场检查、查阅资料。",
        basis="《大气污染防治法》第二十九条",
        procedure="检查→记录→处理",
        remedy="行政复议或者行政诉讼",
        random_inspection=True,
        inspection_method="每年抽查5%",
        flowchart=flowchart,
        updated_on=current_date(),
    )
    EnforcementMatter.objects.create(
        department=air,
        name="排污许可证核发",
        kind=Kind.LICENSE,
        duty="核发。",
        authority="核发。",
        basis="条例",
        procedure="受理→审查→决定",
        remedy="复议",
        updated_on=current_date(),
    )
    content = client.get("/enforcement/matters/").content.decode()
    for text in (
        "大气处",
        "大气污染防治监督检查",
        "行政检查",
        "监督检查排污单位。",
        "现场检查、查阅资料。",
        "《大气污染防治法》第二十九条",
        "检查→记录→处理",
        "行政复议或者行政诉讼",
        "每年抽查5%",
        "排污许可证核发",
    ):
        assert text in content, text
    assert f'href="{flowchart.url}"' in content
    assert content.count('class="enf-badge">随机抽查</span>') == 1

    random_only = client.get("/enforcement/matters/", {"random": "1"}).content.decode()
    assert "大气污染防治监督检查" in random_only and "排污许可证核发" not in random_only
    assert '<h1 class="article-title">随机抽查事项清单</h1>' in random_only

    bad = client.get("/enforcement/matters/", {"random": "yes\x00"})
    assert bad.status_code == 200 and "筛选条件无效" in bad.content.decode()


def test_empty_officer_and_matter_lists(client, home):
    assert "暂无公示的执法人员信息" in client.get("/enforcement/officers/").content.decode()
    assert "暂无公示的执法事项" in client.get("/enforcement/matters/").content.decode()
    assert "暂无列入随机抽查事项清单" in client.get("/enforcement/matters/?random=1").content.decode()
