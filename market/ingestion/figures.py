"""The market figures of one analysis, as plain data: what parsers produce and snapshots store.

`role=None` means all roles ("All" in the export); seniority is a level or "all".
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class LevelFigure:
    role: str | None
    seniority: str
    job_count: int | None
    avg_salary_usd: int | None


@dataclass(frozen=True)
class DemandFigure:
    role: str | None
    seniority: str
    skill: str
    share_pct: Decimal
    priority: str


@dataclass
class MarketFigures:
    levels: list[LevelFigure] = field(default_factory=list)
    demands: list[DemandFigure] = field(default_factory=list)
