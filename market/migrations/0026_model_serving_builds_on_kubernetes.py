"""Model serving builds on Kubernetes: serving models at scale (TorchServe, Triton, vLLM behind
an API) runs on containers orchestrated by Kubernetes, as job ads say ("Kubernetes and Docker for
model serving"). A plan toward such an ad learned Model serving 0 -> 4 months before Kubernetes,
which no prerequisite tied to it. The link is at min_level 1 (Aware): a plan that asks Model
serving but not Kubernetes adds its first step only; one that raises Kubernetes anyway learns it
first, in the same phase (assessments/planning.py, "builds on").

A fresh database gets the link from market/seed/skills.json; an existing one gets it here
unless the two skills are linked already (an admin's link, at whatever level, stays). Reversed,
it does nothing: a link at level 1 may be an admin's own, made before this ran (which then left
it as it was), and nothing tells the two apart, so removing "the link added here" could remove
theirs. A link left behind is data the older code reads as any admin's link. No figure changes.
The data is frozen here, as it was when written."""

from django.db import migrations

# (skill, prerequisite, min_level)
LINKS = [("model-serving", "kubernetes", 1)]


def prerequisites_add(apps, schema_editor):
    Skill = apps.get_model("market", "Skill")
    SkillPrerequisite = apps.get_model("market", "SkillPrerequisite")
    db = schema_editor.connection.alias
    slugs = {slug for link in LINKS for slug in link[:2]}
    skills = {s.slug: s for s in Skill.objects.using(db).filter(slug__in=slugs)}
    for skill, prerequisite, min_level in LINKS:
        if skill in skills and prerequisite in skills:
            SkillPrerequisite.objects.using(db).get_or_create(
                skill=skills[skill],
                prerequisite=skills[prerequisite],
                defaults={"min_level": min_level},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0025_role_person_title_labels_pages"),
    ]

    operations = [
        migrations.RunPython(prerequisites_add, migrations.RunPython.noop),
    ]
