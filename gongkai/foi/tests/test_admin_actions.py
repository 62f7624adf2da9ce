"""Each action of the case page, posted through its own view: the service changes the case, or its
Chinese error comes back on the form with nothing changed."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.calendar import services as calendar_services
from gongkai.foi import letters, views_admin
from gongkai.foi import services as foi_services
from gongkai.foi.clock import clock_for
from gongkai.foi.models import (
    Application,
    ApplicationAttachment,
    CaseNote,
    Challenge,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    Status,
)
from gongkai.foi.outcomes import Outcome
from gongkai.foi.tests.factories import (
    ApplicationFactory,
    add_consultation,
    add_correction,
    add_extension,
    add_fee_notice,
)
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)  # a Tuesday; March 2026 has no holiday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    calendar_services.invalidate_cache()
    for module in (calendar_services, foi_services, views_admin, views_admin.forms):
        monkeypatch.setattr(module, "current_date", lambda: TODAY)
    yield TODAY
    calendar_services.invalidate_cache()


@pytest.fixture(autouse=True)
def quick_letters(monkeypatch):
    # The letters have their own tests; here only that the actions store them matters.
    monkeypatch.setattr(letters, "reply_letter_files", lambda a: [("答复告知书.pdf", b"%PDF-1.4 x", "application/pdf")])
    monkeypatch.setattr(letters, "notice_files", lambda a, kind: [(f"{kind}.pdf", b"%PDF-1.4 x", "application/pdf")])


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        head=UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=depts.office),
        head2=UserFactory(username="head2", role=Role.DISCLOSURE_HEAD, department=depts.office),
        hpc=UserFactory(username="hpc", role=Role.DRAFTER, department=depts.hpc),
        xjc=UserFactory(username="xjc", role=Role.DRAFTER, department=depts.xjc),
    )


@pytest.fixture
def office_client(client, staff):
    client.force_login(staff.office)
    return client


def received(on: D, **kwargs) -> Application:
    return ApplicationFactory(received=True, submitted_on=on, **kwargs)


def post(client, action: str, case: Application, data: dict, *, target=None, files=None):
    args = [case.pk] if target is None else [case.pk, target.pk]
    prefix = action if target is None else f"{action}-{target.pk}"
    payload = {f"{prefix}-{key}": value for key, value in data.items()}
    if files:
        payload.update({f"{prefix}-{key}": value for key, value in files.items()})
    return client.post(reverse(f"foi:{action}", args=args), payload)


def fresh(case: Application) -> Application:
    return Application.objects.get(pk=case.pk)


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()


# --- Receipt ----------------------------------------------------------------------------------


def test_confirm_receipt_starts_the_clock(office_client):
    case = ApplicationFactory(submitted_on=D(2026, 3, 9))
    response = post(office_client, "confirm", case, {"confirmed_on": "2026-03-10"})
    assert response.status_code == 302 and response["Location"] == reverse("foi:case", args=[case.pk])
    case = fresh(case)
    assert case.status == Status.PROCESSING and case.received_on == TODAY
    page = office_client.get(response["Location"])
    assert "已确认收到申请，收到申请日期为2026-03-10" in page.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "请输入有效的日期"),
        ("明天", "请输入有效的日期"),
        ("", "请填写此项。"),
        ("2026-03-11", "确认日期不能晚于今天。"),
        ("2026-03-08", "确认日期不能早于申请提交日期。"),
    ],
)
def test_confirm_receipt_refuses_bad_dates(office_client, value, message):
    case = ApplicationFactory(submitted_on=D(2026, 3, 9))
    assert_refused(post(office_client, "confirm", case, {"confirmed_on": value}), message)
    case = fresh(case)
    assert case.status == Status.SUBMITTED and case.received_on is None


def test_mark_invalid_needs_a_reason(office_client):
    case = ApplicationFactory(submitted_on=D(2026, 3, 9))
    assert_refused(post(office_client, "invalid", case, {"reason": "测试"}), "无效原因过短")
    assert fresh(case).status == Status.SUBMITTED
    response = post(office_client, "invalid", case, {"reason": "同一申请人重复点击提交的空白申请"})
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Status.INVALID and case.invalid_reason == "同一申请人重复点击提交的空白申请"


def test_assigning_departments_lets_them_see_the_case(client, staff, depts):
    case = received(D(2026, 3, 2))
    client.force_login(staff.hpc)
    assert client.get(reverse("foi:case", args=[case.pk])).status_code == 403
    client.force_login(staff.office)
    response = post(client, "assign", case, {"departments": [depts.hpc.pk, depts.xjc.pk]})
    assert response.status_code == 302
    assert set(fresh(case).handling_departments.all()) == {depts.hpc, depts.xjc}
    client.force_login(staff.hpc)
    assert client.get(reverse("foi:case", args=[case.pk])).status_code == 200
    client.force_login(staff.office)
    assert_refused(post(client, "assign", case, {"departments": ["999999"]}), "所选处室不存在。")


# --- 补正 -------------------------------------------------------------------------------------


def test_correction_request_defaults_and_effect(office_client):
    case = received(D(2026, 3, 2))
    page = office_client.get(reverse("foi:case", args=[case.pk]))
    form = next(p["form"] for p in page.context["panels"] if p["id"] == "correction_request")
    # FoiSettings' default of 10 working days after today.
    assert form.fields["due_on"].initial == D(2026, 3, 24)
    response = post(
        office_client,
        "correction_request",
        case,
        {"items": "请写明所需信息的名称或文号。", "requested_on": "2026-03-10", "due_on": "2026-03-24"},
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Status.AWAITING_CORRECTION
    assert case.correction.due_on == D(2026, 3, 24)
    assert case.attachments.filter(kind=ApplicationAttachment.Kind.NOTICE).exists()
    assert clock_for(case).due is None


def test_correction_after_seven_working_days_is_refused_even_if_posted(office_client):
    case = received(D(2026, 2, 26))  # 7 working days end on 2026-03-06
    page = office_client.get(reverse("foi:case", args=[case.pk]))
    assert reverse("foi:correction_request", args=[case.pk]) not in page.content.decode()
    response = post(
        office_client,
        "correction_request",
        case,
        {"items": "请写明所需信息的名称或文号。", "requested_on": "2026-03-10", "due_on": "2026-03-24"},
    )
    assert_refused(response, "补正须在收到申请之日起7个工作日内告知")
    assert not Correction.objects.exists() and fresh(case).status == Status.PROCESSING


def test_supplement_on_the_applicants_behalf_restarts_the_clock(office_client):
    case = received(D(2026, 3, 2))
    add_correction(case, requested_on=D(2026, 3, 5), due_on=D(2026, 3, 19))
    pdf = SimpleUploadedFile("补正.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = post(
        office_client,
        "supplement",
        case,
        {"text": "所需信息为黔环审〔2025〕12号批复。", "supplemented_on": "2026-03-10"},
        files={"files": pdf},
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Status.PROCESSING and case.correction.supplemented_on == TODAY
    assert case.attachments.filter(kind=ApplicationAttachment.Kind.SUPPLEMENT).count() == 1
    assert clock_for(case).started_on == TODAY


def test_supplement_refuses_a_fake_pdf(office_client):
    case = received(D(2026, 3, 2))
    add_correction(case, requested_on=D(2026, 3, 5), due_on=D(2026, 3, 19))
    fake = SimpleUploadedFile("补正.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post(
        office_client, "supplement", case, {"text": "", "supplemented_on": "2026-03-10"}, files={"files": fake}
    )
    assert_refused(response, "不是允许的格式")
    assert fresh(case).status == Status.AWAITING_CORRECTION


def test_correction_lapse_only_after_the_period(office_client):
    early = received(D(2026, 3, 2))
    add_correction(early, requested_on=D(2026, 3, 3), due_on=D(2026, 3, 19))
    assert_refused(post(office_client, "correction_lapse", early, {"closed_on": "2026-03-10"}), "期限届满后才能")
    assert fresh(early).status == Status.AWAITING_CORRECTION

    lapsed = received(D(2026, 2, 26))
    add_correction(lapsed, requested_on=D(2026, 2, 27), due_on=D(2026, 3, 9))
    assert post(office_client, "correction_lapse", lapsed, {"closed_on": "2026-03-10"}).status_code == 302
    lapsed = fresh(lapsed)
    assert lapsed.status == Status.CLOSED and lapsed.outcome == Outcome.OTHER_NO_CORRECTION


# --- Consultations ----------------------------------------------------------------------------


def test_consultation_start_and_answer(office_client):
    case = received(D(2026, 3, 2))
    response = post(
        office_client,
        "consultation_start",
        case,
        {"kind": "third_party", "party": "某化工有限公司", "sent_on": "2026-03-04"},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(application=case)
    assert clock_for(fresh(case)).pauses[0].start == D(2026, 3, 4)

    response = post(
        office_client,
        "consultation_answer",
        case,
        {"opinion": "none", "answered_on": "2026-03-10"},
        target=consultation,
    )
    assert_refused(response, "届满后才能登记为逾期未提出意见")
    response = post(
        office_client,
        "consultation_answer",
        case,
        {"opinion": "object", "answered_on": "2026-03-10", "note": "涉及商业秘密"},
        target=consultation,
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.opinion == "object" and consultation.answered_on == TODAY


def test_consultation_of_another_case_is_not_found(office_client):
    case = received(D(2026, 3, 2))
    other = add_consultation(received(D(2026, 3, 3)), sent_on=D(2026, 3, 4))
    response = post(
        office_client, "consultation_answer", case, {"opinion": "agree", "answered_on": "2026-03-10"}, target=other
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.answered_on is None


# --- Extension --------------------------------------------------------------------------------


def test_extension_request_and_approval_by_another_head(client, staff):
    case = received(D(2026, 3, 2))
    client.force_login(staff.office)
    assert_refused(
        post(client, "extension_request", case, {"days": "25", "reason": "需要多个处室检索"}), "最长不得超过20个工作日"
    )
    response = post(client, "extension_request", case, {"days": "10", "reason": "需要多个处室检索汇总"})
    assert response.status_code == 302
    extension = Extension.objects.get(application=case)
    assert extension.state == Extension.State.REQUESTED and extension.requested_by == staff.office

    # The requester's own role cannot approve: a plain 403, nothing decided.
    response = post(client, "extension_decide", case, {"decision": "approve", "note": ""})
    assert response.status_code == 403
    extension.refresh_from_db()
    assert extension.state == Extension.State.REQUESTED

    due_before = clock_for(fresh(case)).due
    client.force_login(staff.head)
    response = post(client, "extension_decide", case, {"decision": "approve", "note": "同意"})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.state == Extension.State.APPROVED and extension.decided_by == staff.head
    assert clock_for(fresh(case)).due > due_before


def test_a_head_cannot_approve_their_own_extension(client, staff):
    case = received(D(2026, 3, 2))
    client.force_login(staff.head)
    assert post(client, "extension_request", case, {"days": "5", "reason": "需要多个处室检索汇总"}).status_code == 302
    response = post(client, "extension_decide", case, {"decision": "approve", "note": ""})
    assert response.status_code == 403 and "本人提出的延期申请" in response.content.decode()
    assert Extension.objects.get(application=case).state == Extension.State.REQUESTED
    client.force_login(staff.head2)
    assert post(client, "extension_decide", case, {"decision": "refuse", "note": "理由不充分"}).status_code == 302
    assert Extension.objects.get(application=case).state == Extension.State.REFUSED


def test_extension_decision_without_a_request(client, staff):
    case = received(D(2026, 3, 2))
    client.force_login(staff.head)
    assert_refused(post(client, "extension_decide", case, {"decision": "approve"}), "没有待审批的延期申请")


# --- Fees -------------------------------------------------------------------------------------


def test_fee_preview_changes_nothing_then_the_notice_is_issued(office_client):
    case = received(D(2026, 3, 2))
    data = {"method": "per_volume", "pages": "100", "issued_on": "2026-03-10", "received_on": "2026-03-10"}
    args = [case.pk]
    payload = {f"fee_issue-{k}": v for k, v in data.items()} | {"preview": "1"}
    response = office_client.post(reverse("foi:fee_issue", args=args), payload)
    assert response.status_code == 200
    assert "按量计收：100页，应收700元。" in response.content.decode()
    assert not FeeNotice.objects.exists()

    assert post(office_client, "fee_issue", case, data).status_code == 302
    case = fresh(case)
    assert case.status == Status.AWAITING_PAYMENT
    assert case.fee_notice.amount == 700 and case.fee_notice.quantity == 100


def test_fee_notice_errors(office_client):
    case = received(D(2026, 3, 2))
    base = {"method": "per_volume", "issued_on": "2026-03-10", "received_on": "2026-03-10"}
    assert_refused(post(office_client, "fee_issue", case, base | {"pages": ""}), "按量计收须填写页数。")
    assert_refused(post(office_client, "fee_issue", case, base | {"pages": "20"}), "不需收费")
    assert_refused(post(office_client, "fee_issue", case, base | {"pages": "abc"}), "请填写整数。")
    assert not FeeNotice.objects.exists() and fresh(case).status == Status.PROCESSING


def test_fee_payment_and_lapse(office_client):
    paying = received(D(2026, 3, 2))
    add_fee_notice(paying, issued_on=D(2026, 3, 5))
    assert post(office_client, "fee_paid", paying, {"paid_on": "2026-03-10"}).status_code == 302
    paying = fresh(paying)
    assert paying.status == Status.PROCESSING and paying.fee_notice.paid_on == TODAY

    lapsed = received(D(2026, 1, 5))
    add_fee_notice(lapsed, issued_on=D(2026, 1, 6))
    assert_refused(post(office_client, "fee_paid", lapsed, {"paid_on": "2026-03-10"}), "缴费期限已于")
    assert post(office_client, "fee_lapse", lapsed, {"closed_on": "2026-03-10"}).status_code == 302
    lapsed = fresh(lapsed)
    assert lapsed.status == Status.CLOSED and lapsed.outcome == Outcome.OTHER_NO_PAYMENT


# --- Reply ------------------------------------------------------------------------------------


def test_reply_outcomes_are_grouped_like_the_report(office_client):
    case = received(D(2026, 3, 2))
    page = office_client.get(reverse("foi:case", args=[case.pk])).content.decode()
    assert '<optgroup label="（三）不予公开">' in page
    # The two lapses close through their own actions, never through the reply.
    assert f'value="{Outcome.OTHER_NO_CORRECTION}"' not in page


def test_reply_closes_the_case_with_released_files(office_client):
    case = received(D(2026, 3, 2))
    released = SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%released\n", content_type="application/pdf")
    response = post(
        office_client,
        "reply",
        case,
        {"outcome": Outcome.DISCLOSED, "reply_text": "经查，现予以公开，详见附件。", "replied_on": "2026-03-10"},
        files={"released_files": released},
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Status.CLOSED and case.outcome == Outcome.DISCLOSED and case.closed_on == TODAY
    assert case.attachments.filter(kind=ApplicationAttachment.Kind.RELEASED).count() == 1
    assert case.attachments.filter(kind=ApplicationAttachment.Kind.LETTER).exists()


@pytest.mark.parametrize("outcome", ["bogus", Outcome.OTHER_NO_PAYMENT, ""])
def test_reply_refuses_outcomes_not_on_the_list(office_client, outcome):
    case = received(D(2026, 3, 2))
    data = {"outcome": outcome, "reply_text": "经查，现予以公开。", "replied_on": "2026-03-10"}
    response = post(office_client, "reply", case, data)
    assert response.status_code == 400
    assert fresh(case).status == Status.PROCESSING


def test_reply_waits_for_open_consultations(office_client):
    case = received(D(2026, 3, 2))
    add_consultation(case, sent_on=D(2026, 3, 4))
    data = {"outcome": Outcome.DISCLOSED, "reply_text": "经查，现予以公开。", "replied_on": "2026-03-10"}
    assert_refused(post(office_client, "reply", case, data), "还有征求意见未登记结果")
    assert fresh(case).status == Status.PROCESSING


# --- Challenges and notes ---------------------------------------------------------------------


def test_challenge_record_and_conclude(office_client):
    case = ApplicationFactory(closed=True, submitted_on=D(2026, 2, 2))
    response = post(
        office_client,
        "challenge_record",
        case,
        {"kind": "reconsideration", "filed_on": "2026-03-01", "case_number": "黔府复〔2026〕1号", "body": "省人民政府"},
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(application=case)
    assert_refused(
        post(
            office_client,
            "challenge_conclude",
            case,
            {"result": "pending", "concluded_on": "2026-03-10"},
            target=challenge,
        ),
        "请从列表中选择",
    )
    response = post(
        office_client, "challenge_conclude", case, {"result": "upheld", "concluded_on": "2026-03-10"}, target=challenge
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.result == Challenge.Result.UPHELD and challenge.concluded_on == TODAY


def test_challenge_on_an_open_case_is_refused(office_client):
    case = received(D(2026, 3, 2))
    assert_refused(
        post(office_client, "challenge_record", case, {"kind": "reconsideration", "filed_on": "2026-03-05"}),
        "只能对已答复的申请登记",
    )
    assert not Challenge.objects.exists()


def test_assigned_department_adds_a_note_but_cannot_reply(client, staff, depts):
    case = received(D(2026, 3, 2))
    case.handling_departments.add(depts.hpc)
    client.force_login(staff.hpc)
    assert post(client, "note", case, {"text": "本处室意见：可以公开。"}).status_code == 302
    note = CaseNote.objects.get(application=case)
    assert note.department == depts.hpc and note.created_by == staff.hpc
    data = {"outcome": Outcome.DISCLOSED, "reply_text": "经查，现予以公开。", "replied_on": "2026-03-10"}
    assert post(client, "reply", case, data).status_code == 403
    assert fresh(case).status == Status.PROCESSING


# --- Addresses, scope and CSRF ----------------------------------------------------------------


def test_other_department_and_unknown_cases(client, staff, depts):
    case = ApplicationFactory(submitted_on=D(2026, 3, 9))
    case.handling_departments.add(depts.hpc)
    client.force_login(staff.xjc)
    assert post(client, "note", case, {"text": "越权的记录"}).status_code == 403
    assert not CaseNote.objects.exists()
    client.force_login(staff.office)
    assert client.post(reverse("foi:confirm", args=[999999]), {"confirm-confirmed_on": "2026-03-10"}).status_code == 404
    assert client.post(reverse("foi:consultation_answer", args=[case.pk, 999999]), {}).status_code == 404


def test_get_on_an_action_goes_back_to_the_case(office_client):
    case = received(D(2026, 3, 2))
    response = office_client.get(reverse("foi:reply", args=[case.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("foi:case", args=[case.pk])


def test_actions_need_the_csrf_token(staff):
    case = ApplicationFactory(submitted_on=D(2026, 3, 9))
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.office)
    response = client.post(reverse("foi:confirm", args=[case.pk]), {"confirm-confirmed_on": "2026-03-10"})
    assert response.status_code == 403
    assert fresh(case).status == Status.SUBMITTED


def test_the_clock_panel_shows_pauses_extension_and_fee_due(office_client):
    case = received(D(2026, 3, 2))
    add_consultation(case, sent_on=D(2026, 3, 4), answered_on=D(2026, 3, 6))
    add_extension(case, days=10)
    add_fee_notice(case, issued_on=D(2026, 3, 9))
    body = office_client.get(reverse("foi:case", args=[case.pk])).content.decode()
    clock = clock_for(fresh(case))
    assert "征求第三方意见：2026-03-04至2026-03-06" in body
    assert "10个工作日（经政府信息公开工作机构负责人同意）" in body
    assert f"{clock.fee_payment_due:%Y-%m-%d}（收到收费通知次日起20个工作日）" in body
    assert f"{clock.due:%Y-%m-%d}" in body
