"""Seed the default catalog taxonomy and let the disclosure office and administrators edit it.

体裁分类 follows the document types of 《党政机关公文处理工作条例》第八条 that a provincial
department publishes (决议、命令、议案、请示 are left out: a 厅 does not issue the first three,
and 请示 is process information under 《政府信息公开条例》第十六条), plus the forms that
disclosure catalogs commonly add (办法、规定、规划、方案、公示、解读).
主题分类 is a starting list for an ecology-and-environment department; the office edits it
in the admin (公开目录 menu). Codes are stable identifiers used by the API and the 目录 URLs.
"""

from django.db import migrations

GENRES = [
    ("decision", "决定"),
    ("bulletin", "公报"),
    ("announcement", "公告"),
    ("public-notice", "通告"),
    ("opinion", "意见"),
    ("notice", "通知"),
    ("circular", "通报"),
    ("report", "报告"),
    ("reply", "批复"),
    ("letter", "函"),
    ("minutes", "纪要"),
    ("measures", "办法"),
    ("provisions", "规定"),
    ("plan", "规划"),
    ("programme", "方案"),
    ("publicity", "公示"),
    ("interpretation", "解读"),
    ("other", "其他"),
]

TOPICS = [
    ("organization", "机构职能"),
    ("policy", "政策法规"),
    ("planning", "规划计划"),
    ("env-quality", "环境质量"),
    ("monitoring", "环境监测"),
    ("air", "大气环境"),
    ("water", "水环境"),
    ("soil", "土壤环境"),
    ("waste-chemicals", "固体废物与化学品"),
    ("nuclear-radiation", "核与辐射"),
    ("ecology", "自然生态"),
    ("eia", "环境影响评价"),
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("enforcement", "环境执法"),
    ("emergency", "应急管理"),
    ("finance", "财政资金"),
    ("personnel", "人事信息"),
    ("proposals", "建议提案办理"),
    ("other", "其他"),
]

EDITOR_GROUPS = ["办公室审核", "系统管理员"]
MODELS = {"topiccategory": "主题分类", "genrecategory": "体裁分类"}
ACTIONS = {"add": "Can add", "change": "Can change", "delete": "Can delete", "view": "Can view"}


def seed_taxonomy(apps, schema_editor):
    GenreCategory = apps.get_model("catalog", "GenreCategory")
    TopicCategory = apps.get_model("catalog", "TopicCategory")
    for order, (code, name) in enumerate(GENRES, start=1):
        GenreCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})
    for order, (code, name) in enumerate(TOPICS, start=1):
        TopicCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def grant_taxonomy_permissions(apps, schema_editor):
    # Permissions are normally created after migrate (post_migrate); create them here so the
    # grant works on a fresh database. Django's own pass later finds them and adds nothing.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model, verbose_name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="catalog", model=model)
        for action, label in ACTIONS.items():
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"{label} {verbose_name}"},
            )
            permissions.append(permission)
    for name in EDITOR_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("org", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_taxonomy, migrations.RunPython.noop),
        migrations.RunPython(grant_taxonomy_permissions, migrations.RunPython.noop),
    ]
