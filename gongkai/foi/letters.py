"""Letters to the applicant (告知书, 通知书) as DOCX and PDF.

One builder turns a case into a neutral ``Letter`` — a title, a 文号 line, the salutation, body
paragraphs, list items, the signature and the contact lines — and two writers render that same
structure, so that the Word file and the PDF always say exactly the same thing. The wording lives
in ``gongkai.foi.letter_texts``; the legal basis of a reply is the article its outcome cites in
``gongkai.foi.outcomes.RULES``.

The services call ``reply_letter_files`` when a case is closed and ``notice_files`` when a 补正,
an extension or a fee notice goes out; the files are stored with the case as the record of what
the applicant was sent. Applicant and staff text is inserted literally: it is stripped of
characters XML cannot carry and escaped for ReportLab's paragraph markup.

Layout follows GB/T 9704-2012 (党政机关公文格式) where it fits a letter: A4, margins 37/35/28/26 mm,
a centred title, body in 三号仿宋 with a first-line indent of two characters, 28 pt lines, dates
in Arabic numerals (7.3.5.1) and a 文号 of the form 〔2026〕12号 (7.2.4).
"""

import datetime
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from gongkai.calendar.services import current_date
from gongkai.foi import clock as foi_clock
from gongkai.foi import letter_texts as texts
from gongkai.foi import rules
from gongkai.foi.models import (
    ApplicantType,
    Application,
    ApplicationAttachment,
    Extension,
    FoiSettings,
    InformationForm,
    Status,
)
from gongkai.foi.outcomes import RULES, Group, Outcome

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
NOTICE_KINDS = ("correction", "extension", "fee")
WANTED_MAX_CHARS = 60  # what the applicant asked for, shortened in the opening sentence

PDF_FONT = "STSong-Light"  # Adobe's CID font for simplified Chinese: no font file to ship


class Kind(StrEnum):
    TITLE = "title"
    NUMBER = "number"
    SALUTATION = "salutation"
    BODY = "body"
    ITEM = "item"
    SIGNATURE = "signature"
    CONTACT = "contact"


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Letter:
    """What a letter says, independent of the file format."""

    title: str
    file_stem: str  # e.g. 答复告知书-2026-00012
    author: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def texts(self, kind: Kind) -> list[str]:
        return [block.text for block in self.blocks if block.kind == kind]


@dataclass(frozen=True)
class _Style:
    size: float  # points
    leading: float
    east_asia: str  # the Word font for Chinese text; the PDF has one CID font for all
    align: str  # left, center, right, justify
    bold: bool = False
    first_line_chars: int = 0
    left_chars: int = 0
    right_chars: int = 0
    gap_before: float = 0  # points, when the previous block is of another kind


# 二号 = 22 pt, 三号 = 16 pt, 四号 = 14 pt.
STYLES: dict[Kind, _Style] = {
    Kind.TITLE: _Style(22, 36, "黑体", "center", bold=True),
    Kind.NUMBER: _Style(16, 28, "仿宋", "center", gap_before=14),
    Kind.SALUTATION: _Style(16, 28, "仿宋", "left", gap_before=14),
    Kind.BODY: _Style(16, 28, "仿宋", "justify", first_line_chars=2),
    Kind.ITEM: _Style(16, 28, "仿宋", "justify", left_chars=2),
    Kind.SIGNATURE: _Style(16, 28, "仿宋", "right", right_chars=2, gap_before=42),
    Kind.CONTACT: _Style(14, 24, "仿宋", "left", gap_before=28),
}
LATIN_FONT = "Times New Roman"

# Characters that XML 1.0 cannot carry (python-docx would refuse them) and lone surrogates (which
# cannot be encoded for the PDF). Tabs and line breaks are whitespace and handled separately.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _UNPRINTABLE.sub("", text or "")).strip()


def _lines(text: str) -> list[str]:
    """A block of user text as paragraphs: one per non-empty line."""
    return [line for line in (_clean(raw) for raw in (text or "").splitlines()) if line]


def _shorten(text: str, limit: int = WANTED_MAX_CHARS) -> str:
    text = _clean(" ".join((text or "").split()))
    return text if len(text) <= limit else text[:limit].rstrip() + "……"


