"""Refreshing the market: compare a draft with the current snapshot, discard it, or roll
back to an earlier snapshot (publishing it again)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q

from market.ingestion.new_names import (
    NEAR_MISSES,
    NEAR_MISSES_ACCEPTED,
    near_misses_loaded,
    near_misses_stored,
)
from market.models import Role, RoleLevelStat, Skill, SkillDemand, Snapshot
from market.services.snapshots import (
    CREATED_FIELDS,
    UNCHECKED,
    SnapshotError,
    publish_lock,
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
    # The admin's preview names roles as stored (the import's names), not as pages label them.
    rows = SkillDemand.objects.filter(snapshot=snapshot).values_list(
        "role__name", "seniority", "skill__name", "share_pct"
    )
    return {(role, seniority, skill): share for role, seniority, skill, share in rows}


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
class HandedOver:
    """A role or skill a discarded draft's import had added that stays because other drafts
    count it: those drafts now list it (import_summary's taken_over_*), so discarding the
    last of them takes it."""

    kind: str  # "role" or "skill"
    name: str
    drafts: list[int]
    # What besides figures uses it too, as Kept's `uses` (none: []): then discarding the
    # last of those drafts keeps it while that lasts.
    uses: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Kept:
    """A role or skill a discarded draft had added that no draft counts any more but that
    stays because something besides figures refers to it: `uses` counts those rows by kind
    ("rating", "job ad", ...; in the order of the model's relations), never whose they are."""

    kind: str  # "role" or "skill"
    name: str
    uses: list[tuple[str, int]]


@dataclass(frozen=True)
class Discarded:
    """The names of the roles and skills a discarded draft had added, or taken over from a
    draft discarded before, that went with it (those taken over listed again apart); and
    those that other drafts still count, handed over to them; and those that stay, no draft
    counting them, because a person's rating, an ad, a path... refers to them (kept)."""

    roles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    roles_taken_over: list[str] = field(default_factory=list)
    skills_taken_over: list[str] = field(default_factory=list)
    handed_over: list[HandedOver] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)


# import_summary's lists of the entries a draft takes back when it is discarded: those its
# import added to the taxonomy, and those a discarded draft handed over to it.
TAKEN_BACK = {
    Role: ("created_roles", "taken_over_roles"),
    Skill: ("created_skills", "taken_over_skills"),
}


def snapshot_discard(*, snapshot: Snapshot) -> Discarded:
    """Delete a draft and its figures, and the roles and skills its import added to the
    taxonomy (import_summary's created_roles / created_skills, and taken_over_roles /
    taken_over_skills a discarded draft handed over) that nothing else refers to now: a
    misspelt skill of a discarded file does not stay behind. An entry kept only while other
    drafts count it is handed over to them, so discarding the last of them takes it; one a
    published snapshot counts stays for good, as history."""
    with transaction.atomic():
        # Serialised with imports and publishing: no draft is created or published between
        # reading who counts an entry and handing it over.
        publish_lock()
        target = Snapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        if target is None:
            return Discarded()
        _drafts_only(target)
        draft_id, summary = target.pk, target.import_summary or {}
        target.delete()  # which sets target.pk to None
        return _discarded(draft_id, summary, write=True)


def snapshot_discard_preview(*, snapshot: Snapshot) -> Discarded:
    """What `snapshot_discard` would do to the draft `snapshot` now, told as it tells what it
    did, with nothing written or locked (the confirmation page's GET): its own figures are
    left out of the counts, as its delete would take them. SnapshotError for a published
    snapshot, as snapshot_discard raises."""
    _drafts_only(snapshot)
    return _discarded(snapshot.pk, snapshot.import_summary or {}, write=False)


def _drafts_only(snapshot: Snapshot) -> None:
    """SnapshotError unless `snapshot` is a draft: a published one stays as history."""
    if snapshot.state != Snapshot.State.DRAFT:
        raise SnapshotError(
            f"Snapshot {snapshot.pk} is published, so it stays as history: only drafts "
            "can be discarded."
        )


def _discarded(draft_id: int, summary: dict, *, write: bool) -> Discarded:
    """The Discarded of the draft `draft_id` whose import_summary was `summary`: its entries
    taken back (`write`) or only told as they would be."""
    roles, handed_roles, kept_roles = _taken_back(Role, summary, draft_id, write=write)
    skills, handed_skills, kept_skills = _taken_back(Skill, summary, draft_id, write=write)
    return Discarded(
        roles=roles,
        skills=skills,
        roles_taken_over=[n for n in roles if n in summary.get("taken_over_roles", [])],
        skills_taken_over=[n for n in skills if n in summary.get("taken_over_skills", [])],
        handed_over=handed_roles + handed_skills,
        kept=kept_roles + kept_skills,
    )


def _taken_back(
    model, summary: dict, draft_id: int, *, write: bool
) -> tuple[list[str], list[HandedOver], list[Kept]]:
    """Delete (when `write`) the entries of `model` that the discarded draft's `summary`
    lists (TAKEN_BACK), are still as the import created them (no alias, description or title
    rule an admin has since given them) and that no row but the draft's own figures refers to
    (no figures of another snapshot, no one's levels or target role, no ad, plan, path or
    resource); their names, the kept ones handed over, and those kept because something
    besides figures uses them that no draft counts."""
    names = [name for key in TAKEN_BACK[model] for name in summary.get(key) or []]
    gone, handed, kept = [], [], []
    entries = model.objects.filter(name__in=names).order_by("name")
    if write:
        # Locked first: a rating (or an ad's skill) saved meanwhile waits, then is refused,
        # rather than being deleted with an entry that looked unused.
        entries = entries.select_for_update()
    entries = [entry for entry in entries if _as_created(entry)]
    referring = _referring(model, entries, draft_id)
    for entry in entries:
        figures, uses = referring.get(entry.pk, (0, []))
        if not figures and not uses:
            if write:
                entry.delete()
            gone.append(entry.name)
        elif drafts := _handed_over(entry, draft_id, write=write):
            handed.append(HandedOver(model._meta.model_name, entry.name, drafts, uses))
        elif uses:
            kept.append(Kept(model._meta.model_name, entry.name, uses))
    return gone, handed, kept


# Rows that count an entry in a snapshot's figures: the ones a hand-over is about.
FIGURES = (SkillDemand, RoleLevelStat)


def _referring(model, entries, draft_id: int) -> dict[int, tuple[int, list[tuple[str, int]]]]:
    """For each of `entries` (of `model`) that some row refers to, by id: how many figures
    rows do (the draft `draft_id`'s own left out: its delete takes them), and how many other
    rows of each kind (use_label, _spoken) do. Every foreign key to
    `model` counts, whatever its on_delete: one a delete would set to null (a person's job
    ad, their target role) or leave alone refers to the entry as much as one it cascades to
    or that protects it. One query per foreign key, for all the entries at once."""
    found: dict[int, tuple[int, Counter]] = {}
    if not entries:
        return {}
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue  # a many-to-many's rows are its through model's, reached by its key
        fk = relation.field
        referring = fk.model._base_manager.filter(**{f"{fk.name}__in": entries})
        if fk.model in FIGURES:
            referring = referring.exclude(snapshot_id=draft_id)
        rows = (
            referring.values(fk.attname).annotate(rows=Count("pk")).values_list(fk.attname, "rows")
        )
        for pk, count in rows:
            figures, uses = found.setdefault(pk, (0, Counter()))
            if fk.model in FIGURES:
                found[pk] = (figures + count, uses)
            else:
                uses[use_label(fk.model)] += count
    return {pk: (figures, _spoken(uses)) for pk, (figures, uses) in found.items()}


def _spoken(uses: Counter) -> list[tuple[str, int]]:
    """`uses` as said: a rating's changes (SkillLevelChange) are its history, one each time
    the person set it, not uses of their own; said only when no rating is left beside them
    ("2 ratings", not "2 ratings, 2 rating changes" for two people who rated it once)."""
    if uses["rating"]:
        del uses["rating change"]
    return list(uses.items())


# What a person reads for a row referring to a role or skill, where its model's verbose
# name would not say it (a many-to-many's rows are named after the model that holds it).
USE_LABELS = {
    "assessments.skilllevel": "rating",
    "assessments.skilllevelchange": "rating change",
    "assessments.jobad": "job ad",
    "assessments.jobadskill": "job ad",
    "assessments.profile": "target role",
    "assessments.plan": "learning plan",
    "assessments.planitem": "learning plan item",  # a plan can hold two of one skill
}


def use_label(model) -> str:
    """'rating' for a SkillLevel: the singular a count of `model`'s rows is said in."""
    if model._meta.auto_created:  # a many-to-many's through model: the model holding it
        model = model._meta.auto_created
    return USE_LABELS.get(model._meta.label_lower, str(model._meta.verbose_name))


def _handed_over(entry: Role | Skill, draft_id: int, *, write: bool) -> list[int]:
    """Add `entry` (when `write`) to the taken-over list of every draft besides `draft_id`
    whose figures count it, unless a published snapshot counts it too (then it stays for
    good); those drafts' ids."""
    if isinstance(entry, Role):
        counting = Q(demands__role=entry) | Q(role_stats__role=entry)
    else:
        counting = Q(demands__skill=entry)
    snapshots = Snapshot.objects.filter(
        pk__in=Snapshot.objects.filter(counting).values("pk")
    ).exclude(pk=draft_id)
    if snapshots.exclude(state=Snapshot.State.DRAFT).exists():
        return []
    created_key, taken_key = TAKEN_BACK[type(entry)]
    drafts = []
    for draft in snapshots.order_by("pk"):
        summary = draft.import_summary or {}
        taken = summary.get(taken_key) or []
        if write and entry.name not in (summary.get(created_key) or []) + taken:
            draft.import_summary = {**summary, taken_key: [*taken, entry.name]}
            draft.save(update_fields=["import_summary"])
        drafts.append(draft.pk)
    return drafts


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


def draft_publish(
    *, snapshot: Snapshot, by=None, current_seen=UNCHECKED, accepted: Iterable[tuple[str, str]] = ()
) -> Snapshot:
    """Publish a draft (snapshot_publish), first accepting as new the near-misses it holds
    (import_summary[NEAR_MISSES]) that `accepted` names ((kind, name), without case): they
    move to import_summary["near_misses_accepted"]. While any stays, NearMissPending, and
    nothing changes."""
    taken = {(kind, name.lower()) for kind, name in accepted}
    with transaction.atomic():
        # Read again, locked: a draft discarded since `snapshot` was read may have handed this
        # one its typos (import_summary), which writing back a stale copy would lose.
        fresh = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        summary = dict(fresh.import_summary or {})
        nears = near_misses_loaded(summary.get(NEAR_MISSES))
        if nears:
            pending = [near for near in nears if near.key() not in taken]
            summary[NEAR_MISSES] = near_misses_stored(pending)
            if not pending:
                del summary[NEAR_MISSES]
                summary[NEAR_MISSES_ACCEPTED] = near_misses_stored(nears)
            Snapshot.objects.filter(pk=snapshot.pk).update(import_summary=summary)
        return snapshot_publish(snapshot=snapshot, by=by, current_seen=current_seen)
