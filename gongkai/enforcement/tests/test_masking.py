"""Masking of personal information in enforcement decisions (pure functions, no database)."""

import pytest

from gongkai.core.validators import is_valid_resident_id, is_valid_uscc
from gongkai.enforcement.masking import (
    KINDS,
    Hit,
    contains_personal_data,
    mask_fields,
    mask_id_number,
    mask_phone,
    mask_text,
)

COMPANY = "贵州黔源化工有限公司"
COMPANY_USCC = "91520113MA6J0B3P1F"
AGENT_ID = "52010219900512002X"
WITNESS_ID = "520103197808231513"
PARTY_ID = "520302198503174211"
AGENCY_ACCOUNT = "2301 0401 0400 0000 1"
AGENCY_PHONE = "0851-85281234"

DECISION = "\n".join(
    [
        "贵州省生态环境厅",
        "行政处罚决定书",
        "黔环罚〔2025〕41号",
        "",
        f"当事人：{COMPANY}",
        f"统一社会信用代码：{COMPANY_USCC}",
        "住所：贵州省贵阳市白云区沙文生态科技园区金园路18号",
        "法定代表人：王大明",
        (
            f"委托代理人：李小红，女，1990年5月12日出生，身份证号码：{AGENT_ID}，"
            "住址：贵州省贵阳市南明区花果园路88号3栋2单元1201室，联系电话：13812345678，"
            "电子邮箱：lixiaohong@example.com。"
        ),
        "",
        "一、环境违法事实和证据",
        (
            "2025年1月8日，"
            "我厅执法人员赵六、钱七（执法证号：52010012345、52010012346）对你公司进行现场检查，"
            "发现你公司污水处理站出口废水化学需氧量浓度为156mg/L，"
            "超过《污水综合排放标准》（GB 8978-1996）表4一级标准限值。"
            "监测点位坐标为东经106.630153，北纬26.647661。证人张建国，男，"
            f"身份证号码：{WITNESS_ID}，现住贵州省贵阳市云岩区中华北路200号2单元，"
            "手机：139 0851 2233，证实该公司于2025年1月5日夜间擅自停运治污设施。"
            "员工刘芳称其按车间主任指示操作。你公司环保负责人孙伟在现场检查笔录上签字确认，"
            "法定代表人王大明到场接受询问。联系人：周敏，联系电话：0851-85555555。"
            "经再次向张建国核实，情况属实。"
        ),
        "",
        "以上事实有现场检查（勘察）笔录、调查询问笔录、监测报告（黔环监字〔2025〕第12号）、现场照片等证据为证。",
        "",
        "二、行政处罚的依据、种类",
        (
            "你公司的上述行为违反了《中华人民共和国水污染防治法》第十条的规定。"
            "依据《中华人民共和国水污染防治法》第八十三条第（二）项和《生态环境行政处罚办法》第三十二条的规定，"
            "我厅决定对你公司处以罚款人民币贰拾万伍仟元（¥205000.00元，即20.5万元）。"
        ),
        "",
        "三、行政处罚决定的履行方式和期限",
        (
            "你公司应当自收到本决定书之日起十五日内，将罚款缴至指定银行账户。"
            "户名：贵州省财政厅非税收入汇缴结算户；开户行：中国农业银行贵阳中华北路支行；"
            f"账号：{AGENCY_ACCOUNT}。"
            "委托代理人李小红的退款账户为6222 0212 3456 7890 123。"
        ),
        "",
        "四、申请复议或者提起诉讼的途径和期限",
        (
            "如不服本处罚决定，可在收到本决定书之日起六十日内向贵州省人民政府申请行政复议，"
            "也可以在六个月内向贵阳市中级人民法院提起行政诉讼。"
            "该项目环境影响评价文件已于2024年6月3日以黔环审〔2024〕12号批复。"
        ),
        "",
        "贵州省生态环境厅",
        "2025年3月4日",
        f"地址：贵州省贵阳市观山湖区林城西路 联系电话：{AGENCY_PHONE}",
        "",
    ]
)

