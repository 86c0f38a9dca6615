"""Finding skills in real sentences: whole words, case rules per alias, exclusion phrases per
skill, each skill once per text; the fast matcher (find_pairs) held to the reference (find)."""

import re
import sys
import tracemalloc

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from market.ingestion import matching
from market.ingestion.matching import (
    _GAP_STEPS,
    _HS_EDGE,
    _HS_GAP,
    _HS_SPACE,
    ALIAS_AFTER,
    ALIAS_EDGE,
    ALIAS_FLAGS,
    ALIAS_GAP,
    CUT,
    PROXIMITY_MARK,
    PROXIMITY_STOPS,
    PROXIMITY_WORDS,
    SCOPED_FLAGS,
    AliasRule,
    SkillMatcher,
    SkillRules,
    _alias_pattern,
    _case_key,
    _compiled,
    _hs_sequences,
    _past_gaps,
    alias_before,
    alias_regex,
    case_forms,
    exclusion_regex,
    exclusions_cut,
    phrase_normalised,
    phrase_problem,
    small_case,
    tokens_of,
)
from tests.market.matching_support import CASE_RULES, CASE_SENTENCES, taxonomies
from tests.market.matching_support import TEXTS as PROXIMITY_TEXTS

ALIASES = {
    "python": ["Python"],
    "r": ["R", "R programming"],
    "excel": ["Excel", "Microsoft Excel"],
    "cpp": ["C++"],
    "csharp": ["C#"],
    "scikit-learn": ["Scikit-learn", "sklearn"],
    "machine-learning": ["Machine learning", "ML"],
    "ci-cd": ["CI/CD"],
    "node": ["Node.js"],
    "aws": ["AWS", "Amazon Web Services"],
    "azure-ml": ["Azure Machine Learning"],
    "weights-and-biases": ["Weights & Biases", "W&B"],
    "ab-testing": ["A/B testing"],
}
# The same taxonomy with rules: case-sensitive "Excel" and "Hive", exclusion phrases.
RULES = [
    SkillRules(slug, tuple(AliasRule(a) for a in aliases))
    for slug, aliases in ALIASES.items()
    if slug != "excel"
] + [
    SkillRules(
        "excel",
        (AliasRule("Excel", case_sensitive=True), AliasRule("Microsoft Excel")),
        ("opportunity to excel", "excel at"),
    ),
    SkillRules(
        "hive", (AliasRule("Hive", case_sensitive=True), AliasRule("Apache Hive")), ("hive mind",)
    ),
    SkillRules("snowflake", (AliasRule("Snowflake"),), ("snowflake schema", "star and snowflake")),
    # Proximity aliases: words in between; case-sensitive; inside an exclusion phrase.
    SkillRules(
        "model-serving",
        (
            AliasRule("deploy ... models"),
            AliasRule("serve ... ML models ... production"),
            AliasRule("Excel ... models", case_sensitive=True),
        ),
        ("opportunity ... deploy",),
    ),
]
MATCHER = SkillMatcher.from_rules(RULES)
PLAIN = SkillMatcher.from_aliases(ALIASES)  # no rules but the one-letter one


@pytest.mark.parametrize(
    ("sentence", "skills"),
    [
        ("You will build models in Python and SQL.", {"python"}),
        ("Strong PYTHON skills; python3 is not python.", {"python"}),
        ("Experience with R, SAS or SPSS.", {"r"}),
        ("Our R&D team works on NLP.", set()),
        ("Excellent communication skills.", set()),
        ("Advanced Microsoft Excel (pivot tables).", {"excel"}),
        ("Modern C++ and C# for the engine.", {"cpp", "csharp"}),
        ("Knowledge of C or Java.", set()),
        ("Use scikit learn, scikit-learn or sklearn.", {"scikit-learn"}),
        ("Machine-learning pipelines and ML ops.", {"machine-learning"}),
        ("Email campaigns and HTML emails.", set()),
        ("Own our CI/CD on GitHub.", {"ci-cd"}),
        ("Services in Node.js on Amazon  Web\nServices.", {"node", "aws"}),
        ("Track runs in Weights & Biases (W&B).", {"weights-and-biases"}),
        ("Run A/B testing for growth.", {"ab-testing"}),
        ("•Python\n•Excel", {"python", "excel"}),
        ("Python’s ecosystem – and “AWS”…", {"python", "aws"}),
        ("Zürich or München, für R&D: Bär", set()),
        ("résumé required", set()),
        ("['About Us', 'We use Python', 'and R']", {"python", "r"}),
        ("", set()),
    ],
)
def test_aliases_in_real_sentences(sentence, skills):
    assert MATCHER.find(sentence) == skills


def test_each_skill_counts_once_per_text():
    rows, skills = MATCHER.find_pairs(["Python, python and PYTHON", "ML and machine learning"])
    assert list(zip(rows.tolist(), [MATCHER.slugs[s] for s in skills], strict=True)) == [
        (0, "python"),
        (1, "machine-learning"),
    ]


def test_linkedin_list_literal_descriptions_match_item_by_item():
    # LinkedIn scrapes keep a description as a Python list literal, one item per paragraph:
    # quotes and commas separate the items, so an alias of several words cannot span two.
    cell = "['About Us', 'We build Machine', 'Learning tools in Python', \"You'll use Excel\"]"
    rows, skills = MATCHER.find_pairs([cell])
    assert [MATCHER.slugs[s] for s in skills] == ["excel", "python"]
    assert MATCHER.find(cell) == {"python", "excel"}


@pytest.mark.parametrize(
    "text",
    [
        "r",
        "use r, python",
        "“r” and ’R’",
        "(r)",
        "r\u2014 or \u00a0r\u00a0",
        "ür, r\u00fc, \u4e2dr",
        "r&d r_d r+ #r",
        "over here\x00r\x00",
        "R programming",
        "r programming and rr",
    ],
)
def test_one_letter_aliases_in_every_kind_of_company(text):
    # A one-letter alias is scanned for differently (see matching._one_letter_scan).
    rows, skills = MATCHER.find_pairs([text])
    assert {MATCHER.slugs[s] for s in skills} == MATCHER.find(text)


def test_tokens_split_on_punctuation_but_keep_plus_hash_and_ampersand():
    assert tokens_of("C++/C#, R&D — Python’s") == [b"c++", b"c#", b"r&d", b"python", b"s"]


