"""The 双公示 spreadsheet and the Decision records: import the valid rows, export for 信用中国.

Import is two steps, as the staff screen shows them: ``spreadsheet.validate_file`` reports every
error by row and column and stores no decision, writing the valid rows, parsed and normalised, to a
spool (``gongkai.enforcement.spool``); only when the user chooses to import them does
``decisions_import`` read the spool and create them — as drafts (never live), with the masked
public copy made but not yet checked, so each still goes through masking review and the review
workflow before it is public. Rows are streamed and written in batches of 1,000 inside one
transaction, so memory does not grow with the file and an import is all or nothing.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from wagtail.log_actions import log

from gongkai.enforcement import spreadsheet
from gongkai.enforcement.models import Decision, Kind, PartyCategory
from gongkai.enforcement.permissions import can_edit
from gongkai.enforcement.rules import publication_end
from gongkai.enforcement.search_index import number_key
from gongkai.enforcement.services import apply_masking, masked_texts, public_contact_values
from gongkai.enforcement.spool import SpoolWriter
from gongkai.enforcement.spool import read as spool_rows
from gongkai.org.models import Department

BATCH = 1000
PARTY_CATEGORIES = {
    "法人及非法人组织": PartyCategory.ORGANISATION,
    "自然人": PartyCategory.PERSON,
    "个体工商户": PartyCategory.INDIVIDUAL_BUSINESS,
}
PARTY_LABELS = {value: label for label, value in PARTY_CATEGORIES.items()}


@dataclass
class ImportResult:
    created: int = 0
    skipped_existing: list[str] = field(default_factory=list)  # 文号 already in the database


def _text(values: dict, code: str) -> str:
    value = values.get(code)
    return "" if value is None else str(value)


def _penalty(values: dict, department: Department) -> Decision:
    return Decision(
        kind=Kind.PENALTY,
        department=department,
        document_title="行政处罚决定书",
        decision_number=_text(values, "CF_WSH"),
        decision_date=values["CF_JDRQ"],
        party_name=_text(values, "CF_XDR_MC"),
        party_category=PARTY_CATEGORIES[values["CF_XDR_LB"]],
        party_uscc=_text(values, "CF_XDR_SHXYM"),
        legal_representative=_text(values, "CF_FRDB"),
        party_id_type=_text(values, "CF_XDR_ZJLX") or "身份证",
        party_id_number=_text(values, "CF_XDR_ZJHM"),
        violation_type=_text(values, "CF_WFXW"),
        facts=_text(values, "CF_SY"),
        basis=_text(values, "CF_YJ"),
        penalty_types=list(values.get("CF_CFLB") or []),
        content=_text(values, "CF_NR"),
        fine_amount=values.get("CF_NR_FK"),
        confiscation_amount=values.get("CF_NR_WFFF"),
        suspended_license=_text(values, "CF_NR_ZKDX"),
        remarks=_text(values, "BZ"),
    )


def _license(values: dict, department: Department) -> Decision:
    return Decision(
        kind=Kind.LICENSE,
        department=department,
        document_title=_text(values, "XK_XKWS") or "行政许可决定书",
        decision_number=_text(values, "XK_WSH"),
        decision_date=values["XK_JDRQ"],
        party_name=_text(values, "XK_XDR_MC"),
        party_category=PARTY_CATEGORIES[values["XK_XDR_LB"]],
        party_uscc=_text(values, "XK_XDR_SHXYM"),
        legal_representative=_text(values, "XK_FDDB"),
        party_id_type=_text(values, "XK_XDR_ZJLX") or "身份证",
        party_id_number=_text(values, "XK_XDR_ZJHM"),
        license_category=_text(values, "XK_XKLB"),
        certificate_name=_text(values, "XK_XKZS"),
        license_number=_text(values, "XK_XKBH"),
        content=_text(values, "XK_NR"),
        valid_from=values.get("XK_YXQZ"),
        valid_to=values.get("XK_YXQZI"),
        remarks=_text(values, "BZ"),
    )


BUILDERS = {Kind.PENALTY: _penalty, Kind.LICENSE: _license}


def _masked(decision: Decision, public_values: list[str]) -> Decision:
    apply_masking(decision, masked_texts(decision, public_values=public_values))
    # bulk_create does not call save(): what it derives is set here.
    decision.public_until = publication_end(decision)
    decision.decision_number_key = number_key(decision.decision_number)
    decision.live = False  # DraftStateMixin's default is live: an import is never published by itself
    return decision


def decisions_import(
    *,
    user: AbstractBaseUser,
    department: Department,
    kind: str,
    today: datetime.date,
    file=None,
    spool=None,
    signature: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create the valid rows as draft decisions of ``department``, all or none.

    Either from ``spool`` (a binary file object written by ``validate_file(..., spool=...)``, with
    its ``signature``): the staff screen's step 2, which neither parses nor checks the workbook
    again; or from ``file``, which is checked here first (refused with file-level errors) into a
    temporary spool. ``progress(rows_done)`` is called every 1,000 rows of each pass and at its end.

    One transaction for the whole import: a failure anywhere (the database, a spool that does not
    match its signature) leaves nothing behind. Rows whose 决定文书号 exists already are skipped
    and listed.
    """
    if kind not in BUILDERS:
        raise ValidationError("只能导入行政处罚或行政许可。", code="kind")
    probe = Decision(department=department)
    if not can_edit(user, probe):
        raise PermissionDenied("您只能导入本处室的执法决定。")
    if spool is not None:
        return _import_rows(spool_rows(spool, kind, signature), user, department, kind, progress)
    with tempfile.TemporaryFile() as scratch:
        writer = SpoolWriter(scratch, kind)
        report = spreadsheet.validate_file(file, kind, today=today, max_errors=0, progress=progress, spool=writer)
        signature = writer.close()
        if not report.can_import:
            raise ValidationError([str(e) for e in report.file_errors] or ["文件中没有可导入的行。"], code="file")
        scratch.seek(0)
        return _import_rows(spool_rows(scratch, kind, signature), user, department, kind, progress)


