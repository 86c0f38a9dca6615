"""Reading one job ad: the skills it asks for, must-have or nice-to-have, at which level, and
how far a person is from it.

Pure Python, no Django: the service (`assessments/services/ads.py`) hands it the ad's text,
the importer's whole-word matcher (`SkillMatcher`) and title rules, and the market's
shares; readiness is `assessments.scoring`'s, not a formula of its own.

How an ad is read, in order (every word list is data below):

1. **Lines.** A line that continues a sentence wrapped onto it (it starts with a lower-case
   letter, or the line before ends with a joining word such as "and", "with" or a comma) joins
   the line before; every other line stands alone, so list items pasted without bullets stay
   apart.
2. **Headings.** A short line (at most HEADING_MAX_WORDS words, not ending with a full stop)
   that names a kind of section, and either is marked as a heading (ends with ":", Markdown
   "#", bold, all capitals) or mentions no skill, is a heading: it sets the kind of everything
   below it until the next heading. Kinds: MUST (requirements, qualifications, the role; also
   the kind of whatever comes before any heading), NICE (nice to have, bonus, preferred,
   ideally...) and ABOUT (the company, benefits, how to apply). A marked heading that names no
   kind ("Location:") ends the section above it: back to MUST; so does plain text after a
   blank line that follows a bulleted NICE or ABOUT list. Before the first heading of an ad
   with a heading of what the job needs (MUST), a sentence in the company's voice ("We are one of
   AWS's biggest customers": "we", "our", no "you", not "we are looking for") is ABOUT.
3. **Labels.** A line that starts with a cue and a colon or dash ("Preferred: Snowflake,
   Airflow", "Nice to have - Docker", "Nice-to-haves: Scala") gives the rest of that line the
   cue's kind, without changing the section. Cues are read in any case, with spaces or
   hyphens, singular or plural ("Must-haves", "Nice to haves", "Pluses").
4. **Sentences.** Inside a line, a sentence (split at ". ", "; ", "! ", "? ") with a
   nice-to-have cue ("a plus", "bonus", "preferred", "ideally"...) makes its skills
   nice-to-have, one with a must cue ("must", "required", "essential"...) makes them
   must-haves, whatever the section: "Ideally, you have worked with AWS" under "Why us"
   still asks for AWS. A sentence with cues of both kinds is read clause by clause (split at
   commas, "but", "while"): a clause without a cue takes the kind of the next clause that has
   one, else of the one before. A bracketed aside with a cue of its own is a clause of its
   own: "Strong PyTorch (TensorFlow is a plus)" asks for PyTorch as its line does. An aside
   preferring one of the alternatives it offers ("Cloud experience (AWS preferred, GCP or
   Azure fine)") is not: it offers them as its sentence asks (`_preference_aside`).
5. **Title.** The ad's title names the job, not what it asks of a person: a skill named only
   there ("Machine Learning" in "Senior Machine Learning Engineer") is not asked for (kind
   TITLE, listed apart like ABOUT). The title is the one the person typed, and the ad's own
   title line: its first line, unless a heading, when its first sentence reads as a job's name
   (a JOB_NOUNS word used as a noun, `names_a_job`: not "Engineer scalable Spark pipelines";
   nothing in a "we"/"you" voice, no "looking for": "We are hiring a Data Engineer to build
   Spark pipelines" asks for Spark; words saying the job is open around its name are left
   aside: "Hiring: ML Engineer", "Data Scientist wanted", `hired_job`) or is the typed title.
   No line joins it. A title's words from "with" on (TITLE_ASKS) say what the job needs:
   "Software Engineer with ML and Python" asks for ML and Python.
6. **Skills.** The importer's matcher finds the skills of each sentence (whole words: "R&D" is
   not R, "excellent" is not Excel). A skill is a must-have if any mention of it is, else
   nice-to-have if any mention is; a skill mentioned only in the title or in ABOUT parts is
   not asked for.

Then, for a person:

* **Required level** by the ad's seniority (from its title, by the importer's rules) and
  must/nice: REQUIRED_LEVEL. A senior ad asks more of its must-haves than a mid one, a mid
  one more than an entry one.
* **Weight** = the skill's share of postings (0..1) at the nearest level of the market that
  measures it (`nearest_share`: the ad's role and seniority, the role at every seniority,
  every role at the seniority, every posting); where none does, UNMEASURED_WEIGHT ("as if half
  of postings asked for it": the ad itself asks for it). A must-have weighs at least
  UNMEASURED_WEIGHT, the floor for what an ad requires: being measured at a low share never
  makes it matter less than being unmeasured. A nice-to-have counts NICE_FACTOR (half) of
  that floored weight, so at least what an unmeasured nice-to-have weighs (0.25: Kubernetes
  at 16.9% weighs 0.25, not 0.085), but a level it misses never costs more than a level the
  ad's lightest must-have misses: it weighs at most NICE_CAP (1/3) of that must-have's
  weight, the lowest ratio of a nice-to-have's required level to a must-have's at any
  seniority, as the gap score divides by the required level (no cap when the ad has no
  must-have; the cap wins over the floor: 0.5 / 3 under a must-have at 0.5). The ad itself
  says it matters less, so an unmeasured nice-to-have at None (0.25; two levels short of
  Beginner at a senior ad) costs less than a must-have that 16.9% of postings ask for, two
  levels short of Advanced (0.5 / 3 against 0.5 x 2 / 4: the must-have at its floor).
* **Gap score, readiness, hours to close**: `scoring.gap_score` over `ad_requirements`, the
  same method as the target's report (and what a plan toward the ad is scheduled from).
"""

import functools
import hashlib
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import ModuleType

from assessments.scoring import (
    LEVEL_NAMES,
    ROADMAP_WEIGHT,
    GapResult,
    Requirement,
    SkillGap,
    gap_score,
)
from market.ingestion.matching import Mention, SkillMatcher
from market.ingestion.postings import seniority_from_title
from market.vocabulary import NOT_REQUIRED

# The reading's version. A saved ad records what read it (`services.ads`: this version, the
# reading's code, `reading_code_digest`, and the taxonomy's rules) and is read again when any
# differs, so a change to the code needs no raise; raise it for a change the code's digest
# cannot see (what `services.ads` saves of a reading, a library that matches differently).
# 2: a title-only skill is not asked for;
# 3: a job noun used as a verb makes no title ("Engineer scalable pipelines"), a title's
# "with ..." asks ("Software Engineer with ML and Python"); 4: so does a typed title's; 5: a
# first line saying the job is open around its name is a title ("Data Scientist wanted"); 6: the
# ad's first requirement is saved with its reading (`AdReading.first_ask`).
READING_VERSION = 6
# The project's packages whose modules are a reading's code (`reading_code_paths`).
READING_PACKAGES = ("assessments", "market")

MUST, NICE, ABOUT = "must", "nice", "about"
TITLE = "title"  # named in the ad's title: the job's name, not something it asks for
ONE_OF = "one of"  # a must-have the ad offers with alternatives: it needs one of them

