"""The letters to the applicant: what they say for every outcome, and that DOCX and PDF say the same.

The PDF is read back with a small decoder written here (no PDF library is installed): ReportLab
writes its content streams ASCII85- and Flate-encoded, and CID text as UTF-16BE literal strings.
"""

import base64
import datetime
import io
import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.calendar.services import add_workdays, current_date
from gongkai.foi import clock as foi_clock
from gongkai.foi import letter_texts as texts
from gongkai.foi import letters, rules, services
from gongkai.foi.models import (
    Application,
    ApplicationAttachment,
    Correction,
    FeeNotice,
    FoiSettings,
    Status,
)
from gongkai.foi.outcomes import REPLY_OUTCOMES, RULES, Group, Outcome
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESIDENT_ID = "11010519491231002X"
USCC = "11520000MB1503262B"
REMEDY = (
    "如对本答复不服，可以自收到本告知书之日起六十日内向某省人民政府申请行政复议，"
    "或者自收到本告知书之日起六个月内向某市中级人民法院提起行政诉讼。"
)
REVIEW_FIRST = "对不予公开政府信息的决定不服的，应当先申请行政复议。"


# Reading the files back ------------------------------------------------------------------------

_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    """A PDF literal string's bytes (PDF 32000-1 7.3.4.2)."""
    out, i = bytearray(), 0
    while i < len(literal):
        char = literal[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        elif following == b"\n":
            i += 2
        else:
            out += _ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def pdf_streams(data: bytes) -> list[bytes]:
    streams = []
    for match in re.finditer(rb"<<((?:(?!<<|>>).)*)>>\s*stream\r?\n(.*?)endstream", data, re.S):
        header, raw = match.group(1), match.group(2)
        for name in re.findall(rb"/(ASCII85Decode|FlateDecode)", header):
            if name == b"ASCII85Decode":
                raw = base64.a85decode(raw.strip(), adobe=True)
            else:
                raw = zlib.decompress(raw)
        streams.append(raw)
    return streams


def pdf_text(data: bytes) -> str:
    """All text shown with Tj, in drawing order; every font in our PDFs is the UTF-16BE CID font."""
    shown = []
    for stream in pdf_streams(data):
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.S):
            shown.append(_unescape(literal).decode("utf-16-be"))
    return "".join(shown)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def stored(application: Application, kind: str) -> dict[str, ApplicationAttachment]:
    return {a.content_type: a for a in application.attachments.filter(kind=kind)}


def read(attachment: ApplicationAttachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def assert_same_letter(letter: letters.Letter, docx: bytes, pdf: bytes) -> None:
    """Both files carry every block of the neutral letter, in order."""
    assert docx_paragraphs(docx) == [block.text for block in letter.blocks]
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    # Page numbers are drawn when a page begins, so one may sit inside a paragraph that breaks there.
    shown = re.sub(r"—\d+—", "", squash(pdf_text(pdf)))
    position = 0
    for block in letter.blocks:
        found = shown.find(squash(block.text), position)
        assert found >= 0, block.text
        position = found + len(squash(block.text))


# Building cases --------------------------------------------------------------------------------


@pytest.fixture
def handler(db):
    return UserFactory(role=Role.OFFICE_REVIEWER)


@pytest.fixture
def head(db):
    return UserFactory(role=Role.DISCLOSURE_HEAD)


@pytest.fixture(autouse=True)
def office(db, agency):
    settings = FoiSettings.load()
    settings.office_name = "办公室"
    settings.office_phone = "0851-86660000"
    settings.office_address = "某市某区某路1号"
    settings.reconsideration_body = "某省人民政府"
    settings.court = "某市中级人民法院"
    settings.save()
    return settings


def application_data(**overrides) -> dict:
    data = {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13800000000",
        "email": "zhangsan@example.com",
        "information_title": "某化工项目环境影响评价文件的批复",
        "description": "请提供2025年某化工项目环境影响评价报告书的批复文件。",
        "information_form": "email",
        "delivery": "email",
    }
    data.update(overrides)
    return data


def received(handler, *, on: datetime.date | None = None, **overrides) -> Application:
    """An online application, confirmed as received ``on`` (default today)."""
    on = on or current_date()
    submitted_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9, 0)))
    application, _code = services.application_submit(data=application_data(**overrides), submitted_at=submitted_at)
    return services.application_confirm_receipt(application=application, user=handler, confirmed_on=on)


