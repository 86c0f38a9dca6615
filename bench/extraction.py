"""Skill extraction measured by reading: the matcher's precision and recall on real postings.

    python bench/extraction.py                     # score the labelled set, update RESULTS.md
    python bench/extraction.py --todo [--limit N]  # sampled mentions not judged yet, in context
    python bench/extraction.py --todo --alias "deploy ... models"  # every one of an alias's
    python bench/extraction.py --todo --share 2/3  # the second of three readers' shares
    python bench/extraction.py --judge 1=yes 2=no "3=no:a verb, not the product"  # on its own,
                                                   # numbers of the last --todo listing
    python bench/extraction.py --read K [--blind]  # posting K of the recall sample, in full
    python bench/extraction.py --asked K/python=Python "K/sql=SQL queries"  # what K asks for
    python bench/extraction.py --postings 141-180  # recall on those recall postings alone
    python bench/extraction.py --second --asked K/... # an independent second reading of K
    python bench/extraction.py --disputed [--postings A-B]  # pairs the two readings dispute
    python bench/extraction.py --settle 1=yes "2=no:a trait"  # a third reader settles them

The corpus is four files of `../shared/data/` (CORPUS; `--data DIR` to point elsewhere),
read with the importer's own readers and column detection, exact duplicates counted once as
the importer counts them. Nothing of the postings is copied into the repository: a label
names a file (relative to the data folder), a row (the importer's numbering: the header is
row 1), a span of character offsets in the description, a skill, the judgement, and a short
checksum of the span's text that tells when the data under a label has changed.

Precision. A *mention* is one place where an alias of a skill is found (`find_mentions`:
every alias looked for on its own). It is judged *yes* when, read in its context, it says the
job asks for the skill (a requirement, a duty, the team's stack), and *no* otherwise: another
sense of the word ("excel at"), a company or product name, a perk, boilerplate. Mentions are
stratified by alias; each alias with MIN_MATCHES or more mentions is sampled: SAMPLE_BASE
mentions, SAMPLE_AMBIGUOUS for short or ambiguous aliases (AMBIGUOUS) and for proximity
aliases ("deploy ... models": the words between may change the sense), plus a share of
SAMPLE_SPREAD proportional to the alias's frequency; aliases with fewer mentions form one
pooled stratum. Which mentions are sampled depends only on each mention's place (a stable
hash), so a sample changes little when the matcher changes. Precision = sum over strata of
(stratum's share of all mentions) x (its sampled share judged yes); its 95% Wilson interval
uses Kish's effective sample size for the weights.

Recall. RECALL_POSTINGS postings, drawn by a stable hash of their place, are read in full and
every taxonomy skill each asks for is labelled with the span that says so. Recall = labelled
(posting, skill) pairs the matcher finds in that posting / all labelled pairs, with its
Wilson interval; the same postings give a posting-level precision as a check. `--postings
A-B` scores recall on recall postings A to B alone (a held-out check: postings read after the
taxonomy was last tuned), printed, RESULTS.md left as it is.

Two readers. A reader's labels carry judgement calls ("lead the technical engagements": team
leadership?), so some recall postings are read a second time, independently and blind to the
matcher and to the first reading (`--read K --blind`, recorded with `--second --asked` in
bench/labels/second-reading.csv). The report then says how far the two readings agree
(positive specific agreement; each reader's share of the other's pairs) and the matcher's
recall against each, against the pairs both name, and - once a third reader has settled every
pair one names and the other does not (`--disputed`, `--settle N=yes|no`, bench/labels/
settled.csv) - against the agreed pairs: those both name or settled as asked for.

Labels outlive matcher changes: re-running scores the current matcher against them. Sampled
mentions without a judgement are listed (`--todo`) and the report says the figures are
provisional until they are judged; judged mentions the matcher no longer finds are counted
(lost if they were right, fixed if they were wrong). Labels for skills the taxonomy does not
have (yet) are kept and ignored.
"""

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import os
import re
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import section_write  # noqa: E402

DATA = (ROOT / ".." / "shared" / "data").resolve()
LABELS = ROOT / "bench" / "labels"
MENTION_LABELS = LABELS / "mentions.csv"
POSTING_LABELS = LABELS / "postings.csv"
SECOND_READING = LABELS / "second-reading.csv"  # the same postings read again, independently
SETTLED = LABELS / "settled.csv"  # a third reader's word on pairs the two readings dispute
DISPUTED = ROOT / "bench" / "out" / "extraction-disputed.json"  # git-ignored: holds no text
WORKLIST = ROOT / "bench" / "out" / "extraction-todo.json"  # git-ignored: holds no text

CORPUS = (
    "glassdoor-ds-2020/glassdoor_jobs.csv",
    "linkedin-ai-ml-2024/ai_ml_jobs_linkedin.csv",
    "ds-da-postings-2020/data_analyst_combined.csv",
    "ds-da-postings-2020/data_scientist_combined.csv",
)
MIN_MATCHES = 5
SAMPLE_BASE = 3
SAMPLE_AMBIGUOUS = 10
SAMPLE_SPREAD = 1500
SAMPLE_POOLED = 25
POOLED = "(aliases with fewer than 5 mentions)"
RECALL_POSTINGS = 680
Z95 = 1.959963984540054
# Aliases that are also ordinary words, names or other terms (besides every alias of three
# characters or fewer): sampled more.
AMBIGUOUS = frozenset(
    {
        "excel",
        "spark",
        "hive",
        "snowflake",
        "publications",
        "mentoring",
        "pruning",
        "fine tuning",
        "finetuning",
        "guardrails",
        "triton",
        "seldon",
        "chroma",
        "feast",
        "lightning ai",
        "observability",
        "version control",
        "oss",
        "tech lead",
        "technical leadership",
        "engineering leadership",
        "people management",
        "tableau",
        "scala",
        "delta lake",
        "airflow",
        "kafka",
        "jenkins",
        "megatron",
        "quantization",
        "openai",
        "chatgpt",
        "anthropic",
        "gpt",
        "cost optimization",
        "multimodal",
        "statistics",
        "mentorship",
        "team leadership",
        "research leadership",
    }
)


