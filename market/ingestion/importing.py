"""Importing market data into a new draft snapshot: an aggregated export, or raw postings.
`market_import` is the one entry point (the command and the admin upload call it).

Nothing is written until the whole file has been read and checked: a bad file raises
MarketImportError (what is wrong and where) and leaves the database as it was.
Postings are streamed in chunks, so memory stays flat as files grow.
"""

import contextlib
import datetime as dt
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from market.ingestion import postings as posting_rules
from market.ingestion.aggregate import AggregateError, aggregate_read
from market.ingestion.matching import SkillMatcher, pairs_finder
from market.ingestion.postings import ColumnError, RoleClassifier, UnknownSeniority
from market.ingestion.reading import (
    AGGREGATE,
    AUTO,
    CHUNK_READERS,
    FORMATS,
    POSTINGS,
    FileKind,
    MarketImportError,
    file_kind,
    format_detect,
)
from market.ingestion.tally import PostingsTally
from market.models import Role, Skill, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish
from market.vocabulary import ALL_LEVELS, DEFAULT_TIER_THRESHOLDS

# Files this large have their skills matched in a worker process (see _matching_processes),
# with up to this many chunks read ahead of the matching.
MATCHING_PROCESS_MIN_BYTES = 64 * 1024 * 1024
CHUNKS_IN_FLIGHT = 2

Progress = Callable[[float], None]
_ARROW_POOL = pa.default_memory_pool()
# The cells PostingsTally.add takes, in its order.
TALLY_FIELDS = ("title", "description", "company", "salary", "seniority", "posted")


@dataclass
class ImportResult:
    snapshot: Snapshot
    format: str
    summary: dict


# ---- Building the taxonomy tools from the database -----------------------------------------


def skill_matcher_build(*, skills: Iterable[Skill] | None = None) -> SkillMatcher:
    """A matcher over the aliases of `skills` (default: every skill of the taxonomy)."""
    if skills is None:
        skills = Skill.objects.only("slug", "name", "aliases")
    return SkillMatcher.from_aliases(
        {s.slug: s.alias_list for s in skills}, cache_dir=settings.SKILLGAP_CACHE_DIR
    )


def role_rules_load() -> list[tuple[str, list[str]]]:
    """(role name, title patterns) in the order roles are tried; a role without patterns
    is found by its name."""
    return [
        (r.name, r.pattern_list or [r.name]) for r in Role.objects.order_by("display_order", "name")
    ]


# ---- Imports ----------------------------------------------------------------------------------


