"""Issue 15, round 5, continued: exclusion phrases for the employer naming itself in its equal
opportunity statement ("Snowflake is an equal opportunity employer", "SAS is ...", "Tecton
values diversity and is ..."; Hugging Face's had one already) and a perk ("opportunities to grow
professionally via mentoring, seminars and conferences"). Found by judging the mentions that
refilled the precision sample after 0011; every corpus place of each phrase was read (5 in all:
each the employer or a perk). Applied as 0011 is: a phrase is added only if missing, so that
admins' edits stay. The data is frozen here, as it was when written."""

import re

from django.db import migrations

EXCLUSIONS = {
    "snowflake": ["Snowflake is an equal opportunity employer"],
    "sas": ["SAS is an equal opportunity employer"],
    "feature-stores": ["Tecton values diversity"],
    "mentorship": ["grow professionally via mentoring"],
}


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _key(phrase):
    """A phrase as the matcher compares an exclusion phrase: any case, words split at white
    space and hyphens, "..." or "…" (with or without spaces) one mark."""
    phrase = re.sub(r"\s*(?:\.{3,}|\u2026)\s*", " ... ", phrase.strip().lower())
    return " ".join(re.split(r"[\s\-]+", phrase))


def _merged(text, add):
    lines = _lines(text)
    have = {_key(p) for p in lines}
    lines += [p for p in add if _key(p) not in have and not have.add(_key(p))]
    return "\n".join(lines)


def _without(text, phrases):
    return "\n".join(p for p in _lines(text) if p not in phrases)


def _each_changed(apps, schema_editor, edit):
    Skill = apps.get_model("market", "Skill")
    db = schema_editor.connection.alias
    for skill in Skill.objects.using(db).filter(slug__in=EXCLUSIONS):
        skill.exclusions = edit(skill.exclusions, EXCLUSIONS[skill.slug])
        skill.save(using=db)


def taxonomy_employer_exclusions_add(apps, schema_editor):
    _each_changed(apps, schema_editor, _merged)


def taxonomy_employer_exclusions_remove(apps, schema_editor):
    """Back to 0011: the phrases this migration adds, where they stand as it spells them."""
    _each_changed(apps, schema_editor, _without)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0011_taxonomy_boilerplate_exclusions"),
    ]

    operations = [
        migrations.RunPython(taxonomy_employer_exclusions_add, taxonomy_employer_exclusions_remove),
    ]
