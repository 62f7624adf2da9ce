"""Demo data of 环境投诉举报."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def complaints_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
