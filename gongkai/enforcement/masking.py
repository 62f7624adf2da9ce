"""Automatic masking of personal information in enforcement decisions before publication.

A decision (行政处罚决定书, 查封扣押决定书, 行政许可决定书 …) is masked here, in its structured
双公示 fields and in its full text; staff then review the masked version, and
``contains_personal_data`` is run again at publication as a second check.

Legal basis:

- 《行政处罚法》第五十条: personal privacy learned while imposing penalties is kept confidential;
  第四十八条: decisions with a certain social impact are published.
- 《政府信息公开条例》第十五条 (privacy of third parties is not disclosed) and 第三十七条 (where
  information can be separated, the disclosable part is provided: so we mask, we do not withhold).
- Template for the list of what is hidden: 《浙江省行政处罚结果信息网上公开暂行办法》第七条 — a
  natural person's home address, contact details, 身份证号码 and bank account; names of natural
  persons other than the penalised party; bank accounts of legal persons and other organisations.
- What stays: the 双公示 penalty and licence records publish 行政相对人名称, the 统一社会信用代码 and,
  for legal persons, 法定代表人 (spec §2.2, fields 1, 3 and 9); natural persons' 证件号码 are
  masked before any display (fields 12–13).

Policy (the unit is one natural person or organisation named in the text):

=========================================  =====================================  ================================
What                                       Rule                                   Example of the result
=========================================  =====================================  ================================
Party's name, party is a natural person    kept (双公示 行政相对人名称)            张三
Party's name, party is an organisation     kept                                   贵州某某化工有限公司
统一社会信用代码 (valid GB 32100 checksum) kept (双公示 行政相对人代码_1)          91520113MA6J0B3P1F
法定代表人 / 负责人 of an organisation      kept (双公示 法定代表人)                法定代表人：王大明
party (role words 法定代表人, 法人代表,
bare ``负责人：`` heading)
Enforcement officers (执法人员, 承办人,     kept: they act in public office and     执法人员：赵六（执法证号…）
检查人员, 询问人, 记录人 …)                 are listed in 事前公开 with their
                                           执法证号
Any other natural person's name            surname kept, the rest 某               李小红 → 李某某
(委托代理人, 联系人, 证人, 员工, 经营者 …)
居民身份证号码, 18 digits                  first 6 (区划码) and last 4 kept; the   520102********0028
                                           8-digit birth date masked
居民身份证号码, 15 digits (old)            first 6 and last 3 kept; the 6-digit    520102******002
                                           birth date masked; only after an ID
                                           label (15 digits are also 工商注册号)
Mobile numbers 1[3-9]xxxxxxxxx             first 3 and last 4 kept                138****0000
Landlines                                  area code kept; first 4 digits of the  0851-****5555
                                           subscriber number masked
Bank accounts (anyone's: party, agent,     every digit but the last 4 masked      **** **** **** ***0 123
organisation, the agency's own)            (separators kept)
Home address of a natural person           province, city and county kept, the    贵州省贵阳市南明区****
                                           rest replaced by ``****``
Address of an organisation (住所 of a      kept (business addresses are public)   住所：贵州省贵阳市白云区…
company, the agency's 地址)
E-mail addresses                           first character of the local part      z***@example.com
                                           kept, domain kept
Dates, money, 文号, statute articles,       never masked                           2025年3月4日, 20.5万元,
standard numbers, 执法证号, 许可证编号                                              黔环罚〔2025〕41号
=========================================  =====================================  ================================

Choices made here, and why:

- **ID numbers keep 6 + 4.** That is the usual public-display form and hides exactly the birth
  date. A birth date written out in words (``1990年5月12日出生``) is *not* masked: dates are never
  touched; reviewers must remove it by hand where it identifies a person.
- **Every bank account is masked, the agency's collection account too**, unless the caller lists
  it in ``keep_values``. A word heuristic (收款账户, 缴款, 非税收入) would also fire on sentences
  like "当事人从其账户…缴款" and leak a party's account; over-masking the agency's own
  account is harmless (the party has the served original) and is fixed by configuration.
- **Every phone number and e-mail address is masked** unless listed in ``keep_values`` (the
  agency's 咨询电话, its mailbox): a company's number often reaches a named employee.
- **Addresses.** Labels that only natural persons have (住址, 家庭住址, 现住, 户籍地, 居住地,
  "，住…") are always masked. Labels shared with organisations (住所, 地址, 联系地址, 送达地址)
  are masked only when the nearest preceding cue within 200 characters names a natural person
  (a person role word, 性别/男/女, 出生, 身份证, 民族, or 当事人 when the party is a person); an
  organisation cue (统一社会信用代码, 有限公司, 厂, 事务所, 厅 …) or no cue keeps them. A
  法定代表人 heading counts as a person cue only on the same line, so a 住所 line after it in an
  organisation's header block stays.
- **Names are found by role words** (``证人李小红``, ``联系人：周敏``), by the ``姓名，男，``
  pattern and by ``姓名（在场人）``; then every other occurrence of a found name is masked as
  well. 当事人 / 申请人 introduce a name only as a heading (``当事人：张三``), because in the
  body they start clauses (``当事人曾于…``). A name is a known surname plus one or two
  characters (two or three after a compound surname; 阿依古丽·买买提 style names too). A name
  nobody introduces (``经询问李小红，`` with no role word anywhere) is not found, and a given
  name whose last character is also a common verb or particle may lose only the part before
  it (``张有为称`` → ``张某为称``): that is what the review is for. A name that is also kept
  (an officer, the party, ``keep_names``) is kept everywhere. Text already masked with 某, ×
  or ``*`` is left alone.
- **个体工商户.** Call with ``party_is_person=False`` and the 字号 as ``party_name``; the
  经营者's name is masked unless passed in ``keep_names``.

Full-width digits and letters (１３８…) are recognised; the replacement keeps the original
characters that are not masked. Offsets in ``Hit`` refer to the original text. A hit covers
the whole original token (the number, the name, the e-mail address); for an address it covers
only the part that was replaced.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.core.validators import is_valid_resident_id, is_valid_uscc

KINDS = ("id_number", "phone", "landline", "bank_account", "address", "email", "person_name")
MASK_CHAR = "*"
ADDRESS_MASK = "****"
NAME_MASK_CHAR = "某"


@dataclass(frozen=True)
class Hit:
    kind: str  # one of KINDS
    start: int  # offsets into the original text
    end: int
    original_len: int
    replacement: str


@dataclass
class MaskResult:
    text: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.hits)


# --- character classes -------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Full-width digits, letters and a few symbols map one-to-one to ASCII, so offsets do not move.
# Chinese punctuation (（）：，；！？) stays as it is: the patterns expect it.
_FULLWIDTH_SOURCE = "".join(chr(i) for i in range(0xFF01, 0xFF5F) if chr(i) not in "（）：，；！？")
_FULLWIDTH = str.maketrans(_FULLWIDTH_SOURCE, "".join(chr(ord(c) - 0xFEE0) for c in _FULLWIDTH_SOURCE))
_FULLWIDTH_RE = re.compile(f"[{re.escape(_FULLWIDTH_SOURCE)}]")


def _normalise_width(text: str) -> str:
    # translate() walks every character; most decisions have no full-width digit at all.
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


# Characters that already stand for a masked character; a token made of them is left alone.
_MASKED_CHARS = set("*＊×某")

# --- protected spans: never masked -------------------------------------------------------------

# Each pattern starts with a digit, a bracket or a literal word, so a scan over a long text is cheap.
_PROTECTED_RES = tuple(
    re.compile(p)
    for p in (
        # 文号: 黔环罚〔2025〕41号, 环审[2025]12号, 黔环审（2025）第3号
        r"[〔\[［【(（]\d{4}[〕\]］】)）]\s*第?\s*\d+\s*号",
        # dates
        r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?",
        r"(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)",
        # money: 罚款人民币20000元, 20.5万元, ¥1,000.00元
        r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万|亿)?\s*元",
        # statute articles and 文书 numbers written with 第
        r"第\s*[0-9一二三四五六七八九十百千零〇两]+\s*[条款项目章节号]",
        # technical standards: GB 3095-2012, HJ 2.1-2016, GB/T 14848-2017, DB52/ 864-2022
        r"(?:GB|HJ|GBZ|CJJ|CJ|DB\s*\d{2})\s*(?:/\s*T)?\s*/?\s*[\d.]+(?:\s*[-—－]\s*\d{2,4})?",
        # numbers that belong to officers, licences and cases, not to a private person
        r"(?:执法证件号码|执法证件号|执法证编号|执法证号|执法证|检查证号|监察证号|许可证编号|许可证号"
        r"|证书编号|登记号|注册号|备案号|案件编号|案号|编号)\s*[：:]?\s*[0-9A-Za-z][0-9A-Za-z\-]*",
        # coordinates: 106.630153, 26°38′51″
        r"(?<![\d.])\d{1,3}\.\d{4,}(?![\d.])",
        r"\d{1,3}\s*°\s*\d{1,2}\s*[′']\s*(?:\d{1,2}(?:\.\d+)?\s*[″\"])?",
    )
)
_USCC_TOKEN_RE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")

# --- numbers -----------------------------------------------------------------------------------

_ID_LABEL_BEFORE = re.compile(r"(?:身份证|公民身份号码|身份号码|证件号码|证件号)[^0-9\n。；]{0,8}$")
_BANK_LABEL_BEFORE = re.compile(r"(?:账号|帐号|账户|帐户|卡号|开户行|开户银行)[^0-9\n。；]{0,40}$")
_USCC_LABEL_BEFORE = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码|组织机构代码)[^0-9\n。；]{0,8}$")

_EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])([A-Za-z0-9][A-Za-z0-9._%+\-]*)@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
_BANK_LABELLED_RE = re.compile(
    r"(?:银行账号|银行账户|银行卡号|账号|帐号|账户|帐户|卡号|开户行|开户银行)"
    r"(?:(?!身份证|身份号码|证件号|电话|手机)[^0-9\n。；]){0,40}?"
    r"(?<![0-9A-Za-z])(\d(?:[ \-]?\d){7,29})(?![0-9A-Za-z])"
)
_ID18_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_ID15_RE = re.compile(r"(?<![0-9A-Za-z])[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])")
# 16–19 digits, either in one run or in groups of four as printed on cards and 缴款书.
_BANK_RE = re.compile(r"(?<![0-9A-Za-z\-.])(?:\d{16,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?)(?![0-9A-Za-z\-.])")
_UNIT_AFTER = re.compile(r"\s*(?:元|万|亿|吨|千克|公斤|克|立方|平方|米|升|%|mg|kg|m)")
_MOBILE_RE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[ \-]?)?(1[3-9]\d)([ \-]?)(\d{4})([ \-]?)(\d{4})(?![0-9A-Za-z])")
_LANDLINE_SEP_RE = re.compile(
    r"(?<![0-9A-Za-z\-－./])(0[1-9]\d{1,2})(?:\s?[-—]\s?|\s)([2-9]\d{2,3}[ \-]?\d{4})(?![0-9A-Za-z])"
)
_LANDLINE_PAREN_RE = re.compile(r"[(（]\s*(0[1-9]\d{1,2})\s*[)）]\s?([2-9]\d{2,3}[ \-]?\d{4})(?![0-9A-Za-z])")
_LANDLINE_LABELLED_RE = re.compile(
    r"(?:联系电话|电话号码|固定电话|电话|座机|固话|传真|Tel|TEL|tel)\s*[：:]?\s*"
    r"(?<![0-9A-Za-z])((?:0[1-9]\d{1,2})?[2-9]\d{6,7})(?![0-9A-Za-z])"
)

# --- addresses ---------------------------------------------------------------------------------

_PERSON_ONLY_ADDRESS_LABELS = (
    "家庭住址",
    "家庭地址",
    "现住址",
    "现住所",
    "现居住地",
    "经常居住地",
    "居住地址",
    "居住地",
    "户籍所在地",
    "户籍地址",
    "户籍地",
    "暂住地",
    "家住",
    "住址",
    "现住",
)
_SHARED_ADDRESS_LABELS = ("住所地", "住所", "联系地址", "通讯地址", "通信地址", "送达地址", "地址")
# These are also the tail of 注册地址, 经营地址, 公司住所 …: they count only as a heading.
_HEADING_ONLY_LABELS = {"住所地", "住所", "地址"}
_ADDRESS_LABEL_RE = re.compile(
    "(?P<label>"
    + "|".join(sorted(_PERSON_ONLY_ADDRESS_LABELS + _SHARED_ADDRESS_LABELS, key=len, reverse=True))
    + rf"|(?<=[，,])住(?=[{_HAN}]{{1,8}}?(?:省|自治区|市|区|县)))"
    + r"\s*(?:[：:]|为|在|于)?\s*"
)
_ADDRESS_STOP_RE = re.compile(
    r"[，,。；;\n\r\t]|\s{2,}|联系电话|联系方式|电话|手机|邮编|邮政编码|身份证|公民身份|电子邮箱|邮箱"
)
# The kept part of a home address: province, city (prefecture) and county, each optional.
_ADMIN_LEVEL_RES = (
    re.compile(rf"[{_HAN}]{{2,8}}?(?:省|自治区)|北京市|天津市|上海市|重庆市"),
    re.compile(rf"[{_HAN}]{{1,9}}?(?:自治州|地区|盟|市|州)"),
    re.compile(rf"[{_HAN}]{{1,9}}?(?:特区|林区|新区|区|县|市|旗)"),
)
# A level that contains one of these is a street, an estate or a village, not a county.
_STREET_TOKENS = (
    "路",
    "街",
    "巷",
    "号",
    "弄",
    "村",
    "组",
    "栋",
    "楼",
    "苑",
    "镇",
    "乡",
    "小区",
    "社区",
    "花园",
    "大道",
)
_NOT_ADMIN_ENDINGS = ("园区", "校区", "片区", "矿区", "景区", "厂区", "营区", "城区")

# --- names -------------------------------------------------------------------------------------

# Common single-character surnames. Characters that are far more often a function word or the
# start of an ordinary word after a role word (和, 时, 全, 上, 公, 车, 查 …) are left out.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简项连芦麦褚娄窦"
    "戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘迟邝谈匡鞠惠荆冀"
    "郁胥班储栗燕楚鄢谌奚粟冼蔺楼闻厉伊仝郜阚帅屠朴练廉禹祖漆巴丰卿狄晋扈晁芮阙浦戈伏鹿邸雍辜羊乌裘亓邰赫"
    "杭况逯隆茹慕亢嵇哈湛宾戎勾茅於呼揭尉冶斯束檀奉衡尧"
)
_COMPOUND_SURNAMES = set(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 轩辕 呼延"
    " 百里 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 闾丘 东郭 拓跋".split()
)
# Ordinary two-character words that begin with a surname character and often follow a role word.
_NOT_NAMES = set(
    "陈述 陈列 高于 高度 高达 高温 于是 于此 周边 周围 周期 任何 任意 任务 任职 曾经 方面 方式 方案 方法 方向"
    " 方圆 安全 安装 安排 文件 成立 成本 成品 连续 严重 严格 包括 包装 金额 石料 林地 田地 马路 江河 黄河 温度"
    " 单位 施工 项目 万元 万吨 常年 常规 管理 管道 程序 程度 白天 白色 黄色 蓝色 司机 司法 许可 许多 何时 何种"
    " 范围 余量 余额 余下 尤其 齐全 解释 解决 解除 申请 申报 申辩 尚未 尚有 符合 左侧 凌晨 季度 柴油 储存 储罐"
    " 楼层 楼顶 路面 路段 路口 路边 关于 关闭 关停 费用 卫生 农田 农药 农业 农村 易燃 易于 房屋 房间 冷却 苗圃"
    " 谷物 景区 边界 边坡 沙土 沙石 游客 师傅 夏季 简易 龙头 钱款 毛重 宁可 雷雨 巴士 乌黑 丰富 宾馆 华丽 蒲公"
    " 廖无 欧洲 伊始 杨树 柳树 梅雨 章程 万一 甘愿 宗旨 屈服 辛苦 包含 石油 纪律 康复 孔洞 贺电 汤料".split()
)
_ORG_NAME_ENDINGS = set("厂店局所馆院社部行场站队处司会厅")
# A given name rarely starts with a preposition, particle or pronoun: "曾于", "向我厅" are not names.
_NOT_GIVEN_NAME_START = set("于在因被将已未对向从为是的了和与及也都就把我其该本你他她当同次上下此")
_FOLLOW_RE = re.compile(
    "称|证实|陈述|表示|介绍|承认|确认|说|讲|在|于|系|是|为|等|均|已|到|的|对|向|与|和|及|签|未|作|从|负责|担任|驾驶"
    "|操作|参与|接受|出具|陪同|提供|现场|拒|同|亦|也|则|因|私自|擅自|将|把|曾|当|处|家|所|供述|反映|告知|指认|按|以"
    "|律师|先生|女士|同志"
)
_CLAUSE_END_WORDS = set(
    "称 说 讲 等 证实 陈述 表示 介绍 承认 确认 供述 反映 指认 作证 在场 到场 签字 签名 律师 先生 女士 同志".split()
)
_DOTTED_NAME_RE = re.compile(rf"[{_HAN}]{{1,8}}[·•・][{_HAN}]{{1,8}}(?:[·•・][{_HAN}]{{1,8}})?")
_HAN_RUN_RE = re.compile(rf"[{_HAN}]+")

# Role words whose name is masked (anyone who is not the party or its legal representative).
_MASK_ROLES = (
    "委托代理人 受委托人 代理人 联系人 证人 见证人 保证人 在场人 陪同人 被询问人 被调查人 被检查人 询问对象 员工 职工"
    " 工人 雇员 工作人员 操作工 操作员 驾驶员 驾驶人 司机 管理员 技术员 安全员 环保员 保管员 仓管员 保安 门卫"
    " 经营者 实际经营者 实际控制人 投资人 股东 合伙人 出资人 承包人 承包者 项目负责人 现场负责人 环保负责人"
    " 技术负责人 生产负责人 安全负责人 车间负责人 主要负责人 负责人 厂长 总经理 副总经理 经理 董事长 主管 监事"
    " 班长 组长 举报人 投诉人 监护人 房东 出租人 承租人 户主 车主 律师 法人 当事人 申请人"
    " 妻子 丈夫 配偶 儿子 女儿 父亲 母亲 亲属 家属 邻居 村民 居民"
).split()
_PARTY_ROLES = ("当事人", "申请人", "被检查人")
# The legal representative of an organisation party is published in 双公示 (法定代表人 field).
_REP_ROLES = ("法定代表人", "法人代表")
# Officers act in public office; 118号 publishes 执法人员 with their 执法证号 in 事前公开.
_OFFICER_ROLES = (
    "执法人员 执法人 承办人 检查人员 调查人员 办案人员 经办人 审核人 审批人 记录人 询问人 检查人 调查人"
).split()
_ROLE_RE = re.compile(
    "(?P<role>"
    + "|".join(sorted(set(_MASK_ROLES) | set(_REP_ROLES) | set(_OFFICER_ROLES), key=len, reverse=True))
    + r")\s*(?:[：:]|为|是)?\s*"
)
_NAME_LIST_SEP_RE = re.compile(r"\s*(?:、|和|及|与)\s*")
_DESCRIPTOR_NAME_RE = re.compile(rf"(?<![{_HAN}])([{_HAN}·•・]{{2,12}})(?=\s*[，,（(]\s*[男女]\s*[，,）)、；;])")
# 邓丽华（在场人）: the role word follows the name in brackets.
_NAME_BEFORE_ROLE_RE = re.compile(
    rf"([{_HAN}]{{2,4}})(?=[（(](?:{'|'.join(sorted(_MASK_ROLES, key=len, reverse=True))})[）)])"
)

# Cues for whose address a shared label (住所, 地址 …) introduces; the nearest one wins.
_PERSON_DESCRIPTORS = (
    r"性别|出生|身份证|公民身份号码|身份号码|民族|汉族|苗族|布依族|侗族|土家族|彝族|仡佬族|水族|回族|白族|壮族|瑶族"
    r"|满族|蒙古族|藏族|[，,（(]\s*[男女]\s*(?=[，,）)、；;])"
)
_ORG_CUES = (
    "统一社会信用代码|信用代码|单位名称|被检查单位|被处罚单位|有限责任公司|股份有限公司|有限公司|公司|集团|合作社|事务所"
    "|研究院|研究所|中心|医院|学校|协会|商会|人民政府|政府|委员会|加油站|酒店|宾馆|饭店|门市部|经营部|商行|厂|局|厅"
)
# 律师 is left out: "…律师事务所律师，地址：" gives the firm's address.
_ADDRESS_CUE_PERSON_ROLES = set(_MASK_ROLES) - {"当事人", "申请人", "被检查人", "法人", "负责人", "律师"}
_ADDRESS_CUE_RE = re.compile(
    "(?P<person>" + "|".join(sorted(_ADDRESS_CUE_PERSON_ROLES, key=len, reverse=True)) + ")"
    "|(?P<rep>" + "|".join(_REP_ROLES) + "|负责人)"
    "|(?P<party>当事人|申请人|被检查人)"
    "|(?P<desc>" + _PERSON_DESCRIPTORS + ")"
    "|(?P<org>" + _ORG_CUES + ")"
)
_ADDRESS_CUE_WINDOW = 200


# --- helpers -----------------------------------------------------------------------------------


def _normalise_value(value: str) -> str:
    """The comparable form of a number or e-mail address for ``keep_values``."""
    value = _normalise_width(value or "").strip()
    if "@" in value:
        return value.lower()
    digits = "".join(c for c in value if c.isdigit() or c in "Xx").upper()
    if len(digits) == 13 and digits.startswith("86") and digits[2] == "1":
        digits = digits[2:]
    return digits


def _mask_positions(token: str, masked: Iterable[int]) -> str:
    """Replace the digits of ``token`` whose digit index is in ``masked``; separators stay."""
    wanted = set(masked)
    out = []
    index = 0
    for ch in token:
        if ch.isdigit() or ch in "Xx":
            out.append(MASK_CHAR if index in wanted else ch)
            index += 1
        else:
            out.append(ch)
    return "".join(out)


def _digit_count(token: str) -> int:
    return sum(1 for c in token if c.isdigit() or c in "Xx")


def _mask_id18(token: str) -> str:
    return _mask_positions(token, range(6, 14))


def _mask_id15(token: str) -> str:
    return _mask_positions(token, range(6, 12))


def _mask_bank(token: str) -> str:
    return _mask_positions(token, range(_digit_count(token) - 4))


def _mask_subscriber(token: str) -> str:
    return _mask_positions(token, range(4))


def _mask_mobile_groups(head: str, sep1: str, middle: str, sep2: str, tail: str) -> str:
    return head + sep1 + MASK_CHAR * len(middle) + sep2 + tail


def _mask_person_name(name: str) -> str:
    for sep in "·•・":
        if sep in name:
            first, *rest = name.split(sep)
            return sep.join([first[0] + NAME_MASK_CHAR * (len(first) - 1)] + [NAME_MASK_CHAR * len(p) for p in rest])
    surname_len = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    return name[:surname_len] + NAME_MASK_CHAR * (len(name) - surname_len)


def _looks_masked(token: str) -> bool:
    return any(c in "*＊×某" for c in token)


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of a plausible personal name starting at ``pos``, or None.

    Chinese has no word boundaries, so a name is accepted when its run of Han characters ends
    exactly at a name length, or when the characters after it start a word that commonly follows
    a name (称, 证实, 在, 等 …). The shortest such reading wins, so "张三称其" gives 张三.
    """
    dotted = _DOTTED_NAME_RE.match(text, pos)
    if dotted:
        # The last part runs on into the next word (买买提在场): cut it where a follow word starts.
        last = max(text.rfind(sep, pos, dotted.end()) for sep in "·•・") + 1
        for length in range(2, dotted.end() - last):
            if _FOLLOW_RE.match(text, last + length):
                return (pos, last + length)
        return dotted.span()
    if text[pos : pos + 2] in _COMPOUND_SURNAMES:
        surname_len, lengths = 2, (3, 4)
    elif pos < len(text) and text[pos] in _SURNAMES:
        surname_len, lengths = 1, (2, 3)
    else:
        return None
    run = _HAN_RUN_RE.match(text, pos)
    if run is None:
        return None
    run_len = run.end() - pos

    def acceptable(length: int) -> bool:
        candidate = text[pos : pos + length]
        if _looks_masked(candidate) or candidate[-1] in _ORG_NAME_ENDINGS:
            return False
        if candidate[surname_len] in _NOT_GIVEN_NAME_START:
            return False
        return candidate[:2] not in _NOT_NAMES

    if run_len in lengths:
        # "张三称，": the run ends at a name length only because a verb closes the clause.
        for length in lengths:
            if length < run_len and text[pos + length : pos + run_len] in _CLAUSE_END_WORDS and acceptable(length):
                return (pos, pos + length)
        return (pos, pos + run_len) if acceptable(run_len) else None
    for length in lengths:
        if length < run_len and _FOLLOW_RE.match(text, pos + length) and acceptable(length):
            return (pos, pos + length)
    return None


