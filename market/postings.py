"""Reading one job posting: its salary, seniority and role, and where a file keeps them.

Pure functions, no Django: the import service (`market/services/importing.py`) feeds them
the cells of each row. Every rule is data next to the function that applies it.
"""

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from market.figures import DemandFigure, LevelFigure, MarketFigures
from market.matching import text_array, text_bytes

# ---- Salary --------------------------------------------------------------------------------

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks
# Multiplier to a year for each pay period a posting may name.
PERIOD_PER_YEAR = {"hour": HOURS_PER_YEAR, "day": 260, "week": 52, "month": 12, "year": 1}
_PERIOD_WORDS = {
    "hour": "hour",
    "hourly": "hour",
    "hr": "hour",
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "yr": "year",
    "annum": "year",
}
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([km])?(?![a-z])", re.IGNORECASE)
_PERIOD = re.compile(r"\b(" + "|".join(_PERIOD_WORDS) + r")\b", re.IGNORECASE)
# Amounts this small with no "K" and no period are hourly rates (Glassdoor's "$11-$16").
HOURLY_BELOW = 500
# Cells that mean "no salary given" (counted as missing, not as unparseable).
SALARY_MISSING = {"", "-1", "-1.0", "0", "none", "null", "nan", "n/a", "na", "unknown"}
# Annual salaries outside this band are typos or not salaries at all.
SALARY_MIN_USD, SALARY_MAX_USD = 5_000, 5_000_000


def salary_parse(value) -> int | None:
    """US dollars per year from a salary cell, or None when missing or unparseable.

    A range takes its midpoint; `K` means thousands (`M` millions); an amount per hour is
    x 2080, per day x 260, per week x 52, per month x 12. With no period named, amounts
    below 500 without `K` are hourly. `-1`, empty and text without an amount give None.
    Examples: `$53K-$91K (Glassdoor est.)` -> 72000, `$17-$24 Per Hour(Glassdoor est.)`
    -> 42640, `$150,000 - $200,000 a year` -> 175000, `$60 - $70 an hour` -> 135200.
    """
    if value is None:
        return None
    if isinstance(value, int | float):
        if value != value or value <= 0:  # NaN or the "-1" convention
            return None
        return _in_band(float(value))
    text = str(value).strip()
    if not text or text.startswith("-"):
        return None
    amounts = []
    for match in _AMOUNT.finditer(text):
        number = float(match.group(1).replace(",", ""))
        unit = (match.group(2) or "").lower()
        amounts.append((number, unit))
        if len(amounts) == 2:
            break
    if not amounts:
        return None
    # "$50-60K": a bare low end shares the high end's unit.
    if len(amounts) == 2 and amounts[1][1] and not amounts[0][1]:
        amounts[0] = (amounts[0][0], amounts[1][1])
    scale = {"": 1, "k": 1_000, "m": 1_000_000}
    dollars = [number * scale[unit] for number, unit in amounts]
    midpoint = sum(dollars) / len(dollars)
    period_match = _PERIOD.search(text)
    if period_match:
        period = _PERIOD_WORDS[period_match.group(1).lower()]
    elif all(not unit for _, unit in amounts) and midpoint < HOURLY_BELOW:
        period = "hour"
    else:
        period = "year"
    return _in_band(midpoint * PERIOD_PER_YEAR[period])


def _in_band(yearly: float) -> int | None:
    if not SALARY_MIN_USD <= yearly <= SALARY_MAX_USD:
        return None
    return round(yearly)


# ---- Seniority -----------------------------------------------------------------------------

ENTRY, MID, SENIOR, STAFF = "entry", "mid", "senior", "staff"

# Title words for each level, strongest first: "Senior Staff Engineer" is staff,
# "Senior Associate" senior. A title with none of them is mid.
TITLE_SENIORITY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (STAFF, ("staff", "principal", "lead", "head", "director", "distinguished")),
    (SENIOR, ("senior", "sr", "snr")),
    (ENTRY, ("intern", "internship", "junior", "jr", "entry", "associate", "graduate", "grad")),
)

