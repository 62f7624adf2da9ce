"""Reviewed snippets: 审核通过 pressed in the editor approves without making the reviewer a contributor.

The editor posts its whole form with the approval. The test does what the browser does: it reads
the form the reviewer sees and posts it back unchanged with the action.
"""

import datetime

import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.admin.admin_url_finder import AdminURLFinder

from gongkai.consultations.models import Consultation
from gongkai.consultations.tests.factories import ConsultationFactory
from gongkai.review.snippet_views import ReviewedSnippetEditView
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

depts = review_fixtures.depts
staff = review_fixtures.staff


def form_as_posted(page_html: bytes) -> dict[str, list[str]]:
    """The editor form's fields with their current values, as the browser would send them."""
    tree = lxml_html.fromstring(page_html)
    # The editor is the page's biggest form (the others are the header's small action forms).
    form = max(tree.forms, key=lambda f: len(f.inputs))
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def submit(obj, user):
    draft = type(obj).objects.get(pk=obj.pk).get_latest_revision_as_object()
    draft.save_revision(user=user)
    return draft.get_workflow().start(draft, user)


@pytest.mark.parametrize("app", ["enforcement", "complaints", "interaction", "interviews", "consultations", "opinion"])
def test_every_reviewed_snippet_uses_the_review_aware_editor(app):
    from wagtail.snippets.models import get_snippet_models

    reviewed = [m for m in get_snippet_models() if m._meta.app_label == app and hasattr(m, "get_default_workflow")]
    assert reviewed, app
    for model in reviewed:
        viewset = model.snippet_viewset
        assert issubclass(viewset.edit_view_class, ReviewedSnippetEditView), model


def test_a_consultation_is_approved_from_the_editor_without_changes(client, depts, staff):
    # Times to the minute, as the editor's widgets show and post them back.
    now = timezone.now().replace(second=0, microsecond=0)
    consultation = ConsultationFactory(
        department=depts.hpc,
        created_by=staff.hpc_drafter,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    submit(consultation, staff.hpc_drafter)
    client.force_login(staff.hpc_reviewer)
    edit_url = AdminURLFinder(staff.hpc_reviewer).get_edit_url(consultation)
    data = form_as_posted(client.get(edit_url).content)
    data.update({"action-workflow-action": ["true"], "workflow-action-name": ["approve"]})
    data["workflow-action-extra-data"] = ["{}"]
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.current_workflow_task.name == "办公室审核"
    assert consultation.get_latest_revision().user == staff.hpc_drafter
