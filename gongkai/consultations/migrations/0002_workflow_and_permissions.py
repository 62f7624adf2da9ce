"""Consultations and their 意见采纳情况 go through the same review as disclosure items; roles get permissions.

Both snippets are assigned the 信息发布审核 workflow (处室审核 → 办公室审核). Nobody but 系统管理员 may
publish directly. Department scope is applied on top by gongkai.consultations.permissions.
"""

from django.db import migrations

DRAFTER, DEPT_REVIEWER, OFFICE, LEADER, ADMIN = "信息员", "处室审核", "办公室审核", "领导审签", "系统管理员"
EDIT = ["add", "change", "view"]
REPORT = ["change", "view"]  # reports are started from their consultation (services.report_start)
PERMISSIONS = {
    DRAFTER: {"consultation": EDIT, "adoptionreport": REPORT},
    DEPT_REVIEWER: {"consultation": EDIT, "adoptionreport": REPORT},
    OFFICE: {"consultation": [*EDIT, "lock", "unlock"], "adoptionreport": [*REPORT, "lock", "unlock"]},
    LEADER: {"consultation": ["view"], "adoptionreport": ["view"]},
    ADMIN: {
        "consultation": [*EDIT, "publish", "lock", "unlock"],
        "adoptionreport": [*REPORT, "publish", "lock", "unlock"],
    },
}
REVIEWED = ("consultation", "adoptionreport")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    for group_name, models in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)

    workflow = Workflow.objects.filter(name="信息发布审核").first()
    if workflow is not None:
        for model in REVIEWED:
            content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model=model)
            WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("review", "0002_roles_and_workflows"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
