"""A starting list of wrong terms for an ecology-and-environment department (editable in the admin)."""

import datetime

from django.db import migrations

# (wrong, correct, severity, effective_from, exceptions, note)
TERMS = [
    (
        "环境保护部",
        "生态环境部",
        "normal",
        datetime.date(2018, 4, 16),
        "环境保护部门",
        "2018年国务院机构改革组建生态环境部，2018年4月16日挂牌；此前成文的信息不提示。",
    ),
    (
        "国家环保总局",
        "生态环境部",
        "normal",
        datetime.date(2008, 3, 15),
        "",
        "原国家环境保护总局，2008年改组为环境保护部，2018年组建生态环境部。",
    ),
    (
        "国家环境保护总局",
        "生态环境部",
        "normal",
        datetime.date(2008, 3, 15),
        "",
        "2008年改组为环境保护部，2018年组建生态环境部。",
    ),
    ("污染防治攻坚站", "污染防治攻坚战", "normal", None, "", "常见错别字。"),
    ("台湾总统", "台湾地区领导人", "severe", None, "", "涉台用语须规范。"),
]


def add_terms(apps, schema_editor):
    WrongTerm = apps.get_model("review", "WrongTerm")
    for wrong, correct, severity, effective_from, exceptions, note in TERMS:
        WrongTerm.objects.get_or_create(
            wrong=wrong,
            defaults={
                "correct": correct,
                "severity": severity,
                "effective_from": effective_from,
                "exceptions": exceptions,
                "note": note,
            },
        )


def remove_terms(apps, schema_editor):
    WrongTerm = apps.get_model("review", "WrongTerm")
    WrongTerm.objects.filter(wrong__in=[t[0] for t in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_roles_and_workflows")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