def supplemented(application: Application, handler) -> Application:
    due_on = add_workdays(current_date(), 10)
    items = "请说明所需信息的具体名称。"
    services.correction_request(application=application, user=handler, items=items, due_on=due_on)
    services.correction_supplement(application=application, text="所需信息为某化工项目的环评批复。")
    return Application.objects.get(pk=application.pk)


def reply(application: Application, handler, outcome: str, reply_text: str, **kwargs) -> Application:
    services.application_reply(application=application, user=handler, outcome=outcome, reply_text=reply_text, **kwargs)
    return Application.objects.get(pk=application.pk)


# The reply letter, for every outcome -----------------------------------------------------------


@pytest.mark.parametrize("outcome", [value for value, _label in REPLY_OUTCOMES])
def test_reply_letter_for_every_outcome(outcome, handler):
    application = received(handler)
    if outcome == Outcome.UNAVAILABLE_UNCLEAR:
        application = supplemented(application, handler)
    explanation = f"本机关对“{Outcome(outcome).label}”的具体说明。"
    application = reply(application, handler, outcome, explanation)

    letter = letters.reply_letter(application)
    rule = RULES[Outcome(outcome)]
    text = letter.text
    assert letter.texts(letters.Kind.TITLE) == ["政府信息公开申请答复告知书"]
    year, serial = application.number.split("-")
    assert letter.texts(letters.Kind.NUMBER) == [f"依申请公开答复〔{year}〕{int(serial)}号"]
    assert letter.texts(letters.Kind.SALUTATION) == ["张三："]
    today = current_date()
    assert (
        f"本机关于{today.year}年{today.month}月{today.day}日收到您提出的政府信息公开申请"
        f"（申请编号：{application.number}），申请获取“某化工项目环境影响评价文件的批复”。"
    ) in text
    assert texts.OUTCOME_TEXTS[Outcome(outcome)].format(you="您") in text
    assert explanation in text
    assert f"根据{rule.basis}的规定，特此告知。" in text
    if rule.group in (Group.WITHHELD, Group.PARTIAL):
        assert "可以自收到本告知书之日起六十日内向某省人民政府申请行政复议；" in text
        assert "可以自收到行政复议决定书之日起十五日内向某市中级人民法院提起行政诉讼" in text
        assert REVIEW_FIRST in text
        assert REMEDY not in text
    else:
        assert REMEDY in text
        assert REVIEW_FIRST not in text
    assert letter.texts(letters.Kind.SIGNATURE) == [
        "某省生态环境厅",
        "办公室",
        f"{today.year}年{today.month}月{today.day}日",
    ]
    assert "联系电话：0851-86660000" in letter.texts(letters.Kind.CONTACT)
    assert "联系地址：某市某区某路1号" in letter.texts(letters.Kind.CONTACT)

    # What the service stored is this letter, in both formats.
    files = stored(application, ApplicationAttachment.Kind.LETTER)
    assert set(files) == {letters.DOCX_TYPE, letters.PDF_TYPE}
    assert files[letters.DOCX_TYPE].original_name == f"答复告知书-{application.number}.docx"
    assert files[letters.PDF_TYPE].original_name == f"答复告知书-{application.number}.pdf"
    assert_same_letter(letter, read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE]))


