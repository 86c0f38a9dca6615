"""Finding skills in free text (job postings, CVs, job ads) by whole-word alias matching.

What counts as a mention: a text is split into tokens, maximal runs of letters, digits, `_`,
`&`, `+` and `#` (symbols and punctuation outside ASCII, such as curly quotes, dashes,
bullets and no-break spaces, separate tokens like ASCII punctuation does). A one-word alias
matches a whole token, so "R" is not "R&D", "C" is not "C++" and "Excel" is not "excellent".
An alias of several words matches those words in a row, separated by white space or hyphens
("scikit learn" = "scikit-learn"); its other characters (`.`, `/`) are matched literally
(Node.js, CI/CD). Every alias is looked for on its own: "Azure Machine Learning" mentions both
Azure and machine learning. Each skill counts once per text.

Glued edges. Scraped postings run list items together ("Tableau or Power BIDatabase
management", "query it using SQLAdvanced level", "skillsPython & R"), so a capital letter glued
to the word before starts a new word: a mention may also start where an ASCII small letter is
followed by an ASCII capital, its first character ("skillsPython", "ExperienceSAS"), unless
its phrase is one character ("MapR", "iR" and "RoR" are no R), and may also end where the
next character is an ASCII capital followed by an ASCII small letter ("ExcelExperience",
"SQLAdvanced", "BIDatabase", "RStrong"). These edges only add mentions: a whole token is found
as before. Read over the corpus, they find 180 more (posting, skill) pairs, 172 of them right
(bench/RESULTS.md, round 10), once exclusion phrases void the words that glue two of their own
("NoSQL" for SQL, "JavaScript" for Java: 137 more, all wrong). Between the words of an alias
and between the groups of a proximity alias, a glued edge is no gap ("MachineLearning" is not
machine learning).

A proximity alias names word groups with a few words between them: "deploy ... models" (three
dots, or the ellipsis "…") finds "deploy models", "deploy the models" and "deploy and integrate
client models": its groups in order, each matched as an alias is, with at most PROXIMITY_WORDS
(6) tokens between one group and the next (the fewest that will do), all in one sentence or
list item: what separates them (PROXIMITY_GAP) is any run of characters that separate tokens
except PROXIMITY_STOPS (`.`, `!`, `?`, `;`, `:`, line breaks, bullets, NUL and the CUT of an
exclusion phrase). Six tokens let a verb reach its object past an article, adjectives, a
list of verbs or a compound noun, as postings write duties ("implement, expand, deploy, and
maintain machine learning models", "evaluating statistical, machine & deep learning
predictive models"); three tokens missed those, and where six newly finds the aliases in the
corpus, read, they are duties (bench/RESULTS.md, round 5). Its mention spans the whole phrase,
from its first group to its last. An exclusion phrase may be a proximity phrase too.

The rules are data (`SkillRules`, from the admin's taxonomy):
- Case. An alias matches in any case, unless it is case-sensitive: then its capitals must be
  capitals in the text, while its small letters match either case, so that "Excel" finds
  "Excel" and "EXCEL" but not "excel", and "Hive" is not "hive". A one-letter alias is always
  a case-sensitive capital: "R" is not the "r" of "w.r.t.". Letters outside ASCII too, one
  character for one (`case_forms`): "café" finds "CAFÉ", "Über ML" (any case, kept as "über
  ml") finds "ÜBER ML", and case-sensitive "Müller" finds "MÜLLER" but not "müller". A letter
  whose case is not one character to one matches itself and its other case where that is one
  character: "ß" only "ß" (its capital is "SS"), "ı" also "I", "ς" and "σ" also "Σ". An
  any-case phrase is kept in small letters as Python writes them ("ΛΟΓΟΣ": "λογος", which
  finds "ΛΟΓΟΣ" and "λογος", not "λογοσ"), but a letter stays as typed where its small form is
  not one character whose capital is the letter again (`small_case`: "İ", "ẞ"), so that a
  phrase always finds itself as typed.
- Exclusion phrases. Before a skill's aliases are looked for, every place where one of its
  exclusion phrases is found (whole words, glued edges too, any case, leftmost first; the
  character on either side of it goes too, but for the letters of a glued edge, which stay,
  and the search runs twice, so that phrases side by side both go) is blanked out:
  "opportunity to excel" voids the "excel" inside it, and an "Excel" elsewhere in the text
  still counts. `exclusions_cut` is that step; the warehouse query spells it in
  SQL with the same regular expressions.

Two implementations of that one definition:
- `find_mentions(text)` / `find(text)` are the plain ones: each alias whose tokens the text
  has (the pieces of a glued token between its glued edges count too: `glued_pieces`) is
  confirmed with its own regular expression (compiled when first needed). The reference.
- `find_pairs(texts)` is the fast one, for imports that read hundreds of megabytes of
  postings. Every alias and every exclusion phrase becomes one Hyperscan pattern (a compiled
  multi-pattern matcher: all of them in one pass over the bytes) whose edges are checked
  against the token boundaries above, so that a match is a mention; an alias that contains
  another alias of its skill ("apache spark", "spark") is left out, as the other is found
  wherever it is. HS_FLAG_CASELESS folds ASCII letters; a letter outside ASCII with case forms
  is spelt as its forms' bytes, and a phrase with one is an exact pattern (its edge included,
  as its forms' bytes may differ in length: "ı", "I"), never a literal; none of the shipped
  phrases has one. A phrase of several words (any case) is a plain literal, its words joined
  by one space, scanned in a copy of the texts where each ASCII gap byte (white space,
  \x1c-\x1f, hyphen) is a space: it finds the mentions whose gaps are each one such byte,
  the common case. Any other mention has, after one of its words but the last, a gap that
  starts irregularly (two gap characters, or one outside ASCII): the word followed by such a
  start (a gap character outside ASCII whose lead byte is E2, the lead byte C2 alone, or a
  space before a space or before either lead byte) is a literal too, shared by every phrase
  with that word.
  Where one is found, and past the run of gap characters from the word's end the next word
  of one of its phrases follows, and that may change the text's verdict
  for the phrase's skill, the text is scanned again with each run of gap characters made one
  space, where the literals find exactly the phrases that are there.
  A proximity alias's pattern is a superset of its definition (it does not track where its
  match starts, and lets any byte outside ASCII through), but it ends wherever a mention does:
  where one is found and no other alias of its skill settled the text, the mention is read
  back from there in the bytes (`_proximity_found`: its last group compared whole just before
  the match's end; then, for each group before it, the places a token ends at, nearest first,
  with at most PROXIMITY_WORDS tokens and no stop between, each compared with the group whole
  and with a character that is not part of a token either side). A mention settles the pair,
  and where no match may be one the alias is not there; the reference decides only where a
  group may stand across an irregular gap, where the tokens between run on past the bytes
  read, where a group before the last ends with no token character, or (where no mention
  is read back as the alias is kept) where a group has a letter outside ASCII with case forms.
  A batch of texts is framed with NUL bytes by Arrow and scanned in one call per database
  (patterns; literals), without decoding it. Where an exclusion phrase of a skill is found
  in a text beside one of its aliases, the scan's places decide where they are all known
  (each match's length is fixed: no proximity phrase, no irregular gap): blanking out
  changes only the places where an exclusion phrase is found with an edge either side (the
  second search's edges were edges before) and those edges, so a mention apart from every
  such place stays (`_apart`), and otherwise the two searches are worked out from the places
  (`_blanked_out`: leftmost first, the skill's order at one place). Elsewhere (about 2,500
  pairs in 100k postings) that text's verdict for that skill is the reference's; the
  reference then tries only the aliases, and blanks out only the exclusion phrases, the scan
  found (each text decoded once, not split into tokens: the scan found those aliases'
  words). Property tests hold `find_pairs` to `find` on generated texts, rules and irregular
  gaps included. Glued edges are the reference's too: each phrase's pattern lets a capital
  through on its right (`_HS_RIGHT_OR_CAPITAL`), and a match whose right edge is a capital
  followed by a small letter may end at a glued edge. Where a mention may start at one (a
  small ASCII letter, then a capital: about three a posting), no pattern looks: numpy finds
  those edges in the texts' bytes, and each is compared in place with the phrases that may
  start there whose first four bytes (or first word, if shorter) it has (`_glued_found`):
  their first two words (the first's first letter a capital), a run of gap bytes between
  them, a byte that ends a phrase after them, up to a character outside ASCII, past which
  they are taken as found. That finds every mention at a glued start and a few more texts,
  the same ones as a Hyperscan pattern of those two words per phrase did; those 1,587
  patterns cost 2.0 CPU-s of compile in every process and more than doubled the pattern
  scan, for 19,091 of its 507,437 matches in 100k postings. Where either is found for an
  alias and the pair is not settled, the
  reference decides the pair with the aliases and exclusion phrases the scan found; where
  one is found for an exclusion phrase, it decides with every alias of the skill, as
  blanking the phrase out leaves the letter glued to it before a CUT, an edge it did not
  have (".netEXCEL at" less "EXCEL at" leaves ".net"), where an alias the scan could not
  find may stand (972 pairs referred in all in the corpus's 5,425 postings, 879 before
  that case was referred). The compiled patterns are kept in memory for the process's later imports;
  nothing compiled is read from disk.

`find_mentions` lists every mention with where it is; `find_spans` shows people what was
found (non-overlapping spans, longest alias first: `spans_of` picks them from the mentions).
"""

import bisect
import functools
import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import hyperscan
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# A character that is part of a token (see tokens_of): an ASCII letter or digit, `_`, `&`,
# `+`, `#`, or any other character outside the separator blocks below. (Written as "not a
# separator": Python compiles a class of the token blocks themselves, some 57,000 code
# points, in milliseconds, and there is one per alias.) Between the words of an alias: runs
# of hyphens and of the white space that separates tokens (ASCII, \x1c-\x1f, NEL, no-break
# space, the U+2000 spaces, line and paragraph separators). `.` and `/` inside aliases
# (Node.js, CI/CD) are matched literally.
TOKEN_CHAR = (
    "[^\x00-\x22\x24\x25\x27-\x2a\x2c-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xbf"
    "\u2000-\u2fff\uf000-\uffff]"
)
ALIAS_GAP = "[\t-\r\x1c-\x20\\-\x85\xa0\u2000-\u200a\u2028\u2029\u202f\u205f]+"
# Glued edges, where list items run together ("skillsPython", "ExcelExperience",
# "SQLAdvanced"): a mention may also start where an ASCII small letter is followed by an ASCII
# capital (CAMEL_BEFORE: the capital is the mention's first character), unless its phrase is
# one character ("MapR", "iR" are no R), and end where an ASCII capital followed by an ASCII
# small letter comes next (CAMEL_AFTER). Case counts in these edges, for any-case aliases too.
CAMEL_BEFORE = "(?<=(?-i:[a-z]))(?=(?-i:[A-Z]))"
CAMEL_AFTER = "(?=(?-i:[A-Z][a-z]))"
PLAIN_BEFORE = f"(?<!{TOKEN_CHAR})"
ALIAS_BEFORE = f"(?:{PLAIN_BEFORE}|{CAMEL_BEFORE})"
ALIAS_AFTER = f"(?:(?!{TOKEN_CHAR})|{CAMEL_AFTER})"


def alias_before(phrase: str) -> str:
    """Where a mention of `phrase` may start: ALIAS_BEFORE, or PLAIN_BEFORE for a phrase of
    one character."""
    return PLAIN_BEFORE if len(phrase) == 1 else ALIAS_BEFORE


# Case-insensitive for ASCII letters only: the definition's flags (Python compiles the same
# matches with SCOPED_FLAGS, below); a letter outside ASCII is the class of its case forms
# (case_forms), as in the Hyperscan patterns and the warehouse query.
ALIAS_FLAGS = re.IGNORECASE | re.ASCII
ALIAS_EDGE = "[" + TOKEN_CHAR.removeprefix("[^")  # a character that is not part of a token

# Proximity aliases ("deploy ... models"): the mark between word groups as admins write it (a
# run of three or more dots or of ellipses, spaces around it optional) and as the rules keep
# it; how many tokens may stand between two groups; what may not (a sentence or line break,
# NUL, which frames texts in find_pairs' scan, and CUT, an exclusion phrase blanked out).
PROXIMITY_MARK = " ... "
PROXIMITY_WORDS = 6
# Word groups a proximity phrase may have. Python's re tries every place each group may end
# (PROXIMITY_WORDS + 1 of them) for every place the one before ended: the work on a text grows
# sevenfold with each group. Three (the most any shipped phrase has) search a 50,000-character
# paste of one repeated word in about a second; eight took a minute for 200 words.
PROXIMITY_GROUPS = 3
_PROXIMITY_SPLIT = re.compile(r"\s*(?:(?:\.{3,}|\u2026)\s*)+")
CUT = "\uffff"
PROXIMITY_STOPS = ".!?;:\x00\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2022\u2028\u2029" + CUT
PROXIMITY_GAP_CHAR = "(?![" + re.escape(PROXIMITY_STOPS) + "])" + ALIAS_EDGE
PROXIMITY_GAP = f"(?:{PROXIMITY_GAP_CHAR})+"
# As few words between as will do (lazy): a mention spans the nearest next group.
PROXIMITY_BETWEEN = f"(?:{PROXIMITY_GAP}{TOKEN_CHAR}+){{0,{PROXIMITY_WORDS}}}?{PROXIMITY_GAP}"