# ---- The arithmetic (pure; tests/bench/test_extraction.py) -----------------------------


@dataclass(frozen=True)
class Estimate:
    value: float  # a proportion, 0..1
    low: float
    high: float
    n: float  # sample size (effective, for weighted estimates)

    def __str__(self) -> str:
        return f"{100 * self.value:.1f}% (95% CI {100 * self.low:.1f}-{100 * self.high:.1f}%)"


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion successes/n (n may be an effective size)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(successes: int, n: int) -> Estimate:
    """successes/n with its Wilson interval."""
    low, high = wilson(successes, n)
    return Estimate(successes / n if n else 0.0, low, high, n)


def stratified_precision(strata: Mapping[str, tuple[int, Sequence[bool]]]) -> Estimate:
    """Precision over strata {name: (mentions in the corpus N_h, judgements of its sample)}:
    P = sum_h (N_h / N) x (yes_h / n_h), over strata with a judged sample. Each judged
    mention weighs N_h / n_h; the interval is Wilson's at Kish's effective sample size
    n_eff = (sum w)^2 / sum w^2 (the strata without a sample are left out of N)."""
    weights, yes = [], []
    for population, judgements in strata.values():
        if not judgements:
            continue
        w = population / len(judgements)
        weights += [w] * len(judgements)
        yes += list(judgements)
    if not weights:
        return Estimate(0.0, 0.0, 1.0, 0)
    total = sum(weights)
    value = sum(w for w, y in zip(weights, yes, strict=True) if y) / total
    n_eff = total * total / sum(w * w for w in weights)
    low, high = wilson(value * n_eff, n_eff)
    return Estimate(value, low, high, n_eff)


def sample_sizes(
    counts: Mapping[str, int], *, ambiguous: Iterable[str] = AMBIGUOUS
) -> dict[str, int]:
    """How many mentions to sample per alias (see the module's docstring); the pooled
    stratum of rare aliases is POOLED."""
    from market.ingestion.matching import PROXIMITY_MARK

    ambiguous = set(ambiguous)
    total = sum(counts.values()) or 1
    sizes: dict[str, int] = {}
    pooled = 0
    for alias, n in counts.items():
        if n < MIN_MATCHES:
            pooled += n
            continue
        wide = len(alias) <= 3 or alias in ambiguous or PROXIMITY_MARK in alias
        base = SAMPLE_AMBIGUOUS if wide else SAMPLE_BASE
        sizes[alias] = min(n, base + round(SAMPLE_SPREAD * n / total))
    if pooled:
        sizes[POOLED] = min(pooled, SAMPLE_POOLED)
    return sizes


def stable_rank(*parts) -> int:
    """A number that orders items the same way on every run (a hash of their place)."""
    key = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha1(key).digest()[:8], "big")


def span_check(text: str) -> str:
    """A short checksum of a span's text: a label whose check differs points at changed data."""
    return hashlib.sha1(text.encode()).hexdigest()[:8]


# ---- The corpus ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    file: str  # relative to the data folder
    row: int  # as the importer numbers rows (header = 1)
    description: str


def corpus_read(data: Path, files: Sequence[str] = CORPUS) -> list[Posting]:
    """Every posting of the corpus the importer would count (no blank rows; exact
    duplicates, same title, company and description, once), in file order."""
    from market.ingestion.postings import COMPANY, DESCRIPTION, TITLE, columns_detect
    from market.ingestion.reading import CHUNK_READERS, file_kind

    postings, seen = [], set()
    for name in files:
        path = data / name
        if not path.exists():
            raise SystemExit(f"{path} is missing: pass --data DIR (the shared data folder).")
        kind = file_kind(path)
        columns = columns_detect(kind.header)
        wanted = {f: columns[f] for f in (TITLE, COMPANY, DESCRIPTION) if f in columns}
        for first_row, frame, _ in CHUNK_READERS[kind.container](path, kind, wanted, name):
            frame = frame.fillna("")
            for i, (title, company, description) in enumerate(
                zip(
                    frame[TITLE].astype(str).str.strip(),
                    frame[COMPANY].astype(str) if COMPANY in frame else [""] * len(frame),
                    frame[DESCRIPTION].astype(str),
                    strict=True,
                )
            ):
                if not title and not description.strip():
                    continue
                key = (title, company, description)
                if key in seen:
                    continue
                seen.add(key)
                postings.append(Posting(name, first_row + i, description))
    return postings


def _taxonomy() -> list[dict]:
    return json.loads((ROOT / "market" / "seed" / "skills.json").read_text())["skills"]


def taxonomy_matcher():
    """The matcher over the taxonomy the project ships (market/seed/skills.json), with its
    rules, in display order (as the importer takes the taxonomy)."""
    from market.ingestion.matching import SkillMatcher, rules_of_entries

    return SkillMatcher.from_rules(rules_of_entries(_taxonomy()))


