"""Roles get a person title for the titles of their targets.

A target is titled "<level> <role>": right for "Senior ML Engineer", wrong for a role named
for its field, which read "Gap report: Mid-level AI/ML Research" where the seed analysis
(market/seed/ai-ml-skills-demand.md) says "Mid-Level AI/ML Researchers". person_title is what
one person in the role is called there; blank, the role's name. Titles over every level keep
the name ("AI/ML Research, all levels"), and so do names, slugs and URLs. The seed's role named
for its field gets its person title here by slug (a fresh database gets the same from
market/seed/roles.json, the one place the seed loader reads it from); every other role stays
blank. Reversed, the field goes. The data is frozen here: a migration does not import app code."""

from django.db import migrations, models

PERSON_TITLES = {
    "aiml-research": "AI/ML Researcher",
}


def person_titles_set(apps, schema_editor):
    Role = apps.get_model("market", "Role")
    roles = Role.objects.using(schema_editor.connection.alias)
    for slug, title in PERSON_TITLES.items():
        roles.filter(slug=slug, person_title="").update(person_title=title)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0020_role_page_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="person_title",
            field=models.CharField(
                blank=True,
                help_text='What one person in this role is called in target titles, e.g. "AI/ML Researcher" ("Senior AI/ML Researcher"); blank: the role\'s name.',
                max_length=80,
            ),
        ),
        migrations.RunPython(person_titles_set, migrations.RunPython.noop),
    ]
