"""Importing the valid rows of a 双公示 file as drafts, and exporting public decisions for 信用中国."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.enforcement import exchange
from gongkai.enforcement.models import Decision, Kind, PartyCategory
from gongkai.enforcement.spreadsheet import generate_rows, read_rows
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.enforcement.tests.test_spreadsheet import TODAY, corrupt_penalties, template_file
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zfc():
    return DepartmentFactory(name="执法处", code="zfc")


@pytest.fixture
def editor(zfc):
    return UserFactory(username="zfc_editor", role=Role.DRAFTER, department=zfc)


def test_valid_rows_become_masked_drafts_and_bad_rows_are_left_out(editor, zfc):
    rows = list(generate_rows(1000, "penalty", seed=2025))
    bad = {index for index, _code, _message in corrupt_penalties(rows)}
    # A natural person's identity number typed into the facts must not reach the public copy.
    person = next(i for i, r in enumerate(rows) if i not in bad and r["CF_XDR_LB"] == "自然人")
    rows[person]["CF_SY"] = f"当事人（身份证号码{rows[person]['CF_XDR_ZJHM']}）在居民区露天焚烧废旧轮胎。"
    result = exchange.decisions_import(
        user=editor, department=zfc, kind=Kind.PENALTY, file=BytesIO(template_file("penalty", rows)), today=TODAY
    )
    assert result.created == 990 and result.skipped_existing == []
    assert Decision.objects.count() == 990
    assert not Decision.objects.filter(live=True).exists()  # nothing is public before review
    assert Decision.objects.filter(masking_reviewed_at__isnull=False).count() == 0
    imported = Decision.objects.get(decision_number=rows[person]["CF_WSH"])
    assert imported.party_category == PartyCategory.PERSON
    assert rows[person]["CF_XDR_ZJHM"] in imported.facts
    assert rows[person]["CF_XDR_ZJHM"] not in imported.public_facts
    assert imported.public_until is not None
    for index in bad:
        assert (
            not Decision.objects.filter(
                decision_number=rows[index]["CF_WSH"], party_name=rows[index]["CF_XDR_MC"]
            ).exists()
            or index == 900
        )


def test_importing_again_skips_what_is_already_there(editor, zfc):
    rows = list(generate_rows(20, "license", seed=7))
    data = template_file("license", rows)
    exchange.decisions_import(user=editor, department=zfc, kind=Kind.LICENSE, file=BytesIO(data), today=TODAY)
    again = exchange.decisions_import(user=editor, department=zfc, kind=Kind.LICENSE, file=BytesIO(data), today=TODAY)
    assert again.created == 0 and len(again.skipped_existing) == 20
    assert Decision.objects.filter(kind=Kind.LICENSE).count() == 20


def test_only_the_own_department_may_import(zfc):
    outsider = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=DepartmentFactory(code="hpc"))
    rows = list(generate_rows(2, "penalty", seed=1))
    with pytest.raises(PermissionDenied):
        exchange.decisions_import(
            user=outsider, department=zfc, kind=Kind.PENALTY, file=BytesIO(template_file("penalty", rows)), today=TODAY
        )


def test_a_file_of_the_wrong_kind_is_refused_whole(editor, zfc):
    rows = list(generate_rows(2, "license", seed=1))
    with pytest.raises(ValidationError):
        exchange.decisions_import(
            user=editor, department=zfc, kind=Kind.PENALTY, file=BytesIO(template_file("license", rows)), today=TODAY
        )
    assert Decision.objects.count() == 0


def test_export_carries_the_public_texts_and_the_identity_number_the_standard_requires(zfc, agency):
    DecisionFactory(
        department=zfc,
        published=True,
        person=True,
        facts="原始事实：证人赵某某在场。",
        public_facts="公开事实：证人赵某在场。",
    )
    DecisionFactory(department=zfc, published=True)
    later = TODAY.replace(year=TODAY.year + 2)
    data = exchange.decisions_export(Decision.objects.filter(live=True), Kind.PENALTY)
    with read_rows(BytesIO(data), "penalty", today=later) as reader:
        results = list(reader)
    assert [r.errors for r in results] == [[], []]  # the export passes the template's own checks
    by_name = {r.values["CF_XDR_MC"]: r.values for r in results}
    assert by_name["王某某"]["CF_SY"] == "公开事实：证人赵某在场。"
    assert all("原始事实" not in (r.values["CF_SY"] or "") for r in results)
    # The 双公示 standard requires a natural person's identity number; 信用中国 masks it on display.
    assert by_name["王某某"]["CF_XDR_ZJHM"] == "520102198807152811"
