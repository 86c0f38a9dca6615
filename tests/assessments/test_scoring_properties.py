"""Properties of the gap scoring method, checked with hypothesis over random targets."""

import math

import pytest
from django.template.defaultfilters import floatformat
from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    THIN_REQUIREMENTS,
    UNIFORM_RATINGS_MIN,
    Evidence,
    Requirement,
    gap_example,
    gap_score,
    required_level,
    uniform_rating,
)
from market.certainty import TENTATIVE_BELOW

TIERS = ["Critical", "High", "Medium", "Nice-to-have", "Not required", ""]
SENIORITIES = ["entry", "mid", "senior", "staff"]
SLUGS = [f"skill-{i}" for i in range(8)]
STEP_HOURS = {slug: {1: 4, 2: 12, 3: 30, 4: 60, 5: 120} for slug in SLUGS}


@st.composite
def requirement(draw, slug):
    tier = draw(st.sampled_from(TIERS))
    share = 0.0 if tier == "" else draw(st.sampled_from([0.0, 0.1, 7.0, 15.0, 56.3, 87.7, 100.0]))
    return Requirement(
        skill=slug,
        name=slug.replace("-", " ").title(),
        share_pct=share,
        tier=tier,
        from_roadmap=draw(st.booleans()) if tier else True,
        n_postings=draw(st.none() | st.integers(0, 5000)),
    )


@st.composite
def requirements(draw):
    slugs = draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=len(SLUGS)))
    return [draw(requirement(slug)) for slug in slugs]


levels = st.dictionaries(st.sampled_from(SLUGS), st.integers(0, 5))
seniorities = st.sampled_from(SENIORITIES)


def score(reqs, lv, seniority):
    return gap_score(requirements=reqs, levels=lv, seniority=seniority, step_hours=STEP_HOURS)


@given(requirements(), levels, seniorities)
def test_readiness_is_100_exactly_when_every_requirement_is_met(reqs, lv, seniority):
    result = score(reqs, lv, seniority)
    all_met = all(g.current_level >= g.required_level for g in result.gaps)
    assert (result.readiness == 100.0) == all_met
    assert 0.0 <= result.readiness <= 100.0
    assert (result.readiness_display == 100.0) == all_met


@given(requirements(), levels, seniorities, st.sampled_from(SLUGS), st.integers(1, 5))
def test_raising_a_level_never_lowers_readiness_or_raises_a_gap_score(
    reqs, lv, seniority, slug, step
):
    before = score(reqs, lv, seniority)
    raised = {**lv, slug: min(5, lv.get(slug, 0) + step)}
    after = score(reqs, raised, seniority)
    assert after.readiness >= before.readiness
    before_scores = {g.skill: g.gap_score for g in before.gaps}
    for g in after.gaps:
        assert g.gap_score <= before_scores[g.skill]
        assert g.hours_to_close <= next(b for b in before.gaps if b.skill == g.skill).hours_to_close


@given(requirements(), levels, seniorities)
def test_a_skill_with_zero_share_and_no_roadmap_requirement_is_never_a_gap(reqs, lv, seniority):
    result = score(reqs, lv, seniority)
    listed = {g.skill for g in result.gaps}
    for req in reqs:
        if (req.share_pct == 0 or req.tier in ("", "Not required")) and not req.from_roadmap:
            assert req.skill not in listed
    for g in result.gaps:
        assert g.weight > 0 and g.required_level > 0


@given(requirements(), levels)
def test_with_the_same_tiers_a_senior_target_never_requires_less_than_mid(reqs, lv):
    # Real senior postings carry their own tiers (which can be lower); for the SAME tiers,
    # senior and staff never ask for less than entry and mid, and readiness is never higher.
    mid, senior = score(reqs, lv, "mid"), score(reqs, lv, "senior")
    staff, entry = score(reqs, lv, "staff"), score(reqs, lv, "entry")
    mid_required = {g.skill: g.required_level for g in mid.gaps}
    for g in senior.gaps:
        assert g.required_level >= mid_required[g.skill]
    assert [g.required_level for g in entry.gaps] == [g.required_level for g in mid.gaps]
    assert senior.readiness <= mid.readiness
    assert staff.readiness == senior.readiness


