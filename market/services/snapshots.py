"""Writing snapshots: create a draft from figures, publish one atomically."""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from market.ingestion.figures import MarketFigures
from market.models import (
    Role,
    RoleLevelStat,
    Skill,
    SkillCategory,
    SkillDemand,
    Snapshot,
)


class SnapshotError(Exception):
    """A snapshot cannot be created or published; the message says why."""


def _roles_by_name(names: set[str]) -> tuple[dict[str, Role], list[str]]:
    found = {r.name.lower(): r for r in Role.objects.all()}
    created = []
    for name in sorted(names):
        if name.lower() not in found:
            found[name.lower()] = Role.objects.create(name=name, slug=slugify(name))
            created.append(name)
    return found, created


def _skills_by_name(names: set[str]) -> tuple[dict[str, Skill], list[str]]:
    found = {s.name.lower(): s for s in Skill.objects.all()}
    created = []
    for name in sorted(names):
        if name.lower() not in found:
            found[name.lower()] = Skill.objects.create(
                name=name, slug=slugify(name), category=SkillCategory.OTHER
            )
            created.append(name)
    return found, created


@transaction.atomic
def snapshot_create(
    *,
    figures: MarketFigures,
    label: str,
    source: str,
    analysis_date: dt.date,
    postings_count: int | None = None,
    notes: str = "",
    tier_thresholds: dict | None = None,
    import_summary: dict | None = None,
    created_by=None,
) -> Snapshot:
    """Store figures as a new draft snapshot. Roles and skills it names but the taxonomy
    lacks are created (and listed in import_summary["created_roles"/"created_skills"])."""
    role_names = {f.role for f in [*figures.levels, *figures.demands] if f.role}
    roles, created_roles = _roles_by_name(role_names)
    skills, created_skills = _skills_by_name({f.skill for f in figures.demands})
    summary = dict(import_summary or {})
    summary.setdefault("created_roles", created_roles)
    summary.setdefault("created_skills", created_skills)
    snapshot = Snapshot.objects.create(
        label=label,
        source=source,
        analysis_date=analysis_date,
        postings_count=postings_count,
        notes=notes,
        tier_thresholds=tier_thresholds or {},
        import_summary=summary,
        created_by=created_by,
    )
    RoleLevelStat.objects.bulk_create(
        RoleLevelStat(
            snapshot=snapshot,
            role=roles[f.role.lower()] if f.role else None,
            seniority=f.seniority,
            job_count=f.job_count,
            avg_salary_usd=f.avg_salary_usd,
        )
        for f in figures.levels
    )
    SkillDemand.objects.bulk_create(
        SkillDemand(
            snapshot=snapshot,
            role=roles[f.role.lower()] if f.role else None,
            seniority=f.seniority,
            skill=skills[f.skill.lower()],
            share_pct=f.share_pct,
            priority=f.priority,
        )
        for f in figures.demands
    )
    return snapshot


# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises publishing.
PUBLISH_LOCK_KEY = 7_301_842_116


def _publish_lock() -> None:
    """Serialise publishers. On PostgreSQL a transaction-scoped advisory lock: row locks on
    the current snapshot are not enough, because a waiting publisher re-reads a row that is
    no longer current and would miss the one that now is. SQLite allows one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PUBLISH_LOCK_KEY])


def snapshot_publish(*, snapshot: Snapshot, by=None) -> Snapshot:
    """Make `snapshot` the one current market, in one transaction.

    The partial unique index `one_current_snapshot` guarantees there are never two current
    snapshots; switching inside one transaction means readers never see zero. Publishing an
    earlier snapshot again is how a market is rolled back.
    """
    with transaction.atomic():
        _publish_lock()
        try:
            target = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        except Snapshot.DoesNotExist:
            raise SnapshotError(
                f"Snapshot {snapshot.pk} no longer exists (it was discarded): nothing was "
                "published."
            ) from None
        if not target.is_current:
            # The old current first, so the unique index never sees two at once.
            Snapshot.objects.filter(is_current=True).update(is_current=False)
            target.state = Snapshot.State.PUBLISHED
            target.is_current = True
            target.published_at = target.published_at or timezone.now()
            target.save(update_fields=["state", "is_current", "published_at"])
    snapshot.refresh_from_db()
    return snapshot
