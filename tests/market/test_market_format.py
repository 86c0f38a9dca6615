"""The market_format filters print figures the way the seed analysis prints them."""

from decimal import Decimal

import pytest

from market.templatetags.market_format import count, pct, signed_pct, usd


@pytest.mark.parametrize(
    ("figure", "value", "expected"),
    [
        (usd, 215000, "$215,000"),
        (usd, 215500, "$215,500"),
        (pct, Decimal("87.7"), "87.7%"),
        (pct, 5, "5.0%"),
        (signed_pct, Decimal("6.3"), "+6.3 pts"),
        (signed_pct, Decimal("-4.1"), "−4.1 pts"),
        (signed_pct, 0, "±0.0 pts"),
        (count, 8764, "8,764"),
    ],
)
def test_a_known_figure_is_formatted(figure, value, expected):
    assert figure(value) == expected


@pytest.mark.parametrize(
    ("figure", "expected"),
    [(usd, "unknown"), (count, "unknown"), (pct, "–"), (signed_pct, "–")],
)
@pytest.mark.parametrize("missing", [None, ""])
def test_a_missing_figure_says_so(figure, expected, missing):
    assert figure(missing) == expected