def wording_varies_skills() -> list[str]:
    """The shipped skills flagged as asked for in many wordings (Skill.wording_varies)."""
    return [skill["slug"] for skill in _taxonomy() if skill.get("wording_varies")]


def taxonomy_categories() -> dict[str, str]:
    """Each shipped skill's category (slug -> category: language, data, practice, ...)."""
    return {skill["slug"]: skill["category"] for skill in _taxonomy()}


# ---- Labels ----------------------------------------------------------------------------------

MENTION_FIELDS = ["file", "row", "start", "end", "skill", "judgement", "check", "note"]
POSTING_FIELDS = ["file", "row", "skill", "start", "end", "check", "note"]
SETTLED_FIELDS = ["file", "row", "skill", "verdict", "note"]
NOTHING_ASKED = "-"  # a posting read in full that asks for no taxonomy skill


def labels_read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def labels_write(path: Path, fields: list[str], rows: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: (r["file"], int(r["row"]), int(r.get("start") or 0)))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({f: row.get(f, "") for f in fields} for row in rows)


def mention_key(file: str, row, start, end, skill: str) -> tuple:
    return (file, int(row), int(start), int(end), skill)


# ---- Measuring ---------------------------------------------------------------------------------


@dataclass
class Found:
    posting: Posting
    start: int
    end: int
    skill: str
    alias: str

    @property
    def key(self) -> tuple:
        return mention_key(self.posting.file, self.posting.row, self.start, self.end, self.skill)


def mentions_of(postings: Sequence[Posting], matcher) -> list[Found]:
    return [
        Found(p, m.start, m.end, m.slug, m.alias)
        for p in postings
        for m in matcher.find_mentions(p.description)
    ]


def sample_of(mentions: Sequence[Found]) -> dict[str, list[Found]]:
    """The sampled mentions of each stratum (alias, or POOLED)."""
    counts = Counter(m.alias for m in mentions)
    sizes = sample_sizes(counts)
    by_stratum: dict[str, list[Found]] = defaultdict(list)
    for m in mentions:
        by_stratum[m.alias if counts[m.alias] >= MIN_MATCHES else POOLED].append(m)
    return {
        stratum: sorted(found, key=lambda m: stable_rank(*m.key))[: sizes[stratum]]
        for stratum, found in by_stratum.items()
    }


def recall_sample(postings: Sequence[Posting], n: int = RECALL_POSTINGS) -> list[Posting]:
    """The postings read in full: the n first by a stable hash of their place."""
    return sorted(postings, key=lambda p: stable_rank(p.file, p.row))[:n]


def numbers_parse(text: str, n: int = RECALL_POSTINGS) -> range:
    """Recall postings "A-B" (or "K") as their numbers, 1-based, within the sample of n."""
    first, dash, last = text.partition("-")
    try:
        numbers = range(int(first), int(last if dash else first) + 1)
    except ValueError:
        raise ValueError(f"{text!r}: give recall postings as A-B, e.g. 141-180") from None
    if not numbers or numbers.start < 1 or numbers.stop - 1 > n:
        raise ValueError(f"{text!r}: recall postings are numbered 1 to {n}, A <= B")
    return numbers


def places_of(sample: Sequence[Posting], numbers: range) -> set[tuple[str, int]]:
    """The places (file, row) of recall postings by number (1 = the sample's first)."""
    return {(sample[k - 1].file, sample[k - 1].row) for k in numbers}


@dataclass
class Report:
    postings: int
    mentions: int
    strata: dict  # stratum -> (mentions in the corpus, judgements of its sample)
    precision: Estimate
    unlabelled: list  # sampled mentions without a judgement (Found)
    lost: list  # labels judged yes whose mention the matcher no longer finds
    fixed: list  # labels judged no whose mention the matcher no longer finds
    stale: list  # labels whose span no longer holds the text they were judged on
    wrong_by_alias: dict  # alias -> (judged, judged no), aliases with a wrong mention
    doubtful: int  # judgements noted as doubtful
    read: int  # postings read in full
    recall: Estimate | None
    recall_sure: Estimate | None  # without the pairs noted as doubtful
    pair_precision: Estimate | None
    misses: Counter  # skill -> asked-for pairs the matcher misses
    recall_by_category: dict  # taxonomy category -> (pairs found, pairs asked) of its skills
    recall_by_skill: dict  # skill -> (pairs found, pairs asked)
    extras: Counter  # skill -> pairs the matcher finds that the posting does not ask for
    agreement: "Agreement | None" = None  # the postings read twice (measure_labelled)