def test_reply_stores_two_letters_end_to_end(handler):
    application = received(handler)
    assert not application.attachments.filter(kind=ApplicationAttachment.Kind.LETTER).exists()
    application = reply(application, handler, Outcome.DISCLOSED, "现予公开。")
    letters_stored = application.attachments.filter(kind=ApplicationAttachment.Kind.LETTER)
    assert sorted(a.content_type for a in letters_stored) == sorted([letters.DOCX_TYPE, letters.PDF_TYPE])
    for attachment in letters_stored:
        assert attachment.size == len(read(attachment)) > 0
        assert attachment.visible_to_applicant


def test_disclosed_lists_released_files_and_the_delivery(handler):
    application = received(handler, delivery="online", information_form="email")
    released = [
        SimpleUploadedFile("批复&附件<一>.pdf", b"%PDF-1.4\n% released\n", content_type="application/pdf"),
        SimpleUploadedFile("验收意见.pdf", b"%PDF-1.4\n% second\n", content_type="application/pdf"),
    ]
    application = reply(application, handler, Outcome.DISCLOSED, "现予公开。", released_files=released)
    letter = letters.reply_letter(application)
    assert letter.texts(letters.Kind.ITEM) == ["1. 批复&附件<一>.pdf", "2. 验收意见.pdf"]
    assert "现向您提供以下政府信息：" in letter.text
    assert "您申请的信息载体形式为电子邮件，获取方式为网上查询下载。" in letter.text
    assert "请凭申请编号和查询码查看、下载" in letter.text
    files = stored(application, ApplicationAttachment.Kind.LETTER)
    assert "批复&附件<一>.pdf" in pdf_text(read(files[letters.PDF_TYPE]))


def test_partial_disclosure_by_collection_names_the_place_and_hours(handler, office):
    application = received(handler, delivery="collect", information_form="paper")
    application = reply(application, handler, Outcome.PARTIAL, "第三页涉及个人隐私，已作遮盖处理。")
    text = letters.reply_letter(application).text
    assert "您申请的信息载体形式为纸质，获取方式为自行领取。" in text
    assert f"请您在受理时间（{office.office_hours}）凭本告知书到某市某区某路1号领取上述政府信息。" in text
    assert "第三页涉及个人隐私，已作遮盖处理。" in text
    assert "第三十七条" in text


def test_organisation_is_addressed_as_gui_danwei(handler):
    application = received(
        handler, applicant_type="commercial", name="某环保科技有限公司", id_type="uscc", id_number=USCC
    )
    application = reply(application, handler, Outcome.WITHHELD_SECRET, "该文件已定密。")
    text = letters.reply_letter(application).text
    assert "收到贵单位提出的政府信息公开申请" in text
    assert "经审查，贵单位申请获取的政府信息属于国家秘密，依法不予公开。" in text
    assert "您" not in text


def test_document_number_and_supplement_appear_in_the_opening(handler):
    application = received(handler, document_number="某环审〔2025〕8号", information_title="")
    application = supplemented(application, handler)
    application = reply(application, handler, Outcome.UNAVAILABLE_UNCLEAR, "补正后仍无法确定所需信息。")
    text = letters.reply_letter(application).text
    today = letters.chinese_date(current_date())
    assert "（文号：某环审〔2025〕8号）。" in text
    # Without a title, the description is what the applicant asked for.
    assert "申请获取“请提供2025年某化工项目环境影响评价报告书的批复文件。”" in text
    assert f"本机关于{today}告知您补正申请内容，并于{today}收到您补正后的申请。" in text


def test_long_description_is_shortened(handler):
    application = received(handler, information_title="", description="甲" * 200)
    application = reply(application, handler, Outcome.OTHER, "其他处理的说明。")
    text = letters.reply_letter(application).text
    assert f"申请获取“{'甲' * letters.WANTED_MAX_CHARS}……”" in text
    assert "甲" * (letters.WANTED_MAX_CHARS + 1) not in text


