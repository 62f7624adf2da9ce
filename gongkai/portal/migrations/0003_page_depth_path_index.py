"""An index on Wagtail's page table for "the children of this page" (docs/performance.md).

treebeard finds a page's children with ``depth = d AND path BETWEEN p0000 AND pZZZZ``; with only the
unique index on ``path``, that range covers every descendant, so the main menu (children of the home
page) read all 200,000 items' rows: 200-800 ms on SQLite. With ``(depth, path)`` it reads the children
alone. The index is not a model field of ours, hence SQL; both SQLite and PostgreSQL accept it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_articlepage_legal_form"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS portal_page_depth_path",
        ),
    ]