# Values of an explicit seniority column (lower-cased). LinkedIn's `experienceLevel`:
# Internship / Entry level / Associate -> entry; Director / Executive -> staff;
# "Mid-Senior level" spans two levels, so the title decides between mid and senior.
MID_OR_SENIOR = "mid-or-senior"
COLUMN_SENIORITY = {
    "entry": ENTRY,
    "entry level": ENTRY,
    "entry-level": ENTRY,
    "internship": ENTRY,
    "intern": ENTRY,
    "junior": ENTRY,
    "associate": ENTRY,
    "graduate": ENTRY,
    "mid": MID,
    "mid level": MID,
    "mid-level": MID,
    "intermediate": MID,
    "senior": SENIOR,
    "sr": SENIOR,
    "staff": STAFF,
    "principal": STAFF,
    "lead": STAFF,
    "director": STAFF,
    "executive": STAFF,
    "mid-senior level": MID_OR_SENIOR,
    "mid-senior": MID_OR_SENIOR,
}
# Column values that say nothing: the title decides.
COLUMN_SENIORITY_BLANK = {"", "not applicable", "n/a", "na", "none", "unknown", "nan", "-"}

_TITLE_SENIORITY = [
    (level, re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?![a-z0-9])"))
    for level, words in TITLE_SENIORITY_RULES
]


class UnknownSeniority(ValueError):
    """An explicit seniority value that is none of COLUMN_SENIORITY's (args: value, and the
    file row when known)."""


def seniority_from_title(title: str) -> str:
    """entry, mid, senior or staff from the words of a job title (TITLE_SENIORITY_RULES):
    staff/principal/lead/head/director -> staff, else senior/sr -> senior, else
    intern/junior/entry/associate/graduate -> entry, else mid."""
    lowered = (title or "").lower()
    for level, pattern in _TITLE_SENIORITY:
        if pattern.search(lowered):
            return level
    return MID


def seniority_decide(*, title: str, value: str | None = None) -> str:
    """The posting's level: the explicit column `value` when it names one, else the title.

    "Mid-Senior level" gives senior when the title says senior (or higher), else mid.
    Raises UnknownSeniority for a value that is neither known nor blank.
    """
    key = re.sub(r"\s+", " ", str(value or "").strip().lower())
    if key in COLUMN_SENIORITY_BLANK:
        return seniority_from_title(title)
    if key not in COLUMN_SENIORITY:
        raise UnknownSeniority(value)
    level = COLUMN_SENIORITY[key]
    if level == MID_OR_SENIOR:
        return SENIOR if seniority_from_title(title) in (SENIOR, STAFF) else MID
    return level


# ---- Role ----------------------------------------------------------------------------------

RoleRules = Sequence[tuple[str, Sequence[str]]]
_TITLE_SEPARATORS = r"[\s\-\u2013\u2014,:/|]+"


def _phrase_regex(phrase: str) -> str:
    # Whole words, any case; between words, any run of white space and the separators
    # titles use ("Software Engineer, ML" = "Software Engineer - ML" = "Software Engineer: ML").
    words = [re.escape(w) for w in re.split(_TITLE_SEPARATORS, phrase.strip().lower()) if w]
    return r"(?<![a-z0-9])" + _TITLE_SEPARATORS.join(words) + r"(?![a-z0-9])"


class RoleClassifier:
    """Role of a posting from its title: the first role (in the rules' order) one of whose
    patterns appears in the title as whole words, case-insensitively; None if none does.

    Rules are data, `[(role name, [pattern, ...]), ...]`, from the admin-editable roles.
    Titles repeat a lot, so answers are cached (bounded).
    """

    CACHE_SIZE = 50_000

    def __init__(self, rules: RoleRules):
        self.rules = [
            (name, re.compile("|".join(_phrase_regex(p) for p in patterns if p.strip())))
            for name, patterns in rules
            if any(p.strip() for p in patterns)
        ]
        self._cache: dict[str, str | None] = {}

    def classify(self, title: str) -> str | None:
        try:
            return self._cache[title]
        except KeyError:
            pass
        lowered = (title or "").lower()
        role = next((name for name, pattern in self.rules if pattern.search(lowered)), None)
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.clear()
        self._cache[title] = role
        return role


# ---- Columns -------------------------------------------------------------------------------

