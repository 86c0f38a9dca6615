import csv

import pytest

from market.ingestion.postings import (
    COLUMN_NAMES_BOX,
    MAP_OPTION,
    ColumnError,
    columns_detect,
    mapping_parse,
)
from tests.market.importing_support import FIXTURES


def header_of(name: str) -> list[str]:
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "postings_combined.csv",
            {
                "title": "title",
                "description": "description",
                "salary": "salary",
                "company": "company",
                "location": "location",
            },
        ),
        (
            "postings_name_description.csv",
            {
                "title": "Name",
                "description": "Description",
                "salary": "Salary",
                "company": "Company",
                "location": "Location",
            },
        ),
        (
            "postings_indeed.csv",
            {
                "title": "Job Title",
                "description": "Description",
                "salary": "Salary",
                "company": "Company",
                "location": "Location",
            },
        ),
        (
            "postings_glassdoor.csv",
            {
                "title": "Job Title",
                "description": "Job Description",
                "salary": "Salary Estimate",
                "company": "Company Name",
                "location": "Location",
            },
        ),
        (
            "postings_linkedin_ai_ml.csv",
            {
                "title": "title",
                "description": "description",
                "seniority": "experienceLevel",
                "company": "companyName",
                "location": "location",
                "posted": "publishedAt",
            },
        ),
    ],
)
def test_columns_are_found_by_their_common_names(fixture, expected):
    assert columns_detect(header_of(fixture)) == expected


def test_map_overrides_detection():
    found = columns_detect(
        ["Position", "Summary", "Pay"],
        mapping_parse(["title=Position", "description=Summary", "salary=Pay"]),
    )
    assert found == {"title": "Position", "description": "Summary", "salary": "Pay"}


def test_missing_description_column_names_it_and_lists_the_columns():
    with pytest.raises(ColumnError) as caught:
        columns_detect(["Job Title", "Company", "Notes"])
    message = str(caught.value)
    assert "no description column" in message
    assert "Job Title, Company, Notes" in message
    assert "--map description=COLUMN" in message


def test_map_to_a_column_the_file_lacks_is_refused_in_a_sentence_for_each_asker():
    # Before: "--map description=Body: the file has no column 'Body'; it has: title, text" (no
    # full stop), the admin's Column names lines told of as --map too.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["title", "text"], {"description": "Body"})
    assert str(caught.value) == (
        "--map 'description=Body' asks for a column “Body”, which the file does not have; it "
        "has: title, text."
    )
    # Each quotes the mapping as it was typed (the box's lines by their number, blanks counted).
    assert caught.value.told(MAP_OPTION.quoting(["Description = Body"])) == (
        "--map 'Description = Body' asks for a column “Body”, which the file does not have; it "
        "has: title, text."
    )
    assert caught.value.told(COLUMN_NAMES_BOX.quoting(["", "Description = Body"])) == (
        "line 2 under Column names, “Description = Body”, asks for a column “Body”, which the "
        "file does not have; it has: title, text."
    )
    with pytest.raises(ColumnError, match="has no “=”; write it as FIELD=COLUMN"):
        mapping_parse(["title"])


def test_an_unknown_field_is_refused_before_the_file_is_read_in_a_sentence():
    # Before: mapping_parse let "colour=title" through; columns_detect, once the file was
    # read, said "--map colour=title: unknown field 'colour'; fields are title, ...", no stop.
    fields = "title, description, salary, seniority, company, location, posted"
    with pytest.raises(ColumnError) as caught:
        mapping_parse(["title=Position", "Colour=title"])
    assert str(caught.value) == (
        f"--map 'Colour=title' has an unknown field “colour”; a field is one of {fields}."
    )
    with pytest.raises(ColumnError) as caught:
        columns_detect(["title", "description"], {"colour": "title"})
    assert caught.value.told(COLUMN_NAMES_BOX.quoting(["Colour=title"])) == (
        "line 1 under Column names, “Colour=title”, has an unknown field “colour”; a field is "
        f"one of {fields}."
    )


def test_a_mapping_that_takes_the_description_column_says_so_instead_of_missing_it():
    # The message said "no description column: looked for description, ...; the file has:
    # title, description" - the column was there, given to title by the mapping.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["Name", "description"], {"title": "description"})
    # Then: both askers' terms in one sentence ("(in the admin: the line ...)"), no full stop.
    assert str(caught.value) == (
        "there is no description column: “description” would be it, but --map "
        "'title=description' gives it to title; map title to another column, or name the "
        "description column with --map description=COLUMN."
    )
    assert caught.value.told(COLUMN_NAMES_BOX.quoting(["title=description"])) == (
        "there is no description column: “description” would be it, but line 1 under Column "
        "names, “title=description”, gives it to title; map title to another column, or name "
        "the description column with a line description=COLUMN under Column names."
    )


def test_a_header_without_title_or_description_names_both_in_one_sentence():
    # Before: "there is no title column (...); the file has: company, notes. Name it with
    # --map title=COLUMN." - the description column was told only on the next try.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["company", "notes"])
    missing = (
        "there is no title column (looked for title, Job Title, Name, position) and no "
        "description column (looked for description, Job Description, Description, "
        "job_description); the file has: company, notes. "
    )
    assert str(caught.value) == (
        f"{missing}Name them with --map title=COLUMN and --map description=COLUMN."
    )
    assert caught.value.told(COLUMN_NAMES_BOX.quoting([])) == (
        f"{missing}Name them with lines title=COLUMN and description=COLUMN under Column names."
    )


def test_a_missing_title_beside_a_description_a_mapping_takes_names_both():
    # Before: only "there is no title column (...)"; once named, the next try said the
    # description column was given to salary.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["company", "description"], {"salary": "description"})
    missing = (
        "there is no title column (looked for title, Job Title, Name, position) and no "
        "description column (“description” would be it, but {one} gives it to salary); the "
        "file has: company, description. Name the title column with {title}; map salary to "
        "another column, or name the description column with {description}."
    )
    assert str(caught.value) == missing.format(
        one="--map 'salary=description'",
        title="--map title=COLUMN",
        description="--map description=COLUMN",
    )
    assert caught.value.told(COLUMN_NAMES_BOX.quoting(["", "Salary = description"])) == (
        missing.format(
            one="line 2 under Column names, “Salary = description”,",
            title="a line title=COLUMN under Column names",
            description="a line description=COLUMN under Column names",
        )
    )


def test_column_names_with_braces_are_quoted_as_they_are():
    # The sentence is a template filled by told(): a column's name is a value, never part of it.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["{Name}", "age"], {"salary": "{Name}"})
    assert "(“{Name}” would be it, but --map 'salary={Name}' gives it to salary)" in str(
        caught.value
    )
    assert "the file has: {Name}, age." in str(caught.value)
