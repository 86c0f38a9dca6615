"""Issue 15, round 3: phrasings of duties that postings use, added as aliases after a held-out
reading (bench/RESULTS.md): deploying, serving, evaluating and monitoring models, leading and
mentoring people, ML infrastructure, open-source contributions, cloud spend, information
assurance. Each phrase was checked against the whole corpus by reading where it newly matches
(bench/extraction.py --todo). As in 0007, applied as changes so that admins' edits stay: a
phrase is added only if missing (a fresh database gets it all from market/seed/skills.json).
The data is frozen here, as it was when written."""

import importlib

from django.db import migrations

CHANGES = {
    "model-serving": {
        "add": [
            "real-time inference",
            "serving models",
            "serve models",
            "model into production",
            "deploying model",
            "deployed models",
            "train and deploy",
            "train, and deploy",
            "train, deploy",
            "training and deploying",
            "deploying scalable ML",
            "deployment and monitoring of",
        ]
    },
    "model-evaluation": {
        "add": [
            "model testing",
            "evaluate model performance",
            "assess model performance",
            "model accuracy",
            "validation of models",
            "validating models",
            "evaluate predictive models",
            "training and evaluation",
            "train and evaluate",
            "evaluate, tune",
        ]
    },
    "monitoring": {
        "add": ["deployment and monitoring", "deployment, monitoring", "deployment, and monitoring"]
    },
    "team-leadership": {
        "add": [
            "direct a team",
            "supervise a team",
            "managing teams",
            "manage teams",
            "manage team of",
            "supervise junior",
            "supervise staff",
            "supervises staff",
            "supervising",
            "supervisory experience",
            "supervisory responsibility for",
            "as team lead",
            "as a team lead",
            "team management",
            "leading interdisciplinary teams",
            "leading multidisciplinary teams",
            "leading project teams",
            "lead project teams",
            "leading small teams",
            "leading engineering teams",
            "lead technical teams",
            "direct engineering teams",
            "managing a small team",
            "manage a small team",
        ],
        "exclusions": ["Supervising Statistician"],
    },
    "mentorship": {
        "add": [
            "mentor a team",
            "mentor less experienced",
            "mentors less experienced",
            "mentor to junior",
            "mentor to less experienced",
            "mentor for junior",
            "mentor new team",
            "mentors new team",
            "mentor more junior",
            "mentored team members",
            "mentor and guide",
            "guide and mentor",
            "lead and mentor",
            "mentor and lead",
            "hire, mentor",
            "mentor, coach",
            "coach, and mentor",
            "mentor engineers",
            "mentor engineering",
            "mentor and train",
            "mentor and teach",
            "mentor, supervise",
            "supervise, mentor",
            "lead/mentor",
            "coaching and training",
        ]
    },
    "open-source": {"add": ["contributed to open source", "contributor to open source"]},
    "production-ml": {
        "add": ["ML infrastructure", "into production systems"]
    },
    "deep-learning": {"add": ["DNN", "DNNs"]},
    "cost-optimization": {"add": ["cloud spend"]},
    "security-compliance": {
        "add": ["information assurance", "security audit"],
        "exclusions": ["information technology, information assurance"],
    },
}

_merged = importlib.import_module("market.migrations.0007_taxonomy_matching_fixes")._merged


def taxonomy_phrasings_add(apps, schema_editor):
    Skill = apps.get_model("market", "Skill")
    db = schema_editor.connection.alias
    for skill in Skill.objects.using(db).filter(slug__in=CHANGES):
        change = CHANGES[skill.slug]
        skill.aliases = _merged(skill.aliases, change.get("add", []))
        skill.exclusions = _merged(skill.exclusions, change.get("exclusions", []))
        skill.save(using=db)


class Migration(migrations.Migration):
    dependencies = [("market", "0007_taxonomy_matching_fixes")]

    # Reversed, the phrases stay (as 0007's changes do, whose skills they belong to); forward
    # again merges only missing ones, so it changes nothing. Migrating back past it means past
    # 0010 too, whose reverse drops the "asked for in many wordings" flags: 0010 is as far
    # back as a round trip keeps every row (tests/test_migrating_back.py).
    operations = [migrations.RunPython(taxonomy_phrasings_add, migrations.RunPython.noop)]