TITLE, DESCRIPTION, SALARY = "title", "description", "salary"
SENIORITY, COMPANY, LOCATION, POSTED = "seniority", "company", "location", "posted"
REQUIRED_FIELDS = (TITLE, DESCRIPTION)

# Header names each field is found under, compared without case, spaces or punctuation.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    TITLE: ("title", "Job Title", "Name", "position", "job_title", "job name", "role"),
    DESCRIPTION: ("description", "Job Description", "Description", "job_description", "text"),
    SALARY: ("salary", "Salary Estimate", "Salary", "salary range", "pay", "compensation"),
    SENIORITY: (
        "seniority",
        "experienceLevel",
        "Experience level",
        "seniority level",
        "job level",
        "level",
    ),
    COMPANY: ("company", "Company Name", "companyName", "employer", "organization"),
    LOCATION: ("location", "job location"),
    POSTED: (
        "posting date",
        "publishedAt",
        "date posted",
        "posted",
        "posted at",
        "date",
        "created at",
    ),
}
FIELDS = tuple(COLUMN_NAMES)


class ColumnError(ValueError):
    """The file's columns cannot give a required field, or a --map names a wrong one."""


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def columns_detect(header: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict:
    """{field: column} for the fields this header has, `mapping` ({field: column},
    from --map) first, then COLUMN_NAMES in order. Raises ColumnError naming what is
    missing or wrong and listing the columns the file has."""
    header = [str(h) for h in header]
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(_header_key(name), name)
    listed = ", ".join(header) or "(none)"
    found: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if field not in COLUMN_NAMES:
            raise ColumnError(
                f"--map {field}={column}: unknown field {field!r}; fields are {', '.join(FIELDS)}"
            )
        if column not in header:
            raise ColumnError(
                f"--map {field}={column}: the file has no column {column!r}; it has: {listed}"
            )
        found[field] = column
    taken = set(found.values())
    for field, names in COLUMN_NAMES.items():
        if field in found:
            continue
        for name in names:
            column = by_key.get(_header_key(name))
            if column is not None and column not in taken:
                found[field] = column
                taken.add(column)
                break
    for field in REQUIRED_FIELDS:
        if field not in found:
            looked = ", ".join(COLUMN_NAMES[field][:4])
            raise ColumnError(
                f"no {field} column: looked for {looked}; the file has: {listed}. "
                f"Name it with --map {field}=COLUMN"
            )
    return found


def mapping_parse(items: Iterable[str]) -> dict[str, str]:
    """{field: column} from `FIELD=COLUMN` strings (the command's --map)."""
    mapping = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ColumnError(f"--map {item!r}: expected FIELD=COLUMN, e.g. --map title=Position")
        mapping[field.strip().lower()] = column.strip()
    return mapping


# ---- Tally: postings -> market figures -----------------------------------------------------

ALL_LEVELS = "all"
SENIORITY_LEVELS = (ENTRY, MID, SENIOR, STAFF)
_LEVEL_NUMBER = {level: i for i, level in enumerate(SENIORITY_LEVELS)}
TIER_ORDER = ("Critical", "High", "Medium", "Nice-to-have")
BELOW_TIERS = "Not required"
KNOWN, MISSING, UNPARSEABLE = 0, 1, 2


def tier_for(share_pct: Decimal, thresholds: Mapping[str, float]) -> str:
    """The highest tier whose minimum share (percent) `share_pct` reaches, else
    "Not required". `thresholds` is {"Critical": 60.0, "High": 25.0, ...}."""
    for tier in TIER_ORDER:
        if tier in thresholds and share_pct >= Decimal(str(thresholds[tier])):
            return tier
    return BELOW_TIERS


def share_pct(count: int, total: int) -> Decimal:
    """count / total as a percentage with one decimal, halves rounded up (87.65 -> 87.7)."""
    return (Decimal(count * 100) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def salary_status(value) -> tuple[int, int | None]:
    """(KNOWN, usd), (MISSING, None) for an empty/-1/"None" cell, or (UNPARSEABLE, None)."""
    text = "" if value is None or value != value else str(value).strip()
    if text.lower() in SALARY_MISSING:
        return MISSING, None
    usd = salary_parse(text)
    return (KNOWN, usd) if usd is not None else (UNPARSEABLE, None)


class SeenPostings:
    """Hashes of the postings counted so far, as sorted runs of 64-bit integers (8 bytes
    per posting; runs are merged like a binary counter, so checks stay logarithmic)."""

    def __init__(self):
        self.runs: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(len(run) for run in self.runs)

    def first_seen(self, hashes: np.ndarray) -> np.ndarray:
        """Mask of `hashes` seen neither before nor earlier in `hashes`; remembers them."""
        unique, first = np.unique(hashes, return_index=True)
        fresh = np.ones(len(unique), dtype=bool)
        for run in self.runs:
            where = np.searchsorted(run, unique).clip(max=len(run) - 1)
            fresh &= run[where] != unique
        mask = np.zeros(len(hashes), dtype=bool)
        mask[first[fresh]] = True
        run = unique[fresh]
        while self.runs and len(self.runs[-1]) <= 2 * len(run):
            run = np.union1d(self.runs.pop(), run)
        if len(run):
            self.runs.append(run)
        return mask


class _FailedAt(Exception):
    """A _PerDistinct answer failed; `row` is the first row (in the chunk) with that text."""

    def __init__(self, row: int):
        super().__init__(row)
        self.row = row


class _PerDistinct:
    """`answer(text)` for every row of a chunk, computed once per distinct text and
    remembered across chunks (titles, seniorities and salaries repeat a lot); at most LIMIT
    texts are remembered. Answers are numbers (`width` of them per text). An answer that
    raises `fails_with` is re-raised as _FailedAt (from it) naming the first row with it."""

    LIMIT = 100_000

    def __init__(self, answer, *, width: int = 1, fails_with: type[Exception] | tuple = ()):
        self.answer, self.width, self.fails_with = answer, width, fails_with
        self.known: dict[str, object] = {}

    def __call__(self, texts) -> np.ndarray:
        import pandas as pd

        codes, uniques = pd.factorize(texts)
        shape = (len(uniques),) if self.width == 1 else (len(uniques), self.width)
        answers = np.empty(shape, dtype=np.int64 if self.width == 1 else np.float64)
        for i, text in enumerate(uniques.tolist()):
            found = self.known.get(text)
            if found is None:
                try:
                    found = self.answer(text)
                except self.fails_with as exc:
                    raise _FailedAt(int(np.flatnonzero(codes == i)[0])) from exc
                if len(self.known) > self.LIMIT:
                    self.known.clear()
                self.known[text] = found
            answers[i] = found
        return answers[codes]


def _salary_answer(text: str) -> tuple[int, float]:
    state, usd = salary_status(text)
    return state, float(usd or 0)


@dataclass(frozen=True)
class CountedFrame:
    """What PostingsTally.count_skills needs of a counted chunk: each counted posting's
    (role, seniority) group, in the order of the descriptions count_frame returned."""

    group: np.ndarray


class PostingsTally:
    """Counts postings into (role, seniority) groups: jobs, salaries, skill mentions.

    Fed one chunk (a DataFrame with columns named by field) at a time; every step is a
    vectorised operation over the chunk. Exact duplicates (same title, company and
    description) count once. Postings that match no role count only in the "All" figures;
    their most common titles are kept for the summary. Memory grows by 8 bytes per distinct
    posting, not with the file.
    """

    TITLE_COUNTER_LIMIT = 50_000

    def __init__(self, *, matcher, classify_role, role_names: Sequence[str], skill_names):
        self.classify_role = classify_role  # title -> role name or None
        self.role_names = list(role_names)
        self._role_number = {name: i for i, name in enumerate(self.role_names)}
        self.skill_names = [skill_names[slug] for slug in matcher.slugs]
        groups = (len(self.role_names) + 1) * len(SENIORITY_LEVELS)  # + "no role"
        self.jobs = np.zeros(groups, dtype=np.int64)
        self.salary_sum = np.zeros(groups, dtype=np.float64)
        self.salary_n = np.zeros(groups, dtype=np.int64)
        self.skill_counts = np.zeros((groups, len(self.skill_names)), dtype=np.int64)
        self.seen = SeenPostings()
        self.rows = self.blank = self.duplicates = 0
        self.salary_missing = self.salary_unparseable = 0
        self.unmatched_titles: Counter = Counter()
        self.latest_date = ""
        self._role_of = _PerDistinct(self._role_number_of)
        self._level_of = _PerDistinct(self._level_number, fails_with=UnknownSeniority)
        self._salary_of = _PerDistinct(_salary_answer, width=2)

    # -- one chunk --

    def count_frame(self, frame, *, first_row: int = 1) -> "tuple[CountedFrame, pa.Array] | None":
        """Count a chunk's postings, levels, roles and salaries. Returns the counted chunk and
        the descriptions of its postings that count (not blank rows, not duplicates), whose
        skills count_skills adds once the matcher's find_pairs of them is known (so the
        matching can run elsewhere while the next chunk is read); None when no posting of the
        chunk counts. `first_row` is the file row of the chunk's first posting: it raises
        UnknownSeniority(value, row) for a seniority value none of the rules know."""
        n = len(frame)
        self.rows += n
        title = _cells(frame, TITLE, n).str.strip()
        description = _cells(frame, DESCRIPTION, n)
        company = _cells(frame, COMPANY, n)
        blank = np.zeros(n, dtype=bool)
        no_title = np.flatnonzero(title.str.len().to_numpy() == 0)
        if no_title.size:
            blank[no_title] = description.iloc[no_title].str.strip().str.len().to_numpy() == 0
        hashes = row_hashes(title, company, description)
        keep = np.zeros(n, dtype=bool)
        counted = np.flatnonzero(~blank)
        keep[counted] = self.seen.first_seen(hashes[counted])
        self.blank += int(blank.sum())
        self.duplicates += int(n - blank.sum() - keep.sum())
        if not keep.any():
            return None
        level = self._levels(title, frame, n, first_row)
        role = self._role_of(title)
        group = role * len(SENIORITY_LEVELS) + level
        self.jobs += np.bincount(group[keep], minlength=len(self.jobs))
        self._salaries(frame, n, keep, group)
        unmatched = keep & (role == len(self.role_names))
        if unmatched.any():
            self.unmatched_titles.update(title[unmatched].str.lower().value_counts().to_dict())
            if len(self.unmatched_titles) > self.TITLE_COUNTER_LIMIT:
                self.unmatched_titles = Counter(dict(self.unmatched_titles.most_common(1000)))
        if POSTED in frame:
            posted = _cells(frame, POSTED, n)[keep].str.slice(0, 10)
            dates = posted[posted.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
            if len(dates) and dates.max() > self.latest_date:
                self.latest_date = dates.max()
        descriptions = text_array(description.array)
        if not keep.all():
            descriptions = descriptions.filter(pa.array(keep))
        return CountedFrame(group=group[keep]), descriptions

    def count_skills(self, counted: "CountedFrame", rows: np.ndarray, skills: np.ndarray):
        """Add a counted chunk's skill mentions: find_pairs of its descriptions."""
        flat = counted.group[rows] * len(self.skill_names) + skills
        self.skill_counts += np.bincount(flat, minlength=self.skill_counts.size).reshape(
            self.skill_counts.shape
        )

    def _levels(self, title, frame, n, first_row) -> np.ndarray:
        values = _cells(frame, SENIORITY, n) if SENIORITY in frame else None
        keys = title if values is None else title + "\x1f" + values
        try:
            return self._level_of(keys)
        except _FailedAt as failed:
            value = failed.__cause__.args[0]
            raise UnknownSeniority(value, first_row + failed.row) from None

    def _salaries(self, frame, n, keep, group) -> None:
        if SALARY not in frame:
            self.salary_missing += int(keep.sum())
            return
        found = self._salary_of(_cells(frame, SALARY, n).str.strip())
        row_status, usd = found[:, 0].astype(np.int64), found[:, 1]
        self.salary_missing += int((keep & (row_status == MISSING)).sum())
        self.salary_unparseable += int((keep & (row_status == UNPARSEABLE)).sum())
        known = keep & (row_status == KNOWN)
        size = len(self.jobs)
        self.salary_sum += np.bincount(group[known], weights=usd[known], minlength=size)
        self.salary_n += np.bincount(group[known], minlength=size)

    def _level_number(self, key: str) -> int:
        head, _, value = key.partition("\x1f")
        return _LEVEL_NUMBER[seniority_decide(title=head, value=value)]

    def _role_number_of(self, title: str) -> int:
        name = self.classify_role(title)
        none = len(self.role_names)
        return self._role_number.get(name, none) if name else none

    # -- results --

    @property
    def postings(self) -> int:
        return int(self.jobs.sum())

    def rollup(self) -> dict[tuple[str | None, str], tuple[int, float, int, np.ndarray]]:
        """(jobs, salary sum, salaries known, skill counts) for every (role, seniority)
        with postings, each role across levels ("all"), and all postings (role None, which
        includes postings matching no role) per level and across levels."""
        levels = len(SENIORITY_LEVELS)
        shape = (len(self.role_names) + 1, levels)
        jobs = self.jobs.reshape(shape)
        pay = self.salary_sum.reshape(shape)
        paid = self.salary_n.reshape(shape)
        skills = self.skill_counts.reshape((*shape, -1))
        out = {}

        def put(role, level, j, p, k, s):
            if j:
                out[(role, level)] = (int(j), float(p), int(k), s)

        for r, role in enumerate(self.role_names):
            for i, level in enumerate(SENIORITY_LEVELS):
                put(role, level, jobs[r, i], pay[r, i], paid[r, i], skills[r, i])
            put(role, ALL_LEVELS, jobs[r].sum(), pay[r].sum(), paid[r].sum(), skills[r].sum(0))
        for i, level in enumerate(SENIORITY_LEVELS):
            put(
                None,
                level,
                jobs[:, i].sum(),
                pay[:, i].sum(),
                paid[:, i].sum(),
                skills[:, i].sum(0),
            )
        put(None, ALL_LEVELS, jobs.sum(), pay.sum(), paid.sum(), skills.sum((0, 1)))
        return out

    def figures(self, *, thresholds: Mapping[str, float]) -> MarketFigures:
        levels, demands = [], []
        for (role, level), (jobs, pay, paid, counts) in self.rollup().items():
            avg = round(pay / paid) if paid else None
            levels.append(LevelFigure(role, level, jobs, avg))
            order = sorted(np.flatnonzero(counts), key=lambda s: (-counts[s], self.skill_names[s]))
            for s in order:
                share = share_pct(int(counts[s]), jobs)
                tier = tier_for(share, thresholds)
                demands.append(DemandFigure(role, level, self.skill_names[s], share, tier))
        return MarketFigures(levels=levels, demands=demands)

    def summary(self, *, top_titles: int = 10) -> dict:
        unmatched = int(self.jobs.reshape((len(self.role_names) + 1, -1))[-1].sum())
        return {
            "rows_read": self.rows,
            "blank_rows": self.blank,
            "duplicates_dropped": self.duplicates,
            "postings": self.postings,
            "unmatched_role": unmatched,
            "unmatched_titles": [
                [title, n] for title, n in self.unmatched_titles.most_common(top_titles)
            ],
            "salary_known": int(self.salary_n.sum()),
            "salary_missing": self.salary_missing,
            "salary_unparseable": self.salary_unparseable,
            "skills_found": int((self.skill_counts.sum(0) > 0).sum()),
            "latest_posting_date": self.latest_date or None,
        }


def row_hashes(*columns) -> np.ndarray:
    """A 64-bit hash of each row's cells (pandas columns): rows with equal cells hash alike
    (within this process: Python's own hash of the row's UTF-8 bytes, its cells joined by
    NUL bytes)."""
    arrays = [text_array(column.array) for column in columns]
    view, bounds = text_bytes(
        pc.binary_join_element_wise(*arrays, pa.scalar("\x00", pa.large_string()))
    )
    data = bytes(view)  # Python hashes bytes objects, not views of Arrow's buffers
    cells = (data[a:b] for a, b in itertools.pairwise(bounds.tolist()))  # one row at a time
    return np.fromiter(map(hash, cells), dtype=np.int64, count=len(bounds) - 1)


def _cells(frame, field: str, n: int):
    """A column of the chunk as text (missing cells and a missing column read as "")."""
    import pandas as pd

    if field not in frame:
        return pd.Series([""] * n, dtype="str", index=frame.index)
    column = frame[field]
    if column.dtype != "str":
        column = column.astype("str")
    return column.fillna("") if column.hasnans else column
