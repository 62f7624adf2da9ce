"""Which department should answer a message: a suggestion with its reasons, for the office to confirm.

The message's words (segmented with rjieba) are scored against each department's name, its 主要职责
and the keyword table below. A person always decides (``services.message_route``); the reasons are
shown beside the suggestion so that the office can see why, and correct the table when it is wrong.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import rjieba

from gongkai.org.models import Department

# Department code → words that point to it in citizens' own language (not the wording of 主要职责).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "dqc": (
        "噪声",
        "噪音",
        "扰民",
        "油烟",
        "烟尘",
        "废气",
        "异味",
        "臭味",
        "雾霾",
        "空气",
        "大气",
        "扬尘",
        "尾气",
        "焚烧",
    ),
    "hpc": ("环评", "环境影响", "排污许可", "许可证", "建设项目", "审批", "公示"),
    "gtc": ("垃圾", "固废", "固体废物", "危废", "危险废物", "废渣", "土壤", "化学品", "医疗废物"),
    "fsc": ("辐射", "基站", "电磁", "放射", "核", "变电站", "高压线"),
    "zfc": ("偷排", "超标", "违法", "举报", "处罚", "执法", "查处", "直排"),
    "kcc": ("监测", "数据", "统计", "公报", "水质", "科研"),
    "xcc": ("宣传", "新闻", "网站", "公众号", "科普", "教育"),
    "zhc": ("督察", "整改", "规划", "示范", "生态文明"),
    "bgs": ("信息公开", "依申请", "档案"),
}
KEYWORD_POINTS = 3
NAME_POINTS = 2
DUTY_POINTS = 1
# Words of 主要职责 that every department has: they tell nothing about which one.
DUTY_STOPWORDS = frozenset(
    {"负责", "承担", "相关", "管理", "组织", "工作", "事项", "办理", "监督", "指导", "生态", "环境", "生态环境", "职责"}
)
MIN_WORD_LENGTH = 2


@dataclass
class Suggestion:
    department: Department | None
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    # Other departments that scored, best first: (department, score).
    others: list[tuple[Department, int]] = field(default_factory=list)


def words(text: str) -> set[str]:
    return {w for w in rjieba.cut(text or "") if len(w) >= MIN_WORD_LENGTH and not w.isspace()}


def _name_words(department: Department) -> set[str]:
    stem = department.name.rstrip("处室局")
    return {stem, department.name} if len(stem) >= MIN_WORD_LENGTH else {department.name}


def suggest_department(text: str, *, departments=None) -> Suggestion:
    """The best-scoring department for ``text`` (subject and body together), or none if nothing matches."""
    message_words = words(text)
    if departments is None:
        departments = Department.objects.all()
    scores: dict[int, int] = defaultdict(int)
    reasons: dict[int, list[str]] = defaultdict(list)
    candidates = list(departments)
    for department in candidates:
        pk = department.pk
        for word in sorted(KEYWORDS.get(department.code, ())):
            if word in text:
                scores[pk] += KEYWORD_POINTS
                reasons[pk].append(f"含关键词“{word}”（+{KEYWORD_POINTS}）")
        for word in sorted(
            _name_words(department) & (message_words | {w for w in _name_words(department) if w in text})
        ):
            scores[pk] += NAME_POINTS
            reasons[pk].append(f"提到处室名称“{word}”（+{NAME_POINTS}）")
        duty_words = words(department.duties) - DUTY_STOPWORDS
        for word in sorted(duty_words & message_words):
            scores[pk] += DUTY_POINTS
            reasons[pk].append(f"与主要职责中的“{word}”相符（+{DUTY_POINTS}）")
    ranked = sorted((d for d in candidates if scores[d.pk] > 0), key=lambda d: (-scores[d.pk], d.sort_order, d.pk))
    if not ranked:
        return Suggestion(department=None, reasons=["未匹配到关键词或处室职责，请人工分办。"])
    best = ranked[0]
    return Suggestion(
        department=best,
        score=scores[best.pk],
        reasons=reasons[best.pk],
        others=[(d, scores[d.pk]) for d in ranked[1:4]],
    )
