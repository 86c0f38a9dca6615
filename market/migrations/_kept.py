"""What a taxonomy migration's reverse changed, kept so that migrating forward again puts it
back exactly (imported by 0011-0019; frozen like them, the loader skips "_" modules).

A taxonomy migration's reverse takes the skills back towards the release before it: it removes
the phrases the migration lists, as spelt there. That cannot tell a phrase the migration added
from one the skill had anyway (the seed loads today's taxonomy after the migrations ran on an
empty table; an admin typed it), and the forward merge cannot tell a phrase an admin removed
from one never added: without a memory, `migrate market 0010` and back lost "F1-score" (merged
as the same phrase as "F1 score") and brought back every phrase and flag an admin had removed.
So the reverse keeps each skill's matching fields as it found them and as it left them, in a
table of their own (made by the first reverse; the current models do not know it, so it
survives the schema the reverse goes back to), and the forward restores a skill that still
holds what the reverse left; a skill changed in between (edited at the older release) gets the
migration's change as on first application. The forward empties the table and drops it when
nothing is kept any more: a round trip leaves no trace."""

import json

TABLE = "market_migration_kept"
FIELDS = ("aliases", "case_sensitive_aliases", "exclusions", "wording_varies")


def _exists(schema_editor) -> bool:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def _values(skill) -> str:
    return json.dumps({field: getattr(skill, field) for field in FIELDS}, sort_keys=True)


def _skills(apps, schema_editor, slugs):
    Skill = apps.get_model("market", "Skill")
    return Skill.objects.using(schema_editor.connection.alias).filter(slug__in=list(slugs))


def reverse(apps, schema_editor, migration: str, slugs, undo) -> None:
    """Run `undo(slugs)` (the migration's reverse over the skills `slugs`), keeping each of
    those skills' fields before and after it."""
    if not _exists(schema_editor):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {TABLE} (migration varchar(100) NOT NULL, skill varchar(100) NOT "
                "NULL, found text NOT NULL, left_as text NOT NULL, PRIMARY KEY (migration, skill))"
            )
    found = {skill.slug: _values(skill) for skill in _skills(apps, schema_editor, slugs)}
    undo(slugs)
    left = {skill.slug: _values(skill) for skill in _skills(apps, schema_editor, slugs)}
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE migration = %s", [migration])
        cursor.executemany(
            f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s)",
            [(migration, slug, found[slug], left[slug]) for slug in found.keys() & left.keys()],
        )


def forward(apps, schema_editor, migration: str, slugs, apply) -> None:
    """Restore each skill of `slugs` the reverse kept and that still holds what it left; run
    `apply(rest)` (the migration's change) over the rest of `slugs`."""
    kept = {}
    if _exists(schema_editor):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT skill, found, left_as FROM {TABLE} WHERE migration = %s", [migration]
            )
            kept = {slug: (found, left) for slug, found, left in cursor.fetchall()}
            cursor.execute(f"DELETE FROM {TABLE} WHERE migration = %s", [migration])
            cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
            if cursor.fetchone() is None:
                cursor.execute(f"DROP TABLE {TABLE}")
    restored = set()
    for skill in _skills(apps, schema_editor, kept):
        found, left = kept[skill.slug]
        if _values(skill) == left:
            for field, value in json.loads(found).items():
                setattr(skill, field, value)
            skill.save(using=schema_editor.connection.alias, update_fields=FIELDS)
            restored.add(skill.slug)
    apply([slug for slug in slugs if slug not in restored])