class _Spans:
    """Disjoint sorted intervals with logarithmic overlap tests (a long text has hundreds)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end

    def first_start_within(self, start: int, end: int) -> int | None:
        i = bisect.bisect_left(self.starts, start)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else None

    def add(self, start: int, end: int) -> None:
        """Insert an interval that overlaps none already present."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


@dataclass
class _Context:
    party_name: str
    party_is_person: bool
    keep_names: set[str]
    keep_values: set[str]


@dataclass
class _Names:
    mask: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)


def _collect_names(text: str, ctx: _Context, names: _Names) -> None:
    """Add to ``names`` the personal names introduced in ``text`` by role words or 男/女."""
    if not text:
        return
    norm = _normalise_width(text)
    for match in _ROLE_RE.finditer(norm):
        role = match.group("role")
        if role in _OFFICER_ROLES:
            bucket = names.keep
        elif role in _REP_ROLES and not ctx.party_is_person:
            bucket = names.keep
        elif role == "负责人" and not ctx.party_is_person and _is_heading(norm, match):
            # The registered 负责人 of a 非法人组织 fills the same 双公示 field as a 法定代表人.
            bucket = names.keep
        else:
            bucket = names.mask
        if role in _PARTY_ROLES and not any(c in match.group() for c in "：:"):
            continue  # "当事人" mostly starts a clause (当事人曾于…); only the heading introduces a name
        pos = match.end()
        while True:
            span = _name_at(norm, pos)
            if span is None:
                break
            bucket.add(norm[span[0] : span[1]])
            sep = _NAME_LIST_SEP_RE.match(norm, span[1])
            if sep is None:
                break
            pos = sep.end()
    for regex in (_DESCRIPTOR_NAME_RE, _NAME_BEFORE_ROLE_RE):
        for match in regex.finditer(norm):
            name = _name_ending_at(norm, match.start(1), match.end(1))
            if name:
                names.mask.add(name)