# ---- Cues ----------------------------------------------------------------------------------
# Phrases (regular expressions, matched as whole words, any case) that make a sentence, a
# label or a heading say "nice to have" or "must have".
NICE_CUES = (
    r"nice[\s-]+to[\s-]+haves?",  # "Nice-to-haves:", "Nice to haves"
    r"good[\s-]+to[\s-]+haves?",
    r"(?:a|an?\s+(?:big|huge|real|definite|strong|major|added|extra))\s+plus",
    r"plus(?:es)?\s+(?:if|points?)",
    r"pluses",  # a heading or label, "Pluses:"; "plus" alone joins skills ("Python plus SQL")
    r"bonus(?:es)?",
    r"preferred",
    r"preferably",
    r"ideally",
    r"desirable",
    r"desired",
    r"advantageous",
    r"an\s+advantage",
    r"optional",
    r"not\s+(?:a\s+)?(?:required|requirement|must)",
    r"would\s+be\s+(?:great|nice|good|helpful|a\s+bonus|beneficial)",
    r"helpful",
    r"beneficial",
    r"appreciated",
    r"extra\s+credit",
    r"stand\s+out",
    r"even\s+better",
)
MUST_CUES = (
    r"must[\s-]+haves?",  # "Must-haves:", "a must-have"
    r"must",
    r"required",
    r"a\s+requirement",
    r"essential",
    r"mandatory",
    r"need\s+to\s+have",
)
# Headings (and labels) of the parts about the company rather than the job. "About X" is one
# of them unless X is the job itself (ABOUT_THE_JOB).
ABOUT_CUES = (
    r"about\s+us",
    r"about\s+the\s+company",
    r"who\s+we\s+are",
    r"our\s+(?:company|mission|values|culture|story|benefits|perks)",
    r"company\s+(?:overview|description|profile)",
    r"benefits?",
    r"perks",
    r"what\s+we\s+offer",
    r"we\s+offer",
    r"compensation",
    r"salary",
    r"why\s+(?:join|work)",
    r"equal\s+opportunit(?:y|ies)",
    r"eeo",
    r"diversity",
    r"how\s+to\s+apply",
    r"application\s+process",
    r"life\s+at",
)
ABOUT_THE_JOB = (
    r"about\s+(?:you|the\s+(?:role|job|position|team|opportunity)|this\s+(?:role|job|position))"
)
# Headings of the parts that say what the job needs.
JOB_CUES = (
    *MUST_CUES,
    ABOUT_THE_JOB,
    r"requirements?",
    r"qualifications?",
    r"responsibilities",
    r"duties",
    r"what\s+you(?:'ll|’ll|\s+will)?\s+(?:need|bring|do)",
    r"what\s+we(?:'re|’re|\s+are)\s+looking\s+for",
    r"who\s+you\s+are",
    r"you\s+(?:have|bring)",
    r"you(?:'ll|’ll|\s+will)\s+(?:have|need|do)",
    r"(?:the|your)\s+(?:role|profile)",
    r"(?:tech(?:nology)?|our)\s+stack",
    r"^you$",  # a heading of one word, "You", as in "About us / You / The role"
    r"you\s+(?:are|will)$",  # "You are", "In this role, you will"
    r"in\s+(?:this|the)\s+role",
)
# Words that name a job part only in a line marked as a heading ("Skills:", "## Experience"):
# unmarked, "Startup experience" is more likely an item of a list than a heading.
JOB_WORDS_MARKED = (
    r"skills?",
    r"experience",
    r"expertise",
    r"profile",
    r"tools",
    r"technologies",
    r"looking\s+for",
    r"the\s+job",
)
# Words of a sentence in the company's voice that still say whom it seeks.
SEEKING_CUES = (
    r"look(?:s|ing)?\s+for",
    r"hir(?:e|es|ing)",
    r"seek(?:s|ing)?",
    r"search(?:es|ing)?\s+for",
    r"need(?:s|ed)?",
    r"expect(?:s|ed)?",
    r"requir(?:e|es|ing)",
    r"want(?:s|ed)?",
    r"candidates?",
    r"applicants?",
)
# Words that make a line a job's name ("Senior Data Engineer", "Head of ML, Platform"); as a
# verb ("lead the team") a word cannot be one.
JOB_NOUNS = (
    r"engineer",
    r"scientist",
    r"analyst",
    r"developer",
    r"programmer",
    r"researcher",
    r"architect",
    r"manager",
    r"director",
    r"head\s+of",
    r"specialist",
    r"consultant",
    r"administrator",
    r"statistician",
    r"modell?er",
    r"intern",
    r"internship",
    r"technician",
    r"designer",
    r"officer",
)
# The words that may follow a job noun in a job's name ("Head of ML", "Engineer at Acme",
# "Data Analyst and Engineer", "Engineer II"): any other word in lower case after it makes the
# noun a verb ("Engineer scalable Spark pipelines") or the line a sentence about the job.
AFTER_JOB_NOUN = frozenset({"of", "at", "in", "for", "and", "or", "&", "/", "i", "ii", "iii", "iv"})
# Words after a job's name that start what the job needs: "Software Engineer with ML and
# Python" names the job "Software Engineer" and asks for ML and Python.
TITLE_ASKS = (
    r"with",
    r"who",
    r"having",
    r"(?:skilled|experienced|proficient|versed)\s+in",
    r"knowledge\s+of",
)
# How a title line says the job is open around its name: "Hiring: ML Engineer", "We're hiring
# a Data Engineer", "Now hiring - Data Analyst", "Join our team as a Data Scientist" before it;
# "Data Scientist wanted", "Senior ML Engineer needed" after it. What is left is read as a name.
HIRING_BEFORE_NAME = (
    r"(?:(?:we(?:'re|’re|\s+are)|(?:is|are)\s+now|now|urgently|currently)\s+)?hiring"
    r"(?:\s*[:!\-–—|]\s*|\s+(?:an?\s+|for\s+(?:an?\s+)?)?)",
    r"join\s+(?:our|the)\s+team\s+as\s+(?:an?\s+)?",
)
HIRING_AFTER_NAME = (r"wanted", r"needed", r"urgently\s+needed")
HEADING_MAX_WORDS = 8
# Words in a bracketed aside saying skills after a preferred one do as well: "(AWS preferred,
# GCP or Azure fine)" offers three clouds, AWS the one liked best (`_preference_aside`).
ALSO_FINE = (
    r"or",
    r"fine",
    r"ok",
    r"okay",
    r"acceptable",
    r"also",
    r"too",
    r"works?",
    r"equally",
    r"welcome",
)
# The nice-to-have cues that can name the alternative liked best ("AWS preferred").
PREFERENCE_CUES = (r"preferred", r"preferably", r"ideally")
# Openings of headings phrased as a question or to the reader ("What would make you stand
# out", "You'll need"): with them, an unmarked heading's cue may come later in the line.
HEADING_OPENERS = r"(?:what|how|who|why|where|you|you'll|you’ll|you'd|you’d|we'd|we’d|if)\s"
UNMARKED_HEADING_MAX_WORDS = 6
# A line ending with one of these (or a comma) goes on in the next line.
JOINING_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "including", "into", "like"}
    | {"of", "on", "or", "such", "the", "to", "with"}
)
# Full stops after these do not end a sentence.
ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "etc.", "vs.", "incl.", "approx.", "esp.", "min.", "jr.", "sr.", "snr."}
)


