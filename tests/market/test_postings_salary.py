import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.ingestion.postings import salary_parse


@pytest.mark.parametrize(
    ("cell", "usd"),
    [
        ("$53K-$91K (Glassdoor est.)", 72_000),
        ("Employer Provided Salary:$120K-$160K", 140_000),
        ("$17-$24 Per Hour(Glassdoor est.)", 42_640),  # 20.5 x 2080
        ("Employer Provided Salary:$20-$25 Per Hour", 46_800),
        ("$98K-$154K(Employer est.)", 126_000),
        ("$150,000 - $200,000 a year", 175_000),
        ("$60 - $70 an hour", 135_200),  # 65 x 2080
        ("$104k-$171k", 137_500),
        ("$11-$16", 28_080),  # no period, no K, small: hourly
        ("$4,000 a month", 48_000),
        ("$4,000 - $5,000 a month", 54_000),
        ("Up to $25 an hour", 52_000),
        ("$85,000 a year", 85_000),
        ("$50-60K", 55_000),
        (120_000, 120_000),
    ],
)
def test_salary_forms_become_us_dollars_per_year(cell, usd):
    assert salary_parse(cell) == usd


@pytest.mark.parametrize("cell", ["-1", "", None, "Competitive", "DOE", float("nan"), -1, "$1"])
def test_missing_or_unparseable_salary_is_none(cell):
    assert salary_parse(cell) is None


@given(
    low=st.integers(min_value=30, max_value=400),
    extra=st.integers(min_value=0, max_value=200),
)
def test_a_yearly_k_range_gives_its_midpoint(low, extra):
    high = low + extra
    assert salary_parse(f"${low}K-${high}K") == round((low + high) * 1000 / 2)


@given(low=st.integers(min_value=8, max_value=150), extra=st.integers(min_value=0, max_value=50))
def test_an_hourly_range_lies_between_its_ends_times_2080(low, extra):
    usd = salary_parse(f"${low} - ${low + extra} an hour")
    assert low * 2080 <= usd <= (low + extra) * 2080
