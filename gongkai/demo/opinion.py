"""Demo data of 舆情监测与回应."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def opinion_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
