"""The aggregate export format: market figures as CSV or JSON, written and parsed.

CSV header, exactly: `role,seniority,job_count,avg_salary_usd,skill,share_pct,priority`.
- A row with an empty `skill` carries a (role, seniority)'s job count and average salary.
- A row with a `skill` carries the share of that (role, seniority)'s postings that mention
  the skill, as a percentage with one decimal (87.7), and its priority tier.
- Role `All` means all postings; seniority `all` means every level.
- Salaries are whole US dollars per year; unknown values are empty.
- A name a spreadsheet would run as a formula ("-2+3": a leading = + - @) is written after an
  apostrophe, which spreadsheets show as text, and read back without it
  (`market.names.spreadsheet_cell`); the seed's names start with none of them.

JSON (`--format json`) holds the same rows (null for unknown) plus the snapshot's metadata:
`{"format": "skillgap-market/1", "snapshot": {...}, "columns": [...], "rows": [{...}]}`.
Its `counted_here` says whether the shares were counted from postings with this app's rules
(Snapshot.shares_counted_here): imported again, the market keeps its "at least" shares. A CSV
carries no metadata; `import_market --counted-here` declares it (warehouse_sql's result).

Row order (so that an export is reproducible byte for byte): All first, then roles in
display order; within a role seniority `all` first, then entry, mid, senior, staff; within
a (role, seniority) the job-count row first, then skills by share (highest first), then by
skill display order and name.

Errors name the file, the row and the column. CSV rows are counted as a spreadsheet shows
them (the header is row 1); JSON rows are counted from 1 in the `rows` list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.ingestion.new_names import ROLE, SKILL
from market.ingestion.reading import COUNTED_HERE, POSTINGS_JSON_LINES
from market.models import RoleLevelStat, SkillDemand, Snapshot
from market.names import name_problem, spreadsheet_cell, spreadsheet_cell_read
from market.vocabulary import (
    ALL_ROLES,
    DEFAULT_TIER_THRESHOLDS,
    NOT_REQUIRED,
    SENIORITIES_WITH_ALL,
    TIERS,
    share_round,
    tier_for,
)

COLUMNS = ["role", "seniority", "job_count", "avg_salary_usd", "skill", "share_pct", "priority"]
FORMAT_ID = "skillgap-market/1"
EXPORT_FORMATS = ("csv", "json")
MAX_SALARY_USD = 10_000_000
MAX_JOB_COUNT = 100_000_000
NAME_MAX_LENGTH = 80  # Role.name and Skill.name
LABEL_MAX_LENGTH = 120  # Snapshot.label
# Nesting deeper than this is not an export (which is two levels deep): refused before
# the JSON parser recurses into it.
MAX_JSON_DEPTH = 20
MAX_PROBLEMS_IN_MESSAGE = 20
PRIORITIES = (*TIERS, NOT_REQUIRED)
_PRIORITY_BY_LOWER = {p.lower(): p for p in PRIORITIES}


class AggregateError(ValueError):
    """The file is not a valid aggregate export; `problems` lists every reason found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_IN_MESSAGE]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problems" if more > 0 else "")
        super().__init__(text)


@dataclass
class AggregateDocument:
    """A parsed export: the figures, and the snapshot metadata when the file carried it."""

    figures: MarketFigures
    meta: dict[str, Any] = field(default_factory=dict)
    # The first row giving each role and skill name: {(ROLE or SKILL, lower-cased name): row}.
    rows: dict[tuple[str, str], int] = field(default_factory=dict)


# ---- Writing -------------------------------------------------------------------------------


def _row_sort_key(row: dict, role_order: Mapping[str, int], skill_order: Mapping[str, int]):
    role = row["role"]
    role_key = (0, 0, "") if role == ALL_ROLES else (1, role_order.get(role, 10_000), role)
    seniority_key = SENIORITIES_WITH_ALL.index(row["seniority"])
    if not row["skill"]:
        return (role_key, seniority_key, 0, Decimal(0), 0, "")
    skill = row["skill"]
    return (
        role_key,
        seniority_key,
        1,
        -Decimal(row["share_pct"]),
        skill_order.get(skill, 10_000),
        skill.lower(),
    )


