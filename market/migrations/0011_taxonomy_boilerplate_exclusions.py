"""Issue 15, round 5: exclusion phrases for mentions that are not the job asking - a link
(a github.com URL to a résumé guide), the employer's own text (its customers, "non-statistical
SAS users"; its founders' story, "Tecton’s founders"), a perk in the employer's boilerplate
("flexible workplace arrangements, mentoring, internal mobility"), another sense of the word
(ISO statistical plans and Statistical Agents, insurance data reporting; "productionizing data
processing" pipelines and "productionalize insights", not ML; "fine tuning test results") and a
negation ("if you're looking to manage a team day 1, this won't be the right fit"). Every place
of each phrase in the four corpus files was read (bench/extraction.py's corpus): each voids a
mention judged not to be an ask, none a mention judged to be one.

Recognising whole "About us" / "Benefits" / EEO sections instead was measured and not shipped:
see bench/RESULTS.md. As in 0009, applied as changes so that admins' edits stay: a phrase is added
only if missing (a fresh database gets it all from market/seed/skills.json). The data is frozen
here, as it was when written."""

import re

from django.db import migrations

# Reversed, the skills are kept as found, so that forward again puts them back (see _kept).
from market.migrations import _kept

EXCLUSIONS = {
    "git": ["https://github.com", "http://github.com"],
    "statistics": ["ISO statistical plan", "Statistical Agent"],
    "sas": ["non-statistical SAS users"],
    "mentorship": ["workplace arrangements, mentoring"],
    "production-ml": ["productionizing data processing", "productionalize insights"],
    "llm-fine-tuning": ["fine tuning test results"],
    "team-leadership": ["looking to manage a team"],
    "feature-stores": ["Tecton’s founders", "Tecton's founders"],
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


def _each_changed(apps, schema_editor, edit, exclusions=EXCLUSIONS):
    """`edit` (_merged or _without) each skill's exclusion phrases with `exclusions[slug]`;
    0012 calls it with its own phrases (both written in one round, one copy of the merge)."""
    Skill = apps.get_model("market", "Skill")
    db = schema_editor.connection.alias
    for skill in Skill.objects.using(db).filter(slug__in=exclusions):
        skill.exclusions = edit(skill.exclusions, exclusions[skill.slug])
        skill.save(using=db)


def _changed(apps, schema_editor, edit, exclusions):
    """A `_kept` step: `edit` the skills of `slugs` with `exclusions` (0012's too)."""
    return lambda slugs: _each_changed(
        apps, schema_editor, edit, {slug: exclusions[slug] for slug in slugs}
    )


def taxonomy_boilerplate_exclusions_add(apps, schema_editor):
    add = _changed(apps, schema_editor, _merged, EXCLUSIONS)
    _kept.forward(apps, schema_editor, "0011", EXCLUSIONS, add)


def taxonomy_boilerplate_exclusions_remove(apps, schema_editor):
    """Back to 0010: the phrases this migration adds, where they stand as it spells them;
    forward again puts back what it found (_kept)."""
    remove = _changed(apps, schema_editor, _without, EXCLUSIONS)
    _kept.reverse(apps, schema_editor, "0011", EXCLUSIONS, remove)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0010_skill_wording_varies"),
    ]

    operations = [
        migrations.RunPython(
            taxonomy_boilerplate_exclusions_add, taxonomy_boilerplate_exclusions_remove
        ),
    ]
