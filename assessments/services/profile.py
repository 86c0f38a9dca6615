"""Writes to a person's profile: background, target, hours per week, start month, the order
of their plan. Saving a target makes the plan (`assessments.services.plans.plan_build`), so
a plan exists as soon as the person has a target and the plan's pages only ever read."""

from contextlib import suppress
from datetime import date

from django.utils import timezone

from assessments.models import JobAd, Profile
from assessments.services.plans import (
    KEEP_TARGET,
    PlanChange,
    PlanError,
    plan_active_for,
    plan_build,
)
from assessments.services.versioning import person_locked
from market.models import Role, Snapshot
from market.selectors import snapshot_current

# The profile's fields a plan is scheduled from: changing one re-plans.
PLANNED_FIELDS = ("target_role_id", "target_seniority", "hours_per_week", "start_month")


def _profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.select_related("target_role", "last_seen_snapshot").get_or_create(
        user=user
    )
    return profile


@person_locked
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
    """Save the onboarding answers; the first save marks the person as onboarded and as
    having seen the current market. A new or changed target, hours or start month (re)makes
    the plan, keeping the items already done."""
    profile = _profile_get_or_create(user=user)
    before = _planned(profile)
    profile.background = background
    profile.target_role = target_role
    profile.target_seniority = target_seniority
    profile.hours_per_week = hours_per_week
    profile.start_month = start_month.replace(day=1) if start_month else None
    if display_name is not None:
        profile.display_name = display_name
    if profile.onboarded_at is None:
        profile.onboarded_at = timezone.now()
    if profile.last_seen_snapshot_id is None:  # "the market moved" counts from here
        profile.last_seen_snapshot = snapshot_current()
    profile.full_clean()
    profile.save()
    if _planned(profile) != before or plan_active_for(user=user) is None:
        # A new target role aims the plan at it; new hours or a new start keep its target
        # (a job ad the plan aims at stays).
        target_changed = _planned(profile)[:2] != before[:2]
        _plan_if_possible(
            user=user, profile=profile, job_ad=None if target_changed else KEEP_TARGET
        )
    return profile


@person_locked
def profile_plan_settings_set(
    *,
    user,
    hours_per_week: int,
    role: Role | None = None,
    seniority: str = "",
    job_ad: JobAd | None = None,
    order: str | None = None,
) -> PlanChange:
    """The plan page's settings: hours per week, target and (when given) the plan's order;
    re-plans from them and says how the end date moved. The target is a role and seniority
    (saved as the profile's target) or one of the person's saved `job_ad`s (the plan's
    target; the profile's stays)."""
    profile = _profile_get_or_create(user=user)
    fields = ["hours_per_week", "plan_order"]
    if job_ad is None:
        profile.target_role = role
        profile.target_seniority = seniority
        fields += ["target_role", "target_seniority"]
    profile.hours_per_week = hours_per_week
    if order is not None:
        profile.plan_order = order
    profile.full_clean()
    profile.save(update_fields=fields)
    return plan_build(user=user, job_ad=job_ad)


@person_locked
def profile_mark_seen(*, user, snapshot: Snapshot | None) -> None:
    """Remember the snapshot the person has now seen (for the "market moved" notice)."""
    profile = _profile_get_or_create(user=user)
    if snapshot is not None and profile.last_seen_snapshot_id != snapshot.pk:
        profile.last_seen_snapshot = snapshot
        profile.save(update_fields=["last_seen_snapshot"])


def _planned(profile: Profile) -> tuple:
    return tuple(getattr(profile, name) for name in PLANNED_FIELDS)


def _plan_if_possible(*, user, profile: Profile, job_ad=KEEP_TARGET) -> None:
    if profile.target_role_id is None:
        return
    with suppress(PlanError):  # no market published yet: the plan page offers to make it
        plan_build(user=user, job_ad=job_ad)
