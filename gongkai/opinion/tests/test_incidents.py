"""突发环境事件: updates published through review, the public timeline, the Atom feed and the API."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, Workflow

from gongkai.opinion import services
from gongkai.opinion.models import IncidentUpdate, UpdateKind
from gongkai.opinion.tests.factories import EventFactory, IncidentFactory, IncidentUpdateFactory

pytestmark = pytest.mark.django_db


def reload(update) -> IncidentUpdate:
    return IncidentUpdate.objects.get(pk=update.pk)


def submit(update, user):
    draft = reload(update).get_latest_revision_as_object()
    draft.save_revision(user=user)
    return draft.get_workflow().start(draft, user)


def act(update, user, action: str = "approve") -> TaskState:
    update = reload(update)
    task_state, task = update.current_workflow_task_state.specific, update.current_workflow_task
    task.on_action(task_state, user, action)
    return TaskState.objects.get(pk=task_state.pk)


def test_updates_are_assigned_the_disclosure_review(db):
    assert IncidentUpdate.get_default_workflow() == Workflow.objects.get(name="信息发布审核")


def test_an_update_is_published_by_department_then_office_review(depts, staff):
    incident = services.incident_create(
        user=staff.yjc_drafter,
        title="某县化工企业储罐泄漏事件",
        place="某县工业园区",
        started_at=timezone.now() - datetime.timedelta(hours=5),
        level="iii",
        department=depts.yjc,
    )
    update = services.incident_update_create(
        user=staff.yjc_drafter,
        incident=incident,
        kind=UpdateKind.FIRST,
        title="储罐泄漏事件基本情况",
        body="今日凌晨，园区一储罐发生泄漏，当地已启动应急响应，开展应急监测。",
        as_of=timezone.now() - datetime.timedelta(hours=4),
    )
    assert update.department == depts.yjc and not update.live
    submit(update, staff.yjc_drafter)
    with pytest.raises(PermissionDenied):
        act(update, staff.hpc_reviewer)  # another department's reviewer
    act(update, staff.yjc_reviewer)
    assert not reload(update).live
    act(update, staff.office)
    assert reload(update).live


def test_publication_blockers(depts):
    incident = IncidentFactory(department=depts.yjc)
    progress = IncidentUpdateFactory(incident=incident, kind=UpdateKind.PROGRESS)
    assert "尚未发布“首次发布”" in "；".join(progress.publication_blockers())
    IncidentUpdateFactory(incident=incident, kind=UpdateKind.FIRST, published=True)
    assert progress.publication_blockers() == []
    second_first = IncidentUpdateFactory(incident=incident, kind=UpdateKind.FIRST)
    assert "已有“首次发布”" in "；".join(second_first.publication_blockers())
    IncidentUpdateFactory(incident=incident, kind=UpdateKind.RESULT, published=True)
    assert "已发布处置结果" in "；".join(progress.publication_blockers())


def test_the_final_approval_refuses_a_blocked_update(depts, staff):
    incident = IncidentFactory(department=depts.yjc)
    progress = IncidentUpdateFactory(incident=incident, kind=UpdateKind.PROGRESS)
    progress.save_revision(user=staff.yjc_drafter)
    submit(progress, staff.yjc_drafter)
    act(progress, staff.yjc_reviewer)
    with pytest.raises(PermissionDenied, match="首次发布"):
        act(progress, staff.office)
    assert not reload(progress).live


@pytest.fixture
def timeline(depts, home):
    now = timezone.now()
    incident = IncidentFactory(department=depts.yjc, event=EventFactory())
    first = IncidentUpdateFactory(
        incident=incident, kind="first", title="基本情况", as_of=now - datetime.timedelta(hours=8), published=True
    )
    progress = IncidentUpdateFactory(
        incident=incident, kind="progress", title="处置进展", as_of=now - datetime.timedelta(hours=4), published=True
    )
    result = IncidentUpdateFactory(
        incident=incident, kind="result", title="处置结果", as_of=now - datetime.timedelta(hours=1), published=True
    )
    IncidentUpdateFactory(incident=incident, kind="progress", title="尚未审核的草稿")
    hidden = IncidentFactory(title="尚无发布信息的事件", department=depts.yjc)
    IncidentUpdateFactory(incident=hidden, title="草稿")
    return incident, [first, progress, result], hidden


def test_public_pages_show_the_published_timeline_newest_first(client, timeline):
    incident, (first, progress, result), hidden = timeline
    listing = client.get(reverse("incidents_public:index")).content.decode()
    assert incident.title in listing and hidden.title not in listing
    assert "处置结果" in listing  # the newest update
    page = client.get(reverse("incidents_public:detail", args=[incident.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("处置结果") < html.index("处置进展") < html.index("基本情况")
    assert "尚未审核的草稿" not in html
    assert 'datetime="' in html and "style=" not in html and "<script>" not in html
    assert client.get(reverse("incidents_public:detail", args=[hidden.pk])).status_code == 404
    assert client.get("/incidents/999999/").status_code == 404


def test_the_atom_feed_lists_published_updates(client, timeline):
    incident, updates, _hidden = timeline
    response = client.get(reverse("incidents_public:feed"))
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("a:entry", ns)
    assert len(entries) == 3
    titles = [entry.find("a:title", ns).text for entry in entries]
    assert all(incident.title in title for title in titles)
    assert not any("草稿" in title for title in titles)


def test_the_api(client, timeline):
    incident, _updates, hidden = timeline
    listing = client.get("/api/v1/opinion/incidents/")
    data = json.loads(listing.content)
    assert listing.status_code == 200 and data["total"] == 1
    entry = data["items"][0]
    assert entry["id"] == incident.pk and entry["latest"]["kind"]["code"] == "result"
    assert entry["level"] == {"code": "iii", "name": "较大（Ⅲ级）"}
    detail = json.loads(client.get(f"/api/v1/opinion/incidents/{incident.pk}/").content)
    assert [u["title"] for u in detail["updates"]] == ["处置结果", "处置进展", "基本情况"]
    missing = client.get(f"/api/v1/opinion/incidents/{hidden.pk}/")
    assert missing.status_code == 404 and json.loads(missing.content)["error"]["code"] == "not_found"
    bad = client.get("/api/v1/opinion/incidents/?page=abc")
    assert bad.status_code == 400 and json.loads(bad.content)["error"]["parameter"] == "page"
    assert client.get("/api/v1/opinion/incidents/?foo=1").status_code == 400


def test_the_openapi_description_matches_the_answer(client, timeline):
    from gongkai.api.openapi import build_openapi

    document = build_openapi()
    assert "/opinion/incidents/" in document["paths"] and "/opinion/incidents/{id}/" in document["paths"]
    incident, _updates, _hidden = timeline
    detail = json.loads(client.get(f"/api/v1/opinion/incidents/{incident.pk}/").content)
    assert set(detail) == set(document["components"]["schemas"]["IncidentDetail"]["properties"])
    update_schema = document["components"]["schemas"]["IncidentUpdate"]["properties"]
    assert set(detail["updates"][0]) == set(update_schema)
    entry = json.loads(client.get("/api/v1/opinion/incidents/").content)["items"][0]
    assert set(entry) == set(document["components"]["schemas"]["IncidentListEntry"]["properties"])


def test_the_public_responses_page(client, depts, home):
    EventFactory(responded=True, department=depts.hpc, public_title="关于某化工厂排污问题的回应")
    EventFactory(assigned=True, department=depts.hpc, title="尚未回应的事件")
    html = client.get(reverse("opinion_public:index")).content.decode()
    assert "关于某化工厂排污问题的回应" in html and "尚未回应的事件" not in html
    assert "https://sthj.guizhou.gov.cn/hygq/1.html" in html
