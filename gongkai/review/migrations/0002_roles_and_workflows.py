"""Give the five roles their permissions and create the two review workflows (docs/review.md).

Page permissions are granted on the tree root, so they cover every page; the department
scope is applied on top by gongkai.review.permissions. Nobody but 系统管理员 may publish
directly: everything else is published by finishing a workflow.
"""

from django.db import migrations

DRAFTER, DEPT_REVIEWER, OFFICE, LEADER, ADMIN = "信息员", "处室审核", "办公室审核", "领导审签", "系统管理员"

PAGE_PERMISSIONS = {
    DRAFTER: ["add_page", "change_page"],
    DEPT_REVIEWER: ["add_page", "change_page"],
    OFFICE: ["add_page", "change_page", "lock_page", "unlock_page"],
    LEADER: [],
    ADMIN: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}

COLLECTION_PERMISSIONS = {
    DRAFTER: ["add_document", "choose_document", "add_image", "choose_image"],
    DEPT_REVIEWER: ["add_document", "choose_document", "add_image", "choose_image"],
    OFFICE: ["add_document", "change_document", "choose_document", "add_image", "change_image", "choose_image"],
    LEADER: ["choose_document", "choose_image"],
    ADMIN: [
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
    ],
}

CRUD = ["add", "change", "delete", "view"]
MODEL_PERMISSIONS = {
    OFFICE: [
        ("review", "sensitiveword", CRUD),
        ("review", "wrongterm", CRUD),
        ("review", "sensitiveoverride", ["view"]),
        ("review", "withdrawalnotice", ["view"]),
    ],
    ADMIN: [
        ("org", "agency", ["add", "change", "view"]),
        ("org", "department", ["add", "change", "view"]),
        ("org", "staffprofile", CRUD),
        ("auth", "user", CRUD),
        ("auth", "group", CRUD),
        ("wagtailcore", "workflow", ["add", "change", "delete"]),
        ("wagtailcore", "task", ["add", "change", "delete"]),
        ("review", "reviewsettings", ["change", "view"]),
        ("review", "sensitiveword", CRUD),
        ("review", "wrongterm", CRUD),
        ("review", "sensitiveoverride", ["view"]),
        ("review", "withdrawalnotice", ["view"]),
    ],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
    )
    return permission


def grant_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for group_name in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in PAGE_PERMISSIONS[group_name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, "wagtailcore", "page", codename)
            )
        for codename in COLLECTION_PERMISSIONS[group_name]:
            model = "document" if codename.endswith("_document") else "image"
            app_label = "wagtaildocs" if model == "document" else "wagtailimages"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, app_label, model, codename)
            )
        for app_label, model, actions in MODEL_PERMISSIONS.get(group_name, []):
            for action in actions:
                group.permissions.add(_permission(apps, app_label, model, f"{action}_{model}"))


def remove_sample_groups(apps, schema_editor):
    """Wagtail's first migration adds sample groups; "Moderators" may publish anything, bypassing review."""
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()


def create_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReviewTask = apps.get_model("review", "ReviewTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    ReviewSettings = apps.get_model("review", "ReviewSettings")

    task_type, _ = ContentType.objects.get_or_create(app_label="review", model="reviewtask")
    tasks = {}
    for name, role, same_department in [
        ("处室审核", DEPT_REVIEWER, True),
        ("办公室审核", OFFICE, False),
        ("领导审签", LEADER, False),
    ]:
        tasks[name], _ = ReviewTask.objects.get_or_create(
            name=name, defaults={"role": role, "same_department": same_department, "content_type": task_type}
        )

    workflows = {}
    for name, steps in [
        ("信息发布审核", ["处室审核", "办公室审核"]),
        ("重要信息审核", ["处室审核", "办公室审核", "领导审签"]),
    ]:
        workflow, created = Workflow.objects.get_or_create(name=name)
        if created:
            for order, step in enumerate(steps):
                WorkflowTask.objects.create(workflow=workflow, task_id=tasks[step].pk, sort_order=order)
        workflows[name] = workflow

    # Assigned to the tree root, every page (including a home page created later) inherits it. It
    # replaces Wagtail's sample "Moderators approval" workflow, which is switched off.
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflows["信息发布审核"]})
    mine = [w.pk for w in workflows.values()]
    Workflow.objects.filter(name="Moderators approval").exclude(pk__in=mine).update(active=False)
    apps.get_model("wagtailcore", "Task").objects.filter(name="Moderators approval").update(active=False)

    settings_row = ReviewSettings.objects.first() or ReviewSettings()
    if settings_row.important_workflow_id is None:
        settings_row.important_workflow = workflows["重要信息审核"]
        settings_row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("org", "0002_roles"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
        migrations.RunPython(create_workflows, migrations.RunPython.noop),
        migrations.RunPython(remove_sample_groups, migrations.RunPython.noop),
    ]
