"""A plan starts on a day (today or later), not a month; each item keeps the phase it is
learned in; the person's choice of order is remembered on the profile. Start offsets are no
longer stored: two decimals cannot hold a prorated month's hours, and the layout is
recomputed exactly from the items' order and hours (`planning.plan_lay_out`)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="plan", old_name="start_month", new_name="starts_on"),
        migrations.AlterField(
            model_name="plan",
            name="starts_on",
            field=models.DateField(
                help_text="The plan's first day: never before the day it was made."
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="planned_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When the months were last scheduled.",
            ),
        ),
        migrations.RemoveField(model_name="planitem", name="start_offset_hours"),
        migrations.AddField(
            model_name="planitem",
            name="phase",
            field=models.CharField(
                blank=True, help_text="The phase of the timeline it is learned in.", max_length=60
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="plan_order",
            field=models.CharField(
                choices=[("progression", "Phase by phase"), ("quickest", "Quickest readiness gain")],
                default="progression",
                help_text="The order the person chose for their plan; remembered for every re-plan.",
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="profile",
            constraint=models.CheckConstraint(
                condition=models.Q(("plan_order__in", ["progression", "quickest"])),
                name="profile_plan_order_valid",
            ),
        ),
    ]
