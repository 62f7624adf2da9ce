"""Factories for the agency, departments and staff with roles."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gongkai.org.models import Agency, Department, StaffProfile
from gongkai.org.roles import Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = "某省生态环境厅"
    short_name = "省生态环境厅"
    uscc = "11520000MB1503262B"
    website_code = "5200000042"
    icp_record = "黔ICP备05000001号"
    police_record = "贵公网安备52010002000001号"
    phone = "0851-85555555"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试处{n}")
    code = factory.Sequence(lambda n: f"dept{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff. ``UserFactory(role=Role.DRAFTER, department=dept)``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"工作人员{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.cn")
    password = factory.django.Password("correct-horse-battery")

    @classmethod
    def _create(cls, model_class, *args, role=None, department=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role is not None:
            user.groups.add(Group.objects.get(name=Role(role).value))
        if department is not None:
            StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
        return user
