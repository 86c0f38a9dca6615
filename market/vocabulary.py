"""The market's words, in one place: seniority levels, the "all" markers, priority tiers and
their thresholds, and how a share of postings moves between two measurements.

Pure Python, no Django: models build their choices from these, the importer, the export
format, the explorer, the refresh preview and the gap scoring all import them, and so can
code that runs outside Django (the warehouse query generator).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ---- Seniority -------------------------------------------------------------------------------

ENTRY, MID, SENIOR, STAFF = "entry", "mid", "senior", "staff"
# Every level, junior to senior: the order pages, exports and plans list them in.
SENIORITY_LEVELS: tuple[str, ...] = (ENTRY, MID, SENIOR, STAFF)
SENIORITY_LABELS: Mapping[str, str] = {
    ENTRY: "Entry",
    MID: "Mid-level",
    SENIOR: "Senior",
    STAFF: "Staff / Principal / Lead",
}
# Levels whose targets need more of a Critical skill (see assessments/scoring.py).
SENIOR_LEVELS = frozenset({SENIOR, STAFF})

# Figures over every level carry seniority "all"; figures over every role carry role None,
# written "All" in the export format and on pages.
ALL_LEVELS = "all"
ALL_LEVELS_LABEL = "All levels"
ALL_ROLES = "All"
ALL_ROLES_LABEL = "All roles"
# Seniorities of aggregated figures, in export order: every level first, then each level.
SENIORITIES_WITH_ALL: tuple[str, ...] = (ALL_LEVELS, *SENIORITY_LEVELS)


def seniority_label(seniority: str) -> str:
    """ "senior" -> "Senior", "all" -> "All levels"; anything else as it is."""
    if seniority == ALL_LEVELS:
        return ALL_LEVELS_LABEL
    return SENIORITY_LABELS.get(seniority, seniority)


def role_label(*, name: str, person_title: str = "") -> str:
    """A role as every page names it (buttons, tables, charts, titles): its person title
    ("AI/ML Researcher" for the role named for its field, "AI/ML Research"), or else its name.
    The one place this rule is written: `Role.label`, and queries that read the two columns
    as values, call it. Imports, exports and the admin use the name."""
    return person_title or name


def target_title(*, role_name: str, seniority: str) -> str:
    """A role at a seniority as every page titles it: "Senior ML Engineer", "Mid-level AI
    Engineer"; "ML Engineer, all levels" for figures over every level. `role_name` is the
    role as pages name it (`role_label`: "Mid-level AI/ML Researcher" for "AI/ML Research")."""
    if seniority == ALL_LEVELS:
        return f"{role_name}, all levels"
    return f"{seniority_label(seniority)} {role_name}"


def seniority_rank(seniority: str) -> int:
    """Sort key: "all" first, then entry, mid, senior, staff, then anything else."""
    try:
        return SENIORITIES_WITH_ALL.index(seniority)
    except ValueError:
        return len(SENIORITIES_WITH_ALL)


# ---- Salaries --------------------------------------------------------------------------------


def usd_text(value: int) -> str:
    """215000 -> "$215,000": how every page prints a salary (US dollars a year), in full, in
    sentences, headings and tables alike. Only a chart's value axis uses the compact "$215K"
    (market/explorer.py USD_TICKS), and its table beside it has the full figure."""
    return f"${int(value):,}"


# ---- Priority tiers ------------------------------------------------------------------------

CRITICAL, HIGH, MEDIUM, NICE_TO_HAVE = "Critical", "High", "Medium", "Nice-to-have"
NOT_REQUIRED = "Not required"
# Highest first; a share below every threshold is NOT_REQUIRED.
TIERS: tuple[str, ...] = (CRITICAL, HIGH, MEDIUM, NICE_TO_HAVE)
# Minimum share of postings (percent) for each tier, for snapshots computed from postings.
DEFAULT_TIER_THRESHOLDS: Mapping[str, float] = {
    CRITICAL: 60.0,
    HIGH: 25.0,
    MEDIUM: 10.0,
    NICE_TO_HAVE: 1.0,
}


def tier_for(share_pct: Decimal | float | str, thresholds: Mapping[str, float]) -> str:
    """The highest tier whose minimum share (percent) `share_pct` reaches, else "Not
    required". `thresholds` is {"Critical": 60.0, "High": 25.0, ...}; a tier it leaves out
    is never given. Compared as decimals: 60.0 reaches a Critical threshold of 60."""
    share = Decimal(str(share_pct))
    for tier in TIERS:
        minimum = thresholds.get(tier)
        if minimum is not None and share >= Decimal(str(minimum)):
            return tier
    return NOT_REQUIRED


# ---- Shares --------------------------------------------------------------------------------
# A share is the percentage of a group's postings that mention a skill, with one decimal.

ONE_DECIMAL = Decimal("0.1")


def share_round(value: Decimal) -> Decimal:
    """A percentage to one decimal, halves rounded up (87.65 -> 87.7)."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def share_pct(count: int, total: int) -> Decimal:
    """count / total as a percentage with one decimal, halves rounded up (7 of 8 -> 87.5)."""
    return share_round(Decimal(count * 100) / Decimal(total))


# ---- Share moves -----------------------------------------------------------------------------

# What a share measures: (role or None for all roles, seniority, skill).
ShareKey = tuple[str | None, str, str]


@dataclass(frozen=True)
class ShareMove:
    """The share of postings that mention `skill` for (`role`, `seniority`), before and
    after; None where it was not measured."""

    role: str | None
    seniority: str
    skill: str
    before: Decimal | None
    after: Decimal | None

    @property
    def role_name(self) -> str:
        """The role as pages and the export write it ("All" for every role)."""
        return self.role or ALL_ROLES

    @property
    def points(self) -> Decimal:
        """after - before, in percentage points (a side not measured counts as 0)."""
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


def share_moves(
    before: Mapping[ShareKey, Decimal],
    after: Mapping[ShareKey, Decimal],
    *,
    measured_in_both: bool = False,
    limit: int | None = None,
) -> list[ShareMove]:
    """Every share that differs between `before` and `after`, largest move (in points)
    first, then all roles before each role, by role, seniority (all, entry ... staff) and
    skill. A share only one side measures moves from or to 0, unless `measured_in_both`
    keeps only the shares both measured. At most `limit` moves when given."""
    keys = before.keys() & after.keys() if measured_in_both else before.keys() | after.keys()
    moves = [
        ShareMove(role, seniority, skill, before.get(key), after.get(key))
        for key in keys
        if before.get(key) != after.get(key)
        for role, seniority, skill in [key]
    ]
    moves = [move for move in moves if move.points != 0]
    moves.sort(
        key=lambda m: (
            -abs(m.points),
            m.role is not None,
            m.role or "",
            seniority_rank(m.seniority),
            m.seniority,
            m.skill,
        )
    )
    return moves[:limit] if limit else moves