def measure(
    postings: Sequence[Posting],
    matcher,
    *,
    mention_labels: Iterable[dict],
    posting_labels: Iterable[dict],
    recall_places: Collection[tuple[str, int]] | None = None,
    categories: Mapping[str, str] | None = None,
) -> Report:
    """The matcher's precision (judged mentions) and recall (postings read in full; only
    those at recall_places when given), recall also by the skills' `categories` (slug ->
    category) when given."""
    by_place = {(p.file, p.row): p for p in postings}
    mentions = mentions_of(postings, matcher)
    current = {m.key for m in mentions}
    judged: dict[tuple, dict] = {}
    stale = []
    for label in mention_labels:
        key = mention_key(label["file"], label["row"], label["start"], label["end"], label["skill"])
        posting = by_place.get(key[:2])
        if posting is None or span_check(posting.description[key[2] : key[3]]) != label["check"]:
            stale.append(label)
            continue
        judged[key] = label
    strata, unlabelled, wrong = {}, [], defaultdict(lambda: [0, 0])
    counts = Counter(m.alias for m in mentions)
    for stratum, sampled in sample_of(mentions).items():
        judgements = []
        for m in sampled:
            label = judged.get(m.key)
            if label is None:
                unlabelled.append(m)
                continue
            yes = label["judgement"] == "yes"
            judgements.append(yes)
            wrong[m.alias][0] += 1
            wrong[m.alias][1] += not yes
        if stratum == POOLED:
            population = sum(n for n in counts.values() if n < MIN_MATCHES)
        else:
            population = counts[stratum]
        strata[stratum] = (population, judgements)
    gone = [label for key, label in judged.items() if key not in current]

    # Recall on the postings read in full (labels for skills the taxonomy lacks are ignored).
    skills = set(matcher.slugs)
    asked: dict[tuple, dict[str, bool]] = {}
    for label in posting_labels:
        if recall_places is not None and (label["file"], int(label["row"])) not in recall_places:
            continue
        wanted = asked.setdefault((label["file"], int(label["row"])), {})
        if label["skill"] != NOTHING_ASKED and label["skill"] in skills:
            wanted[label["skill"]] = "doubt" in (label.get("note") or "")
    gold = hits = sure = sure_hits = found_pairs = right = 0
    misses, extras = Counter(), Counter()
    by_category = defaultdict(lambda: [0, 0])  # category -> [hits, pairs]
    by_skill = defaultdict(lambda: [0, 0])  # skill -> [hits, pairs]
    for place, wanted in asked.items():
        posting = by_place.get(place)
        if posting is None:
            continue
        found = matcher.find(posting.description)
        for skill, doubtful in wanted.items():
            gold += 1
            hits += skill in found
            sure += not doubtful
            sure_hits += (not doubtful) and skill in found
            by_skill[skill][0] += skill in found
            by_skill[skill][1] += 1
            if categories is not None:
                tally = by_category[categories[skill]]
                tally[0] += skill in found
                tally[1] += 1
        found_pairs += len(found)
        right += len(found & set(wanted))
        misses.update(set(wanted) - found)
        extras.update(found - set(wanted))
    return Report(
        postings=len(postings),
        mentions=len(mentions),
        strata=strata,
        precision=stratified_precision(strata),
        unlabelled=unlabelled,
        lost=[label for label in gone if label["judgement"] == "yes"],
        fixed=[label for label in gone if label["judgement"] == "no"],
        stale=stale,
        wrong_by_alias={a: tuple(v) for a, v in wrong.items() if v[1]},
        doubtful=sum("doubt" in (label.get("note") or "") for label in judged.values()),
        read=len(asked),
        recall=proportion(hits, gold) if gold else None,
        recall_sure=proportion(sure_hits, sure) if sure else None,
        pair_precision=proportion(right, found_pairs) if found_pairs else None,
        misses=misses,
        recall_by_category={c: tuple(by_category[c]) for c in sorted(by_category)},
        recall_by_skill={s: tuple(by_skill[s]) for s in sorted(by_skill)},
        extras=extras,
    )


FLAG_BELOW = 0.90  # recall under which a skill is a candidate for "asked for in many wordings"
FLAG_MIN_PAIRS = 3


def wording_flags_checked(
    recall_by_skill: Mapping[str, tuple[int, int]], flagged: Collection[str]
) -> tuple[list[str], list[str]]:
    """The taxonomy's "asked for in many wordings" flags (Skill.wording_varies) against the
    measured recall, each side on FLAG_MIN_PAIRS or more pairs: (unflagged skills below
    FLAG_BELOW, flagged skills at or above it). A person decides: a named tool missed in typos
    is not a wording problem."""
    enough = {s: found / n for s, (found, n) in recall_by_skill.items() if n >= FLAG_MIN_PAIRS}
    low = {s for s, recall in enough.items() if recall < FLAG_BELOW}
    high = {s for s, recall in enough.items() if recall >= FLAG_BELOW}
    return sorted(low - set(flagged)), sorted(high & set(flagged))


@dataclass
class Agreement:
    """Two independent readings of the same postings, a third reader's word on the pairs they
    dispute, and the matcher against each."""

    postings: int  # postings both readings cover
    first: int  # pairs the first reading names
    second: int  # pairs the second reading names
    both: int  # pairs both name
    both_sure: int  # pairs both name and neither notes as doubtful
    second_of_first: Estimate  # share of the first reading's pairs the second names too
    second_of_first_sure: Estimate  # ... of those the first does not doubt
    first_of_second: Estimate
    specific: float  # positive specific agreement, 2 x both / (first + second)
    matcher_first: Estimate  # the matcher's recall on the first reading's pairs
    matcher_second: Estimate
    matcher_both: Estimate  # on the pairs both readings name
    matcher_both_sure: Estimate | None
    disputed: list  # labels of the pairs one reading names and the other does not
    settled_yes: int  # disputed pairs a third reader settled as asked for
    settled_no: int
    agreed: Estimate | None  # the matcher's recall on the agreed pairs: both + settled yes


