"""Generated taxonomies with proximity aliases ("deploy ... models"), and texts built from
their words, for the properties that hold every matching path to the reference matcher."""

from hypothesis import strategies as st

from market.ingestion.matching import PROXIMITY_WORDS, AliasRule, SkillRules

# One word more than a proximity alias lets stand between two groups: "deploy {TOO_FAR} models".
TOO_FAR = " ".join(["w"] * (PROXIMITY_WORDS + 1))

# Phrases a generated skill draws its aliases and exclusion phrases from: proximity phrases of
# two and three groups, in both spellings of the mark, with words of several tokens, symbols
# and capitals, and plain phrases that some of them contain; and letters outside ASCII, with
# texts in their cases.
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
    # Letters outside ASCII: one to one ("é", "ü"), and not ("ß": "SS"; "ı", "İ"; "ς", "σ")
    "café",
    "Über ML",
    "über ... ML",
    "straße",
    "STRAẞE",
    "ıx",
    "İx",
    "σοφίας",
    "ΣΟΦΙΑΣ ... models",
    "ſ",
    "Übung macht excel",
    # Words that run together in scraped lists ("Power BIDatabase", "NoSQL")
    "Power BI",
    "NoSQL",
    "SQL",
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
    "café",
    "CAFÉ",
    "Café",
    "Über",
    "über",
    "ÜBER",
    "straße",
    "STRASSE",
    "STRAẞE",
    "ıx",
    "Ix",
    "İx",
    "ix",
    "IX",
    "σοφίας",
    "σοφίασ",
    "ΣΟΦΙΑΣ",
    "ΣΟΦΊΑΣ",
    "ς",
    "Σ",
    "S",
    "ſ",
    "Übung",
    "macht",
    "ÜBUNG",
    # List items run together: a capital glued to the word before starts a new word.
    "Power",
    "knowledgePower",
    "BIDatabase",
    "SQL",
    "NoSQL",
    "SQLAdvanced",
    "deployModels",
    "MLModels",
    "skillsExcel",
    "RPackages",
    "aR",
    "Experience",
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


# Any case is any case for letters outside ASCII too, one character for one; the letters whose
# case is not one to one match themselves and their other case where it is one character
# (matching.case_forms). Rules, and short sentences written for the tests with what they find.
CASE_RULES = [
    SkillRules("cafe", (AliasRule("café"),)),
    SkillRules("uber-ml", (AliasRule("Über ML"), AliasRule("über ... models"))),
    SkillRules("strasse", (AliasRule("Straße"),)),
    SkillRules("istanbul", (AliasRule("İstanbul"),)),
    SkillRules("dotless", (AliasRule("ıx"),)),
    SkillRules("sophia", (AliasRule("σοφίας"), AliasRule("ΛΟΓΟΣ"))),
    SkillRules("muller", (AliasRule("Müller", case_sensitive=True),)),
    SkillRules("excel", (AliasRule("excel"),), ("Übung macht excel",)),
]
CASE_SENTENCES = [
    ("CAFÉ; Café, café", {"cafe"}),
    ("CAFÉ", {"cafe"}),  # ASCII letters alone were folded: this was missed
    ("cafe, CAFE", set()),  # é is not e
    ("Über ML", {"uber-ml"}),  # as typed (kept as "über ml")
    ("über ml", {"uber-ml"}),
    ("ÜBER ML", {"uber-ml"}),
    ("ÜBER\u00a0ML", {"uber-ml"}),  # a gap outside ASCII
    ("ÜBER  -  ml", {"uber-ml"}),  # an irregular gap
    ("ÜBER the trained MODELS", {"uber-ml"}),  # proximity
    ("ÜBERML, uber ML", set()),
    ("STRAßE", {"strasse"}),
    ("STRASSE, strasse", set()),  # ß is not SS (its capital is two letters)
    ("STRAẞE", set()),  # nor the capital ẞ, whose small letter is ß
    ("İstanbul; İSTANBUL", {"istanbul"}),  # kept as typed: its small form is two letters
    ("istanbul, ISTANBUL, i\u0307stanbul", set()),
    ("IX", {"dotless"}),  # ı's capital is I
    ("ıX", {"dotless"}),
    ("ix", set()),  # I's small letter is i, not ı
    ("ΣΟΦΊΑΣ", {"sophia"}),  # ς's capital is Σ
    ("σοφίασ", set()),  # σ is not ς
    ("ΛΟΓΟΣ", {"sophia"}),  # kept as "λογος", as Python writes it in small letters
    ("λογος", {"sophia"}),
    ("λογοσ", set()),  # σ is not ς
    ("MÜLLER", {"muller"}),  # case-sensitive: small letters either case
    ("MÜLLER; Müller", {"muller"}),
    ("müller", set()),  # its capital must be a capital
    ("Übung macht excel", set()),
    ("ÜBUNG MACHT EXCEL", set()),  # the exclusion phrase in any case
    ("übung macht Excel", set()),
    ("ÜBUNG MACHT EXCEL; excel", {"excel"}),
]
