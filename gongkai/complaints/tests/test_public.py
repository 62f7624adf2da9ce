"""The public report form, the 查询码 query and the public results: Chinese messages, 4xx, nothing
half-stored, uploads sniffed by content, anonymous reports, and no personal data in public.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.complaints.forms_public import issue_form_token
from gongkai.complaints.models import Complaint, Evidence, Status
from gongkai.complaints.tests.factories import (
    QUERY_CODE,
    REPORTER_NAME,
    REPORTER_PHONE,
    ComplaintFactory,
    ExtensionFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db

NEW = reverse("complaints_public:new")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def form_data(**overrides) -> dict:
    data = {
        "form_token": issue_form_token(now=time.time() - 60),
        "category": "water",
        "prefecture_code": "520300",
        "county_code": "520382",
        "address": "仁怀市茅台镇某某村河边",
        "polluter_name": "某某酒厂",
        "description": "酒厂将酒糟废水直接排入赤水河支流，河水发黑发臭。",
        "reporter_name": REPORTER_NAME,
        "reporter_phone": REPORTER_PHONE,
        "latitude": "27.81",
        "longitude": "106.37",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, **overrides):
    files = overrides.pop("files", None)
    data = form_data(**overrides)
    if files is not None:
        data["files"] = files
    return client.post(NEW, data)


def test_the_form_shows_every_prefecture_and_the_limits(client, home):
    response = client.get(NEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert "黔东南苗族侗族自治州" in html and "三都水族自治县" in html
    assert "15日" in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_named_report_with_a_photo_and_a_video_is_stored_and_the_code_shown_once(client, home):
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    video = SimpleUploadedFile("clip.mp4", MP4, content_type="video/mp4")
    response = post(client, files=[photo, video])
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == Status.RECEIVED and complaint.reporter_name == REPORTER_NAME
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == ["image/png", "video/mp4"]
    done = client.get(response["Location"]).content.decode()
    assert complaint.number in done and "查询码只在本页显示这一次" in done
    code = done.split("data-cx-code>")[1].split("<")[0]
    assert complaint.check_query_code(code) and code not in complaint.query_code_hash
    assert "data-cx-code" not in client.get(response["Location"]).content.decode()


def test_anonymous_report_needs_no_name_and_stores_none(client, home):
    response = post(client, anonymous="on", reporter_name="", reporter_phone="")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous and complaint.reporter_name == "" and complaint.reporter_phone == ""


def test_a_named_report_without_name_is_refused_in_chinese(client, home):
    response = post(client, reporter_name="", reporter_phone="")
    assert response.status_code == 400
    assert "请填写姓名，或选择匿名举报。" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_renamed_non_image_is_rejected_and_nothing_is_stored(client, home):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    good = SimpleUploadedFile("ok.jpg", JPEG, content_type="image/jpeg")
    response = post(client, files=[good, fake])
    assert response.status_code == 400
    assert "的内容不是允许的格式" in response.content.decode()
    assert not Complaint.objects.exists() and not Evidence.objects.exists()


def test_photo_size_limit_is_a_setting(client, home, settings):
    settings.GONGKAI_COMPLAINTS_MAX_PHOTO_BYTES = 50
    response = post(client, files=[SimpleUploadedFile("big.png", PNG, content_type="image/png")])
    assert response.status_code == 400
    assert "超过" in response.content.decode()
    assert not Complaint.objects.exists()


def test_county_outside_the_prefecture_and_coordinates_outside_guizhou_are_refused(client, home):
    response = post(client, county_code="520111")  # 花溪区 is in 贵阳市, not 遵义市
    assert response.status_code == 400
    assert "不属于遵义市" in response.content.decode()
    response = post(client, latitude="39.9", longitude="116.4")
    assert response.status_code == 400
    assert "坐标不在贵州省范围内" in response.content.decode()
    response = post(client, latitude="abc")
    assert response.status_code == 400 and "纬度应为数字" in response.content.decode()
    assert not Complaint.objects.exists()


def test_honeypot_and_a_too_fast_post_are_refused_and_counted(client, home, settings):
    settings.GONGKAI_COMPLAINTS_SUBMISSIONS_PER_HOUR = 2
    assert post(client, website="http://spam.example").status_code == 400
    assert post(client, form_token=issue_form_token()).status_code == 400  # rendered 0 s ago
    response = post(client)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert not Complaint.objects.exists()


def test_nul_characters_are_a_400_not_a_500(client, home):
    response = post(client, description="河水发黑\x00发臭，气味刺鼻，影响生活。")
    assert response.status_code == 400
    assert "提交未成功" in response.content.decode()
    assert not Complaint.objects.exists()


def query(client, number, code):
    return client.post(reverse("complaints_public:query"), {"number": number, "code": code})


def test_the_query_answers_the_same_for_unknown_number_and_wrong_code(client, home):
    complaint = ComplaintFactory()
    wrong = query(client, complaint.number, "WRONGCODE22")
    unknown = query(client, "JB2026-99999", QUERY_CODE)
    assert wrong.status_code == unknown.status_code == 400
    assert "举报编号或查询码不正确" in wrong.content.decode()
    assert wrong.content.decode().count("不正确") == unknown.content.decode().count("不正确")


def test_the_case_page_shows_limits_and_the_extension_reason_but_is_closed_without_the_code(client, home):
    extension = ExtensionFactory(approved=True)
    complaint = extension.complaint
    case_url = reverse("complaints_public:case", args=[complaint.number])
    assert client.get(case_url).status_code == 302
    response = query(client, complaint.number, QUERY_CODE.lower())
    assert response["Location"] == case_url
    html = client.get(case_url).content.decode()
    assert "办理中" in html and extension.reason in html and "延长30日" in html
    assert REPORTER_PHONE not in html


def test_public_results_show_the_masked_result_and_never_the_reporter_or_private_photos(client, home):
    result = ResultFactory(published=True)
    complaint = result.complaint
    hidden = Evidence.objects.create(
        complaint=complaint,
        original_name="a.png",
        content_type="image/png",
        extension="png",
        size=10,
        file=SimpleUploadedFile("a.png", PNG),
    )
    shown = Evidence.objects.create(
        complaint=complaint,
        original_name="b.png",
        content_type="image/png",
        extension="png",
        size=10,
        file=SimpleUploadedFile("b.png", PNG),
        publishable=True,
    )
    ResultFactory(complaint=ComplaintFactory(closed=True, number="JB2026-77777"), public_measures="未公开的结果")
    listing = client.get(reverse("complaints_public:index")).content.decode()
    detail = client.get(reverse("complaints_public:result", args=[result.pk])).content.decode()
    for html in (listing, detail):
        assert REPORTER_NAME not in html and REPORTER_PHONE not in html
        assert complaint.address not in html
        assert "花溪区" in html and "环评处" in html
    assert "未公开的结果" not in listing
    assert "王某某" in detail
    assert reverse("complaints_public:result_evidence", args=[result.pk, shown.pk]) in detail
    photo = client.get(reverse("complaints_public:result_evidence", args=[result.pk, shown.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    assert client.get(reverse("complaints_public:result_evidence", args=[result.pk, hidden.pk])).status_code == 404


def test_statistics_count_per_category_prefecture_and_month_with_on_time_rates(client, home):
    ComplaintFactory(category="noise")
    ComplaintFactory(closed=True, category="air")
    ComplaintFactory(category="air", prefecture_code="522600", county_code="522601")
    html = client.get(reverse("complaints_public:statistics")).content.decode()
    assert "data-cx-total>3件" in html
    assert "100.0%（1/1）" in html  # closed on time
    assert "黔东南苗族侗族自治州</td><td>1" in html and "贵阳市</td><td>2" in html
    assert REPORTER_NAME not in html
    assert client.get(reverse("complaints_public:statistics") + "?year=1999").status_code == 404


def test_the_case_page_tells_a_transfer_and_a_refusal_with_its_reason(client, home):
    from gongkai.complaints.tests.factories import TransferFactory

    transfer = TransferFactory()
    query(client, transfer.complaint.number, QUERY_CODE)
    html = client.get(reverse("complaints_public:case", args=[transfer.complaint.number])).content.decode()
    assert "已转办" in html and "转交遵义市生态环境局办理" in html
    refused = ComplaintFactory(not_accepted=True, number="JB2026-66666")
    query(client, refused.number, QUERY_CODE)
    html = client.get(reverse("complaints_public:case", args=[refused.number])).content.decode()
    assert "不予受理" in html and refused.not_accepted_reason in html