def _name_ending_at(norm: str, start: int, end: int) -> str:
    """The longest name that ends at ``end`` in the run ``norm[start:end]``, or "".

    The run may begin with other words (其妻子邓丽华, 员工阿依古丽·买买提): a leading role word is
    skipped, then each later start is tried.
    """
    role = _ROLE_RE.match(norm, start)
    if role is not None and role.end() < end:
        start = role.end()
    for pos in range(start, end - 1):
        span = _name_at(norm, pos)
        if span is not None and span[1] == end:
            return norm[pos:end]
    return ""


def _is_heading(norm: str, match: re.Match[str]) -> bool:
    """True for a bare ``负责人：`` at the start of a line or clause (the organisation's own)."""
    start = match.start("role")
    before = norm[start - 1] if start > 0 else "\n"
    after = norm[match.end("role") : match.end("role") + 1]
    return before in "\n，,。；; \t" and after in ("：", ":")


class _Collector:
    """Accumulates non-overlapping hits; protected spans and earlier hits win."""

    def __init__(self, protected: list[tuple[int, int]]):
        self.protected = _Spans(protected)
        self.hits: list[Hit] = []
        self.spans = _Spans()

    def free(self, start: int, end: int) -> bool:
        return not self.protected.overlaps(start, end) and not self.spans.overlaps(start, end)

    def add(self, kind: str, start: int, end: int, replacement: str, original: str) -> None:
        if start >= end or replacement == original[start:end] or not self.free(start, end):
            return
        self.hits.append(Hit(kind, start, end, end - start, replacement))
        self.spans.add(start, end)


