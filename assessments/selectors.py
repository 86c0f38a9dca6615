"""Reads for assessments: gap reports, the best-fit ranking, readiness over time.

Every function here runs a fixed number of queries, whatever the number of skills, roles or
users: rows are fetched in bulk and the scoring (`assessments.scoring`) happens in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.ad_analysis import AdAsk, MarketLevel, ad_requirements, level_name
from assessments.models import (
    JobAd,
    JobAdSkill,
    LevelDescriptor,
    Plan,
    Profile,
    SkillLevel,
    SkillLevelChange,
)
from assessments.scoring import (
    LEVEL_NAMES,
    Evidence,
    GapResult,
    Requirement,
    SkillGap,
    gap_score,
    lower_bound_names,
    measured_shares,
    uniform_rating,
)
from market.models import (
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
from market.vocabulary import ALL_LEVELS, SENIORITY_LEVELS, ShareMove, share_moves


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
    label: str = ""  # names a target other than (role, seniority): a job ad
    asker: str = "the role"  # who needs the levels, in the `why` sentences
    # A job ad's nice-to-haves (slugs): a plan learns the must-haves first. A role's
    # requirements are all must-haves.
    nice_to_have: frozenset[str] = frozenset()

    @property
    def target_label(self) -> str:
        return self.label or target_label(role=self.role, seniority=self.seniority)

    @property
    def in_market(self) -> bool:
        """The snapshot has figures for the target: a share measured in its postings (a
        market refresh can leave a role and seniority out)."""
        return any(not r.from_roadmap for r in self.requirements)

    def is_nice_to_have(self, slug: str) -> bool:
        """The one rule for "a job ad's nice-to-have": the ad asks for the skill `slug` as a
        plus, not a must-have (a role's target has none)."""
        return slug in self.nice_to_have

    @cached_property
    def result(self) -> GapResult:
        return self.score(self.levels)

    @property
    def evidence(self) -> Evidence:
        """What readiness rests on (the same for any levels: what-if changes none of it)."""
        return Evidence.of(self.result, postings=self.job_count)

    def score(self, levels: Mapping[str, int]) -> GapResult:
        """The same requirements scored against other levels (what-if, history, a plan)."""
        return gap_score(
            requirements=self.requirements,
            levels=levels,
            seniority=self.seniority,
            step_hours=self.step_hours,
            target=self.target_label,
            asker=self.asker,
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
    def evidence(self) -> Evidence:
        return Evidence.of(self.result, postings=self.job_count)

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
    """ "Senior ML Engineer", "Mid-level LLM/GenAI Engineer" (`market.vocabulary.target_title`)."""
    return role.target_title(seniority)


def seniorities_up_to(seniority: str) -> list[str]:
    """ "senior" -> ["entry", "mid", "senior"]."""
    return list(SENIORITY_LEVELS[: SENIORITY_LEVELS.index(seniority) + 1])


def seniorities_from(seniority: str) -> list[str]:
    """ "mid" -> ["mid", "senior", "staff"]."""
    return list(SENIORITY_LEVELS[SENIORITY_LEVELS.index(seniority) :])


def step_hours_of(skills: Iterable[Skill]) -> dict[str, dict[int, int]]:
    """Hours of each level step (1..5) of each skill, by slug."""
    return {s.slug: {level: s.hours_for_step(level) for level in range(1, 6)} for s in skills}


def step_hours_get() -> dict[str, dict[int, int]]:
    """Hours of each level step of every skill, from (slug, difficulty) rows (one query):
    `Skill.hours_for_step` is the rule, worked out once per distinct difficulty."""
    by_difficulty: dict = {}
    hours = {}
    for slug, difficulty in Skill.objects.values_list("slug", "difficulty"):
        if difficulty not in by_difficulty:
            rule = Skill(difficulty=difficulty)
            by_difficulty[difficulty] = {n: rule.hours_for_step(n) for n in range(1, 6)}
        hours[slug] = dict(by_difficulty[difficulty])
    return hours


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


def profile_for(*, user) -> Profile:
    """The person's profile; before its first save an unsaved one with the defaults (a
    read never creates it: pages only read, the POST that saves the profile creates it)."""
    found = (
        Profile.objects.select_related("target_role", "last_seen_snapshot")
        .filter(user=user)
        .first()
    )
    return found or Profile(user=user)


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
        counted = snapshot.shares_counted_here
        requirements = [_measured(d, job_count, counted=counted) for d in demands]
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


def target_report_for(*, user, profile: Profile) -> GapReport | None:
    """The person's report against their profile's target (seven queries); None without one,
    or when the current market has no figures for it (its readiness would rest on nothing)."""
    if not profile.target_role_id:
        return None
    report = gap_report_for(user=user, role=profile.target_role, seniority=profile.target_seniority)
    return report if report.in_market else None


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
    then job count (desc). Six queries, whatever the number of roles and skills.

    Rows are read as tuples, not model instances: an imported snapshot has thousands of
    demand rows, and building a SkillDemand, Skill and Role for each was most of the page."""
    snapshot = snapshot or snapshot_current()
    if snapshot is None:
        return []
    demands = (
        SkillDemand.objects.filter(snapshot=snapshot, role__isnull=False)
        .exclude(seniority=ALL_LEVELS)
        .values_list(
            "role_id",
            "role__name",
            "role__slug",
            "role__person_title",
            "seniority",
            "skill__slug",
            "skill__name",
            "share_pct",
            "priority",
        )
    )
    stats = {
        (role_id, seniority): (job_count, salary)
        for role_id, seniority, job_count, salary in RoleLevelStat.objects.filter(
            snapshot=snapshot, role__isnull=False
        ).values_list("role_id", "seniority", "job_count", "avg_salary_usd")
    }
    measured: dict[tuple[int, str], list[Requirement]] = defaultdict(list)
    roles: dict[int, Role] = {}
    for (
        role_id,
        role_name,
        role_slug,
        person_title,
        seniority,
        slug,
        name,
        share,
        priority,
    ) in demands:
        if role_id not in roles:  # only what the ranking shows: id, names and slug
            roles[role_id] = Role(
                id=role_id, name=role_name, slug=role_slug, person_title=person_title
            )
        job_count = stats.get((role_id, seniority), (None, None))[0]
        measured[(role_id, seniority)].append(
            Requirement(slug, name, float(share), priority, False, job_count)
        )
    roadmap: dict[tuple[int, str], list[Requirement]] = defaultdict(list)
    musts = StageSkill.objects.filter(kind=StageSkill.Kind.MUST, skill__isnull=False).values_list(
        "stage__path__role_id", "stage__to_seniority", "skill__slug", "skill__name"
    )
    for role_id, to_seniority, slug, name in musts:
        for seniority in seniorities_from(to_seniority):
            roadmap[(role_id, seniority)].append(Requirement(slug, name, 0.0, "", True, None))
    levels = levels_for(user=user)
    step_hours = step_hours_get()
    fits = []
    for (role_id, seniority), reqs in measured.items():
        role = roles[role_id]
        job_count, salary = stats.get((role_id, seniority), (None, None))
        result = gap_score(
            requirements=reqs + roadmap.get((role_id, seniority), []),
            levels=levels,
            seniority=seniority,
            step_hours=step_hours,
            target=target_label(role=role, seniority=seniority),
        )
        fits.append(RoleFit(role, seniority, result, job_count, salary))
    fits.sort(
        key=lambda f: (
            -f.result.readiness,
            -(f.job_count or 0),
            f.role.name,
            SENIORITY_LEVELS.index(f.seniority),
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
        ReadinessPoint(day, report.score(day_levels).readiness_display)
        for day, day_levels in by_day.items()
    ]


@dataclass(frozen=True)
class MarketMove:
    previous: Snapshot
    current: Snapshot
    moves: list[ShareMove]
    readiness_before: float
    readiness_after: float
    # The skills whose share before / now is a lower bound: shown "at least", as in the table.
    at_least_before: frozenset[str] = frozenset()
    at_least_now: frozenset[str] = frozenset()

    @property
    def is_older(self) -> bool:
        """The figures now in use were analysed before the ones the person last saw."""
        return self.current.is_older_than(self.previous)


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
        moves=share_moves(measured_shares(old), measured_shares(report.requirements)),
        readiness_before=before.readiness_display,
        readiness_after=report.result.readiness_display,
        at_least_before=lower_bound_names(old),
        at_least_now=lower_bound_names(report.requirements),
    )


WHAT_IF_TOP = 6  # missing skills the what-if panel shows before "more skills"


@dataclass(frozen=True)
class WhatIfRow:
    """One skill of the what-if panel: its gap at the person's saved levels, and the level
    its control shows (the what-if one when given, else the saved one)."""

    gap: SkillGap
    level: int

    @property
    def is_missing(self) -> bool:
        """The level the control shows falls short of the required one."""
        return self.level < self.gap.required_level

    @property
    def status(self) -> SafeString:
        """ "Missing: needs Working (3); you are at Aware (1)" at the saved level; at a
        what-if one, the verdict is the what-if's and both levels are named: "Met: needs
        Working (3); what-if Expert (5), saved level Aware (1)". Each level is read whole: on a
        phone a line breaks around it, not before its "(1)"."""
        verdict = "Missing" if self.is_missing else "Met"
        needs = format_html("{}: needs {}", verdict, nowrap(self.gap.required_words))
        saved = nowrap(self.gap.current_words)
        if self.level == self.gap.current_level:
            return format_html("{}; you are at {}", needs, saved)
        what_if = nowrap(level_name(self.level))
        return format_html("{}; what-if {}, saved level {}", needs, what_if, saved)


def nowrap(words: str) -> SafeString:
    """Words a line never breaks inside ("Aware (1)", "1 December 2026"; site.css)."""
    return format_html('<span class="nowrap">{}</span>', words)


@dataclass(frozen=True)
class WhatIfPanel:
    top: list[WhatIfRow]  # the largest gaps at the saved levels, largest first
    rest: list[WhatIfRow]  # every other requirement, by name
    rest_changed: bool  # a what-if level differs from the saved one among `rest`

    @property
    def rows(self) -> list[WhatIfRow]:
        return [*self.top, *self.rest]


@dataclass(frozen=True)
class ReportPage:
    """What the gap report page shows for one target."""

    report: GapReport
    result: GapResult  # the report's own, or the what-if levels' when `what_if` is given
    what_if: dict[str, int] | None  # the person's levels with the what-if ones on top
    is_target: bool  # the profile's target (not another role the person looks at)
    history: list[ReadinessPoint]
    targets: list[tuple[Role, str]]  # every (role, seniority) to switch to

    @property
    def what_if_panel(self) -> WhatIfPanel:
        """The what-if controls: built from the saved levels, so they keep their order
        whatever levels the person tries."""
        levels = self.what_if if self.what_if is not None else self.report.levels
        rows = [WhatIfRow(g, levels.get(g.skill, 0)) for g in self.report.result.gaps]
        top = [row for row in rows if row.gap.gap][:WHAT_IF_TOP]
        shown = {row.gap.skill for row in top}
        rest = sorted((r for r in rows if r.gap.skill not in shown), key=lambda r: r.gap.name)
        changed = any(row.level != row.gap.current_level for row in rest)
        return WhatIfPanel(top, rest, changed)


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


def _measured(demand: SkillDemand, job_count: int | None, *, counted: bool) -> Requirement:
    """`counted`: the snapshot's shares were counted here (Snapshot.shares_counted_here)."""
    return Requirement(
        skill=demand.skill.slug,
        name=demand.skill.name,
        share_pct=float(demand.share_pct),
        tier=demand.priority,
        from_roadmap=False,
        n_postings=job_count,
        lower_bound=counted and demand.skill.wording_varies,
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


LevelMeanings = dict[str, dict[int, str]]  # category -> level -> what the level means


def level_meanings_get() -> LevelMeanings:
    """What each level 0-5 means for each skill category, as admins edited it (one query)."""
    meanings: LevelMeanings = defaultdict(dict)
    for category, level, text in LevelDescriptor.objects.values_list(
        "category", "level", "description"
    ):
        meanings[category][level] = text
    return dict(meanings)


@dataclass(frozen=True)
class SkillRow:
    skill: Skill
    level: int
    gap: SkillGap | None  # what the target asks of it, when it does
    meaning: str = ""  # what `level` means for this kind of skill
    note: str = ""  # what another target (a job ad) asks of it, shown instead

    @property
    def asks(self) -> str:
        """What the target asks of the skill ("91.9% of postings (Critical); needs Advanced
        (4)"), or the skill's description when the target does not ask for it."""
        gap = self.gap
        if self.note:
            return self.note
        if gap is None:
            return self.skill.description
        if gap.share_pct:
            tier = f" ({gap.tier})" if gap.tier else ""
            least = "at least " if gap.lower_bound else ""
            source = f"{least}{gap.share_pct:.1f}% of postings{tier}"
        else:
            source = "Roadmap must-have"
        return f"{source}; needs {gap.required_name} ({gap.required_level})"

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def search_text(self) -> str:
        """The skill's name and aliases, lower-case, for the page's skill filter."""
        return " | ".join(self.skill.alias_list).lower()


def skill_row(skill: Skill, level: int, meanings: LevelMeanings, gap=None) -> SkillRow:
    return SkillRow(skill, level, gap, meanings.get(skill.category, {}).get(level, ""))


@dataclass(frozen=True)
class SkillGroup:
    title: str
    rows: list[SkillRow]
    is_target: bool = False
    anchor: str = ""  # the group's fragment id on the page ("skills-target")

    @property
    def lower_bounds(self) -> list[str]:
        """The names of its skills whose share the target asks for is "at least"."""
        return [r.skill.name for r in self.rows if r.gap and r.gap.lower_bound and not r.note]


@dataclass(frozen=True)
class LegendEntry:
    """One skill category's six levels with what they mean, for the page's legend."""

    title: str
    levels: list[tuple[int, str, str]]  # (level, name, meaning)


@dataclass(frozen=True)
class SkillsPage:
    groups: list[SkillGroup]
    report: GapReport | None
    levels: dict[str, int]
    legend: list[LegendEntry]

    @property
    def target_group(self) -> SkillGroup | None:
        return self.groups[0] if self.groups and self.groups[0].is_target else None

    @property
    def other_groups(self) -> list[SkillGroup]:
        return [group for group in self.groups if not group.is_target]

    @property
    def uniform_warning(self) -> str:
        """Asks for a second look when many ratings are all at one level ("" otherwise)."""
        level = uniform_rating(self.levels)
        if level is None:
            return ""
        rated = sum(1 for value in self.levels.values() if value)
        return (
            f"All {rated} skills you rated are at {LEVEL_NAMES[level]} ({level}). Ratings that "
            "are all at one level give an unreliable report: hardly anyone is equally practised "
            "in everything. Please take a second look, comparing each skill with what its "
            "levels mean."
        )

    @property
    def levels_was(self) -> str:
        return levels_was_value(self.levels)


def levels_was_value(levels: Mapping[str, int]) -> str:
    """The levels a page showed, as its form sends them back ("python:3,sql:2"; level 0
    left out), so a save changes only what the person changed on that page."""
    return ",".join(f"{slug}:{level}" for slug, level in sorted(levels.items()) if level)


def skills_page_for(
    *, user, profile: Profile, only: Mapping[str, str] | None = None, only_title: str = ""
) -> SkillsPage:
    """Every skill of the taxonomy with the person's level and what that level means: the
    target's skills first (largest requirement first), then the rest by category. Nine
    queries with a target, three without.

    `only` ({slug: what is asked of it}, in order) shows just those skills, as one group
    titled `only_title` (the skills a job ad asks for)."""
    report = target_report_for(user=user, profile=profile)
    if report is not None:
        skills, levels = list(report.skills_by_slug.values()), report.levels
    else:
        skills, levels = list(Skill.objects.all()), levels_for(user=user)
    meanings = level_meanings_get()
    asked = {g.skill: g for g in report.result.gaps} if report else {}
    groups = []
    if only is not None:  # the skills a job ad asks for, and nothing else
        by_slug = {s.slug: s for s in skills}
        rows = [
            replace(skill_row(by_slug[slug], levels.get(slug, 0), meanings), note=note)
            for slug, note in only.items()
            if slug in by_slug
        ]
        groups.append(SkillGroup(only_title, rows, is_target=True, anchor="skills-asked"))
        asked, skills = {}, []
    if asked:
        title = f"Asked for by your target, {report.target_label}"
        rows = [
            skill_row(report.skills_by_slug[slug], levels.get(slug, 0), meanings, gap)
            for slug, gap in sorted(asked.items(), key=lambda kv: (-kv[1].weight, kv[1].name))
            if slug in report.skills_by_slug
        ]
        groups.append(SkillGroup(title, rows, is_target=True, anchor="skills-target"))
    by_category: dict[str, list[SkillRow]] = defaultdict(list)
    for skill in skills:
        if skill.slug not in asked:
            by_category[skill.category].append(
                skill_row(skill, levels.get(skill.slug, 0), meanings)
            )
    labels = dict(SkillCategory.choices)
    for category, _ in SkillCategory.choices:
        if by_category.get(category):
            rows = by_category[category]
            groups.append(SkillGroup(labels[category], rows, anchor=f"skills-{category}"))
    present = {row.skill.category for group in groups for row in group.rows}
    legend = [
        LegendEntry(
            label, [(level, LEVEL_NAMES[level], text) for level, text in sorted(by_level.items())]
        )
        for category, label in SkillCategory.choices
        if (by_level := meanings.get(category)) and category in present
    ]
    return SkillsPage(groups, report, levels, legend)


# ---- Job ads ---------------------------------------------------------------------------------


def market_levels_for(
    *, snapshot: Snapshot | None, pairs: Iterable[tuple[Role | None, str]], skill_ids: set[int]
) -> dict[tuple[Role | None, str], list[MarketLevel]]:
    """For each (role, seniority), the snapshot's levels nearest first, as a job ad's skills
    are weighed (`ad_analysis.nearest_share`): the role at the seniority, the role at every
    seniority, every role at the seniority, every posting; a role of None starts at every role.
    Two queries, whatever the number of pairs and skills."""
    pairs = set(pairs)
    shares: dict[tuple[int | None, str], dict] = {}
    lower: dict[tuple[int | None, str], set[str]] = {}  # shares that are lower bounds
    jobs: dict[tuple[int | None, str], int | None] = {}
    if snapshot is not None and pairs:
        role_ids = {role.pk for role, _ in pairs if role is not None}
        seniorities = {seniority for _, seniority in pairs} | {ALL_LEVELS}
        where = Q(role_id__in=role_ids) | Q(role__isnull=True)
        demands = SkillDemand.objects.filter(
            where, snapshot=snapshot, seniority__in=seniorities, skill_id__in=skill_ids
        ).values_list(
            "role_id", "seniority", "skill__slug", "share_pct", "priority", "skill__wording_varies"
        )
        counted = snapshot.shares_counted_here
        for role_id, seniority, slug, share, tier, varies in demands:
            shares.setdefault((role_id, seniority), {})[slug] = (float(share), tier)
            if counted and varies:
                lower.setdefault((role_id, seniority), set()).add(slug)
        stats = RoleLevelStat.objects.filter(
            where, snapshot=snapshot, seniority__in=seniorities
        ).values_list("role_id", "seniority", "job_count")
        jobs = {(role_id, seniority): count for role_id, seniority, count in stats}

    def level(role: Role | None, seniority: str) -> MarketLevel:
        key = (role.pk if role else None, seniority)
        return MarketLevel(
            _level_label(role, seniority),
            shares.get(key, {}),
            jobs.get(key),
            frozenset(lower.get(key, ())),
        )

    chains = {}
    for role, seniority in pairs:
        chain = [level(role, seniority), level(role, ALL_LEVELS)] if role is not None else []
        chains[(role, seniority)] = [*chain, level(None, seniority), level(None, ALL_LEVELS)]
    return chains


def _level_label(role: Role | None, seniority: str) -> str:
    """Fits "61.9% of <label> postings": "Senior ML Engineer", "all ML Engineer", "all
    senior-level", "all"."""
    if role is not None and seniority != ALL_LEVELS:
        return target_label(role=role, seniority=seniority)
    if role is not None:
        return f"all {role.label}"
    if seniority != ALL_LEVELS:
        return f"all {seniority}-level"
    return "all"


@dataclass(frozen=True)
class PlanTarget:
    """What the person's plan aims at, as /plan/ reads it: a role and seniority, or a saved
    job ad (weighed by a role's postings, so never that role's own gaps)."""

    role_id: int
    seniority: str
    label: str  # "Senior ML Engineer", or 'the job ad “Senior ML Engineer at Acme”'
    is_job_ad: bool

    def is_for(self, *, role: Role | None, seniority: str) -> bool:
        """The plan closes the gaps of `role` at `seniority`."""
        return (
            not self.is_job_ad
            and role is not None
            and (self.role_id, self.seniority) == (role.pk, seniority)
        )


def plan_target_for(*, user) -> PlanTarget | None:
    """The target of the person's plan, None without a plan: pages that send the person to
    their plan say where it really leads. One query."""
    plan = (
        Plan.objects.filter(user=user)
        .select_related("role", "job_ad")
        .only("seniority", "role__name", "role__person_title", "job_ad__title")
        .first()
    )
    if plan is None:
        return None
    label = plan_target_label(plan)
    return PlanTarget(plan.role_id, plan.seniority, label, is_job_ad=plan.job_ad_id is not None)


def plan_target_label(plan: Plan) -> str:
    """ "Senior ML Engineer", or 'the job ad “Senior ML Engineer at Acme”'."""
    if plan.job_ad is not None:
        return job_ad_label(plan.job_ad)
    return target_label(role=plan.role, seniority=plan.seniority)


def job_ad_label(ad: JobAd) -> str:
    """How pages and exports name an ad as a target: 'the job ad “Senior ML Engineer”'."""
    return f"the job ad “{ad.title}”"


def job_ad_asks(rows: Iterable[JobAdSkill]) -> list[AdAsk]:
    """What a saved ad asks for, from its skill rows (skills selected)."""
    return [
        AdAsk(row.skill.slug, row.kind == JobAdSkill.Kind.MUST, tuple(row.phrases), row.one_of)
        for row in rows
        if row.asked
    ]


def job_ad_gap_report_for(
    *, user, ad: JobAd, role: Role | None, snapshot: Snapshot | None
) -> GapReport:
    """The person's gaps against a saved ad, as a gap report (what a plan toward the ad is
    scheduled from): the ad's skills at its levels and weights (`ad_analysis`), weighed by
    `role`'s postings at the ad's seniority in `snapshot`. Eight queries."""
    rows = list(ad.skills.select_related("skill").order_by("order"))
    asks = job_ad_asks(rows)
    market = market_levels_for(
        snapshot=snapshot, pairs=[(role, ad.seniority)], skill_ids={r.skill_id for r in rows}
    )[(role, ad.seniority)]
    taxonomy = taxonomy_get()
    levels = levels_for(user=user)
    return GapReport(
        snapshot=snapshot,
        role=role,
        seniority=ad.seniority,
        requirements=ad_requirements(
            asks=asks,
            seniority=ad.seniority,
            names={r.skill.slug: r.skill.name for r in rows},
            market=market,
            levels=levels,
        ),
        levels=levels,
        step_hours=taxonomy.step_hours,
        prerequisites=taxonomy.prerequisites,
        skills_by_slug=taxonomy.skills_by_slug,
        job_count=market[0].job_count if market else None,
        label=job_ad_label(ad),
        asker="the ad",
        nice_to_have=frozenset(a.skill for a in asks if not a.must_have),
    )