def rows_sorted(
    rows: Iterable[dict], *, role_order: Mapping[str, int], skill_order: Mapping[str, int]
) -> list[dict]:
    """Rows in export order (see the module docstring)."""
    return sorted(rows, key=lambda r: _row_sort_key(r, role_order, skill_order))


def aggregate_rows(snapshot: Snapshot) -> list[dict]:
    """Every figure of `snapshot` as export rows (dicts keyed by COLUMNS, None = unknown)."""
    rows: list[dict] = []
    role_order: dict[str, int] = {}
    skill_order: dict[str, int] = {}
    stats = RoleLevelStat.objects.filter(snapshot=snapshot).select_related("role")
    for stat in stats:
        if stat.role:
            role_order[stat.role.name] = stat.role.display_order
        rows.append(
            {
                "role": stat.role.name if stat.role else ALL_ROLES,
                "seniority": stat.seniority,
                "job_count": stat.job_count,
                "avg_salary_usd": stat.avg_salary_usd,
                "skill": None,
                "share_pct": None,
                "priority": None,
            }
        )
    demands = SkillDemand.objects.filter(snapshot=snapshot).select_related("role", "skill")
    for demand in demands:
        if demand.role:
            role_order[demand.role.name] = demand.role.display_order
        skill_order[demand.skill.name] = demand.skill.display_order
        rows.append(
            {
                "role": demand.role.name if demand.role else ALL_ROLES,
                "seniority": demand.seniority,
                "job_count": None,
                "avg_salary_usd": None,
                "skill": demand.skill.name,
                "share_pct": share_round(Decimal(demand.share_pct)),
                "priority": demand.priority,
            }
        )
    return rows_sorted(rows, role_order=role_order, skill_order=skill_order)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    if isinstance(value, str):
        return spreadsheet_cell(value)
    return str(value)