def readings_of(labels: Iterable[dict], skills: Collection[str], places=None) -> dict:
    """{place: {skill: label}} of a reading's labels (taxonomy skills only; a posting read and
    found to ask for nothing is a place with no skills)."""
    read: dict[tuple, dict[str, dict]] = {}
    for label in labels:
        place = (label["file"], int(label["row"]))
        if places is not None and place not in places:
            continue
        wanted = read.setdefault(place, {})
        if label["skill"] != NOTHING_ASKED and label["skill"] in skills:
            wanted[label["skill"]] = label
    return read


def _doubtful(label: dict) -> bool:
    return "doubt" in (label.get("note") or "")


def agreement(
    postings: Sequence[Posting],
    matcher,
    *,
    first_labels: Iterable[dict],
    second_labels: Iterable[dict],
    settled_labels: Iterable[dict] = (),
    recall_places: Collection[tuple[str, int]] | None = None,
) -> Agreement | None:
    """How far two readings agree on what the postings both cover ask for, and the matcher's
    recall against each, against the pairs both name, and against the agreed pairs (both
    name, or one names and a third reader settled as asked for: `settled_labels`, file, row,
    skill, verdict yes|no). None: no posting read twice."""
    skills = set(matcher.slugs)
    first = readings_of(first_labels, skills, recall_places)
    second = readings_of(second_labels, skills, recall_places)
    by_place = {(p.file, p.row): p for p in postings}
    places = sorted(set(first) & set(second) & set(by_place))
    if not places:
        return None
    a = {(pl, s): label for pl in places for s, label in first[pl].items()}
    b = {(pl, s): label for pl in places for s, label in second[pl].items()}
    found = {pl: matcher.find(by_place[pl].description) for pl in places}
    both = a.keys() & b.keys()
    both_sure = {k for k in both if not _doubtful(a[k]) and not _doubtful(b[k])}
    a_sure = [k for k, label in a.items() if not _doubtful(label)]
    disputed = sorted(a.keys() ^ b.keys())
    verdicts = {(r["file"], int(r["row"]), r["skill"]): r["verdict"] for r in settled_labels}
    settled = {k: verdicts[(*k[0], k[1])] for k in disputed if (*k[0], k[1]) in verdicts}
    agreed = both | {k for k, verdict in settled.items() if verdict == "yes"}

    def recall(keys) -> Estimate | None:
        keys = list(keys)
        hits = sum(skill in found[place] for place, skill in keys)
        return proportion(hits, len(keys)) if keys else None

    return Agreement(
        postings=len(places),
        first=len(a),
        second=len(b),
        both=len(both),
        both_sure=len(both_sure),
        second_of_first=proportion(len(both), len(a)),
        second_of_first_sure=proportion(sum(k in b for k in a_sure), len(a_sure)),
        first_of_second=proportion(len(both), len(b)),
        specific=2 * len(both) / (len(a) + len(b)) if a or b else 1.0,
        matcher_first=recall(a),
        matcher_second=recall(b),
        matcher_both=recall(both),
        matcher_both_sure=recall(both_sure),
        disputed=[a.get(k) or b[k] for k in disputed],
        settled_yes=sum(v == "yes" for v in settled.values()),
        settled_no=sum(v == "no" for v in settled.values()),
        agreed=recall(agreed) if len(settled) == len(disputed) else None,
    )


def agreement_text(agreed: Agreement) -> str:
    """The agreement as a line of the report."""
    sure = agreed.matcher_both_sure
    settled = agreed.settled_yes + agreed.settled_no
    text = (
        f"- **Two readers** ({agreed.postings} postings read twice, independently and blind "
        f"to the matcher): the first reading names {agreed.first} pairs, the second "
        f"{agreed.second}, both {agreed.both} (positive agreement {agreed.specific:.1%}). "
        f"The second reader names {agreed.second_of_first} of the first's pairs "
        f"({agreed.second_of_first_sure} of those the first does not doubt); the first names "
        f"{agreed.first_of_second} of the second's. The matcher finds {agreed.matcher_first} "
        f"of the first reading's pairs, {agreed.matcher_second} of the second's, "
        f"{agreed.matcher_both} of the pairs both name"
        + (f" ({sure} of the {agreed.both_sure} neither doubts)" if sure else "")
        + f". Pairs one reader names and the other does not: {len(agreed.disputed)}, "
        f"{settled} settled by a third reader ({agreed.settled_yes} asked for)"
    )
    if agreed.agreed is None:
        return text + ": the agreed recall waits for the rest (`--disputed`)."
    return text + (
        f"; **the matcher's recall on the agreed pairs** (both name, or settled as asked "
        f"for; {agreed.both + agreed.settled_yes}): **{agreed.agreed}**."
    )


def measure_labelled(postings: Sequence[Posting], matcher, numbers: range | None = None) -> Report:
    """measure() with the project's labels (bench/labels/), recall on the recall postings
    numbered `numbers` alone when given."""
    places = None if numbers is None else places_of(recall_sample(postings), numbers)
    first = labels_read(POSTING_LABELS)
    report = measure(
        postings,
        matcher,
        mention_labels=labels_read(MENTION_LABELS),
        posting_labels=first,
        recall_places=places,
        categories=taxonomy_categories(),
    )
    report.agreement = agreement(
        postings,
        matcher,
        first_labels=first,
        second_labels=labels_read(SECOND_READING),
        settled_labels=labels_read(SETTLED),
        recall_places=places,
    )
    return report


# ---- Reading aids: what a person judges ------------------------------------------------------

CONTEXT = 130