def chinese_date(day: datetime.date) -> str:
    """2026年12月1日: Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def number_line(application: Application, kind: str) -> str:
    """The 文号 of a letter, from the application number: ``2026-00012`` → ``依申请公开答复〔2026〕12号``."""
    word = texts.NUMBER_WORDS[kind]
    match = re.fullmatch(r"(\d{4})-(\d+)", application.number or "")
    if match is None:
        return f"{word}（申请编号：{application.number}）"
    return f"{word}〔{match.group(1)}〕{int(match.group(2))}号"


def _one(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


class _Builder:
    """Collects the blocks of one letter; knows the case, the office's settings and the agency."""

    def __init__(self, application: Application, kind: str, title: str):
        from gongkai.org.models import Agency

        self.application = application
        self.kind = kind
        self.title = title
        self.settings = FoiSettings.load()
        self.agency = Agency.current()
        organisation = application.applicant_type and ApplicantType(application.applicant_type).is_organisation
        self.you = texts.YOU_ORGANISATION if organisation else texts.YOU_PERSON
        self.blocks: list[Block] = []
        self.add(Kind.TITLE, title)
        self.add(Kind.NUMBER, number_line(application, kind))
        self.add(Kind.SALUTATION, f"{_clean(application.name)}：")

    def add(self, kind: Kind, text: str) -> None:
        text = text.strip()
        if text:
            self.blocks.append(Block(kind, text))

    def say(self, template: str, **values) -> None:
        self.add(Kind.BODY, template.format(you=self.you, **values))

    def user_text(self, text: str, kind: Kind = Kind.BODY) -> None:
        for line in _lines(text):
            self.add(kind, line)

    def opening(self) -> None:
        application = self.application
        wanted = _shorten(application.information_title or application.description)
        document_number = _clean(application.document_number)
        sentence = texts.OPENING.format(
            received=chinese_date(application.received_on),
            you=self.you,
            number=application.number,
            wanted=wanted,
            document=texts.OPENING_DOCUMENT_NUMBER.format(document_number=document_number) if document_number else "",
        )
        correction = _one(application, "correction")
        if correction is not None and correction.supplemented_on is not None:
            sentence += texts.OPENING_SUPPLEMENTED.format(
                you=self.you,
                requested=chinese_date(correction.requested_on),
                supplemented=chinese_date(correction.supplemented_on),
            )
        self.add(Kind.BODY, sentence)

    def remedy(self, template: str, *, act: str, letter: str) -> None:
        self.say(
            template,
            act=act,
            letter=letter,
            reconsideration_body=_clean(self.settings.reconsideration_body),
            court=_clean(self.settings.court),
        )

    @property
    def place(self) -> str:
        address = self.settings.office_address or (self.agency.address if self.agency else "")
        return _clean(address) or texts.PLACE_FALLBACK

    def sign(self, day: datetime.date) -> None:
        if self.agency is not None:
            self.add(Kind.SIGNATURE, _clean(self.agency.name))
        self.add(Kind.SIGNATURE, _clean(self.settings.office_name))
        self.add(Kind.SIGNATURE, chinese_date(day))
        phone = self.settings.office_phone or (self.agency.phone if self.agency else "")
        address = self.settings.office_address or (self.agency.address if self.agency else "")
        if phone.strip():
            self.add(Kind.CONTACT, texts.CONTACT_PHONE.format(phone=_clean(phone)))
        if address.strip():
            self.add(Kind.CONTACT, texts.CONTACT_ADDRESS.format(address=_clean(address)))
        if self.settings.office_hours.strip():
            self.add(Kind.CONTACT, texts.CONTACT_HOURS.format(hours=_clean(self.settings.office_hours)))

    def letter(self) -> Letter:
        return Letter(
            title=self.title,
            file_stem=f"{texts.FILE_STEMS[self.kind]}-{self.application.number}",
            author=_clean(self.agency.name) if self.agency else _clean(self.settings.office_name),
            blocks=tuple(self.blocks),
        )


def _fresh(application: Application) -> Application:
    # The services hand over an instance whose related records may be cached from before the
    # change (extension_decide reads the extension while it is still only requested): read again.
    return Application.objects.with_clock_data().get(pk=application.pk)


