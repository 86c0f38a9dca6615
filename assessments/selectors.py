"""Reads for assessments: gap reports, the best-fit ranking, readiness over time.

Every function here runs a fixed number of queries, whatever the number of skills, roles or
users: rows are fetched in bulk and the scoring (`assessments.scoring`) happens in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone

from assessments.models import Profile, SkillLevel, SkillLevelChange
from assessments.scoring import GapResult, Requirement, ShareMove, SkillGap, gap_score, share_moves
from market.models import (
    ALL_LEVELS,
    SENIORITY_ORDER,
    BackgroundRecommendation,
    Role,
    RoleLevelStat,
    Seniority,
    Skill,
    SkillCategory,
    SkillDemand,
    SkillPrerequisite,
    Snapshot,
    StageSkill,
)
from market.selectors import demand_for, level_stat_for, role_levels, snapshot_current


@dataclass
class GapReport:
    """A person's levels against the requirements of one target in one snapshot."""

    snapshot: Snapshot | None
    role: Role
    seniority: str
    requirements: list[Requirement]
    levels: dict[str, int]
    step_hours: dict[str, dict[int, int]]
    prerequisites: dict[str, dict[str, int]]  # the whole taxonomy's
    skills_by_slug: dict[str, Skill]
    job_count: int | None = None
    avg_salary_usd: int | None = None

    @property
    def target_label(self) -> str:
        return target_label(role=self.role, seniority=self.seniority)

    @cached_property
    def result(self) -> GapResult:
        return self.score(self.levels)

    def score(self, levels: Mapping[str, int]) -> GapResult:
        """The same requirements scored against other levels (what-if, history, a plan)."""
        return gap_score(
            requirements=self.requirements,
            levels=levels,
            seniority=self.seniority,
            step_hours=self.step_hours,
            target=self.target_label,
        )


@dataclass(frozen=True)
class RoleFit:
    role: Role
    seniority: str
    result: GapResult
    job_count: int | None
    avg_salary_usd: int | None

    @property
    def target_label(self) -> str:
        return target_label(role=self.role, seniority=self.seniority)

    @property
    def salary_display(self) -> str:
        return f"${self.avg_salary_usd:,}" if self.avg_salary_usd else "unknown"

    @property
    def jobs_display(self) -> str:
        return f"{self.job_count:,}" if self.job_count is not None else "unknown"

    @property
    def top_raises(self) -> list[tuple[str, float]]:
        """The three skills whose closing would raise readiness most, with the points."""
        return [(g.name, self.result.points(g)) for g in self.result.missing[:3]]


@dataclass(frozen=True)
class Taxonomy:
    skills_by_slug: dict[str, Skill]
    step_hours: dict[str, dict[int, int]]
    prerequisites: dict[str, dict[str, int]]


def target_label(*, role: Role, seniority: str) -> str:
    """ "Senior ML Engineer", "Mid-level LLM/GenAI Engineer"."""
    label = Seniority(seniority).label if seniority in Seniority.values else seniority
    return f"{label} {role.name}"


def seniorities_up_to(seniority: str) -> list[str]:
    """ "senior" -> ["entry", "mid", "senior"]."""
    return SENIORITY_ORDER[: SENIORITY_ORDER.index(seniority) + 1]


def seniorities_from(seniority: str) -> list[str]:
    """ "mid" -> ["mid", "senior", "staff"]."""
    return SENIORITY_ORDER[SENIORITY_ORDER.index(seniority) :]


def step_hours_of(skills: Iterable[Skill]) -> dict[str, dict[int, int]]:
    """Hours of each level step (1..5) of each skill, by slug."""
    return {s.slug: {level: s.hours_for_step(level) for level in range(1, 6)} for s in skills}


def taxonomy_get() -> Taxonomy:
    """Every skill with its step hours and prerequisites (two queries)."""
    skills = list(Skill.objects.all())
    skills_by_slug = {s.slug: s for s in skills}
    step_hours = step_hours_of(skills)
    prerequisites: dict[str, dict[str, int]] = defaultdict(dict)
    for skill_slug, prereq_slug, min_level in SkillPrerequisite.objects.values_list(
        "skill__slug", "prerequisite__slug", "min_level"
    ):
        prerequisites[skill_slug][prereq_slug] = min_level
    return Taxonomy(skills_by_slug, step_hours, dict(prerequisites))


def levels_for(*, user) -> dict[str, int]:
    return dict(SkillLevel.objects.filter(user=user).values_list("skill__slug", "level"))


