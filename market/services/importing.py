"""Importing market data into a new draft snapshot: an aggregated export, or raw postings.

Nothing is written until the whole file has been read and checked: a bad file raises
MarketImportError (what is wrong and where) and leaves the database as it was.
Postings are streamed in chunks, so memory stays flat as files grow.
"""

import contextlib
import csv
import datetime as dt
import gc
import io
import json
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from market import postings as posting_rules
from market.matching import SkillMatcher, pairs_finder
from market.models import DEFAULT_TIER_THRESHOLDS, Role, Skill, Snapshot
from market.postings import ColumnError, PostingsTally, RoleClassifier, UnknownSeniority
from market.services.snapshots import snapshot_create, snapshot_publish

AGGREGATE, POSTINGS, AUTO = "aggregate", "postings", "auto"
FORMATS = (AUTO, AGGREGATE, POSTINGS)
CHUNK_ROWS = 10_000
# Files this large have their skills matched in a worker process (see _matching_processes),
# with up to this many chunks read ahead of the matching.
MATCHING_PROCESS_MIN_BYTES = 64 * 1024 * 1024
CHUNKS_IN_FLIGHT = 2
PARQUET_MAGIC = b"PAR1"
# Leading bytes of files people upload by mistake, and what to say about them.
_FOREIGN_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx file?); save the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office file; save the sheet as CSV",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}

Progress = Callable[[float], None]
_ARROW_POOL = pa.default_memory_pool()
# The cells PostingsTally.add takes, in its order.
TALLY_FIELDS = ("title", "description", "company", "salary", "seniority", "posted")


class MarketImportError(Exception):
    """A file cannot be imported. str() is one line: file, row, column, what is wrong."""

    def __init__(self, message: str, *, file: str = "", row: int | None = None, column=None):
        self.message, self.file, self.row, self.column = message, file, row, column
        where = [file] if file else []
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(" ".join([", ".join(where) + ":" if where else "", message]).strip())


@dataclass
class ImportResult:
    snapshot: Snapshot
    format: str
    summary: dict


# ---- Recognising the file ------------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    container: str  # "csv", "jsonl", "json" or "parquet"
    encoding: str = "utf-8"
    header: tuple[str, ...] = ()


def file_kind(path: str | Path, *, name: str = "") -> FileKind:
    """What the file is (CSV, JSON Lines, JSON, Parquet) and its header, from its first
    bytes. Raises MarketImportError for empty, binary or non-UTF-8 files."""
    name = name or Path(path).name
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        raise MarketImportError("the file is empty", file=name)
    if head.startswith(PARQUET_MAGIC):
        import pyarrow.parquet as pq

        try:
            names = pq.ParquetFile(path).schema_arrow.names
        except Exception as exc:  # pyarrow raises several types for damaged files
            raise MarketImportError(f"not a readable Parquet file ({exc})", file=name) from exc
        return FileKind("parquet", header=tuple(names))
    for magic, what in _FOREIGN_MAGIC.items():
        if head.startswith(magic):
            raise MarketImportError(
                f"not a CSV, JSON or Parquet file: it looks like {what}", file=name
            )
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MarketImportError("the file is UTF-16 text; save it as UTF-8", file=name)
    if b"\x00" in head:
        raise MarketImportError("not a CSV, JSON or Parquet file (it is binary)", file=name)
    text = _decode_head(head, encoding, name)
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        first = stripped.splitlines()[0]
        try:
            obj = json.loads(first)
        except ValueError:
            return FileKind("json", encoding)
        if isinstance(obj, dict):
            return FileKind("jsonl", encoding, header=tuple(obj))
        return FileKind("json", encoding)
    header = next(csv.reader(io.StringIO(stripped)), [])
    return FileKind("csv", encoding, header=tuple(h.strip() for h in header))


def _decode_head(head: bytes, encoding: str, name: str) -> str:
    try:
        return head.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the 64 KiB boundary
            return head[: exc.start].decode(encoding)
        line = head[: exc.start].count(b"\n") + 1
        raise MarketImportError(
            f"not UTF-8 text (byte 0x{head[exc.start]:02x} on line {line}); save the file as UTF-8",
            file=name,
        ) from exc


def format_detect(kind: FileKind) -> str:
    """aggregate when the header (or JSON document) is export_market's, else postings."""
    keys = {h.strip().lower() for h in kind.header}
    if kind.container == "json" or (kind.container == "jsonl" and "rows" in keys):
        return AGGREGATE
    if {"skill", "share_pct"} <= keys:  # export_market's header (its parser checks the rest)
        return AGGREGATE
    return POSTINGS


