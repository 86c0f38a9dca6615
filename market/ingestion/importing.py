"""Importing market data into a new draft snapshot: an aggregated export, or raw postings.
`market_import` is the one entry point (the command and the admin upload call it).

Nothing is written until the whole file has been read and checked: a bad file raises
MarketImportError (what is wrong and where) and leaves the database as it was.
Postings are streamed in chunks, so memory stays flat as files grow.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from market.ingestion import postings as posting_rules
from market.ingestion.aggregate import LABEL_MAX_LENGTH, AggregateError, aggregate_read
from market.ingestion.new_names import (
    NEAR_MISSES,
    NEW_NAME_OPTION,
    ROLE,
    SKILL,
    AcceptTerms,
    NearMiss,
    near_misses_find,
    near_misses_loaded,
    near_misses_stored,
    near_misses_text,
    new_names,
)
from market.ingestion.postings import (
    MAP_OPTION,
    ColumnError,
    MappingTerms,
    RoleClassifier,
    UnknownSeniority,
)
from market.ingestion.reading import (
    AGGREGATE,
    AUTO,
    COUNTED_HERE,
    FORMATS,
    POSTINGS,
    POSTINGS_JSON_LINES,
    FileKind,
    MarketImportError,
    file_fingerprint,
    file_kind,
    format_detect,
    postings_chunks,
)
from market.ingestion.tally import PostingsTally
from market.ingestion.warehouse import CountingRules
from market.models import Role, Skill, Snapshot
from market.names import name_problem
from market.services.snapshots import snapshot_create, snapshot_publish
from market.services.taxonomy import (
    MATCHING_FIELDS,
    SOURCE_FILE,
    SOURCE_PATH,
    skill_matcher_build,
)
from market.vocabulary import ALL_LEVELS, DEFAULT_TIER_THRESHOLDS

SOURCE_MAX_LENGTH = 300  # Snapshot.source
# An aggregate's problems named in the one-line message (the header's count as one).
PROBLEMS_ON_ONE_LINE = 3
Progress = Callable[[float], None]
# The cells PostingsTally.add takes, in its order.
TALLY_FIELDS = ("title", "description", "company", "salary", "seniority", "posted")


@dataclass
class ImportResult:
    snapshot: Snapshot
    format: str
    summary: dict


# ---- Building the taxonomy tools from the database -----------------------------------------


def role_rules_load() -> list[tuple[str, list[str]]]:
    """(role name, title patterns) in the order roles are tried; a role without patterns
    is found by its name."""
    return [
        (r.name, r.pattern_list or [r.name]) for r in Role.objects.order_by("display_order", "name")
    ]


def counting_rules_load() -> CountingRules:
    """The rules a postings import counts with now, as plain data for the warehouse query:
    the same matcher, role rules and (default) tier thresholds."""
    skills = list(Skill.objects.only(*MATCHING_FIELDS, "display_order"))
    return CountingRules.of(
        matcher=skill_matcher_build(skills=skills),
        skill_names={s.slug: s.name for s in skills},
        skill_orders={s.slug: s.display_order for s in skills},
        role_rules=role_rules_load(),
        tier_thresholds=DEFAULT_TIER_THRESHOLDS,
    )


# ---- Imports ----------------------------------------------------------------------------------


class CountedHereError(MarketImportError):
    """`counted_here` declared where it cannot hold (the admin shows it beside the box)."""


class NearMissError(MarketImportError):
    """The file names a new role or skill that is a near-miss of an existing one (a typo,
    most likely), and whoever imports it did not name it as new (new_names.py)."""


def market_import(
    path: str | Path,
    *,
    format: str = AUTO,
    mapping: dict | None = None,
    mapping_terms: MappingTerms = MAP_OPTION,
    label: str = "",
    created_by=None,
    publish: bool = False,
    name: str = "",
    keep_source: bool = False,
    counted_here: bool = False,
    progress: Progress | None = None,
    new_roles: Iterable[str] = (),
    new_skills: Iterable[str] = (),
    accept_terms: AcceptTerms = NEW_NAME_OPTION,
    draft_near_misses: bool = False,
) -> ImportResult:
    """Import an aggregate export or raw postings as a new draft snapshot (published if
    `publish`); format "auto" looks at the header. Nothing is written unless the whole file
    reads: MarketImportError says what is wrong and where. With `keep_source` (a file that
    stays where it is on the server, not an upload's temporary copy) a postings file's path
    and fingerprint (file_fingerprint, taken before it is read) are recorded in the
    snapshot's import summary, so that taxonomy changes can be previewed against it.
    A wrong `mapping` is told in `mapping_terms`, those of whoever gave it (--map's, or the
    admin's Column names lines).

    `counted_here` declares that an aggregate's shares were counted from postings with this
    app's rules (warehouse_sql's query, or an export_market CSV of a market counted here); a
    JSON export says so itself. Only then are its shares of skills asked for in many wordings
    lower bounds (Snapshot.shares_counted_here). Postings are always counted here: declared
    for a postings file, it is refused (CountedHereError) before the file is read - the
    declaration says nothing there, and whoever made it likely meant another file.

    A role or skill the figures name that the taxonomy lacks is created (the summary's
    created_roles / created_skills); one that is a near-miss of an existing one
    (new_names.near_miss_of) is refused (NearMissError, told in `accept_terms`, nothing
    written) unless named in `new_roles` / `new_skills`. With `draft_near_misses` (the admin,
    whose preview asks about them) the draft is made and its near-misses recorded under
    import_summary[NEAR_MISSES]: `draft_publish` refuses it until they are accepted."""
    name = name or Path(path).name
    if format not in FORMATS:
        raise MarketImportError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    label = label.strip()
    if label and (problem := name_problem(label, max_length=LABEL_MAX_LENGTH)):
        raise MarketImportError(f"the label {label[:40]!r} {problem}")
    fingerprint = file_fingerprint(path) if keep_source else None
    kind = file_kind(path, name=name)
    chosen = format_detect(kind) if format == AUTO else format
    if counted_here and chosen == POSTINGS:
        raise CountedHereError(
            "the file holds job postings, which are always counted here with this app's rules; "
            "“Counted here” (--counted-here) is for an aggregated export only: untick it (leave "
            "it out) to import the postings, or import the aggregate you meant",
            file=name,
        )
    if chosen == AGGREGATE:
        fields = _aggregate_read(path, name=name, kind=kind, label=label, counted=counted_here)
    else:
        fields = _postings_read(
            path,
            name=name,
            kind=kind,
            label=label,
            mapping=mapping,
            mapping_terms=mapping_terms,
            progress=progress,
        )
    accepted = [*((ROLE, n) for n in new_roles), *((SKILL, n) for n in new_skills)]
    nears = _near_misses(fields["figures"], rows=fields.pop("rows", {}), accepted=accepted)
    if nears and (publish or not draft_near_misses):
        raise NearMissError(near_misses_text(nears, accept_terms), file=name)
    if nears:
        fields["import_summary"][NEAR_MISSES] = near_misses_stored(nears)
    # Labels and sources made from a file's name are cut to fit (a label given was checked).
    fields["label"] = _fitted(fields["label"], LABEL_MAX_LENGTH)
    fields["source"] = _fitted(fields["source"], SOURCE_MAX_LENGTH)
    if keep_source and chosen == POSTINGS:
        fields["import_summary"][SOURCE_PATH] = str(Path(path).resolve())
        fields["import_summary"][SOURCE_FILE] = fingerprint
    with transaction.atomic():
        snapshot = snapshot_create(created_by=created_by, **fields)
        if publish:
            snapshot = snapshot_publish(snapshot=snapshot, by=created_by)
    return ImportResult(snapshot=snapshot, format=chosen, summary=snapshot.import_summary)


def _near_misses(figures, *, rows: dict, accepted: list[tuple[str, str]]) -> list[NearMiss]:
    """The figures' new names that are near-misses of the taxonomy's, but those accepted. A
    name a draft added and still holds as a near-miss nobody accepted is not the taxonomy's:
    uploading the same file again must not make "Pythonn" a known skill."""
    pending = {
        near.key()
        for summary in Snapshot.objects.filter(state=Snapshot.State.DRAFT)
        .exclude(import_summary__isnull=True)
        .values_list("import_summary", flat=True)
        for near in near_misses_loaded((summary or {}).get(NEAR_MISSES))
    }
    existing = {
        kind: [
            (name, slug)
            for name, slug in model.objects.values_list("name", "slug")
            if (kind, name.lower()) not in pending
        ]
        for kind, model in ((ROLE, Role), (SKILL, Skill))
    }
    roles, skills = new_names(
        figures,
        roles=[name for name, _ in existing[ROLE]],
        skills=[name for name, _ in existing[SKILL]],
    )
    return near_misses_find(
        new={ROLE: roles, SKILL: skills}, existing=existing, rows=rows, accepted=accepted
    )


def _fitted(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _postings_read(
    path,
    *,
    name: str,
    kind: FileKind,
    label: str,
    mapping: dict | None,
    mapping_terms: MappingTerms,
    progress,
) -> dict:
    """snapshot_create's arguments for a file of raw postings."""
    tally, columns = _postings_tally(
        path, name=name, kind=kind, mapping=mapping, mapping_terms=mapping_terms, progress=progress
    )
    thresholds = dict(DEFAULT_TIER_THRESHOLDS)
    latest = tally.latest_date
    return {
        "figures": tally.figures(thresholds=thresholds),
        "label": label or f"Postings from {name}",
        "source": f"{tally.postings} job postings from {name}",
        "analysis_date": dt.date.fromisoformat(latest) if latest else timezone.localdate(),
        "postings_count": tally.postings,
        "tier_thresholds": thresholds,
        "import_summary": {"format": POSTINGS, "file": name, "columns": columns, **tally.summary()},
    }


def _postings_tally(
    path, *, name: str, kind: FileKind, mapping: dict | None, mapping_terms: MappingTerms, progress
) -> tuple[PostingsTally, dict]:
    """Every posting of the file counted into a tally, and the {field: column} mapping used."""
    if kind.container == "json":
        raise MarketImportError(POSTINGS_JSON_LINES, file=name)
    try:
        columns = posting_rules.columns_detect(kind.header, mapping)
    except ColumnError as exc:
        raise MarketImportError(exc.told(mapping_terms), file=name) from exc
    skills = list(Skill.objects.only(*MATCHING_FIELDS))
    rules = role_rules_load()
    tally = PostingsTally(
        matcher=skill_matcher_build(skills=skills),
        classify_role=RoleClassifier(rules).classify,
        role_names=[role for role, _ in rules],
        skill_names={s.slug: s.name for s in skills},
    )
    read = {f: c for f, c in columns.items() if f in TALLY_FIELDS}
    for first_row, frame, done in postings_chunks(path, kind, read, name):
        try:
            tally.add(frame, first_row=first_row)
        except UnknownSeniority as exc:
            raise MarketImportError(
                f"unknown seniority {exc.args[0]!r}; use one of: "
                + ", ".join(sorted(posting_rules.COLUMN_SENIORITY))
                + " (or leave it empty to use the title)",
                file=name,
                row=exc.args[1] if len(exc.args) > 1 else None,
                column=columns[posting_rules.SENIORITY],
            ) from exc
        del frame  # postings_chunks hands its buffers back before reading the next chunk
        if progress:
            progress(min(done, 1.0))
    if tally.postings == 0:
        raise MarketImportError("the file has no postings (only a header?)", file=name)
    return tally, columns


def _aggregate_read(path, *, name: str, kind: FileKind, label: str, counted: bool) -> dict:
    """snapshot_create's arguments for an export_market file (CSV or JSON); `counted`: its
    shares were declared counted here (or the JSON's metadata says so)."""
    if kind.container == "parquet":
        raise MarketImportError("an aggregate export is CSV or JSON, not Parquet", file=name)
    try:
        document = aggregate_read(path, name=name)
    except AggregateError as exc:
        problems = exc.problems or [str(exc)]
        # What is wrong with the header is one problem to fix: a misspelt column is "missing"
        # and "unknown" at once, and the message names both.
        # The first few of the rest follow, so that one upload shows several rows to mend.
        header = f"{name}, row 1: "
        lead = [p for p in problems if p.startswith(header)]
        rest = [p for p in problems if not p.startswith(header)]
        if not lead:
            lead, rest = rest[:1], rest[1:]
        first = "; ".join([lead[0], *(p.removeprefix(header) for p in lead[1:])])
        shown = rest[: PROBLEMS_ON_ONE_LINE - 1]
        more = len(rest) - len(shown)
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise MarketImportError("; ".join([first, *shown]) + tail) from exc
    figures, meta = document.figures, document.meta
    if counted and meta.get(COUNTED_HERE) is False:
        # The file's own word against a declaration: refused, not overridden either way.
        raise CountedHereError(
            "the file says its shares were not counted here (snapshot counted_here: false), "
            "so they cannot be declared counted here: import it without --counted-here "
            "(“Counted here” unticked)",
            file=name,
        )
    all_jobs = next(
        (f.job_count for f in figures.levels if f.role is None and f.seniority == ALL_LEVELS), None
    )
    return {
        "figures": figures,
        "rows": document.rows,
        "label": label or meta.get("label") or f"Aggregate from {name}",
        "source": meta.get("source") or f"Aggregated export {name}",
        "analysis_date": meta.get("analysis_date") or timezone.localdate(),
        "postings_count": meta.get("postings_count") or all_jobs,
        "notes": meta.get("notes", ""),
        "tier_thresholds": meta.get("tier_thresholds") or {},
        "import_summary": {
            "format": AGGREGATE,
            "file": name,
            "rows_read": len(figures.levels) + len(figures.demands),
            "roles": len({f.role for f in figures.levels if f.role}),
            "skills_found": len({f.skill for f in figures.demands}),
            COUNTED_HERE: counted or meta.get(COUNTED_HERE) is True,
        },
    }