def test_mentions_say_where_each_alias_is():
    text = "Azure Machine Learning, then python."
    assert [(text[m.start : m.end], m.slug, m.alias) for m in MATCHER.find_mentions(text)] == [
        ("Azure Machine Learning", "azure-ml", "azure machine learning"),
        ("Machine Learning", "machine-learning", "machine learning"),
        ("python", "python", "python"),
    ]


@pytest.mark.parametrize(
    ("sentence", "skills"),
    [
        # Case-sensitive aliases: the capitals must be there, small letters may be capitals.
        ("Advanced Excel, EXCEL or ExCeL", {"excel"}),
        ("proficient in excel and eXcel", set()),
        ("Microsoft excel", {"excel"}),  # this alias is not case-sensitive
        ("Hive and HIVE tables", {"hive"}),
        ("a hive of activity", set()),
        # One letter: a capital, whatever the rules say.
        ("w.r.t. the data", set()),
        ("R, Python", {"r", "python"}),
        # Exclusion phrases void the aliases inside them, not the others.
        ("the opportunity to excel in a team", set()),
        ("The Opportunity-to-Excel program; Excel daily", {"excel"}),
        ("you will excel at this", set()),
        ("excel at,excel at", set()),  # side by side, sharing the comma: both go
        ("Hive mind thinking", set()),
        ("Apache Hive, not a hive mind", {"hive"}),
        ("star and snowflake schema design", set()),
        ("Snowflake; star and snowflake schema", {"snowflake"}),
    ],
)
def test_case_rules_and_exclusion_phrases(sentence, skills):
    assert MATCHER.find(sentence) == skills
    assert _found_in_batch(MATCHER, [sentence]) == [skills]


def test_mentions_keep_their_places_when_exclusion_phrases_are_blanked_out():
    text = "An opportunity to excel: Excel, and snowflake schema or Snowflake."
    mentions = MATCHER.find_mentions(text)
    assert [(text[m.start : m.end], m.slug) for m in mentions] == [
        ("Excel", "excel"),
        ("Snowflake", "snowflake"),
    ]
    assert CUT not in "".join(text[m.start : m.end] for m in mentions)


def test_find_spans_show_what_was_found():
    assert MATCHER.find_spans("Python and sklearn") == [
        ("python", "Python"),
        ("scikit-learn", "sklearn"),
    ]


