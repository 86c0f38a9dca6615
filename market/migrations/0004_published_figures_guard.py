"""On PostgreSQL, the database itself refuses to change a published snapshot's figures.

- Adding a figure to a published snapshot, or changing one (or moving one into it), is
  refused at once (BEFORE INSERT OR UPDATE). Figures are written into a draft, which is then
  published, possibly in the same transaction (an import with --publish, the seed).
- Deleting a figure of a published snapshot is refused when the transaction commits (a
  deferred constraint trigger), unless the snapshot itself is gone by then: deleting a
  whole snapshot (Django deletes its figures first, then the snapshot) still works, and
  so does discarding a draft.
- A published snapshot never goes back to draft.
Errors are integrity violations (SQLSTATE 23000), so Django raises IntegrityError.
SQLite has no such guard: there the services and the admin's permissions are the rules.
"""

from django.db import migrations

FIGURE_TABLES = ("market_rolelevelstat", "market_skilldemand")

CREATE = """
CREATE FUNCTION market_refuse_published_figure_write() RETURNS trigger AS $$
DECLARE
    published bigint;
BEGIN
    SELECT id INTO published FROM market_snapshot
        WHERE state = 'published' AND (
            id = NEW.snapshot_id OR (TG_OP = 'UPDATE' AND id = OLD.snapshot_id)
        )
        LIMIT 1;
    IF published IS NOT NULL THEN
        RAISE EXCEPTION 'snapshot % is published: its figures never change', published
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Import a new snapshot instead.';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION market_refuse_published_figure_delete() RETURNS trigger AS $$
BEGIN
    -- Runs at commit: a figure whose snapshot was deleted too went with its snapshot.
    IF EXISTS (
        SELECT 1 FROM market_snapshot WHERE id = OLD.snapshot_id AND state = 'published'
    ) THEN
        RAISE EXCEPTION 'snapshot % is published: its figures never change', OLD.snapshot_id
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Delete the whole snapshot, or import a new one.';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION market_refuse_unpublishing() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'snapshot % is published: it cannot become a draft again', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER market_snapshot_stays_published
    BEFORE UPDATE OF state ON market_snapshot
    FOR EACH ROW WHEN (OLD.state = 'published' AND NEW.state <> 'published')
    EXECUTE FUNCTION market_refuse_unpublishing();
"""

CREATE_PER_TABLE = """
CREATE TRIGGER {table}_published_write
    BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION market_refuse_published_figure_write();
CREATE CONSTRAINT TRIGGER {table}_published_delete
    AFTER DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION market_refuse_published_figure_delete();
"""

DROP_PER_TABLE = """
DROP TRIGGER IF EXISTS {table}_published_write ON {table};
DROP TRIGGER IF EXISTS {table}_published_delete ON {table};
"""

DROP = """
DROP TRIGGER IF EXISTS market_snapshot_stays_published ON market_snapshot;
DROP FUNCTION IF EXISTS market_refuse_unpublishing();
DROP FUNCTION IF EXISTS market_refuse_published_figure_delete();
DROP FUNCTION IF EXISTS market_refuse_published_figure_write();
"""


def guard_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE, params=None)
    for table in FIGURE_TABLES:
        schema_editor.execute(CREATE_PER_TABLE.format(table=table), params=None)


def guard_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FIGURE_TABLES:
        schema_editor.execute(DROP_PER_TABLE.format(table=table), params=None)
    schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("market", "0003_market_version")]

    operations = [migrations.RunPython(guard_create, guard_drop, elidable=False)]
