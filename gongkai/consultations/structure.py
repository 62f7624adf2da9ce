"""The structure of a draft: 章 (and 节), 条, 款, parsed from its plain text.

Chinese drafting (《立法技术规范（试行）》) puts each 章 and 条 on its own line, "第一章 总则",
"第一条 为了……"; the text after the 条 number is its first 款, and each further line of the 条
is another 款, except 项 ("（一）……") and 目 ("1.……"), which belong to the 款 before them.
A draft without any 条 (a 规划, a 标准 explanation) is split into its paragraphs (段) instead.

Numbers are Chinese numerals up to the thousands (第一百二十三条, 第一百零五条, 第十条) or Arabic.
"""

import re
from dataclasses import dataclass, field

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "零〇一二两三四五六七八九十百千0-9０-９"

CHAPTER_RE = re.compile(rf"^第([{NUMERAL}]+)章[\s　]*(.*)$")
SECTION_RE = re.compile(rf"^第([{NUMERAL}]+)节[\s　]*(.*)$")
ARTICLE_RE = re.compile(rf"^第([{NUMERAL}]+)条(?:[\s　]+|(?=\S)|$)(.*)$")
ITEM_RE = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]|^\d+[.．、]")


def chinese_number(text: str) -> int:
    """一百二十三 → 123, 十二 → 12, 一百零五 → 105, 二〇二六 → 2026, 12 → 12; ValueError otherwise."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        raise ValueError("空数字")
    if text.isdigit():
        return int(text)
    if all(ch in DIGITS for ch in text):  # digit by digit, as in 二〇二六
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, current = 0, None
    last_unit = 10_000
    for ch in text:
        if ch in DIGITS:
            if current is not None and current != 0:
                raise ValueError(text)
            current = DIGITS[ch]
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit:
                raise ValueError(text)
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
        else:
            raise ValueError(text)
    return total + (current or 0)


def chinese_numeral(number: int) -> str:
    """The inverse of ``chinese_number`` for 1–9999: 123 → 一百二十三, 10 → 十, 105 → 一百零五."""
    if not 1 <= number <= 9999:
        raise ValueError(number)
    names = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(names[digit] + unit)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@dataclass
class Article:
    number: int
    chapter: int | None
    paragraphs: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"第{chinese_numeral(self.number)}条"

    @property
    def key(self) -> str:
        return f"a{self.number}"


@dataclass
class Chapter:
    number: int
    title: str
    sections: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"第{chinese_numeral(self.number)}章"


@dataclass
class Structure:
    """Chapters, articles and, when there are no articles, the draft's plain paragraphs."""

    preamble: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # only when the draft has no 条

    @property
    def units(self) -> list:
        return self.articles or self.paragraphs

    @property
    def has_articles(self) -> bool:
        return bool(self.articles)

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    def target_label(self, article: int | None, paragraph: int | None) -> str | None:
        """ "第三条第二款", "第三条", "第五段", "全文"; None when the target is not in the draft."""
        if article is None and paragraph is None:
            return "全文"
        if self.has_articles:
            found = self.article(article) if article is not None else None
            if found is None:
                return None
            if paragraph is None:
                return found.label
            if not 1 <= paragraph <= len(found.paragraphs):
                return None
            return f"{found.label}第{chinese_numeral(paragraph)}款"
        if article is None and paragraph is not None and 1 <= paragraph <= len(self.paragraphs):
            return f"第{chinese_numeral(paragraph)}段"
        return None

    def targets(self) -> list[tuple[str, str]]:
        """Form choices: (key, label), keys "" (全文), "a3", "a3p2", "p5"."""
        choices = [("", "全文")]
        for article in self.articles:
            choices.append((article.key, article.label))
            if len(article.paragraphs) > 1:
                choices += [
                    (f"{article.key}p{i}", f"{article.label}第{chinese_numeral(i)}款")
                    for i in range(1, len(article.paragraphs) + 1)
                ]
        if not self.articles:
            choices += [(f"p{i}", f"第{chinese_numeral(i)}段") for i in range(1, len(self.paragraphs) + 1)]
        return choices


TARGET_RE = re.compile(r"^(?:a(\d{1,4}))?(?:p(\d{1,4}))?$")


def parse_target(key: str) -> tuple[int | None, int | None]:
    """ "a3p2" → (3, 2), "a3" → (3, None), "p5" → (None, 5), "" → (None, None); ValueError otherwise."""
    match = TARGET_RE.match(key or "")
    if match is None:
        raise ValueError(key)
    article, paragraph = match.groups()
    return (int(article) if article else None, int(paragraph) if paragraph else None)


def target_key(article: int | None, paragraph: int | None) -> str:
    return (f"a{article}" if article is not None else "") + (f"p{paragraph}" if paragraph is not None else "")


def parse(text: str) -> Structure:
    """Split a draft into 章/条/款 (or 段 when it has no 条)."""
    lines = [line.strip().strip("　") for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    structure = Structure()
    chapter: int | None = None
    article: Article | None = None
    for line in lines:
        match = CHAPTER_RE.match(line)
        if match and _is_number(match.group(1)):
            chapter = chinese_number(match.group(1))
            structure.chapters.append(Chapter(chapter, match.group(2).strip()))
            article = None
            continue
        match = SECTION_RE.match(line)
        if match and _is_number(match.group(1)):
            if structure.chapters:
                structure.chapters[-1].sections.append(line)
            article = None
            continue
        match = ARTICLE_RE.match(line)
        # Articles run upwards; a line like "第三条规定的……" inside a later article is its text.
        if match and _is_number(match.group(1)) and chinese_number(match.group(1)) > _last(structure):
            article = Article(chinese_number(match.group(1)), chapter)
            first = match.group(2).strip()
            if first:
                article.paragraphs.append(first)
            structure.articles.append(article)
            continue
        if article is not None:
            if ITEM_RE.match(line) and article.paragraphs:
                article.paragraphs[-1] += "\n" + line
            else:
                article.paragraphs.append(line)
        else:
            structure.preamble.append(line)
    if not structure.articles:
        structure.paragraphs = structure.preamble
        structure.preamble = []
    return structure


def _last(structure: Structure) -> int:
    return structure.articles[-1].number if structure.articles else 0


def _is_number(text: str) -> bool:
    try:
        chinese_number(text)
    except ValueError:
        return False
    return True
