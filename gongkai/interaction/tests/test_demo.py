"""The demo messages are made through the services and cover every state the screens show."""

import pytest

from gongkai.calendar.services import current_date
from gongkai.demo.builder import departments_create, staff_create
from gongkai.demo.interaction import MESSAGES, interaction_create
from gongkai.interaction.models import Message, Status
from gongkai.interaction.rules import Flag, message_clock

pytestmark = pytest.mark.django_db


def test_demo_messages(agency):
    staff = staff_create(departments_create())
    assert interaction_create(staff=staff, today=current_date()) == len(MESSAGES) == Message.objects.count()
    statuses = set(Message.objects.values_list("status", flat=True))
    assert statuses == {Status.RECEIVED, Status.ASSIGNED, Status.ANSWERED, Status.INVALID}
    public = Message.objects.public()
    assert public.count() >= 5 and all(m.replied_at > m.received_at for m in public)
    in_review = [m for m in Message.objects.filter(status=Status.ASSIGNED) if getattr(m, "reply", None)]
    assert any(m.reply.workflow_in_progress for m in in_review)
    flags = {message_clock(m).flag for m in Message.objects.unanswered()}
    assert Flag.SEVERE in flags