PERSON_DECISION = "\n".join(
    [
        "行政处罚决定书",
        "黔环罚〔2025〕7号",
        "",
        (
            f"当事人：陈志强，男，汉族，1985年3月17日出生，公民身份号码：{PARTY_ID}，"
            "住址：贵州省遵义市汇川区上海路56号，联系电话：(0851)2822 4567，"
            "手机：+86 158-0851-6677。"
        ),
        "",
        "经查，2025年2月10日，当事人陈志强在遵义市汇川区高坪街道露天焚烧废旧轮胎。其妻子邓丽华（在场人）陈述称不知情。现场邻居吴某某反映多次闻到异味。",
        "",
        (
            "依据《中华人民共和国大气污染防治法》第一百一十九条第一款，"
            "决定对当事人陈志强处以罚款人民币5000元。"
            "当事人本人银行卡号6217 0023 4567 8901 234。"
        ),
        "",
    ]
)


def originals(text: str, result) -> list[tuple[str, str]]:
    return [(hit.kind, text[hit.start : hit.end]) for hit in result.hits]


def test_fixture_numbers_are_real_identifiers():
    # The no-false-positive claims below are only meaningful if these pass their checksums.
    assert is_valid_uscc(COMPANY_USCC)
    assert all(is_valid_resident_id(n) for n in (AGENT_ID, WITNESS_ID, PARTY_ID))


def test_organisation_decision_masks_exactly_the_personal_data():
    result = mask_text(DECISION, party_name=COMPANY)

    assert originals(DECISION, result) == [
        ("person_name", "李小红"),
        ("id_number", AGENT_ID),
        ("address", "花果园路88号3栋2单元1201室"),
        ("phone", "13812345678"),
        ("email", "lixiaohong@example.com"),
        ("person_name", "张建国"),
        ("id_number", WITNESS_ID),
        ("address", "中华北路200号2单元"),
        ("phone", "139 0851 2233"),
        ("person_name", "刘芳"),
        ("person_name", "孙伟"),
        ("person_name", "周敏"),
        ("landline", "0851-85555555"),
        ("person_name", "张建国"),
        ("bank_account", AGENCY_ACCOUNT),
        ("person_name", "李小红"),
        ("bank_account", "6222 0212 3456 7890 123"),
        ("landline", AGENCY_PHONE),
    ]
    masked = result.text
    for shown in (
        "委托代理人：李某某，女",
        "身份证号码：520102********002X，",
        "住址：贵州省贵阳市南明区****，",
        "联系电话：138****5678，",
        "电子邮箱：l***@example.com。",
        "证人张某某，男，身份证号码：520103********1513，现住贵州省贵阳市云岩区****，手机：139 **** 2233，",
        "员工刘某称",
        "环保负责人孙某在",
        "联系人：周某，联系电话：0851-****5555。",
        "经再次向张某某核实",
        "退款账户为**** **** **** ***0 123。",
    ):
        assert shown in masked


def test_organisation_decision_keeps_what_is_public():
    masked = mask_text(DECISION, party_name=COMPANY).text
    for kept in (
        f"当事人：{COMPANY}",
        f"统一社会信用代码：{COMPANY_USCC}",
        "住所：贵州省贵阳市白云区沙文生态科技园区金园路18号",  # an organisation's address
        "法定代表人：王大明",
        "法定代表人王大明到场",
        "执法人员赵六、钱七（执法证号：52010012345、52010012346）",
        "黔环罚〔2025〕41号",
        "黔环监字〔2025〕第12号",
        "黔环审〔2024〕12号",
        "2025年1月8日",
        "2025年3月4日",
        "1990年5月12日出生",  # dates are never touched: the reviewer must judge this one
        "罚款人民币贰拾万伍仟元（¥205000.00元，即20.5万元）",
        "第八十三条第（二）项",
        "（GB 8978-1996）",
        "156mg/L",
        "东经106.630153，北纬26.647661",
        "户名：贵州省财政厅非税收入汇缴结算户；开户行：中国农业银行贵阳中华北路支行",
        "地址：贵州省贵阳市观山湖区林城西路",  # the agency's address
    ):
        assert kept in masked
    for gone in (AGENT_ID, WITNESS_ID, "李小红", "张建国", "刘芳", "孙伟", "周敏", "13812345678", "lixiaohong"):
        assert gone not in masked