def test_markup_in_user_text_comes_out_literally(handler):
    name = "李<script>alert('x')</script>&四"
    application = received(
        handler,
        name=name,
        information_title="<b>排污许可</b> & 监测数据 &amp; 其他",
    )
    reply_text = "第一行：<i>不是标签</i> & 符号\n\n第二行：<br/> &lt; 保留原样"
    application = reply(application, handler, Outcome.NOT_PROCESSED_PETITION, reply_text)
    letter = letters.reply_letter(application)
    files = stored(application, ApplicationAttachment.Kind.LETTER)
    docx, pdf = read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE])
    assert_same_letter(letter, docx, pdf)
    paragraphs = docx_paragraphs(docx)
    shown = pdf_text(pdf)
    for expected in (
        f"{name}：",
        "“<b>排污许可</b> & 监测数据 &amp; 其他”",
        "第一行：<i>不是标签</i> & 符号",
        "第二行：<br/> &lt; 保留原样",
    ):
        assert expected in shown
        assert any(expected in p for p in paragraphs)
    # Each line of the explanation is a paragraph of its own; the empty line is dropped.
    assert "第一行：<i>不是标签</i> & 符号" in paragraphs
    assert "第二行：<br/> &lt; 保留原样" in paragraphs


def test_characters_xml_cannot_carry_are_dropped(handler):
    application = received(handler, name="王\x0b五\x1f")
    application = reply(application, handler, Outcome.OTHER, "说明\x00文字\x08。")
    letter = letters.reply_letter(application)
    assert letter.texts(letters.Kind.SALUTATION) == ["王五："]
    assert "说明文字。" in letter.text
    docx, pdf = (content for _name, content, _type in letters.reply_letter_files(application))
    assert_same_letter(letter, docx, pdf)


def test_correction_lapse_letter(handler):
    start = datetime.date(2026, 10, 9)
    application = received(handler, on=start)
    services.correction_request(
        application=application,
        user=handler,
        items="请说明所需信息的具体名称。",
        requested_on=datetime.date(2026, 10, 12),
        due_on=datetime.date(2026, 10, 23),
    )
    services.correction_lapse(application=application, user=handler)
    application = Application.objects.get(pk=application.pk)
    letter = letters.reply_letter(application)
    text = letter.text
    assert "本机关于2026年10月12日告知您补正申请内容，补正期限至2026年10月23日。" in text
    assert f"根据{RULES[Outcome.OTHER_NO_CORRECTION].basis}的规定，特此告知。" in text
    assert REMEDY in text
    # The service's fixed reply text would only repeat the paragraph.
    assert application.reply_text not in text
    files = stored(application, ApplicationAttachment.Kind.LETTER)
    assert_same_letter(letter, read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE]))


def test_fee_lapse_letter(handler):
    # Built on the models: a fee notice in the past cannot pass the service's in-time check today.
    application = received(handler, on=datetime.date(2026, 9, 1))
    notice = FeeNotice.objects.create(
        application=application,
        method=FeeNotice.Method.PER_VOLUME,
        quantity=120,
        amount=1100,
        issued_on=datetime.date(2026, 9, 2),
        received_on=datetime.date(2026, 9, 3),
        issued_by=handler,
    )
    Application.objects.filter(pk=application.pk).update(
        status=Status.CLOSED,
        outcome=Outcome.OTHER_NO_PAYMENT,
        closed_on=current_date(),
        reply_text="申请人逾期未按收费通知要求缴纳信息处理费，视为放弃申请。",
    )
    letter = letters.reply_letter(application)
    due = letters.chinese_date(foi_clock.fee_payment_due(notice))
    assert f"本机关于2026年9月2日向您发出信息处理费收费通知，应缴金额1100元，缴费期限至{due}。" in letter.text
    assert f"根据{rules.FEE_MEASURES}的规定，特此告知。" in letter.text
    assert "视为放弃申请。" not in letter.text


def test_reply_letter_needs_a_closed_case(handler):
    with pytest.raises(ValueError):
        letters.reply_letter(received(handler))


# The layout ------------------------------------------------------------------------------------


