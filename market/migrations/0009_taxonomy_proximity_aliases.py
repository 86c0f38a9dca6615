"""Issue 15, round 4: proximity aliases ("deploy ... models": up to three words between the
groups, within one sentence; market/ingestion/matching.py) for duties that postings phrase with
words in between: deploying and serving models, evaluating and validating models, monitoring
models and model performance, leading and managing a team of people. Each was counted and read
where it newly matches in the whole corpus and its sampled mentions judged (bench/extraction.py
--todo; bench/RESULTS.md); "evaluate ... models" ("evaluate new business models"), "serve ...
models" ("serve data models" as a product), "deploys ... models" (a company's product),
"monitoring ... models" (a product analyst's dashboards and models) and "optimize ... cost(s)"
(business costs) were dropped for what they found; "deploy ... data models" (schemas, both
places in the corpus) voids "deploy ... models" inside it. As in 0008, applied as changes so
that admins' edits stay: a phrase is added only if missing (a fresh database gets it all from
market/seed/skills.json). The data is frozen here, as it was when written."""

import re

from django.db import migrations, models

CHANGES = {
    "model-serving": {
        "add": [
            "deploy ... models",
            "deploy ... model",
            "deploying ... models",
            "deploying ... model",
            "deployed ... models",
            "serving ... models",
        ],
        "exclusions": ["deploy ... data models"],
    },
    "model-evaluation": {
        "add": ["evaluating ... models", "validate ... models", "validating ... models"]
    },
    "monitoring": {
        "add": [
            "monitor ... model performance",
            "monitoring ... model performance",
            "monitor ... models",
        ]
    },
    "team-leadership": {
        "add": [
            "leading ... with a team",
            "leading ... team of",
            "manage ... team of",
            "managing ... team of",
        ]
    },
}



def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _key(phrase):
    """A phrase as the matcher compares it: any case, words split at white space and hyphens,
    "..." or "…" (with or without spaces) one mark - so that an admin's "Deploy…Models" is
    "deploy ... models"."""
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
    """`edit` (_merged or _without) the aliases and exclusion phrases of each skill changed."""
    Skill = apps.get_model("market", "Skill")
    db = schema_editor.connection.alias
    for skill in Skill.objects.using(db).filter(slug__in=CHANGES):
        change = CHANGES[skill.slug]
        skill.aliases = edit(skill.aliases, change["add"])
        skill.exclusions = edit(skill.exclusions, change.get("exclusions", []))
        skill.save(using=db)


def taxonomy_proximity_aliases_add(apps, schema_editor):
    _each_changed(apps, schema_editor, _merged)


def taxonomy_proximity_aliases_remove(apps, schema_editor):
    """Back to 0008: the phrases this migration adds, where they stand as it spells them."""
    _each_changed(apps, schema_editor, _without)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0008_taxonomy_duty_phrasings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="skill",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="One phrase per line, matched as whole words, in any case, in job postings, job ads and pasted text. “...” lets up to 3 words stand in between, within one sentence: “deploy ... models” finds “deploy the trained models”.",
            ),
        ),
        migrations.RunPython(taxonomy_proximity_aliases_add, taxonomy_proximity_aliases_remove),
    ]
