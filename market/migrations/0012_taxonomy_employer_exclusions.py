"""Issue 15, round 5, continued: exclusion phrases for the employer naming itself in its equal
opportunity statement ("Snowflake is an equal opportunity employer", "SAS is ...", "Tecton
values diversity and is ..."; Hugging Face's had one already) and a perk ("opportunities to grow
professionally via mentoring, seminars and conferences"). Found by judging the mentions that
refilled the precision sample after 0011; every corpus place of each phrase was read (5 in all:
each the employer or a perk). Applied as 0011 is: a phrase is added only if missing, so that
admins' edits stay. The data is frozen here, as it was when written."""

from importlib import import_module

from django.db import migrations

# 0011's merge (a phrase added only where missing, compared as the matcher compares them),
# with this migration's phrases; 0011 is frozen like every migration, so this stays as written.
_round5 = import_module("market.migrations.0011_taxonomy_boilerplate_exclusions")

EXCLUSIONS = {
    "snowflake": ["Snowflake is an equal opportunity employer"],
    "sas": ["SAS is an equal opportunity employer"],
    "feature-stores": ["Tecton values diversity"],
    "mentorship": ["grow professionally via mentoring"],
}


def taxonomy_employer_exclusions_add(apps, schema_editor):
    add = _round5._changed(apps, schema_editor, _round5._merged, EXCLUSIONS)
    _round5._kept.forward(apps, schema_editor, "0012", EXCLUSIONS, add)


def taxonomy_employer_exclusions_remove(apps, schema_editor):
    """Back to 0011: the phrases this migration adds, where they stand as it spells them;
    forward again puts back what it found (0011's `_kept`)."""
    remove = _round5._changed(apps, schema_editor, _round5._without, EXCLUSIONS)
    _round5._kept.reverse(apps, schema_editor, "0012", EXCLUSIONS, remove)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0011_taxonomy_boilerplate_exclusions"),
    ]

    operations = [
        migrations.RunPython(taxonomy_employer_exclusions_add, taxonomy_employer_exclusions_remove),
    ]