def in_context(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return re.sub(r"\s+", " ", f"{before}[[{text[start:end]}]]{after}")


def share_parse(text: str) -> tuple[int, int]:
    """A reader's share "I/K" (the I-th of K readers) as (I, K)."""
    first, slash, last = text.partition("/")
    try:
        share = (int(first), int(last))
    except ValueError:
        share = (0, 0)
    if not slash or not 1 <= share[0] <= share[1]:
        raise ValueError(f"{text!r}: give a reader's share as I/K, e.g. 2/3 (1 <= I <= K)")
    return share


def in_share(key: tuple, share: tuple[int, int] | None) -> bool:
    """Whether a mention (by its key) falls to reader I of K: shares split the mentions by a
    stable hash of their place, so readers working at once never judge the same mention."""
    if share is None:
        return True
    number, readers = share
    return stable_rank(*key) % readers == number - 1


def todo(
    postings,
    matcher,
    limit: int,
    alias: str | None = None,
    share: tuple[int, int] | None = None,
) -> None:
    """Sampled mentions not judged yet; with `alias`, every unjudged mention of that alias
    (sampled or not: to read all of a new alias's mentions before it is kept); with `share`
    (I, K), only reader I's of K readers' shares."""
    from market.ingestion.matching import phrase_normalised

    if alias is None:
        pending = measure_labelled(postings, matcher).unlabelled
    else:  # as the matcher keeps it: "Deploy…Models" is "deploy ... models"
        judged = {
            mention_key(r["file"], r["row"], r["start"], r["end"], r["skill"])
            for r in labels_read(MENTION_LABELS)
        }
        wanted = phrase_normalised(alias)
        pending = [
            m
            for m in mentions_of(postings, matcher)
            if phrase_normalised(m.alias) == wanted and m.key not in judged
        ]
    pending = [m for m in pending if in_share(m.key, share)]
    items = sorted(pending, key=lambda m: (m.alias, stable_rank(*m.key)))[:limit]
    WORKLIST.parent.mkdir(parents=True, exist_ok=True)
    WORKLIST.write_text(json.dumps([list(m.key) for m in items]))
    print(f"{len(pending)} mentions have no judgement; {len(items)} below.")
    for i, m in enumerate(items, start=1):
        print(f"\n{i}. {m.skill} <- {m.alias!r}  ({m.posting.file} row {m.posting.row})")
        print(textwrap.indent(in_context(m.posting.description, m.start, m.end), "   "))


def judge(postings, answers: Sequence[str]) -> None:
    keys = [tuple(k) for k in json.loads(WORKLIST.read_text())]
    by_place = {(p.file, p.row): p for p in postings}
    labels = {
        mention_key(r["file"], r["row"], r["start"], r["end"], r["skill"]): r
        for r in labels_read(MENTION_LABELS)
    }
    for answer in answers:
        number, _, verdict = answer.partition("=")
        verdict, _, note = verdict.partition(":")
        if verdict not in ("yes", "no"):
            raise SystemExit(f"{answer!r}: the judgement is yes or no")
        file, row, start, end, skill = keys[int(number) - 1]
        text = by_place[(file, row)].description[start:end]
        labels[(file, row, start, end, skill)] = {
            "file": file,
            "row": row,
            "start": start,
            "end": end,
            "skill": skill,
            "judgement": verdict,
            "check": span_check(text),
            "note": note.strip(),
        }
    labels_write(MENTION_LABELS, MENTION_FIELDS, labels.values())
    print(f"{len(answers)} judgements recorded; {len(labels)} in {MENTION_LABELS.name}.")


def disputed(postings, matcher, numbers: range | None) -> None:
    """The pairs one reading names and the other does not, not settled yet, each in its
    context (neither the readings' names nor the matcher's verdict), numbered for --settle."""
    places = None if numbers is None else places_of(recall_sample(postings), numbers)
    agreed = agreement(
        postings,
        matcher,
        first_labels=labels_read(POSTING_LABELS),
        second_labels=labels_read(SECOND_READING),
        recall_places=places,
    )
    settled = {(r["file"], int(r["row"]), r["skill"]) for r in labels_read(SETTLED)}
    rows = [] if agreed is None else agreed.disputed
    rows = [r for r in rows if (r["file"], int(r["row"]), r["skill"]) not in settled]
    number_of = {(p.file, p.row): k for k, p in enumerate(recall_sample(postings), 1)}
    by_place = {(p.file, p.row): p for p in postings}
    DISPUTED.parent.mkdir(parents=True, exist_ok=True)
    DISPUTED.write_text(json.dumps([[r["file"], int(r["row"]), r["skill"]] for r in rows]))
    for n, label in enumerate(rows, 1):
        place = (label["file"], int(label["row"]))
        text = by_place[place].description
        where = in_context(text, int(label["start"]), int(label["end"]))
        print(f"{n}. posting {number_of[place]}, {label['skill']}: {where}\n")
    print(f"{len(rows)} disputed pairs to settle: --settle N=yes|no[:note] ...")


def settle(answers: Sequence[str]) -> None:
    """Record a third reader's word on disputed pairs, by their number in the last --disputed
    listing (kept in DISPUTED, so a number names the pair shown with it)."""
    if not DISPUTED.exists():
        raise SystemExit("no disputed pairs listed yet: run --disputed first, then --settle")
    keys = [tuple(k) for k in json.loads(DISPUTED.read_text())]
    rows = {(r["file"], int(r["row"]), r["skill"]): r for r in labels_read(SETTLED)}
    for answer in answers:
        number, _, verdict = answer.partition("=")
        verdict, _, note = verdict.partition(":")
        if verdict not in ("yes", "no") or not number.isdigit() or not 0 < int(number) <= len(keys):
            raise SystemExit(f"{answer!r}: give N=yes or N=no[:note], N from --disputed")
        file, row, skill = keys[int(number) - 1]
        rows[(file, row, skill)] = {
            "file": file,
            "row": row,
            "skill": skill,
            "verdict": verdict,
            "note": note.strip(),
        }
    labels_write(SETTLED, SETTLED_FIELDS, rows.values())
    print(f"{len(answers)} disputed pairs settled; {len(rows)} in {SETTLED.name}.")


def read_posting(postings, number: int, matcher, *, blind: bool = False) -> None:
    """Recall posting `number` in full, and what the matcher finds in it unless `blind` (a
    held-out reading: the reader labels what the posting asks for without seeing it)."""
    posting = recall_sample(postings)[number - 1]
    print(f"Recall posting {number}: {posting.file} row {posting.row}\n")
    print(posting.description)
    if not blind:
        print(f"\nThe matcher finds: {', '.join(sorted(matcher.find(posting.description)))}")


def asked(postings, items: Sequence[str], matcher, path: Path | None = None) -> None:
    """Record what recall postings ask for: K/skill=phrase (the phrase as posting K writes
    it, to find its span; only the span is stored; "::note" may follow), or K/- for a
    posting that asks for no taxonomy skill. Replaces the labels of every posting named in
    `path` (POSTING_LABELS unless given: SECOND_READING for an independent second reading)."""
    path = path or POSTING_LABELS
    sample = recall_sample(postings)
    known = set(matcher.slugs)
    by_number: dict[int, list[str]] = defaultdict(list)
    for item in items:
        number, _, rest = item.partition("/")
        by_number[int(number)].append(rest)
    places = {(sample[k - 1].file, sample[k - 1].row) for k in by_number}
    rows = [r for r in labels_read(path) if (r["file"], int(r["row"])) not in places]
    for number, wanted in by_number.items():
        posting = sample[number - 1]
        for item in wanted:
            if item == NOTHING_ASKED:
                rows.append({"file": posting.file, "row": posting.row, "skill": NOTHING_ASKED})
                continue
            skill, _, rest = item.partition("=")
            phrase, _, note = rest.partition("::")
            where = posting.description.lower().find(phrase.lower())
            if where < 0 or not phrase:
                raise SystemExit(f"{phrase!r} is not in posting {number}")
            if skill not in known:
                print(f"note: {skill!r} is not (yet) a taxonomy skill; kept, ignored when scoring")
            end = where + len(phrase)
            rows.append(
                {
                    "file": posting.file,
                    "row": posting.row,
                    "skill": skill,
                    "start": where,
                    "end": end,
                    "check": span_check(posting.description[where:end]),
                    "note": note.strip(),
                }
            )
    labels_write(path, POSTING_FIELDS, rows)
    print(f"{len(items)} labels recorded for postings {sorted(by_number)} in {path.name}.")


# ---- Report ------------------------------------------------------------------------------------


def report_text(
    report: Report, *, load: str, numbers: range | None = None, flagged: Collection[str] = ()
) -> str:
    """The report in Markdown; `flagged`: the skills the taxonomy says are asked for in many
    wordings (wording_varies_skills), checked against their measured recall."""
    judged = sum(len(j) for _, j in report.strata.values())
    read = f"{report.read} postings read in full"
    if numbers is not None:
        read = (
            f"recall postings {numbers.start}-{numbers.stop - 1} alone, {report.read} read in full"
        )
    lines = [
        "# Skill extraction: precision and recall, judged by reading",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} by `bench/extraction.py` ({load}).",
        f"Corpus: {report.postings:,} postings ({', '.join(CORPUS)} in `../shared/data/`, exact "
        f"duplicates once); {report.mentions:,} mentions by the shipped taxonomy "
        "(`market/seed/skills.json`). Labels: `bench/labels/` (places and judgements only).",
        "",
        f"- **Precision** (mentions, weighted by alias frequency): **{report.precision}**; "
        f"{judged} judged mentions in {len(report.strata)} strata, effective n "
        f"{report.precision.n:.0f}. Target >= 99%: {_verdict(report.precision, 0.99)}.",
    ]
    if report.recall:
        lines.append(
            f"- **Recall** ((posting, skill) pairs asked for; {read}): **{report.recall}**, "
            f"{report.recall.n} pairs; without the "
            f"{report.recall.n - report.recall_sure.n} pairs noted as doubtful: "
            f"{report.recall_sure}. Target >= 97%: {_verdict(report.recall, 0.97)}."
        )
    if report.agreement:
        lines.append(agreement_text(report.agreement))
    if report.recall_by_category:
        worst_first = sorted(report.recall_by_category.items(), key=lambda kv: kv[1][0] / kv[1][1])
        lines.append(
            "- Recall by the skills' taxonomy category (found / asked): "
            + "; ".join(
                f"{category} {found}/{n}, {proportion(found, n)}"
                for category, (found, n) in worst_first
            )
            + "."
        )
    if report.recall_by_skill and flagged:
        found = sum(report.recall_by_skill.get(s, (0, 0))[0] for s in flagged)
        asked = sum(report.recall_by_skill.get(s, (0, 0))[1] for s in flagged)
        unflagged, above = wording_flags_checked(report.recall_by_skill, flagged)
        lines.append(
            f'- Skills asked for in many wordings (the taxonomy\'s flag, shown as "at least" on '
            f"counted markets; {len(flagged)}): recall {found}/{asked}"
            + (f", {proportion(found, asked)}" if asked else "")
            + f". On {FLAG_MIN_PAIRS}+ pairs, unflagged below {FLAG_BELOW:.0%}: "
            + (", ".join(unflagged) or "none")
            + f"; flagged at or above {FLAG_BELOW:.0%}: "
            + (", ".join(above) or "none")
            + "."
        )
    if report.pair_precision:
        lines.append(
            f"- Posting-level precision on the same postings (pairs found that the posting "
            f"asks for): {report.pair_precision}."
        )
    if report.unlabelled:
        lines.append(
            f"- **{len(report.unlabelled)} sampled mentions have no judgement yet**: the "
            "figures above are provisional (`--todo`)."
        )
    lines.append(
        f"- Judged mentions the matcher no longer finds: {len(report.fixed)} judged wrong "
        f"(fixed), {len(report.lost)} judged right (lost). Stale labels (data changed): "
        f"{len(report.stale)}. Judgements noted as doubtful: {report.doubtful}."
    )
    worst = sorted(report.wrong_by_alias.items(), key=lambda kv: (-kv[1][1] / kv[1][0], kv[0]))
    lines += _listed(
        "Aliases with mentions judged wrong (wrong / judged)",
        [f"{a!r} {bad}/{n}" for a, (n, bad) in worst],
    )
    lines += _listed(
        "Skills asked for that the matcher misses (pairs)",
        [f"{s} {n}" for s, n in report.misses.most_common()],
    )
    lines += _listed(
        "Skills found that the posting does not ask for (pairs)",
        [f"{s} {n}" for s, n in report.extras.most_common()],
    )
    return "\n".join(lines) + "\n"