def _matching_processes(path) -> int:
    """Worker processes for skill matching: one for a large file on a machine with a CPU to
    spare (it matches while this process reads and counts); none otherwise, since starting
    one costs about half a second."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    large = os.path.getsize(path) >= MATCHING_PROCESS_MIN_BYTES
    return 1 if large and cpus >= 2 else 0


@contextlib.contextmanager
def _no_cyclic_gc():
    """Imports allocate millions of short-lived objects and create no reference cycles: the
    cyclic collector would only walk the heap over and over (about 5% of an import's time).
    Reference counting still frees everything; the collector is restored (if it was on)
    when the block ends, however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _count_skills(tally: PostingsTally, counted, future) -> None:
    try:
        rows, skills = future.result()
    except BrokenProcessPool as exc:
        raise MarketImportError(
            "the skill-matching worker process stopped unexpectedly (out of memory?); "
            "nothing was imported; try again, or on a machine with more memory"
        ) from exc
    tally.count_skills(counted, rows, skills)


def _postings_tally(
    path: str | Path,
    *,
    mapping: dict | None = None,
    name: str = "",
    progress: Progress | None = None,
    kind: FileKind | None = None,
    matcher: SkillMatcher | None = None,
    skill_names: dict | None = None,
    role_rules=None,
) -> tuple[PostingsTally, dict]:
    """Read every posting of the file into a tally (no database writes).
    Returns the tally and the {field: column} mapping used."""
    name = name or Path(path).name
    kind = kind or file_kind(path, name=name)
    if kind.container == "json":
        raise MarketImportError(
            "postings in JSON must be JSON Lines (one object per line)", file=name
        )
    try:
        columns = posting_rules.columns_detect(kind.header, mapping)
    except ColumnError as exc:
        raise MarketImportError(str(exc), file=name) from exc
    if matcher is None:
        skills = list(Skill.objects.only("slug", "name", "aliases"))
        matcher = skill_matcher_build(skills=skills)
        skill_names = {s.slug: s.name for s in skills}
    rules = role_rules if role_rules is not None else role_rules_load()
    tally = PostingsTally(
        matcher=matcher,
        classify_role=RoleClassifier(rules).classify,
        role_names=[role for role, _ in rules],
        skill_names=skill_names,
    )
    read = {f: c for f, c in columns.items() if f in TALLY_FIELDS}
    with _no_cyclic_gc(), pairs_finder(matcher, processes=_matching_processes(path)) as find_pairs:
        in_flight: deque = deque()  # (counted chunk, future of its skill mentions)
        for first_row, frame, done in CHUNK_READERS[kind.container](path, kind, read, name):
            try:
                counted = tally.count_frame(frame, first_row=first_row)
            except UnknownSeniority as exc:
                raise MarketImportError(
                    f"unknown seniority {exc.args[0]!r}; use one of: "
                    + ", ".join(sorted(posting_rules.COLUMN_SENIORITY))
                    + " (or leave it empty to use the title)",
                    file=name,
                    row=exc.args[1] if len(exc.args) > 1 else None,
                    column=columns[posting_rules.SENIORITY],
                ) from exc
            del frame
            if counted is not None:
                counted_frame, descriptions = counted
                in_flight.append((counted_frame, find_pairs(descriptions)))
            while len(in_flight) > CHUNKS_IN_FLIGHT:
                _count_skills(tally, *in_flight.popleft())
            _ARROW_POOL.release_unused()  # hand each chunk's buffers back: memory stays flat
            if progress:
                progress(min(done, 1.0))
        while in_flight:
            _count_skills(tally, *in_flight.popleft())
    if tally.postings == 0:
        raise MarketImportError("the file has no postings (only a header?)", file=name)
    return tally, columns


def _postings_import(
    path: str | Path,
    *,
    mapping: dict | None = None,
    label: str = "",
    created_by=None,
    publish: bool = False,
    name: str = "",
    progress: Progress | None = None,
    kind: FileKind | None = None,
    tier_thresholds: dict | None = None,
) -> ImportResult:
    """A new draft snapshot from a file of raw postings (published if `publish`)."""
    name = name or Path(path).name
    thresholds = dict(tier_thresholds or DEFAULT_TIER_THRESHOLDS)
    tally, columns = _postings_tally(path, mapping=mapping, name=name, progress=progress, kind=kind)
    summary = {"format": POSTINGS, "file": name, "columns": columns, **tally.summary()}
    analysis_date = (
        dt.date.fromisoformat(tally.latest_date) if tally.latest_date else timezone.localdate()
    )
    return _snapshot_store(
        POSTINGS,
        publish=publish,
        figures=tally.figures(thresholds=thresholds),
        label=label or f"Postings from {name}",
        source=f"{tally.postings} job postings from {name}",
        analysis_date=analysis_date,
        postings_count=tally.postings,
        tier_thresholds=thresholds,
        import_summary=summary,
        created_by=created_by,
    )


def _snapshot_store(format: str, *, publish: bool, created_by, **fields) -> ImportResult:
    """The new snapshot, and its publication if asked, in one transaction: all or nothing.
    (Thousands of figures: without the cyclic collector, which would walk a large heap.)"""
    with _no_cyclic_gc(), transaction.atomic():
        snapshot = snapshot_create(created_by=created_by, **fields)
        if publish:
            snapshot = snapshot_publish(snapshot=snapshot, by=created_by)
    return ImportResult(snapshot=snapshot, format=format, summary=snapshot.import_summary)


def _aggregate_import(
    path: str | Path,
    *,
    label: str = "",
    created_by=None,
    publish: bool = False,
    name: str = "",
    kind: FileKind | None = None,
) -> ImportResult:
    """A new draft snapshot from an export_market file (CSV or JSON)."""
    name = name or Path(path).name
    kind = kind or file_kind(path, name=name)
    if kind.container == "parquet":
        raise MarketImportError("an aggregate export is CSV or JSON, not Parquet", file=name)
    try:
        document = aggregate_read(path, name=name)
    except AggregateError as exc:
        problems = exc.problems or [str(exc)]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise MarketImportError(problems[0] + more) from exc
    figures, meta = document.figures, document.meta
    all_jobs = next(
        (f.job_count for f in figures.levels if f.role is None and f.seniority == ALL_LEVELS), None
    )
    summary = {
        "format": AGGREGATE,
        "file": name,
        "rows_read": len(figures.levels) + len(figures.demands),
        "roles": len({f.role for f in figures.levels if f.role}),
        "skills_found": len({f.skill for f in figures.demands}),
    }
    return _snapshot_store(
        AGGREGATE,
        publish=publish,
        figures=figures,
        label=label or meta.get("label") or f"Aggregate from {name}",
        source=meta.get("source") or f"Aggregated export {name}",
        analysis_date=meta.get("analysis_date") or timezone.localdate(),
        postings_count=meta.get("postings_count") or all_jobs,
        notes=meta.get("notes", ""),
        tier_thresholds=meta.get("tier_thresholds") or {},
        import_summary=summary,
        created_by=created_by,
    )


def market_import(
    path: str | Path,
    *,
    format: str = AUTO,
    mapping: dict | None = None,
    label: str = "",
    created_by=None,
    publish: bool = False,
    name: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Import an aggregate export or raw postings (format "auto" looks at the header)."""
    name = name or Path(path).name
    if format not in FORMATS:
        raise MarketImportError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    kind = file_kind(path, name=name)
    chosen = format_detect(kind) if format == AUTO else format
    if chosen == AGGREGATE:
        return _aggregate_import(
            path, label=label, created_by=created_by, publish=publish, name=name, kind=kind
        )
    return _postings_import(
        path,
        mapping=mapping,
        label=label,
        created_by=created_by,
        publish=publish,
        name=name,
        progress=progress,
        kind=kind,
    )
