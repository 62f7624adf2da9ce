"""Replies go through the same review as disclosure items; roles get their permissions.

The reply snippet is assigned the 信息发布审核 workflow (处室审核 → 办公室审核). Nobody but 系统管理员
may publish directly: a reply is published by finishing its review. Department scope is applied on
top by gongkai.interaction.permissions and the admin's permission policy.
"""

from django.db import migrations

DRAFTER, DEPT_REVIEWER, OFFICE, LEADER, ADMIN = "信息员", "处室审核", "办公室审核", "领导审签", "系统管理员"
EDIT = ["change", "view"]
PERMISSIONS = {
    DRAFTER: EDIT,
    DEPT_REVIEWER: EDIT,
    OFFICE: [*EDIT, "lock", "unlock"],
    LEADER: ["view"],
    ADMIN: [*EDIT, "publish", "lock", "unlock"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    reply_type, _ = ContentType.objects.get_or_create(app_label="interaction", model="reply")
    for group_name, actions in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=reply_type, codename=f"{action}_reply", defaults={"name": f"Can {action} reply"}
            )
            group.permissions.add(permission)

    workflow = Workflow.objects.filter(name="信息发布审核").first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(content_type=reply_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("review", "0002_roles_and_workflows"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
