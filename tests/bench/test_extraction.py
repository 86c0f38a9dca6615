"""The extraction benchmark's arithmetic (bench/extraction.py) on a tiny labelled fixture:
postings written for the test, labels pointing into them by place and span."""

import math

import pytest

from bench import extraction
from bench.extraction import Posting, measure, span_check, stratified_precision, wilson
from market.ingestion.matching import SkillMatcher

MATCHER = SkillMatcher.from_aliases(
    {"python": ["Python"], "excel": ["Excel"], "sql": ["SQL"], "spark": ["Spark"]}
)
POSTINGS = [
    Posting("a.csv", 2, "Python and SQL daily. Advanced Excel."),
    Posting("a.csv", 3, "The freedom to excel. Python is a plus."),
    Posting("b.csv", 2, "Spark or SQL; we use Python."),
]


def mention_label(posting: Posting, phrase: str, skill: str, judgement: str, note=""):
    start = posting.description.index(phrase)
    end = start + len(phrase)
    return {
        "file": posting.file,
        "row": str(posting.row),
        "start": str(start),
        "end": str(end),
        "skill": skill,
        "judgement": judgement,
        "check": span_check(posting.description[start:end]),
        "note": note,
    }


def asked_label(posting: Posting, skill: str, note=""):
    return {"file": posting.file, "row": str(posting.row), "skill": skill, "note": note}


