"""What the market explorer pages show, built from selectors and comparisons.

Chart.js configs are plain dicts built here (static/js/charts.js draws them); every chart's
numbers are also returned as rows for the accessible table next to it.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.http import Back, NotFound
from market import comparisons, selectors
from market.certainty import ShareOfPostings
from market.models import (
    LearningResource,
    PathStage,
    Role,
    RoleLevelStat,
    SeedInsight,
    SkillTrend,
    Snapshot,
)
from market.vocabulary import (
    ALL_LEVELS,
    MID,
    SENIOR,
    SENIORITIES_WITH_ALL,
    SENIORITY_LEVELS,
    ShareMove,
    seniority_label,
)

# Colours from static/css/site.css's palette, readable on white.
COLOURS = ["#1f5f8b", "#c0504d", "#4f8a3c", "#8a5a9e", "#b8860b", "#2f7f7f"]


# Value-axis ticks in US dollars, short ("$250K"): Chart.js formats them with Intl.NumberFormat,
# so long figures ("250,000") do not crowd into each other on a phone.
USD_TICKS = {
    "format": {
        "style": "currency",
        "currency": "USD",
        "notation": "compact",
        "maximumFractionDigits": 0,
    },
    "maxTicksLimit": 6,
}


def bar_chart(
    *, labels, datasets, horizontal=False, y_title="", max_value=None, ticks=None
) -> dict:
    value_axis = "x" if horizontal else "y"
    scale = {"beginAtZero": True, "title": {"display": bool(y_title), "text": y_title}}
    if max_value is not None:
        scale["max"] = max_value
    if ticks is not None:
        scale["ticks"] = ticks
    return {
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": [
                {"label": name, "data": values, "backgroundColor": COLOURS[i % len(COLOURS)]}
                for i, (name, values) in enumerate(datasets)
            ],
        },
        "options": {
            "indexAxis": "y" if horizontal else "x",
            "scales": {value_axis: scale},
            "plugins": {"legend": {"display": len(datasets) > 1}},
        },
    }


def _number(value) -> float | None:
    return None if value is None else float(value)


HEADLINE_SKILLS = 5  # skills named in the overview's headline, most asked for first

# The seed analysis's own statements (SeedInsight keys, by prefix), quoted in the section of a
# page whose figures they speak of. Only beside the seed's own figures: their numbers are not
# those of any other snapshot (which may even lack the level they quote).
QUOTED_IN = {
    "headline": ("top5-",),
    "frameworks_by_role": ("key-insight", "framework-overall-", "framework-by-role-"),
    "frameworks_by_level": (
        "framework-by-seniority-",
        "framework-learn-",
        "framework-add-",
        "framework-research-",
    ),
    "aws": ("cloud-",),
}


def seed_quotes(snapshot: Snapshot) -> dict[str, list[SeedInsight]]:
    """The seed's statements by the page section that quotes them, in the seed's order; none
    when `snapshot` is not the seed analysis."""
    if not snapshot.is_seed_analysis:
        return {}
    insights = selectors.seed_insights().values()
    return {
        section: [i for i in insights if i.key.startswith(prefixes)]
        for section, prefixes in QUOTED_IN.items()
    }


def role_quotes(*, snapshot: Snapshot, role: Role) -> list[SeedInsight]:
    """The seed's statements about `role` (its "Insight" lines), beside the seed's figures."""
    if not snapshot.is_seed_analysis:
        return []
    return [i for i in selectors.seed_insights(prefix="role-").values() if i.section == role.name]


@dataclass
class Overview:
    snapshot: Snapshot
    stats: list[RoleLevelStat]
    roles: list[Role]
    levels: list[str]
    salary_rows: list[dict]
    salary_chart: dict
    top_skills: list[comparisons.SkillAverage]
    overall: list  # the HEADLINE_SKILLS largest shares of All / all
    role_levels: list[tuple[Role, str]] = field(default_factory=list)
    quotes: list[SeedInsight] = field(default_factory=list)  # the seed's top five, if shown

    @property
    def lower_bounds(self) -> list[str]:
        """The skills whose shares are "at least" (ShareFigure.lower_bound), in table order."""
        return [s.skill for s in self.top_skills if s.lower_bound]

    @property
    def role_totals(self) -> list[int]:
        """Each role's job count over all its levels."""
        return [s.job_count for s in self.stats if s.role and s.seniority == ALL_LEVELS]

    @property
    def postings_in_roles(self) -> int:
        return sum(self.role_totals)

    @property
    def postings_in_no_role(self) -> int:
        """Postings counted in no role's total: the snapshot's postings less the roles' totals
        (0 when the totals reach it; each posting is in at most one role)."""
        return max(0, (self.snapshot.postings_count or 0) - self.postings_in_roles)