def test_the_agencys_own_account_and_phone_are_kept_only_when_listed():
    result = mask_text(DECISION, party_name=COMPANY, keep_values=["23010401040000001", "085185281234"])

    assert f"账号：{AGENCY_ACCOUNT}。" in result.text
    assert f"联系电话：{AGENCY_PHONE}" in result.text
    assert "退款账户为**** **** **** ***0 123。" in result.text  # the agent's account still goes
    assert ("landline", "0851-85555555") in originals(DECISION, result)


def test_public_mailbox_is_kept_only_when_listed():
    text = "咨询邮箱：hbt@gz.gov.cn"
    assert mask_text(text).text == "咨询邮箱：h***@gz.gov.cn"
    assert mask_text(text, keep_values=["HBT@gz.gov.cn"]).text == text


def test_hits_point_at_the_original_substrings():
    result = mask_text(DECISION, party_name=COMPANY)

    rebuilt, pos = [], 0
    for hit in result.hits:
        assert isinstance(hit, Hit)
        assert hit.kind in KINDS
        assert hit.original_len == hit.end - hit.start > 0
        assert hit.start >= pos  # sorted and not overlapping
        rebuilt += [DECISION[pos : hit.start], hit.replacement]
        pos = hit.end
    rebuilt.append(DECISION[pos:])
    assert "".join(rebuilt) == result.text
    first_id = next(h for h in result.hits if h.kind == "id_number")
    assert DECISION[first_id.start : first_id.end] == AGENT_ID
    assert first_id.replacement == "520102********002X"


def test_natural_person_party_keeps_the_name_and_loses_the_rest():
    result = mask_text(PERSON_DECISION, party_name="陈志强", party_is_person=True)

    assert originals(PERSON_DECISION, result) == [
        ("id_number", PARTY_ID),
        ("address", "上海路56号"),
        ("landline", "(0851)2822 4567"),
        ("phone", "+86 158-0851-6677"),
        ("person_name", "邓丽华"),
        ("bank_account", "6217 0023 4567 8901 234"),
    ]
    masked = result.text
    assert "当事人：陈志强，男，汉族" in masked
    assert "当事人陈志强在遵义市汇川区高坪街道" in masked
    assert "公民身份号码：520302********4211，住址：贵州省遵义市汇川区****，" in masked
    assert "联系电话：(0851)**** 4567，手机：+86 158-****-6677。" in masked
    assert "其妻子邓某某（在场人）" in masked
    assert "邻居吴某某反映" in masked  # already masked by the drafter: left alone


def test_without_the_party_flag_the_persons_name_is_masked():
    # The caller must say who the party is; otherwise the 当事人 is treated as a third person.
    result = mask_text(PERSON_DECISION, party_name="", party_is_person=False)
    assert "陈志强" not in result.text
    assert "当事人：陈某某" in result.text


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        (DECISION, {"party_name": COMPANY}),
        (PERSON_DECISION, {"party_name": "陈志强", "party_is_person": True}),
    ],
)
def test_masking_is_idempotent_and_passes_the_publication_check(text, kwargs):
    once = mask_text(text, **kwargs)
    twice = mask_text(once.text, **kwargs)

    assert once.hits
    assert contains_personal_data(text, **kwargs)
    assert twice.text == once.text
    assert twice.hits == []
    assert not contains_personal_data(once.text, **kwargs)