def reply_letter(application: Application) -> Letter:
    """The 政府信息公开申请答复告知书 of a closed case."""
    application = _fresh(application)
    if application.status != Status.CLOSED or not application.outcome:
        raise ValueError("只有已办结的申请才有答复告知书。")
    outcome = Outcome(application.outcome)
    rule = RULES[outcome]
    b = _Builder(application, "reply", texts.REPLY_TITLE)
    b.opening()
    b.say(texts.OUTCOME_TEXTS[outcome], **_outcome_values(application, outcome))
    if rule.chosen_in_reply:
        # The two lapses carry a reply text written by the service that repeats the paragraph above.
        b.user_text(application.reply_text)
    if rule.releases_information:
        _release(b, application)
    b.say(texts.BASIS, basis=rule.basis)
    review_first = rule.group in (Group.WITHHELD, Group.PARTIAL) and application.closed_on >= (
        texts.REVIEW_FIRST_IN_FORCE
    )
    b.remedy(texts.REMEDY_REVIEW_FIRST if review_first else texts.REMEDY, act="答复", letter="告知书")
    b.sign(application.closed_on)
    return b.letter()


def _outcome_values(application: Application, outcome: Outcome) -> dict[str, str]:
    if outcome == Outcome.OTHER_NO_CORRECTION:
        correction = application.correction
        return {"requested": chinese_date(correction.requested_on), "due": chinese_date(correction.due_on)}
    if outcome == Outcome.OTHER_NO_PAYMENT:
        notice = application.fee_notice
        return {
            "issued": chinese_date(notice.issued_on),
            "amount": str(notice.amount),
            "due": chinese_date(foi_clock.fee_payment_due(notice)),
        }
    return {}


def _release(b: _Builder, application: Application) -> None:
    released = application.attachments.filter(kind=ApplicationAttachment.Kind.RELEASED).order_by("uploaded_at", "pk")
    names = [_clean(a.original_name) for a in released]
    if names:
        b.say(texts.RELEASED_INTRO)
        for position, name in enumerate(names, start=1):
            b.add(Kind.ITEM, f"{position}. {name}")
    form = application.get_information_form_display()
    hours = _clean(b.settings.office_hours)
    if application.information_form == InformationForm.INSPECTION:
        how = texts.INSPECTION_TEXT
    else:
        how = texts.DELIVERY_TEXTS.get(application.delivery, "")
    sentence = texts.FORM_AND_DELIVERY + how
    b.say(sentence, form=form, delivery=application.get_delivery_display(), hours=hours, place=b.place)


def notice_letter(application: Application, kind: str) -> Letter:
    """The 补正告知书 (``correction``), 延期答复告知书 (``extension``) or 收费通知书 (``fee``)."""
    if kind not in NOTICE_KINDS:
        raise ValueError(f"未知的通知书类别：{kind}")
    application = _fresh(application)
    if application.received_on is None:
        raise ValueError("申请尚未确认收到，不能出具通知书。")
    return {"correction": _correction, "extension": _extension, "fee": _fee}[kind](application)


def _correction(application: Application) -> Letter:
    correction = _one(application, "correction")
    if correction is None:
        raise ValueError("该申请没有补正记录。")
    try:
        citation = rules.limit(rules.CORRECTION_NOTICE, application.received_on).citation
    except rules.NoRuleInForce:
        citation = f"{rules.REGULATION_2019}第三十条"
    b = _Builder(application, "correction", texts.CORRECTION_TITLE)
    b.opening()
    b.say(texts.CORRECTION_BODY, citation=citation)
    b.user_text(correction.items, Kind.ITEM)
    b.say(texts.CORRECTION_DUE, due=chinese_date(correction.due_on))
    b.say(texts.CORRECTION_CONSEQUENCE)
    b.sign(correction.requested_on)
    return b.letter()


def _extension(application: Application) -> Letter:
    extension = _one(application, "extension")
    if extension is None or extension.state != Extension.State.APPROVED:
        raise ValueError("该申请没有已同意的延期答复。")
    clock = foi_clock.clock_for(application)
    if clock.due is None:
        raise ValueError("该申请当前没有答复期限，不能出具延期答复告知书。")
    b = _Builder(application, "extension", texts.EXTENSION_TITLE)
    b.opening()
    b.say(texts.EXTENSION_BODY)
    b.user_text(extension.reason)
    b.say(
        texts.EXTENSION_DECISION,
        citation=rules.limit(rules.EXTENSION_MAX, clock.started_on).citation,
        days=extension.days,
        due=chinese_date(clock.due),
    )
    b.sign(extension.decided_on or current_date())
    return b.letter()


