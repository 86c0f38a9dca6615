"""Reading market data: what employers ask for, per snapshot, role and seniority.

Each selector runs a fixed number of queries whatever the size of the data.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from market.comparisons import LevelCount, ShareFigure
from market.models import (
    BackgroundRecommendation,
    CareerPath,
    LearningResource,
    MarketVersion,
    PathStage,
    Role,
    RoleLevelStat,
    SeedInsight,
    SkillDemand,
    SkillTrend,
    Snapshot,
    StageSkill,
    TimelinePhase,
)
from market.vocabulary import ALL_LEVELS, SENIORITY_LEVELS, role_label

# Pages list each level, then every level together.
_PAGE_LEVEL_ORDER = (*SENIORITY_LEVELS, ALL_LEVELS)


def market_version() -> MarketVersion | None:
    """The version of everything the market app stores (None only before any market data).

    Read on every request of a cached page, so in plain SQL: building the ORM query cost
    twenty times more CPU than running it (275 vs 13 microseconds, SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {MarketVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns text; PostgreSQL a datetime
        changed_at = dt.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, dt.UTC)
    return MarketVersion(id=1, token=token, changed_at=changed_at)


# The market version's token, when this request has read it already (`market_token_known`).
_token_read: ContextVar[str | None] = ContextVar("market_token_read", default=None)


@contextmanager
def market_token_known(token: str) -> Iterator[None]:
    """Within the block, `market_token()` answers `token` without a query: a page cache that
    read the versions for its key lends that read to the code rendering the page, which then
    works at the very version the page is kept under."""
    reset = _token_read.set(token)
    try:
        yield
    finally:
        _token_read.reset(reset)


def market_token() -> str | None:
    """The market version's token: the one this request read (`market_token_known`), else
    read now (one query). None before any market data."""
    token = _token_read.get()
    if token is not None:
        return token
    version = market_version()
    return version.token if version is not None else None


def snapshot_current() -> Snapshot | None:
    return Snapshot.objects.filter(is_current=True).first()


def seed_snapshot() -> Snapshot | None:
    """The analysis the site started from (market/seed), published or not."""
    return Snapshot.objects.filter(import_summary__origin="seed").order_by("pk").first()


def role_labels() -> list[str]:
    """Every role as pages name it (`Role.label`), in the order pages list roles."""
    return [role.label for role in Role.objects.order_by("page_order", "name")]


def snapshots_published() -> list[Snapshot]:
    return list(Snapshot.objects.filter(state=Snapshot.State.PUBLISHED).order_by("-published_at"))


def snapshot_previous(*, snapshot: Snapshot) -> Snapshot | None:
    """The published snapshot published just before `snapshot` (for "largest moves")."""
    earlier = Snapshot.objects.filter(state=Snapshot.State.PUBLISHED).exclude(pk=snapshot.pk)
    if snapshot.published_at:
        earlier = earlier.filter(published_at__lt=snapshot.published_at)
    return earlier.order_by("-published_at", "-pk").first()


def demand_for(*, snapshot: Snapshot, role: Role | None, seniority: str) -> list[SkillDemand]:
    """Skill shares of one (role, seniority), highest first (role None = all roles)."""
    demands = SkillDemand.objects.filter(snapshot=snapshot, role=role, seniority=seniority)
    ordered = demands.select_related("skill").order_by(
        "-share_pct", "skill__display_order", "skill__name"
    )
    return list(ordered)


def level_stat_for(
    *, snapshot: Snapshot, role: Role | None, seniority: str
) -> RoleLevelStat | None:
    # role=None matches the all-roles row (IS NULL).
    return RoleLevelStat.objects.filter(snapshot=snapshot, role=role, seniority=seniority).first()


def level_stats(*, snapshot: Snapshot) -> list[RoleLevelStat]:
    """Every job count / salary row of the snapshot, roles in page order."""
    stats = RoleLevelStat.objects.filter(snapshot=snapshot).select_related("role")
    return sorted(stats, key=_role_level_key)


def _role_level_key(row) -> tuple:
    role = row.role
    role_key = (0, 0, "") if role is None else (1, role.page_order, role.name)
    return (role_key, _PAGE_LEVEL_ORDER.index(row.seniority))


def levels_with_figures(*, snapshot: Snapshot, role: Role) -> list[str]:
    """The seniorities at which `role` has figures in the snapshot (skill shares, or a job
    count or salary), levels in order, then "all"; one query."""
    stats = (
        RoleLevelStat.objects.filter(snapshot=snapshot, role=role)
        .exclude(job_count__isnull=True, avg_salary_usd__isnull=True)
        .order_by()
        .values_list("seniority", flat=True)
    )
    shares = (
        SkillDemand.objects.filter(snapshot=snapshot, role=role)
        .order_by()
        .values_list("seniority", flat=True)
    )
    found = set(stats.union(shares))
    return [level for level in _PAGE_LEVEL_ORDER if level in found]


def role_levels(*, snapshot: Snapshot) -> list[tuple[Role, str]]:
    """Every (role, seniority) with skill figures in the snapshot (levels, not "all")."""
    pairs = (
        SkillDemand.objects.filter(snapshot=snapshot, role__isnull=False)
        .exclude(seniority=ALL_LEVELS)
        .values_list("role_id", "seniority")
        .distinct()
    )
    pairs = set(pairs)
    roles = Role.objects.in_bulk({role_id for role_id, _ in pairs})
    found = [(roles[role_id], seniority) for role_id, seniority in pairs]
    return sorted(found, key=lambda p: (p[0].page_order, p[0].name, SENIORITY_LEVELS.index(p[1])))


def _with_items() -> Prefetch:
    """A stage's items with their skills, must-haves first (as market/_stage_items.html shows)."""
    items = StageSkill.objects.select_related("skill").order_by("kind", "order")
    return Prefetch("items", queryset=items)


def roadmap_stage(*, role: Role, seniority: str) -> PathStage | None:
    """The career-path stage that leads to `seniority` in a path for `role`, with its items."""
    return (
        PathStage.objects.filter(path__role=role, to_seniority=seniority)
        .select_related("path")
        .prefetch_related(_with_items())
        .order_by("path__display_order", "order")
        .first()
    )


def career_paths() -> list[CareerPath]:
    """Every path with its stages and their items (4 queries)."""
    stages = PathStage.objects.prefetch_related(_with_items()).order_by("order")
    return list(
        CareerPath.objects.select_related("role").prefetch_related(
            Prefetch("stages", queryset=stages)
        )
    )


def timeline_phases() -> list[TimelinePhase]:
    return list(TimelinePhase.objects.prefetch_related("items__skills"))


def skill_trends() -> list[SkillTrend]:
    return list(SkillTrend.objects.select_related("skill").order_by("direction", "order"))


def learning_resources() -> list[LearningResource]:
    return list(
        LearningResource.objects.select_related("skill").order_by(
            "-from_seed", "section", "skill__display_order", "min_level", "title"
        )
    )


def background_recommendations() -> list[BackgroundRecommendation]:
    return list(BackgroundRecommendation.objects.select_related("role", "path"))


def seed_insights(*, prefix: str = "") -> dict[str, SeedInsight]:
    """The seed analysis's statements by key, in the order the analysis prints them."""
    found = SeedInsight.objects.filter(key__startswith=prefix).order_by("pk")
    return {i.key: i for i in found}


# ---- Plain figures for the pure comparisons (market/comparisons.py) -----------------------


def share_figures(*, snapshot: Snapshot) -> list[ShareFigure]:
    # Plain tuples, not model instances: the market pages read every row of the snapshot.
    # A share counted from postings of a skill asked for in many wordings is "at least".
    # Roles as pages name them (`Role.label`, from the two columns by `vocabulary.role_label`).
    rows = SkillDemand.objects.filter(snapshot=snapshot).values_list(
        "role__person_title",
        "role__name",
        "seniority",
        "skill__name",
        "share_pct",
        "skill__wording_varies",
    )
    counted = snapshot.shares_counted_here
    return [
        ShareFigure(
            role_label(name=role, person_title=person),
            seniority,
            skill,
            share_pct,
            counted and varies,
        )
        for person, role, seniority, skill, share_pct, varies in rows
    ]


def level_counts(stats: Iterable[RoleLevelStat]) -> list[LevelCount]:
    return [
        LevelCount(
            role=s.role.label if s.role else None,
            seniority=s.seniority,
            job_count=s.job_count,
            avg_salary_usd=s.avg_salary_usd,
        )
        for s in stats
    ]