NOT_PERSONAL = [
    f"统一社会信用代码：{COMPANY_USCC}",
    "信用代码915201002144000061",  # all digits, valid GB 32100 checksum
    "处罚机关统一社会信用代码：11520000009390261F",
    "黔环罚〔2025〕41号",
    "黔环审〔2024〕12号",
    "黔环监字〔2025〕第12号",
    "环审[2025]3号",
    "罚款人民币20000元",
    "罚款20.5万元",
    "共计¥1,250,000.00元",
    "罚款金额13900000000元",
    "2024年12月31日至2025年1月1日",
    "2025-03-04",
    "依据《中华人民共和国水污染防治法》第八十三条第（二）项",
    "第13800条",
    "《环境空气质量标准》（GB 3095-2012）",
    "HJ 2.1-2016，GB/T 14848-2017",
    "东经106.630153，北纬26.647661",
    "26°38′51″N",
    "排污许可证编号：91520113MA6J0B3P1F001V",
    "执法证号：13010012345",
    "工商注册号：520100000123456",
    "举报电话：12369",
    "监测时段20250101-20251231",
    "样品编号HJ2025030413800001",
    "当事人的上述行为违反了",
    "当事人陈述称不知情",
    "员工宿舍共计15间",
    "主管部门已责令改正",
    "当事人应当自收到本决定书之日起十五日内",
    "注册地址：贵州省贵阳市南明区花果园路1号",
    "经营场所：贵阳市云岩区中华北路2号",
    "年产12000吨化工产品",
    "邮政编码：550081",
    "当事人于2025年1月5日未经批准擅自建设",
    "当事人曾于2023年因同类行为被处罚",
    "当事人向我厅称已整改",
    "当事人戴口罩进入车间",
    "员工曾于2024年离职",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_no_false_positives(text):
    result = mask_text(text, party_name=COMPANY)
    assert result.hits == []
    assert result.text == text


def test_shared_address_labels_follow_the_nearest_cue():
    person_block = f"当事人：陈志强\n性别：男\n公民身份号码：{PARTY_ID}\n住所：贵州省遵义市汇川区上海路56号\n"
    org_block = f"当事人：{COMPANY}\n法定代表人：王大明\n地址：贵州省贵阳市白云区金园路18号\n"
    law_firm = "委托代理人：王芳，贵州正义律师事务所律师，地址：贵阳市观山湖区长岭北路8号。"
    rep_same_line = "法定代表人：王大明，住所：贵阳市南明区青云路1号"

    assert "住所：贵州省遵义市汇川区****" in mask_text(person_block, party_name="陈志强", party_is_person=True).text
    assert mask_text(org_block, party_name=COMPANY).text == org_block
    assert "地址：贵阳市观山湖区长岭北路8号" in mask_text(law_firm, party_name=COMPANY).text
    assert "住所：贵阳市南明区****" in mask_text(rep_same_line, party_name=COMPANY).text


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("住址：贵州省黔南布依族苗族自治州都匀市剑江中路1号", "住址：贵州省黔南布依族苗族自治州都匀市****"),
        ("现住：道真仡佬族苗族自治县玉溪镇1号", "现住：道真仡佬族苗族自治县****"),
        ("户籍地：贵州省毕节市七星关区碧阳街道洪山村3组", "户籍地：贵州省毕节市七星关区****"),
        # A street that happens to end in 市 is not a county: it goes.
        ("住址：贵阳市中华北路菜市场3号", "住址：贵阳市****"),
        ("张三，男，1980年生，住贵州省安顺市西秀区南华路12号。", "张某，男，1980年生，住贵州省安顺市西秀区****。"),
        ("家庭住址：花果园路88号", "家庭住址：****"),
    ],
)
def test_home_addresses_keep_only_the_administrative_divisions(address, masked):
    assert mask_text(address, party_name=COMPANY).text == masked


def test_responsible_person_heading_is_kept_other_managers_are_not():
    branch = "贵州黔源化工有限公司贵阳分公司"
    text = f"当事人：{branch}\n负责人：钱大海\n项目负责人：孙伟\n该公司负责人钱大海称已整改。"

    masked = mask_text(text, party_name=branch).text

    assert "负责人：钱大海" in masked
    assert "该公司负责人钱大海称" in masked
    assert "项目负责人：孙某" in masked


