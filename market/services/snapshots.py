"""Writing snapshots: create a draft from figures, publish one atomically."""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from market.ingestion.figures import MarketFigures
from market.ingestion.new_names import (
    NEAR_MISSES,
    NEW_NAME_BOX,
    near_misses_loaded,
    near_misses_text,
)
from market.models import (
    Role,
    RoleLevelStat,
    Skill,
    SkillCategory,
    SkillDemand,
    Snapshot,
)
from market.names import unique_slug
from market.services.roles import role_label_clash


class SnapshotError(Exception):
    """A snapshot cannot be created or published; the message says why."""


class NearMissPending(SnapshotError):
    """The draft names a new role or skill that resembles an existing one, not yet accepted
    as new (market/ingestion/new_names.py)."""


class CurrentChangedError(SnapshotError):
    """Another snapshot was published after the publisher looked at the current market."""


def gone_text(snapshot_id: int) -> str:
    """The start of what an admin reads about a snapshot deleted since the page was drawn."""
    return f"Snapshot {snapshot_id} no longer exists (it was discarded)"


# snapshot_publish's `current_seen` when the caller did not say which market it saw.
UNCHECKED = object()

# What an import gives a role or a skill it creates besides its name and slug (the rest are
# the model's defaults): `snapshot_discard` takes back only entries still as created.
CREATED_FIELDS = {"role": {}, "skill": {"category": SkillCategory.OTHER}}


def _by_name(model, names: set[str], **fields) -> tuple[dict, list[str]]:
    """Existing entries of `model` (Role or Skill) by lower-cased name, with those `names`
    lacks created (each with a unique, non-empty slug); and the names created."""
    found = {entry.name.lower(): entry for entry in model.objects.all()}
    taken = {entry.slug for entry in found.values()}
    created = []
    for name in sorted(names):
        if name.lower() not in found:
            slug = unique_slug(name, kind=model.slug_kind, taken=taken)
            found[name.lower()] = model.objects.create(name=name, slug=slug, **fields)
            taken.add(slug)
            created.append(name)
    return found, created


def _role_labels_check(names: set[str]) -> None:
    """Refuse to create a role (named in the figures, not in the taxonomy) that pages would
    name as they name another role (`role_label_clash`): its figures would merge with that
    role's. "AI/ML Researcher" is the research role's label, not a new role."""
    existing = list(Role.objects.only("name", "person_title"))
    known = {role.name.lower() for role in existing}
    new = [Role(name=name) for name in sorted(names) if name.lower() not in known]
    problem = new and role_label_clash([*existing, *new])
    if problem:
        raise SnapshotError(f"The figures name a role the taxonomy lacks. {problem}")


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
    # Before reading the taxonomy: a draft discarded meanwhile (`snapshot_discard`) would
    # otherwise delete a skill this draft has just found and is about to count.
    publish_lock()
    role_names = {f.role for f in [*figures.levels, *figures.demands] if f.role}
    _role_labels_check(role_names)
    roles, created_roles = _by_name(Role, role_names, **CREATED_FIELDS["role"])
    skills, created_skills = _by_name(
        Skill, {f.skill for f in figures.demands}, **CREATED_FIELDS["skill"]
    )
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


def publish_lock() -> None:
    """Serialise publishers (and imports and discards, which read and change what the
    drafts count). On PostgreSQL a transaction-scoped advisory lock: row locks on
    the current snapshot are not enough, because a waiting publisher re-reads a row that is
    no longer current and would miss the one that now is. SQLite allows one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PUBLISH_LOCK_KEY])


def snapshot_publish(*, snapshot: Snapshot, by=None, current_seen=UNCHECKED) -> Snapshot:
    """Make `snapshot` the one current market, in one transaction.

    `current_seen` is the id of the current snapshot (None: there was none) the publisher
    compared with; when another one has been published since, CurrentChangedError is raised
    and nothing changes, so two admins publishing at once never replace each other unseen.

    The partial unique index `one_current_snapshot` guarantees there are never two current
    snapshots; switching inside one transaction means readers never see zero. Publishing an
    earlier snapshot again is how a market is rolled back.
    """
    with transaction.atomic():
        publish_lock()
        try:
            target = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        except Snapshot.DoesNotExist:
            raise SnapshotError(f"{gone_text(snapshot.pk)}: nothing was published.") from None
        if pending := near_misses_loaded((target.import_summary or {}).get(NEAR_MISSES)):
            file = (target.import_summary or {}).get("file")
            raise NearMissPending(
                f"Snapshot {target.pk} was not published: "
                + (f"{file}, " if file else "")
                + near_misses_text(pending, NEW_NAME_BOX)
                + "."
            )
        if current_seen is not UNCHECKED:
            _current_unchanged(target, current_seen)
        if not target.is_current:
            # The old current first, so the unique index never sees two at once.
            Snapshot.objects.filter(is_current=True).update(is_current=False)
            target.state = Snapshot.State.PUBLISHED
            target.is_current = True
            target.published_at = target.published_at or timezone.now()
            target.save(update_fields=["state", "is_current", "published_at"])
    snapshot.refresh_from_db()
    return snapshot


def _current_unchanged(target: Snapshot, current_seen: int | None) -> None:
    current = Snapshot.objects.filter(is_current=True).first()
    if current is None or current.pk in (current_seen, target.pk):
        return
    when = f" at {timezone.localtime(current.published_at):%H:%M}" if current.published_at else ""
    raise CurrentChangedError(
        f"Snapshot {current.pk} ({current.label}) was made the current market{when}, after "
        f"you looked, so snapshot {target.pk} was not published: compare it with the current "
        "market below, then publish it if it should replace it."
    )
