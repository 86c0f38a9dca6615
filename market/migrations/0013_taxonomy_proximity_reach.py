"""Issue 15, round 5: a proximity alias reaches up to six words between its groups (three
before: market/ingestion/matching.py, PROXIMITY_WORDS), so that duties written with a list of
verbs or a compound object are found ("implement, expand, deploy, and maintain machine learning
models"); and aliases for what postings 1-180 asked for in general words the taxonomy lacked:
computer vision as a capital "CV" beside ML, NLP, AI or LLM (case-sensitive; a résumé's "your
CV", "CV and cover letter" are excluded), a publication track record, managing data
scientists, monitoring models (the "-ing" form of the "monitor ... models" round 4 kept),
productization and models taken to production, deploying data science. Exclusion phrases for
what the reading found wrong, as narrow as the wrong places: each one found in a text beside
an alias of its skill sends that text to the reference matcher in the import's scan, and
broad ones ("industry leading", "model training", "a CV") cost the scan 10-25% CPU for wrong
mentions nobody saw. Each alias was counted and read where it newly matches in the whole
corpus (bench/RESULTS.md, round 5). As in 0009, applied as changes so that admins' edits stay:
a phrase is added only if missing (a fresh database gets it all from market/seed/skills.json).
The data is frozen here, as it was when written."""

import importlib

from django.db import migrations, models

# Reversed, the skills are kept as found, so that forward again puts them back (see _kept).
from market.migrations import _kept

# 0009's merge: a phrase is added unless the skill has it in any spelling; reversed, the
# phrases added are removed where they stand as spelt here.
_ROUND_4 = importlib.import_module("market.migrations.0009_taxonomy_proximity_aliases")

CHANGES = {
    "model-serving": {
        # "model to production" as "model into production" (model serving), "models to
        # production" as "models into production" (production ML), as the taxonomy has them
        "aliases": ["deploy data science", "deploying data science", "model to production"],
        # not a model deployed: "deploy processes to automate data preparation, model
        # training", infrastructure "in the machine learning model life cycle"; Triton the
        # compiler beside CUDA; serving people
        "exclusions": [
            "deploy processes",
            "model life cycle",
            "model lifecycle",
            "Triton, CUDA",
            "serving numerous users",
        ],
    },
    "monitoring": {
        "aliases": [
            "monitoring ... models",
            "monitor the model",
            "monitor a model",
            "monitoring the model",
        ],
        # an analyst's reporting artefacts: "monitoring and building dashboards, models"
        "exclusions": ["dashboards, models"],
    },
    "team-leadership": {
        "aliases": ["manage ... data scientists", "managing ... data scientists"],
        # "leading" as a rank: "the worlds leading firm with a team of", "leading investors"
        "exclusions": ["worlds leading", "leading investors"],
    },
    "computer-vision": {
        "case_sensitive_aliases": [
            "CV ... NLP",
            "NLP ... CV",
            "CV ... ML",
            "ML ... CV",
            "CV ... AI",
            "CV ... LLM",
        ],
        # a résumé, which the capital "CV" beside "AI" could otherwise be ("send your CV
        # and a cover letter to the AI team")
        "exclusions": [
            "your CV",
            "CV and cover letter",
            "CV and a cover letter",
            "cover letter and CV",
            "CV or resume",
            "resume or CV",
            "CV/resume",
            "resume/CV",
        ],
    },
    "research-publications": {"aliases": ["publication track record"]},
    "production-ml": {
        "aliases": ["productization", "models to production"],
        # analytics put into a product, not models: "productize insights"
        "exclusions": ["productization ... analytical insights"],
    },
    # HIPAA's EDI claim formats (837, 835), not compliance
    "security-compliance": {"exclusions": ["HIPAA EDI"]},
    # a privacy law's initials beside GDPR
    "cpp": {"exclusions": ["GDPR, CPP"]},
}


def _each_changed(apps, schema_editor, edit, changes=CHANGES):
    """`edit` (0009's _merged or _without) each field `changes` names of each skill changed;
    0015 calls it with its own changes (one copy of the walk)."""
    Skill = apps.get_model("market", "Skill")
    db = schema_editor.connection.alias
    for skill in Skill.objects.using(db).filter(slug__in=changes):
        for name, phrases in changes[skill.slug].items():
            setattr(skill, name, edit(getattr(skill, name), phrases))
        skill.save(using=db)


def _changed(apps, schema_editor, edit, changes):
    """A `_kept` step: `edit` (0009's _merged or _without) the skills of `slugs`."""
    return lambda slugs: _each_changed(
        apps, schema_editor, edit, {slug: changes[slug] for slug in slugs}
    )


def kept_forward(apps, schema_editor, migration, changes=CHANGES):
    """Forward: `changes` merged (0009's merge), or what the reverse kept put back (_kept);
    0015, 0017 and 0018 call it with their own changes."""
    add = _changed(apps, schema_editor, _ROUND_4._merged, changes)
    _kept.forward(apps, schema_editor, migration, changes, add)


def kept_reverse(apps, schema_editor, migration, changes=CHANGES):
    """Reverse: the phrases `changes` adds removed where they stand as spelt there, each
    skill kept as found (_kept)."""
    remove = _changed(apps, schema_editor, _ROUND_4._without, changes)
    _kept.reverse(apps, schema_editor, migration, changes, remove)


def taxonomy_proximity_reach_add(apps, schema_editor):
    kept_forward(apps, schema_editor, "0013")


def taxonomy_proximity_reach_remove(apps, schema_editor):
    """Back to 0012: the phrases this migration adds, where they stand as it spells them;
    forward again puts back what it found."""
    kept_reverse(apps, schema_editor, "0013")


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0012_taxonomy_employer_exclusions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="skill",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="One phrase per line, matched as whole words, in any case, in job postings, job ads and pasted text. “...” lets up to 6 words stand in between, within one sentence: “deploy ... models” finds “deploy the trained models”.",
            ),
        ),
        migrations.RunPython(taxonomy_proximity_reach_add, taxonomy_proximity_reach_remove),
    ]