def _protected_spans(norm: str, ctx: _Context, names: _Names) -> list[tuple[int, int]]:
    spans = [m.span() for regex in _PROTECTED_RES for m in regex.finditer(norm)]
    for m in _USCC_TOKEN_RE.finditer(norm):
        token = m.group().upper()
        if not is_valid_uscc(token):
            continue
        if token.isdigit():
            before = norm[max(0, m.start() - 48) : m.start()]
            labelled_uscc = _USCC_LABEL_BEFORE.search(before) is not None
            personal = (
                is_valid_resident_id(token)
                or _ID_LABEL_BEFORE.search(before) is not None
                or _BANK_LABEL_BEFORE.search(before) is not None
            )
            if personal and not labelled_uscc:
                continue
        spans.append(m.span())
    for kept in {ctx.party_name, *ctx.keep_names, *names.keep}:
        if kept:
            # str.find, not re.finditer(re.escape(kept)): every decision has another party name, and
            # compiling a pattern per name was a third of the import's masking time.
            at = norm.find(kept)
            while at != -1:
                spans.append((at, at + len(kept)))
                at = norm.find(kept, at + len(kept))
    return spans


# Every number detector needs an ASCII digit (after width folding) and the e-mail one an "@"; with
# neither, no address label and no name to mask, a text cannot contain anything to mask.
_NUMBER_OR_EMAIL_RE = re.compile(r"[0-9@]")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")