def requirements_for(
    *, snapshot: Snapshot | None, role: Role, seniority: str, job_count: int | None = None
) -> list[Requirement]:
    """Measured shares of (role, seniority) in `snapshot` plus the roadmap's must-haves.

    Roadmap must-haves are cumulative: the seed's "Mid-Level -> Senior: Must Add" items come on
    top of the "Entry -> Mid-Level: Must Have" ones, so a senior target inherits both."""
    requirements: list[Requirement] = []
    if snapshot is not None:
        demands = demand_for(snapshot=snapshot, role=role, seniority=seniority)
        requirements = [_measured(d, job_count) for d in demands]
    musts = StageSkill.objects.filter(
        kind=StageSkill.Kind.MUST,
        skill__isnull=False,
        stage__to_seniority__in=seniorities_up_to(seniority),
        stage__path__role=role,
    ).select_related("skill")
    requirements += [_roadmap(item.skill) for item in musts]
    return requirements


def gap_report_for(*, user, role: Role, seniority: str, snapshot=None) -> GapReport:
    """The person's gaps against (role, seniority) in `snapshot` (default: the current one).

    Seven queries, whatever the number of skills.
    """
    snapshot = snapshot or snapshot_current()
    stat = level_stat_for(snapshot=snapshot, role=role, seniority=seniority) if snapshot else None
    job_count = stat.job_count if stat else None
    requirements = requirements_for(
        snapshot=snapshot, role=role, seniority=seniority, job_count=job_count
    )
    taxonomy = taxonomy_get()
    return GapReport(
        snapshot=snapshot,
        role=role,
        seniority=seniority,
        requirements=requirements,
        levels=levels_for(user=user),
        step_hours=taxonomy.step_hours,
        prerequisites=taxonomy.prerequisites,
        skills_by_slug=taxonomy.skills_by_slug,
        job_count=job_count,
        avg_salary_usd=stat.avg_salary_usd if stat else None,
    )


def report_role_for(*, role_slug: str, seniority: str) -> Role | None:
    """The role `role_slug` when the current snapshot has figures for it at `seniority`
    (one query); None for an unknown role, seniority, or a pair without figures."""
    if seniority not in Seniority.values:
        return None
    return Role.objects.filter(
        slug=role_slug, skilldemand__snapshot__is_current=True, skilldemand__seniority=seniority
    ).first()


def best_fit_for(*, user, snapshot: Snapshot | None = None) -> list[RoleFit]:
    """Every (role, seniority) of the snapshot ranked by the person's readiness (desc),
    then job count (desc). Six queries, whatever the number of roles and skills."""
    snapshot = snapshot or snapshot_current()
    if snapshot is None:
        return []
    demands = (
        SkillDemand.objects.filter(snapshot=snapshot, role__isnull=False)
        .exclude(seniority=ALL_LEVELS)
        .select_related("skill", "role")
    )
    stats = {
        (s.role_id, s.seniority): s
        for s in RoleLevelStat.objects.filter(snapshot=snapshot, role__isnull=False)
    }
    measured: dict[tuple[int, str], list[Requirement]] = defaultdict(list)
    roles: dict[int, Role] = {}
    for d in demands:
        roles[d.role_id] = d.role
        stat = stats.get((d.role_id, d.seniority))
        measured[(d.role_id, d.seniority)].append(_measured(d, stat.job_count if stat else None))
    roadmap: dict[tuple[int, str], list[Requirement]] = defaultdict(list)
    musts = StageSkill.objects.filter(
        kind=StageSkill.Kind.MUST, skill__isnull=False
    ).select_related("skill", "stage__path")
    for item in musts:
        for seniority in seniorities_from(item.stage.to_seniority):
            roadmap[(item.stage.path.role_id, seniority)].append(_roadmap(item.skill))
    levels = levels_for(user=user)
    step_hours = step_hours_of(Skill.objects.all())
    fits = []
    for (role_id, seniority), reqs in measured.items():
        role = roles[role_id]
        stat = stats.get((role_id, seniority))
        result = gap_score(
            requirements=reqs + roadmap.get((role_id, seniority), []),
            levels=levels,
            seniority=seniority,
            step_hours=step_hours,
            target=target_label(role=role, seniority=seniority),
        )
        fits.append(
            RoleFit(
                role=role,
                seniority=seniority,
                result=result,
                job_count=stat.job_count if stat else None,
                avg_salary_usd=stat.avg_salary_usd if stat else None,
            )
        )
    fits.sort(
        key=lambda f: (
            -f.result.readiness,
            -(f.job_count or 0),
            f.role.name,
            SENIORITY_ORDER.index(f.seniority),
        )
    )
    return fits


@dataclass(frozen=True)
class ReadinessPoint:
    day: date
    readiness: float


def readiness_history_for(*, user, report: GapReport) -> list[ReadinessPoint]:
    """Readiness for the report's target at the end of each (local) day the person changed a
    level, replaying the history (one query); the last point is the current readiness."""
    changes = SkillLevelChange.objects.filter(user=user).order_by("changed_at", "id")
    levels: dict[str, int] = {}
    by_day: dict[date, dict[str, int]] = {}
    for changed_at, slug, level in changes.values_list("changed_at", "skill__slug", "level"):
        levels[slug] = level
        by_day[timezone.localdate(changed_at)] = dict(levels)
    return [
        ReadinessPoint(day, round(report.score(day_levels).readiness, 1))
        for day, day_levels in by_day.items()
    ]


