"""Wilson's interval of a share of postings, and when a share or tier is too thin to trust."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.certainty import (
    FEW_POSTINGS,
    TENTATIVE_BELOW,
    ShareOfPostings,
    wilson_interval,
)

shares = st.floats(0.0, 1.0, allow_nan=False)
postings = st.integers(1, 200_000)


@given(shares, postings)
def test_the_interval_holds_the_share_and_stays_within_0_and_1(share, n):
    low, high = wilson_interval(share=share, n=n)
    assert 0.0 <= low <= share <= high <= 1.0


@given(shares, postings)
def test_the_interval_is_never_zero_wide_even_at_0_and_100_percent(share, n):
    low, high = wilson_interval(share=share, n=n)
    assert high > low
    assert (share == 0.0) <= (low == 0.0) and (share == 1.0) <= (high == 1.0)


@given(st.integers(1, 999), postings)
def test_a_share_strictly_between_0_and_100_percent_has_an_interval_strictly_inside(k, n):
    low, high = wilson_interval(share=k / 1000, n=n)
    assert low > 0.0 and high < 1.0


@given(shares, postings)
def test_the_interval_of_the_complement_is_the_mirror_image(share, n):
    low, high = wilson_interval(share=share, n=n)
    mirror_low, mirror_high = wilson_interval(share=1.0 - share, n=n)
    assert mirror_low == pytest.approx(1.0 - high, abs=1e-9)
    assert mirror_high == pytest.approx(1.0 - low, abs=1e-9)


@given(shares, postings, st.integers(1, 100_000))
def test_more_postings_never_widen_the_interval(share, n, more):
    low, high = wilson_interval(share=share, n=n)
    low_more, high_more = wilson_interval(share=share, n=n + more)
    assert high_more - low_more <= high - low + 1e-12


@given(st.integers(0, 100_000), postings)
def test_shares_and_postings_give_the_mentions_they_were_counted_from(mentions, n):
    mentions = min(mentions, n)
    share_pct = 100 * mentions / n
    assert ShareOfPostings(share_pct, n).mentions == mentions


@given(st.floats(0.0, 100.0, allow_nan=False), st.integers(1, 5000))
def test_the_interval_beside_a_share_appears_exactly_below_the_documented_size(share_pct, n):
    share = ShareOfPostings(share_pct, n)
    assert bool(share.interval_range) == (n < FEW_POSTINGS)
    assert share.tier_is_tentative == (n < TENTATIVE_BELOW)


def test_known_values_of_wilsons_interval():
    # 50 of 100: 40.4-59.6%; 0 of 10: 0-27.8% (the textbook interval would say 0-0%).
    assert wilson_interval(share=0.5, n=100) == pytest.approx((0.40383, 0.59617), abs=1e-5)
    assert wilson_interval(share=0.0, n=10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    # The seed's senior MLOps Engineer: TensorFlow in 93.4% of 76 postings.
    share = ShareOfPostings(93.4, 76)
    assert (share.interval_label, share.interval_range) == ("95% interval", "85.5–97.1%")


def test_the_interval_covers_the_true_share_about_95_percent_of_the_time():
    # Exact coverage over every possible count of 88 postings (the seed's mid-level MLOps).
    n, true_share = 88, 0.35
    coverage = 0.0
    for k in range(n + 1):
        low, high = wilson_interval(share=k / n, n=n)
        if low <= true_share <= high:
            coverage += math.comb(n, k) * true_share**k * (1 - true_share) ** (n - k)
    assert 0.93 <= coverage <= 0.97, coverage


def test_a_share_of_unknown_postings_has_no_interval_count_or_tentative_tier():
    share = ShareOfPostings(63.8, None)
    assert share.mentions is None and share.interval_pct is None
    assert share.interval_range == "" and not share.tier_is_tentative and not share.is_few


def test_no_postings_have_no_interval():
    with pytest.raises(ValueError, match="no postings"):
        wilson_interval(share=0.5, n=0)
    assert ShareOfPostings(50.0, 0).interval_pct is None
