"""Comparisons the seed analysis draws, computed from a snapshot's figures (no Django).

Inputs are plain rows: ShareFigure (share of a (role, seniority)'s postings that mention a
skill) and LevelCount (job count and salary of a (role, seniority)). `role=None` is all roles;
seniority "all" is every level. Shares are percentages with one decimal.

Averages across roles are weighted by job count: the share of all the postings of those roles
that mention the skill, sum(share x jobs) / sum(jobs), rounded half up to one decimal.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from market.vocabulary import (
    ALL_LEVELS,
    MID,
    SENIOR,
    SENIORITY_LEVELS,
    ShareMove,
    share_moves,
    share_round,
)


@dataclass(frozen=True)
class ShareFigure:
    role: str | None
    seniority: str
    skill: str
    share_pct: Decimal
    lower_bound: bool = False  # "at least" (market.certainty.ShareOfPostings.lower_bound)


@dataclass(frozen=True)
class LevelCount:
    role: str | None
    seniority: str
    job_count: int | None
    avg_salary_usd: int | None = None


@dataclass(frozen=True)
class PairRow:
    """Two skills side by side for one role or one seniority."""

    label: str
    first: Decimal | None
    second: Decimal | None
    n_postings: int | None

    @property
    def winner(self) -> str:
        """ "first", "second", "tie", or "" when a figure is missing."""
        if self.first is None or self.second is None:
            return ""
        if self.first == self.second:
            return "tie"
        return "first" if self.first > self.second else "second"

    @property
    def difference(self) -> Decimal | None:
        if self.first is None or self.second is None:
            return None
        return self.first - self.second


@dataclass(frozen=True)
class SkillAverage:
    skill: str
    share_pct: Decimal
    n_postings: int
    n_groups: int  # (role, seniority) groups the average covers
    lower_bound: bool = False  # its shares are "at least" (ShareFigure.lower_bound)


def _by_key(shares: Iterable[ShareFigure]) -> dict[tuple, Decimal]:
    return {(s.role, s.seniority, s.skill): Decimal(s.share_pct) for s in shares}


def _jobs(counts: Iterable[LevelCount]) -> dict[tuple, int]:
    return {(c.role, c.seniority): c.job_count for c in counts if c.job_count}


def _roles(shares: Iterable[ShareFigure], role_order: Sequence[str] | None) -> list[str]:
    present = {s.role for s in shares if s.role is not None}
    ordered = [r for r in (role_order or []) if r in present]
    return ordered + sorted(present - set(ordered))


def _levels(shares: Iterable[ShareFigure]) -> list[str]:
    present = {s.seniority for s in shares if s.role is not None}
    return [level for level in SENIORITY_LEVELS if level in present]


def weighted_share(
    shares: Iterable[ShareFigure],
    counts: Iterable[LevelCount],
    *,
    skill: str,
    seniority: str | None = None,
) -> tuple[Decimal | None, int]:
    """Job-count-weighted share of `skill` across roles (at one seniority, or across every
    level), and the number of postings it covers. (None, 0) if no figure has a count."""
    jobs = _jobs(counts)
    total_jobs = 0
    total = Decimal(0)
    for s in shares:
        if s.skill != skill or s.role is None or s.seniority == ALL_LEVELS:
            continue
        if seniority is not None and s.seniority != seniority:
            continue
        n = jobs.get((s.role, s.seniority))
        if n:
            total += Decimal(s.share_pct) * n
            total_jobs += n
    if not total_jobs:
        return None, 0
    return share_round(total / total_jobs), total_jobs


def pair_by_role(
    shares: Sequence[ShareFigure],
    counts: Sequence[LevelCount],
    *,
    first: str,
    second: str,
    seniority: str,
    role_order: Sequence[str] | None = None,
) -> list[PairRow]:
    """`first` vs `second` for every role at one seniority (the seed's "By Role" table)."""
    by_key = _by_key(shares)
    jobs = _jobs(counts)
    rows = []
    for role in _roles(shares, role_order):
        a = by_key.get((role, seniority, first))
        b = by_key.get((role, seniority, second))
        if a is None and b is None:
            continue
        rows.append(PairRow(role, a, b, jobs.get((role, seniority))))
    return rows


def pair_by_seniority(
    shares: Sequence[ShareFigure], counts: Sequence[LevelCount], *, first: str, second: str
) -> list[PairRow]:
    """`first` vs `second` per seniority, each the job-count-weighted share across roles."""
    rows = []
    for level in _levels(shares):
        a, n = weighted_share(shares, counts, skill=first, seniority=level)
        b, _ = weighted_share(shares, counts, skill=second, seniority=level)
        if a is not None or b is not None:
            rows.append(PairRow(level, a, b, n or None))
    return rows


def skill_across_levels(
    shares: Sequence[ShareFigure],
    *,
    skill: str,
    from_level: str = MID,
    to_level: str = SENIOR,
    role_order: Sequence[str] | None = None,
) -> list[ShareMove]:
    """One skill's share per role at two seniorities (the seed's "AWS Dominance" list)."""
    by_key = _by_key(shares)
    rows = []
    for role in _roles(shares, role_order):
        before = by_key.get((role, from_level, skill))
        after = by_key.get((role, to_level, skill))
        if before is not None or after is not None:
            rows.append(ShareMove(role, f"{from_level}→{to_level}", skill, before, after))
    return rows


def level_moves(
    shares: Sequence[ShareFigure],
    *,
    from_level: str = MID,
    to_level: str = SENIOR,
    limit: int | None = None,
) -> list[ShareMove]:
    """Every (role, skill) share that differs between two seniorities, largest move first
    (share_moves, with the pair of seniorities as the moves' seniority)."""
    moved = f"{from_level}→{to_level}"

    def at(level: str) -> dict:
        return {
            (s.role, moved, s.skill): Decimal(s.share_pct)
            for s in shares
            if s.role is not None and s.seniority == level
        }

    return share_moves(at(from_level), at(to_level), measured_in_both=True, limit=limit)


def levels_missing(shares: Sequence[ShareFigure], *, levels: Sequence[str]) -> list[str]:
    """Those of `levels` for which no role has a figure (a pair of them cannot be compared)."""
    measured = {s.seniority for s in shares if s.role is not None}
    return [level for level in levels if level not in measured]


def snapshot_moves(
    before: Sequence[ShareFigure], after: Sequence[ShareFigure], *, limit: int | None = 10
) -> list[ShareMove]:
    """Shares that changed most between two snapshots (share_moves: a figure missing on one
    side counts as 0 there), largest absolute change first."""
    return share_moves(_by_key(before), _by_key(after), limit=limit)


def top_skills(shares: Sequence[ShareFigure], counts: Sequence[LevelCount]) -> list[SkillAverage]:
    """Every skill's job-count-weighted share across all (role, level) groups, highest first."""
    skills = {s.skill for s in shares if s.role is not None and s.seniority != ALL_LEVELS}
    rows = []
    for skill in skills:
        share, n = weighted_share(shares, counts, skill=skill)
        if share is not None:
            groups = sum(
                1
                for s in shares
                if s.skill == skill and s.role is not None and s.seniority != ALL_LEVELS
            )
            least = any(s.lower_bound for s in shares if s.skill == skill)
            rows.append(SkillAverage(skill, share, n, groups, least))
    rows.sort(key=lambda r: (-r.share_pct, r.skill))
    return rows
