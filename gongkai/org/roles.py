"""The roles of the disclosure workflow, as Django groups, and questions about a user's roles."""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    DRAFTER = "信息员"
    DEPARTMENT_REVIEWER = "处室审核"
    OFFICE_REVIEWER = "办公室审核"
    LEADER = "领导审签"
    ADMINISTRATOR = "系统管理员"
    # 政府信息公开工作机构负责人: approves extensions of the reply limit (条例第三十三条第二款).
    DISCLOSURE_HEAD = "公开工作机构负责人"


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def user_department(user: AbstractBaseUser | AnonymousUser):
    """The user's department, or None for anonymous users and staff without a profile."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.department if profile else None


def sees_all_departments(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The disclosure office, leaders and administrators work across departments."""
    return user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(name__in=[Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR]).exists()
    )