_MARK = 0x01  # never survives the translation otherwise (ASCII controls become spaces)
# Lead bytes (UTF-8) of the characters that separate tokens although they are not ASCII:
# Latin-1 symbols (U+0080-00BF: no-break space, (c), ...), general punctuation and symbols
# (U+2000-2FFF: curly quotes, dashes, bullets, arrows) and private-use/specials
# (U+F000-FFFF: Word's bullets, BOM).
_SEPARATOR_LEADS = (0xC2, 0xE2, 0xEF)


def _byte_table() -> bytes:
    table = bytearray(b" " * 128) + bytearray(range(128, 256))  # UTF-8 bytes stay...
    for c in b"abcdefghijklmnopqrstuvwxyz0123456789_&+#":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    # ...except the separators' lead bytes, marked so that the whole character becomes
    # spaces (below).
    for c in _SEPARATOR_LEADS:
        table[c] = _MARK
    return bytes(table)


_TOKEN_BYTES = _byte_table()
_CONTINUATION = (0x80, 0xBF)


def _token_bytes(data: bytes) -> bytes:
    """`data` (UTF-8) with every byte that cannot be part of a token turned into a space and
    ASCII letters lower-cased; the length never changes."""
    data = data.translate(_TOKEN_BYTES)
    if b"\x01" not in data:
        return data
    buffer = np.frombuffer(data, dtype=np.uint8).copy()
    marks = np.flatnonzero(buffer == _MARK)
    buffer[marks] = 0x20
    for step in (1, 2):  # the marked character's continuation bytes
        at = marks + step
        at = at[at < len(buffer)]
        follows = (buffer[at] >= _CONTINUATION[0]) & (buffer[at] <= _CONTINUATION[1])
        buffer[at[follows]] = 0x20
        marks = at[follows] - step
    return buffer.tobytes()


def tokens_of(text: str) -> list[bytes]:
    """The tokens of `text`, in order, lower-cased (as UTF-8 bytes; a letter outside ASCII
    as _case_key has it, so that a token and every token its case rule matches are one)."""
    return _tokens_kept(text).split()


def _tokens_kept(text: str) -> bytes:
    """`text`'s tokens as tokens_of keeps them, in place, with a space for each other byte:
    every token of the text and of a piece of it (glued_pieces) is a part of it."""
    if not text.isascii():
        text = _NOT_ASCII.sub(lambda run: run[0].translate(_CASE_KEYS), text)
    return _token_bytes(text.encode())


# Where a word glued to the one before it may start or end (CAMEL_BEFORE, CAMEL_AFTER): inside
# a token, before a capital that follows a small letter or is followed by one.
_GLUED = re.compile(
    f"(?<!{TOKEN_CHAR}){TOKEN_CHAR}*?(?:(?-i:[a-z][A-Z])|{TOKEN_CHAR}(?-i:[A-Z][a-z]))"
    f"{TOKEN_CHAR}*",
    re.ASCII,
)
_GLUED_EDGE = re.compile("(?<=[a-z])(?=[A-Z])|(?<=.)(?=[A-Z][a-z])", re.ASCII | re.DOTALL)


def glued_pieces(text: str, longest: int) -> set[bytes]:
    """The pieces of `text`'s tokens between two places where a mention may start or end inside
    a token (glued words: "skillsPython" has "skills", "python" and the whole), lower-cased as
    tokens_of has them, each at most `longest` characters: with tokens_of's, every token a
    mention of an alias may be."""
    pieces: set[bytes] = set()
    for token in _GLUED.finditer(text):
        word = token.group()
        places = [0, *(m.start() for m in _GLUED_EDGE.finditer(word)), len(word)]
        for i, start in enumerate(places):
            for stop in places[i + 1 :]:
                if stop - start > longest:
                    break
                pieces.update(tokens_of(word[start:stop]))
    return pieces


# ---- Case outside ASCII ----------------------------------------------------------------------
# A letter's case forms are its one-character forms: c.upper() and c.lower() where each is one
# character that is part of a token. An any-case phrase's letter matches itself and both forms;
# a case-sensitive phrase's letter itself and its capital (so its capitals stay capitals and its
# small letters match either case). Letters whose case is not one character to one: "ß" (its
# capital is "SS") matches only itself; the dotless "ı" matches "ı" and "I" (its capital), and
# "I" (any case) finds "i" and "I" as ASCII does; "İ" (its small form is two characters) only
# itself; the final "ς" matches "ς" and "Σ", and "σ" "σ" and "Σ", so "Σ" finds both.
_TOKEN_CHAR = re.compile(TOKEN_CHAR)
_NOT_ASCII = re.compile("[^\x00-\x7f]+")


def _one_token_char(text: str) -> bool:
    return len(text) == 1 and _TOKEN_CHAR.match(text) is not None


@functools.cache
def case_forms(char: str, *, case_sensitive: bool = False) -> str:
    """The characters that `char` of a phrase matches in a text, itself first: a letter that is
    part of a token, its case forms (any case: small and capital; case-sensitive: its capital);
    any other character only itself. ASCII: "a" -> "aA", "A" -> "Aa" ("A" case-sensitive)."""
    if not _one_token_char(char):
        return char
    forms = (char, char.upper()) if case_sensitive else (char, char.upper(), char.lower())
    return "".join(dict.fromkeys(f for f in forms if _one_token_char(f)))


def small_case(text: str) -> str:
    """`text` as an any-case phrase is kept: in small letters as str.lower writes them (a
    word's last "Σ" a final "ς"), each where that is one character whose capital is the letter
    again; others as typed ("İ", "ẞ"), so that the phrase always finds itself as typed."""
    if text.isascii():
        return text.lower()
    # "İ" is the one letter whose small form is two characters ("i" and a dot above): "I" stands
    # in for it (a capital too, so a "Σ" beside it is lowered alike), and it stays as typed.
    lowered = text.replace("İ", "I").lower()
    return "".join(map(_small_letter, text, lowered))


def _small_letter(char: str, small: str) -> str:
    """`small` (char.lower(), or "ς" for a last "Σ") where it is a small letter whose capital is
    `char` again, both part of a token; `char` otherwise."""
    if small == char or small.upper() != char:
        return char
    return small if _one_token_char(char) and _one_token_char(small) else char


class _CaseKeys(dict):
    """str.translate's table of _case_key, filled as letters are met."""

    def __missing__(self, code: int) -> str:
        key = self[code] = _case_key(chr(code))
        return key


def _case_key(char: str) -> str:
    """One letter for all the letters a phrase's letter matches (case_forms): the small form of
    the capital, each where it is one character that is part of a token (a test walks every code
    point: a letter and each of its case forms have one key)."""
    capital = char.upper() if _one_token_char(char) and _one_token_char(char.upper()) else char
    small = capital.lower()
    return small if _one_token_char(capital) and _one_token_char(small) else capital


_CASE_KEYS = _CaseKeys()


def folds_outside_ascii(phrase: str) -> bool:
    """Whether a phrase has a character outside ASCII with case forms (case_forms): the
    Hyperscan literals (ASCII caseless) cannot spell it."""
    return not phrase.isascii() and any(len(case_forms(c)) > 1 for c in phrase if not c.isascii())


def alias_words(alias: str, *, case_sensitive: bool = False) -> list[str]:
    """The words of an alias (of one group of a proximity alias), split at white space and
    hyphens; in small letters unless case-sensitive (small_case)."""
    words = [w for w in re.split(r"[\s\-]+", alias.strip()) if w]
    return words if case_sensitive else [small_case(w) for w in words]


def phrase_groups(phrase: str) -> list[str]:
    """The word groups of a phrase, split at the proximity marks ("deploy ... models": two
    groups); one group for a phrase without a mark. A group is empty where a mark has nothing
    on one side of it."""
    return [group.strip() for group in _PROXIMITY_SPLIT.split(phrase.strip())]


def alias_groups(alias: str, *, case_sensitive: bool = False) -> list[list[str]]:
    """The words of each group of an alias (alias_words of phrase_groups)."""
    return [alias_words(g, case_sensitive=case_sensitive) for g in phrase_groups(alias)]


def alias_head(alias: str, *, case_sensitive: bool = False) -> tuple[str, list[list[str]]]:
    """An alias's first character, and its groups without it: for the patterns that spell
    that character apart (_alias_pattern's opening class, a capital at a glued edge)."""
    groups = alias_groups(alias, case_sensitive=case_sensitive)
    first, groups[0][0] = groups[0][0][0], groups[0][0][1:]
    return first, groups


def phrase_problem(phrase: str) -> str:
    """What makes a phrase one the matcher could never find, or not in good time ("" when
    nothing): no letter or digit, a proximity mark with nothing findable on one side of it, or
    more than PROXIMITY_GROUPS word groups."""
    groups = phrase_groups(phrase)
    if not tokens_of(phrase):
        return "has no letter or digit: it would never be found"
    if len(groups) > 1 and not all(tokens_of(g) for g in groups):
        return (
            "needs words on both sides of each “...”, as in “deploy ... models” (a proximity "
            f"alias: its word groups with at most {PROXIMITY_WORDS} words between them)"
        )
    if len(groups) > PROXIMITY_GROUPS:
        return (
            f"has {len(groups)} word groups; a proximity phrase may have at most "
            f"{PROXIMITY_GROUPS}, with {PROXIMITY_GROUPS - 1} “...”: each group more makes "
            "every text take about seven times longer to search"
        )
    return ""


def phrase_normalised(phrase: str, *, case_sensitive: bool = False) -> str:
    """A phrase as the rules keep it: single spaces between words, PROXIMITY_MARK between
    groups, in small letters unless case-sensitive (small_case: "İ", "ẞ" stay as typed); ""
    when it could never be found."""
    if phrase_problem(phrase):
        return ""
    groups = alias_groups(phrase, case_sensitive=case_sensitive)
    return PROXIMITY_MARK.join(" ".join(words) for words in groups)


def is_proximity(phrase: str) -> bool:
    """Whether a phrase has word groups with words allowed between them ("deploy ... models")."""
    return len(phrase_groups(phrase)) > 1


def _word_regex(word: str, *, case_sensitive: bool, scoped: bool = False) -> str:
    """A word as a regular expression; case-sensitive: its small letters in either case, its
    capitals as they are (compile without IGNORECASE); `scoped`: any case by an inline flag on
    the word alone, "(?i:word)" (compile with re.ASCII, without IGNORECASE). A letter outside
    ASCII is the class of its case_forms (re.ASCII folds ASCII letters alone), any case without
    the flag ("ı": "(?-i:[ıI])", not "i")."""
    if not case_sensitive:
        body = "".join(
            re.escape(c) if c.isascii() or len(case_forms(c)) == 1 else f"(?-i:[{case_forms(c)}])"
            for c in word
        )
        return f"(?i:{body})" if scoped else body
    return "".join(
        re.escape(c) if len(forms := case_forms(c, case_sensitive=True)) == 1 else f"[{forms}]"
        for c in word
    )


def alias_regex(alias: str, *, case_sensitive: bool = False, scoped: bool = False) -> str:
    """An alias as a regular expression without its edges (ALIAS_BEFORE and ALIAS_AFTER
    give those; ALIAS_FLAGS, without IGNORECASE when case-sensitive): its words in a row, with
    ALIAS_GAP between them, so that white space or hyphens match either ("scikit learn" =
    "scikit-learn"); a proximity alias's groups with PROXIMITY_BETWEEN between them.
    `scoped`: the same expression with the case rule on each word (_word_regex), to compile
    with SCOPED_FLAGS, as Python does here (the warehouse query spells its own)."""
    groups = alias_groups(alias, case_sensitive=case_sensitive)
    return _groups_regex(groups, case_sensitive=case_sensitive, scoped=scoped)


def _groups_regex(groups: list[list[str]], *, case_sensitive: bool, scoped: bool) -> str:
    return PROXIMITY_BETWEEN.join(
        ALIAS_GAP.join(_word_regex(w, case_sensitive=case_sensitive, scoped=scoped) for w in words)
        for words in groups
    )


# What Python compiles its patterns with: the same matches as ALIAS_FLAGS, with the any-case
# rule on the words alone ("(?i:word)", alias_regex's `scoped`). Under IGNORECASE, Python
# folds the case of every character of every class it compiles, and the classes of token
# edges and gaps span thousands of code points (U+2000-2FFF, U+F000-FFFF): compiling the
# 1,619 aliases of round 8 took 4.4 CPU-s with the flag on the whole pattern, 2.0 s scoped.
# The classes hold no ASCII letter, so case does not change what they match.
SCOPED_FLAGS = re.ASCII


def _alias_pattern(alias: str, *, case_sensitive: bool) -> re.Pattern:
    """ALIAS_BEFORE, alias_regex and ALIAS_AFTER, written so that re skips to the places the
    alias's first character is at: the pattern opens with that character as the class of its
    case forms ("[jJ]"), and ALIAS_BEFORE is checked just after it, on the character before
    it. Opening with the look-behind or an any-case letter, re tried the whole pattern at
    every place of the text, for every alias whose words the text has: a 50,000-character
    paste of every alias's words took 1.6 CPU-s, now 0.8. The same matches."""
    first, groups = alias_head(alias, case_sensitive=case_sensitive)
    head = "[" + re.escape(case_forms(first, case_sensitive=case_sensitive)) + "]"
    rest = _groups_regex(groups, case_sensitive=case_sensitive, scoped=True)
    before = f"(?<!{TOKEN_CHAR}{head})"
    if glued_start(alias):  # a capital glued to a small letter may start it
        before = f"(?:{before}|(?<=(?-i:[a-z][A-Z])))"
    return re.compile(f"{head}{before}{rest}{ALIAS_AFTER}", SCOPED_FLAGS)


