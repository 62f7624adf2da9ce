"""How a disclosure application ends: the 25 rows of the annual report's section 三, each with its article.

The categories are those of 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号),
so that every closed case lands in exactly one row of the report. The article each cites is the one
the reply letter (告知书) gives as its legal basis; the mapping follows ``shared/spec/ogi.md`` §2.2
(the template itself maps no articles).
"""

from dataclasses import dataclass

from django.db import models

from gongkai.foi.rules import FEE_MEASURES, REGULATION_2019


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_SECRET = "withheld_secret", "不予公开：属于国家秘密"
    WITHHELD_LAW = "withheld_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SECURITY = "withheld_security", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_internal", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "不予公开：属于四类过程性信息"
    WITHHELD_CASE_FILE = "withheld_case_file", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "不予公开：属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "无法提供：本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", "无法提供：没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "无法提供：补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "not_processed_petition", "不予处理：信访举报投诉类申请"
    NOT_PROCESSED_REPEAT = "not_processed_repeat", "不予处理：重复申请"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", "不予处理：要求提供公开出版物"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive", "不予处理：无正当理由大量反复申请"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation", "不予处理：要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = "other_no_correction", "其他处理：申请人无正当理由逾期不补正"
    OTHER_NO_PAYMENT = "other_no_payment", "其他处理：申请人逾期未按收费通知要求缴纳费用"
    OTHER = "other", "其他处理：其他"


class Group(models.TextChoices):
    """The first-level rows of section 三（一）–（六）."""

    DISCLOSED = "disclosed", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD = "withheld", "（三）不予公开"
    UNAVAILABLE = "unavailable", "（四）无法提供"
    NOT_PROCESSED = "not_processed", "（五）不予处理"
    OTHER = "other", "（六）其他处理"


@dataclass(frozen=True)
class OutcomeRule:
    outcome: Outcome
    group: Group
    row_label: str  # the label printed in the report, e.g. "1.属于国家秘密"
    basis: str  # the legal basis quoted in the reply letter
    # Outcomes the handler sets; the two lapses are closed by their own actions, not by a reply.
    chosen_in_reply: bool = True
    releases_information: bool = False


def _art(text: str) -> str:
    return f"{REGULATION_2019}{text}"


RULES: dict[Outcome, OutcomeRule] = {
    rule.outcome: rule
    for rule in (
        OutcomeRule(
            Outcome.DISCLOSED,
            Group.DISCLOSED,
            "（一）予以公开",
            _art("第三十六条第（一）项、第（二）项"),
            releases_information=True,
        ),
        OutcomeRule(Outcome.PARTIAL, Group.PARTIAL, "（二）部分公开", _art("第三十七条"), releases_information=True),
        OutcomeRule(Outcome.WITHHELD_SECRET, Group.WITHHELD, "1.属于国家秘密", _art("第十四条、第三十六条第（三）项")),
        OutcomeRule(
            Outcome.WITHHELD_LAW, Group.WITHHELD, "2.其他法律行政法规禁止公开", _art("第十四条、第三十六条第（三）项")
        ),
        OutcomeRule(
            Outcome.WITHHELD_SECURITY, Group.WITHHELD, "3.危及“三安全一稳定”", _art("第十四条、第三十六条第（三）项")
        ),
        OutcomeRule(
            Outcome.WITHHELD_THIRD_PARTY,
            Group.WITHHELD,
            "4.保护第三方合法权益",
            _art("第十五条、第三十二条、第三十六条第（三）项"),
        ),
        OutcomeRule(
            Outcome.WITHHELD_INTERNAL,
            Group.WITHHELD,
            "5.属于三类内部事务信息",
            _art("第十六条第一款、第三十六条第（三）项"),
        ),
        OutcomeRule(
            Outcome.WITHHELD_PROCESS,
            Group.WITHHELD,
            "6.属于四类过程性信息",
            _art("第十六条第二款、第三十六条第（三）项"),
        ),
        OutcomeRule(
            Outcome.WITHHELD_CASE_FILE,
            Group.WITHHELD,
            "7.属于行政执法案卷",
            _art("第十六条第二款、第三十六条第（三）项"),
        ),
        OutcomeRule(Outcome.WITHHELD_QUERY, Group.WITHHELD, "8.属于行政查询事项", _art("第三十六条第（七）项")),
        OutcomeRule(
            Outcome.UNAVAILABLE_NOT_HELD,
            Group.UNAVAILABLE,
            "1.本机关不掌握相关政府信息",
            _art("第三十六条第（四）项、第（五）项"),
        ),
        OutcomeRule(
            Outcome.UNAVAILABLE_NEEDS_CREATION, Group.UNAVAILABLE, "2.没有现成信息需要另行制作", _art("第三十八条")
        ),
        OutcomeRule(Outcome.UNAVAILABLE_UNCLEAR, Group.UNAVAILABLE, "3.补正后申请内容仍不明确", _art("第三十条")),
        OutcomeRule(
            Outcome.NOT_PROCESSED_PETITION, Group.NOT_PROCESSED, "1.信访举报投诉类申请", _art("第三十九条第一款")
        ),
        OutcomeRule(Outcome.NOT_PROCESSED_REPEAT, Group.NOT_PROCESSED, "2.重复申请", _art("第三十六条第（六）项")),
        OutcomeRule(
            Outcome.NOT_PROCESSED_PUBLICATION, Group.NOT_PROCESSED, "3.要求提供公开出版物", _art("第三十九条第二款")
        ),
        OutcomeRule(
            Outcome.NOT_PROCESSED_EXCESSIVE, Group.NOT_PROCESSED, "4.无正当理由大量反复申请", _art("第三十五条")
        ),
        OutcomeRule(
            Outcome.NOT_PROCESSED_CONFIRMATION,
            Group.NOT_PROCESSED,
            "5.要求行政机关确认或重新出具已获取信息",
            _art("第三十八条、第三十九条"),
        ),
        OutcomeRule(
            Outcome.OTHER_NO_CORRECTION,
            Group.OTHER,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _art("第三十条"),
            chosen_in_reply=False,
        ),
        OutcomeRule(
            Outcome.OTHER_NO_PAYMENT,
            Group.OTHER,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            FEE_MEASURES,
            chosen_in_reply=False,
        ),
        OutcomeRule(Outcome.OTHER, Group.OTHER, "3.其他", _art("第三十六条")),
    )
}

REPLY_OUTCOMES = [(o.value, o.label) for o in Outcome if RULES[o].chosen_in_reply]
