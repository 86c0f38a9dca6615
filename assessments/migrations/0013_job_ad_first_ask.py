# An ad's first requirement, saved with its reading. Existing ads get it when read again: their
# key names READING_VERSION 5, so pages read them again in memory and `manage.py ads_read_again`
# saves the new readings, this field with them.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0012_job_ad_title_typed"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobad",
            name="first_ask",
            field=models.CharField(blank=True, max_length=80, null=True),
        ),
    ]