@dataclass(frozen=True)
class AllLevelsNote:
    """Why a role's all-levels average salary is `direction` ("above" or "below") every
    level's: it is taken over all the role's postings, `unlevelled` of them (when the job
    counts tell) in none of the level columns."""

    avg_salary_usd: int
    direction: str
    unlevelled: int | None
    postings: int | None


def all_levels_note(
    all_levels: RoleLevelStat | None, levels: list[RoleLevelStat | None]
) -> AllLevelsNote | None:
    """A note when the all-levels average lies above every level's average or below every
    one (a reader takes it for a contradiction); None when it lies between them, or when the
    job counts put every posting in a level (then only rounding can put it outside)."""
    pay = [s.avg_salary_usd for s in levels if s and s.avg_salary_usd is not None]
    if all_levels is None or all_levels.avg_salary_usd is None or not pay:
        return None
    salary = all_levels.avg_salary_usd
    if min(pay) <= salary <= max(pay):
        return None
    counts = [s.job_count for s in levels if s]
    unlevelled = None
    if all_levels.job_count is not None and None not in counts:
        unlevelled = all_levels.job_count - sum(counts)
        if unlevelled <= 0:
            return None
    return AllLevelsNote(
        avg_salary_usd=salary,
        direction="above" if salary > max(pay) else "below",
        unlevelled=unlevelled,
        postings=all_levels.job_count,
    )


def _roles_of(role_levels: list[tuple[Role, str]]) -> list[Role]:
    """The roles of (role, seniority) pairs, in the pairs' order, each once."""
    return list(dict.fromkeys(role for role, _ in role_levels))


def snapshot_or_404() -> Snapshot:
    snapshot = selectors.snapshot_current()
    if snapshot is None:
        raise NotFound("No market snapshot has been published yet.")
    return snapshot


def overview() -> Overview:
    snapshot = snapshot_or_404()
    stats = selectors.level_stats(snapshot=snapshot)
    shares = selectors.share_figures(snapshot=snapshot)
    counts = selectors.level_counts(stats)
    role_levels = selectors.role_levels(snapshot=snapshot)
    roles = _roles_of(role_levels)
    present = {s for _, s in role_levels}
    levels = [lv for lv in SENIORITY_LEVELS if lv in present]
    by_key = {(s.role_id, s.seniority): s for s in stats}
    salary_rows = [
        {
            "role": role,
            "cells": [by_key.get((role.pk, level)) for level in [*levels, ALL_LEVELS]],
            "note": all_levels_note(
                by_key.get((role.pk, ALL_LEVELS)), [by_key.get((role.pk, lv)) for lv in levels]
            ),
        }
        for role in roles
    ]
    chart = bar_chart(
        labels=[r.label for r in roles],
        datasets=[
            (
                f"{seniority_label(level)} average salary (USD)",
                [
                    _number(getattr(by_key.get((r.pk, level)), "avg_salary_usd", None))
                    for r in roles
                ],
            )
            for level in levels
        ],
        y_title="US dollars per year",
        ticks=USD_TICKS,
    )
    # The headline: the skills most asked for across all postings ("All" roles, every level).
    # The seed has one such row; a market counted from postings has one per skill.
    overall = sorted(
        (s for s in shares if s.role is None and s.seniority == ALL_LEVELS),
        key=lambda s: -s.share_pct,
    )[:HEADLINE_SKILLS]
    return Overview(
        snapshot=snapshot,
        stats=stats,
        roles=roles,
        levels=levels,
        salary_rows=salary_rows,
        salary_chart=chart,
        top_skills=comparisons.top_skills(shares, counts),
        overall=overall,
        role_levels=role_levels,
        quotes=seed_quotes(snapshot).get("headline", []),
    )


