"""bench/RESULTS.md, shared by the benchmarks: each owns one section between its markers,
`<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, and replaces only that; everything
outside the markers (other benchmarks' sections, hand-written notes) is kept as it is. A
benchmark that writes one block per database keeps them inside its section the same way,
between `<!-- NAME:VENDOR:start -->` and `<!-- NAME:VENDOR:end -->`."""

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of the section `name`."""
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def section_of(document: str, name: str) -> str | None:
    """The text of the section `name` (without its markers and their line breaks), or None
    when the document has no such section."""
    start, end = markers(name)
    if start not in document or end not in document:
        return None
    return document.split(start, 1)[1].split(end, 1)[0].strip("\n")


def section_replaced(document: str, name: str, text: str) -> str:
    """`document` with the section `name` holding `text`: replaced where it is, added at the
    end where the document has none."""
    start, end = markers(name)
    block = f"{start}\n{text.strip(chr(10))}\n{end}"
    if start in document and end in document:
        before, rest = document.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    return document.rstrip("\n") + ("\n" if document.strip() else "") + block + "\n"


def block_replaced(section: str, name: str, vendor: str, text: str) -> str:
    """A section's text with its `vendor` block holding `text`: replaced where it is, added
    after the other blocks (a blank line between) where the section has none."""
    start, end = f"<!-- {name}:{vendor}:start -->", f"<!-- {name}:{vendor}:end -->"
    ours = f"{start}\n{text.strip(chr(10))}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(section):
        return pattern.sub(lambda _: ours, section)
    return section.rstrip("\n") + "\n\n" + ours


def document_read(path: Path = RESULTS) -> str:
    return path.read_text() if path.exists() else ""


def section_write(name: str, text: str, path: Path = RESULTS) -> None:
    """Write `text` as the section `name` of the results file; keep everything else."""
    path.write_text(section_replaced(document_read(path), name, text))


def block_write(name: str, vendor: str, text: str, *, heading: str, path: Path = RESULTS) -> None:
    """Write `text` as the `vendor` block of the section `name` (made, under `heading`, when
    missing); keep the other blocks and everything outside the section."""
    section = section_of(document_read(path), name)
    section = heading if section is None else section
    section_write(name, block_replaced(section, name, vendor, text), path)
