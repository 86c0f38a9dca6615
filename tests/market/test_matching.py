"""Finding skills in real sentences: whole words, any case, each skill once per text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market.ingestion.matching import SkillMatcher, _scan_database, pairs_finder, tokens_of

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
MATCHER = SkillMatcher.from_aliases(ALIASES)


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
        "Excellent",
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
        "•",
        "’s",
        "ü",
        "é",
        "×",
        "😀",
        "“",
        "\\n",
    ]
)
SEPARATORS = st.sampled_from(
    [" ", ", ", "\n", "-", "/", ".", "(", ") ", "\t", "", "’", "  ", " - ", "\u00a0", "\u2014"]
    + ["\u2003", "\u3000", "\x85", "\x1c", "\x00", "«", "_", "&", "+", "#"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12), min_size=1, max_size=6))
def test_a_batch_finds_what_each_text_finds(texts):
    texts = ["".join(w + s for w, s in parts) for parts in texts]
    rows, skills = MATCHER.find_pairs(texts)
    batch = [set() for _ in texts]
    for row, skill in zip(rows.tolist(), skills.tolist(), strict=True):
        batch[row].add(MATCHER.slugs[skill])
    assert batch == [MATCHER.find(text) for text in texts]


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
    # Large batches are split in two and matched in parallel: the row numbers still line up.
    texts = [CONFIRM_TEXTS[(i * 7) % len(CONFIRM_TEXTS)] + f" {i}" for i in range(5003)]
    rows, skills = MATCHER.find_pairs(texts)
    assert (rows[1:] >= rows[:-1]).all()
    batch = [set() for _ in texts]
    for row, skill in zip(rows.tolist(), skills.tolist(), strict=True):
        batch[row].add(MATCHER.slugs[skill])
    assert batch == [MATCHER.find(text) for text in texts]


def test_a_worker_process_finds_what_find_pairs_finds():
    batches = [CONFIRM_TEXTS, [], ["", "Python"], [t + " and R" for t in CONFIRM_TEXTS]]
    with pairs_finder(MATCHER, processes=1, started=True) as find_pairs:
        futures = [find_pairs(batch) for batch in batches]
        results = [future.result() for future in futures]
        assert find_pairs.sent >= 1  # the idle, started worker had most of the first batch
    for batch, (rows, skills) in zip(batches, results, strict=True):
        expected_rows, expected_skills = MATCHER.find_pairs(batch)
        assert rows.tolist() == expected_rows.tolist()
        assert skills.tolist() == expected_skills.tolist()


def test_compiled_patterns_are_kept_on_disk_and_compiled_again_when_unreadable(tmp_path):
    plan = MATCHER.index.scan_plan
    texts = ["Python, C++ and Amazon Web Services", "Excellent Excel", "use r daily"]
    expected = [a.tolist() for a in MATCHER.find_pairs(texts)]

    def pairs_with_cache() -> list:
        _scan_database.cache_clear()  # as a new process would
        matcher = SkillMatcher.from_aliases(ALIASES, cache_dir=str(tmp_path))
        return [a.tolist() for a in matcher.find_pairs(texts)]

    assert pairs_with_cache() == expected
    [kept] = tmp_path.glob("skills-*.hsdb")
    written = kept.stat().st_mtime_ns
    assert pairs_with_cache() == expected
    assert kept.stat().st_mtime_ns == written  # loaded, not compiled and written again
    whole = kept.read_bytes()
    kept.write_bytes(b"not a database")
    assert pairs_with_cache() == expected
    assert len(kept.read_bytes()) == len(whole)  # written again
    # Cut after its first database (the literals for one-letter aliases lost): compiled again.
    cut = whole[: 8 + int.from_bytes(whole[:8], "little")]
    kept.write_bytes(cut)
    assert pairs_with_cache() == expected
    assert len(kept.read_bytes()) == len(whole)
    assert plan == SkillMatcher.from_aliases(ALIASES).index.scan_plan


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    _scan_database.cache_clear()
    matcher = SkillMatcher.from_aliases(ALIASES, cache_dir=str(blocker / "cache"))
    assert [MATCHER.slugs[s] for s in matcher.find_pairs(["Python"])[1]] == ["python"]
    assert blocker.is_file()


def test_batches_the_shared_memory_cannot_hold_are_matched_here(monkeypatch):
    # /dev/shm can be small (64 MB in a default container): a batch whose file cannot be
    # given room is matched in this process rather than risk a crash writing to it.
    import errno
    import os

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full)
    with pairs_finder(MATCHER, processes=1, started=True) as find_pairs:
        rows, skills = find_pairs(CONFIRM_TEXTS).result()
        assert find_pairs.sent == 0
    expected_rows, expected_skills = MATCHER.find_pairs(CONFIRM_TEXTS)
    assert (rows.tolist(), skills.tolist()) == (expected_rows.tolist(), expected_skills.tolist())