@dataclass(frozen=True)
class MarketMove:
    previous: Snapshot
    current: Snapshot
    moves: list[ShareMove]
    readiness_before: float
    readiness_after: float


def market_move_for(*, profile: Profile, report: GapReport) -> MarketMove | None:
    """What changed for the person's target since the snapshot they last saw (None if
    nothing to say: first visit, or they have seen the current snapshot)."""
    previous = profile.last_seen_snapshot
    current = report.snapshot
    if previous is None or current is None or previous.pk == current.pk:
        return None
    old = requirements_for(snapshot=previous, role=report.role, seniority=report.seniority)
    before = gap_score(
        requirements=old,
        levels=report.levels,
        seniority=report.seniority,
        step_hours=report.step_hours,
    )
    return MarketMove(
        previous=previous,
        current=current,
        moves=share_moves(before=old, after=report.requirements),
        readiness_before=before.readiness,
        readiness_after=report.result.readiness,
    )


@dataclass(frozen=True)
class ReportPage:
    """What the gap report page shows for one target."""

    report: GapReport
    result: GapResult  # the report's own, or the what-if levels' when `what_if` is given
    what_if: dict[str, int] | None  # the person's levels with the what-if ones on top
    is_target: bool  # the profile's target (not another role the person looks at)
    history: list[ReadinessPoint]
    targets: list[tuple[Role, str]]  # every (role, seniority) to switch to


def report_page_for(
    *,
    user,
    profile: Profile,
    role: Role,
    seniority: str,
    what_if: Mapping[str, int] | None = None,
) -> ReportPage:
    """The report of (role, seniority) on the current snapshot; with `what_if` levels scored
    on top of the person's without saving anything. Ten queries, whatever the number of
    skills, users or history rows."""
    report = gap_report_for(user=user, role=role, seniority=seniority)
    levels = {**report.levels, **what_if} if what_if is not None else None
    return ReportPage(
        report=report,
        result=report.score(levels) if levels is not None else report.result,
        what_if=levels,
        is_target=role.pk == profile.target_role_id and seniority == profile.target_seniority,
        history=readiness_history_for(user=user, report=report),
        targets=role_levels(snapshot=report.snapshot) if report.snapshot else [],
    )


def _measured(demand: SkillDemand, job_count: int | None) -> Requirement:
    return Requirement(
        skill=demand.skill.slug,
        name=demand.skill.name,
        share_pct=float(demand.share_pct),
        tier=demand.priority,
        from_roadmap=False,
        n_postings=job_count,
    )


def _roadmap(skill: Skill) -> Requirement:
    return Requirement(
        skill=skill.slug,
        name=skill.name,
        share_pct=0.0,
        tier="",
        from_roadmap=True,
        n_postings=None,
    )


def recommendation_for(*, background: str) -> BackgroundRecommendation | None:
    """The seed's final recommendation for a background, if it gives one."""
    if not background:
        return None
    return (
        BackgroundRecommendation.objects.select_related("role", "path")
        .filter(background=background)
        .first()
    )


@dataclass(frozen=True)
class SkillRow:
    skill: Skill
    level: int
    gap: SkillGap | None  # what the target asks of it, when it does


@dataclass(frozen=True)
class SkillGroup:
    title: str
    rows: list[SkillRow]
    is_target: bool = False


@dataclass(frozen=True)
class SkillsPage:
    groups: list[SkillGroup]
    report: GapReport | None
    levels: dict[str, int]


def skills_page_for(*, user, profile: Profile) -> SkillsPage:
    """Every skill of the taxonomy with the person's level: the target's skills first (in
    the report's order), then the rest by category. Eight queries with a target, two without."""
    report = None
    if profile.target_role_id:
        report = gap_report_for(
            user=user, role=profile.target_role, seniority=profile.target_seniority
        )
        skills, levels = list(report.skills_by_slug.values()), report.levels
    else:
        skills, levels = list(Skill.objects.all()), levels_for(user=user)
    asked = {g.skill: g for g in report.result.gaps} if report else {}
    groups = []
    if asked:
        title = f"Asked for by your target, {report.target_label}"
        rows = [
            SkillRow(report.skills_by_slug[slug], levels.get(slug, 0), gap)
            for slug, gap in sorted(asked.items(), key=lambda kv: (-kv[1].weight, kv[1].name))
            if slug in report.skills_by_slug
        ]
        groups.append(SkillGroup(title, rows, is_target=True))
    by_category: dict[str, list[SkillRow]] = defaultdict(list)
    for skill in skills:
        if skill.slug not in asked:
            by_category[skill.category].append(SkillRow(skill, levels.get(skill.slug, 0), None))
    labels = dict(SkillCategory.choices)
    for category, _ in SkillCategory.choices:
        if by_category.get(category):
            groups.append(SkillGroup(labels[category], by_category[category]))
    return SkillsPage(groups, report, levels)
