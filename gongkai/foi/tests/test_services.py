"""Each case action through its service: permission, validation, the change, the audit log, the notice."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import add_workdays, current_date
from gongkai.foi import services
from gongkai.foi.clock import ClockState, clock_for
from gongkai.foi.models import (
    Application,
    ApplicationAttachment,
    ApplicationCounter,
    Challenge,
    Channel,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    Status,
)
from gongkai.foi.outcomes import Outcome
from gongkai.foi.tests.factories import ApplicationFactory, add_correction
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

VALID = {
    "applicant_type": "natural",
    "name": "李四",
    "id_type": "resident_id",
    "id_number": "110101199003074514",
    "phone": "13900000000",
    "email": "lisi@example.com",
    "address": "贵阳市南明区某街2号",
    "description": "请公开2025年度本省重点排污单位名录。",
    "information_form": "email",
    "delivery": "email",
}


@pytest.fixture
def handler(db):
    return UserFactory(username="handler", role=Role.OFFICE_REVIEWER, department=DepartmentFactory(code="bgs"))


@pytest.fixture
def head(db):
    return UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=DepartmentFactory(code="bgs"))


@pytest.fixture
def drafter(db):
    return UserFactory(username="drafter", role=Role.DRAFTER, department=DepartmentFactory(code="hpc"))


@pytest.fixture
def processing(handler):
    return ApplicationFactory(received=True)


def test_online_submission_gets_a_number_and_a_query_code_that_is_not_stored(django_capture_on_commit_callbacks):
    identity = SimpleUploadedFile("身份证.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        application, code = services.application_submit(data=VALID, files=[identity])
    assert application.status == Status.SUBMITTED
    assert application.received_on is None  # 条例第三十一条: online counts from mutual confirmation
    assert application.number == f"{current_date().year}-00001"
    assert len(code) == 8 and code not in application.query_code_hash
    assert application.check_query_code(code) and application.check_query_code(code.lower())
    assert not application.check_query_code("WRONG234")
    (attachment,) = application.attachments.all()
    assert attachment.kind == ApplicationAttachment.Kind.IDENTITY and attachment.content_type == "image/png"
    assert "身份证" not in attachment.file.name  # the stored name carries no personal data
    assert mail.outbox[0].to == ["lisi@example.com"]
    assert code not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "110101199003074515"}, "id_number"),  # wrong check digit
        ({"applicant_type": "commercial", "id_type": "uscc", "id_number": "91520100MA6DJ5XL06"}, "id_number"),
        ({"applicant_type": "commercial"}, "id_type"),  # an organisation with a personal ID
        ({"delivery": "post", "address": ""}, "address"),
        ({"description": ""}, "description"),
    ],
)
def test_invalid_applications_are_refused_and_nothing_is_stored(changes, field):
    with pytest.raises(ValidationError) as error:
        services.application_submit(data={**VALID, **changes})
    assert field in error.value.message_dict
    assert Application.objects.count() == 0


def test_disguised_or_oversized_attachment_refuses_the_whole_submission(settings):
    disguised = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationError, match="不是允许的格式"):
        services.application_submit(data=VALID, files=[disguised])
    settings.GONGKAI_FOI_MAX_FILE_BYTES = 50
    with pytest.raises(ValidationError, match="超过"):
        services.application_submit(data=VALID, files=[SimpleUploadedFile("a.png", PNG)])
    renamed = SimpleUploadedFile("scan.pdf", PNG)
    settings.GONGKAI_FOI_MAX_FILE_BYTES = 5000
    with pytest.raises(ValidationError, match="扩展名与内容不符"):
        services.application_submit(data=VALID, files=[renamed])
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0
    assert not ApplicationCounter.objects.filter(last__gt=0).exists()


def test_unknown_fields_cannot_set_system_fields():
    with pytest.raises(ValidationError, match="未知的字段"):
        services.application_submit(data={**VALID, "status": "closed"})


def test_confirming_an_online_submission_starts_the_clock(handler, django_capture_on_commit_callbacks):
    application, _ = services.application_submit(data=VALID)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_confirm_receipt(application=application, user=handler)
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and application.received_on == current_date()
    assert clock_for(application).due == add_workdays(current_date(), 20)
    assert "已收到" in mail.outbox[0].subject
    entry = ModelLogEntry.objects.for_instance(application).get(action="foi.confirm")
    assert entry.user == handler
    assert "110101199003074514" not in str(entry.data) and "李四" not in str(entry.data)


def test_only_the_disclosure_office_handles_cases(drafter):
    application, _ = services.application_submit(data=VALID)
    with pytest.raises(PermissionDenied):
        services.application_confirm_receipt(application=application, user=drafter)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_receipt_date_follows_article_31_by_channel(handler):
    today = current_date()
    signed = today - datetime.timedelta(days=1)
    sent = today - datetime.timedelta(days=5)
    by_mail, _ = services.application_register(
        user=handler, data=VALID, channel=Channel.MAIL_SIGNED, submitted_on=sent, signed_on=signed
    )
    assert by_mail.received_on == signed and by_mail.status == Status.PROCESSING
    in_person, _ = services.application_register(
        user=handler, data=VALID, channel=Channel.IN_PERSON, submitted_on=today
    )
    assert in_person.received_on == today
    with pytest.raises(ValidationError) as error:
        services.application_register(user=handler, data=VALID, channel=Channel.MAIL_ORDINARY, submitted_on=sent)
    assert "confirmed_on" in error.value.message_dict
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.application_register(
            user=handler,
            data=VALID,
            channel=Channel.FAX,
            submitted_on=today,
            confirmed_on=today + datetime.timedelta(1),
        )


def test_correction_once_within_seven_working_days_then_the_clock_restarts(handler, processing):
    services.correction_request(
        application=processing, user=handler, items="请写明所需信息的文号。", due_on=add_workdays(current_date(), 10)
    )
    processing.refresh_from_db()
    assert processing.status == Status.AWAITING_CORRECTION
    assert clock_for(processing).state is ClockState.SUSPENDED
    with pytest.raises(ValidationError):
        services.correction_request(application=processing, user=handler, items="再补正一次", due_on=current_date())
    services.correction_supplement(application=processing, text="文号为黔环函〔2025〕8号。")
    processing.refresh_from_db()
    clock = clock_for(processing)
    assert processing.status == Status.PROCESSING
    assert clock.started_on == current_date() and clock.due == add_workdays(current_date(), 20)
    notices = processing.attachments.filter(kind=ApplicationAttachment.Kind.NOTICE)
    assert sorted(notices.values_list("content_type", flat=True)) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_correction_after_seven_working_days_is_refused(handler):
    today = current_date()
    received = today - datetime.timedelta(days=20)
    application = ApplicationFactory(received=True, submitted_on=received)
    with pytest.raises(ValidationError, match="7个工作日内"):
        services.correction_request(
            application=application, user=handler, items="请补充说明", due_on=today + datetime.timedelta(5)
        )
    assert not Correction.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == Status.PROCESSING


def test_supplement_after_the_correction_period_is_refused_and_the_case_lapses(handler):
    today = current_date()
    application = ApplicationFactory(received=True, submitted_on=today - datetime.timedelta(days=30))
    add_correction(
        application, requested_on=today - datetime.timedelta(days=28), due_on=today - datetime.timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="补正期限已于"):
        services.correction_supplement(application=application, text="补正内容")
    services.correction_lapse(application=application, user=handler)
    application.refresh_from_db()
    assert application.status == Status.CLOSED and application.outcome == Outcome.OTHER_NO_CORRECTION
    assert application.attachments.filter(kind=ApplicationAttachment.Kind.LETTER).count() == 2


def test_lapse_is_refused_before_the_correction_period_ends(handler, processing):
    add_correction(processing, requested_on=current_date(), due_on=current_date() + datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="期限届满后"):
        services.correction_lapse(application=processing, user=handler)


def test_consultation_pauses_until_answered(handler, processing):
    consultation = services.consultation_start(
        application=processing, user=handler, kind=Consultation.Kind.THIRD_PARTY, party="某化工有限公司"
    )
    clock = clock_for(Application.objects.get(pk=processing.pk))
    assert clock.pauses[0].running and clock.due > add_workdays(current_date(), 20)
    with pytest.raises(ValidationError, match="届满后才能登记为逾期"):
        services.consultation_answer(consultation=consultation, user=handler, opinion=Consultation.Opinion.NONE)
    services.consultation_answer(
        consultation=consultation, user=handler, opinion=Consultation.Opinion.OBJECT, note="涉及商业秘密"
    )
    clock = clock_for(Application.objects.get(pk=processing.pk))
    assert not clock.pauses[0].running
    assert clock.due == add_workdays(current_date(), 20)  # the pause covered only today, already past day 0


def test_extension_needs_the_head_of_the_office_and_not_the_requester(handler, head, processing):
    with pytest.raises(ValidationError) as error:
        services.extension_request(application=processing, user=handler, days=21, reason="涉及多个处室")
    assert "days" in error.value.message_dict
    extension = services.extension_request(
        application=processing, user=handler, days=15, reason="涉及多个处室，需要汇总"
    )
    with pytest.raises(PermissionDenied):
        services.extension_decide(extension=extension, user=handler, approve=True)
    second_head = UserFactory(username="head2", role=Role.DISCLOSURE_HEAD)
    own = ApplicationFactory(received=True)
    own_request = services.extension_request(application=own, user=second_head, days=5, reason="需要检索档案")
    with pytest.raises(PermissionDenied, match="本人提出"):
        services.extension_decide(extension=own_request, user=second_head, approve=True)
    services.extension_decide(extension=extension, user=head, approve=True, note="同意")
    extension.refresh_from_db()
    assert extension.state == Extension.State.APPROVED and extension.decided_by == head
    assert clock_for(Application.objects.get(pk=processing.pk)).due == add_workdays(current_date(), 35)
    assert processing.attachments.filter(kind=ApplicationAttachment.Kind.NOTICE).exists()


def test_fee_notice_payment_and_lapse(handler, processing):
    notice = services.fee_notice_issue(
        application=processing, user=handler, method=FeeNotice.Method.PER_VOLUME, pages=1500
    )
    assert (notice.quantity, notice.amount) == (1500, 54700)
    processing.refresh_from_db()
    assert processing.status == Status.AWAITING_PAYMENT
    with pytest.raises(ValidationError, match="只能选择一种计收方式"):
        services.fee_notice_issue(application=processing, user=handler, method=FeeNotice.Method.PER_ITEM)
    services.fee_record_payment(application=processing, user=handler)
    processing.refresh_from_db()
    assert processing.status == Status.PROCESSING

    free = ApplicationFactory(received=True)
    with pytest.raises(ValidationError, match="不需收费"):
        services.fee_notice_issue(application=free, user=handler, method=FeeNotice.Method.PER_ITEM)

    today = current_date()
    unpaid = ApplicationFactory(received=True, submitted_on=today - datetime.timedelta(days=45))
    services.fee_notice_issue(
        application=unpaid,
        user=handler,
        method=FeeNotice.Method.PER_VOLUME,
        pages=40,
        issued_on=today - datetime.timedelta(days=44),
    )
    services.fee_lapse(application=unpaid, user=handler)
    unpaid.refresh_from_db()
    assert unpaid.outcome == Outcome.OTHER_NO_PAYMENT and unpaid.status == Status.CLOSED


def test_reply_closes_the_case_with_letters_and_released_files(handler, processing, django_capture_on_commit_callbacks):
    released = SimpleUploadedFile("名录.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reply(
            application=processing,
            user=handler,
            outcome=Outcome.PARTIAL,
            reply_text="名录中涉及个人信息的部分不予公开，其余部分予以公开。",
            released_files=[released],
        )
    processing.refresh_from_db()
    assert (processing.status, processing.outcome, processing.closed_on) == (
        Status.CLOSED,
        Outcome.PARTIAL,
        current_date(),
    )
    kinds = sorted(processing.attachments.values_list("kind", flat=True))
    assert kinds == ["letter", "letter", "released"]
    assert clock_for(processing).closed_on_time is True
    assert "已答复" in mail.outbox[-1].subject
    with pytest.raises(ValidationError, match="不能答复"):
        services.application_reply(
            application=processing, user=handler, outcome=Outcome.DISCLOSED, reply_text="再次答复"
        )


def test_reply_refuses_lapse_outcomes_and_open_consultations(handler, processing):
    with pytest.raises(ValidationError):
        services.application_reply(
            application=processing, user=handler, outcome=Outcome.OTHER_NO_PAYMENT, reply_text="不再处理"
        )
    with pytest.raises(ValidationError):
        services.application_reply(application=processing, user=handler, outcome="nonsense", reply_text="答复内容")
    services.consultation_start(
        application=processing, user=handler, kind=Consultation.Kind.OTHER_AGENCY, party="省发展改革委"
    )
    with pytest.raises(ValidationError, match="征求意见未登记结果"):
        services.application_reply(
            application=processing, user=handler, outcome=Outcome.DISCLOSED, reply_text="予以公开"
        )
    processing.refresh_from_db()
    assert processing.status == Status.PROCESSING


def test_challenges_are_recorded_against_replied_cases(handler):
    closed = ApplicationFactory(closed=True, submitted_on=current_date() - datetime.timedelta(days=40))
    with pytest.raises(ValidationError):
        services.challenge_record(
            application=ApplicationFactory(received=True),
            user=handler,
            kind=Challenge.Kind.RECONSIDERATION,
            filed_on=current_date(),
        )
    challenge = services.challenge_record(
        application=closed,
        user=handler,
        kind=Challenge.Kind.LITIGATION_AFTER,
        filed_on=current_date(),
        case_number="（2026）黔01行初1号",
    )
    with pytest.raises(ValidationError):
        services.challenge_conclude(
            challenge=challenge, user=handler, result=Challenge.Result.PENDING, concluded_on=current_date()
        )
    services.challenge_conclude(
        challenge=challenge, user=handler, result=Challenge.Result.UPHELD, concluded_on=current_date()
    )
    challenge.refresh_from_db()
    assert challenge.result == Challenge.Result.UPHELD


def test_departments_see_and_annotate_only_their_assigned_cases(handler, drafter, processing):
    with pytest.raises(PermissionDenied):
        services.case_note_add(application=processing, user=drafter, text="本处意见：可以公开")
    services.application_assign(application=processing, user=handler, departments=[drafter.staff_profile.department])
    assert list(Application.objects.for_user(drafter)) == [processing]
    note = services.case_note_add(application=processing, user=drafter, text="本处意见：可以公开")
    assert note.department == drafter.staff_profile.department
    assert (
        Application.objects.for_user(
            UserFactory(username="other", role=Role.DRAFTER, department=DepartmentFactory(code="gfc"))
        ).count()
        == 0
    )


def test_control_characters_are_removed_before_storing(handler):
    # PostgreSQL refuses NUL in text and DOCX refuses most control characters: neither may reach them.
    application, _ = services.application_submit(
        data={**VALID, "name": "李\x00四\x0b", "description": "请公开\x08名录。"}
    )
    application.refresh_from_db()
    assert (application.name, application.description) == ("李四", "请公开名录。")
