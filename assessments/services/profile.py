"""Writes to a person's profile: background, target, hours per week, start month."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.models import Profile
from market.models import Role, Snapshot


def profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.select_related("target_role", "last_seen_snapshot").get_or_create(
        user=user
    )
    return profile


@transaction.atomic
def profile_update(
    *,
    user,
    background: str,
    target_role: Role | None,
    target_seniority: str,
    hours_per_week: int,
    start_month: date | None,
    display_name: str | None = None,
) -> Profile:
    """Save the onboarding answers; the first save marks the person as onboarded."""
    profile = profile_get_or_create(user=user)
    profile.background = background
    profile.target_role = target_role
    profile.target_seniority = target_seniority
    profile.hours_per_week = hours_per_week
    profile.start_month = start_month.replace(day=1) if start_month else None
    if display_name is not None:
        profile.display_name = display_name
    if profile.onboarded_at is None:
        profile.onboarded_at = timezone.now()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_target_set(*, user, role: Role, seniority: str, hours_per_week: int) -> Profile:
    """Change the target and the hours per week (the plan page's settings); nothing else."""
    profile = profile_get_or_create(user=user)
    profile.target_role = role
    profile.target_seniority = seniority
    profile.hours_per_week = hours_per_week
    profile.full_clean()
    profile.save(update_fields=["target_role", "target_seniority", "hours_per_week"])
    return profile


def profile_mark_seen(*, profile: Profile, snapshot: Snapshot | None) -> None:
    """Remember the snapshot the person has now seen (for the "market moved" notice)."""
    if snapshot is not None and profile.last_seen_snapshot_id != snapshot.pk:
        profile.last_seen_snapshot = snapshot
        profile.save(update_fields=["last_seen_snapshot"])
