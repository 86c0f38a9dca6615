"""Properties of reading a job ad and scoring it, on generated ads (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.ad_analysis import (
    MUST,
    NICE,
    NICE_CAP,
    REQUIRED_LEVEL,
    TITLE,
    UNMEASURED_WEIGHT,
    AdAsk,
    MarketLevel,
    ad_gaps,
    ad_read,
    ask_weight,
    nearest_share,
    required_level,
)
from tests.assessments.test_ad_analysis import MATCHER, ROLES

SKILLS = {
    "python": "Python",
    "sql": "SQL",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "airflow": "Airflow",
    "snowflake": "Snowflake",
    "spark": "Spark",
    "kafka": "Kafka",
    "excel": "Excel",
    "r": "R",
}
WORDS = st.sampled_from(
    [
        *SKILLS.values(),
        "experience with",
        "and",
        "or",
        "is a plus",
        "preferred",
        "ideally",
        "required",
        "must",
        "excellent",
        "R&D",
        "go-to",
        "Nice to have",
        "Requirements",
        "About us",
        "Benefits",
        "bonus",
        "e.g.",
        "years",
        "3+",
        "machine learning",
        "Azure Machine Learning",
    ]
)
ENDS = st.sampled_from(["", ".", ":", ",", ";", " -", "!"])
BULLETS = st.sampled_from(["", "- ", "* ", "• ", "1. ", "## ", "**"])
LINES = st.tuples(BULLETS, st.lists(WORDS, min_size=1, max_size=8), ENDS).map(
    lambda t: t[0] + " ".join(t[1]) + t[2]
)
ADS = st.lists(st.one_of(LINES, st.just("")), min_size=1, max_size=14).map("\n".join)
SENIORITIES = list(REQUIRED_LEVEL)


def read(text: str):
    return ad_read(text=text, matcher=MATCHER, classify_role=ROLES.classify)


@settings(max_examples=300, deadline=None)
@given(ADS)
def test_the_reading_names_only_skills_the_matcher_finds_in_the_ad_each_once(text):
    reading = read(text)
    asked = [a.skill for a in reading.asks]
    assert len(asked) == len(set(asked))
    assert not set(asked) & set(reading.mentioned)
    assert not set(asked) & set(reading.in_title)
    assert set(asked) | set(reading.mentioned) | set(reading.in_title) <= MATCHER.find(text)


@settings(max_examples=200, deadline=None)
@given(ADS)
def test_every_skill_found_outside_headings_is_named(text):
    # Headings name no skill, so nothing the matcher finds line by line is lost.
    reading = read(text)
    named = {a.skill for a in reading.asks} | set(reading.mentioned) | set(reading.in_title)
    for line in text.splitlines():
        assert MATCHER.find(line) <= named


HEADINGS = {
    MUST: st.sampled_from(
        ["Requirements", "## Requirements", "What you'll need:", "QUALIFICATIONS"]
    ),
    NICE: st.sampled_from(["Nice to have", "**Bonus points**", "Preferred:", "## Nice-to-have"]),
}
ITEM_BULLETS = st.sampled_from(["- ", "* ", "• ", "", "1. "])


@settings(max_examples=200, deadline=None)
@given(
    must=st.lists(st.sampled_from(sorted(SKILLS)), min_size=1, max_size=4, unique=True),
    nice=st.lists(st.sampled_from(sorted(SKILLS)), min_size=1, max_size=4, unique=True),
    must_heading=HEADINGS[MUST],
    nice_heading=HEADINGS[NICE],
    bullet=ITEM_BULLETS,
    blank=st.booleans(),
)
def test_a_list_under_each_kind_of_heading_reads_the_same_in_any_markup(
    must, nice, must_heading, nice_heading, bullet, blank
):
    gap = "\n\n" if blank else "\n"
    text = (
        f"{must_heading}\n"
        + "\n".join(f"{bullet}{SKILLS[s]}" for s in must)
        + f"{gap}{nice_heading}\n"
        + "\n".join(f"{bullet}{SKILLS[s]}" for s in nice)
    )
    reading = read(text)
    kinds = {a.skill: MUST if a.must_have else NICE for a in reading.asks}
    assert kinds == dict.fromkeys(nice, NICE) | dict.fromkeys(must, MUST)


@settings(max_examples=200, deadline=None)
@given(text=ADS, extra=st.lists(st.sampled_from(sorted(SKILLS)), min_size=1, max_size=3))
def test_a_nice_to_have_part_added_at_the_end_never_demotes_a_must_have(text, extra):
    before = {a.skill for a in read(text).must}
    after = read(f"{text}\n\nNice to have\n" + "\n".join(f"- {SKILLS[s]}" for s in extra))
    assert before <= {a.skill for a in after.must}


@settings(max_examples=200, deadline=None)
@given(text=ADS, skill=st.sampled_from(sorted(SKILLS)))
def test_a_title_line_on_top_changes_nothing_the_ad_asks_for(text, skill):
    # It only names its skill in the title where the ad does not ask for it.
    def kinds(reading):
        asked = {a.skill: MUST if a.must_have else NICE for a in reading.asks}
        return asked | dict.fromkeys(reading.in_title, TITLE)

    expected = kinds(read(text))
    expected.setdefault(skill, TITLE)
    assert kinds(read(f"Senior Data Engineer ({SKILLS[skill]})\n{text}")) == expected


# ---- Scoring ---------------------------------------------------------------------------------

STEP_HOURS = {slug: {1: 4, 2: 12, 3: 30, 4: 60, 5: 120} for slug in SKILLS}
MARKET = [MarketLevel("Senior ML Engineer", {"python": (74.5, "Critical"), "sql": (40.0, "High")})]
# Asks, some of them must-haves offered in one of two lists of alternatives.
ASKS = st.lists(
    st.builds(
        AdAsk,
        skill=st.sampled_from(sorted(SKILLS)),
        must_have=st.booleans(),
        one_of=st.one_of(st.none(), st.none(), st.integers(1, 2)),
    ).map(lambda a: AdAsk(a.skill, True, one_of=a.one_of) if a.one_of else a),
    min_size=1,
    max_size=8,
    unique_by=lambda a: a.skill,
)
LEVELS = st.dictionaries(st.sampled_from(sorted(SKILLS)), st.integers(0, 5))


def readiness(asks, seniority, levels) -> float:
    return ad_gaps(
        asks=asks,
        seniority=seniority,
        names=SKILLS,
        market=MARKET,
        levels=levels,
        step_hours=STEP_HOURS,
    ).result.readiness


@settings(max_examples=300, deadline=None)
@given(asks=ASKS, seniority=st.sampled_from(SENIORITIES), levels=LEVELS, data=st.data())
def test_raising_a_level_never_lowers_readiness_for_the_ad(asks, seniority, levels, data):
    skill = data.draw(st.sampled_from(sorted(SKILLS)))
    higher = {**levels, skill: min(5, levels.get(skill, 0) + data.draw(st.integers(1, 5)))}
    assert readiness(asks, seniority, higher) >= readiness(asks, seniority, levels) - 1e-9


@settings(max_examples=300, deadline=None)
@given(asks=ASKS, levels=LEVELS)
def test_a_more_senior_ad_never_finds_you_readier(asks, levels):
    scores = [readiness(asks, s, levels) for s in SENIORITIES]
    assert all(a >= b - 1e-9 for a, b in zip(scores, scores[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(asks=ASKS, seniority=st.sampled_from(SENIORITIES), levels=LEVELS)
def test_readiness_is_100_exactly_when_every_required_level_is_met_one_of_each_list(
    asks, seniority, levels
):
    score = readiness(asks, seniority, levels)

    def meets(ask):
        return levels.get(ask.skill, 0) >= required_level(
            must_have=ask.must_have, seniority=seniority
        )

    groups = {a.one_of for a in asks if a.one_of}
    met = all(meets(a) for a in asks if not a.one_of) and all(
        any(meets(a) for a in asks if a.one_of == group) for group in groups
    )
    assert 0 <= score <= 100
    assert (score == 100) == met


@settings(max_examples=300, deadline=None)
@given(share_pct=st.floats(0.1, 100.0))
def test_being_measured_never_makes_a_must_have_weigh_less_than_being_unmeasured(share_pct):
    share = nearest_share("python", [MarketLevel("all", {"python": (share_pct, "Medium")})])
    assert ask_weight(must_have=True, share=share) >= ask_weight(must_have=True, share=None)


@settings(max_examples=300, deadline=None)
@given(
    share_pct=st.floats(0.1, 100.0),
    lightest_must=st.one_of(st.none(), st.floats(UNMEASURED_WEIGHT * NICE_CAP, 1.0 * NICE_CAP)),
)
def test_being_measured_never_makes_a_nice_to_have_weigh_less_than_being_unmeasured(
    share_pct, lightest_must
):
    share = nearest_share("kafka", [MarketLevel("all", {"kafka": (share_pct, "Medium")})])
    measured = ask_weight(must_have=False, share=share, lightest_must=lightest_must)
    unmeasured = ask_weight(must_have=False, share=None, lightest_must=lightest_must)
    assert measured >= unmeasured


def test_required_levels_rise_with_seniority():
    for must_have in (True, False):
        levels = [required_level(must_have=must_have, seniority=s) for s in SENIORITIES]
        assert levels == sorted(levels)
