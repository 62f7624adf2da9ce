"""Demo data of 新闻发布会与在线访谈."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def interviews_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
