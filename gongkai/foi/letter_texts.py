"""The wording of the letters to an applicant: one paragraph per reply outcome, and the three notices.

Kept apart from the layout code in ``gongkai.foi.letters`` so that the office's lawyers can review
the texts in one place. Templates use named placeholders filled by ``str.format``; the values are
inserted as they are (user text is escaped by the writers, never here). ``{you}`` is “您” for a
natural person and “贵单位” for an organisation.

Sources: the Regulation's articles as quoted in ``shared/spec/ogi.md`` §1.3–§1.4; the remedies
from 《中华人民共和国行政复议法》（2023年修订）第二十条（六十日）、第二十三条（复议前置） and
《中华人民共和国行政诉讼法》第四十五条（十五日）、第四十六条（六个月）.
"""

import datetime

from gongkai.foi.outcomes import Outcome

REPLY_TITLE = "政府信息公开申请答复告知书"
CORRECTION_TITLE = "政府信息公开申请补正告知书"
EXTENSION_TITLE = "政府信息公开申请延期答复告知书"
FEE_TITLE = "政府信息公开信息处理费收费通知书"

# Short names in file names and in the 文号 (GB/T 9704-2012 7.2.4: 〔年份〕序号号, no 第, no leading zeros).
FILE_STEMS = {
    "reply": "答复告知书",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "fee": "收费通知书",
}
NUMBER_WORDS = {
    "reply": "依申请公开答复",
    "correction": "依申请公开补正",
    "extension": "依申请公开延期",
    "fee": "依申请公开收费",
}

YOU_PERSON = "您"
YOU_ORGANISATION = "贵单位"

OPENING = "本机关于{received}收到{you}提出的政府信息公开申请（申请编号：{number}），申请获取“{wanted}”{document}。"
OPENING_DOCUMENT_NUMBER = "（文号：{document_number}）"
OPENING_SUPPLEMENTED = "本机关于{requested}告知{you}补正申请内容，并于{supplemented}收到{you}补正后的申请。"