# ---- The rules, as data ----------------------------------------------------------------------


@dataclass(frozen=True)
class AliasRule:
    """A phrase that names a skill; case-sensitive: its capitals must be capitals."""

    phrase: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class SkillRules:
    """How one skill is found: its aliases (its name among them, if it is matched) and its
    exclusion phrases."""

    slug: str
    aliases: tuple[AliasRule, ...]
    exclusions: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        slug: str,
        name: str,
        aliases: Iterable[str] = (),
        case_sensitive_aliases: Iterable[str] = (),
        exclusions: Iterable[str] = (),
        match_name: bool = True,
    ) -> "SkillRules":
        """A taxonomy entry's rules: its case-sensitive aliases first (so that one wins over
        the same phrase as its name or an any-case alias), its name unless it is not matched,
        then its other aliases."""
        rules = [AliasRule(p, case_sensitive=True) for p in case_sensitive_aliases]
        if match_name:
            rules.append(AliasRule(name))
        rules += [AliasRule(p) for p in aliases]
        return cls(slug, tuple(rules), tuple(exclusions))


def rules_of_entries(entries: Iterable[Mapping]) -> tuple[SkillRules, ...]:
    """The rules of taxonomy entries as the seed file spells them (market/seed/skills.json:
    slug, name, display_order, aliases, and optionally case_sensitive_aliases, exclusions,
    match_name), in display order, as the importer takes the taxonomy."""
    ordered = sorted(entries, key=lambda e: (e["display_order"], e["name"]))
    return tuple(
        SkillRules.of(
            slug=e["slug"],
            name=e["name"],
            aliases=e["aliases"],
            case_sensitive_aliases=e.get("case_sensitive_aliases", ()),
            exclusions=e.get("exclusions", ()),
            match_name=e.get("match_name", True),
        )
        for e in ordered
    )


def is_one_letter(phrase: str) -> bool:
    return len(phrase) == 1 and phrase.isascii() and phrase.isalpha()


def rules_normalised(rules: Iterable[SkillRules]) -> tuple[SkillRules, ...]:
    """The rules as every matching path applies them: phrases with single spaces between
    words and PROXIMITY_MARK between groups (in small letters unless case-sensitive:
    small_case); a one-letter alias a case-sensitive capital; phrases the matcher could never
    find dropped (phrase_problem); an alias claimed twice (in any case) belongs to the first
    skill that claims it, in its first spelling; exclusion phrases in small letters, each once.
    Skills left with no alias are dropped."""
    claimed: set[str] = set()
    out = []
    for skill in rules:
        aliases = []
        for alias in skill.aliases:
            phrase = phrase_normalised(alias.phrase, case_sensitive=True)
            if not phrase:
                continue
            case_sensitive = alias.case_sensitive
            if is_one_letter(phrase):
                phrase, case_sensitive = phrase.upper(), True
            if not case_sensitive:
                phrase = small_case(phrase)
            key = phrase.lower()
            if key in claimed:
                continue
            claimed.add(key)
            aliases.append(AliasRule(phrase, case_sensitive))
        exclusions = dict.fromkeys(
            phrase_normalised(p) for p in skill.exclusions if phrase_normalised(p)
        )
        if aliases:
            out.append(SkillRules(skill.slug, tuple(aliases), tuple(exclusions)))
    return tuple(out)


# Blanking out an exclusion phrase: it and the character on either side of it (an edge: any
# character that is not part of a token, or the text's start or end) become CUT, a character
# that separates tokens, that no alias holds and that no proximity alias reaches across. The
# search consumes the edges (as SQL regular expressions without look-around do), so it runs
# twice: a phrase that shares an edge with the one before it is found the second time.
EXCLUSION_PASSES = 2


# The glued edges as exclusion_regex consumes them (no look-around, as in SQL): the small
# letter before a phrase that starts with a capital, the capital and small letter after it.
SMALL = "(?-i:[a-z])"
CAPITALISED = "(?-i:[A-Z][a-z])"


def exclusion_regex(phrases: Sequence[str], *, scoped: bool = False) -> str:
    """Exclusion phrases (normalised) as one regular expression, edges included: (^|edge)
    (phrase|phrase...) (edge|end); ALIAS_FLAGS (`scoped`: SCOPED_FLAGS, see alias_regex).
    Alternatives are tried in the order given."""
    body = "|".join(alias_regex(p, scoped=scoped) for p in phrases)
    capital = "|".join(
        r for p in phrases if (r := capital_first_regex(p, scoped=scoped)) is not None
    )
    glued = f"|(?P<before>{SMALL})(?:{capital})" if capital else ""
    return (
        rf"(?:(?:^|{ALIAS_EDGE})(?:{body}){glued})"
        rf"(?:{ALIAS_EDGE}|\Z|(?P<after>{CAPITALISED}))"
    )


def capital_first_regex(phrase: str, *, case_sensitive: bool = False, scoped: bool = False):
    """alias_regex of a phrase whose first character must be an ASCII capital in the text (a
    mention that starts at a glued edge), or None where it is not an ASCII letter."""
    if not glued_start(phrase):
        return None
    first, groups = alias_head(phrase, case_sensitive=case_sensitive)
    rest = _groups_regex(groups, case_sensitive=case_sensitive, scoped=scoped)
    return f"(?-i:{first.upper()}){rest}"


def glued_start(phrase: str) -> bool:
    """Whether a mention of `phrase` may start at a glued edge (CAMEL_BEFORE): it is longer
    than one character and starts with an ASCII letter."""
    return len(phrase) > 1 and phrase[0].isascii() and phrase[0].isalpha()


def exclusions_cut(text: str, pattern: re.Pattern) -> str:
    """`text` with every match of `pattern` (exclusion_regex) replaced by as many CUT
    characters, but for the letters of a glued edge, which stay (a match consumes its edges
    and the next one starts after them), EXCLUSION_PASSES times; its length and the places of
    the rest never change."""
    for _ in range(EXCLUSION_PASSES):
        text = pattern.sub(_blanked, text)
    return text


def _blanked(match: re.Match) -> str:
    found = match.groupdict()  # no "before" where no phrase may start at a glued edge
    before, after = found.get("before") or "", found["after"] or ""
    return before + CUT * (len(match.group(0)) - len(before) - len(after)) + after


# ---- Hyperscan patterns: the same definition, spelt in bytes --------------------------------
# Each alias or exclusion phrase is one pattern (HS_FLAG_CASELESS unless case-sensitive: ASCII
# letters; a letter outside ASCII is its case forms' bytes, _hs_word) framed by a character on
# either side. Right of it: a byte that cannot be part of a token (an ASCII separator, or the lead
# byte of a separator character: C2, E2, EF). Left of it: an ASCII separator (texts are framed with
# NUL bytes, so there always is one) or a continuation byte, which the scan then checks ends a
# separator character (_separator_at: the match's length is fixed, so where it starts is known).
# A phrase of several words (not case-sensitive) is a literal, scanned in a copy of the texts
# in which every ASCII gap byte (ALIAS_GAP's: white space, \x1c-\x1f, hyphens) is a space: its
# words joined by single spaces finds exactly its mentions whose gaps are each one such byte
# (the common case), and the scan checks the bytes either side of it in the texts. A run
# between its words held Hyperscan's literal matcher back (with 624 such phrases, the scan of
# runs took twice as long as all the rest). Any other mention has, after one of its words but
# the last, an irregular gap start (_IRREGULAR_GAPS, some by their lead byte): that word
# followed by it is a literal too, 19 a word, shared by every phrase with the word. Its match means
# only that those phrases may be there; it is kept for a phrase whose next word's first bytes
# follow the run of gap characters after the word (none, where the byte is a separator's that
# is no gap: a curly quote, a dash), and where it may change a verdict, the text is scanned
# again with every run of gap characters one space, where the phrases' literals are exact
# (_Scan.regapped; a pass of Python's re or Arrow over all the bytes to collapse the runs first
# costs more than the whole scan). A case-sensitive phrase of several words, and any phrase
# with a letter outside ASCII that has case forms (few: none in the shipped taxonomy), keeps the
# exact pattern, which a literal cannot spell: the exact characters left of it and between its
# words (_HS_EDGE, _HS_SPACE) in bytes.
_HS_LEFT = rb"[^A-Za-z0-9_&+#\xc0-\xff]"
_HS_RIGHT = rb"[\x00-\x22\x24\x25\x27-\x2a\x2c-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\xc2\xe2\xef]"
# Right of a phrase in the patterns: also a capital, which may start a glued word (CAMEL_AFTER:
# a capital and a small letter). HS_FLAG_CASELESS lets any letter through; find_pairs keeps,
# of the matches that end with a letter, those at a glued edge, for the reference.
_HS_RIGHT_OR_CAPITAL = _HS_RIGHT.removesuffix(b"]") + b"A-Z]"


def _hs_class(one_character: str, *, outside_ascii: bytes) -> bytes:
    """A byte class: the ASCII characters that `one_character` (a Python regular expression for
    one character) matches, and the bytes `outside_ascii` (a superset for the characters
    outside ASCII: a match that holds such a byte is the reference's to decide)."""
    pattern = re.compile(one_character)
    ascii_bytes = b"".join(b"\\x%02x" % c for c in range(128) if pattern.fullmatch(chr(c)))
    return b"[" + ascii_bytes + outside_ascii + b"]"


# Between the words of a group of a proximity alias (ALIAS_GAP; a plain phrase of several words
# has _HS_SPACE, exact), outside ASCII: the lead bytes of its spaces (C2: NEL, no-break space;
# E2: the U+2000 spaces, line and paragraph separators) and any continuation byte.
_HS_GAP = _hs_class(ALIAS_GAP.removesuffix("+"), outside_ascii=rb"\x80-\xbf\xc2\xe2") + b"+"
# Between two groups of a proximity alias (PROXIMITY_BETWEEN): the ASCII characters read off the
# reference's own classes; outside ASCII, any lead or continuation byte of a separator in a
# gap and any byte in a token.
_HS_PROXIMITY_GAP = _hs_class(PROXIMITY_GAP_CHAR, outside_ascii=rb"\x80-\xbf\xc2\xe2\xef") + b"+"
_HS_TOKEN = _hs_class(TOKEN_CHAR, outside_ascii=rb"\x80-\xff") + b"+"
_HS_BETWEEN = (
    b"(?:" + _HS_PROXIMITY_GAP + _HS_TOKEN + b"){0,%d}" % PROXIMITY_WORDS + _HS_PROXIMITY_GAP
)


def _hs_exactly(one_character: str) -> bytes:
    """The characters `one_character` (a Python regular expression for one character of the
    Basic Multilingual Plane) matches, as a pattern of their UTF-8 bytes."""
    return _hs_sequences(_encodings(one_character))


def _encodings(one_character: str) -> frozenset:
    """The UTF-8 bytes of each character of the Basic Multilingual Plane that `one_character`
    (a Python regular expression for one character) matches."""
    pattern = re.compile(one_character)
    return frozenset(
        chr(code).encode()
        for code in range(0x10000)
        if not 0xD800 <= code < 0xE000 and pattern.fullmatch(chr(code))
    )


def _hs_sequences(sequences: frozenset) -> bytes:
    """Byte strings as one pattern: grouped by their first byte, first bytes followed by the
    same set of rests sharing one byte class (so U+2000-2FFF is E2[80-BF][80-BF])."""
    rests: dict[int, set] = {}
    for sequence in sequences:
        rests.setdefault(sequence[0], set()).add(sequence[1:])
    by_rest: dict[frozenset, list[int]] = {}
    for first, rest in sorted(rests.items()):
        by_rest.setdefault(frozenset(rest), []).append(first)
    alternatives = [
        _byte_class(firsts) + (b"" if rest == {b""} else _hs_sequences(rest))
        for rest, firsts in by_rest.items()
    ]
    return alternatives[0] if len(alternatives) == 1 else b"(?:" + b"|".join(alternatives) + b")"


def _byte_class(values: list[int]) -> bytes:
    """Sorted byte values as one byte class of ranges: [\\x80-\\xbf], [\\x85\\xa0]."""
    ranges: list[list[int]] = []
    for v in values:
        if ranges and v == ranges[-1][1] + 1:
            ranges[-1][1] = v
        else:
            ranges.append([v, v])
    return (
        b"["
        + b"".join(b"\\x%02x" % a if a == b else b"\\x%02x-\\x%02x" % (a, b) for a, b in ranges)
        + b"]"
    )


