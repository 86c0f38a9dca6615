"""Before the database holds one plan and one active share link per person: keep each
person's newest plan (its items go with the others) and newest active link (the others are
revoked now)."""

from django.db import migrations
from django.db.models import Count
from django.utils import timezone


def keep_newest(apps, schema_editor):
    Plan = apps.get_model("assessments", "Plan")
    ShareLink = apps.get_model("assessments", "ShareLink")
    for user_id in (
        Plan.objects.values("user").annotate(n=Count("id")).filter(n__gt=1).values_list("user", flat=True)
    ):
        ids = list(
            Plan.objects.filter(user_id=user_id).order_by("-created_at", "-id").values_list("id", flat=True)
        )
        Plan.objects.filter(id__in=ids[1:]).delete()
    active = ShareLink.objects.filter(revoked_at__isnull=True)
    for user_id in (
        active.values("user").annotate(n=Count("id")).filter(n__gt=1).values_list("user", flat=True)
    ):
        ids = list(
            active.filter(user_id=user_id).order_by("-created_at", "-id").values_list("id", flat=True)
        )
        ShareLink.objects.filter(id__in=ids[1:]).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_plan_start_day_phase_and_order"),
    ]

    operations = [
        # Reversed, nothing: the older plans are deleted and cannot come back, and the revoked
        # links were revoked. Forward again finds one plan and one active link per person
        # (0004's constraints held), so it changes nothing.
        migrations.RunPython(keep_newest, migrations.RunPython.noop),
    ]