def _detect(text: str, ctx: _Context, names: _Names) -> list[Hit]:
    if not text:
        return []
    norm = _normalise_width(text)
    if (
        not (names.mask - names.keep - ctx.keep_names)
        and _NUMBER_OR_EMAIL_RE.search(norm) is None
        and _ADDRESS_LABEL_RE.search(norm) is None
    ):
        return []
    out = _Collector(_protected_spans(norm, ctx, names))

    def kept(token: str) -> bool:
        return bool(ctx.keep_values) and _normalise_value(token) in ctx.keep_values

    for m in _EMAIL_RE.finditer(norm):
        if kept(m.group()):
            continue
        local = text[m.start(1) : m.end(1)]
        masked_local = local[0] + MASK_CHAR * 3 if len(local) > 1 else MASK_CHAR
        out.add("email", m.start(), m.end(), masked_local + text[m.end(1) : m.end()], text)

    for m in _BANK_LABELLED_RE.finditer(norm):
        s, e = m.span(1)
        if not kept(m.group(1)):
            out.add("bank_account", s, e, _mask_bank(text[s:e]), text)

    for m in _ID18_RE.finditer(norm):
        s, e = m.span()
        if kept(m.group()):
            continue
        before = norm[max(0, s - 48) : s]
        kind = "bank_account" if _BANK_LABEL_BEFORE.search(before) and not _ID_LABEL_BEFORE.search(before) else ""
        if kind:
            out.add(kind, s, e, _mask_bank(text[s:e]), text)
        else:
            out.add("id_number", s, e, _mask_id18(text[s:e]), text)

    for m in _ID15_RE.finditer(norm):
        s, e = m.span()
        if _ID_LABEL_BEFORE.search(norm[max(0, s - 24) : s]) and not kept(m.group()):
            out.add("id_number", s, e, _mask_id15(text[s:e]), text)

    for m in _BANK_RE.finditer(norm):
        s, e = m.span()
        if _UNIT_AFTER.match(norm, e) or kept(m.group()):
            continue
        out.add("bank_account", s, e, _mask_bank(text[s:e]), text)

    for m in _MOBILE_RE.finditer(norm):
        s, e = m.span()
        if _UNIT_AFTER.match(norm, e) or kept(m.group()):
            continue
        head_start = m.start(1)
        replacement = text[s:head_start] + _mask_mobile_groups(
            text[m.start(1) : m.end(1)], m.group(2), m.group(3), m.group(4), text[m.start(5) : m.end(5)]
        )
        out.add("phone", s, e, replacement, text)

    for regex in (_LANDLINE_SEP_RE, _LANDLINE_PAREN_RE):
        for m in regex.finditer(norm):
            s, e = m.span()
            if kept(m.group()):
                continue
            sub_s, sub_e = m.span(2)
            out.add("landline", s, e, text[s:sub_s] + _mask_subscriber(text[sub_s:sub_e]), text)
    for m in _LANDLINE_LABELLED_RE.finditer(norm):
        s, e = m.span(1)
        number = m.group(1)
        if kept(number):
            continue
        area = 0
        if number.startswith("0") and len(number) >= 10:
            area = 3 if number[1] in "12" else 4
        out.add("landline", s, e, text[s : s + area] + _mask_subscriber(text[s + area : e]), text)

    _detect_addresses(text, norm, ctx, out)

    if names.mask:
        alternation = "|".join(
            re.escape(n) for n in sorted(names.mask - names.keep - ctx.keep_names, key=len, reverse=True)
        )
        if alternation:
            for m in re.finditer(alternation, norm):
                s, e = m.span()
                out.add("person_name", s, e, _mask_person_name(text[s:e]), text)

    out.hits.sort(key=lambda h: h.start)
    return out.hits


