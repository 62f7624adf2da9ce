"""Opening stored files for a download view: a file gone from storage is a 404, not a 500."""

from django.db.models.fields.files import FieldFile
from django.http import Http404


def open_or_404(field: FieldFile):
    """The stored file opened for reading; Http404 when storage no longer has it (disk or S3)."""
    try:
        return field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        # ValueError: the field has no file at all. OSError covers S3 errors wrapped by storages.
        raise Http404("文件不存在。") from None