def rate_text(schedule: rules.FeeSchedule) -> str:
    """The rates of a fee schedule in words, from its tiers (so the notice follows the data)."""
    unit = texts.RATE_UNITS[schedule.key]
    parts = []
    for index, tier in enumerate(schedule.tiers):
        if index + 1 < len(schedule.tiers):
            last = schedule.tiers[index + 1].first - 1
        elif schedule.step_from is not None:
            last = schedule.step_from - 1
        else:
            last = None
        if tier.rate == 0 and tier.first == 1 and last is not None:
            parts.append(texts.RATE_FREE.format(first=last, unit=unit))
        elif last is None:
            parts.append(texts.RATE_OPEN.format(first=tier.first, rate=tier.rate, unit=unit))
        else:
            parts.append(texts.RATE_BAND.format(first=tier.first, last=last, rate=tier.rate, unit=unit))
    if schedule.step_from is not None:
        parts.append(
            texts.RATE_STEP.format(
                first=schedule.step_from, step=schedule.step, increase=schedule.step_increase, unit=unit
            )
        )
    scope = texts.RATE_PER_ITEM_SCOPE if schedule.key == rules.PER_ITEM else ""
    return scope + "；".join(parts) + "。"


def _fee(application: Application) -> Letter:
    notice = _one(application, "fee_notice")
    if notice is None:
        raise ValueError("该申请没有收费通知。")
    schedule = rules.fee_schedule(notice.method, application.received_on)
    payment = rules.limit(rules.FEE_PAYMENT, notice.received_on)
    b = _Builder(application, "fee", texts.FEE_TITLE)
    b.opening()
    b.say(texts.FEE_BODY, measures=rules.FEE_MEASURES)
    b.say(texts.FEE_METHOD, method=notice.get_method_display())
    quantity = texts.FEE_QUANTITY_PER_ITEM if notice.method == rules.PER_ITEM else texts.FEE_QUANTITY_PER_VOLUME
    b.say(quantity, quantity=notice.quantity)
    b.say(texts.FEE_RATE, citation=schedule.citation, rates=rate_text(schedule))
    b.say(texts.FEE_AMOUNT, amount=notice.amount)
    b.say(texts.FEE_DUE, days=payment.days, due=chinese_date(foi_clock.fee_payment_due(notice)))
    b.say(texts.FEE_CONSEQUENCE)
    if settings.GONGKAI_FOI_FEE_STOPS_CLOCK:
        b.say(texts.FEE_CLOCK)
    b.remedy(texts.REMEDY, act="通知", letter="通知书")
    b.sign(notice.issued_on)
    return b.letter()


# Writers ---------------------------------------------------------------------------------------


def render_docx(letter: Letter) -> bytes:
    alignments = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }

    def set_fonts(r_pr, east_asia: str) -> None:
        fonts = r_pr.get_or_add_rFonts()
        # Theme fonts win over named ones in Word; the default template sets them, so drop them.
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), east_asia)

    def set_language(r_pr) -> None:
        # The default template says en-US for East Asian text too; Word then picks the wrong glyph forms.
        language = r_pr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            r_pr.append(language)
        language.set(qn("w:eastAsia"), "zh-CN")

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            set_fonts(r_pr, STYLES[Kind.BODY].east_asia)
            set_language(r_pr)
    normal = document.styles["Normal"]
    normal.font.size = Pt(STYLES[Kind.BODY].size)
    set_fonts(normal.element.get_or_add_rPr(), STYLES[Kind.BODY].east_asia)

    previous = None
    for block in letter.blocks:
        style = STYLES[block.kind]
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = alignments[style.align]
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(style.leading)
        fmt.space_after = Pt(0)
        fmt.space_before = Pt(style.gap_before if previous not in (None, block.kind) else 0)
        # Indents in characters (w:*Chars, what Word shows as “2字符”) and in points for other readers.
        if style.first_line_chars:
            fmt.first_line_indent = Pt(style.size * style.first_line_chars)
            paragraph._p.pPr.ind.set(qn("w:firstLineChars"), str(style.first_line_chars * 100))
        if style.left_chars:
            fmt.left_indent = Pt(style.size * style.left_chars)
            paragraph._p.pPr.ind.set(qn("w:leftChars"), str(style.left_chars * 100))
        if style.right_chars:
            fmt.right_indent = Pt(style.size * style.right_chars)
            paragraph._p.pPr.ind.set(qn("w:rightChars"), str(style.right_chars * 100))
        run = paragraph.add_run(block.text)
        run.font.size = Pt(style.size)
        run.font.bold = style.bold
        set_fonts(run._element.get_or_add_rPr(), style.east_asia)
        previous = block.kind

    # Page number in the footer: “— 1 —”.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field_run = OxmlElement("w:r")
    field_text = OxmlElement("w:t")
    field_text.text = "1"
    field_run.append(field_text)
    field.append(field_run)
    footer._p.append(field)
    footer.add_run(" —")

    properties = document.core_properties
    properties.title = letter.title
    properties.author = letter.author
    properties.last_modified_by = letter.author
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.revision = 1
    properties.created = properties.modified = timezone.now()

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _register_pdf_font() -> None:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