def _address_is_personal(norm: str, label_start: int, label: str, ctx: _Context) -> bool:
    if label in _PERSON_ONLY_ADDRESS_LABELS or label == "住":
        return True
    window_start = max(0, label_start - _ADDRESS_CUE_WINDOW)
    cues = list(_ADDRESS_CUE_RE.finditer(norm, window_start, label_start))
    for cue in reversed(cues):
        kind = cue.lastgroup
        if kind == "rep":
            if "\n" in norm[cue.end() : label_start]:
                continue  # an organisation's header block: 法定代表人 line, then its 住所 line
            return True
        if kind == "party":
            return ctx.party_is_person
        return kind in ("person", "desc")
    return False


def _detect_addresses(text: str, norm: str, ctx: _Context, out: _Collector) -> None:
    for m in _ADDRESS_LABEL_RE.finditer(norm):
        label = m.group("label")
        if label in _HEADING_ONLY_LABELS and m.start() > 0 and _HAN_CHAR_RE.match(norm[m.start() - 1]):
            continue  # 注册地址, 经营地址, 公司住所: an organisation's, not a heading
        if not _address_is_personal(norm, m.start(), label, ctx):
            continue
        start = m.end()
        stop = _ADDRESS_STOP_RE.search(norm, start, min(len(norm), start + 100))
        end = stop.start() if stop else min(len(norm), start + 100)
        end = _cut_unbalanced_paren(norm, start, end)
        while end > start and norm[end - 1].isspace():
            end -= 1
        # Never run into a number already masked: the address stops where it begins.
        for spans in (out.spans, out.protected):
            first = spans.first_start_within(start, end)
            if first is not None:
                end = first
        value = norm[start:end]
        if not value:
            continue
        keep = _admin_prefix_len(value)
        rest = value[keep:].strip()
        if not rest or all(c in _MASKED_CHARS for c in rest):
            continue
        out.add("address", start + keep, end, ADDRESS_MASK, text)


