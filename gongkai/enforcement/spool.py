"""The valid rows of a checked 双公示 file, between 校验 and 导入 (docs/enforcement-import.md).

Step 1 (``spreadsheet.validate_file`` with ``spool=``) writes every valid row, already parsed and
normalised, here; step 2 (``exchange.decisions_import`` with ``spool=``) reads them back instead of
parsing and checking the workbook a second time. The format is gzip-compressed JSON lines, one
JSON array per row with the template's field codes in template order (dates as ``YYYY-MM-DD``,
万元 amounts as decimal strings, 处罚类别 as a list): plain data, no pickle, and about a tenth of
the workbook's size. The first line names the template.

The spool lives in ``storages["private"]`` next to the upload's report and holds what the file
held (证件号码 included), so it is deleted after the import, as the workbook was. It is signed:
an HMAC-SHA256 (key derived from SECRET_KEY) over every line is kept in the report, and reading
checks it at the end, inside the import's transaction — a spool changed after the check, or cut
short, raises and the import stores nothing.
"""

import datetime
import gzip
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError

from .template import FieldType, RecordKind, get_template

FORMAT = "gongkai-enforcement-rows/1"
COMPRESSION = 1  # gzip level 1: nearly all of the size gain at a fraction of the time


def _mac() -> "hmac.HMAC":
    key = hashlib.sha256(b"gongkai.enforcement.spool:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, digestmod=hashlib.sha256)


def _encoders(kind: RecordKind | str):
    template = get_template(kind)
    out = []
    for f in template.fields:
        if f.type is FieldType.DATE:
            out.append((f.code, _date_out, datetime.date.fromisoformat))
        elif f.type is FieldType.WANYUAN:
            out.append((f.code, str, Decimal))
        else:
            out.append((f.code, None, None))
    return template, out


def _date_out(value: datetime.date) -> str:
    return value.isoformat()


class SpoolWriter:
    """Writes rows (``RowResult.values``) to a binary file object; ``close()`` returns the signature."""

    def __init__(self, output: BinaryIO, kind: RecordKind | str) -> None:
        self.template, self._fields = _encoders(kind)
        self._gzip = gzip.GzipFile(fileobj=output, mode="wb", compresslevel=COMPRESSION, mtime=0)
        self._mac = _mac()
        self.rows = 0
        self._line({"format": FORMAT, "kind": str(self.template.kind)})

    def _line(self, data: object) -> None:
        line = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self._mac.update(line)
        self._gzip.write(line)

    def write(self, values: Mapping[str, object]) -> None:
        row = []
        for code, out, _in in self._fields:
            value = values.get(code)
            row.append(out(value) if out is not None and value is not None else value)
        self._line(row)
        self.rows += 1

    def close(self) -> str:
        self._line({"rows": self.rows})
        self._gzip.close()
        return self._mac.hexdigest()


def read(source: BinaryIO, kind: RecordKind | str, signature: str) -> Iterator[dict[str, object]]:
    """The rows written by ``SpoolWriter``, as ``RowResult.values`` dicts; raises ValidationError if
    the spool is not the one that was checked (after the last row, so the caller's transaction rolls back)."""
    template, fields = _encoders(kind)
    mac = _mac()
    rows = 0
    ended = False
    with gzip.GzipFile(fileobj=source, mode="rb") as lines:
        for number, line in enumerate(lines):
            mac.update(line)
            data = json.loads(line)
            if number == 0:
                if data != {"format": FORMAT, "kind": str(template.kind)}:
                    raise ValidationError("暂存的校验结果与导入类型不符，请重新上传文件。", code="spool")
                continue
            if isinstance(data, dict):
                ended = data == {"rows": rows}
                break
            values: dict[str, object] = {}
            for (code, _out, decode), value in zip(fields, data, strict=True):
                values[code] = decode(value) if decode is not None and value is not None else value
            rows += 1
            yield values
    if not ended or not hmac.compare_digest(mac.hexdigest(), signature or ""):
        raise ValidationError("暂存的校验结果已损坏或被改动，本次未导入任何数据，请重新上传文件。", code="spool")