def test_legal_representative_is_masked_when_the_party_is_a_person():
    text = "当事人张三系贵州某某公司法定代表人，法定代表人：李四。"
    masked = mask_text(text, party_name="张三", party_is_person=True).text
    assert "当事人张三" in masked
    assert "法定代表人：李某。" in masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("证人张三称，其", "证人张某称，其"),
        ("证人王大明，男", "证人王某某，男"),
        ("证人李小红证实", "证人李某某证实"),
        ("证人张三、李四和王五在场", "证人张某、李某和王某在场"),
        ("证人欧阳明华、诸葛亮称；", "证人欧阳某某、诸葛某称；"),
        ("员工阿依古丽·买买提在场。", "员工阿某某某·某某某在场。"),
        ("委托代理人贵州正义律师事务所律师刘洋到场", "委托代理人贵州正义律师事务所律师刘某到场"),
        ("经查明李小红，女，系该厂员工", "经查明李某某，女，系该厂员工"),
    ],
)
def test_person_names(text, masked):
    assert mask_text(text, party_name=COMPANY).text == masked


def test_sole_trader_operator_is_masked_unless_the_agency_publishes_the_name():
    text = "当事人：南明区张三餐馆（个体工商户），经营者：张三，住址：贵州省贵阳市南明区青云路1号"

    default = mask_text(text, party_name="南明区张三餐馆").text
    published = mask_text(text, party_name="南明区张三餐馆", keep_names=["张三"]).text

    assert default == "当事人：南明区张三餐馆（个体工商户），经营者：张某，住址：贵州省贵阳市南明区****"
    assert published == "当事人：南明区张三餐馆（个体工商户），经营者：张三，住址：贵州省贵阳市南明区****"


def test_old_fifteen_digit_ids_are_masked_only_after_an_id_label():
    text = "身份证号码：520302850317421，工商注册号：520100000123456，另一号码520302850317421"
    result = mask_text(text, party_name=COMPANY)
    assert originals(text, result) == [("id_number", "520302850317421")]
    assert result.text.startswith("身份证号码：520302******421，")


def test_full_width_digits_are_found_and_offsets_do_not_move():
    text = "联系人：周敏，手机：１３８１２３４５６７８。"
    result = mask_text(text, party_name=COMPANY)
    assert result.text == "联系人：周某，手机：１３８****５６７８。"
    assert originals(text, result) == [("person_name", "周敏"), ("phone", "１３８１２３４５６７８")]


def test_mask_fields_masks_a_name_in_every_field_once_one_introduces_it():
    fields = {
        "违法事实": "证人李小红证实当事人夜间偷排，联系电话13812345678。",
        "处罚依据": "《中华人民共和国水污染防治法》第八十三条",
        "备注": "已向李小红核实。",
    }

    results = mask_fields(fields, party_name=COMPANY, party_is_person=False)

    assert results["违法事实"].text == "证人李某某证实当事人夜间偷排，联系电话138****5678。"
    assert results["处罚依据"].text == fields["处罚依据"]
    assert results["处罚依据"].hits == []
    assert results["备注"].text == "已向李某某核实。"
    assert [h.kind for h in results["备注"].hits] == ["person_name"]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (AGENT_ID, "520102********002X"),
        ("520302850317421", "520302******421"),
        ("E12345678", "E1*****78"),  # passport and other documents
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked
    assert mask_id_number(masked) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("0851-85555555", "0851-****5555"),
        ("(0851)8555 5555", "(0851)**** 5555"),
        ("85555555", "****5555"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked
    assert mask_phone(masked) == masked


def test_a_long_decision_is_masked_in_one_pass():
    # Size smoke test for a 20,000-character text; speed is measured by hand, not asserted.
    body = DECISION.split("一、环境违法事实和证据")[1]
    text = (DECISION + body * 30)[:20000]

    result = mask_text(text, party_name=COMPANY)

    assert len(text) == 20000
    assert WITNESS_ID not in result.text
    assert "张建国" not in result.text
    assert not contains_personal_data(result.text, party_name=COMPANY)
