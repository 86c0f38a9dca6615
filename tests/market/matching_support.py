"""Generated taxonomies with proximity aliases ("deploy ... models"), and texts built from
their words, for the properties that hold every matching path to the reference matcher."""

from hypothesis import strategies as st

from market.ingestion.matching import PROXIMITY_WORDS, AliasRule, SkillRules

# One word more than a proximity alias lets stand between two groups: "deploy {TOO_FAR} models".
TOO_FAR = " ".join(["w"] * (PROXIMITY_WORDS + 1))

# Phrases a generated skill draws its aliases and exclusion phrases from: proximity phrases of
# two and three groups, in both spellings of the mark, with words of several tokens, symbols
# and capitals, and plain phrases that some of them contain.
PHRASES = [
    "deploy ... models",
    "Deploy…models",
    "deploy ... ML models",
    "serve ... models ... production",
    "Excel ... reports",
    "R ... packages",
    "C++ ... code",
    "A/B testing ... design",
    "opportunity ... excel",
    "the ... the",
    "models ... models",
    "ML models",
    "models",
    "deploy",
    "Excel",
    "excel",
    "R",
]
WORDS = [
    "deploy",
    "Deploy",
    "DEPLOY",
    "models",
    "Models",
    "ML",
    "ml",
    "the",
    "and",
    "of",
    "serve",
    "production",
    "Excel",
    "excel",
    "reports",
    "R",
    "r",
    "packages",
    "C++",
    "code",
    "A/B",
    "testing",
    "design",
    "opportunity",
    "é",
    "•",
    "😀",
]
SEPARATORS = [" ", " ", " ", ", ", "-", "/", "(", ") ", "\t", "\u00a0", "\u2014", "\u2003", "’"]
SEPARATORS += [". ", "; ", ": ", "!", "?", "\n", "\u2022", "\u2026", "\x85", "\x00", "_", ""]


@st.composite
def taxonomies(draw) -> list[SkillRules]:
    """One to three skills, each with one to three aliases (some case-sensitive) and up to two
    exclusion phrases from PHRASES."""
    skills = []
    for n in range(draw(st.integers(1, 3))):
        aliases = draw(
            st.lists(st.tuples(st.sampled_from(PHRASES), st.booleans()), min_size=1, max_size=3)
        )
        exclusions = draw(st.lists(st.sampled_from(PHRASES), max_size=2))
        skills.append(
            SkillRules(f"skill-{n}", tuple(AliasRule(p, c) for p, c in aliases), tuple(exclusions))
        )
    return skills


TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=18).map(
    lambda parts: "".join(w + s for w, s in parts)
)
