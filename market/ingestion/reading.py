"""Reading a market file: what it is (CSV, JSON Lines, JSON, Parquet, or something else
with a clear message), its header, and its postings in chunks of rows.

Chunks keep memory flat as files grow: each is a DataFrame with one column per field,
named by field, whatever the file calls its columns.
"""

import codecs
import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

AGGREGATE, POSTINGS, AUTO = "aggregate", "postings", "auto"
FORMATS = (AUTO, AGGREGATE, POSTINGS)
# The import summary's key (and an aggregate JSON's snapshot key) saying that an aggregate's
# shares were counted from postings with this app's rules: warehouse_sql's query, or an
# export of a market counted here (Snapshot.shares_counted_here).
COUNTED_HERE = "counted_here"
CHUNK_ROWS = 10_000
# Said to whoever gives job postings as one JSON document: by the postings reader, and by
# the aggregate parser when the document's rows turn out to be postings.
POSTINGS_JSON_LINES = (
    "job postings in JSON must be JSON Lines (one object per line, no enclosing [ ])"
)
HEAD_BYTES = 1 << 16  # what file_kind reads to tell what a file is
PARQUET_MAGIC = b"PAR1"
UTF8_BOM = b"\xef\xbb\xbf"
# Leading bytes of files people upload by mistake, and what to say about them.
_FOREIGN_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx file?); save the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office file; save the sheet as CSV",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


class MarketImportError(Exception):
    """A file cannot be imported. str() is one line: file, row, column, what is wrong, ending
    with a full stop."""

    def __init__(self, message: str, *, file: str = "", row: int | None = None, column=None):
        message = message.strip()
        if message and not message.endswith((".", "?", "!")):
            message += "."
        self.message, self.file, self.row, self.column = message, file, row, column
        where = [file] if file else []
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(" ".join([", ".join(where) + ":" if where else "", message]).strip())


# ---- Recognising the file ------------------------------------------------------------------


def empty_file_text(n_bytes: int) -> str:
    """What anyone importing a file with nothing in it reads, the admin's upload and
    import_market alike (after the file's name, "x.csv is empty ..."): 0 bytes, or blank
    lines and spaces only."""
    what = "0 bytes" if n_bytes == 0 else "only blank lines and spaces"
    return (
        f"is empty ({what}), so there is nothing to import. Check that it was "
        "saved with its data (job postings or an aggregated export), then import it again"
    )


def _blank_to_the_end(head: bytes, fh) -> bool:
    """Whether a file is blank lines and spaces only, Unicode spaces too (after a UTF-8
    byte-order mark, which a spreadsheet writes even to an empty sheet): its first bytes
    `head`, then, only while they are blank, the rest of `fh` a block at a time - a large
    blank file is never held whole. Bytes that are not UTF-8 are not blank."""
    decode = codecs.getincrementaldecoder("utf-8")().decode
    block = head.removeprefix(UTF8_BOM)
    try:
        while block:
            if decode(block).strip():
                return False
            block = fh.read(HEAD_BYTES)
        return not decode(b"", final=True).strip()
    except UnicodeDecodeError:
        return False


def empty_text_of(fh) -> str:
    """`empty_file_text` for a file (binary, read from its start) with nothing in it, else
    "": it reads on only while what it read is blank."""
    head = fh.read(HEAD_BYTES)
    return empty_file_text(len(head)) if _blank_to_the_end(head, fh) else ""


@dataclass(frozen=True)
class FileKind:
    container: str  # "csv", "jsonl", "json" or "parquet"
    encoding: str = "utf-8"
    header: tuple[str, ...] = ()


def file_kind(path: str | Path, *, name: str = "") -> FileKind:
    """What the file is (CSV, JSON Lines, JSON, Parquet) and its header, from its first
    bytes. Raises MarketImportError for empty (or blank), binary or non-UTF-8 files."""
    name = name or Path(path).name
    with open(path, "rb") as fh:
        if empty := empty_text_of(fh):
            # The file is the sentence's subject ("x.csv is empty ..."), not a place before a
            # colon: a form's error summary reads "Data file: x.csv is empty ...".
            raise MarketImportError(f"{name} {empty}")
        fh.seek(0)
        head = fh.read(HEAD_BYTES)
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
    encoding = "utf-8-sig" if head.startswith(UTF8_BOM) else "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MarketImportError("the file is UTF-16 text; save it as UTF-8", file=name)
    if b"\x00" in head:
        raise MarketImportError("not a CSV, JSON or Parquet file (it is binary)", file=name)
    text = _decode_head(head, encoding, name, cut=len(head) == HEAD_BYTES)
    stripped = text.lstrip()
    if not stripped:  # a blank first block with data after it (a blank file is told above)
        raise MarketImportError(
            f"the file starts with more than {HEAD_BYTES // 1024} KB of blank lines and "
            "spaces; remove them, then import it again",
            file=name,
        )
    if stripped[0] in "[{":
        first = stripped.splitlines()[0]
        try:
            obj = json.loads(first)
        except (ValueError, RecursionError):
            return FileKind("json", encoding)
        if isinstance(obj, dict):
            return FileKind("jsonl", encoding, header=tuple(obj))
        return FileKind("json", encoding)
    _comma_separated(stripped.splitlines()[0], name)
    try:  # newline="": the csv module splits lines itself (CR-only files included)
        header = next(csv.reader(io.StringIO(stripped, newline="")), [])
    except csv.Error as exc:
        raise MarketImportError(f"cannot read the header as CSV: {exc}", file=name) from exc
    return FileKind("csv", encoding, header=tuple(h.strip() for h in header))