class BoldLine(Flowable):
    """A centred title, stroked as well as filled: the CID font has no bold face."""

    def __init__(self, text: str, style: _Style):
        super().__init__()
        self.text, self.style = text, style

    def wrap(self, available_width, available_height):
        self.lines, line = [], ""
        for char in self.text:
            if line and pdfmetrics.stringWidth(line + char, PDF_FONT, self.style.size) > available_width:
                self.lines.append(line)
                line = ""
            line += char
        self.lines.append(line)
        self.width, self.height = available_width, self.style.leading * len(self.lines)
        return self.width, self.height

    def draw(self):
        size, leading = self.style.size, self.style.leading
        self.canv.saveState()
        self.canv.setLineWidth(size * 0.03)
        for index, line in enumerate(self.lines):
            text = self.canv.beginText()
            text.setTextRenderMode(2)
            text.setFont(PDF_FONT, size)
            x = (self.width - pdfmetrics.stringWidth(line, PDF_FONT, size)) / 2
            # The baseline sits about 0.35 em below the middle of the line box.
            y = self.height - leading * (index + 0.5) - size * 0.35
            text.setTextOrigin(x, y)
            text.textOut(line)
            self.canv.drawText(text)
        self.canv.restoreState()


_PDF_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _paragraph_style(kind: Kind, style: _Style) -> ParagraphStyle:
    return ParagraphStyle(
        name=kind.value,
        fontName=PDF_FONT,
        fontSize=style.size,
        leading=style.leading,
        alignment=_PDF_ALIGNMENTS[style.align],
        firstLineIndent=style.size * style.first_line_chars,
        leftIndent=style.size * style.left_chars,
        rightIndent=style.size * style.right_chars,
        wordWrap="CJK",
    )


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(PDF_FONT, 14)
    canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {doc.page} —")
    canvas.restoreState()


def render_pdf(letter: Letter) -> bytes:
    _register_pdf_font()
    paragraph_styles = {kind: _paragraph_style(kind, style) for kind, style in STYLES.items()}
    story = []
    previous = None
    for block in letter.blocks:
        style = STYLES[block.kind]
        if previous not in (None, block.kind) and style.gap_before:
            story.append(Spacer(1, style.gap_before))
        if block.kind == Kind.TITLE:
            story.append(BoldLine(block.text, style))
        else:
            # Applicant text may contain <, > and &: escape it, or ReportLab reads it as markup.
            story.append(Paragraph(escape(block.text), paragraph_styles[block.kind]))
        previous = block.kind

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=letter.title,
        author=letter.author,
        subject=letter.title,
        creator="Gongkai",
        lang="zh-CN",
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


def _files(letter: Letter) -> list[tuple[str, bytes, str]]:
    return [
        (f"{letter.file_stem}.docx", render_docx(letter), DOCX_TYPE),
        (f"{letter.file_stem}.pdf", render_pdf(letter), PDF_TYPE),
    ]


def reply_letter_files(application: Application) -> list[tuple[str, bytes, str]]:
    """The 答复告知书 of a closed case as ``(name, content, content type)``: a DOCX and a PDF."""
    return _files(reply_letter(application))


def notice_files(application: Application, kind: str) -> list[tuple[str, bytes, str]]:
    """A notice (``correction``, ``extension`` or ``fee``) as a DOCX and a PDF; other kinds raise ValueError."""
    return _files(notice_letter(application, kind))