@dataclass
class Detail:
    snapshot: Snapshot
    role: Role
    seniority: str
    demands: list
    stat: RoleLevelStat | None
    chart: dict
    stage: PathStage | None
    seniorities: list[str]  # the role's levels with skill figures
    # The seniority switcher's levels: the role's with figures (skill shares or a job count),
    # and whether it offers "All levels" (the role has figures for all levels together).
    switcher_levels: list[str]
    all_levels: bool
    role_links: list[tuple[Role, str]]
    quotes: list[SeedInsight] = field(default_factory=list)  # the seed's words on the role

    @property
    def title(self) -> str:
        """ "Senior ML Engineer", "ML Engineer, all levels"."""
        return self.role.target_title(self.seniority)

    @property
    def lower_bounds(self) -> list[str]:
        """The names of the skills whose shares are "at least" (ShareOfPostings.lower_bound)."""
        return [d.skill.name for d in self.demands if d.share.lower_bound]


@dataclass
class NoSuchDetail:
    """A detail address naming a role or a seniority the market does not have: what a reader
    can pick instead."""

    role_slug: str
    seniority: str
    role: Role | None  # the role, when only the seniority is unknown
    role_levels: list[tuple[Role, str]]  # every role and level with figures
    with_figures: list[str] = field(default_factory=list)  # the role's levels with figures
    seniorities: tuple[str, ...] = SENIORITIES_WITH_ALL


def detail(*, role_slug: str, seniority: str) -> Detail | NoSuchDetail:
    """The page of one role at one seniority; a NoSuchDetail when the address names a role or a
    seniority the market does not have."""
    role = Role.objects.filter(slug=role_slug).first()
    snapshot = snapshot_or_404()
    role_levels = selectors.role_levels(snapshot=snapshot)
    if role is None:
        return NoSuchDetail(
            role_slug=role_slug, seniority=seniority, role=role, role_levels=role_levels
        )
    with_figures = selectors.levels_with_figures(snapshot=snapshot, role=role)
    if seniority not in SENIORITIES_WITH_ALL:
        return NoSuchDetail(
            role_slug=role_slug,
            seniority=seniority,
            role=role,
            role_levels=role_levels,
            with_figures=with_figures,
        )
    if seniority not in with_figures:
        raise _no_figures(role=role, seniority=seniority, levels=with_figures)
    demands = selectors.demand_for(snapshot=snapshot, role=role, seniority=seniority)
    stat = selectors.level_stat_for(snapshot=snapshot, role=role, seniority=seniority)
    roles = _roles_of(role_levels)
    if role not in roles:
        roles.append(role)
    # Switching role keeps the seniority when the other role has figures for it.
    levels_by_role: dict[int, list[str]] = {}
    for r, s in role_levels:
        levels_by_role.setdefault(r.pk, []).append(s)
    seniorities = levels_by_role.get(role.pk, [])
    role_links = []
    for r in roles:
        levels = levels_by_role.get(r.pk, [seniority])
        role_links.append((r, seniority if seniority in levels else levels[0]))
    postings = stat.job_count if stat else None
    counted = snapshot.shares_counted_here
    for demand in demands:
        demand.share = ShareOfPostings(
            float(demand.share_pct), postings, demand.skill.wording_varies and counted
        )
    chart = bar_chart(
        labels=[f"{d.skill.name}{' (at least)' if d.share.lower_bound else ''}" for d in demands],
        datasets=[("Share of postings (%)", [float(d.share_pct) for d in demands])],
        horizontal=True,
        y_title="% of postings",
        max_value=100,
    )
    stage = None
    if seniority != ALL_LEVELS:
        stage = selectors.roadmap_stage(role=role, seniority=seniority)
    return Detail(
        snapshot=snapshot,
        role=role,
        seniority=seniority,
        demands=demands,
        stat=stat,
        chart=chart,
        stage=stage,
        seniorities=seniorities,
        switcher_levels=[level for level in with_figures if level != ALL_LEVELS],
        all_levels=ALL_LEVELS in with_figures,
        role_links=role_links,
        quotes=role_quotes(snapshot=snapshot, role=role),
    )