def test_docx_layout(handler):
    application = reply(received(handler), handler, Outcome.DISCLOSED, "现予公开。")
    docx = read(stored(application, ApplicationAttachment.Kind.LETTER)[letters.DOCX_TYPE])
    document = Document(io.BytesIO(docx))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 28
    title, number, salutation, opening = document.paragraphs[:4]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold is True
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert salutation.paragraph_format.first_line_indent is None
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert opening.paragraph_format.first_line_indent == Pt(32)
    assert opening._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert opening.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    signature = [p for p in document.paragraphs if p.text == "某省生态环境厅"]
    assert signature and signature[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert document.core_properties.author == "某省生态环境厅"
    assert document.core_properties.title == "政府信息公开申请答复告知书"


def test_pdf_uses_the_cid_font_on_a4(handler):
    application = reply(received(handler), handler, Outcome.DISCLOSED, "现予公开。")
    pdf = read(stored(application, ApplicationAttachment.Kind.LETTER)[letters.PDF_TYPE])
    assert b"/BaseFont /STSong-Light" in pdf
    assert b"/Encoding /UniGB-UCS2-H" in pdf
    assert re.search(rb"/MediaBox \[ 0 0 595\.27\d* 841\.88\d* \]", pdf)
    assert "— 1 —" in pdf_text(pdf)


def test_long_letters_break_onto_a_second_page(handler):
    application = received(handler)
    long_text = "\n".join(f"第{n}段说明：" + "依法审查认定的情况。" * 8 for n in range(1, 16))
    application = reply(application, handler, Outcome.OTHER, long_text)
    letter = letters.reply_letter(application)
    pdf = letters.render_pdf(letter)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
    assert "— 2 —" in pdf_text(pdf)
    assert_same_letter(letter, letters.render_docx(letter), pdf)


# Notices ---------------------------------------------------------------------------------------


def test_correction_notice(handler):
    application = received(handler)
    due_on = add_workdays(current_date(), 10)
    services.correction_request(
        application=application,
        user=handler,
        items="1. 请说明所需信息的具体名称或文号；\n2. 请说明项目所在地 & 建设单位。",
        due_on=due_on,
    )
    letter = letters.notice_letter(application, "correction")
    text = letter.text
    assert letter.texts(letters.Kind.TITLE) == ["政府信息公开申请补正告知书"]
    assert letter.texts(letters.Kind.ITEM) == [
        "1. 请说明所需信息的具体名称或文号；",
        "2. 请说明项目所在地 & 建设单位。",
    ]
    assert f"根据{rules.REGULATION_2019}第三十条的规定，请您对以下事项作出补正：" in text
    assert f"请您于{letters.chinese_date(due_on)}前（含当日）" in text
    assert "答复期限自本机关收到补正的申请之日起计算。" in text
    assert "您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。" in text
    assert letter.texts(letters.Kind.SIGNATURE)[-1] == letters.chinese_date(current_date())

    files = stored(application, ApplicationAttachment.Kind.NOTICE)
    assert files[letters.DOCX_TYPE].original_name == f"补正告知书-{application.number}.docx"
    assert_same_letter(letter, read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE]))


def test_extension_notice(handler, head):
    application = received(handler)
    before = foi_clock.clock_for(application).due
    extension = services.extension_request(
        application=application, user=handler, days=15, reason="所需信息涉及多个处室，需要逐件核查。"
    )
    services.extension_decide(extension=extension, user=head, approve=True)
    after = foi_clock.clock_for(Application.objects.get(pk=application.pk)).due
    assert after > before

    files = stored(application, ApplicationAttachment.Kind.NOTICE)
    assert files[letters.PDF_TYPE].original_name == f"延期答复告知书-{application.number}.pdf"
    letter = letters.notice_letter(application, "extension")
    text = letter.text
    assert "本机关不能在规定期限内作出答复，需要延长答复期限，理由如下：" in text
    assert "所需信息涉及多个处室，需要逐件核查。" in letter.texts(letters.Kind.BODY)
    assert f"根据{rules.REGULATION_2019}第三十三条第二款的规定" in text
    assert "答复期限延长15个工作日" in text
    # The due date of the stored notice is the extended one, not the one cached before approval.
    assert f"本机关将于{letters.chinese_date(after)}前向您作出答复。" in text
    assert letters.chinese_date(before) not in text
    assert_same_letter(letter, read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE]))