# The outcome paragraph, one per report row (outcomes.RULES). The handler's own explanation
# (Application.reply_text) follows it.
OUTCOME_TEXTS: dict[Outcome, str] = {
    Outcome.DISCLOSED: "经审查，{you}申请获取的政府信息属于公开范围，本机关予以公开。",
    Outcome.PARTIAL: (
        "经审查，{you}申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
        "本机关向{you}提供可以公开的部分；不予公开的部分及其理由说明如下。"
    ),
    Outcome.WITHHELD_SECRET: "经审查，{you}申请获取的政府信息属于国家秘密，依法不予公开。",
    Outcome.WITHHELD_LAW: "经审查，{you}申请获取的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。",
    Outcome.WITHHELD_SECURITY: (
        "经审查，{you}申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。"
    ),
    Outcome.WITHHELD_THIRD_PARTY: (
        "经审查，{you}申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
        "且本机关认为不公开不会对公共利益造成重大影响，决定不予公开。"
    ),
    Outcome.WITHHELD_INTERNAL: (
        "经审查，{you}申请获取的信息属于本机关的人事管理、后勤管理、内部工作流程等方面的内部事务信息，"
        "本机关决定不予公开。"
    ),
    Outcome.WITHHELD_PROCESS: (
        "经审查，{you}申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息，本机关决定不予公开。"
    ),
    Outcome.WITHHELD_CASE_FILE: "经审查，{you}申请获取的信息属于行政执法案卷信息，本机关决定不予公开。",
    Outcome.WITHHELD_QUERY: (
        "经审查，{you}申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的情形，"
        "请{you}依照有关法律、行政法规的规定办理。"
    ),
    Outcome.UNAVAILABLE_NOT_HELD: (
        "经检索查找，本机关未制作或者获取{you}申请获取的政府信息：该政府信息不存在，或者不属于本机关负责公开。"
    ),
    Outcome.UNAVAILABLE_NEEDS_CREATION: (
        "经审查，本机关没有{you}申请获取的现成政府信息，满足{you}的申请需要对现有政府信息进行加工、分析，"
        "本机关不予提供。"
    ),
    Outcome.UNAVAILABLE_UNCLEAR: (
        "{you}补正后的申请内容仍不明确，本机关无法确定{you}申请获取的政府信息，无法向{you}提供。"
    ),
    Outcome.NOT_PROCESSED_PETITION: (
        "经审查，{you}提出的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，"
        "本机关不作为政府信息公开申请处理。{you}可以通过信访、投诉、举报等相应渠道提出。"
    ),
    Outcome.NOT_PROCESSED_REPEAT: (
        "经审查，本机关已就{you}此前提出的相同政府信息公开申请作出答复，{you}重复申请公开相同政府信息，"
        "本机关不予重复处理。"
    ),
    Outcome.NOT_PROCESSED_PUBLICATION: (
        "经审查，{you}申请获取的是政府公报、报刊、书籍等公开出版物，本机关不予处理；"
        "{you}可以通过公开出版物的发行、销售渠道获取。"
    ),
    Outcome.NOT_PROCESSED_EXCESSIVE: (
        "经审查，{you}申请公开政府信息的数量、频次明显超过合理范围，本机关认为申请理由不合理，不予处理。"
    ),
    Outcome.NOT_PROCESSED_CONFIRMATION: (
        "经审查，{you}的申请是要求本机关确认或者重新出具{you}已获取的信息，不属于政府信息公开申请的处理范围，"
        "本机关不予处理。"
    ),
    Outcome.OTHER_NO_CORRECTION: (
        "本机关于{requested}告知{you}补正申请内容，补正期限至{due}。{you}无正当理由逾期未补正，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。"
    ),
    Outcome.OTHER_NO_PAYMENT: (
        "本机关于{issued}向{you}发出信息处理费收费通知，应缴金额{amount}元，缴费期限至{due}。"
        "{you}逾期未缴纳，视为放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Outcome.OTHER: "经审查，本机关对{you}的申请作如下处理。",
}

RELEASED_INTRO = "现向{you}提供以下政府信息："
FORM_AND_DELIVERY = "{you}申请的信息载体形式为{form}，获取方式为{delivery}。"
DELIVERY_TEXTS = {
    "online": "上述政府信息已上传至本机关政府信息公开申请查询页面，请凭申请编号和查询码查看、下载。",
    "email": "本机关将以电子邮件方式将上述政府信息发送至{you}提供的电子邮箱。",
    "post": "本机关将以{form}形式将上述政府信息邮寄至{you}提供的通信地址。",
    "collect": "请{you}在受理时间（{hours}）凭本告知书到{place}领取上述政府信息。",
}
INSPECTION_TEXT = "请{you}在受理时间（{hours}）凭本告知书到{place}查阅、抄录上述政府信息。"
PLACE_FALLBACK = "本机关政府信息公开工作机构"

BASIS = "根据{basis}的规定，特此告知。"

# 行政复议法第二十条: sixty days; 行政诉讼法第四十六条: six months.
REMEDY = (
    "如对本{act}不服，可以自收到本{letter}之日起六十日内向{reconsideration_body}申请行政复议，"
    "或者自收到本{letter}之日起六个月内向{court}提起行政诉讼。"
)
# 行政复议法（2023年修订）第二十三条第一款第（四）项: a refusal to disclose must go to reconsideration
# before court, and its second paragraph makes the agency say so in the decision. A partial
# disclosure refuses the rest, so it gets the same text: sending someone to reconsideration first
# never costs them the suit (第四十五条 leaves fifteen days after the decision), suing first might.
REMEDY_REVIEW_FIRST = (
    "如对本{act}不服，可以自收到本{letter}之日起六十日内向{reconsideration_body}申请行政复议；"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向{court}提起行政诉讼。"
    "根据《中华人民共和国行政复议法》第二十三条的规定，对不予公开政府信息的决定不服的，应当先申请行政复议。"
)
REVIEW_FIRST_IN_FORCE = datetime.date(2024, 1, 1)  # 行政复议法（2023年修订）第九十条

CONTACT_PHONE = "联系电话：{phone}"
CONTACT_ADDRESS = "联系地址：{address}"
CONTACT_HOURS = "受理时间：{hours}"

# 补正告知书 (条例第三十条).
CORRECTION_BODY = "经审查，{you}的申请内容不明确。根据{citation}的规定，请{you}对以下事项作出补正："
CORRECTION_DUE = (
    "请{you}于{due}前（含当日）通过政府信息公开申请查询页面或者书面方式向本机关提交补正后的申请。"
    "答复期限自本机关收到补正的申请之日起计算。"
)
CORRECTION_CONSEQUENCE = "{you}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。"

# 延期答复告知书 (条例第三十三条第二款).
EXTENSION_BODY = "本机关不能在规定期限内作出答复，需要延长答复期限，理由如下："
EXTENSION_DECISION = (
    "根据{citation}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，"
    "本机关将于{due}前向{you}作出答复。"
)

# 信息处理费收费通知书 (国办函〔2020〕109号).
FEE_BODY = "{you}申请公开政府信息的数量、频次明显超过合理范围。根据{measures}的规定，本机关决定收取信息处理费。"
FEE_METHOD = "计收方式：{method}。"
FEE_QUANTITY_PER_ITEM = "计费数量：本申请为{you}本自然月内提出的第{quantity}件政府信息公开申请。"
FEE_QUANTITY_PER_VOLUME = "计费数量：{quantity}页。"
FEE_RATE = "收费标准：依据{citation}，{rates}"
FEE_AMOUNT = "应缴金额：{amount}元（人民币）。"
FEE_DUE = "请{you}自收到本通知书次日起{days}个工作日内（即{due}前，含当日）缴纳，缴费方式请向本机关咨询。"
FEE_CONSEQUENCE = "{you}逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
FEE_CLOCK = "自本机关发出本通知书之日起至{you}缴纳费用之日止的期间，不计算在答复期限内。"

# Rate descriptions, filled from the tiers of rules.FEE_SCHEDULES.
RATE_FREE = "{first}{unit}以下（含{first}{unit}）的不收费"
RATE_BAND = "第{first}{unit}至第{last}{unit}的部分按{rate}元/{unit}收取"
RATE_OPEN = "第{first}{unit}及以上的部分按{rate}元/{unit}收取"
RATE_STEP = "自第{first}{unit}起，每{step}{unit}为一档，每增加一档，收费标准提高{increase}元/{unit}"
RATE_PER_ITEM_SCOPE = "同一申请人一个自然月内累计申请"
RATE_UNITS = {"per_item": "件", "per_volume": "页"}
