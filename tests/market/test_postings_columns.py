import csv

import pytest

from market.ingestion.postings import ColumnError, columns_detect, mapping_parse
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


def test_map_to_a_column_the_file_lacks_is_refused():
    with pytest.raises(ColumnError, match="no column 'Body'"):
        columns_detect(["title", "text"], {"description": "Body"})
    with pytest.raises(ColumnError, match="unknown field 'colour'"):
        columns_detect(["title", "description"], {"colour": "title"})
    with pytest.raises(ColumnError, match="has no “=”; write it as FIELD=COLUMN"):
        mapping_parse(["title"])


def test_a_mapping_that_takes_the_description_column_says_so_instead_of_missing_it():
    # The message said "no description column: looked for description, ...; the file has:
    # title, description" - the column was there, given to title by the mapping.
    with pytest.raises(ColumnError) as caught:
        columns_detect(["Name", "description"], {"title": "description"})
    assert str(caught.value) == (
        "no description column: 'description' would be it, but --map title=description gives "
        "it to title (in the admin: the line title=description under Column names); map title "
        "to another column, or name the description column with --map description=COLUMN"
    )