# Separators a spreadsheet writes instead of commas (Excel's "CSV" in many languages: ";").
_OTHER_SEPARATORS = {";": "semicolons (;)", "\t": "tabs"}


def _comma_separated(header_line: str, name: str) -> None:
    """Refuse a header whose columns are separated by something else than commas: read as
    CSV it is one column, and the file would be refused as lacking every column it has."""
    for separator, what in _OTHER_SEPARATORS.items():
        if header_line.count(separator) > header_line.count(","):
            raise MarketImportError(
                f"the columns are separated by {what}, not commas: save it again as CSV "
                "with a comma as the field separator",
                file=name,
                row=1,
            )


def _decode_head(head: bytes, encoding: str, name: str, *, cut: bool) -> str:
    try:
        return head.decode(encoding)
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(head) - 4:  # a character cut by the 64 KiB boundary
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


# ---- Postings in chunks ---------------------------------------------------------------------


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
                except RecursionError:
                    raise MarketImportError(
                        "a JSON value nested too deeply to read", file=name, row=line_no
                    ) from None
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


# Arrow types a Parquet column may have for each field: text for text fields; a salary may
# also be a number, a posting date a date or timestamp.
def _parquet_type_problem(field: str, arrow_type) -> str | None:
    import pyarrow as pa

    types = pa.types
    if types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if any(check(arrow_type) for check in (types.is_string, types.is_large_string, types.is_null)):
        return None
    if field == "salary" and (types.is_integer(arrow_type) or types.is_floating(arrow_type)):
        return None
    if field == "posted" and (types.is_date(arrow_type) or types.is_timestamp(arrow_type)):
        return None
    if types.is_binary(arrow_type) or types.is_large_binary(arrow_type):
        return "holds binary data, not text; store it as a UTF-8 string column"
    return f"holds {arrow_type} values, not text; store it as a string column"


def _parquet_chunks(path, kind: FileKind, columns: dict, name: str):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError) as exc:
        raise MarketImportError(f"not a readable Parquet file ({exc})", file=name) from exc
    for field, column in columns.items():
        problem = _parquet_type_problem(field, schema.field(column).type)
        if problem:
            raise MarketImportError(problem, file=name, column=column)
    total = max(parquet.metadata.num_rows, 1)
    wanted = sorted(set(columns.values()))
    first_row = 1
    batches = parquet.iter_batches(batch_size=CHUNK_ROWS, columns=wanted)
    while True:
        try:
            batch = next(batches, None)
            if batch is None:
                return
            table = batch.to_pandas()
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
            raise MarketImportError(
                f"damaged Parquet data ({exc})", file=name, row=first_row
            ) from exc
        frame = pd.DataFrame({f: table[c] for f, c in columns.items()})
        yield first_row, frame, (first_row + len(batch) - 1) / total
        first_row += len(batch)


CHUNK_READERS = {"csv": _csv_chunks, "jsonl": _jsonl_chunks, "parquet": _parquet_chunks}


def postings_chunks(path, kind: FileKind, columns: dict, name: str):
    """The file's postings as (first row, frame with one column per field of `columns`,
    share of the file read), CHUNK_ROWS rows at a time. Memory stays flat: each chunk's Arrow
    buffers go back to the system when the next one is asked for, so a caller must not keep
    a frame (`del frame` at the end of its loop). MarketImportError names file, row, column."""
    import pyarrow as pa

    pool = pa.default_memory_pool()
    for chunk in CHUNK_READERS[kind.container](path, kind, columns, name):
        yield chunk
        del chunk
        pool.release_unused()


# ---- Whether a kept file is still the one that was read ---------------------------------------


def file_fingerprint(path: str | Path) -> dict:
    """What tells, cheaply, whether a file changed: its size, its modification time (ns) and
    a SHA-256 of its first and last HEAD_BYTES (an edit that keeps both size and time, as
    `cp -p` over it does, shows there where headers or appended rows change)."""
    stat = os.stat(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        digest.update(fh.read(HEAD_BYTES))
        if stat.st_size > HEAD_BYTES:
            fh.seek(max(HEAD_BYTES, stat.st_size - HEAD_BYTES))
            digest.update(fh.read(HEAD_BYTES))
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ends_sha256": digest.hexdigest()}
