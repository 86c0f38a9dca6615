"""Counting postings into market figures: jobs, salaries and skill mentions per (role,
seniority), vectorised over chunks of a file. No Django: the import service feeds it chunks
and stores what `PostingsTally.figures` returns.
"""

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.ingestion.matching import text_array, text_bytes, texts_joined
from market.ingestion.postings import (
    COMPANY,
    DESCRIPTION,
    KNOWN,
    MISSING,
    POSTED,
    SALARY,
    SENIORITY,
    TITLE,
    UNPARSEABLE,
    UnknownSeniority,
    salary_status,
    seniority_decide,
)
from market.vocabulary import ALL_LEVELS, SENIORITY_LEVELS, share_pct, tier_for

_LEVEL_NUMBER = {level: i for i, level in enumerate(SENIORITY_LEVELS)}


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
        self.matcher = matcher
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
        self.dates_unreadable = 0
        self._role_of = _PerDistinct(self._role_number_of)
        self._level_of = _PerDistinct(self._level_number, fails_with=UnknownSeniority)
        self._salary_of = _PerDistinct(_salary_answer, width=2)

    # -- one chunk --

    def add(self, frame, *, first_row: int = 1) -> None:
        """Count a chunk's postings: levels, roles, salaries and skills of those that count
        (not blank rows, not duplicates). `first_row` is the file row of the chunk's first
        posting: it raises UnknownSeniority(value, row) for a seniority value none of the
        rules know."""
        n = len(frame)
        self.rows += n
        title, company, description = posting_cells(frame)
        blank, keep = postings_counted(title, company, description, seen=self.seen)
        self.blank += int(blank.sum())
        self.duplicates += int(n - blank.sum() - keep.sum())
        if not keep.any():
            return
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
            self._posting_dates(_cells(frame, POSTED, n)[keep])
        descriptions = text_array(description.array)
        if not keep.all():
            descriptions = descriptions.filter(pa.array(keep))
        rows, skills = self.matcher.find_pairs(descriptions)
        flat = group[keep][rows] * len(self.skill_names) + skills
        self.skill_counts += np.bincount(flat, minlength=self.skill_counts.size).reshape(
            self.skill_counts.shape
        )

    def _levels(self, title, frame, n, first_row) -> np.ndarray:
        values = _cells(frame, SENIORITY, n) if SENIORITY in frame else None
        # One key per (title, value), split again by _level_number at the separator (which
        # no cell keeps: it means nothing to a title or a level).
        title = title.str.replace(_KEY_SEPARATOR, " ", regex=False)
        keys = (
            title
            if values is None
            else title + _KEY_SEPARATOR + values.str.replace(_KEY_SEPARATOR, " ", regex=False)
        )
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

    def _posting_dates(self, posted) -> None:
        """Keep the latest readable posting date; count the cells that hold none."""
        given = posted.str.strip()
        given = given[given.str.len() > 0]
        days = given.str.slice(0, 10)
        latest = dt.date.today() + dt.timedelta(days=1)  # a day's grace for time zones
        readable = {day: _posting_day(day, latest=latest) for day in days.unique()}
        self.dates_unreadable += sum(readable[day] is None for day in days)
        found = [day for day in readable.values() if day]
        if found:
            self.latest_date = max(self.latest_date, *found)

    def _level_number(self, key: str) -> int:
        head, _, value = key.partition(_KEY_SEPARATOR)
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
            "posting_dates_unreadable": self.dates_unreadable,
        }


_KEY_SEPARATOR = "\x1f"
# Posting dates outside these are typos (year 9999) or placeholders (1900-01-01): unreadable.
EARLIEST_POSTING_DATE = dt.date(1990, 1, 1)


def _posting_day(text: str, *, latest: dt.date) -> str | None:
    """`YYYY-MM-DD` when `text` (a cell's first ten characters) is a real calendar day
    between EARLIEST_POSTING_DATE and `latest`, else None."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:  # 2024-13-45
        return None
    return text if EARLIEST_POSTING_DATE <= day <= latest else None


def row_hashes(*columns) -> np.ndarray:
    """A 64-bit hash of each row's cells (pandas columns): rows with equal cells hash alike
    (within this process: Python's own hash of the row's UTF-8 bytes, its cells joined by
    NUL bytes)."""
    arrays = [text_array(column.array) for column in columns]
    view, bounds = text_bytes(texts_joined(*arrays, separator=pa.scalar("\x00", pa.large_string())))
    data = bytes(view)  # Python hashes bytes objects, not views of Arrow's buffers
    cells = (data[a:b] for a, b in itertools.pairwise(bounds.tolist()))  # one row at a time
    return np.fromiter(map(hash, cells), dtype=np.int64, count=len(bounds) - 1)


def posting_cells(frame) -> tuple:
    """A chunk's title (stripped), company and description columns, as text; missing
    descriptions stay missing (the largest column: not copied to fill them)."""
    n = len(frame)
    return (
        _cells(frame, TITLE, n).str.strip(),
        _cells(frame, COMPANY, n),
        _cells(frame, DESCRIPTION, n, missing=None),
    )


def postings_counted(title, company, description, *, seen: SeenPostings) -> tuple:
    """Which rows of a chunk count as postings, as two masks: `blank` (no title and no
    description) and `keep` (not blank, and the first of its title, company and description
    that `seen` meets: an exact duplicate counts once)."""
    n = len(title)
    blank = np.zeros(n, dtype=bool)
    no_title = np.flatnonzero(title.str.len().to_numpy() == 0)
    if no_title.size:
        text = description.iloc[no_title].fillna("").str.strip()
        blank[no_title] = text.str.len().to_numpy() == 0
    hashes = row_hashes(title, company, description)
    keep = np.zeros(n, dtype=bool)
    counted = np.flatnonzero(~blank)
    keep[counted] = seen.first_seen(hashes[counted])
    return blank, keep


def _cells(frame, field: str, n: int, *, missing: str | None = ""):
    """A column of the chunk as text (a missing column reads as ""; missing cells as
    `missing`: None keeps them missing, as the Arrow joins read them)."""
    import pandas as pd

    if field not in frame:
        return pd.Series([""] * n, dtype="str", index=frame.index)
    column = frame[field]
    if column.dtype != "str":
        column = column.astype("str")
    return column.fillna(missing) if missing is not None and column.hasnans else column