# Left of a case-sensitive phrase of several words, or of a phrase with a letter outside ASCII
# that has case forms: exactly a character that is not part of a token (ASCII separators;
# U+0080-00BF, U+2000-2FFF, U+F000-FFFF, whose lead bytes are C2, E2, EF).
_HS_EDGE = _hs_exactly(ALIAS_EDGE)
# Between its words: exactly a run of ALIAS_GAP's characters (their UTF-8 bytes, read once:
# walking the Basic Multilingual Plane is paid by every process that imports this module).
_GAP_ENCODINGS = _encodings(ALIAS_GAP.removesuffix("+"))
_HS_SPACE = _hs_sequences(_GAP_ENCODINGS) + b"+"
# The gap characters: in ASCII, the bytes the literals' copy of the texts turns into spaces;
# outside it (NEL, no-break space, the U+2000 spaces, ...), their UTF-8 bytes.
_ASCII_GAPS = bytes(c for c in range(0x80) if re.fullmatch(ALIAS_GAP, chr(c)))
_GAPS_AS_SPACES = bytes.maketrans(_ASCII_GAPS, b" " * len(_ASCII_GAPS))
_WIDE_GAPS = tuple(sorted(e for e in _GAP_ENCODINGS if len(e) > 1))
_WIDE_GAP = re.compile(b"|".join(_WIDE_GAPS))
# The same as arrays: whether a byte is an ASCII gap; a gap outside ASCII's bytes as one number
# (big-endian), by its length.
_ASCII_GAP_BYTES = np.array([bytes([b]) in _ASCII_GAPS for b in range(256)])
_WIDE_GAP_CODES = {
    length: np.array([int.from_bytes(g) for g in _WIDE_GAPS if len(g) == length])
    for length in sorted({len(g) for g in _WIDE_GAPS})
}
# How many first bytes of the word after an irregular gap are compared (_Scan.phrases_of), and
# bytes with ASCII letters lower-cased, as the literals (HS_FLAG_CASELESS) compare them.
_FOLLOWING = 4
_LOWER_CASE = np.frombuffer(bytes(range(256)).lower(), dtype=np.uint8)
# How a gap that is not one ASCII gap byte starts, in the copy: a gap character outside ASCII,
# or a space followed by a gap character (a run of two or more). Spelt in 19 literals a word,
# not 35 (each gap character, alone and after a space: their compile took 0.9 of 1.4 CPU-s
# with round 9's phrases): the U+2000 spaces and separators whole (curly quotes and dashes share
# their lead byte E2, and follow words often), NEL and the no-break space by their lead byte C2,
# and after a space by either lead byte. A match then means only that a gap may start there:
# whether the phrase's next word follows is read past the whole run, from the word's end
# (_Scan._followed).
_GAP_LEADS = tuple(sorted({gap[:1] for gap in _WIDE_GAPS}))
_IRREGULAR_GAPS = (
    tuple(g for g in _WIDE_GAPS if g[:1] == b"\xe2")
    + tuple(b" " + gap for gap in (b" ", *_GAP_LEADS))
    + (b"\xc2",)
)
# A pattern's length: a case-sensitive phrase of several words's match, or a phrase's with a
# letter outside ASCII that has case forms, is exact as it stands (_HS_EDGE, _HS_SPACE), so no
# byte left of it is checked.
_EXACT = -1
# A proximity phrase's length: its match does not report where it starts (start-of-match
# tracking through bounded repeats made the whole scan half as slow again), so where one is
# found its mention is read back from where it ends (_proximity_found), unless another alias
# of the skill already settled the pair or an exclusion phrase of it is found (the reference
# decides those).
_STARTS_UNKNOWN = -2
_ALIAS, _EXCLUSION = 0, 1  # what a pattern finds
# The bytes that may stand left of a phrase (a continuation byte: if it ends a separator
# character, _separator_at) and right of it, by value.
_LEFT_BYTES = np.array([re.fullmatch(_HS_LEFT, bytes([b])) is not None for b in range(256)])
_RIGHT_BYTES = np.array([re.fullmatch(_HS_RIGHT, bytes([b])) is not None for b in range(256)])


def _hs_word(word: str, *, case_sensitive: bool) -> bytes:
    """A word as a Hyperscan pattern: HS_FLAG_CASELESS (any case) folds its ASCII letters; a
    case-sensitive word's small ASCII letters are classes, and a letter outside ASCII with case
    forms (case_forms) their UTF-8 bytes as alternatives, without the flag ("ı": "ı" or "I",
    not "i")."""
    if not case_sensitive and word.isascii():
        return re.escape(word.encode())
    out = []
    for c in word:
        forms = case_forms(c, case_sensitive=case_sensitive)
        if c.isascii() and not case_sensitive:
            forms = c  # HS_FLAG_CASELESS
        if len(forms) == 1:
            out.append(re.escape(c.encode()))
        elif forms.isascii():
            out.append(f"[{forms}]".encode())
        else:
            out.append(b"(?-i:" + b"|".join(f.encode() for f in forms) + b")")
    return b"".join(out)


@dataclass(frozen=True)
class _Group:
    """A word group of a proximity alias, as find_pairs compares it with the texts' bytes
    (_proximity_found): its words joined by one space, ASCII letters lower-cased (`text`); the
    capitals it needs (case-sensitive: the byte as written where it is a capital, 0 elsewhere);
    how long its last word is (bytes); whether it ends with a token character (a group that
    does not is not looked for from the next one's place); whether it has a letter outside
    ASCII with case forms (folds_outside_ascii: its bytes find only the spelling kept, so a
    match of its alias that is not found as kept is the reference's to decide)."""

    text: bytes
    capitals: bytes
    last_word: int
    ends_in_token: bool
    folds: bool = False

    @classmethod
    def of(cls, words: Sequence[str], *, case_sensitive: bool) -> "_Group":
        text = " ".join(words).encode()
        capitals = bytes(c if case_sensitive and 0x41 <= c <= 0x5A else 0 for c in text)
        ends = re.fullmatch(TOKEN_CHAR, words[-1][-1]) is not None
        folds = folds_outside_ascii(" ".join(words))
        return cls(text.lower(), capitals, len(words[-1].encode()), ends, folds)


@dataclass(frozen=True)
class _ScanPlan:
    """What find_pairs compiles: one pattern per alias and per exclusion phrase (its number is
    the phrase's), with its skill number, its length in bytes (or _EXACT, _STARTS_UNKNOWN), which
    locate the bytes either side of a match, whether it is case-sensitive, whether it is a
    literal (scanned in the copy with gaps as spaces) and what it finds (_ALIAS or _EXCLUSION);
    then the literals of irregular gaps, each with the phrases that may be where it is found
    and, for each, the word that follows in the phrase (one entry per word that follows)."""

    patterns: tuple[bytes, ...]
    skills: tuple[int, ...]
    lengths: tuple[int, ...]
    case_sensitive: tuple[bool, ...]
    literal: tuple[bool, ...]
    kinds: tuple[int, ...]
    irregular: tuple[bytes, ...] = ()
    irregular_phrases: tuple[tuple[tuple[int, bytes], ...], ...] = ()
    proximity: tuple[tuple[_Group, ...] | None, ...] = ()  # by phrase: a proximity alias's groups
    reach: int = PROXIMITY_WORDS  # PROXIMITY_WORDS when the plan was made
    # the phrases a mention of which may start at a glued edge (_GluedStart)
    glued: tuple["_GluedStart", ...] = ()

    @classmethod
    def of(cls, phrases: Iterable[tuple[AliasRule, int, int]]) -> "_ScanPlan":
        """`phrases`: (rule, skill number, _ALIAS or _EXCLUSION)."""
        patterns, skills, lengths, cases, literal, kinds = [], [], [], [], [], []
        irregular: dict[bytes, dict[tuple[int, bytes], None]] = {}
        proximity, glued = [], []
        for number, (rule, skill, kind) in enumerate(phrases):
            cased = rule.case_sensitive
            groups = alias_groups(rule.phrase, case_sensitive=cased)
            if glued_start(rule.phrase):
                glued.append(_GluedStart.of(number, groups, case_sensitive=cased))
            words = [[_hs_word(w, case_sensitive=cased) for w in group] for group in groups]
            proximity.append(
                tuple(_Group.of(g, case_sensitive=cased) for g in groups)
                if len(groups) > 1 and kind == _ALIAS
                else None
            )
            skills.append(skill)
            cases.append(cased)
            # A letter outside ASCII with case forms: a pattern, exact (_HS_EDGE), as its forms'
            # bytes may differ in length (ı, I); none of the shipped phrases has one.
            folds = folds_outside_ascii(rule.phrase)
            literal.append(len(groups) == 1 and len(groups[0]) > 1 and not cased and not folds)
            kinds.append(kind)
            if len(groups) > 1:
                body = _HS_BETWEEN.join(_HS_GAP.join(group) for group in words)
                patterns.append(_HS_LEFT + body + _HS_RIGHT_OR_CAPITAL)
                lengths.append(_STARTS_UNKNOWN)
            elif literal[-1]:
                patterns.append(" ".join(groups[0]).encode())
                lengths.append(len(patterns[-1]))
                for word, after in itertools.pairwise(groups[0]):
                    for gap in _IRREGULAR_GAPS:
                        irregular.setdefault(word.encode() + gap, {})[number, after.encode()] = None
            elif len(groups[0]) > 1 or folds:
                patterns.append(_HS_EDGE + _HS_SPACE.join(words[0]) + _HS_RIGHT_OR_CAPITAL)
                lengths.append(_EXACT)
            else:
                patterns.append(_HS_LEFT + words[0][0] + _HS_RIGHT_OR_CAPITAL)
                lengths.append(len(groups[0][0].encode()))
        return cls(
            tuple(patterns),
            tuple(skills),
            tuple(lengths),
            tuple(cases),
            tuple(literal),
            tuple(kinds),
            tuple(irregular),
            tuple(tuple(found) for found in irregular.values()),
            tuple(proximity),
            PROXIMITY_WORDS,
            tuple(glued),
        )


@dataclass(frozen=True)
class _GluedStart:
    """What find_pairs compares at a glued edge (CAMEL_BEFORE: a small ASCII letter, then a
    capital) for a phrase that may start there (glued_start), to find every mention of it that
    starts there, and more: its first words (the first two of its first group), each in small
    ASCII letters up to its first character outside ASCII (`text`), with the capitals a
    case-sensitive one needs (`capitals`: the byte where it has an ASCII capital, 0 elsewhere),
    and whether it is compared whole (`whole`: no character outside ASCII, a case rule the
    bytes cannot tell). Between two words, a run of gap bytes (_GLUED_GAP_BYTES); after the
    last one compared whole, a byte that ends a phrase (_HS_RIGHT) or, where they are the whole
    phrase (`ends`), a capital and a small letter. Past a word not compared whole, the words
    are taken as found. The text's verdict for the skill is then the reference's
    (find_pairs)."""

    phrase: int
    text: tuple[bytes, ...]
    capitals: tuple[bytes, ...]
    whole: tuple[bool, ...]
    ends: bool

    @classmethod
    def of(cls, phrase: int, groups: list[list[str]], *, case_sensitive: bool) -> "_GluedStart":
        words = groups[0][:2]
        if not all(w.isascii() for w in words[:-1]):  # nothing is compared past such a word
            words = words[: next(i for i, w in enumerate(words) if not w.isascii()) + 1]
        kept = [re.match("[\x00-\x7f]*", w)[0].encode() for w in words]
        return cls(
            phrase,
            tuple(k.lower() for k in kept),
            tuple(bytes(c if case_sensitive and 0x41 <= c <= 0x5A else 0 for c in k) for k in kept),
            tuple(w.isascii() for w in words),
            len(groups) == 1 and len(groups[0]) <= 2,
        )


@dataclass(frozen=True)
class _GluedStarts:
    """A plan's _GluedStart entries as arrays, sorted by the number their first _GLUED_KEY bytes
    (or fewer: the first word's, where it is shorter) make (`key`, `key_length`): by entry,
    its phrase, its first and second words (`text`, `capitals` as rows padded with zeros,
    `length`; a length of -1: no second word), whether each is compared whole, whether the
    words compared are the whole phrase (`ends`)."""

    phrase: np.ndarray
    key: np.ndarray
    key_length: np.ndarray
    text: tuple[np.ndarray, np.ndarray]
    capitals: tuple[np.ndarray, np.ndarray]
    length: tuple[np.ndarray, np.ndarray]
    whole: tuple[np.ndarray, np.ndarray]
    ends: np.ndarray

    @classmethod
    def of(cls, starts: Sequence[_GluedStart]) -> "_GluedStarts":
        def key(start: _GluedStart) -> tuple[int, int]:
            head = start.text[0][:_GLUED_KEY]
            return len(head), int.from_bytes(head)

        starts = sorted(starts, key=key)
        text, capitals, length, whole = [], [], [], []
        for word in range(2):
            words = [s.text[word] if len(s.text) > word else b"" for s in starts]
            width = max((len(w) for w in words), default=0) + 1
            table = np.zeros((2, len(starts), width), dtype=np.uint8)
            for i, s in enumerate(starts):
                if len(s.text) > word:
                    table[0, i, : len(s.text[word])] = list(s.text[word])
                    table[1, i, : len(s.capitals[word])] = list(s.capitals[word])
            text.append(table[0])
            capitals.append(table[1])
            length.append(
                np.array(
                    [
                        len(w) if len(s.text) > word else -1
                        for w, s in zip(words, starts, strict=True)
                    ],
                    dtype=np.int64,
                )
            )
            whole.append(
                np.array([len(s.whole) > word and s.whole[word] for s in starts], dtype=bool)
            )
        keys = [key(s) for s in starts]
        return cls(
            np.array([s.phrase for s in starts], dtype=np.int64),
            np.array([k for _, k in keys], dtype=np.int64),
            np.array([n for n, _ in keys], dtype=np.int64),
            tuple(text),
            tuple(capitals),
            tuple(length),
            tuple(whole),
            np.array([s.ends for s in starts], dtype=bool),
        )


