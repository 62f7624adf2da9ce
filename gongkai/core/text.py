"""Text that people type, made safe to store and to print.

PostgreSQL refuses NUL in text columns, XML (DOCX) refuses most C0 control characters, and none of
them means anything in a form field: they are removed, keeping tab and line breaks.
"""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_chars(value: str) -> str:
    return _CONTROL.sub("", value)
