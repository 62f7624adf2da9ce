"""The public query's index (gongkai.enforcement.search_index; docs/enforcement-public.md).

SQLite: an external-content FTS5 table over DecisionSearchEntry, rowid = sort_key, kept in step
by triggers (so bulk_create and the flush between tests need no extra care). The ``ascii``
tokenizer keeps the tokens exactly as written; prefix indexes make one- to three-character word
prefixes cheap; no bm25, so no size table. PostgreSQL: a ``vector`` column set by a trigger from
the same tokens with ``array_to_tsvector`` (no parser involved), GIN-indexed.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE enforcement_decision_fts USING fts5(names, numbers, "
    "content='enforcement_decisionsearchentry', content_rowid='sort_key', tokenize='ascii', "
    "prefix='1 2 3', columnsize=0)",
    "CREATE TRIGGER enforcement_decision_fts_ai AFTER INSERT ON enforcement_decisionsearchentry BEGIN "
    "INSERT INTO enforcement_decision_fts (rowid, names, numbers) VALUES (new.sort_key, new.names, new.numbers); END",
    "CREATE TRIGGER enforcement_decision_fts_ad AFTER DELETE ON enforcement_decisionsearchentry BEGIN "
    "INSERT INTO enforcement_decision_fts (enforcement_decision_fts, rowid, names, numbers) "
    "VALUES ('delete', old.sort_key, old.names, old.numbers); END",
    "CREATE TRIGGER enforcement_decision_fts_au AFTER UPDATE ON enforcement_decisionsearchentry BEGIN "
    "INSERT INTO enforcement_decision_fts (enforcement_decision_fts, rowid, names, numbers) "
    "VALUES ('delete', old.sort_key, old.names, old.numbers); "
    "INSERT INTO enforcement_decision_fts (rowid, names, numbers) VALUES (new.sort_key, new.names, new.numbers); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS enforcement_decision_fts_ai",
    "DROP TRIGGER IF EXISTS enforcement_decision_fts_ad",
    "DROP TRIGGER IF EXISTS enforcement_decision_fts_au",
    "DROP TABLE IF EXISTS enforcement_decision_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE enforcement_decisionsearchentry ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE FUNCTION enforcement_decision_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.vector := array_to_tsvector(array_remove(string_to_array(NEW.names || ' ' || NEW.numbers, ' '), '')); "
    "RETURN NEW; END $$",
    "CREATE TRIGGER enforcement_decision_vector BEFORE INSERT OR UPDATE ON enforcement_decisionsearchentry "
    "FOR EACH ROW EXECUTE FUNCTION enforcement_decision_vector()",
    "CREATE INDEX enforcement_decision_vector_gin ON enforcement_decisionsearchentry USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS enforcement_decision_vector ON enforcement_decisionsearchentry",
    "DROP FUNCTION IF EXISTS enforcement_decision_vector()",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
    from gongkai.enforcement.search_index import number_key, sort_key, tokens

    Decision = apps.get_model("enforcement", "Decision")
    Entry = apps.get_model("enforcement", "DecisionSearchEntry")
    batch = []
    for decision in Decision.objects.only("pk", "decision_number").iterator(chunk_size=2000):
        decision.decision_number_key = number_key(decision.decision_number)
        batch.append(decision)
        if len(batch) == 2000:
            Decision.objects.bulk_update(batch, ["decision_number_key"])
            batch = []
    Decision.objects.bulk_update(batch, ["decision_number_key"])
    live = Decision.objects.filter(live=True, party_is_minor=False)
    entries = [
        Entry(
            decision_id=d.pk,
            sort_key=sort_key(d.decision_date, d.pk),
            names=tokens(d.party_name),
            numbers=tokens(d.decision_number),
        )
        for d in live.only("pk", "decision_date", "party_name", "decision_number").iterator(chunk_size=2000)
    ]
    Entry.objects.bulk_create(entries, batch_size=2000)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0003_inspection_draws"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionSearchEntry",
            fields=[
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="enforcement.decision",
                        verbose_name="执法决定",
                    ),
                ),
                ("sort_key", models.BigIntegerField(unique=True, verbose_name="排序键")),
                ("names", models.TextField(verbose_name="名称检索词")),
                ("numbers", models.TextField(verbose_name="文书号检索词")),
            ],
            options={
                "verbose_name": "执法决定检索项",
                "verbose_name_plural": "执法决定检索项",
            },
        ),
        migrations.AddField(
            model_name="decision",
            name="decision_number_key",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=100, verbose_name="决定文书号（检索形式）"
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
