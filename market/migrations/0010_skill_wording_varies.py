"""Skills asked for in many wordings (issue 15): a share of them counted from postings is a
lower bound, shown as "at least". The 14 skills are those bench/extraction.py measured below
90% recall on at least 3 labelled (posting, skill) pairs that are practices, not named tools
(the tools' misses are typos and unnamed products, not wordings)."""

from django.db import migrations, models

WORDING_VARIES = (
    "algorithm-development",
    "computer-vision",
    "cost-optimization",
    "feature-engineering",
    "mentorship",
    "model-evaluation",
    "model-optimization",
    "model-serving",
    "monitoring",
    "open-source",
    "production-ml",
    "research-publications",
    "security-compliance",
    "team-leadership",
)


def flag(apps, schema_editor):
    Skill = apps.get_model("market", "Skill")
    Skill.objects.using(schema_editor.connection.alias).filter(slug__in=WORDING_VARIES).update(
        wording_varies=True
    )


class Migration(migrations.Migration):
    dependencies = [("market", "0009_taxonomy_proximity_aliases")]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="wording_varies",
            field=models.BooleanField(
                default=False,
                help_text="Tick for a practice postings ask for in more wordings than aliases "
                "can list (“deploy models to production”, “lead a team”): a share counted from "
                "postings finds only the wordings above, so it is shown as “at least”. "
                "bench/extraction.py measures which skills these are.",
                verbose_name="asked for in many wordings",
            ),
        ),
        # Reversed by removing the field; nothing else to undo.
        migrations.RunPython(flag, migrations.RunPython.noop),
    ]