# Fields the driver takes as they are; every other field goes through get_db_prep_save.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey)


def _insert(decisions: list[Decision]) -> None:
    """INSERT the rows with one executemany: what bulk_create does, without building the SQL of every
    value again (that was most of the import's database time at 100,000 rows)."""
    if not decisions:
        return
    fields = [f for f in Decision._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, never from input.
    sql = f"INSERT INTO {quote(Decision._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    convert = []
    for f in fields:
        plain = type(f) in _PLAIN_FIELDS
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        convert.append((f, plain and not auto, auto))
    rows = []
    for decision in decisions:
        row = []
        for f, plain, auto in convert:
            if plain:
                row.append(getattr(decision, f.attname))
            else:
                value = f.pre_save(decision, True) if auto else getattr(decision, f.attname)
                row.append(f.get_db_prep_save(value, connection))
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _import_rows(
    rows: Iterable[dict], user: AbstractBaseUser, department: Department, kind: str, progress
) -> ImportResult:
    build = BUILDERS[kind]
    public_values = public_contact_values()
    result = ImportResult()
    batch: list[Decision] = []
    done = 0

    def flush() -> None:
        numbers = [d.decision_number for d in batch]
        existing = set(Decision.objects.filter(decision_number__in=numbers).values_list("decision_number", flat=True))
        fresh = [d for d in batch if d.decision_number not in existing]
        result.skipped_existing.extend(sorted(existing))
        _insert(fresh)
        result.created += len(fresh)
        batch.clear()

    with transaction.atomic():
        for values in rows:
            decision = build(values, department)
            decision.created_by = user
            batch.append(_masked(decision, public_values))
            done += 1
            if len(batch) >= BATCH:
                flush()
                if progress:
                    progress(done)
        if batch:
            flush()
        if progress and done % BATCH:
            progress(done)
        log(
            instance=department,
            action="enforcement.import",
            user=user,
            data={"kind": kind, "created": result.created, "skipped": len(result.skipped_existing)},
        )
    return result


def _identity(decision: Decision, prefix: str) -> dict:
    # The standard requires a natural person's identity document; 信用中国 masks it on display.
    # This export is a staff-only exchange file, never a public download.
    if decision.party_category != PartyCategory.PERSON:
        return {}
    return {f"{prefix}_XDR_ZJLX": decision.party_id_type or "身份证", f"{prefix}_XDR_ZJHM": decision.party_id_number}


def _row(decision: Decision, agency_name: str, agency_uscc: str) -> dict:
    """The 双公示 row of a decision: the public (masked) texts, plus what the standard requires."""
    common = {
        "BZ": decision.public_remarks,
    }
    category = PARTY_LABELS[decision.party_category]
    if decision.kind == Kind.PENALTY:
        return {
            **common,
            "CF_XDR_MC": decision.party_name,
            "CF_XDR_LB": category,
            "CF_XDR_SHXYM": decision.party_uscc or None,
            "CF_FRDB": decision.legal_representative or None,
            **_identity(decision, "CF"),
            "CF_WSH": decision.decision_number,
            "CF_WFXW": decision.violation_type,
            "CF_SY": decision.public_facts,
            "CF_YJ": decision.public_basis,
            "CF_CFLB": decision.penalty_types,
            "CF_NR": decision.public_content,
            "CF_NR_FK": decision.fine_amount,
            "CF_NR_WFFF": decision.confiscation_amount,
            "CF_NR_ZKDX": decision.suspended_license or None,
            "CF_JDRQ": decision.decision_date,
            "CF_YXQ": decision.public_until,
            "CF_GSJZQ": decision.public_until,
            "CF_CFJG": agency_name,
            "CF_CFJGDM": agency_uscc,
            "CF_SJLY": agency_name,
            "CF_SJLYDM": agency_uscc,
        }
    return {
        **common,
        "XK_XDR_MC": decision.party_name,
        "XK_XDR_LB": category,
        "XK_XDR_SHXYM": decision.party_uscc or None,
        "XK_FDDB": decision.legal_representative or None,
        **_identity(decision, "XK"),
        "XK_XKWS": decision.document_title,
        "XK_WSH": decision.decision_number,
        "XK_XKLB": decision.license_category,
        "XK_XKZS": decision.certificate_name or None,
        "XK_XKBH": decision.license_number or None,
        "XK_NR": decision.public_content,
        "XK_JDRQ": decision.decision_date,
        "XK_YXQZ": decision.valid_from,
        "XK_YXQZI": decision.valid_to,
        "XK_XKJG": agency_name,
        "XK_XKJGDM": agency_uscc,
        "XK_ZT": "1",
        "XK_LYDW": agency_name,
        "XK_LYDWDM": agency_uscc,
    }


def export_rows(decisions: Iterable[Decision]) -> Iterator[dict]:
    from gongkai.org.models import Agency

    agency = Agency.current()
    if agency is None:
        raise ValidationError("请先在“机构信息”中填写本机关名称和统一社会信用代码，导出需要填写处罚（许可）机关。")
    name, uscc = agency.name, agency.uscc
    for decision in decisions:
        yield _row(decision, name, uscc)


def decisions_export(decisions, kind: str) -> bytes:
    """``decisions`` of ``kind`` in the 双公示 template, for upload to 信用中国 (staff only)."""
    return spreadsheet.write_rows(export_rows(decisions.filter(kind=kind).iterator()), kind)
