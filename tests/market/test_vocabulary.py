"""The market's words: tiers from shares, share moves, and that the rules need no Django."""

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.vocabulary import (
    DEFAULT_TIER_THRESHOLDS,
    NOT_REQUIRED,
    TIERS,
    role_label,
    share_moves,
    share_pct,
    target_title,
    tier_for,
)

shares = st.decimals(min_value=0, max_value=100, places=1)
RANK = {tier: i for i, tier in enumerate([*TIERS, NOT_REQUIRED])}


@given(shares, shares)
def test_a_larger_share_never_gets_a_lower_tier(a, b):
    low, high = sorted([a, b])
    assert (
        RANK[tier_for(high, DEFAULT_TIER_THRESHOLDS)]
        <= RANK[tier_for(low, DEFAULT_TIER_THRESHOLDS)]
    )


def test_a_share_on_a_threshold_reaches_its_tier_and_below_every_one_is_not_required():
    assert tier_for(Decimal("60.0"), DEFAULT_TIER_THRESHOLDS) == "Critical"
    assert tier_for(Decimal("59.9"), DEFAULT_TIER_THRESHOLDS) == "High"
    assert tier_for(Decimal("0.9"), DEFAULT_TIER_THRESHOLDS) == NOT_REQUIRED
    assert tier_for(Decimal("99"), {"Medium": 10}) == "Medium"  # tiers left out are never given


def test_shares_are_rounded_half_up_to_one_decimal():
    assert share_pct(7, 8) == Decimal("87.5")
    assert share_pct(1753, 2000) == Decimal("87.7")  # 87.65
    assert share_pct(1, 3) == Decimal("33.3")


keys = st.tuples(
    st.sampled_from([None, "ML Engineer", "MLOps Engineer"]),
    st.sampled_from(["all", "mid", "senior"]),
    st.sampled_from(["Python", "SQL", "AWS"]),
)


@given(st.dictionaries(keys, shares), st.dictionaries(keys, shares))
def test_share_moves_list_every_change_once_largest_first(before, after):
    moves = share_moves(before, after)
    changed = {k for k in before.keys() | after.keys() if before.get(k, 0) != after.get(k, 0)}
    assert {(m.role, m.seniority, m.skill) for m in moves} == changed
    sizes = [abs(m.points) for m in moves]
    assert sizes == sorted(sizes, reverse=True)
    both = share_moves(before, after, measured_in_both=True)
    assert all(m.before is not None and m.after is not None for m in both)


def test_a_share_measured_on_one_side_moves_from_or_to_zero_and_all_roles_come_first():
    before = {
        (None, "all", "Python"): Decimal("60.0"),
        ("ML Engineer", "mid", "Python"): Decimal("70.0"),
    }
    after = {
        (None, "all", "Python"): Decimal("65.0"),
        ("ML Engineer", "mid", "SQL"): Decimal("5.0"),
    }
    moves = share_moves(before, after)
    assert [(m.role_name, m.skill, m.points) for m in moves] == [
        ("ML Engineer", "Python", Decimal("-70.0")),
        ("All", "Python", Decimal("5.0")),
        ("ML Engineer", "SQL", Decimal("5.0")),
    ]


def test_the_rules_the_warehouse_query_reuses_import_without_django():
    modules = [
        "market.vocabulary",
        "market.comparisons",
        "market.ingestion.postings",
        "market.ingestion.matching",
        "market.ingestion.tally",
        "market.ingestion.reading",
        "market.ingestion.warehouse",
        "assessments.scoring",
    ]
    code = f"import sys; [__import__(m) for m in {modules!r}]; print('django' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "False"


def test_a_target_is_titled_seniority_first_and_all_levels_last():
    assert target_title(role_name="ML Engineer", seniority="senior") == "Senior ML Engineer"
    assert target_title(role_name="AI Engineer", seniority="mid") == "Mid-level AI Engineer"
    assert target_title(role_name="ML Engineer", seniority="all") == "ML Engineer, all levels"


def test_a_role_is_named_by_its_person_title_else_its_name_and_titled_by_that_label():
    assert role_label(name="AI/ML Research", person_title="AI/ML Researcher") == "AI/ML Researcher"
    assert role_label(name="AI/ML Research", person_title="") == "AI/ML Research"
    assert role_label(name="ML Engineer") == "ML Engineer"
    research = role_label(name="AI/ML Research", person_title="AI/ML Researcher")
    assert target_title(role_name=research, seniority="mid") == "Mid-level AI/ML Researcher"
    staff = "Staff / Principal / Lead AI/ML Researcher"
    assert target_title(role_name=research, seniority="staff") == staff
    assert target_title(role_name=research, seniority="all") == "AI/ML Researcher, all levels"


def test_a_target_title_has_one_rule_for_the_roles_label_not_its_own():
    # The label is `role_label`'s alone: target_title takes the label, not a person title.
    with pytest.raises(TypeError):
        target_title(role_name="AI/ML Research", person_title="AI/ML Researcher", seniority="mid")
