"""The extraction benchmark's arithmetic (bench/extraction.py) on a tiny labelled fixture:
postings written for the test, labels pointing into them by place and span."""

import math
import sys

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


# ---- Two readings of the same postings -------------------------------------------------------

FIRST_READING = [
    asked_label(POSTINGS[0], "python"),
    asked_label(POSTINGS[0], "sql"),
    asked_label(POSTINGS[0], "excel", "doubtful, spreadsheets unnamed"),
    asked_label(POSTINGS[1], "python"),
    asked_label(POSTINGS[1], "sql"),  # the text has no SQL: the matcher misses it
    asked_label(POSTINGS[2], "spark"),
    asked_label(POSTINGS[2], "airflow"),  # not a skill of this taxonomy: ignored
]
SECOND_READING = [
    asked_label(POSTINGS[0], "python"),
    asked_label(POSTINGS[0], "sql"),
    asked_label(POSTINGS[1], "python"),
    asked_label(POSTINGS[1], "excel"),
    asked_label(POSTINGS[2], extraction.NOTHING_ASKED),  # read, asks for nothing
]


def settled_label(posting: Posting, skill: str, verdict: str):
    return {"file": posting.file, "row": str(posting.row), "skill": skill, "verdict": verdict}


def test_agreement_counts_the_pairs_each_reading_names_and_the_matcher_against_each():
    agreed = extraction.agreement(
        POSTINGS, MATCHER, first_labels=FIRST_READING, second_labels=SECOND_READING
    )
    assert (agreed.postings, agreed.first, agreed.second, agreed.both) == (3, 6, 4, 3)
    assert agreed.specific == pytest.approx(2 * 3 / (6 + 4))
    assert (agreed.second_of_first.value, agreed.second_of_first.n) == (0.5, 6)
    # the first reading doubts its excel: of its 5 sure pairs the second names 3
    assert (agreed.second_of_first_sure.value, agreed.second_of_first_sure.n) == (0.6, 5)
    assert agreed.first_of_second.value == 0.75
    assert agreed.matcher_first.value == pytest.approx(5 / 6)
    assert agreed.matcher_second.value == 1.0
    assert (agreed.matcher_both.value, agreed.matcher_both.n) == (1.0, 3)
    disputed = {(d["row"], d["file"], d["skill"]) for d in agreed.disputed}
    assert disputed == {
        ("2", "a.csv", "excel"),
        ("3", "a.csv", "sql"),
        ("3", "a.csv", "excel"),
        ("2", "b.csv", "spark"),
    }
    assert agreed.agreed is None  # four disputed pairs wait for a third reader


def test_the_agreed_pairs_are_those_both_name_and_those_a_third_reader_settles_as_asked():
    first, second, third = POSTINGS
    settled = [
        settled_label(second, "sql", "yes"),
        settled_label(third, "spark", "yes"),
        settled_label(first, "excel", "no"),
    ]
    partly = extraction.agreement(
        POSTINGS,
        MATCHER,
        first_labels=FIRST_READING,
        second_labels=SECOND_READING,
        settled_labels=settled,
    )
    assert (partly.settled_yes, partly.settled_no, partly.agreed) == (2, 1, None)
    whole = extraction.agreement(
        POSTINGS,
        MATCHER,
        first_labels=FIRST_READING,
        second_labels=SECOND_READING,
        settled_labels=[*settled, settled_label(second, "excel", "no")],
    )
    # both name 3 (all found) + settled yes: second's sql (missed), third's spark (found)
    assert (whole.agreed.value, whole.agreed.n) == (pytest.approx(4 / 5), 5)
    assert "the matcher's recall on the agreed pairs** (both name, or settled as asked for; 5)" in (
        extraction.agreement_text(whole)
    )
    assert "waits for the rest" in extraction.agreement_text(partly)


