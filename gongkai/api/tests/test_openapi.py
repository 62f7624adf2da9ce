"""The committed OpenAPI document is what the server serves, and what the API really answers."""

import json
import re

import pytest
from django.core.management import call_command

from gongkai.api import openapi
from gongkai.api.tests.schema_check import SchemaMismatch, check

pytestmark = pytest.mark.django_db


def _schema_of(document: dict, path: str, status: str) -> dict:
    return document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def test_served_document_equals_the_committed_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    committed = json.loads(openapi.SNAPSHOT_PATH.read_text(encoding="utf-8"))
    assert response.json() == committed, "run `make openapi-snapshot` and commit gongkai/api/openapi.json"
    # Byte-for-byte too: the snapshot is the rendering the command writes.
    assert openapi.SNAPSHOT_PATH.read_text(encoding="utf-8") == openapi.render_openapi()


def test_document_is_openapi_3_1_and_every_reference_resolves():
    document = openapi.build_openapi()
    assert document["openapi"] == "3.1.0"
    text = json.dumps(document)
    for name in re.findall(r'"#/components/schemas/([^"]+)"', text):
        assert name in document["components"]["schemas"], name
    operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_documented_path_responds_as_documented(client, site):
    document = client.get("/api/v1/openapi.json").json()
    base = document["servers"][0]["url"]
    from gongkai.complaints.tests.factories import ResultFactory
    from gongkai.consultations.tests.factories import ConsultationFactory
    from gongkai.enforcement.tests.factories import DecisionFactory
    from gongkai.interaction.tests.factories import MessageFactory
    from gongkai.interviews.tests.factories import EventFactory
    from gongkai.opinion.tests.factories import IncidentUpdateFactory
    from gongkai.policies.tests.factories import PolicyFactory

    # Each detail path gets an id that exists for it: a public record of each feature.
    sample_ids = {
        "/items/{id}/": site["approval"].pk,
        "/enforcement/decisions/{id}/": DecisionFactory(published=True).pk,
        "/policies/{id}/": PolicyFactory(parent=site["policies"]).pk,
        "/consultations/{id}/": ConsultationFactory(published=True).pk,
        "/interviews/{id}/": EventFactory(published=True, past=True).pk,
        "/interaction/messages/{id}/": MessageFactory(answered=True, public=True).pk,
        "/complaints/{id}/": ResultFactory(published=True).pk,
        "/opinion/incidents/{id}/": IncidentUpdateFactory(published=True).incident_id,
    }
    assert set(sample_ids) == {path for path in document["paths"] if "{id}" in path}
    for path in document["paths"]:
        url = base + path.replace("{id}", str(sample_ids.get(path, "")))
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"
        schema = _schema_of(document, path, "200") if path != "/openapi.json" else None
        if schema:
            check(response.json(), schema, document)


def test_filtered_list_and_errors_match_the_schema(client, site):
    document = openapi.build_openapi()
    for query in ("?topic=air", "?column=notices&limit=1", "?year=2020", "?q=大气"):
        check(client.get(f"/api/v1/items/{query}").json(), _schema_of(document, "/items/", "200"), document)
    check(client.get("/api/v1/items/?limit=0").json(), _schema_of(document, "/items/", "400"), document)
    check(client.get("/api/v1/items/999999/").json(), _schema_of(document, "/items/{id}/", "404"), document)


def test_every_documented_list_parameter_is_accepted(client, site):
    document = openapi.build_openapi()
    names = [p["name"] for p in document["paths"]["/items/"]["get"]["parameters"]]
    from gongkai.api.views import ITEM_PARAMETERS

    assert sorted(names) == sorted(ITEM_PARAMETERS)


def test_checker_catches_an_undocumented_field():
    document = openapi.build_openapi()
    department = {"code": "hpc", "name": "环评处", "phone": "123"}
    with pytest.raises(SchemaMismatch, match="undocumented fields"):
        check(department, {"$ref": "#/components/schemas/Department"}, document)
    with pytest.raises(SchemaMismatch, match="missing"):
        check({"code": "hpc"}, {"$ref": "#/components/schemas/Department"}, document)


def test_snapshot_command_writes_and_checks(tmp_path, monkeypatch, capsys):
    target = tmp_path / "openapi.json"
    monkeypatch.setattr("gongkai.api.management.commands.openapi_snapshot.SNAPSHOT_PATH", target)
    monkeypatch.setattr(openapi, "SNAPSHOT_PATH", target)
    call_command("openapi_snapshot")
    assert target.read_text(encoding="utf-8") == openapi.render_openapi()
    call_command("openapi_snapshot", "--check")
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("openapi_snapshot", "--check")
    capsys.readouterr()
