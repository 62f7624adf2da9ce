"""Checking uploaded files by what they contain, not by what they are called.

A file is accepted only when its first bytes show one of the allowed types (``filetype``, pure
Python, already a Wagtail dependency) *and* its name ends in an extension of that same type: a
program renamed ``photo.jpg`` fails the first test, a PDF renamed ``scan.exe`` the second.
"""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# Sniffed MIME type → extensions a file of that type may carry.
IDENTITY_TYPES = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    content_type: str
    extension: str
    size: int


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"


def check_upload(upload: UploadedFile, *, allowed: dict[str, tuple[str, ...]], max_bytes: int) -> CheckedUpload:
    """Raise ``ValidationError`` with a Chinese message unless ``upload`` is an allowed type and size."""
    name = upload.name or ""
    kinds = "、".join(sorted({ext.upper() for exts in allowed.values() for ext in exts}))
    if upload.size is None or upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件“{name}”大小为{_human_size(upload.size)}，超过{_human_size(max_bytes)}的上限。", code="too_large"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is None or guessed.mime not in allowed:
        raise ValidationError(f"文件“{name}”的内容不是允许的格式（{kinds}）。", code="bad_type")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed[guessed.mime]:
        raise ValidationError(
            f"文件“{name}”的扩展名与内容不符：内容为{guessed.extension.upper()}格式。", code="extension_mismatch"
        )
    return CheckedUpload(file=upload, content_type=guessed.mime, extension=extension, size=upload.size)
