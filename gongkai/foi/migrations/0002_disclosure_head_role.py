"""The head of the disclosure office (政府信息公开工作机构负责人) as a role: approves extensions (条例第三十三条)."""

from django.db import migrations

ROLE = "公开工作机构负责人"


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=ROLE)
    group.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0001_initial"),
        ("org", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
