"""Citizens' messages and complaints reach opinion monitoring, masked, once, after they are stored."""

import pytest

from gongkai.complaints.tests.factories import ComplaintFactory
from gongkai.interaction.tests.factories import MessageFactory
from gongkai.opinion.models import Item, SourceKind

pytestmark = pytest.mark.django_db


def test_a_message_becomes_a_masked_item_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = MessageFactory(
            name="王小明",
            phone="13812345678",
            subject="小区噪声扰民",
            text="我是王小明，电话13812345678，夜间施工噪声很大。",
        )
    assert callbacks
    item = Item.objects.get(source_kind=SourceKind.MESSAGE, external_id=str(message.pk))
    assert "噪声" in item.text
    assert "13812345678" not in item.text and "王小明" not in item.text
    message.save()  # later saves do not add a second item
    assert Item.objects.filter(source_kind=SourceKind.MESSAGE).count() == 1


def test_a_complaint_becomes_a_masked_item(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = ComplaintFactory(
            reporter_name="李四", reporter_phone="13900001111", description="李四举报：13900001111，河道有黑水排放。"
        )
    item = Item.objects.get(source_kind=SourceKind.COMPLAINT, external_id=str(complaint.pk))
    assert "黑水" in item.text
    assert "13900001111" not in item.text and "李四" not in item.text


def test_a_consultation_comment_becomes_an_item(django_capture_on_commit_callbacks):
    from gongkai.consultations.tests.factories import ConsultationFactory, submit_comment

    consultation = ConsultationFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit_comment(consultation, text="建议第三条增加对小微企业的过渡期，联系电话13700001234。")
    item = Item.objects.get(source_kind=SourceKind.CONSULTATION, external_id=str(comment.pk))
    assert "过渡期" in item.text and "13700001234" not in item.text
    assert item.title.startswith("意见征集：")


def test_nothing_is_ingested_when_the_submission_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                MessageFactory()
                raise RuntimeError
    assert not Item.objects.filter(source_kind=SourceKind.MESSAGE).exists()