def _no_figures(*, role: Role, seniority: str, levels: list[str]) -> NotFound:
    """The 404 of a known role and level the published market has no figures for: it leads
    to the role's first page with figures, or to the market when the role has none."""
    title = role.target_title(seniority)
    if levels:
        return NotFound(
            f"The market has no figures for {title}.",
            back=Back(
                url=reverse("market:detail", args=[role.slug, levels[0]]),
                words=f"See {role.target_title(levels[0])}",
            ),
        )
    return NotFound(
        f"The market has no figures for {role.label} yet.",
        back=Back(url=reverse("market:index"), words="Explore the market data"),
    )


@dataclass
class Comparison:
    snapshot: Snapshot
    frameworks_mid: list[comparisons.PairRow]
    # Each role's mid-level row beside its senior one (None when it has no senior figures).
    frameworks_by_role: list[tuple[comparisons.PairRow, comparisons.PairRow | None]]
    # Some role has senior figures (else the table leaves its senior columns out).
    frameworks_senior: bool
    frameworks_by_seniority: list[comparisons.PairRow]
    frameworks_chart: dict
    aws_by_role: list[ShareMove]
    aws_chart: dict
    level_moves: list[ShareMove]
    # The seniorities of the mid-level vs senior pair with no figures in `snapshot`.
    level_moves_missing: list[str]
    previous: Snapshot | None
    snapshot_moves: list[ShareMove]
    # The seed analysis's own statements by page section (QUOTED_IN), beside its own figures.
    quotes: dict[str, list[SeedInsight]]
    snapshots: list[Snapshot]


def comparison(*, before_id: int | None = None, after_id: int | None = None) -> Comparison:
    snapshots = selectors.snapshots_published()
    by_id = {s.pk: s for s in snapshots}
    current = snapshot_or_404()
    after = by_id.get(after_id) or current
    shares = selectors.share_figures(snapshot=after)
    counts = selectors.level_counts(selectors.level_stats(snapshot=after))
    role_order = selectors.role_labels()
    tf, pt = "TensorFlow", "PyTorch"
    mid = comparisons.pair_by_role(
        shares, counts, first=tf, second=pt, seniority=MID, role_order=role_order
    )
    senior = {
        row.label: row
        for row in comparisons.pair_by_role(shares, counts, first=tf, second=pt, seniority=SENIOR)
    }
    aws = comparisons.skill_across_levels(shares, skill="AWS", role_order=role_order)
    if before_id is None:
        previous = selectors.snapshot_previous(snapshot=after)
    else:
        previous = by_id.get(before_id)
    if previous is not None and previous.pk == after.pk:
        previous = None
    moves = []
    if previous is not None:
        moves = comparisons.snapshot_moves(selectors.share_figures(snapshot=previous), shares)
    return Comparison(
        snapshot=after,
        frameworks_mid=mid,
        frameworks_by_role=[(row, senior.get(row.label)) for row in mid],
        frameworks_senior=any(row.label in senior for row in mid),
        frameworks_by_seniority=comparisons.pair_by_seniority(shares, counts, first=tf, second=pt),
        frameworks_chart=bar_chart(
            labels=[r.label for r in mid],
            datasets=[
                (f"{tf} (mid-level, %)", [_number(r.first) for r in mid]),
                (f"{pt} (mid-level, %)", [_number(r.second) for r in mid]),
            ],
            y_title="% of postings",
            max_value=100,
        ),
        aws_by_role=aws,
        aws_chart=bar_chart(
            labels=[m.role for m in aws],
            datasets=[
                ("AWS, mid-level (%)", [_number(m.before) for m in aws]),
                ("AWS, senior (%)", [_number(m.after) for m in aws]),
            ],
            y_title="% of postings",
            max_value=100,
        ),
        level_moves=comparisons.level_moves(shares, limit=10),
        level_moves_missing=comparisons.levels_missing(shares, levels=(MID, SENIOR)),
        previous=previous,
        snapshot_moves=moves,
        quotes=seed_quotes(after),
        snapshots=snapshots,
    )