def _admin_prefix_len(value: str) -> int:
    pos = 0
    for regex in _ADMIN_LEVEL_RES:
        m = regex.match(value, pos)
        if m is None:
            continue
        level = m.group()
        if any(t in level for t in _STREET_TOKENS) or level.endswith(_NOT_ADMIN_ENDINGS):
            break
        pos = m.end()
    return pos


def _cut_unbalanced_paren(norm: str, start: int, end: int) -> int:
    depth = 0
    for i in range(start, end):
        if norm[i] in "（(":
            depth += 1
        elif norm[i] in "）)":
            if depth == 0:
                return i
            depth -= 1
    return end


def _apply(text: str, hits: list[Hit]) -> str:
    parts = []
    pos = 0
    for hit in hits:
        parts.append(text[pos : hit.start])
        parts.append(hit.replacement)
        pos = hit.end
    parts.append(text[pos:])
    return "".join(parts)


def _context(party_name: str, party_is_person: bool, keep_names: Iterable[str], keep_values: Iterable[str]) -> _Context:
    names = {n.strip() for n in keep_names if n and n.strip()}
    party_name = (party_name or "").strip()
    if party_is_person and party_name:
        names.add(party_name)
    return _Context(
        party_name=party_name,
        party_is_person=party_is_person,
        keep_names=names,
        keep_values={v for v in (_normalise_value(x) for x in keep_values) if v},
    )