# ---- Streaming postings ---------------------------------------------------------------------


def _csv_chunks(path, kind: FileKind, columns: dict, name: str):
    import pandas as pd

    wanted = sorted(set(columns.values()))
    total = max(os.path.getsize(path), 1)
    first_row = 2  # the header is row 1
    with open(path, "rb") as fh:
        try:
            reader = pd.read_csv(
                fh,
                chunksize=CHUNK_ROWS,
                usecols=wanted,
                encoding=kind.encoding,
            )
            for chunk in reader:
                frame = pd.DataFrame({f: chunk[c] for f, c in columns.items()})
                yield first_row, frame, fh.tell() / total
                first_row += len(chunk)
        except UnicodeDecodeError as exc:
            raise MarketImportError(
                f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8",
                file=name,
                row=first_row,
            ) from exc
        except (pd.errors.ParserError, ValueError) as exc:
            raise MarketImportError(f"cannot read as CSV: {exc}", file=name) from exc


def _frame(cells: dict[str, list]):
    import pandas as pd

    return pd.DataFrame(
        {
            f: pd.Series([None if v is None else str(v) for v in values], dtype="str")
            for f, values in cells.items()
        }
    )


def _jsonl_chunks(path, kind: FileKind, columns: dict, name: str):
    total = max(os.path.getsize(path), 1)
    cells: dict[str, list] = {f: [] for f in columns}
    first_row, line_no, count = 1, 0, 0
    with open(path, encoding=kind.encoding) as fh:
        try:
            for line_no, line in enumerate(fh, start=1):  # noqa: B007 (used after the loop)
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    raise MarketImportError(
                        f"not a JSON object ({exc.args[0]})", file=name, row=line_no
                    ) from exc
                if not isinstance(obj, dict):
                    raise MarketImportError(
                        "expected one JSON object per line", file=name, row=line_no
                    )
                for f, c in columns.items():
                    cells[f].append(obj.get(c))
                count += 1
                if count >= CHUNK_ROWS:
                    yield first_row, _frame(cells), fh.buffer.tell() / total
                    cells, count = {f: [] for f in columns}, 0
                    first_row = line_no + 1
        except UnicodeDecodeError as exc:
            raise MarketImportError(
                "not UTF-8 text; save the file as UTF-8", file=name, row=line_no + 1
            ) from exc
    if count:
        yield first_row, _frame(cells), 1.0


def _parquet_chunks(path, kind: FileKind, columns: dict, name: str):
    import pandas as pd
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    total = max(parquet.metadata.num_rows, 1)
    wanted = sorted(set(columns.values()))
    first_row = 1
    for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, columns=wanted):
        table = batch.to_pandas()
        frame = pd.DataFrame({f: table[c] for f, c in columns.items()})
        yield first_row, frame, (first_row + len(batch) - 1) / total
        first_row += len(batch)


_READERS = {"csv": _csv_chunks, "jsonl": _jsonl_chunks, "parquet": _parquet_chunks}


# ---- Building the taxonomy tools from the database -----------------------------------------


def skill_matcher_build() -> tuple[SkillMatcher, dict[str, str]]:
    """A matcher over every skill's aliases, and each skill's name by slug."""
    skills = list(Skill.objects.only("slug", "name", "aliases"))
    matcher = SkillMatcher.from_aliases(
        {s.slug: s.alias_list for s in skills}, cache_dir=settings.SKILLGAP_CACHE_DIR
    )
    return matcher, {s.slug: s.name for s in skills}


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


def postings_tally(
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
        matcher, skill_names = skill_matcher_build()
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
        for first_row, frame, done in _READERS[kind.container](path, kind, read, name):
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


def postings_import(
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
    tally, columns = postings_tally(path, mapping=mapping, name=name, progress=progress, kind=kind)
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


def aggregate_import(
    path: str | Path,
    *,
    label: str = "",
    created_by=None,
    publish: bool = False,
    name: str = "",
    kind: FileKind | None = None,
) -> ImportResult:
    """A new draft snapshot from an export_market file (CSV or JSON)."""
    from market.aggregate import AggregateError, aggregate_read

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
        (f.job_count for f in figures.levels if f.role is None and f.seniority == "all"), None
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
        return aggregate_import(
            path, label=label, created_by=created_by, publish=publish, name=name, kind=kind
        )
    return postings_import(
        path,
        mapping=mapping,
        label=label,
        created_by=created_by,
        publish=publish,
        name=name,
        progress=progress,
        kind=kind,
    )
