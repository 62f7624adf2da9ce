"""Demo data of 决策预公开与意见征集."""

import datetime

from django.contrib.auth.models import AbstractBaseUser


def consultations_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    return 0