# How many of a glued phrase's first bytes find the glued edges it is compared at (_glued_found).
_GLUED_KEY = 4
# Between its first two words: _HS_GAP's bytes (ASCII gaps; outside ASCII, a superset).
_GLUED_GAP_BYTES = np.array(
    [re.fullmatch(_HS_GAP.removesuffix(b"+"), bytes([b])) is not None for b in range(256)]
)


def _glued_found(
    byte: np.ndarray, bounds: np.ndarray, starts: _GluedStarts
) -> tuple[np.ndarray, np.ndarray]:
    """The phrases found at the glued edges of the texts' bytes (_GluedStart: every mention that
    starts at one, and more), and the texts they are in: the edges found with numpy, each
    compared with the phrases whose first bytes are there."""
    last = len(byte) - 1
    small = np.subtract(byte[:-1], 0x61, dtype=np.uint8) < 26
    capital = np.subtract(byte[1:], 0x41, dtype=np.uint8) < 26
    edge = np.flatnonzero(small & capital) + 1
    numbers, entries = [], []
    for size in range(1, _GLUED_KEY + 1):
        which = np.flatnonzero(starts.key_length == size)  # one run, sorted by key
        if not len(which) or not len(edge):
            continue
        read = _LOWER_CASE[byte[np.minimum(edge[:, None] + np.arange(size), last)]]
        key = functools.reduce(lambda k, b: k << 8 | b, read.T.astype(np.int64))
        low = np.searchsorted(starts.key[which], key, side="left")
        count = np.searchsorted(starts.key[which], key, side="right") - low
        number = np.repeat(np.arange(len(edge)), count)
        numbers.append(number)
        entries.append(
            which[0]
            + low[number]
            + np.arange(len(number))
            - np.repeat(np.cumsum(count) - count, count)
        )
    if not numbers:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    entry = np.concatenate(entries)
    at = edge[np.concatenate(numbers)]
    found = np.zeros(len(entry), dtype=bool)
    going = np.ones(len(entry), dtype=bool)
    for word in range(2):
        length = starts.length[word][entry]
        if word:  # past the run of gap bytes after the first word (one at least)
            going &= _GLUED_GAP_BYTES[byte[np.minimum(at, last)]]
            at, longer = _past_run(byte, at, going)
            found |= going & longer  # a run too long to step over: the reference decides
            going &= ~longer
        width = starts.text[word].shape[1]
        index = np.minimum(at[:, None] + np.arange(width), last)
        read = byte[index]
        text, capitals = starts.text[word][entry], starts.capitals[word][entry]
        same = (_LOWER_CASE[read] == text) & ((capitals == 0) | (read == capitals))
        same |= np.arange(width) >= length[:, None]
        going &= same.all(axis=1)
        at = at + np.maximum(length, 0)
        last_word = (word == 1) | (starts.length[1][entry] < 0)
        whole = starts.whole[word][entry]
        found |= going & last_word & ~whole
        after = byte[np.minimum(at, last)]
        right = _RIGHT_BYTES[after] | (
            starts.ends[entry]
            & (np.subtract(after, 0x41, dtype=np.uint8) < 26)
            & (np.subtract(byte[np.minimum(at + 1, last)], 0x61, dtype=np.uint8) < 26)
        )
        found |= going & last_word & whole & right
        going &= ~last_word
    rows = np.searchsorted(bounds[1:], edge[np.concatenate(numbers)], side="right")
    return starts.phrase[entry[found]], rows[found]


def _past_run(byte: np.ndarray, at: np.ndarray, going: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the run of _GLUED_GAP_BYTES from each position of `at` ends (where `going`;
    `at` elsewhere), stepping over _GAP_STEPS bytes at most; and whether it goes on past them."""
    at = at.copy()
    moving = np.flatnonzero(going)
    for _ in range(_GAP_STEPS):
        moving = moving[_GLUED_GAP_BYTES[byte[np.minimum(at[moving], len(byte) - 1)]]]
        if not len(moving):
            break
        at[moving] += 1
    longer = np.zeros(len(at), dtype=bool)
    longer[moving[_GLUED_GAP_BYTES[byte[np.minimum(at[moving], len(byte) - 1)]]]] = True
    return at, longer


@dataclass(frozen=True)
class _Scan:
    """A scan plan compiled (_compiled): its patterns that are not literals, scanned in the
    texts' bytes, and its literals, scanned in the copy with gaps as spaces (one database each;
    None without any); and, by pattern number (the plan's phrases, then its irregular gaps),
    what a match needs and finds."""

    patterns: hyperscan.Database | None
    literals: hyperscan.Database | None
    back: np.ndarray  # how far before a match's end the byte left of its phrase is (0: unchecked)
    right: np.ndarray  # whether the byte at a match's end must end the phrase (literals of phrases)
    sure: np.ndarray  # whether a match with those bytes either side is a mention
    first: np.ndarray  # the phrases pattern i finds: phrases[first[i] : first[i + 1]]
    phrases: np.ndarray
    # by entry of `phrases`: the first bytes of the word that must follow an irregular gap's
    # match, past the rest of its gap (_FOLLOWING of them at most, zeros after), and how many
    following: np.ndarray
    following_length: np.ndarray
    skills: np.ndarray  # by phrase: its skill number
    kinds: np.ndarray  # by phrase: _ALIAS or _EXCLUSION
    # by pattern number: how many bytes the phrase a match finds spans, where `spans` can tell
    # (negative: a proximity phrase's, a case-sensitive phrase of several words', a phrase's
    # with a letter outside ASCII that has case forms, an irregular gap's, or a phrase with CUT
    # in it, which a blanked-out place could complete)
    length: np.ndarray
    # by pattern number: how many of the bytes an irregular gap's literal ends with are its gap's
    # (_IRREGULAR_GAPS; 0 for the rest)
    gap: np.ndarray
    groups: "_Groups"  # by phrase: a proximity alias's groups (_proximity_found)
    glued: _GluedStarts  # the phrases that may start at a glued edge (_glued_found)

    def matches(self, data: memoryview) -> np.ndarray:
        """Every match in `data` (framed texts): pattern numbers, and where each match ends, as
        two rows."""
        found = _matches(self.patterns, data)
        if self.literals is None:
            return found
        gaps_as_spaces = _matches(self.literals, data.tobytes().translate(_GAPS_AS_SPACES))
        return np.concatenate([found, gaps_as_spaces], axis=1)

    def regapped(
        self, data: memoryview, bounds: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """The mentions of phrases of several words (not case-sensitive) in texts `rows`, each
        (row, phrase): the literals find every one once each gap is one space; and, as two
        more rows and phrases, the matches that end at a glued edge (at_edges)."""
        if not len(rows):  # most batches: no irregular gap that may change a verdict
            return rows, rows, rows, rows
        spaced = _gaps_as_spaces(b"".join(data[bounds[row] : bounds[row + 1]] for row in rows))
        ends = np.cumsum(bounds[rows + 1] - bounds[rows]).tolist()
        texts = [b" ".join(spaced[a:b].split()) for a, b in itertools.pairwise([0, *ends])]
        joined = b"".join(texts)
        pattern, end = _matches(self.literals, joined)
        pattern, end = pattern[self.right[pattern]], end[self.right[pattern]]
        keep, glued = self.at_edges(np.frombuffer(joined, dtype=np.uint8), pattern, end)
        starts = np.cumsum([len(text) for text in texts])
        row_of = rows[np.searchsorted(starts, end - 1, side="right")]
        return row_of[keep], pattern[keep], row_of[glued], pattern[glued]

    def spans(self, pattern: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where in the texts' bytes the phrase of each match starts and ends (-1 and -1 where
        its length is not known): a literal's match ends with its phrase, a pattern's one byte
        after it (the byte right of the phrase)."""
        length = self.length[pattern]
        stop = np.where(self.right[pattern], end, end - 1)
        known = length >= 0
        return np.where(known, stop - length, -1), np.where(known, stop, -1)

    def at_edges(
        self, byte: np.ndarray, pattern: np.ndarray, end: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Whether each match has what its phrase needs either side of it, in the texts' bytes
        (a NUL frames each text, so byte 0 stands in where nothing is checked); and whether it
        has that on its left and a glued edge on its right (a capital and a small letter:
        CAMEL_AFTER), where the reference decides."""
        back = self.back[pattern]
        left = np.where(back > 0, end - back, 0)
        keep = _LEFT_BYTES[byte[left]]
        check = byte[left] >= 0x80  # a continuation byte: its character must be a separator
        keep[check] = _separator_at(byte, left[check])
        # The byte right of the phrase: at a literal's end, a pattern's last (a literal of an
        # irregular gap checks none: byte 0).
        phrase = pattern < len(self.skills)
        right = np.where(self.right[pattern], end, np.where(phrase, end - 1, 0))
        after = byte[np.minimum(right + 1, len(byte) - 1)]
        capital = (byte[right] >= 0x41) & (byte[right] <= 0x5A)
        glued = capital & (after >= 0x61) & (after <= 0x7A) & phrase
        return keep & _RIGHT_BYTES[byte[right]], keep & glued

    def phrases_of(
        self, byte: np.ndarray, pattern: np.ndarray, end: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """Each match once per phrase its pattern finds: its pattern, the phrase, where the
        match ends, and whether it is a mention; an irregular gap's only where the word its
        phrase has next follows (its first bytes, in any case), past the rest of the gap."""
        count = self.first[pattern + 1] - self.first[pattern]
        match = np.repeat(np.arange(len(pattern)), count)
        entry = self.first[pattern][match] + np.arange(len(match))
        entry -= np.repeat(np.cumsum(count) - count, count)
        keep = np.ones(len(entry), dtype=bool)
        gapped = self.following_length[entry] > 0
        word_end = end[match][gapped] - self.gap[pattern[match][gapped]]
        keep[gapped] = self._followed(byte, entry[gapped], word_end)
        match, entry = match[keep], entry[keep]
        return pattern[match], self.phrases[entry], end[match], self.sure[pattern][match]

    def _followed(self, byte: np.ndarray, entry: np.ndarray, end: np.ndarray) -> np.ndarray:
        past, longer = _past_gaps(byte, end)
        window = past[:, None] + np.arange(_FOLLOWING)
        found = _LOWER_CASE[byte[np.minimum(window, len(byte) - 1)]]
        needed = np.arange(_FOLLOWING) < self.following_length[entry][:, None]
        # Past a run longer than _GAP_STEPS, the rescan decides (it finds what is there).
        return ((found == self.following[entry]) | ~needed).all(axis=1) | longer


# How many gap characters _past_gaps steps over at most: a match still inside a run of gaps
# after that many counts as followed by its phrase's next word, and its text is scanned again
# with each gap one space (exact), so that a run of thousands of spaces costs no more numpy
# steps than this. The longest run in the corpus's 5,425 postings is 373 characters.
_GAP_STEPS = 64


def _past_gaps(
    byte: np.ndarray, at: np.ndarray, *, most: int = _GAP_STEPS
) -> tuple[np.ndarray, np.ndarray]:
    """Where the run of gap characters that starts at each position of `at` ends (the position
    itself where no gap character is), stepping over `most` gap characters at most; and
    whether each run goes on past them (where it ends is then not known)."""
    at = at.copy()
    moving = np.arange(len(at))
    for _ in range(most):
        if not len(moving):
            break
        width = _gap_width(byte, at[moving])
        moving = moving[width > 0]
        at[moving] += width[width > 0]
    longer = np.zeros(len(at), dtype=bool)
    longer[moving[_gap_width(byte, at[moving]) > 0]] = True
    return at, longer


def _gap_width(byte: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The length in bytes of the gap character at each position of `at` (0 where none is)."""
    width = np.where(_ASCII_GAP_BYTES[byte[at]], 1, 0)
    for length, codes in _WIDE_GAP_CODES.items():
        code = np.zeros(len(at), dtype=np.int64)
        for step in range(length):
            code = code << 8 | byte[np.minimum(at + step, len(byte) - 1)]
        width[np.isin(code, codes)] = length
    return width


def _gaps_as_spaces(data: bytes) -> bytes:
    """`data` with every byte of a gap character (ASCII or not) a space; its length the same."""
    return _WIDE_GAP.sub(lambda gap: b" " * len(gap[0]), data.translate(_GAPS_AS_SPACES))


def _matches(database: hyperscan.Database | None, data) -> np.ndarray:
    """Every match of the database's patterns in `data`: pattern numbers, and where each match
    ends, as two rows."""
    # One Python call per match (about 10 a posting with round 6's taxonomy): each adds its two
    # numbers to one flat list, which numpy reads in one go (cheaper than a tuple per match).
    hits: list[int] = []
    add = hits.extend
    if database is not None:
        database.scan(
            data,
            match_event_handler=lambda pattern, _start, end, _flags, _context: add((pattern, end)),
            scratch=hyperscan.Scratch(database),
        )
    return np.array(hits, dtype=np.int64).reshape(-1, 2).T


def _compiled(plan: _ScanPlan) -> _Scan:
    """The plan's two databases and what each pattern needs and finds. Kept with its matcher
    (_Index.compiled), which market.services.taxonomy keeps per taxonomy; never read from disk."""
    phrases = len(plan.patterns)
    lengths = np.array(plan.lengths, dtype=np.int64)
    literal = np.array(plan.literal, dtype=bool)
    irregular = np.array([len(gap) for gap in plan.irregular], dtype=np.int64)
    # The byte left of a match: two bytes before its end more than the phrase is long (one for
    # the byte right of it) in a pattern, one in a literal; the irregular gaps' the same.
    back = np.where(lengths >= 0, lengths + 2 - literal, 0)
    found = [((number, b""),) for number in range(phrases)] + list(plan.irregular_phrases)
    entries = [entry for f in found for entry in f]
    following = np.zeros((len(entries), _FOLLOWING), dtype=np.uint8)
    for i, (_, word) in enumerate(entries):
        following[i, : len(word[:_FOLLOWING])] = list(word[:_FOLLOWING])
    regular = [i for i in range(phrases) if not plan.literal[i]]
    literals = [i for i in range(phrases) if plan.literal[i]]
    spanned = np.array([CUT.encode() not in p for p in plan.patterns], dtype=bool)
    as_array = functools.partial(np.array, dtype=np.int64)
    return _Scan(
        _database(
            [plan.patterns[i] for i in regular], regular, [plan.case_sensitive[i] for i in regular]
        ),
        _database(
            [plan.patterns[i] for i in literals] + list(plan.irregular),
            literals + list(range(phrases, phrases + len(plan.irregular))),
            [False] * (len(literals) + len(plan.irregular)),
            literal=True,
        ),
        np.concatenate([back, irregular + 1]),
        np.concatenate([literal, np.zeros(len(irregular), dtype=bool)]),
        np.concatenate([lengths != _STARTS_UNKNOWN, np.zeros(len(irregular), dtype=bool)]),
        as_array([0, *np.cumsum([len(f) for f in found])]),
        as_array([number for number, _ in entries]),
        following,
        as_array([min(len(word), _FOLLOWING) for _, word in entries]),
        as_array(plan.skills),
        as_array(plan.kinds),
        np.concatenate([np.where(spanned, lengths, -1), -np.ones(len(irregular), dtype=np.int64)]),
        np.concatenate(
            [
                np.zeros(phrases, dtype=np.int64),
                # (the longest one the literal ends with: a word holds no space and ends with a
                # whole character, never a lead byte)
                as_array(
                    [
                        max(len(g) for g in _IRREGULAR_GAPS if lit.endswith(g))
                        for lit in plan.irregular
                    ]
                ),
            ]
        ),
        _Groups.of(plan.proximity, reach=plan.reach),
        _GluedStarts.of(plan.glued),
    )


@dataclass(frozen=True)
class _Groups:
    """The groups of a plan's proximity aliases as arrays (_proximity_found): by phrase, how many
    groups it has (0: not a proximity alias), where they start in the table of groups, and
    whether each but its last ends with a token character (so that it is looked for where a
    token ends); by group, its bytes and the capitals it needs (padded with zeros), its length,
    its last _KEY bytes as one number and the bits of them its last word is; and how many
    tokens may stand between two groups."""

    count: np.ndarray
    first: np.ndarray
    placed: np.ndarray
    text: np.ndarray
    capitals: np.ndarray
    length: np.ndarray
    tail: np.ndarray
    tail_mask: np.ndarray
    reach: int
    folds: np.ndarray  # by phrase: a group has a letter outside ASCII with case forms (_Group)

    @classmethod
    def of(cls, proximity: Sequence[tuple[_Group, ...] | None], *, reach: int) -> "_Groups":
        groups = [g for found in proximity if found is not None for g in found]
        width = max((len(g.text) for g in groups), default=0) + 1
        text = np.zeros((len(groups), width), dtype=np.uint8)
        capitals = np.zeros((len(groups), width), dtype=np.uint8)
        for i, group in enumerate(groups):
            text[i, : len(group.text)] = list(group.text)
            capitals[i, : len(group.capitals)] = list(group.capitals)
        count = [0 if found is None else len(found) for found in proximity]
        as_array = functools.partial(np.array, dtype=np.int64)
        last_word = np.minimum(as_array([g.last_word for g in groups]), _KEY)
        return cls(
            as_array(count),
            as_array([0, *np.cumsum(count)][: len(count)]),
            np.array(
                [
                    found is not None and all(g.ends_in_token for g in found[:-1])
                    for found in proximity
                ],
                dtype=bool,
            ),
            text,
            capitals,
            as_array([len(g.text) for g in groups]),
            as_array([int.from_bytes(g.text[-_KEY:].rjust(_KEY, b"\0")) for g in groups]),
            (np.int64(1) << (8 * last_word)) - 1,
            reach,
            np.array(
                [found is not None and any(g.folds for g in found) for found in proximity],
                dtype=bool,
            ),
        )


def _database(
    expressions: list[bytes], ids: list[int], cased: list[bool], *, literal: bool = False
) -> hyperscan.Database | None:
    """Expressions compiled as one database (HS_FLAG_CASELESS unless case-sensitive); literal:
    Hyperscan's compiler of plain byte strings. None for no expressions."""
    if not expressions:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=expressions,
        ids=ids,
        elements=len(expressions),
        flags=[0 if c else hyperscan.HS_FLAG_CASELESS for c in cased],
        literal=literal,
    )
    return database


@dataclass(frozen=True)
class Mention:
    """One mention of a skill: text[start:end] is what `alias` (as the matcher keeps it)
    found: the alias itself, or for a proximity alias its groups and the words between."""

    start: int
    end: int
    slug: str
    alias: str


@dataclass(frozen=True)
class _Alias:
    skill: int
    rule: AliasRule
    needed: frozenset  # the tokens a text must have for the alias to be in it
    proximity: bool = False  # words may stand between its groups (find_pairs refers it)


def _contains_another(rule: AliasRule, parts: Sequence[tuple[AliasRule, tuple[str, ...]]]) -> bool:
    """Whether `rule`'s words, in a row (in one of its groups, for a proximity alias), include
    all the words of another of `parts` (_parts_of the same skill's aliases) ("apache spark"
    includes "spark", "deploy ... ml models" includes "ml models"). Every mention of `rule`
    then holds a mention of the other (the words between stay apart by separators), so `rule`
    adds no (text, skill) pair: find_pairs does not scan for it. Words compare with ASCII
    letters folded only: exact, if blind to some inclusions (a case-sensitive "Über ML" is
    scanned beside "über", which finds it too)."""
    groups = [_ascii_folded(words) for words in alias_groups(rule.phrase, case_sensitive=True)]
    for other, part in parts:
        if other is rule:
            continue
        for words in groups:
            if len(part) > len(words) or (len(groups) == 1 and len(part) == len(words)):
                continue
            if any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1)):
                return True
    return False


