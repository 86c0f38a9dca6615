"""The seed snapshot's label without the internal "(seed)" that pages showed to visitors."""

from django.db import migrations

OLD, NEW = "AI/ML Skills Demand Analysis (seed)", "AI/ML Skills Demand Analysis"


def rename(apps, schema_editor):
    apps.get_model("market", "Snapshot").objects.filter(label=OLD).update(label=NEW)


def rename_back(apps, schema_editor):
    apps.get_model("market", "Snapshot").objects.filter(label=NEW).update(label=OLD)


class Migration(migrations.Migration):
    dependencies = [("market", "0004_published_figures_guard")]

    operations = [migrations.RunPython(rename, rename_back)]
