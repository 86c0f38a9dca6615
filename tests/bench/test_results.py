"""bench/results.py: every benchmark rewrites only its own section of bench/RESULTS.md."""

import re

from bench import results
from bench.results import block_write, section_of, section_replaced, section_write

DOCUMENT = """\
<!-- bench:first:start -->
# First benchmark

old figures
<!-- bench:first:end -->

Hand-written notes about the first benchmark.
<!-- bench:second:start -->
# Second benchmark

<!-- second:sqlite:start -->
sqlite figures
<!-- second:sqlite:end -->

<!-- second:postgresql:start -->
postgresql figures
<!-- second:postgresql:end -->
<!-- bench:second:end -->
"""


def test_a_section_read_and_written_back_leaves_the_document_as_it_was():
    for name in ("first", "second"):
        assert section_replaced(DOCUMENT, name, section_of(DOCUMENT, name)) == DOCUMENT


def test_the_project_results_file_survives_every_section_written_back_unchanged():
    document = results.document_read()
    names = re.findall(r"^<!-- bench:(\w+):start -->$", document, re.MULTILINE)
    assert {"import_postings", "pages", "load", "extraction"} <= set(names)
    for name in names:
        assert section_replaced(document, name, section_of(document, name)) == document


def test_replacing_a_section_keeps_the_other_sections_and_the_notes_between():
    replaced = section_replaced(DOCUMENT, "first", "# First benchmark\n\nnew figures\n")

    assert "new figures" in replaced and "old figures" not in replaced
    assert "Hand-written notes about the first benchmark." in replaced
    assert section_of(replaced, "second") == section_of(DOCUMENT, "second")
    assert replaced == DOCUMENT.replace("old figures", "new figures")


def test_a_missing_section_is_added_at_the_end_and_an_empty_file_gets_it_alone():
    added = section_replaced(DOCUMENT, "third", "third figures")

    assert added.startswith(DOCUMENT)
    assert added.endswith("<!-- bench:third:start -->\nthird figures\n<!-- bench:third:end -->\n")
    assert section_of(added, "third") == "third figures"
    assert section_replaced("", "third", "third figures") == (
        "<!-- bench:third:start -->\nthird figures\n<!-- bench:third:end -->\n"
    )


def test_a_document_without_the_section_says_so():
    assert section_of(DOCUMENT, "third") is None
    assert section_of("<!-- bench:third:start --> and no end", "third") is None


def test_a_vendor_block_is_replaced_inside_its_section_and_the_other_vendor_kept(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text(DOCUMENT)

    block_write("second", "sqlite", "new sqlite figures", heading="# unused", path=path)

    written = path.read_text()
    assert written == DOCUMENT.replace("sqlite figures", "new sqlite figures", 1)
    assert "postgresql figures" in written and "old figures" in written


def test_a_missing_vendor_block_follows_the_others_and_a_missing_section_gets_its_heading(
    tmp_path,
):
    path = tmp_path / "RESULTS.md"
    path.write_text(DOCUMENT)

    block_write("second", "mysql", "mysql figures", heading="# unused", path=path)
    block_write("third", "sqlite", "third figures", heading="# Third benchmark", path=path)

    second = section_of(path.read_text(), "second")
    assert second.endswith(
        "<!-- second:postgresql:end -->\n\n"
        "<!-- second:mysql:start -->\nmysql figures\n<!-- second:mysql:end -->"
    )
    assert section_of(path.read_text(), "third") == (
        "# Third benchmark\n\n<!-- third:sqlite:start -->\nthird figures\n<!-- third:sqlite:end -->"
    )
    assert "# unused" not in path.read_text()


def test_section_write_makes_the_file_when_there_is_none(tmp_path):
    path = tmp_path / "RESULTS.md"

    section_write("first", "figures\n", path=path)

    assert path.read_text() == "<!-- bench:first:start -->\nfigures\n<!-- bench:first:end -->\n"
