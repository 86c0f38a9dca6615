"""Roles get a page order apart from their matching order.

Pages listed roles by display_order, which is also the order postings' titles are matched in
(LLM/GenAI first, so "LLM Engineer" is not taken by "ML Engineer"); readers saw LLM/GenAI
Engineer first and ML Engineer, the role with most postings, fifth. page_order is the seed
analysis's order (market/seed/ai-ml-skills-demand.md numbers ML Engineer 1 ... AI/ML Research 6),
then the data roles; display_order keeps its values and its job. The seed's roles get their
page order here by slug (a fresh database gets the same from market/seed/roles.json); any other
role stays at 100, after them. Reversed, the field goes. The data is frozen here."""

from django.db import migrations, models

PAGE_ORDER = {
    "ml-engineer": 1,
    "ai-engineer": 2,
    "llmgenai-engineer": 3,
    "mlops-engineer": 4,
    "deep-learning-engineer": 5,
    "aiml-research": 6,
    "data-engineer": 7,
    "data-scientist": 8,
    "data-analyst": 9,
}


def page_order_set(apps, schema_editor):
    Role = apps.get_model("market", "Role")
    for slug, order in PAGE_ORDER.items():
        Role.objects.filter(slug=slug).update(page_order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0019_taxonomy_round_9"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="role",
            options={"ordering": ["page_order", "name"]},
        ),
        migrations.AddField(
            model_name="role",
            name="page_order",
            field=models.PositiveSmallIntegerField(
                default=100,
                help_text="Where pages, pickers and lists show the role, smallest first (ties by name). The seed analysis's order: ML Engineer first. Does not change how postings are matched.",
            ),
        ),
        migrations.AlterField(
            model_name="role",
            name="display_order",
            field=models.PositiveSmallIntegerField(
                default=100,
                help_text="Postings' titles are tried against the roles in this order, smallest first; the first match wins, so a specific role goes before a broad one. Pages do not use it.",
                verbose_name="matching order",
            ),
        ),
        migrations.AlterField(
            model_name="role",
            name="title_patterns",
            field=models.TextField(
                blank=True,
                help_text="One phrase per line; a posting whose title contains one (whole words, any case) belongs to this role. Roles are tried in matching order; the first match wins.",
            ),
        ),
        migrations.RunPython(page_order_set, migrations.RunPython.noop),
    ]