def test_extension_notice_needs_an_approved_extension(handler):
    application = received(handler)
    services.extension_request(application=application, user=handler, days=5, reason="需要核查档案。")
    with pytest.raises(ValueError):
        letters.notice_letter(application, "extension")


def test_fee_notice(handler, settings):
    settings.GONGKAI_FOI_FEE_STOPS_CLOCK = True
    application = received(handler)
    notice = services.fee_notice_issue(application=application, user=handler, method="per_volume", pages=120)
    assert (notice.quantity, notice.amount) == (120, 1100)

    files = stored(application, ApplicationAttachment.Kind.NOTICE)
    assert files[letters.DOCX_TYPE].original_name == f"收费通知书-{application.number}.docx"
    letter = letters.notice_letter(application, "fee")
    text = letter.text
    assert letter.texts(letters.Kind.TITLE) == ["政府信息公开信息处理费收费通知书"]
    assert "计收方式：按量计收。" in text
    assert "计费数量：120页。" in text
    assert (
        f"收费标准：依据{rules.FEE_MEASURES}第五条，30页以下（含30页）的不收费；第31页至第100页的部分按10元/页收取；"
        "第101页至第200页的部分按20元/页收取；第201页及以上的部分按40元/页收取。"
    ) in text
    assert "应缴金额：1100元（人民币）。" in text
    due = letters.chinese_date(foi_clock.fee_payment_due(notice))
    assert f"请您自收到本通知书次日起20个工作日内（即{due}前，含当日）缴纳" in text
    assert "您逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。" in text
    assert "不计算在答复期限内" in text
    assert "如对本通知不服，可以自收到本通知书之日起六十日内向某省人民政府申请行政复议" in text
    assert_same_letter(letter, read(files[letters.DOCX_TYPE]), read(files[letters.PDF_TYPE]))

    settings.GONGKAI_FOI_FEE_STOPS_CLOCK = False
    assert "不计算在答复期限内" not in letters.notice_letter(application, "fee").text


def test_per_item_rates_in_words():
    schedule = rules.fee_schedule(rules.PER_ITEM, datetime.date(2026, 1, 1))
    assert letters.rate_text(schedule) == (
        "同一申请人一个自然月内累计申请10件以下（含10件）的不收费；第11件至第30件的部分按100元/件收取；"
        "自第31件起，每10件为一档，每增加一档，收费标准提高100元/件。"
    )


def test_per_item_fee_notice_states_the_ordinal(handler):
    application = received(handler)
    FeeNotice.objects.create(
        application=application,
        method=FeeNotice.Method.PER_ITEM,
        quantity=12,
        amount=100,
        issued_on=current_date(),
        received_on=current_date(),
        issued_by=handler,
    )
    text = letters.notice_letter(application, "fee").text
    assert "计收方式：按件计收。" in text
    assert "计费数量：本申请为您本自然月内提出的第12件政府信息公开申请。" in text
    assert f"{rules.FEE_MEASURES}第四条" in text


@pytest.mark.parametrize("kind", ["reply", "", "Correction", "refusal"])
def test_unknown_notice_kind_raises(kind, handler):
    with pytest.raises(ValueError, match="未知的通知书类别"):
        letters.notice_files(received(handler), kind)


def test_notice_without_its_record_raises(handler):
    application = received(handler)
    for kind in letters.NOTICE_KINDS:
        with pytest.raises(ValueError):
            letters.notice_files(application, kind)
    assert not Correction.objects.filter(application=application).exists()


def test_number_line_falls_back_for_unusual_numbers():
    application = Application(number="TEST-1")
    assert letters.number_line(application, "reply") == "依申请公开答复（申请编号：TEST-1）"
    assert letters.number_line(Application(number="2026-00012"), "fee") == "依申请公开收费〔2026〕12号"
