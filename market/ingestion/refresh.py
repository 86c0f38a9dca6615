"""Refreshing the market: compare a draft with the current snapshot, discard it, or roll
back to an earlier snapshot (publishing it again)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction

from market.models import Role, RoleLevelStat, Skill, Snapshot
from market.selectors import share_figures
from market.services.snapshots import (
    CREATED_FIELDS,
    UNCHECKED,
    SnapshotError,
    snapshot_publish,
)
from market.vocabulary import ALL_ROLES, ShareKey, ShareMove, seniority_rank, share_moves


@dataclass(frozen=True)
class LevelChange:
    role: str
    seniority: str
    jobs_before: int | None
    jobs_after: int | None
    salary_before: int | None
    salary_after: int | None

    @property
    def jobs_delta(self) -> int | None:
        if self.jobs_before is None or self.jobs_after is None:
            return None
        return self.jobs_after - self.jobs_before

    @property
    def salary_delta(self) -> int | None:
        if self.salary_before is None or self.salary_after is None:
            return None
        return self.salary_after - self.salary_before


@dataclass
class SnapshotDiff:
    draft: Snapshot
    current: Snapshot | None
    moves: list[ShareMove] = field(default_factory=list)  # biggest first
    new_skills: list[str] = field(default_factory=list)
    vanished_skills: list[str] = field(default_factory=list)
    levels: list[LevelChange] = field(default_factory=list)
    postings_before: int | None = None
    postings_after: int | None = None

    @property
    def is_older(self) -> bool:
        """The draft was analysed before the current market: publishing it goes back in time."""
        return self.current is not None and self.draft.is_older_than(self.current)


def _shares(snapshot: Snapshot | None) -> dict[ShareKey, Decimal]:
    if snapshot is None:
        return {}
    return {(f.role, f.seniority, f.skill): f.share_pct for f in share_figures(snapshot=snapshot)}


# A level's key: (the role's page order, -1 for All so it comes first; role; seniority). The
# order comes from the one Role row, so a level has the same key in both snapshots.
LevelKey = tuple[int, str, str]


def _levels(snapshot: Snapshot | None) -> dict[LevelKey, tuple[int | None, int | None]]:
    """(page order, role, seniority) -> (job count, average salary)."""
    if snapshot is None:
        return {}
    rows = RoleLevelStat.objects.filter(snapshot=snapshot).values_list(
        "role__page_order", "role__name", "seniority", "job_count", "avg_salary_usd"
    )
    return {
        (-1 if role is None else order, role or ALL_ROLES, level): (jobs, pay)
        for order, role, level, jobs, pay in rows
    }


def _level_order(key: LevelKey) -> tuple:
    order, role, level = key
    return (order, role, seniority_rank(level))


def snapshot_diff(*, draft: Snapshot, current: Snapshot | None, limit: int = 15) -> SnapshotDiff:
    """How `draft` differs from `current`: the `limit` biggest share moves (in points) among
    the (role, seniority, skill) figures both have, skills only one of them mentions, and
    job counts and average salaries per (role, seniority)."""
    after, before = _shares(draft), _shares(current)
    moves = share_moves(before, after, measured_in_both=True, limit=limit)
    skills_after = {skill for _, _, skill in after}
    skills_before = {skill for _, _, skill in before}
    levels_after, levels_before = _levels(draft), _levels(current)
    levels = []
    # Roles as pages list them (Role.page_order), All first, each from entry up.
    for key in sorted(levels_after.keys() | levels_before.keys(), key=_level_order):
        jobs_before, salary_before = levels_before.get(key, (None, None))
        jobs_after, salary_after = levels_after.get(key, (None, None))
        _, role, level = key
        levels.append(
            LevelChange(role, level, jobs_before, jobs_after, salary_before, salary_after)
        )
    return SnapshotDiff(
        draft=draft,
        current=current,
        moves=moves,
        new_skills=sorted(skills_after - skills_before),
        vanished_skills=sorted(skills_before - skills_after) if current else [],
        levels=levels,
        postings_before=current.postings_count if current else None,
        postings_after=draft.postings_count,
    )


@dataclass(frozen=True)
class Discarded:
    """The names of the roles and skills a discarded draft had added that went with it."""

    roles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


def snapshot_discard(*, snapshot: Snapshot) -> Discarded:
    """Delete a draft and its figures, and the roles and skills its import added to the
    taxonomy (import_summary's created_roles / created_skills) that nothing else refers to
    now: a misspelt skill of a discarded file does not stay behind. Published snapshots are
    history and stay."""
    with transaction.atomic():
        target = Snapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        if target is None:
            return Discarded()
        if target.state != Snapshot.State.DRAFT:
            raise SnapshotError(
                f"Snapshot {target.pk} is published, so it stays as history: only drafts "
                "can be discarded."
            )
        summary = target.import_summary or {}
        target.delete()
        return Discarded(
            roles=_unused_deleted(Role, summary.get("created_roles") or []),
            skills=_unused_deleted(Skill, summary.get("created_skills") or []),
        )


def _unused_deleted(model, names: list[str]) -> list[str]:
    """Delete the entries of `model` named `names` that are still as the import created them
    (no alias, description or title rule an admin has since given them) and whose delete
    reaches no other row (no figures of another snapshot, no one's levels, no ad, path or
    resource); their names."""
    gone = []
    for entry in model.objects.filter(name__in=names).order_by("name"):
        if not _as_created(entry):
            continue
        reached = NestedObjects(using=router.db_for_write(model))
        reached.collect([entry])
        alone = list(reached.model_objs) == [model] and len(reached.model_objs[model]) == 1
        if alone and not reached.protected:
            entry.delete()
            gone.append(entry.name)
    return gone


def _as_created(entry) -> bool:
    """Whether every field of `entry` but its name and slug is what an import gives it."""
    model = type(entry)
    created = model(**CREATED_FIELDS[model._meta.model_name])
    return all(
        getattr(entry, f.attname) == getattr(created, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("name", "slug")
    )


def snapshot_roll_back(*, to: Snapshot, by=None, current_seen=UNCHECKED) -> Snapshot:
    """Make an earlier, published snapshot current again (`current_seen`: snapshot_publish)."""
    if to.state != Snapshot.State.PUBLISHED:
        raise SnapshotError(
            f"Snapshot {to.pk} was never published, so there is nothing to roll back to: "
            "publish the draft instead."
        )
    return snapshot_publish(snapshot=to, by=by, current_seen=current_seen)