def test_only_postings_both_readings_cover_are_compared():
    first, second, third = POSTINGS
    only_first = [*FIRST_READING, asked_label(Posting("c.csv", 9, ""), "python")]
    agreed = extraction.agreement(
        POSTINGS,
        MATCHER,
        first_labels=only_first,
        second_labels=SECOND_READING[:4],  # the third posting not read a second time
        recall_places={(first.file, first.row), (second.file, second.row), (third.file, 3)},
    )
    assert (agreed.postings, agreed.first, agreed.second) == (2, 5, 4)
    assert (
        extraction.agreement(
            POSTINGS, MATCHER, first_labels=FIRST_READING, second_labels=[], settled_labels=[]
        )
        is None
    )


@pytest.fixture
def label_files(tmp_path, monkeypatch):
    for name, file in [
        ("POSTING_LABELS", "postings.csv"),
        ("SECOND_READING", "second-reading.csv"),
        ("SETTLED", "settled.csv"),
        ("DISPUTED", "disputed.json"),
    ]:
        monkeypatch.setattr(extraction, name, tmp_path / file)
    return tmp_path


def test_a_second_reading_is_recorded_apart_from_the_first(label_files):
    sample = extraction.recall_sample(POSTINGS, n=3)
    k = next(k for k, p in enumerate(sample, 1) if p == POSTINGS[0])
    extraction.asked(POSTINGS, [f"{k}/python=python"], MATCHER)
    extraction.asked(
        POSTINGS, [f"{k}/sql=SQL daily::doubtful, why not"], MATCHER, extraction.SECOND_READING
    )
    first = extraction.labels_read(extraction.POSTING_LABELS)
    second = extraction.labels_read(extraction.SECOND_READING)
    assert [r["skill"] for r in first] == ["python"]
    assert [(r["skill"], r["start"], r["note"]) for r in second] == [
        ("sql", "11", "doubtful, why not")
    ]


def test_disputed_pairs_are_listed_without_who_named_them_and_settled_by_number(
    label_files, capsys
):
    extraction.labels_write(
        extraction.POSTING_LABELS,
        extraction.POSTING_FIELDS,
        [
            {**asked_label(POSTINGS[0], "python"), "start": 0, "end": 6},
            {**asked_label(POSTINGS[0], "sql"), "start": 11, "end": 14},
        ],
    )
    extraction.labels_write(
        extraction.SECOND_READING,
        extraction.POSTING_FIELDS,
        [
            {**asked_label(POSTINGS[0], "python"), "start": 0, "end": 6},
            {**asked_label(POSTINGS[0], "excel"), "start": 31, "end": 36},
        ],
    )
    extraction.disputed(POSTINGS, MATCHER, None)
    out = capsys.readouterr().out
    assert "[[SQL]]" in out and "[[Excel]]" in out and "[[Python]]" not in out
    assert "first" not in out and "second" not in out
    assert "2 disputed pairs to settle" in out
    numbers = {skill: n for n, skill in enumerate(["excel", "sql"], 1)}  # sorted by skill
    extraction.settle([f"{numbers['sql']}=yes", f"{numbers['excel']}=no:a mention in passing"])
    settled = extraction.labels_read(extraction.SETTLED)
    assert {(r["skill"], r["verdict"], r["note"]) for r in settled} == {
        ("sql", "yes", ""),
        ("excel", "no", "a mention in passing"),
    }
    extraction.disputed(POSTINGS, MATCHER, None)
    assert "0 disputed pairs to settle" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="N=yes or N=no"):
        extraction.settle(["3=maybe"])


def test_settling_before_any_listing_says_to_list_the_disputed_pairs_first(label_files):
    with pytest.raises(SystemExit, match="run --disputed first"):
        extraction.settle(["1=yes"])
    assert not extraction.SETTLED.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["--todo", "--judge", "1=yes"],
        ["--read", "3", "--asked", "3/sql=SQL"],
        ["--judge", "1=yes", "--settle", "1=no"],
    ],
)
def test_two_steps_in_one_run_are_refused_with_what_to_do(monkeypatch, capsys, label_files, argv):
    monkeypatch.setattr(sys, "argv", ["extraction.py", *argv])
    with pytest.raises(SystemExit):
        extraction.main()
    assert "are separate steps, one per run" in capsys.readouterr().err
