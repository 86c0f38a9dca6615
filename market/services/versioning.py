"""The market version: database triggers that give it a new token on every market change.

Why triggers rather than signals or explicit bumps in the services: the market changes
through the services, the admin (forms, inlines, list_editable, bulk delete), the seed loader
(bulk_create) and QuerySet.update(), none of which all send model signals; a trigger sees
every INSERT, UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of every market table,
whichever code runs it, and writes the new token inside the same transaction, so readers see
the change and the new token together, at commit, in every process. Tokens are random, never
counters: a database restored from a backup or flushed by a test never brings back a token
whose cached pages showed other data.

The triggers are (re)installed after every `migrate` (post_migrate), on every table of the
market app, so a table added later is covered without anyone remembering to do it.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from market.models import MarketVersion
from market.services.snapshots import PUBLISH_LOCK_KEY

TRIGGER = "market_version_bump"
LOCK = "market_version_lock"
VERSION_TABLE = MarketVersion._meta.db_table

_SQLITE_NEW_ROW = f"""
INSERT INTO {VERSION_TABLE} (id, token, changed_at)
VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
"""
_NEW_TOKEN = (
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at"
)
_SQLITE_BUMP = f"{_SQLITE_NEW_ROW} {_NEW_TOKEN};"
_POSTGRES_NEW_ROW = f"""
INSERT INTO {VERSION_TABLE} (id, token, changed_at)
VALUES (1, replace(gen_random_uuid()::text, '-', ''), clock_timestamp())
"""
# PostgreSQL: every market writer first takes the publish lock (BEFORE each statement, so
# before any row lock: publishing, which takes it first, and a transaction that wrote rows
# first cannot deadlock); each changed row then gives the version a new token (AFTER each
# row, so a statement that changes nothing, like a deleted user's SET NULL, changes nothing).
_POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION {LOCK}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock({PUBLISH_LOCK_KEY});
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {_POSTGRES_NEW_ROW} {_NEW_TOKEN};
  RETURN NULL;
END $$;
"""


def market_tables() -> list[str]:
    """Every table the market app owns (many-to-many tables too) but the version's own."""
    config = apps.get_app_config("market")
    tables = {m._meta.db_table for m in config.get_models(include_auto_created=True)}
    return sorted(tables - {VERSION_TABLE})


def market_version_triggers_install(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Install (or replace) the triggers on every existing market table, and make sure the
    version row exists for data written before the triggers were."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if VERSION_TABLE not in existing:
            return
        tables = [t for t in market_tables() if t in existing]
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTIONS)
            for table in tables:
                for name, when, each, function in (
                    (LOCK, "BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE", "STATEMENT", LOCK),
                    (TRIGGER, "AFTER INSERT OR UPDATE OR DELETE", "ROW", TRIGGER),
                    (f"{TRIGGER}_truncate", "AFTER TRUNCATE", "STATEMENT", TRIGGER),
                ):
                    cursor.execute(
                        f'CREATE OR REPLACE TRIGGER {name} {when} ON "{table}" '
                        f"FOR EACH {each} EXECUTE FUNCTION {function}()"
                    )
            cursor.execute(_POSTGRES_NEW_ROW + " ON CONFLICT (id) DO NOTHING")
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):  # SQLite triggers are per row
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                        f"BEGIN {_SQLITE_BUMP} END"
                    )
            cursor.execute(_SQLITE_NEW_ROW + " ON CONFLICT (id) DO NOTHING")
        else:
            raise NotImplementedError(f"market version triggers for {connection.vendor}")


def market_version_triggers_drop(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove every trigger `market_version_triggers_install` made, and on PostgreSQL their
    functions (before the version table goes: migrating back past it)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            for table in [t for t in market_tables() if t in existing]:
                for name in (LOCK, TRIGGER, f"{TRIGGER}_truncate"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            for function in (LOCK, TRIGGER):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def market_version_triggered_tables(*, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The tables that carry the version trigger (for checks and tests)."""
    return tables_with_trigger(name=TRIGGER, using=using)


def tables_with_trigger(*, name: str, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The tables with a trigger called `name` (on SQLite, `name` followed by `_...`)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = %s",
                [name],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{name}_%"],
        )
        return {row[0] for row in cursor.fetchall()}