def _cue_regex(cues: Iterable[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(cues) + r")(?![\w-])", re.IGNORECASE)


_NICE = _cue_regex(NICE_CUES)
_ALSO_FINE = _cue_regex(ALSO_FINE)
_PREFERENCE = _cue_regex(PREFERENCE_CUES)
_MUST = _cue_regex(MUST_CUES)
_ABOUT = _cue_regex(ABOUT_CUES)
_ABOUT_THE_JOB = _cue_regex([ABOUT_THE_JOB])
_ABOUT_SOMETHING = re.compile(r"^about\s+\S", re.IGNORECASE)
_JOB = _cue_regex(JOB_CUES)
_JOB_MARKED = _cue_regex(JOB_WORDS_MARKED)
_HEADING_OPENER = re.compile(HEADING_OPENERS, re.IGNORECASE)
_WE = _cue_regex([r"we", r"we(?:'re|’re|'ve|’ve)", r"our", r"us"])
_YOU = _cue_regex([r"you(?:r|rs|rself|'ll|’ll|'re|’re|'ve|’ve|'d|’d)?"])
_SEEKING = _cue_regex(SEEKING_CUES)
_JOB_NOUN = _cue_regex(JOB_NOUNS)
_HIRING_BEFORE_NAME = re.compile(r"^(?:" + "|".join(HIRING_BEFORE_NAME) + ")", re.IGNORECASE)
_HIRING_AFTER_NAME = re.compile(
    r"\s*[-–—,]?\s+(?:" + "|".join(HIRING_AFTER_NAME) + r")\s*[!.]*$", re.IGNORECASE
)
_TITLE_ASKS = re.compile(r"\s+(?=(?:" + "|".join(TITLE_ASKS) + r")\s)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪▫◦●○■□►▶➤✓✔–—]|\d{1,2}[.)]|[a-z][.)](?=\s))\s*")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")
_LABEL = re.compile(r"^(?P<label>.{2,60}?)(?::|\s[-–—])\s*(?P<rest>\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_ASIDE = re.compile(r"\(([^()]+)\)")  # "(TensorFlow is a plus)"
_CLAUSE_END = re.compile(r"(?:(?<=,)|(?<=\s-)|(?<=\s–)|(?<=\s—))\s+|\s+(?=(?:but|while|whereas)\s)")


def section_kind(label: str, *, marked: bool = True) -> str | None:
    """The kind of section a heading or label names, or None: NICE before ABOUT before MUST
    ("Preferred qualifications" is NICE, "Benefits" ABOUT, "Requirements" MUST). Unmarked
    (`marked=False`: a plain line, not "Skills:" or "## Skills"), the cue must start within the
    first two words (or the line open like a question, HEADING_OPENERS) and JOB_WORDS_MARKED
    do not count."""

    def found(pattern: re.Pattern) -> bool:
        match = pattern.search(label)
        if not match or marked:
            return bool(match)
        return len(label[: match.start()].split()) <= 1 or bool(_HEADING_OPENER.match(label))

    if found(_NICE):
        return NICE
    if found(_ABOUT_THE_JOB):
        return MUST
    if found(_ABOUT) or _ABOUT_SOMETHING.search(label.strip()):
        return ABOUT
    if found(_JOB) or (marked and _JOB_MARKED.search(label)):
        return MUST
    return None


def sentence_kind(text: str) -> str | None:
    """NICE when `text` carries a nice-to-have cue, MUST when it carries a must cue, None
    when neither (or both: see `clause_kinds`)."""
    nice, must = bool(_NICE.search(text)), bool(_MUST.search(_NICE.sub(" ", text)))
    if nice == must:
        return None
    return NICE if nice else MUST


def _has_both_cues(text: str) -> bool:
    return bool(_NICE.search(text)) and bool(_MUST.search(_NICE.sub(" ", text)))


# ---- Structure: lines, headings, sentences -------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A piece of the ad (a sentence or clause) and the kind it has."""

    text: str
    kind: str


def _heading_text(line: str) -> tuple[str, bool]:
    """The line without heading marks, and whether it was marked as a heading."""
    text = line.strip()
    marked = bool(_MARKDOWN_HEADING.match(text))
    text = _MARKDOWN_HEADING.sub("", text)
    emphasis = _EMPHASIS.match(text)
    if emphasis:
        text, marked = emphasis.group(2).strip(), True
    if text.endswith(":"):
        text, marked = text[:-1].strip(), True
    emphasis = _EMPHASIS.match(text)  # "**Requirements:**" and "**Requirements**:"
    if emphasis:
        text = emphasis.group(2).strip()
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        marked = True
    return text, marked


def _as_heading(line: str, find: Callable[[str], set[str]]) -> tuple[bool, str | None]:
    """(is `line` a heading, the kind it names). A heading names no skill ("Python:" and
    "PYTHON" are content); unmarked, it is short, not a list item and has no digits."""
    bulleted = bool(_BULLET.match(line))
    text, marked = _heading_text(_BULLET.sub("", line, count=1))
    words = text.split()
    if not words or len(words) > HEADING_MAX_WORDS or text.endswith((".", "!", "?", ",")):
        return False, None
    if not marked and (
        bulleted or len(words) > UNMARKED_HEADING_MAX_WORDS or any(c.isdigit() for c in text)
    ):
        return False, None
    kind = section_kind(text, marked=marked)
    if (kind is None and not marked) or find(text):
        return False, None
    return True, kind


def _joins(previous: str, line: str) -> bool:
    """Whether `line` continues the sentence `previous` was wrapped from: it starts with a
    lower-case letter, or `previous` ends with a comma or a joining word."""
    before = previous.rstrip()
    if not before or _BULLET.match(line) or before.endswith((".", ":", ";", "!", "?")):
        return False
    last = before.split()[-1].lower()
    return line.lstrip()[:1].islower() or before.endswith(",") or last in JOINING_WORDS


def _sentences(text: str) -> list[str]:
    """`text` cut after ". ", "; ", "! ", "? " (not after "e.g." and other abbreviations)."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        last = pieces[-1].split()[-1].lower().lstrip("([{\"'") if pieces else ""
        if last in ABBREVIATIONS:
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def clause_kinds(sentence: str) -> list[tuple[str, str | None]]:
    """The clauses of a sentence with cues of both kinds, each with its kind: its own cue, else
    the next clause's, else the one before's. "Python is required, Spark is a plus" ->
    [("Python is required,", MUST), ("Spark is a plus", NICE)]."""
    clauses = [c for c in _CLAUSE_END.split(sentence) if c.strip()]
    kinds = [sentence_kind(c) for c in clauses]
    resolved: list[str | None] = []
    for i, kind in enumerate(kinds):
        if kind is None:
            kind = next((k for k in kinds[i + 1 :] if k), None) or next(
                (k for k in reversed(resolved) if k), None
            )
        resolved.append(kind)
    return list(zip(clauses, resolved, strict=True))


def _asides_apart(sentence: str, find: Callable[[str], set[str]]) -> tuple[str, list[Passage]]:
    """The sentence without its bracketed asides that name a skill (`find`) and carry a cue
    of their own, and those asides, each with its own kind: "Strong PyTorch (TensorFlow is a
    plus)" asks for PyTorch as the rest of its line does, and TensorFlow as a nice-to-have.
    An aside that is only a cue ("Kafka (ideally) or Snowflake") stays: it says the sentence's
    kind."""
    asides = [
        Passage(inside, kind)
        for inside in _ASIDE.findall(sentence)
        if (kind := sentence_kind(inside))  # no kind for both cues either
        and find(inside)
        and not _preference_aside(inside, find)
    ]
    if not asides:
        return sentence, []
    told = {a.text for a in asides}
    rest = _ASIDE.sub(lambda m: " " if m.group(1) in told else m.group(0), sentence)
    return " ".join(rest.split()), asides


def _preference_aside(inside: str, find: Callable[[str], set[str]]) -> bool:
    """Whether a bracketed aside's nice-to-have cue says which of its alternatives is liked
    best, not that its skills are nice-to-haves: its last clause with a nice-to-have cue
    names a skill and says it is preferred (PREFERENCE_CUES), and a clause after it without a
    cue names a skill and offers it as well (ALSO_FINE: "or", "fine", "also"...).
    "Cloud experience (AWS preferred, GCP or Azure fine)" asks for cloud experience and
    offers AWS, GCP or Azure for it (a must-have list of alternatives, AWS named as preferred
    and kept in the list: the reading has no "preferred" among alternatives); the cue applies
    to AWS alone, so the aside is no nice-to-have clause of its own, and its cue does not
    make its sentence nice-to-have (`_without_preferences`). "(TensorFlow, JAX are a plus)"
    ends with its cue: it applies to the whole aside."""
    clauses = [c for c in _CLAUSE_END.split(inside) if c.strip()]
    kinds = [sentence_kind(c) for c in clauses]
    if NICE not in kinds:
        return False
    cued = max(i for i, kind in enumerate(kinds) if kind == NICE)
    if not (_PREFERENCE.search(clauses[cued]) and find(clauses[cued])):
        return False
    return any(
        kinds[i] is None and find(clauses[i]) and _ALSO_FINE.search(clauses[i])
        for i in range(cued + 1, len(clauses))
    )


def _without_preferences(sentence: str, find: Callable[[str], set[str]]) -> str:
    """`sentence` with the cues of its preference asides (`_preference_aside`) blanked out:
    the text its kind is read from."""

    def blank(match: re.Match) -> str:
        inside = match.group(1)
        return f"({_NICE.sub(' ', inside)})" if _preference_aside(inside, find) else match.group(0)

    return _ASIDE.sub(blank, sentence)


def _line_passages(
    text: str, section: str, *, find: Callable[[str], set[str]], intro: bool = False
) -> list[Passage]:
    """A line's sentences (or clauses) with their kinds: a sentence's own cue, else the
    section's. In the company's parts too: "Ideally, you have worked with AWS" asks. In the
    `intro`, a sentence in the company's voice (`company_voice`) is ABOUT. A bracketed aside
    with a cue of its own is a clause of its own (`_asides_apart`)."""
    passages = []
    for whole in _sentences(text):
        sentence, asides = _asides_apart(whole, find)
        if not sentence:
            passages += asides
            continue
        cued = _without_preferences(sentence, find)
        if _has_both_cues(cued):
            passages += [Passage(c, kind or section) for c, kind in clause_kinds(sentence)]
        else:
            kind = sentence_kind(cued) or (ABOUT if intro and company_voice(sentence) else section)
            passages.append(Passage(sentence, kind))
        passages += asides
    return passages


def company_voice(sentence: str) -> bool:
    """Whether a sentence speaks of the company ("we", "our", "us"), not to the reader
    ("you", "your") and not of whom it seeks ("we are looking for", "we need")."""
    return (
        bool(_WE.search(sentence)) and not _YOU.search(sentence) and not _SEEKING.search(sentence)
    )


def _labelled(line: str, find: Callable[[str], set[str]]) -> tuple[str, str] | None:
    """(kind, rest) of a line that starts with a cue naming no skill, then a colon or a
    spaced dash, then text ("Preferred: Snowflake"); else None."""
    match = _LABEL.match(line)
    if not match:
        return None
    label, _ = _heading_text(match.group("label"))
    if len(label.split()) > UNMARKED_HEADING_MAX_WORDS or find(label):
        return None
    kind = section_kind(label)
    return (kind, match.group("rest")) if kind else None


def ad_passages(text: str, *, find: Callable[[str], set[str]], title: str = "") -> list[Passage]:
    """The ad's sentences (and clauses), each with the kind its place gives it (see the
    module docstring); headings themselves are left out. `find` names the skills of a text
    (the matcher's `find`), to tell a heading from a line about one skill; `title` is the one
    the person typed ("" for none), to know the ad's title line by."""
    raws = (text or "").splitlines()
    title_at = _title_line(raws, find=find, typed=title)
    lines: list[tuple[str, bool, str | None]] = []  # (text, is a heading, kind it names)
    for at, raw in enumerate(raws):
        if not raw.strip():
            lines.append(("", False, None))
            continue
        if at == title_at:  # a heading of its own: no line joins it
            lines.append((raw.strip(), True, TITLE))
            continue
        is_heading, kind = _as_heading(raw, find)
        previous = lines[-1] if lines else ("", True, None)
        if not is_heading and not previous[1] and _joins(previous[0], raw):
            lines[-1] = (f"{previous[0].rstrip()} {raw.strip()}", False, None)
        else:
            lines.append((raw.strip(), is_heading, kind))
    section = MUST
    passages: list[Passage] = []
    after_blank = after_item = False
    # Before the first heading of an ad with a heading of what the job needs: its introduction.
    intro = any(is_heading and kind == MUST for _, is_heading, kind in lines)
    for line, is_heading, kind in lines:
        if kind == TITLE:  # the job's name, then whatever else its line says
            title, rest = _line_title(line)
            name, asks = job_name(title)
            passages.append(Passage(name, TITLE))
            passages += [Passage(asks, section)] if asks else []
            passages += _line_passages(rest, section, find=find, intro=intro) if rest else []
            continue
        if is_heading:
            section, after_item, intro = kind or MUST, False, False
            continue
        if not line:
            after_blank = True
            continue
        bulleted = bool(_BULLET.match(line))
        if section != MUST and after_blank and after_item and not bulleted:
            section = MUST  # a list, a blank line, then plain text: the list's part is over
        after_blank, after_item = False, bulleted
        content = _BULLET.sub("", line, count=1)
        if not content:
            continue
        label = _labelled(content, find)
        if label is not None:
            passages += _line_passages(label[1], label[0], find=find)
        else:
            passages += _line_passages(content, section, find=find, intro=intro)
    return passages


# ---- Alternatives: "Python, Scala or Java" -----------------------------------------------------

# Words after a list's last skill that make it a list of alternatives: "AWS, Azure, or other
# clouds", "Python, PySpark or Scala development" (an item of at most three words that names
# no skill).
ALTERNATIVES_AFTER = (
    r"or\s+(?:other|another|similar|equivalent|comparable|related"
    r"|[^\s,;:.()]+(?:\s+[^\s,;:.()]+){0,2}\s*(?:[,;:.)]|$))"
)
# Words before a list that make its items examples of one thing: "frameworks such as PyTorch
# and TensorFlow", "one of Python, Scala".
ALTERNATIVES_BEFORE = (
    r"one\s+of(?:\s+the\s+following)?",
    r"any\s+of(?:\s+the\s+following)?",
    r"either",
    r"such\s+as",
    r"e\.\s?g\.?",
    r"for\s+(?:example|instance)",
    r"(?<!would\s)(?<!'d\s)(?<!’d\s)like",  # "frameworks like PyTorch", not "we'd like"
)
LIST_ITEM_MAX_WORDS = 4  # a longer piece between two skills ends the list
_ALTERNATIVES_AFTER = re.compile(
    r"^\s*\)?(?:\s*,\s*[^,;:.()]{1,40}?)*\s*,?\s*" + ALTERNATIVES_AFTER, re.IGNORECASE
)
_ALTERNATIVES_BEFORE = re.compile(
    r"(?<![\w-])(?:" + "|".join(ALTERNATIVES_BEFORE) + r")\s*[:,]?\s*\(?\s*$", re.IGNORECASE
)
_LINK_OR = re.compile(r"^(?:.*,)?\s*(?:or|and\s*/\s*or)\s*\(?\s*$", re.IGNORECASE | re.DOTALL)
_LINK_SLASH = re.compile(r"^\s*/\s*\(?\s*$")
_LINK_AND = re.compile(r"^(?:.*,)?\s*(?:and|&|\+)\s*\(?\s*$", re.IGNORECASE | re.DOTALL)


def _link(between: str) -> str | None:
    """How two skills side by side in a list are linked, from the text between them: "or"
    (", or", " or ", "and/or"), "/" (a slash alone), "and" (" and ", " & "), "," (a comma),
    or None when they are not items of one list (a piece of more than LIST_ITEM_MAX_WORDS
    words or a sentence's punctuation between them). Short pieces without a skill ("Ruby, ")
    are items too."""
    text = re.sub(r"\([^()]{0,40}\)", " ", between)  # "AWS (S3, EC2), Azure"
    if re.search(r"[;:.!?]", text):
        return None
    pieces = text.split(",")
    if any(len(piece.split()) > LIST_ITEM_MAX_WORDS for piece in pieces):
        return None
    if _LINK_OR.match(text):
        return "or"
    if _LINK_SLASH.match(text):
        return "/"
    if _LINK_AND.match(text):
        return "and"
    return "," if len(pieces) > 1 and not pieces[-1].strip(" (") else None


def _before_aside(text: str, mentions: Sequence[Mention], i: int) -> int | None:
    """The index of the mention before the bracketed aside that ends just before mention `i`,
    when the mention before `i` is inside it: in "AWS (SageMaker) or GCP", AWS for GCP. The
    aside is about the skill before it, not an item of the list ("Azure (ML Studio) or
    AWS")."""
    if i < 2:
        return None
    opened = text.rfind("(", 0, mentions[i - 1].start)
    closed = text.find(")", mentions[i - 1].end, mentions[i].start)
    if opened < 0 or closed < 0 or ")" in text[opened : mentions[i - 1].start]:
        return None
    return next((k for k in range(i - 2, -1, -1) if mentions[k].end <= opened), None)


def alternative_groups(text: str, mentions: Sequence[Mention]) -> list[set[str]]:
    """The sets of skills `text` offers as alternatives, each of two skills or more.
    `mentions` are its skills' mentions, in order, not overlapping (`SkillMatcher.spans_of`).

    Skills side by side in a list (`_link`) form a run; a bracketed aside after a skill is
    skipped (`_before_aside`): "AWS (SageMaker) or GCP" offers AWS or GCP. A run is a list
    of alternatives when a word before it says its items are examples (ALTERNATIVES_BEFORE:
    "such as", "one of", "e.g."): the whole run. Otherwise it is read part by part, a part
    ending where an "and" links the next skill ("Python and Spark or Scala": "Python", "Spark
    or Scala"). A part whose last link is the word "or" ("A, B, or C", "A, B or C", "A/B or
    C"), or that ends the run before "or other..." (ALTERNATIVES_AFTER), offers all its
    skills. In any other part, a "/" or an "or" binds only the two skills beside it: "A,
    B/C, D" and "A, B or C, D" offer B or C and ask for A and D each, as one-line lists of
    requirements write a tight pair ("SQL/Airflow") among skills asked each."""
    groups: list[set[str]] = []
    runs: list[list[tuple[int, str | None]]] = []  # (mention index, link to the one before)
    run_of: dict[int, int] = {}  # mention index -> its run
    for i, mention in enumerate(mentions):
        before = i - 1
        link = _link(text[mentions[before].end : mention.start]) if i else None
        if link is None and (aside := _before_aside(text, mentions, i)) is not None:
            before, link = aside, _link(text[mentions[aside].end : mention.start])
        if link is None:
            run_of[i] = len(runs)
            runs.append([(i, None)])
        else:
            run_of[i] = run_of[before]
            runs[run_of[i]].append((i, link))
    for run in runs:
        first, last = mentions[run[0][0]], mentions[run[-1][0]]
        if len(run) > 1 and _ALTERNATIVES_BEFORE.search(text[: first.start]):
            groups.append({mentions[i].slug for i, _ in run})
            continue
        parts: list[list[tuple[int, str | None]]] = []
        for i, link in run:
            if link in (None, "and"):
                parts.append([(i, link)])
            else:
                parts[-1].append((i, link))
        ends_with_or = bool(_ALTERNATIVES_AFTER.match(text[last.end :]))
        for n, part in enumerate(parts):
            if part[-1][1] == "or" or (n == len(parts) - 1 and ends_with_or):
                offered = [[i for i, _ in part]]  # "A, B or C": the whole part
            else:
                offered = []  # "A, B/C, D": each "/" or "or" binds its two neighbours
                for i, link in part:
                    if link in ("or", "/") and offered:
                        offered[-1].append(i)
                    else:
                        offered.append([i])
            for indexes in offered:
                slugs = {mentions[i].slug for i in indexes}
                if len(slugs) > 1:
                    groups.append(slugs)
    return groups


# ---- What the ad asks for ------------------------------------------------------------------


@dataclass(frozen=True)
class AdAsk:
    """A skill the ad asks for."""

    skill: str  # slug
    must_have: bool
    phrases: tuple[str, ...] = ()  # as the ad writes it, each once, in order
    # The number of the list of alternatives the ad offers it in ("AWS, Azure or GCP"): the
    # ad needs one skill of each such group. Only on must-haves.
    one_of: int | None = None


@dataclass(frozen=True)
class AdReading:
    title: str
    seniority: str  # entry | mid | senior | staff, from the title
    role: str | None  # the role the title rules give, by name; None when none does
    asks: tuple[AdAsk, ...]  # in order of first mention
    mentioned: tuple[str, ...] = ()  # skills named only in the parts about the company
    in_title: tuple[str, ...] = ()  # skills named in its title and not asked for (step 5)
    # Its first requirement as it words it: the first passage of kind MUST of its text that the
    # reading quotes a skill from, cut at a word to FIRST_ASK_MAX_CHARS; "" when none. Saved
    # with the reading (`JobAd.first_ask`), it tells ads of one title apart in their list.
    first_ask: str = ""

    @property
    def must(self) -> tuple[AdAsk, ...]:
        return tuple(a for a in self.asks if a.must_have)

    @property
    def nice(self) -> tuple[AdAsk, ...]:
        return tuple(a for a in self.asks if not a.must_have)


TITLE_MAX_CHARS = 120
JOB_NAME_MAX_WORDS = 3  # words between a skill and the job noun of a job's name it is part of


def ad_title(text: str) -> str:
    """The ad's title: the first sentence of its first line that is not a section heading
    ("About the job"), without bullets or Markdown marks, cut at a word to TITLE_MAX_CHARS;
    "" for no text."""
    for line in (text or "").splitlines():
        if title := _line_title(line)[0]:
            return _cut(title, TITLE_MAX_CHARS)
    return ""


def _cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters at most cut at a word and ended with "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


FIRST_ASK_MAX_CHARS = 80  # the excerpt telling saved ads apart in their list


def _line_title(line: str) -> tuple[str, str]:
    """(the title `line` gives as the ad's first line, the rest of the line): its first
    sentence without bullets, Markdown marks or full stop ("Lead AI Engineer. Remote." gives
    ("Lead AI Engineer", "Remote.")); ("", "") for a blank line or a section heading."""
    text, _ = _heading_text(_BULLET.sub("", line, count=1))
    if not text or (
        len(text.split()) <= UNMARKED_HEADING_MAX_WORDS and section_kind(text, marked=False)
    ):
        return "", ""
    if not (text.endswith(".") or ". " in text):
        return text, ""
    first, *rest = _sentences(text)
    return first.rstrip("."), " ".join(rest)


def hired_job(line: str) -> str:
    """The job a title line names without the words saying it is open (HIRING_BEFORE_NAME,
    HIRING_AFTER_NAME): "We're hiring a Data Engineer" -> "Data Engineer", "Data Scientist
    wanted!" -> "Data Scientist"; `line` itself without them."""
    job = _HIRING_AFTER_NAME.sub("", _HIRING_BEFORE_NAME.sub("", line, count=1), count=1)
    return job or line


def job_name(title: str) -> tuple[str, str]:
    """(the job's name, what the rest asks for) of a title line: split before a TITLE_ASKS
    word ("Software Engineer with ML and Python" -> ("Software Engineer", "with ML and
    Python")); (title, "") without one."""
    name, *rest = _TITLE_ASKS.split(title, maxsplit=1)
    return name, "".join(rest)


def names_a_job(name: str) -> bool:
    """Whether `name` reads as a job's name: a JOB_NOUNS word used as a noun. A capitalised
    one followed by a word in lower case other than AFTER_JOB_NOUN is a verb or starts a
    sentence ("Engineer scalable pipelines"); followed by nothing, punctuation, a capital or
    AFTER_JOB_NOUN it is a noun ("Engineer, ML Platform", "Engineer II", "Head of ML"). A
    noun in lower case says nothing by its case ("senior data scientist statistics")."""
    for match in _JOB_NOUN.finditer(name):
        after = name[match.end() :].split(maxsplit=1)
        word = after[0] if after else ""
        if (
            not name[match.start()].isupper()
            or not word[:1].islower()
            or word.lower() in AFTER_JOB_NOUN
        ):
            return True
    return False


def _title_line(lines: Sequence[str], *, find: Callable[[str], set[str]], typed: str) -> int | None:
    """The index of the ad's title line among `lines`: its first line, when that is no heading
    and its first sentence (`ad_title`'s) is the `typed` title or reads as a job's name (module
    docstring, step 5); None when the ad has none. A line under a heading is that part's."""
    at = next((at for at, line in enumerate(lines) if line.strip()), None)
    if at is None or _as_heading(lines[at], find)[0]:
        return None
    name = _line_title(lines[at])[0]
    if not name or len(name) > TITLE_MAX_CHARS:
        return None
    same = " ".join(name.split()).casefold() == typed.casefold()
    job = hired_job(name)
    voiced = _WE.search(job) or _YOU.search(job) or _SEEKING.search(job)
    named = job_name(job)[0]
    if job != name and _runs_on(named):  # the hiring words open a sentence
        return None
    return at if same or (names_a_job(named) and not voiced) else None


def _in_a_job_name(text: str, end: int) -> bool:
    """Whether the words a mention ends at `end` of `text` are part of a job's name: up to
    JOB_NAME_MAX_WORDS capitalised words follow, the last a JOB_NOUNS word ("Machine Learning"
    in "We are looking for a Senior Machine Learning Engineer"). The ad's quote of a skill is
    then the requirement's own words when it has some (`ad_read`)."""
    for word in text[end:].split()[:JOB_NAME_MAX_WORDS]:
        word = word.rstrip(".,;:!?)")
        if not word[:1].isupper():
            return False
        if _JOB_NOUN.fullmatch(word):
            return True
    return False


def _runs_on(name: str) -> bool:
    """Whether words in lower case other than AFTER_JOB_NOUN follow `name`'s last JOB_NOUNS
    word: what hiring words open is then a sentence ("We're hiring a Data Engineer and build
    Spark pipelines", "Urgently hiring Data Engineer for Spark pipelines"), not a job's name
    ("Hiring: Data Engineer II")."""
    ends = [match.end() for match in _JOB_NOUN.finditer(name)]
    after = name[ends[-1] :].split() if ends else []
    return any(word[:1].islower() and word.lower() not in AFTER_JOB_NOUN for word in after)


def ad_read(
    *,
    text: str,
    matcher: SkillMatcher,
    classify_role: Callable[[str], str | None],
    title: str = "",
) -> AdReading:
    """What the ad asks for (module docstring, steps 1-6). `title` is the one the person typed;
    empty, the ad's first line (`ad_title`). Seniority and role come from the title by the
    importer's rules (`seniority_from_title`, `classify_role`)."""
    typed = " ".join((title or "").split())
    title = typed or ad_title(text)
    kinds: dict[str, str] = {}
    phrases: dict[str, list[str]] = {}
    # Words from the title or the company part: quoted only for a skill no requirement names.
    aside: dict[str, list[str]] = {}
    groups: list[set[str]] = []
    first = ""  # the first requirement (`AdReading.first_ask`)
    passages = ad_passages(text, find=matcher.find, title=typed)
    # A typed title is read as the title line is: its "with ..." is asked for (`job_name`).
    name, title_asks = job_name(typed)
    typed_passages = [Passage(name, TITLE)] if name else []
    typed_passages += [Passage(title_asks, MUST)] if title_asks else []
    for at, passage in enumerate(typed_passages + passages):
        mentions = matcher.find_mentions(passage.text)
        spans = matcher.spans_of(mentions)
        offered: set[str] = set()
        if passage.kind == MUST:
            for group in alternative_groups(passage.text, spans):
                groups.append(group)
                offered |= group
        # Shown skills in the order shown, then those only inside a longer alias's span.
        for slug in dict.fromkeys([m.slug for m in spans] + [m.slug for m in mentions]):
            kinds[slug] = _stronger(kinds.get(slug), ONE_OF if slug in offered else passage.kind)
            phrases.setdefault(slug, [])
            aside.setdefault(slug, [])
        quoted = aside if passage.kind in (TITLE, ABOUT) else phrases
        asks_here = False
        for m in spans:
            into = aside if _in_a_job_name(passage.text, m.end) else quoted
            if (phrase := passage.text[m.start : m.end]) not in into[m.slug]:
                into[m.slug].append(phrase)
            asks_here = asks_here or into is phrases
        for m in mentions:  # a skill not shown (its mention overlaps a shown one): its own words
            into = aside if _in_a_job_name(passage.text, m.end) else quoted
            if not phrases[m.slug] and not into[m.slug]:
                into[m.slug].append(passage.text[m.start : m.end])
                asks_here = asks_here or into is phrases
        # The ad's own words (not a typed title's) of kind MUST that a skill is quoted from.
        if not first and asks_here and passage.kind == MUST and at >= len(typed_passages):
            first = _cut(passage.text.strip(), FIRST_ASK_MAX_CHARS)
    one_of = _groups_numbered(groups, kinds)
    asks = tuple(
        AdAsk(slug, kind in (MUST, ONE_OF), tuple(phrases[slug] or aside[slug]), one_of.get(slug))
        for slug, kind in kinds.items()
        if kind not in (TITLE, ABOUT)
    )
    return AdReading(
        title=title,
        seniority=seniority_from_title(title),
        role=classify_role(title),
        asks=asks,
        mentioned=tuple(slug for slug, kind in kinds.items() if kind == ABOUT),
        in_title=tuple(slug for slug, kind in kinds.items() if kind == TITLE),
        first_ask=first,
    )


def _groups_numbered(groups: list[set[str]], kinds: dict[str, str]) -> dict[str, int]:
    """{slug: group number} of the must-haves the ad offers only as alternatives. Groups that
    share a skill are one. A group with a skill the ad requires anyway (a must-have elsewhere)
    is met by it: its other skills are nice-to-haves (`kinds` is changed in place)."""
    merged: list[set[str]] = []
    for group in groups:
        touching = [m for m in merged if m & group]
        merged = [m for m in merged if not m & group] + [set().union(group, *touching)]
    numbered: dict[str, int] = {}
    order = list(kinds)
    for group in sorted(merged, key=lambda g: min(order.index(s) for s in g)):
        offered = [s for s in order if s in group and kinds[s] == ONE_OF]
        if any(kinds[s] == MUST for s in group):
            kinds.update(dict.fromkeys(offered, NICE))
        elif offered:
            number = max(numbered.values(), default=0) + 1
            numbered.update(dict.fromkeys(offered, number))
    return numbered


def _stronger(kind: str | None, other: str) -> str:
    """MUST over ONE_OF over NICE over TITLE over ABOUT."""
    order = (MUST, ONE_OF, NICE, TITLE, ABOUT)
    return other if kind is None else min(kind, other, key=order.index)


# ---- Levels and weights --------------------------------------------------------------------

# Required level (0-5: None, Aware, Beginner, Working, Advanced, Expert) by the ad's seniority:
# (must-have, nice-to-have).
REQUIRED_LEVEL: Mapping[str, tuple[int, int]] = {
    "entry": (2, 1),
    "mid": (3, 1),
    "senior": (4, 2),
    "staff": (4, 2),
}
UNMEASURED_WEIGHT = ROADMAP_WEIGHT  # 0.5: as if half of postings asked for it
NICE_FACTOR = 0.5  # a nice-to-have counts half as much as a must-have
# A nice-to-have weighs at most this share of the ad's lightest must-have: the lowest ratio of
# a nice-to-have's required level to a must-have's at any seniority (1/3, mid-level). The gap
# score divides by the required level, so a level a nice-to-have misses then never costs more
# than a level that must-have misses, at every seniority; one ratio for all keeps the weights
# the same at every seniority (a more senior ad never finds anyone readier).
NICE_CAP = float(min(Fraction(nice, must) for must, nice in REQUIRED_LEVEL.values()))


def required_level(*, must_have: bool, seniority: str) -> int:
    """The level the ad needs (REQUIRED_LEVEL; an unknown seniority reads as mid)."""
    must, nice = REQUIRED_LEVEL.get(seniority, REQUIRED_LEVEL["mid"])
    return must if must_have else nice


@dataclass(frozen=True)
class MarketLevel:
    """The shares of one (role, seniority) of the market snapshot."""

    label: str  # "Senior ML Engineer", "ML Engineer, every seniority", "every posting"
    shares: Mapping[str, tuple[float, str]]  # slug -> (share of postings in %, tier)
    job_count: int | None = None
    # The slugs whose shares are lower bounds ("at least": market.certainty.ShareOfPostings)
    lower_bounds: frozenset[str] = frozenset()

    @property
    def has_figures(self) -> bool:
        """The snapshot has figures for these postings: a count of them, or a share."""
        return bool(self.job_count or self.shares)

    @property
    def postings_text(self) -> str:
        """ "2,853 Senior ML Engineer postings", "all 21,359 postings" (no count: "all
        postings")."""
        every = self.label == "all" or self.label.startswith("all ")
        words = self.label.split(" ", 1) if every else ["", self.label]
        count = f"{self.job_count:,}" if self.job_count else ""  # "all" before the count
        return " ".join(w for w in (words[0], count, *words[1:], "postings") if w)


@dataclass(frozen=True)
class MarketShare:
    share_pct: float
    tier: str
    level: MarketLevel
    lower_bound: bool = False  # "at least" share_pct (MarketLevel.lower_bounds)

    @property
    def pct_text(self) -> str:
        """ "61.9%", "at least 36.2%"."""
        return f"{'at least ' if self.lower_bound else ''}{self.share_pct:.1f}%"


def nearest_share(skill: str, market: Sequence[MarketLevel]) -> MarketShare | None:
    """The share of `skill` at the first level of `market` (nearest first) that measures it:
    a share above 0 and a tier other than "Not required"; None when none does."""
    for level in market:
        share, tier = level.shares.get(skill, (0.0, ""))
        if share > 0 and tier != NOT_REQUIRED:
            return MarketShare(float(share), tier, level, skill in level.lower_bounds)
    return None


def ask_weight(
    *, must_have: bool, share: MarketShare | None, lightest_must: float | None = None
) -> float:
    """max(share / 100, UNMEASURED_WEIGHT) (UNMEASURED_WEIGHT without a share): being
    measured never makes what the ad asks for matter less than being unmeasured. A must-have
    weighs that; a nice-to-have NICE_FACTOR x that (so at least NICE_FACTOR x
    UNMEASURED_WEIGHT, what an unmeasured nice-to-have weighs), at most `lightest_must` (the
    cap `ad_requirements` gives: the ad's lightest must-have weight x NICE_CAP; None: the ad
    has no must-have, no cap): the ad itself says a nice-to-have matters less than what it
    must have."""
    base = share.share_pct / 100.0 if share is not None else UNMEASURED_WEIGHT
    floored = max(base, UNMEASURED_WEIGHT)
    if must_have:
        return floored
    nice = floored * NICE_FACTOR
    return nice if lightest_must is None else min(nice, lightest_must)


def weight_floor_text(*, must_have: bool, share: MarketShare | None, weight: float) -> str:
    """ "counted at 50%, the floor for an ad's must-have" for a must-have weighed at
    UNMEASURED_WEIGHT above its share of postings (`ask_weight`); "counted at 25%, the floor
    for an ad's nice-to-have" for a nice-to-have weighed above NICE_FACTOR x its share, at its
    floor (NICE_FACTOR x UNMEASURED_WEIGHT) or at the cap below it ("counted at 17%, the floor
    for an ad's nice-to-have held to 1/3 of its lightest must-have"); "" otherwise."""
    if share is None:
        return ""
    if must_have:
        # A group of alternatives can weigh a member measured below the floor above it.
        below_floor = share.share_pct / 100.0 < UNMEASURED_WEIGHT
        if below_floor and weight <= UNMEASURED_WEIGHT:
            return f"counted at {UNMEASURED_WEIGHT:.0%}, the floor for an ad's must-have"
        return ""
    floor = UNMEASURED_WEIGHT * NICE_FACTOR
    from_share = share.share_pct / 100.0 * NICE_FACTOR  # 16.9 / 100 is not 0.169 in floats
    if weight <= from_share or math.isclose(weight, from_share):
        return ""
    text = f"counted at {weight:.0%}, the floor for an ad's nice-to-have"
    if weight < floor:
        cap = Fraction(NICE_CAP).limit_denominator(10)
        text += f" held to {cap} of its lightest must-have"
    return text


def ask_kind_label(*, must_have: bool, one_of: Sequence[str] = ()) -> str:
    """How the ad asks for a skill: "Must-have", "Nice-to-have", or, for a skill of a list of
    alternatives (`one_of`: the list's names, itself included), "Must-have, one of AWS, Azure
    or GCP"."""
    if one_of:
        return f"Must-have, {one_of_text(one_of)}"
    return "Must-have" if must_have else "Nice-to-have"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def one_of_text(names: Sequence[str]) -> str:
    """ "one of AWS, Azure or GCP"."""
    return f"one of {names_joined(names, last='or')}"


def alternatives_named(
    *, asks: Sequence[AdAsk], names: Mapping[str, str]
) -> dict[int, tuple[str, ...]]:
    """{group: its skills' names, in the ad's order} of each list of alternatives the ad offers."""
    groups: dict[int, tuple[str, ...]] = {}
    for ask in asks:
        if ask.one_of is not None:
            groups[ask.one_of] = (*groups.get(ask.one_of, ()), names.get(ask.skill, ask.skill))
    return groups


@dataclass(frozen=True)
class AdGap:
    """A skill the ad asks for, scored against the person's level."""

    gap: SkillGap
    must_have: bool
    share: MarketShare | None  # what the weight starts from (`ask_weight`); None: not measured
    phrases: tuple[str, ...]
    points: float = 0.0  # readiness points closing the gap would add
    one_of: tuple[str, ...] = ()  # the names of its group of alternatives, itself included

    @property
    def kind_label(self) -> str:
        """ "Must-have", "Nice-to-have", "Must-have, one of AWS, Azure or GCP"."""
        return ask_kind_label(must_have=self.must_have, one_of=self.one_of)

    @property
    def kind_label_lower(self) -> str:
        """ "must-have", "nice-to-have", "must-have, one of AWS, Azure or GCP"."""
        return self.kind_label[:1].lower() + self.kind_label[1:]

    @property
    def weight_note(self) -> str:
        """ "counted at 50%, the floor for an ad's must-have" where that, not the share of
        postings, gives the weight (`weight_floor_text`); "" otherwise."""
        return weight_floor_text(must_have=self.must_have, share=self.share, weight=self.gap.weight)

    @property
    def share_text(self) -> str:
        """ "61.9% of 2,853 Senior ML Engineer postings", "74.5% of all 21,359 postings",
        "at least 36.2% of ..." (a lower bound) or "not measured"."""
        if self.share is None:
            return "not measured"
        return f"{self.share.pct_text} of {self.share.level.postings_text}"


@dataclass(frozen=True)
class AdAlternative:
    """A skill the ad offers as an alternative to the one that counts for the person."""

    skill: str  # slug
    name: str
    level: int  # the person's
    counted: str  # the name of the alternative that counts
    one_of: tuple[str, ...]  # the names of the group, itself included

    @property
    def one_of_text(self) -> str:
        """ "one of AWS, Azure or GCP"."""
        return one_of_text(self.one_of)

    @property
    def level_text(self) -> str:
        """ "Beginner (2)"."""
        return level_name(self.level)


@dataclass(frozen=True)
class AdResult:
    result: GapResult
    gaps: tuple[AdGap, ...]  # must-haves first, each kind in the result's order (largest first)
    alternatives: tuple[AdAlternative, ...] = ()  # offered, but another one counts

    @property
    def missing(self) -> tuple[AdGap, ...]:
        return tuple(g for g in self.gaps if g.gap.gap > 0)

    @property
    def alternative_sentences(self) -> list[str]:
        """One per list of alternatives: "One of Azure, AWS or GCP: AWS counts for you;
        Azure (you: None (0)) and GCP (you: Beginner (2)) are not required." """
        lists: dict[tuple[str, ...], list[AdAlternative]] = {}
        for other in self.alternatives:
            lists.setdefault(other.one_of, []).append(other)
        sentences = []
        for others in lists.values():
            first = others[0]
            named = names_joined([f"{o.name} (you: {o.level_text})" for o in others])
            verb = "is" if len(others) == 1 else "are"
            sentences.append(
                f"{_first_upper(first.one_of_text)}: {first.counted} counts for you; "
                f"{named} {verb} not required."
            )
        return sentences

    @property
    def met(self) -> tuple[AdGap, ...]:
        return tuple(g for g in self.gaps if g.gap.gap == 0)

    @property
    def must_missing(self) -> tuple[AdGap, ...]:
        return tuple(g for g in self.missing if g.must_have)


def one_of_counted(
    *,
    asks: Sequence[AdAsk],
    seniority: str,
    market: Sequence[MarketLevel],
    levels: Mapping[str, int],
) -> dict[int, str]:
    """{group: slug} of the alternative that counts in each group the ad offers ("AWS, Azure
    or GCP"): the one with the fewest levels missing to the must-have level (the person's
    closest), then the most asked for in the market, then the first named."""
    need = required_level(must_have=True, seniority=seniority)
    counted: dict[int, tuple[tuple, str]] = {}
    for position, ask in enumerate(asks):
        if ask.one_of is None:
            continue
        share = nearest_share(ask.skill, market)
        rank = (
            max(need - levels.get(ask.skill, 0), 0),
            -(share.share_pct if share else 0.0),
            position,
        )
        if ask.one_of not in counted or rank < counted[ask.one_of][0]:
            counted[ask.one_of] = (rank, ask.skill)
    return {group: slug for group, (_, slug) in counted.items()}


def ad_requirements(
    *,
    asks: Sequence[AdAsk],
    seniority: str,
    names: Mapping[str, str],
    market: Sequence[MarketLevel],
    levels: Mapping[str, int],
) -> list[Requirement]:
    """What the ad asks as the scoring's requirements, each with its own required level and
    weight (above) and the share of postings it was weighed by. `market` lists the snapshot's
    levels nearest first (see `nearest_share`). Of each group of alternatives, only the one
    that counts for the person with these `levels` (`one_of_counted`) is required, weighed as
    the most asked for of its group (so that which one counts never changes the sum of
    weights: raising a level never lowers readiness). A nice-to-have weighs at most the
    lightest must-have's weight (a group's counts as the group's) x NICE_CAP, which no level
    moves: a level a nice-to-have misses never costs more readiness than a level the lightest
    must-have misses."""
    counted = one_of_counted(asks=asks, seniority=seniority, market=market, levels=levels)
    groups = alternatives_named(asks=asks, names=names)
    shares = {ask.skill: nearest_share(ask.skill, market) for ask in asks}
    group_weight: dict[int, float] = {}
    for ask in asks:
        if ask.one_of is not None:
            weight = ask_weight(must_have=True, share=shares[ask.skill])
            group_weight[ask.one_of] = max(weight, group_weight.get(ask.one_of, 0.0))
    must_weights = [
        ask_weight(must_have=True, share=shares[ask.skill])
        for ask in asks
        if ask.must_have and ask.one_of is None
    ]
    lightest_must = min([*must_weights, *group_weight.values()], default=None)
    nice_cap = None if lightest_must is None else lightest_must * NICE_CAP
    requirements = []
    for ask in asks:
        if ask.one_of is not None and counted[ask.one_of] != ask.skill:
            continue
        share = shares[ask.skill]
        kind = ask_kind_label(must_have=ask.must_have, one_of=groups.get(ask.one_of, ()))
        weight = ask_weight(must_have=ask.must_have, share=share, lightest_must=nice_cap)
        if ask.one_of is not None:
            weight = group_weight[ask.one_of]
        measured = (
            f"asked for in {share.pct_text} of {share.level.label} postings"
            if share
            else "not measured in the market snapshot"
        )
        if floor := weight_floor_text(must_have=ask.must_have, share=share, weight=weight):
            measured += f", {floor}"
        requirements.append(
            Requirement(
                skill=ask.skill,
                name=names.get(ask.skill, ask.skill),
                share_pct=share.share_pct if share else 0.0,
                tier=share.tier if share else "",
                from_roadmap=False,
                n_postings=share.level.job_count if share else None,
                lower_bound=bool(share and share.lower_bound),
                required_level=required_level(must_have=ask.must_have, seniority=seniority),
                weight=weight,
                reason=f"{kind} in this ad; {measured}",
            )
        )
    return requirements


def ad_gaps(
    *,
    asks: Sequence[AdAsk],
    seniority: str,
    names: Mapping[str, str],
    market: Sequence[MarketLevel],
    levels: Mapping[str, int],
    step_hours: Mapping[str, Mapping[int, int]],
) -> AdResult:
    """The person's `levels` against what the ad asks (`ad_requirements`), scored by
    `scoring.gap_score`: the same method as the target's report. The alternatives that do
    not count are listed apart (`AdResult.alternatives`)."""
    requirements = ad_requirements(
        asks=asks, seniority=seniority, names=names, market=market, levels=levels
    )
    result = gap_score(
        requirements=requirements,
        levels=levels,
        seniority=seniority,
        step_hours=step_hours,
        asker="the ad",
    )
    by_skill = {a.skill: a for a in asks}
    groups = alternatives_named(asks=asks, names=names)
    counted = {by_skill[r.skill].one_of: r.skill for r in requirements if by_skill[r.skill].one_of}
    return AdResult(
        result,
        tuple(
            sorted(
                (
                    AdGap(
                        gap=g,
                        must_have=by_skill[g.skill].must_have,
                        share=nearest_share(g.skill, market),
                        phrases=by_skill[g.skill].phrases,
                        points=result.points(g),
                        one_of=groups.get(by_skill[g.skill].one_of, ()),
                    )
                    for g in result.gaps
                ),
                key=lambda gap: not gap.must_have,  # stable: largest gap first within a kind
            )
        ),
        tuple(
            AdAlternative(
                skill=ask.skill,
                name=names.get(ask.skill, ask.skill),
                level=levels.get(ask.skill, 0),
                counted=names.get(counted[ask.one_of], counted[ask.one_of]),
                one_of=groups[ask.one_of],
            )
            for ask in asks
            if ask.one_of is not None and ask.skill != counted[ask.one_of]
        ),
    )


def weights_sentence(*, gaps: Sequence[AdGap], market: Sequence[MarketLevel]) -> str:
    """Where the weights of the skills an ad asks for (`gaps`) come from, said when the market
    has no figures for the postings the ad is weighed against: by the wider levels of `market`
    (nearest first) that measure some, else UNMEASURED_WEIGHT. "each skill it asks for
    weighs as if half of postings asked for it", "1 of the 5 skills it asks for is weighed by
    its share of all 21,359 postings; the other 4 weigh as if half of postings asked for
    them"."""
    total = len(gaps)
    parts = []
    measured = 0
    for level in market:
        count = sum(1 for g in gaps if g.share is not None and g.share.level.label == level.label)
        if not count:
            continue
        measured += count
        if count == total:
            parts.append(f"each skill it asks for is weighed by its share of {level.postings_text}")
        else:
            verb = "is weighed by its" if count == 1 else "are weighed by their"
            parts.append(
                f"{count} of the {total} skills it asks for {verb} share of {level.postings_text}"
            )
    left = total - measured
    if not parts:
        parts.append("each skill it asks for weighs as if half of postings asked for it")
    elif left == 1:
        parts.append("the other one weighs as if half of postings asked for it")
    elif left:
        parts.append(f"the other {left} weigh as if half of postings asked for them")
    return "; ".join(parts)


# ---- The ad against the person's target ----------------------------------------------------


@dataclass(frozen=True)
class TargetDifference:
    # What the ad asks for and the target does not: skills' names, then "one of AWS, GCP or
    # Azure" for each list of alternatives the target asks for none of.
    only_ad: tuple[str, ...]
    only_target: tuple[str, ...]  # names of skills the target asks for and the ad does not


def target_difference(
    *, asks: Sequence[AdAsk], target: Iterable[str], names: Mapping[str, str]
) -> TargetDifference:
    """What the ad (`asks`) asks for and the target (slugs) does not, and the other way
    round, as names in alphabetical order. A list of alternatives is one requirement, met when
    the target asks for any of its skills; unmet, it reads "one of AWS, GCP or Azure" (in the
    ad's order, after the single skills). A skill the ad offers as an alternative is one it
    asks for."""
    target = set(target)
    ad = {ask.skill for ask in asks}

    def named(slugs: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted((names.get(s, s) for s in slugs), key=str.lower))

    met = {ask.one_of for ask in asks if ask.one_of is not None and ask.skill in target}
    unmet = [
        one_of_text(group)
        for number, group in alternatives_named(asks=asks, names=names).items()
        if number not in met
    ]
    singles = {ask.skill for ask in asks if ask.one_of is None} - target
    return TargetDifference((*named(singles), *unmet), named(target - ad))


def names_joined(names: Sequence[str], *, last: str = "and") -> str:
    """ "A", "A and B", "A, B and C" (`last="or"`: "A, B or C"); three or more where one
    before the last holds a comma: "A; one of B, C or D; and E"."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 2 and any("," in name for name in names[:-1]):
        return f"{'; '.join(names[:-1])}; {last} {names[-1]}"
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def level_name(level: int) -> str:
    """ "Working (3)"."""
    return f"{LEVEL_NAMES[level]} ({level})"


# ---- What reads an ad: the code ---------------------------------------------------------------


def reading_code_paths(module: str = __name__) -> list[Path]:
    """The files of `module` and of every module of `READING_PACKAGES` whose names it holds
    (classes, functions, modules it imports), directly or through those: the code an ad's
    reading runs (the matcher, the title rules...). A package's submodules count only when
    its code names them: the import system binds every submodule anyone imported to its
    package, so following those would make the list, and the digest, depend on what else
    the process happened to import first (a web worker, `ads_read_again`, the tests)."""
    found: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found[name] = Path(sys.modules[name].__file__)
        for key, each in vars(sys.modules[name]).items():
            if isinstance(each, ModuleType):
                if each.__name__ != f"{name}.{key}":  # not bound by importing a submodule
                    todo.append(each.__name__)
            elif isinstance(held := getattr(each, "__module__", None), str):
                todo.append(held)
        todo = [n for n in todo if n.split(".")[0] in READING_PACKAGES and n in sys.modules]
    return [found[name] for name in sorted(found)]


@functools.cache
def reading_code_digest() -> str:
    """A digest of the code that reads an ad (`reading_code_paths`), made once per process,
    when this module is imported: of the files as this process loaded them, not as a later
    release left them on disk while it runs."""
    digest = hashlib.sha256()
    for path in reading_code_paths():
        digest.update(path.read_bytes())
    return digest.hexdigest()


reading_code_digest()