@given(st.sampled_from(TIERS), st.booleans())
def test_required_level_rises_or_stays_with_seniority(tier, from_roadmap):
    by_seniority = [
        required_level(tier=tier, seniority=s, from_roadmap=from_roadmap) for s in SENIORITIES
    ]
    assert by_seniority == sorted(by_seniority)


@given(requirements(), levels, seniorities, st.randoms())
def test_results_are_deterministic_and_ordered(reqs, lv, seniority, random):
    result = score(reqs, lv, seniority)
    shuffled = list(reqs)
    random.shuffle(shuffled)
    assert score(shuffled, dict(reversed(list(lv.items()))), seniority) == result
    keys = [(-g.gap_score, -g.share_pct, g.name) for g in result.gaps]
    assert keys == sorted(keys)


@given(requirements(), levels, seniorities)
def test_missing_and_strengths_split_the_gaps(reqs, lv, seniority):
    result = score(reqs, lv, seniority)
    assert len(result.missing) + len(result.strengths) == len(result.gaps)
    assert all(g.gap > 0 and g.gap_score > 0 for g in result.missing)
    assert all(g.gap == 0 and g.gap_score == 0 and g.hours_to_close == 0 for g in result.strengths)


many_levels = st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 5), max_size=30)


@given(many_levels)
def test_uniform_rating_names_the_level_only_when_eight_or_more_rated_skills_share_it(ratings):
    rated = [level for level in ratings.values() if level > 0]
    found = uniform_rating(ratings)
    if len(rated) >= UNIFORM_RATINGS_MIN and len(set(rated)) == 1:
        assert found == rated[0]
    else:
        assert found is None


@given(many_levels, st.integers(1, 5))
def test_unrated_skills_never_change_the_uniform_rating(ratings, level):
    with_zeros = {**ratings, **{f"unrated-{i}": 0 for i in range(10)}}
    assert uniform_rating(with_zeros) == uniform_rating(ratings)


@given(requirements(), levels, seniorities)
def test_the_readiness_points_of_the_gaps_add_up_to_what_is_missing(reqs, lv, seniority):
    result = score(reqs, lv, seniority)
    costs = math.fsum(result.points(g) for g in result.gaps)
    assert costs == pytest.approx(100.0 - result.readiness, abs=1e-9)
    assert all(result.points(g) == 0 for g in result.strengths)


@given(requirements(), levels, seniorities, st.none() | st.integers(0, 5000))
def test_evidence_counts_every_requirement_once_and_is_thin_below_the_documented_sizes(
    reqs, lv, seniority, postings
):
    result = score(reqs, lv, seniority)
    evidence = Evidence.of(result, postings=postings)
    assert evidence.measured + evidence.must_haves == len(result.gaps)
    assert evidence.must_haves == sum(g.source == "roadmap" for g in result.gaps)
    few = postings is not None and postings < TENTATIVE_BELOW
    assert evidence.is_thin == (len(result.gaps) < THIN_REQUIREMENTS or few)
    assert evidence.sentence.startswith("Based on ") and evidence.sentence.endswith(".")


@given(requirements(), levels, seniorities)
def test_the_worked_example_is_the_largest_gap_with_the_points_its_row_shows(reqs, lv, seniority):
    result = score(reqs, lv, seniority)
    example = gap_example(result)
    if not result.missing:
        assert example.hypothetical and example.points_text == ""
        return
    largest = max(result.missing, key=lambda g: g.gap_score)
    assert example.gap.gap_score == largest.gap_score
    # The gap table rounds with the template's floatformat: the example says the same.
    shown = floatformat(result.points(example.gap), 1)
    assert example.points_text.endswith(f" = {shown} points, as its row says")
