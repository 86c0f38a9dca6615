"""Every bad file gets a one-line message saying what and where, and changes nothing."""

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from market.ingestion.reading import HEAD_BYTES, MarketImportError, file_kind
from market.models import Role, RoleLevelStat, Skill, SkillDemand, Snapshot
from tests.market.importing_support import taxonomy  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]

AGGREGATE_HEADER = "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\n"


def state():
    return (
        Snapshot.objects.count(),
        Snapshot.objects.filter(is_current=True).values_list("pk", flat=True).first(),
        RoleLevelStat.objects.count(),
        SkillDemand.objects.count(),
        Role.objects.count(),
        Skill.objects.count(),
    )


def refused(path: Path, *args) -> str:
    """Import `path`, expect a refusal, check nothing changed; return the message."""
    before = state()
    with pytest.raises(CommandError) as caught:
        call_command("import_market", str(path), *args)
    assert state() == before
    message = str(caught.value)
    assert "\n" not in message
    return message


def write(tmp_path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_an_image_is_not_a_data_file(tmp_path):
    path = write(tmp_path, "chart.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    message = refused(path)
    assert "chart.csv" in message and "not a CSV, JSON or Parquet file" in message


def test_an_excel_workbook_is_refused_with_advice(tmp_path):
    path = write(tmp_path, "jobs.xlsx", b"PK\x03\x04" + b"\x00" * 40)
    assert "save the sheet as CSV" in refused(path)


def test_a_binary_file_is_refused(tmp_path):
    path = write(tmp_path, "dump.bin", b"title\x00description\x00\x01\x02")
    assert "not a CSV, JSON or Parquet file" in refused(path)


def test_wrong_encoding_names_the_line(tmp_path):
    text = "title,description\nData Scientist,Python\nIngénieur ML,Python\n"
    path = write(tmp_path, "latin1.csv", text.encode("latin-1"))
    message = refused(path)
    assert "latin1.csv" in message and "not UTF-8" in message and "line 3" in message


def test_wrong_encoding_after_the_first_block_names_the_row(tmp_path):
    rows = "".join(f"Data Scientist {i},Python and SQL\n" for i in range(12_000))
    data = ("title,description\n" + rows).encode() + "Ingénieur,R\n".encode("latin-1")
    message = refused(write(tmp_path, "long.csv", data))
    assert "not UTF-8" in message and "row" in message


EMPTY_ADVICE = (
    "so there is nothing to import. Check that it was saved with its data (job postings or "
    "an aggregated export), then import it again."
)


def test_an_empty_file_names_the_file_and_says_what_to_do(tmp_path):
    assert refused(write(tmp_path, "empty.csv", "")) == (
        f"empty.csv is empty (0 bytes), {EMPTY_ADVICE}"
    )


@pytest.mark.parametrize(
    "content",
    [
        "\n  \n",
        "\ufeff\r\n\r\n",  # a spreadsheet's empty sheet saved as CSV UTF-8: a BOM, blank lines
        "\u00a0\n\u3000\n",  # no-break and ideographic spaces
        "\n" * (3 * HEAD_BYTES),  # blank well past the first block file_kind reads
        # Before: "the file starts with more than 64 KB of blank lines and spaces; remove
        # them", of files with nothing else in them (no-break spaces past the first block).
        "\u00a0" * HEAD_BYTES,
        "\n" * HEAD_BYTES + "\u3000\n",
    ],
    ids=["spaces", "bom", "unicode-spaces", "long", "unicode-long", "unicode-after-a-block"],
)
def test_a_file_of_blank_lines_gets_the_empty_files_message(tmp_path, content):
    # Before: "the file is empty" (or "the file holds no text" after a BOM), without advice.
    assert refused(write(tmp_path, "blank.csv", content)) == (
        f"blank.csv is empty (only blank lines and spaces), {EMPTY_ADVICE}"
    )


def test_a_large_blank_file_is_told_blank_without_being_held_in_memory(tmp_path):
    path = write(tmp_path, "blank.csv", b" \n" * (4 * 1024 * 1024))  # 8 MB
    tracemalloc.start()
    try:
        with pytest.raises(MarketImportError) as caught:
            file_kind(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "only blank lines and spaces" in str(caught.value)
    assert peak < 4 * HEAD_BYTES  # a block at a time (the file is 128 blocks)


def test_blank_lines_longer_than_the_first_block_before_the_data_are_named(tmp_path):
    # Before: "the file is empty", of a file with postings after 64 KB of blank lines.
    content = "\n" * (HEAD_BYTES + 10) + "title,description\nData Scientist,Python\n"
    assert refused(write(tmp_path, "late.csv", content)) == (
        "late.csv: the file starts with more than 64 KB of blank lines and spaces; remove "
        "them, then import it again."
    )


def test_a_header_without_rows_is_refused(tmp_path):
    message = refused(write(tmp_path, "header.csv", "title,description\n"))
    assert "no postings" in message


def test_no_title_column_says_which_columns_exist(tmp_path):
    path = write(tmp_path, "notitle.csv", "Company,Description\nAcme,Python\n")
    message = refused(path)
    # Before: "... the file has: Company, Description. Name it with --map title=COLUMN (in the
    # admin: a line title=COLUMN under Column names)" - the admin's terms too, no full stop.
    assert message == (
        "notitle.csv: there is no title column (looked for title, Job Title, Name, "
        "position); the file has: Company, Description. Name it with --map title=COLUMN."
    )


def test_no_title_and_no_description_column_are_named_in_one_message(tmp_path):
    # Before: only "there is no title column (...)"; the next import said description was
    # missing too.
    path = write(tmp_path, "people.csv", "Company,Notes\nAcme,hello\n")
    assert refused(path) == (
        "people.csv: there is no title column (looked for title, Job Title, Name, position) "
        "and no description column (looked for description, Job Description, Description, "
        "job_description); the file has: Company, Notes. Name them with --map title=COLUMN and "
        "--map description=COLUMN."
    )


def test_a_map_to_a_column_the_file_lacks_names_the_file_and_its_columns_in_a_sentence(tmp_path):
    # Before: "jobs.csv: --map title=Position: the file has no column 'Position'; it has: ..."
    path = write(tmp_path, "jobs.csv", "title,description\nData Scientist,Python\n")
    assert refused(path, "--map", "title=Position") == (
        "jobs.csv: --map 'title=Position' asks for a column “Position”, which the file does "
        "not have; it has: title, description."
    )


def test_a_map_to_a_column_the_file_lacks_quotes_the_map_as_typed(tmp_path):
    # Before: "jobs.csv: --map 'title=Position' asks ..." - the option as parsed, not as given.
    path = write(tmp_path, "jobs.csv", "title,description\nData Scientist,Python\n")
    assert refused(path, "--map", "Title = Position") == (
        "jobs.csv: --map 'Title = Position' asks for a column “Position”, which the file does "
        "not have; it has: title, description."
    )


def test_a_map_with_an_unknown_field_is_refused_in_a_sentence_naming_the_fields(tmp_path):
    # Before: "jobs.csv: --map colour=title: unknown field 'colour'; fields are title, ...".
    path = write(tmp_path, "jobs.csv", "title,description\nData Scientist,Python\n")
    assert refused(path, "--map", "colour=title") == (
        "--map 'colour=title' has an unknown field “colour”; a field is one of title, "
        "description, salary, seniority, company, location, posted."
    )


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("title", "has no “=”"),
        ("=Position", "has no field before its “=”"),
        ("title= ", "has no column name after its “=”"),
    ],
)
def test_a_map_that_is_not_field_equals_column_says_what_it_lacks_in_a_sentence(
    tmp_path, item, problem
):
    # Before: "--map 'title': expected FIELD=COLUMN, e.g. --map title=Position", no full stop.
    path = write(tmp_path, "jobs.csv", "title,description\nData Scientist,Python\n")
    assert refused(path, "--map", item) == (
        f"--map {item!r} {problem}; write it as FIELD=COLUMN (for example --map title=Position)."
    )


def test_no_description_column_is_refused(tmp_path):
    path = write(tmp_path, "nodesc.csv", "Job Title,Company\nData Scientist,Acme\n")
    assert "no description column" in refused(path)


def test_unknown_seniority_in_postings_names_row_and_column(tmp_path):
    path = write(
        tmp_path,
        "levels.csv",
        "title,description,experienceLevel\n"
        "ML Engineer,Python,Entry level\n"
        "ML Engineer,PyTorch,Wizard\n",
    )
    message = refused(path)
    assert "levels.csv, row 3, column 'experienceLevel'" in message
    assert "unknown seniority 'Wizard'" in message


def test_postings_json_must_be_json_lines(tmp_path):
    path = write(tmp_path, "postings.json", '[\n {"title": "ML Engineer"}\n]\n')
    assert "JSON Lines" in refused(path, "--format", "postings")


def test_a_broken_json_line_names_the_line(tmp_path):
    path = write(
        tmp_path,
        "postings.jsonl",
        '{"title": "ML Engineer", "description": "Python"}\n{"title": "Data Sci\n',
    )
    message = refused(path)
    assert "postings.jsonl, row 2" in message and "not a JSON object" in message


@pytest.mark.parametrize(
    ("row", "where", "what"),
    [
        ("ML Engineer,mid,,,Python,lots,", "row 3, column share_pct", "not a number"),
        ("ML Engineer,mid,,,Python,120.0,", "row 3, column share_pct", "out of range"),
        ("ML Engineer,mid,,,Python,-3.0,", "row 3, column share_pct", "out of range"),
        ("ML Engineer,middling,,,Python,50.0,", "row 3, column seniority", "'middling'"),
    ],
)
def test_bad_aggregate_rows_name_row_and_column(tmp_path, row, where, what):
    text = AGGREGATE_HEADER + "ML Engineer,mid,100,150000,,,\n" + row + "\n"
    message = refused(write(tmp_path, "export.csv", text))
    assert f"export.csv, {where}" in message and what in message


def test_duplicate_aggregate_rows_are_refused(tmp_path):
    text = (
        AGGREGATE_HEADER
        + "ML Engineer,mid,100,150000,,,\n"
        + "ML Engineer,mid,,,Python,50.0,High\n"
        + "ML Engineer,mid,,,Python,55.0,High\n"
    )
    message = refused(write(tmp_path, "dupes.csv", text))
    assert "dupes.csv, row 4, column skill" in message and "duplicate of row 3" in message


def test_several_aggregate_problems_are_summed_up_on_one_line(tmp_path):
    # The message named only the first ("... (and 1 more problems)"): an admin mended one
    # row per upload. The first three are named; the rest counted, in English.
    text = AGGREGATE_HEADER + "".join(f"ML Engineer,mid,,,Skill {n},x{n},\n" for n in range(5))
    message = refused(write(tmp_path, "five.csv", text))
    assert "\n" not in message
    assert [f"row {n}" in message for n in range(2, 7)] == [True, True, True, False, False]
    assert "'x0'" in message and "'x2'" in message and message.endswith("(and 2 more problems).")
    text = AGGREGATE_HEADER + "".join(f"ML Engineer,mid,,,Skill {n},x{n},\n" for n in range(4))
    assert refused(write(tmp_path, "four.csv", text)).endswith("(and 1 more problem).")


def test_a_misspelt_aggregate_column_is_named_beside_the_missing_one(tmp_path):
    # The message read "missing column(s) priority (and 2 more problems)": not which column
    # the file has instead, nor the header it needs.
    path = write(tmp_path, "typo.csv", AGGREGATE_HEADER.replace("priority", "priorty"))
    message = refused(path, "--format", "aggregate")
    assert message == (
        "typo.csv, row 1: missing column(s) priority; unknown column(s) 'priorty'; "
        "the header must be role,seniority,job_count,avg_salary_usd,skill,share_pct,priority."
    )


def test_a_missing_file_is_refused(tmp_path):
    assert "no such file" in refused(tmp_path / "nope.csv")


def test_the_command_exits_non_zero_with_one_line_on_stderr(tmp_path):
    path = write(tmp_path, "empty.csv", "")
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "import_market", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "empty.csv" in lines[0] and "empty" in lines[0]


@pytest.mark.parametrize(
    ("header", "format", "what"),
    [
        (AGGREGATE_HEADER.replace(",", ";"), "auto", "semicolons (;)"),
        (AGGREGATE_HEADER.replace(",", ";"), "aggregate", "semicolons (;)"),
        ("title;description;salary\n", "auto", "semicolons (;)"),
        ('"Job title";"Salary, estimated";"Description"\n', "postings", "semicolons (;)"),
        ("title\tdescription\tsalary\n", "auto", "tabs"),
    ],
)
def test_a_file_separated_by_semicolons_or_tabs_is_named_so_not_missing_its_columns(
    tmp_path, header, format, what
):
    # A spreadsheet's "CSV" in many languages: read with commas it was one column, and the
    # message asked for a title column (or every export column) the file has.
    row = header.replace("title", "ML Engineer").replace("role", "All")
    path = write(tmp_path, "export.csv", header + row)
    message = refused(path, "--format", format)
    assert message == (
        f"export.csv, row 1: the columns are separated by {what}, not commas: save it again "
        "as CSV with a comma as the field separator."
    )


def test_a_comma_separated_header_with_a_semicolon_in_a_name_is_read_as_csv(tmp_path):
    path = write(
        tmp_path,
        "jobs.csv",
        "title,description,notes;remarks\nML Engineer,Python and PyTorch daily,x\n",
    )
    call_command("import_market", str(path))
    assert Snapshot.objects.latest("id").postings_count == 1


def test_postings_as_a_json_array_get_one_line_saying_to_use_json_lines(tmp_path):
    # Read as an aggregate (any JSON document is one), every posting was refused on its own:
    # "row 1: unknown column(s) 'title', ...; row 2: unknown column(s) 'title', ...".
    postings = ",".join(
        f'{{"title": "ML Engineer {n}", "description": "Python", "company": "Acme"}}'
        for n in range(5)
    )
    path = write(tmp_path, "postings.json", f"[{postings}]")
    assert refused(path) == (
        "postings.json, row 1: none of its keys ('title', 'description', 'company') is a "
        "column of an aggregated export (role, seniority, job_count, avg_salary_usd, skill, "
        "share_pct, priority); job postings in JSON must be JSON Lines (one object per line, "
        "no enclosing [ ])."
    )


def test_postings_with_many_keys_as_a_json_array_name_their_first_five_keys(tmp_path):
    # A scraped posting has a dozen keys or more: the line names five, not all of them.
    keys = ["title", "company", "location", "description", "salary", "posted", "url"]
    posting = "{" + ", ".join(f'"{k}": "x"' for k in keys) + "}"
    path = write(tmp_path, "postings.json", f"[{posting}, {posting}]")
    assert refused(path).startswith(
        "postings.json, row 1: none of its keys ('title', 'company', 'location', "
        "'description', 'salary', ...) is a column of an aggregated export ("
    )


def test_an_export_row_with_one_unknown_key_is_still_named_by_row(tmp_path):
    path = write(
        tmp_path,
        "export.json",
        '{"rows": [{"role": "All", "seniority": "all", "job_count": 5, "note": "x"}]}',
    )
    assert refused(path) == "export.json, row 1: unknown column(s) 'note'."


def test_a_quote_left_open_in_an_aggregate_names_its_row_and_what_to_look_for(tmp_path):
    # The message was "row 3: cannot read as CSV (field larger than field limit (131072))".
    rows = ["All,all,500,,,,\n", '"ML Engineer,mid,100,,,,\n'] + ["All,all,,,SQL,40.0,\n"] * 8000
    path = write(tmp_path, "export.csv", AGGREGATE_HEADER + "".join(rows))
    assert refused(path) == (
        "export.csv, row 3: a cell is longer than 131,072 characters (names are at most 80); "
        'where a cell opens a quote (") that is never closed, the rows after it run into it.'
    )
