"""The spool of valid rows between 校验 and 导入: exact round trip, signed, and an import from it is all or nothing."""

import gzip
import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.enforcement import exchange, spool
from gongkai.enforcement.models import Decision, Kind
from gongkai.enforcement.spreadsheet import generate_rows, validate_file
from gongkai.enforcement.tests.test_spreadsheet import TODAY, template_file
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


def spooled(rows, kind="penalty") -> tuple[io.BytesIO, str]:
    buffer = io.BytesIO()
    writer = spool.SpoolWriter(buffer, kind)
    for row in rows:
        writer.write(row)
    signature = writer.close()
    buffer.seek(0)
    return buffer, signature


@pytest.mark.parametrize("kind", ["penalty", "license"])
def test_rows_come_back_exactly_as_validated(kind):
    rows = list(generate_rows(50, kind, seed=7))
    buffer, signature = spooled(rows, kind)
    assert list(spool.read(buffer, kind, signature)) == rows


def test_validate_file_spools_exactly_the_valid_rows():
    rows = list(generate_rows(20, "penalty", seed=3))
    rows[5]["CF_XDR_SHXYM"] = "91520100MA6DJ5XL0X"  # wrong check character: invalid
    buffer = io.BytesIO()
    writer = spool.SpoolWriter(buffer, "penalty")
    report = validate_file(template_file("penalty", rows), "penalty", today=TODAY, spool=writer)
    signature = writer.close()
    buffer.seek(0)
    assert report.valid_rows == writer.rows == 19
    assert [r for r in spool.read(buffer, "penalty", signature)] == [r.values for r in report.iter_valid_rows()]


@pytest.mark.parametrize("damage", ["signature", "truncate", "edit", "kind"])
def test_a_spool_that_is_not_the_checked_one_is_refused(damage):
    rows = list(generate_rows(5, "penalty", seed=1))
    buffer, signature = spooled(rows)
    kind = "penalty"
    if damage == "signature":
        signature = "0" * 64
    elif damage in ("truncate", "edit"):
        lines = gzip.decompress(buffer.getvalue()).splitlines(keepends=True)
        if damage == "truncate":
            lines = lines[:-1]
        else:
            lines[2] = lines[2].replace("贵州".encode(), "云南".encode(), 1)
        buffer = io.BytesIO(gzip.compress(b"".join(lines)))
    else:
        kind = "license"
    with pytest.raises(ValidationError):
        list(spool.read(buffer, kind, signature))


@pytest.mark.django_db
def test_an_import_from_a_damaged_spool_stores_nothing():
    zfc = DepartmentFactory(name="执法处", code="zfc")
    editor = UserFactory(username="zfc_editor", role=Role.DRAFTER, department=zfc)
    rows = list(generate_rows(1500, "penalty", seed=5))  # more than one batch is written before the end
    buffer, _signature = spooled(rows)
    progress = []
    with pytest.raises(ValidationError):
        exchange.decisions_import(
            user=editor,
            department=zfc,
            kind=Kind.PENALTY,
            spool=buffer,
            signature="f" * 64,
            today=TODAY,
            progress=progress.append,
        )
    assert progress == [1000]  # the first batch was written, then rolled back
    assert Decision.objects.count() == 0
    buffer.seek(0)
    result = exchange.decisions_import(
        user=editor,
        department=zfc,
        kind=Kind.PENALTY,
        spool=buffer,
        signature=_signature,
        today=TODAY,
        progress=progress.append,
    )
    assert result.created == 1500 == Decision.objects.filter(live=False).count()
    assert progress[-2:] == [1000, 1500]
    imported = Decision.objects.get(decision_number=rows[0]["CF_WSH"])
    assert imported.decision_number_key == imported.decision_number and imported.public_until is not None
