"""Rolling back a release: `migrate market 0010` and `migrate assessments 0008` (the earliest
states whose reverse keeps every row: going further back drops columns that hold data,
Skill.wording_varies and JobAdSkill.one_of), then `migrate` forward again, leaves every row of
the market and of people's data as it was, and no trigger or function behind. Further back,
the data goes with the columns, but the older release can still write the market."""

import datetime as dt
import io
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from assessments.models import PersonVersion
from assessments.services.plans import plan_build
from assessments.services.versioning import EVERYONE
from market.ingestion.aggregate import aggregate_export, aggregate_read
from market.migrations import _kept
from market.models import MarketVersion, Skill, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish

BACK = [("market", "0010_skill_wording_varies"), ("assessments", "0008_job_ad_alternatives")]
# Tokens that name cached pages: new ones after a round trip are what they are for.
VERSIONS = {MarketVersion._meta.db_table, PersonVersion._meta.db_table}


def _rows() -> dict[str, list[tuple]]:
    """Every row of every table of the market, people's data and the accounts."""
    tables = {
        model._meta.db_table
        for label in ("market", "assessments", "accounts", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(tables - VERSIONS):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def _schema_objects() -> set[tuple[str, ...]]:
    """The tables, triggers and (PostgreSQL) functions of the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 'trigger', tgname, tgrelid::regclass::text FROM pg_trigger "
                "WHERE NOT tgisinternal UNION ALL SELECT 'function', proname, '' FROM pg_proc "
                "JOIN pg_namespace ON pg_namespace.oid = pronamespace WHERE nspname = 'public' "
                "UNION ALL SELECT 'table', tablename, '' FROM pg_tables "
                "WHERE schemaname = 'public'"
            )
        else:
            cursor.execute("SELECT type, name, tbl_name FROM sqlite_master")
        return set(cursor.fetchall())


def _everyones_token() -> str:
    """As page_versions reads it: "" without a row."""
    row = PersonVersion.objects.filter(person_id=EVERYONE).first()
    return row.token if row else ""


@pytest.fixture
def migrate_back():
    """Migrates back to the (app, migration) pairs given; forward again at the end whatever
    happened, for the tests after."""

    def back(*targets: tuple[str, str]) -> None:
        for app_label, migration in targets:
            call_command("migrate", app_label, migration, verbosity=0)

    yield back
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forward_again_leaves_every_row_as_it_was(
    make_user, onboard, migrate_back
):
    current = Snapshot.objects.get(is_current=True)
    figures = aggregate_read(io.StringIO(aggregate_export(current)), name="copy.csv").figures
    snapshot_publish(
        snapshot=snapshot_create(
            figures=figures, label="copy", source="test", analysis_date=dt.date(2025, 1, 1)
        )
    )
    person = onboard(make_user("ada"), skills={"python": 3, "sql": 2, "pytorch": 1})
    plan_build(user=person)
    # An admin's edits since the migrations ran: a phrase of 0018's removed, a flag of 0016's
    # unticked. Migrated forward again, they must not come back.
    evaluation = Skill.objects.get(slug="model-evaluation")
    evaluation.aliases = "\n".join(a for a in evaluation.aliases.split("\n") if a != "holdout")
    evaluation.save()
    Skill.objects.filter(slug="llm-fine-tuning").update(wording_varies=False)
    rows, schema, everyone = _rows(), _schema_objects(), _everyones_token()
    assert any(rows["market_snapshot"]) and any(rows["assessments_planitem"])

    migrate_back(*BACK)
    with connection.cursor() as cursor:  # the older release's taxonomy, without 0011-0019
        cursor.execute("SELECT aliases FROM market_skill WHERE slug = 'model-evaluation'")
        assert "F1 score" not in cursor.fetchone()[0].split("\n")
    left = _schema_objects()
    assert not {name for _, name, _ in left if name.startswith("person_version")}
    assert "assessments_personversion" not in {name for _, name, _ in left}
    call_command("migrate", verbosity=0)

    after = _rows()
    assert {table: set(after[table]) ^ set(rows[table]) for table in rows} == dict.fromkeys(
        rows, set()
    )
    assert _schema_objects() == schema
    # Pages cached before the round trip name the old token; none names the new one.
    assert _everyones_token() not in {everyone, ""}


@pytest.mark.django_db(transaction=True)
def test_a_market_migrated_back_past_its_version_table_can_still_be_written(migrate_back):
    migrate_back(("market", "0002_taxonomy_names"))
    left = {name for _, name, _ in _schema_objects()}
    assert not {name for name in left if name.startswith("market_version")}
    # 0004's guard of published figures (PostgreSQL's, as its forward) is gone too.
    assert not {name for name in left if "published" in name or name.startswith("market_refuse")}
    with connection.cursor() as cursor:  # the triggers wrote to the dropped version table
        cursor.execute("UPDATE market_role SET name = name")
        cursor.execute("UPDATE market_skill SET name = name")


@pytest.mark.django_db
def test_a_skill_edited_while_migrated_back_gets_the_migration_as_first_applied():
    round_8 = import_module("market.migrations.0018_taxonomy_round_8")
    editor = SimpleNamespace(connection=connection)
    before = dict(Skill.objects.values_list("slug", "aliases"))
    round_8.taxonomy_round_8_remove(apps, editor)
    evaluation = Skill.objects.get(slug="model-evaluation")
    evaluation.aliases += "\nmy phrase"  # an admin's edit at the older release
    evaluation.save()
    round_8.taxonomy_round_8_add(apps, editor)
    after = dict(Skill.objects.values_list("slug", "aliases"))
    assert after["algorithm-development"] == before["algorithm-development"]
    aliases = after["model-evaluation"].split("\n")
    # Merged again: the admin's phrase stays, "F1-score" is "F1 score" to the merge.
    assert "my phrase" in aliases and "F1 score" in aliases and "F1-score" not in aliases
    with connection.cursor() as cursor:
        assert _kept.TABLE not in connection.introspection.table_names(cursor)