def test_wilson_interval_matches_the_textbook_values():
    low, high = wilson(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    assert wilson(0, 10)[0] == 0 and round(wilson(0, 10)[1], 4) == 0.2775
    assert round(wilson(10, 10)[0], 4) == 0.7225 and wilson(10, 10)[1] == pytest.approx(1)


def test_precision_weighs_each_stratum_by_its_share_of_all_mentions():
    estimate = stratified_precision({"a": (90, [True] * 9 + [False]), "b": (10, [True, True])})
    assert estimate.value == pytest.approx(0.9 * 0.9 + 0.1 * 1.0)
    # Kish: weights 9 (x10) and 5 (x2): (sum w)^2 / sum w^2 = 100^2 / 860
    assert estimate.n == pytest.approx(10_000 / 860)
    low, high = wilson(estimate.value * estimate.n, estimate.n)
    assert (estimate.low, estimate.high) == (pytest.approx(low), pytest.approx(high))


def test_a_stratum_without_judgements_is_left_out():
    estimate = stratified_precision({"a": (50, [True, False]), "b": (50, [])})
    assert estimate.value == 0.5


def test_aliases_with_five_mentions_are_sampled_alone_and_the_rare_ones_pooled():
    sizes = extraction.sample_sizes({"python": 500, "excel": 5, "sql": 4, "spark": 1})
    assert set(sizes) == {"python", "excel", extraction.POOLED}
    assert sizes[extraction.POOLED] == 5
    assert sizes["excel"] == 5  # ambiguous: as many as there are, up to SAMPLE_AMBIGUOUS


def test_measure_scores_the_labelled_fixture():
    first, second, third = POSTINGS
    mention_labels = [
        mention_label(first, "Python", "python", "yes"),
        mention_label(first, "SQL", "sql", "yes"),
        mention_label(first, "Excel", "excel", "yes"),
        mention_label(second, "excel", "excel", "no", "the verb"),
        mention_label(second, "Python", "python", "yes"),
        mention_label(third, "Spark", "spark", "yes"),
        mention_label(third, "SQL", "sql", "yes"),
        # judged on other text than the file now holds: stale
        {**mention_label(third, "Python", "python", "yes"), "check": "00000000"},
    ]
    posting_labels = [
        asked_label(first, "python"),
        asked_label(first, "sql"),
        asked_label(first, "excel"),
        asked_label(first, "statistics"),  # not a skill of this taxonomy: ignored
        asked_label(second, "python"),
        asked_label(third, "spark"),
        asked_label(third, "sql"),
        asked_label(third, "python"),
        asked_label(third, "airflow"),
        asked_label(third, "spark-streaming", "doubtful"),
    ]
    report = measure(
        POSTINGS, MATCHER, mention_labels=mention_labels, posting_labels=posting_labels
    )
    # 8 mentions, every alias rare: one pooled stratum, all sampled; 7 judged, 6 right.
    assert report.mentions == 8
    assert list(report.strata) == [extraction.POOLED]
    population, judgements = report.strata[extraction.POOLED]
    assert population == 8 and sorted(judgements) == [False] + [True] * 6
    assert report.precision.value == pytest.approx(6 / 7)
    assert [(m.posting.row, m.skill) for m in report.unlabelled] == [(2, "python")]
    assert len(report.stale) == 1
    assert report.wrong_by_alias == {"excel": (2, 1)}
    # Recall: 8 pairs of the taxonomy asked for, the matcher finds all; the second posting
    # is found to mention Excel, which it does not ask for.
    assert report.read == 3
    assert (report.recall.value, report.recall.n) == (1.0, 7)
    assert report.pair_precision.value == pytest.approx(7 / 8)
    assert report.extras == {"excel": 1}


def test_a_mention_the_matcher_no_longer_finds_counts_as_fixed_or_lost():
    first, second, _ = POSTINGS
    labels = [
        mention_label(second, "excel", "excel", "no"),
        mention_label(first, "Excel", "excel", "yes"),
    ]
    without_excel = SkillMatcher.from_aliases({"python": ["Python"], "sql": ["SQL"]})
    report = measure(POSTINGS, without_excel, mention_labels=labels, posting_labels=[])
    assert (len(report.fixed), len(report.lost)) == (1, 1)
    assert report.recall is None


def test_recall_without_doubtful_pairs():
    first = POSTINGS[0]
    labels = [asked_label(first, "python"), asked_label(first, "spark", "doubtful: a plus?")]
    report = measure(POSTINGS, MATCHER, mention_labels=[], posting_labels=labels)
    assert report.recall.value == 0.5 and report.recall_sure.value == 1.0
    assert not math.isnan(report.recall.low)


def test_recall_on_a_range_of_recall_postings_counts_only_their_pairs():
    first, second, third = POSTINGS
    labels = [
        asked_label(first, "python"),
        asked_label(first, "excel"),
        asked_label(first, "spark", "doubtful"),  # asked, not found: a miss outside the range
        asked_label(second, "python"),
        asked_label(third, "spark"),
        asked_label(third, "sql"),
        asked_label(third, "excel", "doubtful: Excel unnamed"),  # not found: the range's miss
    ]
    sample = [second, first, third]  # numbered 1, 2, 3 as a recall sample
    places = extraction.places_of(sample, extraction.numbers_parse("2-3", n=3))
    assert places == {("a.csv", 2), ("b.csv", 2)}
    report = measure(
        POSTINGS, MATCHER, mention_labels=[], posting_labels=labels, recall_places=places
    )
    assert report.read == 2
    # first: python, excel found, spark missed; third: spark, sql found, excel missed
    assert (report.recall.value, report.recall.n) == (pytest.approx(4 / 6), 6)
    assert (report.recall_sure.value, report.recall_sure.n) == (1.0, 4)
    assert (report.recall.low, report.recall.high) == tuple(map(pytest.approx, wilson(4, 6)))
    # pairs found in the two postings: first python, sql, excel; third spark, sql, python
    assert report.pair_precision.value == pytest.approx(4 / 6)
    assert report.misses == {"spark": 1, "excel": 1}
    assert report.extras == {"sql": 1, "python": 1}
    whole = measure(POSTINGS, MATCHER, mention_labels=[], posting_labels=labels)
    assert (whole.read, whole.recall.n) == (3, 7)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("141-180", range(141, 181)), ("7", range(7, 8)), ("1-180", range(1, 181))],
)
def test_a_range_of_recall_postings_is_read_as_their_numbers(text, numbers):
    assert extraction.numbers_parse(text, n=180) == numbers


@pytest.mark.parametrize("text", ["0-3", "5-3", "170-181", "141-", "a-b", ""])
def test_a_range_outside_the_sample_or_unreadable_is_refused_with_the_reason(text):
    with pytest.raises(ValueError, match="recall postings"):
        extraction.numbers_parse(text, n=180)


