"""Demo data of 政策文件与解读."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def policies_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