def _parts_of(aliases: Sequence[AliasRule]) -> list[tuple[AliasRule, tuple[str, ...]]]:
    """The aliases another alias of their skill may contain (_contains_another): those that are
    not case-sensitive and not proximity aliases, each with its words folded (once a skill,
    not once a pair of its aliases: a skill has up to a hundred)."""
    return [
        (alias, _ascii_folded(alias_words(alias.phrase, case_sensitive=True)))
        for alias in aliases
        if not alias.case_sensitive and not is_proximity(alias.phrase)
    ]


def _ascii_folded(words: Iterable[str]) -> tuple[str, ...]:
    """Words with their ASCII letters lower-cased (bytes.lower), the rest as written."""
    return tuple(w.encode().lower().decode() for w in words)


@dataclass(frozen=True)
class _Index:
    rules: tuple[SkillRules, ...]  # normalised
    slugs: tuple[str, ...]  # skill number -> slug
    aliases: tuple[_Alias, ...]
    # skill number -> (tokens one of its exclusion phrases needs, each phrase's; the phrases,
    # whose regular expression cut_pattern compiles when first needed: find_pairs needs few)
    exclusions: Mapping[int, tuple[tuple[frozenset, ...], tuple[str, ...]]]
    scan_plan: _ScanPlan
    by_skill: Mapping[int, tuple[_Alias, ...]] = field(default_factory=dict, compare=False)
    # pattern id of the scan plan -> the alias it finds (None: an exclusion phrase's), and
    # the exclusion phrase it finds (None: an alias's)
    scanned_aliases: tuple = field(default=(), compare=False, repr=False)
    scanned_exclusions: tuple = field(default=(), compare=False, repr=False)
    _cuts: dict = field(default_factory=dict, compare=False, repr=False)
    longest: int = 0  # characters in the longest token an alias or exclusion phrase has

    def cut_pattern(self, phrases: tuple[str, ...]) -> re.Pattern:
        """exclusion_regex of a skill's exclusion phrases, or some of them (in its order),
        compiled when first needed."""
        found = self._cuts.get(phrases)
        if found is None:
            found = self._cuts[phrases] = re.compile(
                exclusion_regex(phrases, scoped=True), SCOPED_FLAGS
            )
        return found

    _patterns: dict = field(default_factory=dict, compare=False, repr=False)

    def pattern(self, alias: _Alias) -> re.Pattern:
        """The alias's regular expression, compiled when first needed (a taxonomy has hundreds
        and a text needs a few)."""
        found = self._patterns.get(alias)
        if found is None:
            found = _alias_pattern(alias.rule.phrase, case_sensitive=alias.rule.case_sensitive)
            self._patterns[alias] = found
        return found

    @functools.cached_property
    def compiled(self) -> tuple:
        """The scan plan compiled (_compiled), when first needed: kept by this index alone, so
        a matcher built for a moment (a preview's) holds no place a taxonomy's matcher needs."""
        return _compiled(self.scan_plan)

    @classmethod
    def build(cls, rules: tuple[SkillRules, ...]) -> "_Index":
        slugs = tuple(sorted({skill.slug for skill in rules}))
        number = {slug: i for i, slug in enumerate(slugs)}
        aliases, exclusions, scanned, scanned_aliases, scanned_exclusions = [], {}, [], [], []
        for skill in rules:
            n = number[skill.slug]
            parts = _parts_of(skill.aliases)
            for rule in skill.aliases:
                needed = frozenset(tokens_of(rule.phrase))
                aliases.append(_Alias(n, rule, needed, is_proximity(rule.phrase)))
                if not _contains_another(rule, parts):
                    scanned.append((rule, n, _ALIAS))
                    scanned_aliases.append(aliases[-1])
                    scanned_exclusions.append(None)
            if skill.exclusions:
                needed = tuple(frozenset(tokens_of(p)) for p in skill.exclusions)
                exclusions[n] = (needed, skill.exclusions)
                scanned += [(AliasRule(p), n, _EXCLUSION) for p in skill.exclusions]
                scanned_aliases += [None] * len(skill.exclusions)
                scanned_exclusions += skill.exclusions
        by_skill: dict[int, list[_Alias]] = {}
        for alias in aliases:
            by_skill.setdefault(alias.skill, []).append(alias)
        plan = _ScanPlan.of(scanned)
        grouped = {n: tuple(found) for n, found in by_skill.items()}
        return cls(
            rules,
            slugs,
            tuple(aliases),
            exclusions,
            plan,
            grouped,
            tuple(scanned_aliases),
            tuple(scanned_exclusions),
            longest=max(
                (
                    len(token)
                    for phrase in [a.rule.phrase for a in aliases] + [r.phrase for r, *_ in scanned]
                    for token in tokens_of(phrase)
                ),
                default=0,
            ),
        )


