"""Register records are append-only: the database itself refuses UPDATE and DELETE."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION registry_record_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'register records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER registry_record_no_update BEFORE UPDATE OR DELETE ON registry_registerrecord
  FOR EACH ROW EXECUTE FUNCTION registry_record_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS registry_record_no_update ON registry_registerrecord;
DROP FUNCTION IF EXISTS registry_record_append_only();
"""
SQLITE_UP = [
    "CREATE TRIGGER registry_record_no_update BEFORE UPDATE ON registry_registerrecord "
    "BEGIN SELECT RAISE(ABORT, 'register records are append-only'); END;",
    "CREATE TRIGGER registry_record_no_delete BEFORE DELETE ON registry_registerrecord "
    "BEGIN SELECT RAISE(ABORT, 'register records are append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS registry_record_no_update;",
    "DROP TRIGGER IF EXISTS registry_record_no_delete;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
