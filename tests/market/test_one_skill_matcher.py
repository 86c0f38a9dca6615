"""A matcher of one skill's rules (skill_rules_among) finds that skill exactly where the whole
taxonomy's matcher does: each alias is looked for on its own, exclusion phrases void only their
own skill's aliases, and an alias an earlier skill claims stays with that skill. The taxonomy
preview counts with two such matchers instead of two whole-taxonomy ones."""

from hypothesis import given, settings
from hypothesis import strategies as st

from market.ingestion.matching import AliasRule, SkillMatcher, SkillRules, rules_of_entries
from market.ingestion.seed import seed_file
from market.services.taxonomy import skill_rules_among

SHIPPED = rules_of_entries(seed_file("skills.json")["skills"])
# Skills after the shipped ones that claim some of their phrases: the earlier claim wins.
CLAIMS = (
    SkillRules("spreadsheets", (AliasRule("Excel"), AliasRule("Google Sheets")), ("excel at",)),
    SkillRules("ml-again", (AliasRule("ML", case_sensitive=True), AliasRule("ML pipelines"))),
)
TAXONOMY = SHIPPED + CLAIMS
WHOLE = SkillMatcher.from_rules(TAXONOMY)
ALONE = {
    slug: SkillMatcher.from_rules(skill_rules_among(TAXONOMY, slug=slug)) for slug in WHOLE.slugs
}
PHRASES = sorted(
    {a.phrase for rules in TAXONOMY for a in rules.aliases}
    | {p for rules in TAXONOMY for p in rules.exclusions}
    | {"opportunity to excel", "excellent", "R&D", "w.r.t.", "Firm"}
)
CASES = st.sampled_from([str, str.lower, str.upper, str.title])
SEPARATORS = st.sampled_from([" ", ", ", "\n", "-", "/", ".", "(", "", "’", "\u00a0", "é "])


def _found(matcher: SkillMatcher, texts: list[str]) -> set[tuple[int, str]]:
    rows, skills = matcher.find_pairs(texts)
    return {(r, matcher.slugs[s]) for r, s in zip(rows.tolist(), skills.tolist(), strict=True)}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(PHRASES), CASES, SEPARATORS), max_size=10),
        min_size=1,
        max_size=4,
    )
)
def test_a_one_skill_matcher_finds_its_skill_where_the_whole_taxonomy_does(parts):
    texts = ["".join(case(p) + sep for p, case, sep in text) for text in parts]
    whole = _found(WHOLE, texts)
    for slug, alone in ALONE.items():
        assert _found(alone, texts) == {pair for pair in whole if pair[1] == slug}, slug


def test_an_alias_an_earlier_skill_claims_is_not_in_the_later_skills_matcher():
    texts = ["Advanced Excel", "Google Sheets", "ML pipelines", "ML"]
    assert _found(ALONE["spreadsheets"], texts) == {(1, "spreadsheets")}
    assert _found(ALONE["ml-again"], texts) == {(2, "ml-again")}
    assert (0, "excel") in _found(ALONE["excel"], texts)
    assert skill_rules_among(TAXONOMY, slug="no-such-skill") == ()