def _listed(title: str, items: list[str]) -> list[str]:
    return ["", f"{title}: {', '.join(items)}."] if items else []


def _verdict(estimate: Estimate, target: float) -> str:
    if estimate.low >= target:
        return "met, the whole interval"
    if estimate.value >= target:
        return "met by the estimate, not by the whole interval"
    return "not met"


def machine_load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load average {one:.1f} / {five:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"default {DATA}")
    parser.add_argument("--todo", action="store_true")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--alias", help="with --todo: every unjudged mention of this alias")
    parser.add_argument("--judge", nargs="+", metavar="N=yes|no[:note]")
    parser.add_argument("--share", metavar="I/K", help="with --todo: reader I's share of K")
    parser.add_argument("--read", type=int, metavar="K")
    parser.add_argument("--blind", action="store_true", help="with --read: not the matcher's")
    parser.add_argument("--asked", nargs="+", metavar="K/skill=phrase")
    parser.add_argument(
        "--second", action="store_true", help="with --asked: a second, independent reading"
    )
    parser.add_argument(
        "--disputed", action="store_true", help="pairs one reading names, the other does not"
    )
    parser.add_argument("--settle", nargs="+", metavar="N=yes|no[:note]")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    parser.add_argument(
        "--postings", metavar="A-B", help="recall on recall postings A to B alone (printed only)"
    )
    args = parser.parse_args()
    try:
        numbers = None if args.postings is None else numbers_parse(args.postings)
        share = None if args.share is None else share_parse(args.share)
    except ValueError as error:
        parser.error(str(error))
    verbs = [v for v in ("todo", "judge", "read", "asked", "settle") if getattr(args, v)]
    if len(verbs) > 1:  # judges once ran --todo --judge: the listing came, nothing was recorded
        parser.error(
            f"--{verbs[0]} and --{verbs[1]} are separate steps, one per run: --judge and --settle "
            "record verdicts on the numbers of the last --todo or --disputed listing"
        )
    if args.alias and not args.todo:
        parser.error("--alias goes with --todo (every unjudged mention of that alias)")
    if args.share and not args.todo:
        parser.error("--share goes with --todo (a reader's share of the unjudged mentions)")
    if args.blind and not args.read:
        parser.error("--blind goes with --read (a posting without what the matcher finds)")
    if args.second and not args.asked:
        parser.error("--second goes with --asked (labels of a second, independent reading)")
    if args.disputed and verbs:
        parser.error(f"--disputed lists pairs to settle; it does not go with --{verbs[0]}")
    if args.postings and verbs:
        parser.error(f"--postings measures recall; it does not go with --{verbs[0]}")
    postings = corpus_read(args.data)
    matcher = taxonomy_matcher()
    if args.todo:
        return todo(postings, matcher, args.limit, args.alias, share)
    if args.judge:
        return judge(postings, args.judge)
    if args.read:
        return read_posting(postings, args.read, matcher, blind=args.blind)
    if args.settle:
        return settle(args.settle)
    if args.disputed:
        return disputed(postings, matcher, numbers)
    if args.asked:
        return asked(
            postings, args.asked, matcher, SECOND_READING if args.second else POSTING_LABELS
        )
    report = measure_labelled(postings, matcher, numbers)
    text = report_text(
        report, load=machine_load(), numbers=numbers, flagged=wording_varies_skills()
    )
    print(text)
    if not args.no_write and numbers is None:
        section_write("extraction", text)


if __name__ == "__main__":
    main()
