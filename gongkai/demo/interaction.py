"""Demo data of 互动交流."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def interaction_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