def test_recall_by_category_counts_each_pair_under_its_skills_category():
    first, _, third = POSTINGS
    labels = [
        asked_label(first, "python"),
        asked_label(first, "excel"),
        asked_label(third, "excel", "doubtful"),  # not in the text: missed
        asked_label(third, "spark"),
        asked_label(third, "sql"),
    ]
    categories = {"python": "language", "excel": "data", "sql": "data", "spark": "data"}
    report = measure(
        POSTINGS, MATCHER, mention_labels=[], posting_labels=labels, categories=categories
    )
    assert report.recall_by_category == {"data": (3, 4), "language": (1, 1)}
    text = extraction.report_text(report, load="load unknown")
    assert "category (found / asked): data 3/4, 75.0% (95% CI" in text
    assert (
        measure(POSTINGS, MATCHER, mention_labels=[], posting_labels=labels).recall_by_category
        == {}
    )


def test_readers_shares_split_the_mentions_between_them_without_overlap():
    keys = [("a.csv", row, start, start + 5, "python") for row in range(2, 40) for start in (0, 9)]
    shares = [{k for k in keys if extraction.in_share(k, (i, 3))} for i in (1, 2, 3)]
    assert set().union(*shares) == set(keys)
    assert sum(len(s) for s in shares) == len(keys)
    assert all(shares)
    assert all(extraction.in_share(k, None) for k in keys)


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "2/", ""])
def test_a_share_outside_the_readers_or_unreadable_is_refused_with_the_reason(text):
    with pytest.raises(ValueError, match="reader's share"):
        extraction.share_parse(text)


def test_a_blind_reading_shows_the_posting_without_what_the_matcher_finds(capsys, monkeypatch):
    monkeypatch.setattr(extraction, "recall_sample", lambda postings: list(postings))
    extraction.read_posting(POSTINGS, 1, MATCHER, blind=True)
    blind = capsys.readouterr().out
    extraction.read_posting(POSTINGS, 1, MATCHER)
    seen = capsys.readouterr().out
    assert POSTINGS[0].description in blind and "matcher finds" not in blind
    assert "The matcher finds: excel, python, sql" in seen


def test_the_wording_flags_are_checked_against_the_measured_recall():
    recall = {"serving": (5, 10), "python": (20, 20), "lead": (9, 10), "rare": (0, 2)}
    unflagged, above = extraction.wording_flags_checked(recall, ["lead", "python"])
    assert unflagged == ["serving"]  # 50% on 10 pairs, not flagged; "rare" has too few pairs
    assert above == ["lead", "python"]  # 90% and 100%: at or above the line
    first, _, third = POSTINGS
    labels = [asked_label(first, "python"), asked_label(third, "spark"), asked_label(third, "sql")]
    report = measure(POSTINGS, MATCHER, mention_labels=[], posting_labels=labels)
    assert report.recall_by_skill == {"python": (1, 1), "spark": (1, 1), "sql": (1, 1)}
    text = extraction.report_text(report, load="test", flagged=["spark"])
    assert "in many wordings (the taxonomy's flag" in text and "recall 1/1" in text
    assert "flagged at or above 90%: none." in text  # one pair says nothing either way
    # A pair the matcher misses (the first posting names no Spark) counts against its skill.
    labels.append(asked_label(first, "spark"))
    report = measure(POSTINGS, MATCHER, mention_labels=[], posting_labels=labels)
    assert report.recall_by_skill["spark"] == (1, 2)
    text = extraction.report_text(report, load="test", flagged=["spark"])
    assert "recall 1/2" in text and "flagged at or above 90%: none." in text
    # The fewest pairs that say a skill's recall is low, or high: FLAG_MIN_PAIRS, not one more.
    assert extraction.wording_flags_checked({"lead": (2, 3)}, []) == (["lead"], [])
    assert extraction.wording_flags_checked({"lead": (3, 3)}, ["lead"]) == ([], ["lead"])
    assert extraction.wording_flags_checked({"lead": (2, 2)}, ["lead"]) == ([], [])