WORDS = st.sampled_from(
    [
        "Python",
        "R",
        "r",
        "R&D",
        "C++",
        "C#",
        "C",
        "excel",
        "Excel",
        "EXCEL",
        "eXcel",
        "Excellent",
        "opportunity to excel",
        "Opportunity to Excel",
        "excel at",
        "Excel-at",
        "opportunity",
        "to",
        "at",
        "Hive",
        "hive",
        "HIVE",
        "hive mind",
        "Apache",
        "snowflake schema",
        "Snowflake",
        "schema",
        "star and snowflake",
        "star",
        "Microsoft",
        "scikit",
        "learn",
        "-",
        "sklearn",
        "ML",
        "email",
        "CI/CD",
        "CI",
        "CD",
        "A/B",
        "testing",
        "Node.js",
        "node",
        "W&B",
        "Weights",
        "&",
        "Biases",
        "Amazon",
        "Web",
        "Services",
        "AWS",
        "Azure",
        "Machine",
        "learning",
        "deploy",
        "Deploy",
        "models",
        "the",
        "and",
        "serve",
        "production",
        "a b c",
        "•",
        "’s",
        "ü",
        "é",
        "×",
        "😀",
        "“",
        "\\n",
        # List items run together: a capital glued to the word before starts a new word.
        "skills",
        "Experience",
        "PythonExperience",
        "skillsPython",
        "RStrong",
        "MapR",
        "ExcelAbility",
        "excelExperience",
        "AWSLambda",
        "AzureML",
        "sklearnPython",
        "OpportunityTo",
        "SnowflakeSchema",
        "deployModels",
    ]
)
SEPARATORS = st.sampled_from(
    [" ", ", ", "\n", "-", "/", ".", "(", ") ", "\t", "", "’", "  ", " - ", "\u00a0", "\u2014"]
    + ["\u2003", "\u3000", "\x85", "\x1c", "\x00", "«", "_", "&", "+", "#"]
    + ["; ", ": ", "!", "?", "\u2022", "\u2026", "\u2028", "\r\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12), min_size=1, max_size=6))
def test_a_batch_finds_what_each_text_finds(texts):
    texts = ["".join(w + s for w, s in parts) for parts in texts]
    for matcher in (MATCHER, PLAIN):
        assert _found_in_batch(matcher, texts) == [matcher.find(text) for text in texts]
    for text in texts:  # every mention is where it says, in the text as written
        for m in MATCHER.find_mentions(text):
            assert _spelt_as(text[m.start : m.end], m.alias)


def _spelt_as(span: str, alias: str) -> bool:
    """Whether `span` is `alias` as written: its words, or for a proximity alias its groups in
    order with at most PROXIMITY_WORDS tokens between each two and no stop among them."""
    groups = _keyed(alias).split(PROXIMITY_MARK)
    if len(groups) == 1:
        return " ".join(w for w in re.split(r"[\s\-]+", _keyed(span)) if w) == groups[0]
    words, first, last = tokens_of(span), tokens_of(groups[0]), tokens_of(groups[-1])
    most = sum(len(tokens_of(g)) for g in groups) + PROXIMITY_WORDS * (len(groups) - 1)
    return (
        words[: len(first)] == first
        and words[-len(last) :] == last
        and len(words) <= most
        and not any(c in PROXIMITY_STOPS for c in span)
    )


def _found_in_batch(matcher, texts) -> list[set[str]]:
    rows, skills = matcher.find_pairs(texts)
    batch = [set() for _ in texts]
    for row, skill in zip(rows.tolist(), skills.tolist(), strict=True):
        batch[row].add(matcher.slugs[skill])
    return batch


def _keyed(text: str) -> str:
    """`text` with each letter one for all its case forms (_case_key), then ASCII lower-cased."""
    return "".join(map(_case_key, text)).encode().lower().decode()


CONFIRM_TEXTS = [
    "Machine. Learning is not it, but machine learning is.",
    "machine-free; then MACHINE LEARNING at the end",
    "mAchine   leArning, spelt oddly",
    "machine/learning only",
    "Node js is not Node.js, which is",
    "A/B  testing and C++ and C#, R programming",
    "Amazon Web Services’ own words",
    "Microsoft Excel, microsoft   excel",
    "nothing here at all",
    "",
]


def test_aliases_of_several_words_are_confirmed_wherever_they_are_in_the_text():
    rows, skills = MATCHER.find_pairs(CONFIRM_TEXTS)
    batch = [set() for _ in CONFIRM_TEXTS]
    for row, skill in zip(rows.tolist(), skills.tolist(), strict=True):
        batch[row].add(MATCHER.slugs[skill])
    assert batch[:4] == [{"machine-learning"}] * 3 + [set()]
    assert batch == [MATCHER.find(text) for text in CONFIRM_TEXTS]


def test_a_large_batch_finds_what_each_text_finds():
    # Thousands of texts in one scan: every match still lands on its own text.
    texts = [CONFIRM_TEXTS[(i * 7) % len(CONFIRM_TEXTS)] + f" {i}" for i in range(5003)]
    rows, skills = MATCHER.find_pairs(texts)
    assert (rows[1:] >= rows[:-1]).all()
    batch = [set() for _ in texts]
    for row, skill in zip(rows.tolist(), skills.tolist(), strict=True):
        batch[row].add(MATCHER.slugs[skill])
    assert batch == [MATCHER.find(text) for text in texts]


def test_the_compiled_patterns_are_kept_with_their_matcher(monkeypatch):
    # A long-lived process (the admin's uploads) compiles a taxonomy's patterns once: its
    # matcher keeps them (market.services.taxonomy keeps one matcher per taxonomy), and a
    # matcher built for a moment (the taxonomy preview's) takes no place in a shared cache.
    from market.ingestion import matching

    compiles = []
    monkeypatch.setattr(matching, "_compiled", lambda p: compiles.append(p) or _compiled(p))
    matcher = SkillMatcher.from_aliases(ALIASES)
    assert [matcher.slugs[s] for s in matcher.find_pairs(["Python"])[1]] == ["python"]
    assert [matcher.slugs[s] for s in matcher.find_pairs(["Python and R"])[1]] == ["python", "r"]
    assert compiles == [matcher.index.scan_plan]
    changed = SkillMatcher.from_aliases({**ALIASES, "go": ["Go"]})
    assert [changed.slugs[s] for s in changed.find_pairs(["Go"])[1]] == ["go"]
    assert len(compiles) == 2


def test_an_alias_that_contains_another_of_its_skill_is_not_scanned_but_still_found():
    # "Microsoft Excel" holds "Excel" (any case): every mention of it is one of "Excel", so
    # the scan leaves it out. A case-sensitive part does not count: "r programming" in small
    # letters holds no capital R, so "R programming" is scanned.
    plain = SkillMatcher.from_aliases(ALIASES)
    scanned = set(plain.index.scan_plan.patterns)
    by_phrase = {a.rule.phrase: a for a in plain.index.aliases}
    excel_only = SkillMatcher.from_aliases({"excel": ["Microsoft Excel"]})
    assert excel_only.index.scan_plan.patterns[0] not in scanned
    assert len(scanned) == len(by_phrase) - 1
    r_programming = SkillMatcher.from_aliases({"r": ["R programming"]})
    assert r_programming.index.scan_plan.patterns[0] in scanned
    texts = ["Microsoft\u00a0Excel", "microsoft-excel", "r programming", "Microsoft Excelsior"]
    assert _found_in_batch(plain, texts) == [{"excel"}, {"excel"}, {"r"}, set()]
    assert _found_in_batch(plain, texts) == [plain.find(text) for text in texts]


def test_a_case_sensitive_alias_with_a_capital_outside_ascii_is_found_as_written():
    # A capital outside ASCII stays a capital in a case-sensitive alias ("Ü" is not "ü"), and
    # its small letters match either case ("ÜBER ML"); the tokens the alias needs are keyed as
    # the text's are (the reference once looked for "über" and missed it).
    matcher = SkillMatcher.from_rules(
        [SkillRules("uber-ml", (AliasRule("Über ML", case_sensitive=True), AliasRule("ÉA", True)))]
    )
    texts = ["Über ML at scale", "über ML", "ÜBER ML", "Über ml", "ÉA", "éa", "Éa"]
    found = [{"uber-ml"}, set(), {"uber-ml"}, set(), {"uber-ml"}, set(), set()]
    assert [matcher.find(text) for text in texts] == found
    assert _found_in_batch(matcher, texts) == found


def test_a_case_sensitive_alias_is_scanned_unless_an_alias_it_contains_finds_it_as_written():
    # "über" finds the "Ü" of "Über ML", but words compare with ASCII letters folded only
    # (_contains_another: exact, blind to that inclusion), so "Über ML" is scanned for itself;
    # "spark" finds every "Spark" of "Spark SQL".
    uber = (AliasRule("Über ML", case_sensitive=True), AliasRule("über"))
    spark = (AliasRule("Spark SQL", case_sensitive=True), AliasRule("spark"))
    matcher = SkillMatcher.from_rules([SkillRules("uber", uber), SkillRules("spark", spark)])
    scanned = {a.rule.phrase for a in matcher.index.scanned_aliases if a}
    assert scanned == {"Über ML", "über", "spark"}
    texts = ["Über ML", "über ml", "ÜBER ML", "Spark SQL"]
    found = [{"uber"}, {"uber"}, {"uber"}, {"spark"}]
    assert [matcher.find(text) for text in texts] == found
    assert _found_in_batch(matcher, texts) == found


def test_words_apart_by_characters_outside_ascii_are_a_phrase_only_when_those_are_spaces():
    # The scan spells the spaces between words, and the edge before them, exactly in bytes.
    texts = [
        "machine\u00a0learning",  # no-break space: a gap
        "Machine\u2003 \u00a0Learning",  # em space, space, no-break space
        "machine\u2014learning",  # em dash: not a gap
        "machine \u2022 learning",  # bullet: not a gap
        "machine é learning",
        "\u201cmachine learning\u201d",  # curly quotes: edges
        "\u00a0machine learning",  # a no-break space before: an edge
        "émachine learning",  # a letter outside ASCII before: part of the token
        "\uf0b7machine learning",  # Word's private-use bullet: an edge
        "Amazon\u202fWeb\u3000Services",  # U+3000 is no separator in these rules
    ]
    found = _found_in_batch(MATCHER, texts)
    assert found[:8] == [{"machine-learning"}] * 2 + [set()] * 3 + [{"machine-learning"}] * 2 + [
        set()
    ]
    assert found == [MATCHER.find(text) for text in texts]


@pytest.mark.parametrize(
    ("pattern", "one_character"),
    [(_HS_EDGE, ALIAS_EDGE), (_HS_SPACE.removesuffix(b"+"), ALIAS_GAP.removesuffix("+"))],
    ids=["edge", "space"],
)
def test_the_scan_spells_the_edge_and_the_spaces_of_a_phrase_exactly(pattern, one_character):
    # Every character of the Basic Multilingual Plane: its UTF-8 bytes match the scan's
    # pattern exactly when the character matches the reference's class.
    scan = re.compile(pattern, re.DOTALL)
    reference = re.compile(one_character)
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        character = chr(code)
        assert bool(scan.fullmatch(character.encode())) is bool(reference.fullmatch(character)), (
            hex(code)
        )


CHARACTERS = st.characters(exclude_categories=("Cs",))


@settings(max_examples=200, deadline=None)
@given(st.sets(CHARACTERS, min_size=1, max_size=40), st.lists(CHARACTERS, max_size=40))
def test_a_set_of_characters_spelt_in_bytes_matches_exactly_their_encodings(chosen, others):
    # Members of one, two, three and four bytes whose rests differ under one lead byte
    # (U+2000-200A and U+205F under E2) share no byte class they should not.
    pattern = re.compile(_hs_sequences(frozenset(c.encode() for c in chosen)), re.DOTALL)
    for character in [*chosen, *others, "\u2000", "\u205f", "\u2060", "\x85", "é", "😀"]:
        assert bool(pattern.fullmatch(character.encode())) is (character in chosen), character


@settings(max_examples=300, deadline=None)
@given(taxonomies(), st.lists(PROXIMITY_TEXTS, min_size=1, max_size=6))
def test_a_batch_finds_what_each_text_finds_under_generated_proximity_rules(rules, texts):
    matcher = SkillMatcher.from_rules(rules)
    assert _found_in_batch(matcher, texts) == [matcher.find(text) for text in texts]
    for text in texts:
        for m in matcher.find_mentions(text):
            assert _spelt_as(text[m.start : m.end], m.alias)


# Short sentences written for these tests, in the ways postings phrase a duty.
PROXIMITY_SENTENCES = [
    ("You will deploy models to production.", {"model-serving"}),
    ("Design, build and deploy the trained models.", {"model-serving"}),
    ("Deploy and integrate partner models", {"model-serving"}),
    ("deploy-models daily", {"model-serving"}),
    ("We deploy (and monitor) models", {"model-serving"}),
    ("deploy " + "w " * PROXIMITY_WORDS + "models", {"model-serving"}),  # the most between
    ("deploy " + "w " * (PROXIMITY_WORDS + 1) + "models", set()),  # one more: too far
    ("implement, expand, deploy, and maintain machine learning models", {"model-serving"}),
    ("Deploy. Models of the world", set()),  # a sentence between
    ("deploy; models", set()),
    ("deploy\nmodels", set()),  # a line between (an alias's words may span one)
    ("deploy \u2022 models", set()),  # a bullet
    ("deploy \u2014 models", {"model-serving"}),  # a dash is no stop
    ("models deploy", set()),  # groups in order
    ("an opportunity to deploy models", set()),  # inside an exclusion phrase
    ("serve big ML models in production", {"model-serving"}),
    ("serve big ML models", set()),  # every group
    ("Excel of the models", {"model-serving"}),
    ("excel of the models", set()),  # case-sensitive: its capitals
]


@pytest.mark.parametrize(("sentence", "skills"), PROXIMITY_SENTENCES)
def test_proximity_aliases_find_words_with_a_few_in_between(sentence, skills):
    found = {s for s in MATCHER.find(sentence) if s == "model-serving"}
    assert found == skills
    assert [s for s in _found_in_batch(MATCHER, [sentence])[0] if s == "model-serving"] == sorted(
        skills
    )


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The texts find_pairs asks the reference about (SkillMatcher._skill_in), in order."""
    texts: list[str] = []
    reference = SkillMatcher._skill_in
    monkeypatch.setattr(
        SkillMatcher,
        "_skill_in",
        lambda self, text, *a, **k: texts.append(text) or reference(self, text, *a, **k),
    )
    return texts


def test_a_proximity_alias_is_read_back_from_where_its_pattern_ends(asked):
    # Its pattern finds every place a mention ends at, and more (it lets any byte outside ASCII
    # through): the groups before the last are read back from there (the places a token ends
    # at, nearest first, no stop between), so the scan settles the pair, bytes outside ASCII
    # around or between the groups included. The reference decides only where a group may
    # stand across an irregular gap, or where a group before the last ends with no token
    # character (it is not where a token ends).
    matcher = SkillMatcher.from_rules(
        [
            SkillRules(
                "s",
                (
                    AliasRule("deploy ... models"),
                    AliasRule("node.js ... apps"),
                    AliasRule("machine learning ... in production"),
                    AliasRule("ci/cd. ... pipelines"),
                ),
            )
        ]
    )
    texts = ["We deploy the models.", "deploy. models", "Caf\u00e9. We deploy the models"]
    texts += ["deploy \u2022 models", "deploy the \u2014 models", "Caf\u00e9 staff deploy models"]
    texts += ["\u00e9node.js apps", "\u00e9 node.js \u00fc apps", "deploy \u00e9" * 6 + " models"]
    texts += ["deploy" + " \u00e9" * 7 + " models", "deploy\u2019s models", "deploy\uffffmodels"]
    texts += ["machine learning \u00e9 in production", "machine learning in\u00a0production"]
    texts += ["machine  learning in production", "ci/cd. pipelines", "ci/cd. \u00e9. pipelines"]
    found = [{"s"}, set(), {"s"}, set(), {"s"}, {"s"}, set(), {"s"}, {"s"}, set(), {"s"}, set()]
    found += [{"s"}, {"s"}, {"s"}, {"s"}, set()]
    assert [matcher.find(text) for text in texts] == found
    assert _found_in_batch(matcher, texts) == found
    assert asked == [
        "machine learning in\u00a0production",  # the last group across a no-break space
        "machine  learning in production",  # a group before it across two spaces
        "ci/cd. pipelines",  # ("ci/cd. \u00e9. pipelines": its pattern stops at the ".")
    ]


def test_the_bytes_read_back_from_proximity_matches_grow_with_their_number(monkeypatch):
    # Each match is read back from where it ends (64 bytes, 512 where tokens run on without a
    # stop), however long its text: not the text from its start for each match.
    read = []
    classes = matching._classes
    monkeypatch.setattr(
        matching,
        "_classes",
        lambda byte, at, width: read.append(len(at) * width) or classes(byte, at, width),
    )
    matcher = SkillMatcher.from_rules([SkillRules("s", (AliasRule("deploy ... models"),))])
    for n in (1000, 2000):
        read.clear()
        text = "caf\u00e9 " + "deploy the models; filler filler. " * n
        assert _found_in_batch(matcher, [text]) == [matcher.find(text)] == [{"s"}]
        assert sum(read) <= n * 64
    text = "deploy " + "x" * 600 + " models"  # tokens run on past 512 bytes: the reference
    assert _found_in_batch(matcher, [text]) == [matcher.find(text)] == [{"s"}]


def test_a_proximity_mention_spans_the_whole_phrase():
    text = "Then deploy and integrate partner models; serve models."
    assert MATCHER.find_spans(text) == [("model-serving", "deploy and integrate partner models")]
    (mention,) = MATCHER.find_mentions(text)
    assert mention.alias == "deploy ... models"


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("Deploy…models", "deploy ... models"),
        ("deploy...models", "deploy ... models"),
        ("deploy  ....  ML-models", "deploy ... ml models"),
        ("serve … models ... production", "serve ... models ... production"),
        ("deploy ...", None),
        ("... models", None),
        ("deploy ... ... models", "deploy ... models"),
        ("deploy ... -- ... models", None),
    ],
)
def test_proximity_aliases_are_kept_in_one_spelling_and_malformed_ones_dropped(phrase, kept):
    rules = SkillMatcher.from_rules([SkillRules("s", (AliasRule(phrase), AliasRule("xy")))]).rules
    phrases = [a.phrase for a in rules[0].aliases if a.phrase != "xy"]
    assert phrases == ([kept] if kept else [])


def test_a_proximity_alias_that_holds_a_plain_alias_of_its_skill_is_not_scanned():
    matcher = SkillMatcher.from_rules(
        [SkillRules("s", (AliasRule("ML models"), AliasRule("deploy ... ML models")))]
    )
    assert len(matcher.index.scan_plan.patterns) == 1
    texts = ["deploy our ML models", "ML models", "deploy our models"]
    assert _found_in_batch(matcher, texts) == [{"s"}, {"s"}, set()]
    # A proximity alias is not a plain one's part: "deploy models" is scanned too.
    both = SkillMatcher.from_rules(
        [SkillRules("s", (AliasRule("deploy ... models"), AliasRule("deploy models")))]
    )
    assert len(both.index.scan_plan.patterns) == 2
    assert _found_in_batch(both, ["deploy\nmodels"]) == [{"s"}]


def test_the_derived_gap_between_alias_words_lets_through_the_bytes_written_by_hand_before():
    """_HS_GAP is read off ALIAS_GAP's class now; it matches exactly the bytes of the class
    written out by hand before it, so the scan finds what it found."""

    def bytes_of(byte_class: bytes) -> set[int]:
        pattern = re.compile(byte_class)
        return {b for b in range(256) if pattern.fullmatch(bytes([b]))}

    assert bytes_of(_HS_GAP) == bytes_of(rb"[\t-\r\x1c-\x20\-\x80-\xbf\xc2\xe2]+")


def test_the_scan_asks_the_reference_only_where_it_does_not_know_where_the_phrases_are(
    asked,
):
    # An exclusion phrase only takes mentions away: where no alias of its skill is found, the
    # skill is not in the text, and the reference matcher is not asked (it costs the import).
    # Where the scan knows where the skill's aliases and exclusion phrases are, what blanking
    # the phrases out leaves is worked out from their places: a mention apart from them (by a
    # character at least) stays, one they reach goes. Where an irregular gap leaves a place
    # unknown (found by the scan of the text again), the reference decides.
    matcher = SkillMatcher.from_rules(
        [SkillRules("excel", (AliasRule("Excel", case_sensitive=True),), ("opportunity to excel",))]
    )
    texts = [
        "An opportunity to excel.",
        "An opportunity to excel in Excel.",
        "An opportunity to excel Excel.",  # the space between is blanked out: Excel stays
        "An opportunity to Excel.",
        "Excel, an opportunity to excel.",
        "An opportunity  to Excel.",
    ]
    found = [set(), {"excel"}, {"excel"}, set(), {"excel"}, set()]
    assert _found_in_batch(matcher, texts) == found
    assert asked == ["An opportunity  to Excel."]


# Aliases and exclusion phrases of one skill sharing words, side by side, overlapping or one
# character apart, in the texts below: the scan settles a pair where a mention stands apart
# from every exclusion phrase found, and asks the reference where one reaches it.
NEAR_RULES = [
    SkillRules(
        "excel",
        (
            AliasRule("Excel", case_sensitive=True),
            AliasRule("excel reports"),
            AliasRule("at"),
            AliasRule("reports."),  # ends in a character an exclusion phrase may start with
            AliasRule(".net"),  # starts with one an exclusion phrase's edge may be
        ),
        (
            "opportunity to excel",
            "excel at",
            "excel at reports",  # tried after "excel at", where both are
            "to excel",
            "reports ... excel",
            ".at",
            "at.",
        ),
    ),
    SkillRules("r", (AliasRule("R"), AliasRule("r. j")), ("r. j. reynolds", "j")),
]
NEAR = SkillMatcher.from_rules(NEAR_RULES)
NEAR_WORDS = ["opportunity", "to", "excel", "Excel", "EXCEL", "at", "reports", "R", "r", "j", "."]
NEAR_WORDS += ["reynolds", ".at", "at.", "reports.", ".net"]
NEAR_GAPS = ["", " ", " ", "  ", ". ", "\uffff", "\u00a0", "é", "-", "\r\n", ", ", "\u2014"]


def _batches(words: list[str], gaps: list[str]) -> st.SearchStrategy[list[str]]:
    """Batches of 1 to 6 texts, each 1 to 10 of `words`, each word followed by one of `gaps`."""
    parts = st.lists(
        st.tuples(st.sampled_from(words), st.sampled_from(gaps)), min_size=1, max_size=10
    )
    return st.lists(parts.map(lambda p: "".join(w + s for w, s in p)), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(_batches(NEAR_WORDS, NEAR_GAPS))
def test_a_batch_finds_aliases_beside_exclusion_phrases_as_each_text_does(texts):
    assert _found_in_batch(NEAR, texts) == [NEAR.find(text) for text in texts]


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("to excel at", {"excel"}),  # "excel at" shares its edge with "to excel": "at" stays
        ("to excel excel at", set()),  # the second search takes "excel at" (its edge went)
        ("reports..at", set()),  # ".at"'s edge is the last character of "reports."
        ("at..net", set()),  # the character after "at." is the first of ".net"
        ("excel at reports.", {"excel"}),  # the shorter phrase is tried first, and taken
        ("an opportunity to excel at", {"excel"}),
        ("R. J. Reynolds and R", {"r"}),
        ("R. J. Reynolds", set()),
    ],
)
def test_what_blanking_out_leaves_is_worked_out_from_the_places_the_scan_found(asked, text, skills):
    assert NEAR.find(text) == skills
    assert _found_in_batch(NEAR, [text]) == [skills]
    assert asked == []


def test_blanking_out_a_phrase_at_a_glued_edge_is_the_references_with_every_alias():
    # "EXCEL at" starts at a glued edge after ".net"; blanked out, it leaves its glued "t"
    # before a CUT, so ".net" (no mention in the text as written: "EX" is no glued edge)
    # becomes one. The scan could not find ".net", and once said nothing (hypothesis found it).
    for text in [".netEXCEL at", "see .netEXCEL at work"]:
        assert NEAR.find(text) == {"excel"}
        assert _found_in_batch(NEAR, [text]) == [{"excel"}]


def test_where_the_reference_decides_it_tries_every_alias_the_scan_found_for_the_skill():
    # The first alias found may stand inside an exclusion phrase while another, plain or
    # proximity, stands outside it: the verdict is the reference's over all of them.
    matcher = SkillMatcher.from_rules(
        [
            SkillRules(
                "excel",
                (AliasRule("excel"), AliasRule("spreadsheets"), AliasRule("build ... reports")),
                ("opportunity to excel",),
            )
        ]
    )
    texts = [
        "An opportunity to excel with spreadsheets.",
        "An opportunity to excel; build the monthly reports.",
        "An opportunity to excel. Spreadsheets too.",
        "An opportunity to excel. Build. The reports.",
    ]
    found = [{"excel"}, {"excel"}, {"excel"}, set()]
    assert [matcher.find(text) for text in texts] == found
    assert _found_in_batch(matcher, texts) == found


# Phrases of several words sharing words, in both cases and as exclusion phrases, and the gaps
# the scan tells apart: one ASCII gap byte (its literals) and the irregular ones (a run, "\r\n",
# " - ", no-break and U+2000 spaces), which send a text to be scanned again with single spaces.
GAPPED_RULES = [
    SkillRules("data-science", (AliasRule("data science"), AliasRule("data scientist"))),
    SkillRules("big-data", (AliasRule("big data"), AliasRule("Data Lake", case_sensitive=True))),
    SkillRules(
        "ml",
        (AliasRule("machine learning"), AliasRule("ML"), AliasRule("machine learning models")),
        ("machine learning free", "no ml"),
    ),
    SkillRules("ml-eng", (AliasRule("ML engineer", case_sensitive=True),), ("data science ml",)),
    SkillRules("lakehouse", (AliasRule("data lake house"),), ("big data lake",)),
]
GAPPED = SkillMatcher.from_rules(GAPPED_RULES)
GAPPED_WORDS = ["data", "Data", "DATA", "science", "scientist", "big", "lake", "Lake", "house"]
GAPPED_WORDS += ["machine", "Machine", "learning", "models", "free", "no", "ML", "ml", "engineer"]
GAPS = [" ", " ", "-", "\t", "\n", "  ", "\r\n", " - ", "\n\n", "\u00a0", "\u2000", "\u2003 "]
GAPS += [" \u00a0", "\u205f", "\x85", "--", ", ", ".", "/", "\u2014", "é", "", "\x00", "\uffff"]


@settings(max_examples=400, deadline=None)
@given(_batches(GAPPED_WORDS, GAPS))
def test_a_batch_finds_phrases_of_several_words_across_any_gap_as_each_text_does(texts):
    assert _found_in_batch(GAPPED, texts) == [GAPPED.find(text) for text in texts]


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("data  science", {"data-science"}),
        ("Data\r\nScientist", {"data-science"}),
        ("data - science", {"data-science"}),
        ("data\u00a0science and data\u2000scientist", {"data-science"}),
        ("the data \u2003 lake house", {"lakehouse"}),
        ("big data  lake house", {"big-data"}),  # "big data lake" blanks out "data lake house"
        ("machine\r\nlearning  free", set()),
        ("machine\r\nlearning  models, machine learning free", {"ml"}),
        ("Data \n Lake", {"big-data"}),
        ("data \n lake", set()),
        ("ML\t\tengineer", {"ml", "ml-eng"}),
        ("data science\r\nml engineer", {"data-science", "ml"}),
        # Separators whose first byte is a gap character's (C2, E2) but that are no gap: the
        # scan reads the run from the word's end and finds no gap there.
        ("data\u2019science, data\u2014scientist, data\u00b7science", set()),
        ("data \u2019 science and data\u00a0\u2014 scientist", set()),
        ("data\u2009\u00a0 scientist", {"data-science"}),
        ("machine \u2028learning", {"ml"}),
    ],
)
def test_phrases_of_several_words_are_found_across_irregular_gaps(text, skills):
    assert GAPPED.find(text) == skills
    assert _found_in_batch(GAPPED, [text]) == [skills]


def test_an_irregular_gap_is_looked_for_by_its_first_bytes_after_each_word():
    # 19 literals a word that a phrase has next words after: the gap characters outside ASCII
    # whose lead byte is E2 (the U+2000 spaces, line and paragraph separators: written whole,
    # as curly quotes and dashes share that byte), C2's lead byte alone (NEL, no-break space),
    # and a space before a space or before either lead byte; not one per gap character, alone
    # and after a space (35: their compile took 0.9 of the scan's 1.4 CPU-s).
    matcher = SkillMatcher.from_rules([SkillRules("s", (AliasRule("data lake house"),))])
    wide = [chr(c).encode() for c in [*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F]]
    gaps = [*wide, b"\xc2", b"  ", b" \xc2", b" \xe2"]
    assert sorted(matcher.index.scan_plan.irregular) == sorted(
        word + gap for word in (b"data", b"lake") for gap in gaps
    )
    texts = ["data\u2003lake house", "data lake\u00a0\u00a0house", "data\u2019lake house"]
    assert _found_in_batch(matcher, texts) == [{"s"}, {"s"}, set()]


ALIAS_WORDS = st.sampled_from(
    ["excel", "Excel", "ML", "deploy", "models", "scikit", "learn", "C++", "Node.js", "CI/CD"]
    + ["A/B", "hive", "Hive", "R", "the", "...", "ü", "É", "ß", "ẞ", "ı", "İ", "ς", "σ", "Σ", "ſ"]
)


CASINGS = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(ALIAS_WORDS, min_size=1, max_size=4),
    st.booleans(),
    st.lists(st.tuples(st.one_of(WORDS, st.integers(0, 3)), CASINGS, SEPARATORS), max_size=14),
)
def test_patterns_compiled_with_the_case_rule_on_each_word_match_as_the_plain_expression(
    words, case_sensitive, parts
):
    """Python compiles its patterns with "(?i:word)" (SCOPED_FLAGS, cheaper to compile); the
    definition spells them with ALIAS_FLAGS on the whole: the same matches, on texts made of
    the alias's own words (a number picks one) in any casing, and of other words."""
    phrase = " ".join(words).strip(". ")
    assume(phrase and not phrase_problem(phrase))
    phrase = phrase_normalised(phrase, case_sensitive=case_sensitive)
    text = "".join(
        case(words[w % len(words)] if isinstance(w, int) else w) + s for w, case, s in parts
    )
    plain = re.compile(
        f"{alias_before(phrase)}{alias_regex(phrase, case_sensitive=case_sensitive)}{ALIAS_AFTER}",
        re.ASCII if case_sensitive else ALIAS_FLAGS,
    )
    scoped = _alias_pattern(phrase, case_sensitive=case_sensitive)
    assert [m.span() for m in scoped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    if not case_sensitive:
        cut_plain = re.compile(exclusion_regex([phrase]), ALIAS_FLAGS)
        cut_scoped = re.compile(exclusion_regex([phrase], scoped=True), SCOPED_FLAGS)
        assert exclusions_cut(text, cut_scoped) == exclusions_cut(text, cut_plain)


def test_a_run_of_gaps_longer_than_the_steps_taken_is_left_to_the_rescan():
    """_past_gaps steps over _GAP_STEPS gap characters at most (a run of thousands would
    otherwise cost as many numpy steps); past that, the text is scanned again, exactly."""
    data = np.frombuffer(b"\x00machine" + b" " * 1000 + b"learning\x00", dtype=np.uint8)
    past, longer = _past_gaps(data, np.array([8, 1]), most=_GAP_STEPS)
    assert past.tolist() == [8 + _GAP_STEPS, 1] and longer.tolist() == [True, False]
    short = np.frombuffer(b"\x00a \xc2\xa0\r\n b\x00", dtype=np.uint8)
    past, longer = _past_gaps(short, np.array([2]))
    assert past.tolist() == [8] and longer.tolist() == [False]
    matcher = SkillMatcher.from_rules(
        [SkillRules("ml", (AliasRule("machine learning"), AliasRule("deep learning models")))]
    )
    texts = [
        "machine" + gap * n + word
        for gap in (" ", "\u00a0", "\r\n", " -")
        for n in (_GAP_STEPS - 1, _GAP_STEPS, _GAP_STEPS + 1, 500)
        for word in ("learning", "learner", "xyz")
    ]
    texts += ["deep  learning" + " " * 300 + "models", "deep learning" + "\u2003" * 90 + "model"]
    assert _found_in_batch(matcher, texts) == [matcher.find(text) for text in texts]


def _work_of(matcher, text: str) -> tuple[int, int]:
    """What find_pairs costs on one text, counted, not timed: the lines of this module run
    (sys.settrace) and the most memory held at once (tracemalloc: numpy's arrays too)."""
    lines = 0

    def trace(frame, event, _arg):
        nonlocal lines
        if frame.f_code.co_filename != matching.__file__:
            return None
        lines += event == "line"
        return trace

    tracemalloc.start()
    sys.settrace(trace)
    try:
        matcher.find_pairs([text])
    finally:
        sys.settrace(None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return lines, peak


@pytest.mark.parametrize(
    ("exclusions", "repeated"),
    [
        (("qq",), "xx . qq . "),  # each mention apart from every place (_apart)
        (("yy", "xx yy"), "xx yy "),  # every mention blanked out, by the second search
        (("qq",), "xx qq "),  # every mention beside a place, none blanked out
    ],
)
def test_the_work_on_mentions_and_exclusion_places_grows_with_their_number_not_its_square(
    exclusions, repeated
):
    # A text of n mentions and n places of an exclusion phrase: comparing each mention with
    # each place (and each place with each one blanked out) took 12-17 s and 6.7 GB at
    # n = 10,000, where the reference takes 0.02 s.
    matcher = SkillMatcher.from_rules([SkillRules("s", (AliasRule("xx"),), exclusions)])
    matcher.find_pairs(["xx"])  # compiled
    small, large = (_work_of(matcher, repeated * n) for n in (500, 1000))
    assert large[0] < 2.5 * small[0] and large[1] < 2.5 * small[1]
    text = repeated * 1000
    assert _found_in_batch(matcher, [text]) == [matcher.find(text)]


# ---- Case outside ASCII ------------------------------------------------------------------

CASED = SkillMatcher.from_rules(CASE_RULES)


@pytest.mark.parametrize(("text", "skills"), CASE_SENTENCES)
def test_any_case_is_any_case_outside_ascii_in_both_matchers(text, skills):
    assert CASED.find(text) == skills
    assert _found_in_batch(CASED, [text]) == [skills]


def test_a_phrase_with_a_letter_outside_ascii_is_kept_in_small_letters_where_it_finds_itself():
    assert [small_case(p) for p in ("Über ML", "İstanbul", "STRAẞE", "ΛΟΓΟΣ", "ΣΑΣ İΣ")] == [
        "über ml",
        "İstanbul",
        "straẞe",
        "λογος",
        "σας İς",
    ]
    assert [r.aliases[0].phrase for r in CASED.rules[:3]] == ["café", "über ml", "straße"]
    assert (case_forms("é"), case_forms("É", case_sensitive=True)) == ("éÉ", "É")
    assert (case_forms("ß"), case_forms("ı"), case_forms("ς"), case_forms("i")) == (
        "ß",
        "ıI",
        "ςΣ",
        "iI",
    )
    # The scan cannot spell such a phrase as a literal (its forms' bytes differ in length).
    plan = CASED.index.scan_plan
    assert not any(
        literal
        for literal, pattern in zip(plan.literal, plan.patterns, strict=True)
        if "über".encode() in pattern or b"\xc3\xbc" in pattern
    )
    assert tokens_of("ÜBER Straße ΣΟΦΊΑΣ") == tokens_of("über STRAßE σοφίας")


def test_every_letter_and_its_case_forms_are_one_token_for_the_reference_s_shortcut():
    """find_mentions looks for an alias only in texts with its tokens (tokens_of): every letter
    a phrase's letter matches (case_forms) must give the same token, in the whole of Unicode."""
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        letter = chr(code)
        if letter.lower() == letter == letter.upper():  # uncased: itself alone
            continue
        for case_sensitive in (False, True):
            kept = letter if case_sensitive else small_case(letter)
            forms = case_forms(kept, case_sensitive=case_sensitive)
            assert letter in forms, hex(code)  # a phrase finds itself as typed
            assert {_case_key(f) for f in forms} == {_case_key(kept)}, hex(code)


@pytest.mark.parametrize(
    "text",
    ["ÜBER the ML", "über  the ml", "Über\u00a0ML", "deploy CAFÉ models", "deploy café models"],
)
def test_a_proximity_alias_with_a_letter_outside_ascii_is_found_in_any_case_by_both_matchers(
    text,
):
    # Its groups are read back from the bytes as kept ("über", "café"): a match spelt otherwise
    # is the reference's to decide, never a miss.
    matcher = SkillMatcher.from_rules(
        [
            SkillRules("uber", (AliasRule("Über ... ML"),)),
            SkillRules("cafe", (AliasRule("deploy ... café models"),)),
        ]
    )
    assert matcher.find(text) and _found_in_batch(matcher, [text]) == [matcher.find(text)]


@pytest.mark.parametrize(
    ("phrase", "case_sensitive", "opening"),
    [
        ("java", False, "[jJ]"),
        ("Excel", True, "[E]"),
        ("deploy ... models", False, "[dD]"),
        (".net", False, r"[\.]"),
        ("über ml", False, "[üÜ]"),
        ("3d vision", False, "[3]"),
    ],
)
def test_alias_patterns_open_with_their_first_character_so_re_skips_to_where_it_is(
    phrase, case_sensitive, opening
):
    """A pattern that opens with a look-behind or an any-case letter is tried at every place
    of a text; one that opens with a character class only where that character is (a crafted
    50,000-character paste: 1.6 CPU-s of matching, 0.8 so). The same matches: the property
    test above."""
    pattern = _alias_pattern(phrase, case_sensitive=case_sensitive).pattern
    assert pattern.startswith((opening + "(?<!", opening + "(?:(?<!"))


GLUED = SkillMatcher.from_rules(
    [
        SkillRules("power-bi", (AliasRule("Power BI"),)),
        SkillRules("sql", (AliasRule("SQL"),), ("NoSQL",)),
        SkillRules("r", (AliasRule("R"),)),
        SkillRules("ios", (AliasRule("iOS", case_sensitive=True),)),
        SkillRules("cafe", (AliasRule("Café society"),)),
        SkillRules("deploy", (AliasRule("deploy ... models"),)),
    ]
)


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        # Glued starts are compared in place at each small letter followed by a capital
        # (_glued_found): the first two words, the gap run between them, the byte after them.
        ("skillsPower BI", {"power-bi"}),  # the text's only mention
        ("skillsPower\u00a0\u2003 -BI; more", {"power-bi"}),  # an irregular gap
        ("skillsPower" + " " * 70 + "BI", {"power-bi"}),  # a run longer than the steps
        ("skillsPowerBI", set()),
        ("skillsPower BIg", set()),
        ("mobileIOS and webiOSx", {"ios"}),  # its capitals, "I" where its "i" is glued
        ("mobileIos", set()),
        ("ourCafé society", {"cafe"}),  # a character outside ASCII: the reference's
        ("ourCAFÉ SOCIETY", {"cafe"}),
        ("ourCafe society", set()),
        ("toDeploy the models", {"deploy"}),  # a proximity alias's first group
        ("toDeploy. The models", set()),
        ("Tableau or Power BIDatabase management", {"power-bi"}),
        ("knowledgePower BIDatabase", {"power-bi"}),  # glued on both sides
        ("knowledgePower BI, and more", {"power-bi"}),
        ("using SQLAdvanced, NoSQLExperience", {"sql"}),
        ("NoSQLExperience", set()),
        ("clusters on MapR; Python or RStrong", {"r"}),
        ("MapR", set()),  # a phrase of one character never starts at a glued edge
    ],
)
def test_phrases_glued_to_the_words_beside_them_are_found_by_both_matchers(text, skills):
    assert GLUED.find(text) == skills
    assert _found_in_batch(GLUED, [text]) == [skills]
