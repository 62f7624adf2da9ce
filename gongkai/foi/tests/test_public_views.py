"""The citizen-facing pages of 依申请公开: apply, done, query, case, supplement, download, statistics."""

import datetime
import re
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.calendar.services import current_date
from gongkai.foi import services
from gongkai.foi.clock import ClockState, clock_for
from gongkai.foi.forms_public import issue_form_token, mask_id_number
from gongkai.foi.models import (
    ApplicantType,
    Application,
    ApplicationAttachment,
    FoiSettings,
    Status,
)
from gongkai.foi.outcomes import Outcome
from gongkai.foi.tests.factories import (
    DEFAULT_QUERY_CODE,
    RESIDENT_IDS,
    USCC,
    ApplicationFactory,
    add_consultation,
    add_correction,
    add_extension,
    add_fee_notice,
)
from gongkai.foi.views_public import year_statistics

pytestmark = pytest.mark.django_db

APPLY = "/foi/apply/"
DONE = "/foi/apply/done/"
QUERY = "/foi/query/"
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def site(home):
    return home


def png(name: str = "身份证.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def form_data(**overrides) -> dict:
    data = {
        "applicant_category": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_IDS[0],
        "phone": "13800000000",
        "email": "zhangsan@example.com",
        "address": "贵州省贵阳市观山湖区某路1号",
        "postcode": "550081",
        "information_title": "某化工园区环境影响评价报告书批复",
        "document_number": "黔环审〔2025〕12号",
        "description": "请求公开某化工园区2025年度环境影响评价报告书的审批文件。",
        "information_form": "email",
        "delivery": "email",
        "consent": "on",
        # Rendered ten seconds ago: past the 3-second floor without sleeping.
        "form_token": issue_form_token(now=time.time() - 10),
        "identity_files": png(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, **overrides):
    return client.post(APPLY, form_data(**overrides))


def grant(client, number: str, code: str = DEFAULT_QUERY_CODE, **extra):
    return client.post(QUERY, {"number": number, "code": code}, **extra)


def case_url(application: Application) -> str:
    return reverse("foi_public:case", kwargs={"number": application.number})


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


# ---------- the landing page ----------


def test_landing_explains_the_process_with_contacts_fees_remedies_and_links(client):
    settings_record = FoiSettings.load()
    settings_record.office_name = "厅办公室"
    settings_record.office_address = "贵阳市观山湖区林城东路某号"
    settings_record.office_phone = "0851-86666666"
    settings_record.reconsideration_body = "贵州省人民政府"
    settings_record.save()
    html = client.get("/foi/").content.decode()
    for text in (
        "提交申请",
        "确认收到（条例第三十一条）",
        "7个工作日内一次性告知",
        "征求意见（不计入期限）",
        "20个工作日内答复",
        "最长不超过20个工作日",
        "厅办公室",
        "贵阳市观山湖区林城东路某号",
        "0851-86666666",
        "传真",
        "不收取费用",
        "国办函〔2020〕109号",
        "第1—10件：免费",
        "第11—30件：100元/件",
        "第31—100页：10元/页",
        "第201页起：40元/页",
        "贵州省人民政府",
        "行政诉讼",
    ):
        assert text in html, text
    for name in ("apply", "query", "statistics"):
        assert f'href="{reverse(f"foi_public:{name}")}"' in html
    assert "信息公开指南" not in html  # no such page yet


def test_landing_links_the_disclosure_guide_page_when_there_is_one(client, home):
    from gongkai.portal.models import StandardPage

    guide = home.add_child(instance=StandardPage(title="信息公开指南", slug="guide", body="<p>指南</p>"))
    html = client.get("/foi/").content.decode()
    assert f'href="{guide.url}"' in html


# ---------- the application form ----------


def test_form_has_labels_for_every_field_and_no_novalidate(client):
    response = client.get(APPLY)
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "novalidate" not in html
    assert 'enctype="multipart/form-data"' in html
    for name in (
        "name",
        "id_type",
        "id_number",
        "legal_representative",
        "contact_person",
        "phone",
        "email",
        "address",
        "postcode",
        "information_title",
        "document_number",
        "description",
        "fee_waiver_requested",
        "identity_files",
        "consent",
    ):
        assert f'<label for="id_{name}">' in html, name
    for group in ("applicant_category", "organisation_kind", "information_form", "delivery"):
        assert f'<label for="id_{group}_0">' in html, group
    # Five organisation kinds under the second level, as the model's six values minus 自然人.
    assert html.count('name="organisation_kind"') == 5
    assert re.search(r'<input type="file" name="identity_files"[^>]*multiple', html)
    assert re.search(r'name="id_number"[^>]*required', html)
    assert 'type="email" name="email"' in html and 'type="tel" name="phone"' in html
    assert 'name="form_token"' in html and 'class="foi-hp"' in html


def test_valid_submission_stores_one_submitted_application_and_shows_number_and_code_once(client, mailoutbox):
    response = submit(client)
    assert response.status_code == 302 and response["Location"] == DONE
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.applicant_type == ApplicantType.NATURAL_PERSON
    assert application.legal_representative == "" and application.received_on is None
    attachment = application.attachments.get()
    assert attachment.kind == ApplicationAttachment.Kind.IDENTITY and attachment.content_type == "image/png"

    done = client.get(DONE)
    assert done["Cache-Control"] == "private, no-store"
    html = done.content.decode()
    code = re.search(r"data-foi-code>([A-Z0-9]+)<", html).group(1)
    assert application.number in html
    assert application.check_query_code(code)
    assert "data-print" in html and "记下或打印" in html

    again = client.get(DONE).content.decode()
    assert code not in again and application.number not in again
    assert "只在提交后显示一次" in again
    # The code is not kept anywhere it could be read back: the session entry is gone.
    assert "foi.done" not in client.session


def test_organisation_submission_maps_two_level_choice_to_applicant_type(client):
    response = submit(
        client,
        applicant_category="organisation",
        organisation_kind="legal_service",
        name="某某律师事务所",
        id_type="uscc",
        id_number=USCC.lower(),
        legal_representative="李四",
        contact_person="王五",
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_type == ApplicantType.LEGAL_SERVICE
    assert application.id_number == USCC  # normalised by Application.clean()
    assert (application.legal_representative, application.contact_person) == ("李四", "王五")


def test_organisation_without_kind_or_representative_is_refused(client):
    response = submit(client, applicant_category="organisation", id_type="uscc", id_number=USCC)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择法人或其他组织的类别。" in html
    assert "请填写法定代表人或负责人。" in html and "请填写联系人。" in html
    assert Application.objects.count() == 0


def test_wrong_resident_id_check_digit_is_a_form_error_and_nothing_is_stored(client):
    wrong = RESIDENT_IDS[0][:17] + ("0" if RESIDENT_IDS[0][17] != "0" else "1")
    response = submit(client, id_number=wrong)
    assert response.status_code == 400
    html = response.content.decode()
    assert "居民身份证号码有误" in html
    # Field error next to the field and in the summary, linked to it.
    assert 'id="id_id_number_error"' in html and 'href="#id_id_number"' in html
    assert re.search(r'name="id_number"[^>]*aria-invalid="true"', html)
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0
    # What the person typed is still there.
    assert 'value="张三"' in html and "请求公开某化工园区" in html


def test_uscc_for_a_natural_person_is_refused_by_the_model_rules(client):
    response = submit(client, id_type="uscc", id_number=USCC)
    assert response.status_code == 400
    assert "自然人请选择个人身份证件。" in response.content.decode()
    assert Application.objects.count() == 0


def test_disguised_executable_is_refused_with_chinese_error_and_nothing_stored(client):
    response = submit(client, identity_files=png("x.jpg", b"MZ\x90\x00\x03" + b"\x00" * 300))
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件“x.jpg”的内容不是允许的格式" in html
    assert 'id="id_identity_files_error"' in html
    assert "请重新选择后提交" in html
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0


def test_oversized_file_is_refused_with_chinese_error_and_nothing_stored(client, settings):
    settings.GONGKAI_FOI_MAX_FILE_BYTES = 1024
    response = submit(client, identity_files=png("big.png", PNG + b"\x00" * 2048))
    assert response.status_code == 400
    assert "超过1KB的上限" in response.content.decode()
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0


def test_missing_identity_proof_is_refused(client):
    response = submit(client, identity_files=None)
    assert response.status_code == 400
    assert "请上传身份证明材料。" in response.content.decode()
    assert Application.objects.count() == 0


def test_delivery_by_email_needs_an_email_address(client):
    response = submit(client, email="")
    assert response.status_code == 400
    assert "选择以电子邮件获取信息的，请填写电子邮箱。" in response.content.decode()


def test_script_in_every_text_field_is_stored_literally_and_rendered_escaped(client):
    text_fields = (
        "name",
        "legal_representative",
        "contact_person",
        "address",
        "information_title",
        "document_number",
        "description",
    )
    response = submit(
        client,
        applicant_category="organisation",
        organisation_kind="public_interest",
        id_type="uscc",
        id_number=USCC,
        delivery="post",
        **{name: SCRIPT for name in text_fields},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    for name in text_fields:
        assert getattr(application, name) == SCRIPT, name
    application.set_query_code(DEFAULT_QUERY_CODE)
    application.save(update_fields=["query_code_hash"])
    grant(client, application.number)
    html = client.get(case_url(application)).content.decode()
    assert SCRIPT not in html
    # Everything but the address is shown to the applicant (contact details stay off the page).
    assert html.count(ESCAPED) >= len(text_fields) - 1


def test_honeypot_submission_is_refused_and_nothing_stored(client):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 400
    assert "提交未通过校验" in response.content.decode()
    assert Application.objects.count() == 0


def test_too_fast_submission_is_refused_and_the_data_kept(client):
    response = submit(client, form_token=issue_form_token())
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交过快" in html
    assert 'value="张三"' in html and 'value="13800000000"' in html
    assert Application.objects.count() == 0
    # A fresh token is in the re-rendered form: waiting and resubmitting works.
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert token != ""


def test_form_open_more_than_two_hours_is_refused_with_a_clear_message(client):
    response = submit(client, form_token=issue_form_token(now=time.time() - 2 * 3600 - 5))
    assert response.status_code == 400
    assert "页面打开已超过2小时" in response.content.decode()
    assert Application.objects.count() == 0


def test_missing_or_forged_token_is_refused(client):
    assert "表单已失效" in submit(client, form_token=None).content.decode()
    forged = issue_form_token(now=time.time() - 10)[:-2] + "xx"
    assert "表单已失效" in submit(client, form_token=forged).content.decode()
    assert Application.objects.count() == 0


def test_submissions_over_the_hourly_limit_get_429(client, settings):
    settings.GONGKAI_FOI_SUBMISSIONS_PER_HOUR = 2
    assert submit(client).status_code == 302
    assert submit(client, id_number=RESIDENT_IDS[1]).status_code == 302
    response = submit(client, id_number=RESIDENT_IDS[2])
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert Application.objects.count() == 2


def test_the_limit_is_per_client(client, settings):
    settings.GONGKAI_FOI_SUBMISSIONS_PER_HOUR = 1
    assert client.post(APPLY, form_data()).status_code == 302
    assert client.post(APPLY, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302
    assert client.post(APPLY, form_data()).status_code == 429


def test_bot_attempts_count_towards_the_limit_but_human_mistakes_do_not(client, settings):
    settings.GONGKAI_FOI_SUBMISSIONS_PER_HOUR = 2
    for _ in range(3):
        assert submit(client, phone="").status_code == 400  # a person's mistake
    assert submit(client, website="x").status_code == 400
    assert submit(client, website="x").status_code == 400
    assert submit(client).status_code == 429


# ---------- the query ----------


def test_right_number_and_code_grant_the_case_page(client):
    application = ApplicationFactory()
    response = grant(client, application.number, DEFAULT_QUERY_CODE.lower())
    assert response.status_code == 302
    assert response["Location"] == case_url(application)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert application.number in html and "待确认收到" in html
    assert "工作人员与您确认收到申请后开始计算答复期限" in html


def test_wrong_code_and_unknown_number_get_the_same_generic_answer(client):
    application = ApplicationFactory()
    unknown = "1999-54321"
    wrong = grant(client, application.number, "ZZZZ9999")
    missing = grant(client, unknown, DEFAULT_QUERY_CODE)
    assert wrong.status_code == missing.status_code == 400
    message = "申请编号或查询码不正确，请核对后重新输入。"
    assert message in wrong.content.decode() and message in missing.content.decode()
    # Apart from the echoed number, the two pages are byte for byte the same.
    echoed = without_tokens(wrong.content.decode()).replace(f'value="{application.number}"', 'value="N"')
    assert echoed == without_tokens(missing.content.decode()).replace(f'value="{unknown}"', 'value="N"')
    assert not any(k.startswith("foi.grant.") for k in client.session.keys())


def test_failures_per_client_lead_to_429_even_for_the_right_code(client, settings):
    settings.GONGKAI_FOI_QUERY_FAILURES_PER_HOUR = 3
    application = ApplicationFactory()
    for n in range(3):
        assert grant(client, f"2020-0000{n}", "WRONG234").status_code == 400
    response = grant(client, application.number)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert not any(k.startswith("foi.grant.") for k in client.session.keys())
    # From another address the right code still works.
    assert grant(client, application.number, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_failures_per_number_lead_to_429_from_any_client(client, settings):
    settings.GONGKAI_FOI_QUERY_FAILURES_PER_HOUR = 3
    application = ApplicationFactory()
    for n in range(3):
        assert grant(client, application.number, "WRONG234", REMOTE_ADDR=f"10.2.0.{n}").status_code == 400
    assert grant(client, application.number, REMOTE_ADDR="10.3.0.1").status_code == 429
    # An unknown number is limited in the same way: no difference to observe.
    for n in range(3):
        grant(client, "2020-99999", "WRONG234", REMOTE_ADDR=f"10.4.0.{n}")
    assert grant(client, "2020-99999", "WRONG234", REMOTE_ADDR="10.5.0.1").status_code == 429


def test_case_page_and_downloads_need_the_session_grant(client):
    application = ApplicationFactory(received=True)
    letter = services.store_generated_file(
        application,
        kind=ApplicationAttachment.Kind.LETTER,
        name="告知书.pdf",
        content=PDF,
        content_type="application/pdf",
        user=None,
    )
    download = reverse("foi_public:download", kwargs={"number": application.number, "pk": letter.pk})
    for url in (case_url(application), download):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == QUERY
    # A grant for another case opens that case only.
    other = ApplicationFactory()
    grant(client, other.number)
    assert client.get(case_url(other)).status_code == 200
    assert client.get(case_url(application)).status_code == 302
    assert client.get(download).status_code == 302
    # An unknown number looks the same as a case without grant.
    assert client.get("/foi/query/case/2020-99999/")["Location"] == QUERY


def test_grant_lapses_after_idle_time_and_with_query_end(client):
    application = ApplicationFactory()
    grant(client, application.number)
    session = client.session
    key = f"foi.grant.{application.pk}"
    session[key] = {"number": application.number, "at": int(time.time()) - 3 * 3600}
    session.save()
    assert client.get(case_url(application)).status_code == 302
    grant(client, application.number)
    assert client.get(case_url(application)).status_code == 200
    client.post(reverse("foi_public:query_end"))
    assert client.get(case_url(application)).status_code == 302


def test_download_streams_applicant_files_as_attachments_only(client):
    application = ApplicationFactory(closed=True, submitted_on=current_date() - datetime.timedelta(days=20))
    letter = services.store_generated_file(
        application,
        kind=ApplicationAttachment.Kind.LETTER,
        name="答复告知书.pdf",
        content=PDF,
        content_type="application/pdf",
        user=None,
    )
    identity = services.store_generated_file(
        application,
        kind=ApplicationAttachment.Kind.IDENTITY,
        name="身份证.png",
        content=PNG,
        content_type="image/png",
        user=None,
    )
    grant(client, application.number)
    html = client.get(case_url(application)).content.decode()
    assert "答复告知书.pdf" in html and "身份证.png" not in html
    url = reverse("foi_public:download", kwargs={"number": application.number, "pk": letter.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    hidden = reverse("foi_public:download", kwargs={"number": application.number, "pk": identity.pk})
    assert client.get(hidden).status_code == 404
    # Another case's file cannot be fetched through this case's grant.
    other = ApplicationFactory(received=True)
    foreign = services.store_generated_file(
        other,
        kind=ApplicationAttachment.Kind.LETTER,
        name="x.pdf",
        content=PDF,
        content_type="application/pdf",
        user=None,
    )
    assert (
        client.get(reverse("foi_public:download", kwargs={"number": application.number, "pk": foreign.pk})).status_code
        == 404
    )


def test_case_page_shows_clock_timeline_outcome_and_masked_id(client):
    today = current_date()
    received = today - datetime.timedelta(days=30)
    application = ApplicationFactory(
        closed=True, submitted_on=received, name="张三丰", id_number=RESIDENT_IDS[0], outcome=Outcome.PARTIAL
    )
    add_consultation(
        application, sent_on=received + datetime.timedelta(days=3), answered_on=received + datetime.timedelta(days=8)
    )
    add_extension(application, days=10)
    grant(client, application.number)
    html = client.get(case_url(application)).content.decode()
    clock = clock_for(Application.objects.with_clock_data().get(pk=application.pk))
    assert f"{clock.due:%Y-%m-%d}" in html
    assert "征求第三方意见期间不计入答复期限" in html
    assert "含经批准延长的10个工作日" in html and "延期答复" in html
    assert "办理结果：部分公开" in html and "已办结" in html
    assert "张三丰" in html
    assert RESIDENT_IDS[0] not in html and mask_id_number(RESIDENT_IDS[0]) in html
    assert mask_id_number(RESIDENT_IDS[0]) == RESIDENT_IDS[0][:3] + "*" * 11 + RESIDENT_IDS[0][-4:]
    # The consulted party and internal notes are never named to the applicant.
    assert "某化工有限公司" not in html
    assert application.phone not in html


def test_case_page_shows_a_fee_notice_and_its_payment_deadline(client):
    today = current_date()
    application = ApplicationFactory(received=True, submitted_on=today - datetime.timedelta(days=5))
    notice = add_fee_notice(application, issued_on=today - datetime.timedelta(days=1), amount=700)
    grant(client, application.number)
    html = client.get(case_url(application)).content.decode()
    clock = clock_for(Application.objects.with_clock_data().get(pk=application.pk))
    assert "收费通知" in html and "信息处理费700元（按量计收）" in html
    assert f"请于 <strong>{clock.fee_payment_due:%Y-%m-%d}</strong> 前缴纳信息处理费" in html
    assert "缴纳信息处理费期间不计入答复期限" in html
    assert notice.paid_on is None


# ---------- 补正 ----------


@pytest.fixture
def awaiting(client):
    today = current_date()
    application = ApplicationFactory(received=True, submitted_on=today - datetime.timedelta(days=4))
    add_correction(
        application, requested_on=today - datetime.timedelta(days=2), due_on=today + datetime.timedelta(days=10)
    )
    grant(client, application.number)
    return application


def supplement_url(application: Application) -> str:
    return reverse("foi_public:supplement", kwargs={"number": application.number})


def test_case_page_shows_correction_items_and_form(client, awaiting):
    html = client.get(case_url(awaiting)).content.decode()
    assert "请明确所需信息的名称或文号。" in html
    assert "提交补正" in html and f'action="{supplement_url(awaiting)}"' in html
    assert "等待您补正申请" in html


def test_supplement_restarts_the_clock_from_today(client, awaiting):
    assert clock_for(Application.objects.with_clock_data().get(pk=awaiting.pk)).state is ClockState.SUSPENDED
    response = client.post(
        supplement_url(awaiting), {"text": f"所需信息为黔环审〔2025〕12号批复。{SCRIPT}", "files": png("补正.png")}
    )
    assert response.status_code == 302 and response["Location"] == case_url(awaiting)
    application = Application.objects.with_clock_data().get(pk=awaiting.pk)
    assert application.status == Status.PROCESSING
    assert application.correction.supplement_text.endswith(SCRIPT)
    clock = clock_for(application)
    assert clock.started_on == current_date() and clock.state is ClockState.RUNNING
    page = client.get(case_url(awaiting))
    html = page.content.decode()
    assert "补正已提交" in html and "收到补正" in html
    assert SCRIPT not in html and ESCAPED in html
    assert "补正.png" in html  # the applicant's own supplement is downloadable


def test_empty_supplement_is_refused_in_chinese(client, awaiting):
    response = client.post(supplement_url(awaiting), {"text": "  "})
    assert response.status_code == 400
    assert "请填写补正内容或上传补正材料。" in response.content.decode()
    assert Application.objects.get(pk=awaiting.pk).status == Status.AWAITING_CORRECTION


def test_disguised_supplement_file_is_refused(client, awaiting):
    response = client.post(supplement_url(awaiting), {"text": "见附件", "files": png("a.png", b"MZ" + b"\x00" * 300)})
    assert response.status_code == 400
    assert "内容不是允许的格式" in response.content.decode()
    assert not ApplicationAttachment.objects.filter(application=awaiting).exists()
    assert Application.objects.get(pk=awaiting.pk).status == Status.AWAITING_CORRECTION


def test_supplement_needs_the_grant_and_the_right_status(client, awaiting):
    other = ApplicationFactory(received=True)
    grant(client, other.number)
    assert client.post(supplement_url(other), {"text": "补正内容"}).status_code == 400
    anonymous = client.__class__()
    assert anonymous.post(supplement_url(awaiting), {"text": "补正内容"}).status_code == 302
    assert Application.objects.get(pk=awaiting.pk).status == Status.AWAITING_CORRECTION


# ---------- statistics ----------


def _closed(received: datetime.date, days: int, outcome: str = Outcome.DISCLOSED) -> Application:
    return ApplicationFactory(
        closed=True, submitted_on=received, closed_on=received + datetime.timedelta(days=days), outcome=outcome
    )


def test_statistics_count_received_answered_on_time_and_by_group(client):
    year = current_date().year - 1
    _closed(datetime.date(year, 3, 2), 10)  # on time
    _closed(datetime.date(year, 3, 2), 70, Outcome.WITHHELD_SECRET)  # late
    _closed(datetime.date(year, 4, 1), 5, Outcome.NOT_PROCESSED_REPEAT)
    ApplicationFactory(received=True, submitted_on=datetime.date(year, 12, 20))  # open, received only
    ApplicationFactory(status=Status.INVALID, submitted_on=datetime.date(year, 5, 5))  # never counted
    stats = year_statistics(year)
    assert (stats["received"], stats["answered"], stats["on_time"]) == (4, 3, 2)
    assert stats["on_time_percent"] == 67
    groups = {g["label"]: g["count"] for g in stats["groups"]}
    assert groups == {"予以公开": 1, "部分公开": 0, "不予公开": 1, "无法提供": 0, "不予处理": 1, "其他处理": 0}

    response = client.get("/foi/statistics/", {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-foi-stat="received">4<' in html
    assert 'data-foi-stat="answered">3<' in html
    assert 'data-foi-stat="on_time">2（67%）<' in html
    assert 'data-foi-group="不予公开">1件（33%）' in html
    assert "foi-bar--p33" in html and 'style="' not in html
    assert "张三" not in html and RESIDENT_IDS[0] not in html


def test_statistics_of_past_years_are_cached_and_the_current_year_is_live(client):
    past = current_date().year - 1
    _closed(datetime.date(past, 6, 1), 10)
    assert year_statistics(past)["answered"] == 1
    _closed(datetime.date(past, 6, 2), 10)
    assert year_statistics(past)["answered"] == 1  # cached
    cache.clear()
    assert year_statistics(past)["answered"] == 2

    this_year = current_date().year
    before = year_statistics(this_year)["received"]
    ApplicationFactory(received=True, submitted_on=current_date())
    assert year_statistics(this_year)["received"] == before + 1


def test_statistics_of_an_unknown_year_is_404(client):
    assert client.get("/foi/statistics/", {"year": "1999"}).status_code == 404
    assert client.get("/foi/statistics/", {"year": "abc"}).status_code == 404


# ---------- what never happens ----------


def test_no_personal_data_in_any_address(client):
    response = submit(client)
    assert response["Location"] == DONE
    application = Application.objects.get()
    application.set_query_code(DEFAULT_QUERY_CODE)
    application.save(update_fields=["query_code_hash"])
    location = grant(client, application.number)["Location"]
    for value in (application.name, application.id_number, application.phone, DEFAULT_QUERY_CODE):
        assert value not in location
    assert 'method="post"' in client.get(QUERY).content.decode()
