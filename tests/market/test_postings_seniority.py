import pytest

from market.ingestion.postings import UnknownSeniority, seniority_decide, seniority_from_title


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Data Science Intern", "entry"),
        ("Machine Learning Internship 2025", "entry"),
        ("Junior Data Analyst", "entry"),
        ("Jr. Data Scientist", "entry"),
        ("Entry Level Data Engineer", "entry"),
        ("Associate Data Scientist", "entry"),
        ("Graduate ML Engineer", "entry"),
        ("Senior Machine Learning Engineer", "senior"),
        ("Sr. Data Scientist", "senior"),
        ("SR Data Engineer", "senior"),
        ("Staff ML Engineer", "staff"),
        ("Principal Data Scientist", "staff"),
        ("Lead Data Engineer", "staff"),
        ("Head of Data Science", "staff"),
        ("Director, Machine Learning", "staff"),
        ("Machine Learning Engineer", "mid"),
        ("Data Scientist II", "mid"),
        # staff beats senior beats entry
        ("Senior Staff ML Engineer", "staff"),
        ("Associate Director of Analytics", "staff"),
        ("Senior Associate, Data Science", "senior"),
        # whole words only
        ("Internal Tools ML Engineer", "mid"),
        ("Leadership Analytics Engineer", "mid"),
        ("Headless Commerce Data Engineer", "mid"),
    ],
)
def test_seniority_from_title(title, level):
    assert seniority_from_title(title) == level


@pytest.mark.parametrize(
    ("value", "title", "level"),
    [
        ("Internship", "Machine Learning Engineer", "entry"),
        ("Entry level", "Senior ML Engineer", "entry"),  # the column wins
        ("Associate", "ML Engineer", "entry"),
        ("Mid-Senior level", "ML Engineer", "mid"),
        ("Mid-Senior level", "Senior ML Engineer", "senior"),
        ("Mid-Senior level", "Principal ML Engineer", "senior"),
        ("Director", "ML Engineer", "staff"),
        ("Executive", "VP of AI", "staff"),
        ("senior", "ML Engineer", "senior"),
        ("STAFF", "ML Engineer", "staff"),
        ("Not Applicable", "Lead ML Engineer", "staff"),  # says nothing: the title decides
        ("", "Junior ML Engineer", "entry"),
        (None, "ML Engineer", "mid"),
    ],
)
def test_seniority_from_an_explicit_column(value, title, level):
    assert seniority_decide(title=title, value=value) == level


def test_an_unknown_seniority_value_is_refused():
    with pytest.raises(UnknownSeniority):
        seniority_decide(title="ML Engineer", value="Wizard")