@dataclass(frozen=True)
class SkillMatcher:
    rules: tuple[SkillRules, ...]  # normalised (rules_normalised)
    index: _Index = field(default=None, compare=False, repr=False)

    @classmethod
    def from_rules(cls, rules: Iterable[SkillRules]) -> "SkillMatcher":
        """A matcher that applies `rules` (see the module's docstring)."""
        normalised = rules_normalised(rules)
        return cls(normalised, _Index.build(normalised))

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, Iterable[str]]) -> "SkillMatcher":
        """`aliases` maps a skill's slug to its phrases (its name included), all in any case,
        without exclusion phrases."""
        return cls.from_rules(
            SkillRules(slug, tuple(AliasRule(p) for p in phrases))
            for slug, phrases in aliases.items()
        )

    @property
    def slugs(self) -> tuple[str, ...]:
        """Skill numbers used by find_pairs: slugs[number] is the skill's slug."""
        return self.index.slugs

    def find(self, text: str) -> set[str]:
        """Slugs of every skill mentioned in `text` (each once)."""
        return {m.slug for m in self.find_mentions(text)}

    def find_mentions(self, text: str) -> list[Mention]:
        """Every mention of every alias in `text`, each alias looked for on its own (so
        mentions of different aliases may overlap), in order of where they start; a skill's
        exclusion phrases are blanked out first (exclusions_cut)."""
        if not text:
            return []
        index = self.index
        tokens = set(tokens_of(text)) | glued_pieces(text, index.longest)
        cut: dict[int, str] = {}
        found = []
        for alias in index.aliases:
            if not alias.needed <= tokens:
                continue
            if alias.skill not in cut:
                cut[alias.skill] = self._without_exclusions(text, alias.skill, tokens)
            for m in index.pattern(alias).finditer(cut[alias.skill]):
                found.append(
                    Mention(m.start(), m.end(), index.slugs[alias.skill], alias.rule.phrase)
                )
        return sorted(found, key=lambda m: (m.start, m.end, m.slug))

    def _without_exclusions(self, text: str, skill: int, tokens: set) -> str:
        """`text` with the skill's exclusion phrases blanked out (exclusions_cut), where the
        text has the tokens one of them needs."""
        exclusions = self.index.exclusions.get(skill)
        if exclusions is None or not any(n <= tokens for n in exclusions[0]):
            return text
        return exclusions_cut(text, self.index.cut_pattern(exclusions[1]))

    def _skill_in(
        self, text: str, skill: int, *, among: Iterable[_Alias], cutting: Collection[str]
    ) -> bool:
        """Whether `text` mentions skill number `skill` (the reference, for one skill), where
        `among` and `cutting` are the only aliases and exclusion phrases of the skill that may
        be in the text (find_pairs' scan). The scan found them, so the text is not split into
        tokens to rule any out (find_mentions' shortcut): their expressions decide. Without
        any, the skill is not there: nothing is blanked out."""
        if not among:
            return False
        if cutting:  # in the skill's order, which the alternation tries them in
            phrases = tuple(p for p in self.index.exclusions[skill][1] if p in cutting)
            text = exclusions_cut(text, self.index.cut_pattern(phrases))
        return any(self.index.pattern(a).search(text) for a in dict.fromkeys(among))

    def find_spans(self, text: str) -> list[tuple[str, str]]:
        """(slug, matched text) for each mention `spans_of` shows, in order, to show people
        what was found."""
        return [(m.slug, text[m.start : m.end]) for m in self.spans_of(self.find_mentions(text))]

    @staticmethod
    def spans_of(mentions: Iterable[Mention]) -> list[Mention]:
        """The mentions (of one text) that show what was found, in order: from left to right,
        the longest alias that starts at a place wins, and mentions it overlaps are left out.
        A proximity mention ("deploy PyTorch or TensorFlow models") is shown only where it
        overlaps no other shown mention: the words between its groups may name skills of
        their own, which a reader of the text (and the job-ad analysis, which reads lists of
        alternatives off the spans) must still see."""
        mentions = list(mentions)
        shown, end = [], 0
        for m in sorted(mentions, key=lambda m: (m.start, -len(m.alias))):
            if not is_proximity(m.alias) and m.start >= end:
                shown.append(m)
                end = m.end
        for m in sorted(mentions, key=lambda m: (m.start, m.end - m.start)):
            if is_proximity(m.alias) and not any(
                m.start < s.end and s.start < m.end for s in shown
            ):
                shown.append(m)
        return sorted(shown, key=lambda m: m.start)

    def find_pairs(self, texts: pa.Array | Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every (text number, skill number) mention in a batch of texts, each pair once,
        as two aligned arrays sorted by text then skill; skill numbers index `slugs`."""
        data, bounds = _framed(texts)
        n_texts, n_skills = len(bounds) - 1, len(self.index.slugs)
        plan = self.index.scan_plan
        if n_texts < 1 or not plan.patterns:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        scan = self.index.compiled
        pattern, end = scan.matches(data)
        byte = np.frombuffer(data, dtype=np.uint8)
        # Phrases that may be found at glued edges: their pairs are the reference's (below).
        glued_phrase, glued_rows = _glued_found(byte, bounds, scan.glued)
        if not len(pattern) and not len(glued_phrase):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        keep, glued_end = scan.at_edges(byte, pattern, end)
        glued_phrase = np.concatenate([glued_phrase, pattern[glued_end]])
        glued_rows = np.concatenate(
            [glued_rows, np.searchsorted(bounds[1:], end[glued_end] - 1, side="right")]
        )
        pattern, phrase, end, sure = scan.phrases_of(byte, pattern[keep], end[keep])
        # A match's last byte lies inside its text's frame.
        rows = np.searchsorted(bounds[1:], end - 1, side="right")
        # An irregular gap's match only says where phrases of several words may be: where that
        # may change a verdict, the text is scanned again with every gap one space, which finds
        # exactly the ones that are there, and they stand in for its irregular gaps' matches.
        irregular = pattern >= len(plan.patterns)
        flat = rows * n_skills + scan.skills[phrase]
        unsettled = _unsettled(flat, n_texts * n_skills, scan, phrase, sure, irregular)
        again, found, glued_again, glued_found = scan.regapped(
            data, bounds, np.unique(rows[unsettled])
        )
        glued_rows = np.concatenate([glued_rows, glued_again])
        glued_phrase = np.concatenate([glued_phrase, glued_found])
        rows = np.concatenate([rows[~irregular], again])
        phrase = np.concatenate([phrase[~irregular], found])
        sure = np.concatenate([sure[~irregular], np.ones(len(found), dtype=bool)])
        # Where each phrase is, in the texts' bytes (not known where a scan of the texts again
        # found it: its places there are not the texts').
        start, stop = scan.spans(pattern[~irregular], end[~irregular])
        nowhere = np.full(len(found), -1, dtype=np.int64)
        start, stop = np.concatenate([start, nowhere]), np.concatenate([stop, nowhere])
        ends = np.concatenate([end[~irregular], nowhere])
        flat = rows * n_skills + scan.skills[phrase]
        # A pair where an exclusion phrase of the skill is found and one of its aliases too is
        # referred (an exclusion phrase only takes mentions away: without an alias found, the
        # skill is not there); the reference decides those the scan's places do not settle.
        excluding = scan.kinds[phrase] == _EXCLUSION
        size = n_texts * n_skills
        loose = ~sure & ~excluding
        seen = _marked(size, flat[sure & ~excluding])
        referred = _marked(size, flat[excluding]) & _marked(size, flat[~excluding])
        # Unless a mention of an alias of the skill stands apart from every exclusion phrase the
        # scan found (most such pairs): blanking them out does not reach it.
        apart = _apart(
            flat, referred, mentions=sure & ~excluding, places=excluding, spans=(start, stop)
        )
        seen |= apart
        referred &= ~apart
        # Or, where the scan knows where each of the pair's aliases and exclusion phrases is, by
        # what blanking the phrases out leaves, worked out from those places (_by_places).
        decided, verdicts = _by_places(
            byte, bounds, flat, referred, excluding=excluding, spans=(start, stop), phrase=phrase
        )
        seen[decided] = verdicts
        referred[decided] = False
        # A proximity alias's pairs that nothing else settled: none of the skill's other
        # aliases is in the text (the scan would have found it), nor is an exclusion phrase.
        loose_only = _marked(size, flat[loose]) & ~seen & ~referred
        # Its pattern finds every place a mention ends at, and more: where its groups are is
        # read back from there (_proximity_found). A mention settles the pair; where no match
        # may be one, the alias is not there.
        proximity = loose & loose_only[flat]
        mention, maybe = _proximity_found(byte, scan.groups, phrase[proximity], ends[proximity])
        plain = _marked(size, flat[proximity][mention])
        seen |= plain
        loose_only &= ~plain & _marked(size, flat[proximity][maybe])
        # Where a phrase may be found at a glued edge, the reference decides the pair too: an
        # alias's, where the pair is not found yet (glued edges only add mentions), or an
        # exclusion phrase's, with every alias of the skill: blanking out a phrase at a glued
        # edge keeps the letter glued to it, which then stands before a CUT, an edge it did not
        # have (".netEXCEL at" less "EXCEL at" leaves ".net"), so an alias the scan could not
        # find may be there.
        glued_pairs = glued_rows * n_skills + scan.skills[glued_phrase]
        glued_alias = scan.kinds[glued_phrase] == _ALIAS
        cut_glued = _marked(size, glued_pairs[~glued_alias])
        asking = (
            referred | loose_only | cut_glued | (_marked(size, glued_pairs[glued_alias]) & ~seen)
        )
        # The reference confirms only the aliases either scan found for the pair: an alias in
        # the text is found by the scan (a proximity alias's pattern finds a superset of its
        # mentions; blanking exclusions out only takes mentions away; an alias the scan leaves
        # out holds one it scans), so the others cannot be there.
        # Likewise it blanks out only the exclusion phrases either scan found (one it did not
        # find is nowhere in the text, so leaving it out of the alternation changes no match).
        fired: dict[int, list[_Alias]] = {}
        cutting: dict[int, set[str]] = {}
        scanned_aliases = self.index.scanned_aliases
        scanned_exclusions = self.index.scanned_exclusions
        for pairs_found, phrases_found in ((flat, phrase), (glued_pairs, glued_phrase)):
            mask = asking[pairs_found]
            for pair, found in zip(
                pairs_found[mask].tolist(), phrases_found[mask].tolist(), strict=True
            ):
                if scanned_aliases[found] is None:
                    cutting.setdefault(pair, set()).add(scanned_exclusions[found])
                else:
                    fired.setdefault(pair, []).append(scanned_aliases[found])
        # Where it tries every alias of the skill (an exclusion phrase at a glued edge), it
        # rules out those with a token that is nowhere in the text's tokens as tokens_of keeps
        # them (one string; a token or a piece of a glued token that find_mentions would try
        # the alias for is a part of it): a skill has up to a hundred aliases, each a search
        # of the whole text, and the text has the tokens of few.
        last_row, text, kept = -1, "", None
        for pair in np.flatnonzero(asking).tolist():  # in order of rows: each text decoded once
            row, skill = divmod(pair, n_skills)
            if row != last_row:
                last_row, text = row, bytes(data[bounds[row] + 1 : bounds[row + 1] - 1]).decode()
                kept = None
            if cut_glued[pair]:
                if kept is None:
                    kept = _tokens_kept(text)
                among = [
                    a
                    for a in self.index.by_skill.get(skill, ())
                    if all(token in kept for token in a.needed)
                ]
            else:
                among = fired.get(pair, ())
            seen[pair] = self._skill_in(text, skill, among=among, cutting=cutting.get(pair, set()))
        pairs = np.flatnonzero(seen)
        return pairs // n_skills, pairs % n_skills


def _unsettled(
    pairs: np.ndarray,
    size: int,
    scan: _Scan,
    phrase: np.ndarray,
    sure: np.ndarray,
    irregular: np.ndarray,
) -> np.ndarray:
    """Which matches (each with its pair and phrase) are irregular gaps' that may change their
    pair's verdict: where an alias of the skill is found, not surely or beside an exclusion
    phrase that may be there (a pair with no alias found, or a sure one and no exclusion
    phrase, is settled)."""
    excluding = scan.kinds[phrase] == _EXCLUSION
    asked = pairs[irregular]
    found = _marked(size, pairs[~excluding])[asked]
    surely = _marked(size, pairs[sure & ~excluding])[asked]
    excluded = _marked(size, pairs[excluding])[asked]
    unsettled = np.zeros(len(pairs), dtype=bool)
    unsettled[irregular] = found & (~surely | excluded)
    return unsettled


def _apart(
    pairs: np.ndarray,
    among: np.ndarray,
    *,
    mentions: np.ndarray,
    places: np.ndarray,
    spans: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """A table of (text, skill) pairs (`among`'s), True where one of the matches that are
    `mentions` (with their pairs, and spans in bytes, -1 where not known) stands apart from
    every match of an exclusion phrase (`places`) of its pair by a character at least, and
    every such place is known. Blanking exclusion phrases out (exclusions_cut) changes each
    place one of them is found at, with a valid edge either side (a place the second search
    finds has a blanked-out character as an edge, which was an edge before), and the
    character either side of it: the scan finds every such place, so that mention stays."""
    start, stop = spans
    known = start >= 0
    mentions = mentions & known & among[pairs]
    places = places & among[pairs]
    # Each mention against the known places of its pair that start where it ends or before:
    # it is near one if the furthest any of them reaches (a running maximum, over its pair's
    # places in order of where they start) is where it starts or further. Keyed by pair (its
    # rank among the pairs with places) then place, one search and one running maximum serve
    # every pair (not each mention against each place: 10,000 of each is 10^8 comparisons).
    known_places = places & known
    width = int(stop.max(initial=0)) + 1
    ranks = np.unique(pairs[known_places])
    place_rank = np.searchsorted(ranks, pairs[known_places])
    order = np.lexsort((start[known_places], place_rank))
    place_rank = place_rank[order]
    place_key = place_rank * width + start[known_places][order]
    reach = np.maximum.accumulate(place_rank * width + stop[known_places][order])
    mention_pair = pairs[mentions]
    rank = np.searchsorted(ranks, mention_pair)
    before = np.searchsorted(place_key, rank * width + stop[mentions], side="right") - 1
    near = np.zeros(len(mention_pair), dtype=bool)
    if len(place_key):
        at = np.maximum(before, 0)
        near = (
            (before >= 0)
            & (place_rank[at] == rank)
            & (ranks[np.minimum(rank, len(ranks) - 1)] == mention_pair)
        )
        near &= reach[at] >= rank * width + start[mentions]
    size = len(among)
    return _marked(size, mention_pair[~near]) & ~_marked(size, pairs[places & ~known])


def _by_places(
    byte: np.ndarray,
    bounds: np.ndarray,
    pairs: np.ndarray,
    among: np.ndarray,
    *,
    excluding: np.ndarray,
    spans: tuple[np.ndarray, np.ndarray],
    phrase: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of `among` (a table of (text, skill) pairs) where every match (with its pair,
    whether it is an exclusion phrase's, its span in bytes, -1 where not known, and its phrase)
    has a known place, and whether each mentions its skill: whether a mention stays whole once
    the exclusion phrases are blanked out (_blanked_out). Blanking out makes no new mention: a
    character that becomes CUT was an edge or inside a phrase, past which its edge was."""
    start, stop = spans
    size = len(among)
    asked = among[pairs]
    known = asked & ~_marked(size, pairs[asked & (start < 0)])[pairs]
    order = np.lexsort((phrase[known], start[known], pairs[known]))
    matches = zip(*(a[known][order].tolist() for a in (pairs, start, stop, excluding)), strict=True)
    n_skills = size // (len(bounds) - 1)
    decided, verdicts = [], []
    for pair, found in itertools.groupby(matches, key=lambda match: match[0]):
        found = list(found)
        row = pair // n_skills
        places = [(a, b) for _, a, b, place in found if place]
        blanked = _blanked_out(byte, places, first=bounds[row] + 1, last=bounds[row + 1] - 1)
        decided.append(pair)
        verdicts.append(any(not _overlaps(blanked, a, b) for _, a, b, place in found if not place))
    return np.array(decided, dtype=np.int64), np.array(verdicts, dtype=bool)


def _blanked_out(
    byte: np.ndarray, places: list[tuple[int, int]], *, first: int, last: int
) -> list[tuple[int, int]]:
    """What exclusions_cut blanks out of the text in bytes `first` to `last` (as _merged spans),
    worked out from the places (start, stop) of its skill's exclusion phrases: every place one is
    found with an edge either side, in the order the alternation tries them (by where they
    start, then the skill's order). Each search takes the leftmost place whose edge (the
    character before it; none at the text's start) starts where the last one taken ended or
    later, with the character after it (none at the text's end); the second takes the places
    the first left whole (their edges were edges before)."""
    blanked: list[tuple[int, int]] = []
    for _ in range(EXCLUSION_PASSES):
        taken, resume = [], first
        for start, stop in places:
            edge = start if start == first else _character_start(byte, start - 1)
            if edge < resume or _overlaps(blanked, start, stop):
                continue
            resume = stop if stop == last else stop + _character_width(int(byte[stop]))
            taken.append((edge, resume))
        blanked = _merged(blanked + taken)
    return blanked


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (start, stop) as the fewest that cover the same bytes, in order."""
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def _overlaps(merged: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether bytes `start` to `stop` overlap one of `merged`'s spans (_merged: in order,
    apart), found by bisection (a text may have thousands)."""
    at = bisect.bisect_left(merged, (stop,)) - 1  # the last span that starts before `stop`
    return at >= 0 and start < merged[at][1]


def _character_start(byte: np.ndarray, at: int) -> int:
    """Where the UTF-8 character that byte `at` belongs to starts."""
    while 0x80 <= byte[at] < 0xC0:
        at -= 1
    return at


def _character_width(lead: int) -> int:
    """How many bytes a UTF-8 character with this lead byte has."""
    return 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


# Reading a proximity alias's groups off the bytes before its last one (_proximity_found). Each
# byte's class: part of a token, a separator a gap may hold, a stop (PROXIMITY_STOPS), a byte
# whose character starts before the bytes read (UNKNOWN), a continuation byte (read as its
# character's; the separators outside ASCII are those whose lead byte is _SEPARATOR_LEADS').
_TOKEN, _SEPARATOR, _STOP, _UNKNOWN, _CONTINUES = 0, 1, 2, 3, 4


def _class_table() -> np.ndarray:
    table = np.full(256, _TOKEN, dtype=np.uint8)
    for c in range(0x80):
        if chr(c) in PROXIMITY_STOPS:
            table[c] = _STOP
        elif not re.fullmatch(TOKEN_CHAR, chr(c)):
            table[c] = _SEPARATOR
    table[_CONTINUATION[0] : _CONTINUATION[1] + 1] = _CONTINUES
    table[list(_SEPARATOR_LEADS)] = _SEPARATOR
    return table


_CLASSES = _class_table()
_WIDE_STOPS = tuple(c.encode() for c in PROXIMITY_STOPS if ord(c) >= 0x80)
# How many bytes are read before a group for the places the one before it may end at: few,
# then, where the tokens that may stand between run on past them without a stop, many; past
# those the reference decides.
_REACHES = (64, 512)
# How many of a group's last bytes are compared at once (as one number) with the bytes before
# a place, before the whole group is.
_KEY = 4


def _classes(byte: np.ndarray, at: np.ndarray, width: int) -> np.ndarray:
    """The classes of the `width` bytes from each position of `at` (a row each)."""
    index = np.clip(at[:, None] + np.arange(width + 2), 0, len(byte) - 1)
    read = byte[index]
    classes = _CLASSES[read]
    for stop in _WIDE_STOPS:
        found = np.ones((len(at), width), dtype=bool)
        for step, value in enumerate(stop):
            found &= read[:, step : step + width] == value
        classes[:, :width][found] = _STOP
    classes = classes[:, :width]
    for _ in range(3):  # a character has three continuation bytes at most
        continues = classes == _CONTINUES
        if not continues.any():
            break
        before = np.concatenate(
            [np.full((len(at), 1), _UNKNOWN, dtype=np.uint8), classes[:, :-1]], axis=1
        )
        classes = np.where(continues, before, classes)
    return classes


def _places_before(
    byte: np.ndarray, at: np.ndarray, width: int, reach: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where a group may end before each position of `at` (where a group starts, a separator
    before it): the last `reach` + 1 token ends before it with no stop between (pairs: the
    position's number, the place); and whether tokens may go on before the `width` bytes read
    (no stop among them, and fewer token ends)."""
    classes = _classes(byte, at - width, width)
    token = classes == _TOKEN
    ends = np.zeros_like(token)
    ends[:, 1:] = ~token[:, 1:] & token[:, :-1]
    stops = (classes == _STOP) | (classes == _UNKNOWN)
    after = np.cumsum(stops[:, ::-1], axis=1, dtype=np.int16)[:, ::-1] == 0  # no stop from here
    counted = np.cumsum(ends[:, ::-1], axis=1, dtype=np.int16)[:, ::-1]
    places = ends & after & (counted <= reach + 1)
    last_stop = width - 1 - np.argmax(stops[:, ::-1], axis=1)
    unknown = classes[np.arange(len(at)), last_stop] == _UNKNOWN
    unread = (~stops.any(axis=1) | unknown) & ((ends & after).sum(axis=1) <= reach)
    number, column = np.nonzero(places)
    return number, at[number] - width + column, unread


def _read(byte: np.ndarray, start: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The `width` bytes from each position of `start`: as they are, and as the groups are kept
    (ASCII letters lower-cased, each ASCII gap byte a space)."""
    index = start[:, None] + np.arange(width)
    read = byte[np.minimum(np.maximum(index, 0, out=index), len(byte) - 1, out=index)]
    return read, np.where(_ASCII_GAP_BYTES[read], 0x20, _LOWER_CASE[read])


def _group_before(
    byte: np.ndarray, groups: "_Groups", group: np.ndarray, stop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each group ends at each place (`stop`), its words with one ASCII gap byte between
    them and a character that is not part of a token either side; and whether it may end there
    across an irregular gap (the bytes last unlike it, read back from `stop`, are where it has a
    space, or just before one, and are a gap byte or a byte outside ASCII: the reference
    decides)."""
    length = groups.length[group]
    width = groups.text.shape[1]
    start = stop - length
    read, kept = _read(byte, start, width)
    inside = np.arange(width) < length[:, None]
    capitals = groups.capitals[group]
    same = (kept == groups.text[group]) & ((capitals == 0) | (read == capitals))
    left = np.maximum(start - 1, 0)
    edge = _LEFT_BYTES[byte[left]]
    wide = byte[left] >= 0x80
    edge[wide] = _separator_at(byte, left[wide])
    found = (
        (same | ~inside).all(axis=1) & edge & _RIGHT_BYTES[byte[np.minimum(stop, len(byte) - 1)]]
    )
    unlike = ~same & inside & ~found[:, None]
    rows = np.arange(len(group))
    at = width - 1 - np.argmax(unlike[:, ::-1], axis=1)
    space = groups.text[group] == 0x20
    after = np.minimum(at + 1, width - 1)
    gap = (kept[rows, at] == 0x20) | (kept[rows, at] >= 0x80)
    maybe = unlike.any(axis=1) & (
        (space[rows, after] & (after != at) & gap) | (space[rows, at] & (kept[rows, at] >= 0x80))
    )
    return found, maybe


def _proximity_found(
    byte: np.ndarray, groups: "_Groups", phrase: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each match of a proximity alias's pattern (its phrase; where it ends, a byte past the
    end of its last group): whether a mention of the alias ends there (its groups in order,
    each with at most `reach` tokens and no stop between it and the next, read back from the
    last: the place each group before may end at, nearest first, then the group compared whole
    there); and if not, whether one may (a group across an irregular gap, tokens before the
    bytes read, an alias with a group before its last that ends with no token character: the
    reference decides). Blanking out exclusion phrases aside, that is the alias's definition:
    the pattern finds every place a mention ends at, and more."""
    count = groups.count[phrase]
    found, maybe = _group_before(byte, groups, groups.first[phrase] + count - 1, end - 1)
    placed = groups.placed[phrase]
    maybe |= ~placed & (found | maybe)
    maybe |= groups.folds[phrase]  # found here only as kept: other spellings, the reference's
    done = np.zeros(len(phrase), dtype=bool)
    entry = np.flatnonzero(found & placed)
    at = end[entry] - 1 - groups.length[groups.first[phrase[entry]] + count[entry] - 1]
    group = count[entry] - 2
    while len(entry):
        unique, inverse = np.unique(at, return_inverse=True)
        number, place, unread = _places_before(byte, unique, _REACHES[0], groups.reach)
        if unread.any():  # read further where the tokens run on past the bytes read
            far = np.flatnonzero(unread)
            near = ~unread[number]
            more, further, unread_far = _places_before(byte, unique[far], _REACHES[1], groups.reach)
            number = np.concatenate([number[near], far[more]])
            place = np.concatenate([place[near], further])
            order = np.argsort(number, kind="stable")
            number, place = number[order], place[order]
            unread[far] = unread_far
        maybe[entry[unread[inverse]]] = True
        # The places found before each position (a row, -1 where none), and the last bytes
        # before each as one number, read once however many entries share the position.
        rank = np.arange(len(number)) - np.searchsorted(number, number)
        places = np.full((len(unique), groups.reach + 1), -1, dtype=np.int64)
        places[number, rank] = place
        keys = np.zeros(places.shape, dtype=np.int64)
        last = _read(byte, place - _KEY, _KEY)[1]
        keys[number, rank] = functools.reduce(lambda k, b: k << 8 | b, last.T.astype(np.int64))
        # Each entry's group against them: few places pass, and are compared whole.
        which = groups.first[phrase[entry]] + group
        near = (
            (keys[inverse] ^ groups.tail[which][:, None]) & groups.tail_mask[which][:, None]
        ) == 0
        taken, column = np.nonzero(near & (places[inverse] >= 0))
        stop, which = places[inverse[taken], column], which[taken]
        there, may = _group_before(byte, groups, which, stop)
        maybe[entry[taken[may]]] = True
        taken, start = taken[there], (stop - groups.length[which])[there]
        first = group[taken] == 0
        done[entry[taken[first]]] = True
        going = ~first & ~done[entry[taken]]
        ahead, at, group = entry[taken[going]], start[going], group[taken[going]] - 1
        once = np.unique(ahead * (len(byte) + 1) + at, return_index=True)[1]
        entry, at, group = ahead[once], at[once], group[once]
    return done, maybe & ~done


def _marked(size: int, at: np.ndarray) -> np.ndarray:
    """A table of `size` (text, skill) pairs, True at `at`: cheaper than numpy's sets of pair
    numbers (its unique hashes a million numbers in about 0.2 s)."""
    table = np.zeros(size, dtype=bool)
    table[at] = True
    return table


def _separator_at(byte: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Whether the continuation byte at each position in `last` ends a separator character
    (one whose lead byte is in _SEPARATOR_LEADS: C2 xx, or E2/EF xx xx)."""
    one, two = byte[np.maximum(last - 1, 0)], byte[np.maximum(last - 2, 0)]
    continues = (one >= 0x80) & (one < 0xC0)
    return ((one == 0xC2) & (last >= 1)) | (
        continues & ((two == 0xE2) | (two == 0xEF)) & (last >= 2)
    )


def _framed(texts) -> tuple[memoryview, np.ndarray]:
    """Texts as one buffer, each as "\0" + text + "\0" (no alias can span two texts, and each
    has a byte on either side), and where each starts: text i is data[bounds[i]:bounds[i+1]]."""
    array = text_array(texts)
    if len(array) == 0:
        return memoryview(b""), np.zeros(1, dtype=np.int64)
    nul, nothing = pa.scalar("\x00", pa.large_string()), pa.scalar("", pa.large_string())
    return text_bytes(texts_joined(nul, array, nul, separator=nothing))


def texts_joined(*arrays, separator: pa.Scalar) -> pa.Array:
    """Each row's texts joined by `separator` (Arrow's binary_join_element_wise), a missing
    text read as an empty one (filling the nulls first would copy the whole column)."""
    return pc.binary_join_element_wise(
        *arrays, separator, null_handling="replace", null_replacement=""
    )


def text_bytes(array: pa.Array) -> tuple[memoryview, np.ndarray]:
    """A large_string array's UTF-8 bytes, without copying, and where each text starts: text
    i is data[bounds[i]:bounds[i+1]]."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    start = int(offsets[0])
    data = array.buffers()[2]
    view = memoryview(data)[start : int(offsets[-1])] if data is not None else memoryview(b"")
    return view, offsets - start


def text_array(texts) -> pa.Array:
    """`texts` (a pandas column, an Arrow array, any sequence) as one Arrow large_string array;
    a missing text stays null (texts_joined reads it as empty)."""
    if hasattr(texts, "__arrow_array__"):  # a pandas column
        texts = pa.array(texts)
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not isinstance(texts, pa.Array):
        texts = pa.array(list(texts), type=pa.large_string(), from_pandas=True)
    if texts.type != pa.large_string():
        texts = texts.cast(pa.large_string())
    return texts