SALARY_AXIS_STEP = 50_000  # the paths' shared salary axis ends at the next multiple of this


def _path_salaries(path) -> list[float | None]:
    stages = list(path.stages.all())
    values = [_number(stages[0].salary_from_usd)] if stages else []
    return values + [_number(s.salary_to_usd) for s in stages]


def salary_axis_max(salaries) -> int | None:
    """The top of a salary axis several charts share: the highest salary rounded up to the
    next multiple of SALARY_AXIS_STEP ($285,000 -> $300,000); None without a salary."""
    known = [s for s in salaries if s is not None]
    if not known:
        return None
    return -(-int(max(known)) // SALARY_AXIS_STEP) * SALARY_AXIS_STEP


def path_salary_chart(path, *, max_value: int | None = None) -> dict:
    """A path's salary at each step; `max_value` gives every path's chart one scale."""
    stages = list(path.stages.all())
    labels = [stages[0].from_label, *(s.to_label for s in stages)] if stages else []
    return bar_chart(
        labels=labels,
        datasets=[("Salary (USD per year)", _path_salaries(path))],
        y_title="US dollars per year",
        max_value=max_value,
        ticks=USD_TICKS,
    )


def paths() -> dict:
    """The career paths, each with its salary chart, all on one scale (bars compare across
    paths), and the advice by background."""
    found = selectors.career_paths()
    top = salary_axis_max(s for path in found for s in _path_salaries(path))
    for path in found:
        path.salary_chart = path_salary_chart(path, max_value=top)
    return {
        "paths": found,
        "recommendations": selectors.background_recommendations(),
        "origin": seed_origin(),
    }


@dataclass
class SeedOrigin:
    """The seed analysis, whose fixed statements a page shows, and the market now published."""

    seed: Snapshot | None
    current: Snapshot


def seed_origin() -> SeedOrigin | None:
    """Set when the published market is not the seed analysis: the seed's fixed statements
    (trends, paths, advice) then carry figures that are not the published market's, and say so.
    """
    current = selectors.snapshot_current()
    if current is None or current.is_seed_analysis:
        return None
    return SeedOrigin(seed=selectors.seed_snapshot(), current=current)


def trend_groups() -> list[tuple[str, list[SkillTrend]]]:
    """(direction label, trends) for emerging, declining and stable skills, in that order."""
    found = selectors.skill_trends()
    return [
        (label, [t for t in found if t.direction == value])
        for value, label in SkillTrend.Direction.choices
    ]


def resource_sections() -> dict[str, list[LearningResource]]:
    """Resources by section: the seed's recommendations first, then the ones admins added."""
    sections: dict[str, list[LearningResource]] = {}
    for resource in selectors.learning_resources():
        key = resource.section if resource.from_seed else f"More: {resource.section}"
        sections.setdefault(key, []).append(resource)
    return sections


def resource_kinds_text() -> str:
    """Every kind a resource can be, as the list shows each one beside it, for a sentence:
    "official docs / tutorials, course, certification, book or project / practice". Read
    from `LearningResource.Kind`, so a kind added there is named on the page too."""
    kinds = [label[:1].lower() + label[1:] for label in LearningResource.Kind.labels]
    return " or ".join(filter(None, [", ".join(kinds[:-1]), *kinds[-1:]]))
