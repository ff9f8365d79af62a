"""Full-text index for the register search on PostgreSQL.

The expression matches what `SearchVector("search_text", config="simple")` compiles to,
so the planner uses the index for `selectors.entries_search`.
"""

from django.db import migrations

UP = (
    "CREATE INDEX IF NOT EXISTS registry_entry_search_gin ON registry_entry "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)
DOWN = "DROP INDEX IF EXISTS registry_entry_search_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_register_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