def rows_to_csv(rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
    return out.getvalue()


def snapshot_meta(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.pk,
        "label": snapshot.label,
        "source": snapshot.source,
        "analysis_date": snapshot.analysis_date.isoformat(),
        "postings_count": snapshot.postings_count,
        "notes": snapshot.notes,
        "state": snapshot.state,
        "tier_thresholds": snapshot.tier_thresholds or {},
        COUNTED_HERE: snapshot.shares_counted_here,
    }


def rows_to_json(rows: Iterable[dict], *, meta: Mapping[str, Any]) -> str:
    def jsonable(value):
        return float(value) if isinstance(value, Decimal) else value

    document = {
        "format": FORMAT_ID,
        "snapshot": dict(meta),
        "columns": COLUMNS,
        "rows": [{c: jsonable(row[c]) for c in COLUMNS} for row in rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def aggregate_export(snapshot: Snapshot, *, format: str = "csv") -> str:
    """Every figure of `snapshot` in the export format: "csv" (the rows) or "json" (the rows
    and the snapshot's metadata)."""
    rows = aggregate_rows(snapshot)
    if format == "json":
        return rows_to_json(rows, meta=snapshot_meta(snapshot))
    if format == "csv":
        return rows_to_csv(rows)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")


# ---- Parsing -------------------------------------------------------------------------------


def _read_text(source: str | Path | IO) -> str:
    if isinstance(source, str | Path):
        data: str | bytes = Path(source).read_bytes()
    else:
        data = source.read()
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AggregateError([f"is not UTF-8 text (byte {exc.start})"]) from exc
    return data.removeprefix("\ufeff")


def _looks_like_json(name: str, text: str) -> bool:
    if name.lower().endswith(".json"):
        return True
    if name.lower().endswith(".csv"):
        return False
    return text.lstrip().startswith(("{", "["))


class _RowChecker:
    """Validates rows one by one, collecting problems and figures."""

    def __init__(self, name: str, thresholds: Mapping[str, float]):
        self.name = name
        self.thresholds = thresholds
        self.problems: list[str] = []
        self.levels: dict[tuple, tuple[int, LevelFigure]] = {}
        self.demands: dict[tuple, tuple[int, DemandFigure]] = {}
        self.carried: dict[tuple, tuple[int, LevelFigure]] = {}
        self.first_rows: dict[tuple[str, str], int] = {}

    def problem(self, row_no: int, column: str | None, message: str) -> None:
        where = f"{self.name}, row {row_no}" + (f", column {column}" if column else "")
        self.problems.append(f"{where}: {message}")

    def _text(self, value) -> str:
        return "" if value is None else str(value).strip()

    def _whole(self, row_no, column, value, maximum) -> int | None:
        text = self._text(value)
        if not text:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.problem(row_no, column, f"{text!r} is not a whole number")
            return None
        try:
            number = Decimal(text.replace(",", "")) if isinstance(value, str) else Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            self.problem(row_no, column, f"{text!r} is not a whole number")
            return None
        if number != number.to_integral_value():
            self.problem(row_no, column, f"{text!r} is not a whole number")
            return None
        if not 0 <= number <= maximum:
            self.problem(row_no, column, f"{text} is out of range (0 to {maximum})")
            return None
        return int(number)

    def _share(self, row_no, value) -> Decimal | None:
        text = self._text(value)
        if not text:
            self.problem(row_no, "share_pct", "is empty; a skill row needs a share (0 to 100)")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.problem(row_no, "share_pct", f"{text!r} is not a number")
            return None
        try:
            share = Decimal(text.removesuffix("%").strip())
        except InvalidOperation:
            self.problem(row_no, "share_pct", f"{text!r} is not a number")
            return None
        if not share.is_finite() or not 0 <= share <= 100:
            self.problem(row_no, "share_pct", f"{text} is out of range (0 to 100)")
            return None
        return share_round(share)

    def _name(self, row_no, column, value) -> str:
        """A role or skill name ("" when the cell is empty), with its problem reported."""
        if value is not None and not isinstance(value, str):
            self.problem(row_no, column, f"{value!r} is not text")
            return ""
        text = self._text(value)
        problem = text and name_problem(text, max_length=NAME_MAX_LENGTH)
        if problem:
            self.problem(row_no, column, f"{text[:40]!r} {problem}")
        return text

    def check(self, row_no: int, row: Mapping[str, Any]) -> None:
        before = len(self.problems)
        role_text = self._name(row_no, "role", row.get("role"))
        if not role_text and len(self.problems) == before:
            self.problem(row_no, "role", "is empty")
        role = None if role_text.lower() == ALL_ROLES.lower() else role_text
        seniority = self._text(row.get("seniority")).lower()
        if seniority not in SENIORITIES_WITH_ALL:
            self.problem(
                row_no,
                "seniority",
                f"{self._text(row.get('seniority'))!r} is not one of "
                + ", ".join(SENIORITIES_WITH_ALL),
            )
        job_count = self._whole(row_no, "job_count", row.get("job_count"), 100_000_000)
        salary = self._whole(row_no, "avg_salary_usd", row.get("avg_salary_usd"), MAX_SALARY_USD)
        skill = self._name(row_no, "skill", row.get("skill"))
        priority_text = self._text(row.get("priority"))
        if skill:
            share = self._share(row_no, row.get("share_pct"))
            priority = _PRIORITY_BY_LOWER.get(priority_text.lower()) if priority_text else None
            if priority_text and priority is None:
                self.problem(
                    row_no,
                    "priority",
                    f"{priority_text!r} is not one of {', '.join(PRIORITIES)}",
                )
        else:
            share, priority = None, None
            for column in ("share_pct", "priority"):
                if self._text(row.get(column)):
                    self.problem(row_no, column, "must be empty on a row without a skill")
        if len(self.problems) > before:
            return
        if role:
            self.first_rows.setdefault((ROLE, role.lower()), row_no)
        if skill:
            self.first_rows.setdefault((SKILL, skill.lower()), row_no)
        if skill:
            key = ((role or "").lower(), seniority, skill.lower())
            if key in self.demands:
                first = self.demands[key][0]
                self.problem(
                    row_no,
                    "skill",
                    f"duplicate of row {first} ({role_text}, {seniority}, {skill})",
                )
                return
            tier = priority or tier_for(share, self.thresholds)
            self.demands[key] = (row_no, DemandFigure(role, seniority, skill, share, tier))
        key = ((role or "").lower(), seniority)
        level = LevelFigure(role, seniority, job_count, salary)
        if not skill:
            if key in self.levels:
                first = self.levels[key][0]
                self.problem(row_no, "role", f"duplicate of row {first} ({role_text}, {seniority})")
                return
            self.levels[key] = (row_no, level)
        elif job_count is not None or salary is not None:
            # A skill row may repeat its (role, seniority)'s count; a count row wins.
            self.carried.setdefault(key, (row_no, level))

    def result(self) -> MarketFigures:
        if not self.levels and not self.demands and not self.problems:
            self.problems.append(f"{self.name}: has no data rows")
        if self.problems:
            raise AggregateError(self.problems)
        for key, carried in self.carried.items():
            self.levels.setdefault(key, carried)
        return MarketFigures(
            levels=[f for _, f in self.levels.values()],
            demands=[f for _, f in self.demands.values()],
        )


def _check_columns(name: str, columns: list[str]) -> list[str]:
    problems = []
    present = [c.strip().lower() for c in columns]
    missing = [c for c in COLUMNS if c not in present]
    unknown = [c for c in columns if c.strip().lower() not in COLUMNS]
    if missing:
        problems.append(f"{name}, row 1: missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"{name}, row 1: unknown column(s) {', '.join(map(repr, unknown))}")
    if missing or unknown:
        problems.append(f"{name}, row 1: the header must be {','.join(COLUMNS)}")
    return problems


def _csv_rows(text: str, name: str):
    """(row number, cells) of each CSV record; the csv module's own errors (a quote left
    open...) become an AggregateError naming the row."""
    reader = csv.reader(io.StringIO(text, newline=""))  # CR-only line ends too
    row_no = 0
    while True:
        row_no += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise AggregateError(
                    [
                        f"{name}, row {row_no}: a cell is longer than {csv.field_size_limit():,} "
                        f"characters (names are at most {NAME_MAX_LENGTH}); where a cell "
                        'opens a quote (") that is never closed, the rows after it run into it'
                    ]
                ) from None
            raise AggregateError([f"{name}, row {row_no}: cannot read as CSV ({exc})"]) from None
        yield row_no, cells


def _parse_csv(text: str, name: str, checker: _RowChecker) -> dict[str, Any]:
    rows = _csv_rows(text, name)
    try:
        _, header = next(rows)
    except StopIteration:
        raise AggregateError(
            [f"{name}: is empty (expected the header {','.join(COLUMNS)})"]
        ) from None
    problems = _check_columns(name, header)
    if problems:
        raise AggregateError(problems)
    names = [c.strip().lower() for c in header]
    for row_no, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            checker.problem(row_no, None, f"has {len(cells)} cells, the header has {len(names)}")
            continue
        cells = [spreadsheet_cell_read(cell) for cell in cells]
        checker.check(row_no, dict(zip(names, cells, strict=True)))
    return {}


def _parse_json(text: str, name: str, checker: _RowChecker) -> dict[str, Any]:
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise AggregateError(
            [f"{name}: is not valid JSON ({exc.msg}, line {exc.lineno})"]
        ) from None
    except RecursionError:
        raise AggregateError(
            [f"{name}: is not an export: its JSON is nested too deeply to read"]
        ) from None
    if isinstance(document, list):
        rows, meta = document, {}
    elif isinstance(document, dict) and isinstance(document.get("rows"), list):
        rows, meta = document["rows"], document.get("snapshot") or {}
    else:
        raise AggregateError([f'{name}: expected an object with a "rows" list'])
    if not isinstance(meta, dict):
        raise AggregateError([f'{name}: "snapshot" must be an object'])
    _not_postings(rows, name)
    for row_no, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            checker.problem(row_no, None, "is not an object")
            continue
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        unknown = [k for k in row if str(k).strip().lower() not in COLUMNS]
        if unknown:
            checker.problem(row_no, None, f"unknown column(s) {', '.join(map(repr, unknown))}")
            continue
        checker.check(row_no, lowered)
    return _meta_checked(meta, name)


def _not_postings(rows: list, name: str) -> None:
    """Refuse, in one line, a JSON list whose first object has no export column at all: job
    postings as a JSON array, which would otherwise be refused row by row."""
    first = rows[0] if rows else None
    if not isinstance(first, dict) or not first:
        return
    if any(str(k).strip().lower() in COLUMNS for k in first):
        return
    keys = ", ".join(map(repr, list(first)[:5])) + (", ..." if len(first) > 5 else "")
    raise AggregateError(
        [
            f"{name}, row 1: none of its keys ({keys}) is a column of an aggregated export "
            f"({', '.join(COLUMNS)}); {POSTINGS_JSON_LINES}"
        ]
    )


def _number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _meta_checked(meta: dict[str, Any], name: str) -> dict[str, Any]:
    """The snapshot metadata an export carries, checked: text fields are text (the label a
    valid name), the date a date no later than today, the count a whole number, the tier
    thresholds {tier: percent} for known tiers, counted_here true or false (the shares were
    counted from postings with this app's rules: Snapshot.shares_counted_here)."""
    clean: dict[str, Any] = {}
    problems = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{name}: snapshot {key} {message}")

    for key in ("label", "source", "notes"):
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problem(key, f"{value!r} is not text")
        elif key == "label" and (issue := name_problem(value.strip(), max_length=LABEL_MAX_LENGTH)):
            problem(key, f"{value[:40]!r} {issue}")
        else:
            clean[key] = value.strip() if key == "label" else value
    if meta.get("analysis_date"):
        value = meta["analysis_date"]
        try:
            date = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            date = None
        if date is None:
            problem("analysis_date", f"{value!r} is not a date (YYYY-MM-DD)")
        elif date > dt.date.today() + dt.timedelta(days=1):  # a day for time zones
            problem("analysis_date", f"{value} is in the future")
        else:
            clean["analysis_date"] = date
    if meta.get("postings_count") is not None:
        count = meta["postings_count"]
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            clean["postings_count"] = count
        else:
            problem("postings_count", f"{count!r} is not a whole number")
    thresholds = meta.get("tier_thresholds")
    if thresholds:
        if not isinstance(thresholds, dict):
            problem("tier_thresholds", f"{thresholds!r} is not an object of tier: percent")
        else:
            for tier, minimum in thresholds.items():
                if tier not in TIERS:
                    problem("tier_thresholds", f"names {tier!r}, not one of {', '.join(TIERS)}")
                elif not _number(minimum) or not 0 <= minimum <= 100:
                    problem("tier_thresholds", f"{tier}: {minimum!r} is not a percent (0 to 100)")
            if not problems:
                clean["tier_thresholds"] = {k: float(v) for k, v in thresholds.items()}
    counted = meta.get(COUNTED_HERE)
    if counted is not None:
        if isinstance(counted, bool):
            clean[COUNTED_HERE] = counted
        else:
            problem(COUNTED_HERE, f"{counted!r} is not true or false")
    if problems:
        raise AggregateError(problems)
    return clean


def aggregate_read(
    source: str | Path | IO,
    *,
    name: str,
    tier_thresholds: Mapping[str, float] | None = None,
) -> AggregateDocument:
    """Parse and validate an export (CSV or JSON, told apart by `name`'s extension or the
    content). Raises AggregateError listing every problem with its row and column.

    A skill row without a priority gets the tier its share reaches under `tier_thresholds`
    (default DEFAULT_TIER_THRESHOLDS). Shares are rounded to one decimal."""
    text = _read_text(source)
    checker = _RowChecker(name, tier_thresholds or DEFAULT_TIER_THRESHOLDS)
    if _looks_like_json(name, text):
        meta = _parse_json(text, name, checker)
    else:
        meta = _parse_csv(text, name, checker)
    return AggregateDocument(figures=checker.result(), meta=meta, rows=checker.first_rows)


def figures_rows(figures: MarketFigures) -> list[dict]:
    """Figures as unsorted export rows (for comparing a file with a snapshot)."""
    rows = [
        {
            "role": f.role or ALL_ROLES,
            "seniority": f.seniority,
            "job_count": f.job_count,
            "avg_salary_usd": f.avg_salary_usd,
            "skill": None,
            "share_pct": None,
            "priority": None,
        }
        for f in figures.levels
    ]
    rows += [
        {
            "role": f.role or ALL_ROLES,
            "seniority": f.seniority,
            "job_count": None,
            "avg_salary_usd": None,
            "skill": f.skill,
            "share_pct": f.share_pct,
            "priority": f.priority,
        }
        for f in figures.demands
    ]
    return rows