# --- public API --------------------------------------------------------------------------------


def mask_text(
    text: str,
    *,
    party_name: str = "",
    party_is_person: bool = False,
    keep_names: Iterable[str] = (),
    keep_values: Iterable[str] = (),
) -> MaskResult:
    """Mask the personal information in one text (see the module docstring for the policy).

    ``party_name`` is the 行政相对人名称; when ``party_is_person`` it is kept wherever it occurs.
    ``keep_names`` are further names that may be shown (an officer not introduced by a role word,
    a 个体工商户's 经营者 where the agency publishes it). ``keep_values`` are numbers and e-mail
    addresses that are public (the agency's 非税收入 collection account, its 咨询电话, 12369 …),
    compared by their digits. Idempotent: masking the result again changes nothing.
    """
    text = text or ""
    ctx = _context(party_name, party_is_person, keep_names, keep_values)
    names = _Names()
    _collect_names(text, ctx, names)
    hits = _detect(text, ctx, names)
    return MaskResult(text=_apply(text, hits), hits=hits)


def mask_fields(
    fields: dict[str, str],
    *,
    party_name: str,
    party_is_person: bool,
    keep_names: Iterable[str] = (),
    keep_values: Iterable[str] = (),
) -> dict[str, MaskResult]:
    """Mask each structured field (违法事实, 处罚依据, 处罚内容, 备注 …).

    A name introduced in one field (``证人李小红``) is masked in every field, so 备注 cannot
    reveal a name that 违法事实 hides.
    """
    keep_names = tuple(keep_names)
    keep_values = tuple(keep_values)
    ctx = _context(party_name, party_is_person, keep_names, keep_values)
    names = _Names()
    for value in fields.values():
        _collect_names(value or "", ctx, names)
    results = {}
    for key, value in fields.items():
        value = value or ""
        hits = _detect(value, ctx, names)
        results[key] = MaskResult(text=_apply(value, hits), hits=hits)
    return results


def contains_personal_data(
    text: str,
    *,
    party_name: str = "",
    party_is_person: bool = False,
    keep_names: Iterable[str] = (),
    keep_values: Iterable[str] = (),
) -> bool:
    """True if anything ``mask_text`` would mask is still in ``text`` (the check at publication)."""
    return mask_text(
        text, party_name=party_name, party_is_person=party_is_person, keep_names=keep_names, keep_values=keep_values
    ).changed


def mask_id_number(value: str) -> str:
    """Display form of a structured 证件号码 field.

    18 characters: first 6 and last 4 kept (the birth date is hidden); 15 characters: first 6
    and last 3 kept. Other documents (passport, 港澳通行证): first and last 2 kept. Idempotent.
    """
    value = (value or "").strip()
    if len(value) == 18:
        return value[:6] + MASK_CHAR * 8 + value[-4:]
    if len(value) == 15:
        return value[:6] + MASK_CHAR * 6 + value[-3:]
    if len(value) <= 4:
        return MASK_CHAR * len(value)
    return value[:2] + MASK_CHAR * (len(value) - 4) + value[-2:]


def mask_phone(value: str) -> str:
    """Display form of a structured phone field: 138****0000, 0851-****5555.

    A number in no recognised format has every digit but the last 4 masked. Idempotent.
    """
    value = (value or "").strip()
    if _looks_masked(value):
        return value
    norm = _normalise_width(value)
    m = _MOBILE_RE.fullmatch(norm)
    if m:
        return value[: m.start(1)] + _mask_mobile_groups(
            value[m.start(1) : m.end(1)], m.group(2), m.group(3), m.group(4), value[m.start(5) : m.end(5)]
        )
    for regex in (_LANDLINE_SEP_RE, _LANDLINE_PAREN_RE):
        m = regex.fullmatch(norm)
        if m:
            s, e = m.span(2)
            return value[:s] + _mask_subscriber(value[s:e]) + value[e:]
    return _mask_positions(value, range(max(0, _digit_count(value) - 4)))
