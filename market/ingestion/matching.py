"""Finding skills in free text (job postings, CVs) by whole-word alias matching.

What counts as a mention: a text is split into tokens, maximal runs of letters, digits, `_`,
`&`, `+` and `#` (symbols and punctuation outside ASCII, such as curly quotes, dashes,
bullets and no-break spaces, separate tokens like ASCII punctuation does). A one-word alias
matches a whole token, case-insensitively, so "R" is not "R&D", "C" is not "C++" and "Excel"
is not "excellent". An alias of several words matches those words in a row, separated by
white space or hyphens ("scikit learn" = "scikit-learn"); its other characters (`.`, `/`)
are matched literally (Node.js, CI/CD). Every alias is looked for on its own: "Azure Machine
Learning" mentions both Azure and machine learning. Each skill counts once per text.

Two implementations of that one definition:
- `find(text)` is the plain one: the text's tokens in a set, and each alias of several words
  confirmed with its own regular expression. It is the reference.
- `find_pairs(texts)` is the fast one, for imports that read hundreds of megabytes of
  postings. Every alias becomes one Hyperscan pattern (a compiled multi-pattern matcher:
  all aliases in one pass over the bytes) whose edges spell out the token boundaries above,
  so that a match is a mention. A batch of texts is framed with NUL bytes by Arrow and
  scanned in one call, without decoding it. A property test holds `find_pairs` to `find` on
  generated texts. The compiled patterns (about a third of a second for the whole taxonomy)
  are kept in memory for the process's later imports; nothing compiled is read from disk.

`find_mentions` lists every mention with where it is (for benchmarks that read them in
context); `find_spans` shows people what was found (non-overlapping spans, longest alias first).
"""

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
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
ALIAS_BEFORE = f"(?<!{TOKEN_CHAR})"
ALIAS_AFTER = f"(?!{TOKEN_CHAR})"
# Case-insensitive for ASCII letters only, as tokens_of and the Hyperscan patterns are.
ALIAS_FLAGS = re.IGNORECASE | re.ASCII


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
    """The tokens of `text`, in order, lower-cased (as UTF-8 bytes)."""
    return _token_bytes(text.encode()).split()


def _normalise(phrase: str) -> str:
    return re.sub(r"[\s\-]+", " ", phrase.strip().lower())


def alias_words(alias: str) -> list[str]:
    """The words of an alias, lower-cased: split at white space and hyphens."""
    return [w for w in re.split(r"[\s\-]+", alias.strip().lower()) if w]


def alias_regex(alias: str) -> str:
    """An alias as a regular expression without its edges (ALIAS_BEFORE and ALIAS_AFTER
    give those; ALIAS_FLAGS): its words in a row, with ALIAS_GAP between them, so that white
    space or hyphens match either ("scikit learn" = "scikit-learn")."""
    return ALIAS_GAP.join(re.escape(w) for w in alias_words(alias))


def _confirm_regex(alias: str) -> re.Pattern:
    return re.compile(f"{ALIAS_BEFORE}{alias_regex(alias)}{ALIAS_AFTER}", ALIAS_FLAGS)


# ---- Hyperscan patterns: the same definition, spelt in bytes --------------------------------
# Each alias is one case-insensitive pattern (HS_FLAG_CASELESS: ASCII letters only, as
# above) framed by one byte on either side. Right of it: a byte that cannot be part of a
# token (an ASCII separator, or the lead byte of a separator character: C2, E2, EF). Left
# of it: an ASCII separator (texts are framed with NUL bytes, so there always is one) or a
# continuation byte, which the scan then checks ends a separator character (_separator_at);
# single-byte edges keep the compiled database small (a third of a second for the whole
# taxonomy). Between the words of an alias: runs of what Python's `\s` matches (ASCII
# white space, \x1c-\x1f, NEL, no-break space, the U+2000 spaces, line and paragraph
# separators) and hyphens. An alias of several words has no fixed length, so its match
# reports where it starts (HS_FLAG_SOM_LEFTMOST).
_HS_LEFT = rb"[^A-Za-z0-9_&+#\xc0-\xff]"
_HS_RIGHT = rb"[\x00-\x22\x24\x25\x27-\x2a\x2c-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\xc2\xe2\xef]"
_HS_GAP = rb"(?:[\t-\r\x1c-\x20\-]|\xc2[\x85\xa0]|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f)+"
_STARTS_AT_MATCH = -1  # an alias's length when its match reports where it starts


@dataclass(frozen=True)
class _ScanPlan:
    """What find_pairs compiles: one pattern per alias, with its skill number and its length
    in bytes (or _STARTS_AT_MATCH), which locate the byte left of a match."""

    patterns: tuple[bytes, ...]
    skills: tuple[int, ...]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, aliases: Iterable[tuple[str, int]]) -> "_ScanPlan":
        patterns, skills, lengths = [], [], []
        for alias, skill in aliases:
            words = [w.encode() for w in alias_words(alias)]
            patterns.append(_HS_LEFT + _HS_GAP.join(map(re.escape, words)) + _HS_RIGHT)
            skills.append(skill)
            lengths.append(len(words[0]) if len(words) == 1 else _STARTS_AT_MATCH)
        return cls(tuple(patterns), tuple(skills), tuple(lengths))


@functools.lru_cache(maxsize=4)
def _compiled(plan: _ScanPlan) -> tuple:
    """The plan's compiled database, and its skill numbers and alias lengths by pattern id.
    Kept per process (a taxonomy that changes compiles afresh); never read from disk."""
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=list(plan.patterns),
        ids=list(range(len(plan.patterns))),
        elements=len(plan.patterns),
        flags=[
            hyperscan.HS_FLAG_CASELESS
            | (hyperscan.HS_FLAG_SOM_LEFTMOST if n == _STARTS_AT_MATCH else 0)
            for n in plan.lengths
        ],
    )
    return database, np.array(plan.skills, dtype=np.int64), np.array(plan.lengths, dtype=np.int64)


@dataclass(frozen=True)
class Mention:
    """One mention of a skill: text[start:end] is `alias` (the alias as the matcher keeps it)."""

    start: int
    end: int
    slug: str
    alias: str


@dataclass(frozen=True)
class _Index:
    slugs: tuple[str, ...]  # skill number -> slug
    exact_by_token: Mapping[bytes, int]  # token of a one-word alias -> skill number
    # Every other alias: (skill number, the tokens it needs, the alias).
    aliases_to_confirm: tuple[tuple[int, frozenset, str], ...]
    scanned: tuple[tuple[str, int], ...]  # every alias with a token, and its skill number
    scan_plan: _ScanPlan

    @functools.cached_property
    def checks(self) -> tuple[tuple[int, frozenset, re.Pattern], ...]:
        """aliases_to_confirm with their regular expressions, compiled when find first needs
        them (about a second for the taxonomy: imports, which only scan, never wait for it)."""
        return tuple((s, needed, _confirm_regex(a)) for s, needed, a in self.aliases_to_confirm)

    @functools.cached_property
    def every_alias(self) -> tuple[tuple[int, frozenset, str, re.Pattern], ...]:
        """Every alias: (skill number, the tokens it needs, the alias, its regular expression)."""
        return tuple(
            (skill, frozenset(tokens_of(alias)), alias, _confirm_regex(alias))
            for alias, skill in self.scanned
        )

    @classmethod
    def build(cls, slug_by_alias: Mapping[str, str]) -> "_Index":
        slugs = tuple(sorted(set(slug_by_alias.values())))
        number = {slug: i for i, slug in enumerate(slugs)}
        exact: dict[bytes, int] = {}
        checks, scanned = [], []
        for alias, slug in slug_by_alias.items():
            tokens = tokens_of(alias)
            if not tokens:
                continue
            scanned.append((alias, number[slug]))
            if len(tokens) == 1 and re.fullmatch(r"[\w&]+", alias):
                exact.setdefault(tokens[0], number[slug])
            else:
                checks.append((number[slug], frozenset(tokens), alias))
        return cls(slugs, exact, tuple(checks), tuple(scanned), _ScanPlan.of(scanned))


@dataclass(frozen=True)
class SkillMatcher:
    slug_by_alias: Mapping[str, str]
    index: _Index = field(default=None, compare=False, repr=False)

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, Iterable[str]]) -> "SkillMatcher":
        """`aliases` maps a skill's slug to its phrases (its name included)."""
        slug_by_alias: dict[str, str] = {}
        for slug, phrases in aliases.items():
            for phrase in phrases:
                key = _normalise(phrase)
                if key:
                    slug_by_alias.setdefault(key, slug)
        return cls(slug_by_alias, _Index.build(slug_by_alias))

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """Every alias in one regular expression, for find_spans (compiled on first use)."""
        # Longest first, so "machine learning engineer" wins over "machine learning".
        ordered = sorted(self.slug_by_alias, key=len, reverse=True)
        body = "|".join(alias_regex(a) for a in ordered) or r"(?!x)x"
        return re.compile(f"{ALIAS_BEFORE}(?:{body}){ALIAS_AFTER}", ALIAS_FLAGS)

    @property
    def slugs(self) -> tuple[str, ...]:
        """Skill numbers used by find_pairs: slugs[number] is the skill's slug."""
        return self.index.slugs

    def find(self, text: str) -> set[str]:
        """Slugs of every skill mentioned in `text` (each once)."""
        if not text:
            return set()
        index = self.index
        tokens = set(tokens_of(text))
        found = {index.exact_by_token[t] for t in tokens.intersection(index.exact_by_token)}
        for skill, needed, confirm in index.checks:
            if skill not in found and needed <= tokens and confirm.search(text):
                found.add(skill)
        return {index.slugs[s] for s in found}

    def find_mentions(self, text: str) -> list[Mention]:
        """Every mention of every alias in `text`, each alias looked for on its own (so
        mentions of different aliases may overlap), in order of where they start."""
        if not text:
            return []
        index = self.index
        tokens = set(tokens_of(text))
        found = [
            Mention(m.start(), m.end(), index.slugs[skill], alias)
            for skill, needed, alias, regex in index.every_alias
            if needed <= tokens
            for m in regex.finditer(text)
        ]
        return sorted(found, key=lambda m: (m.start, m.end, m.slug))

    def find_spans(self, text: str) -> list[tuple[str, str]]:
        """(slug, matched text) for each mention, in order, to show people what was found."""
        return [
            (self.slug_by_alias[_normalise(m.group(0))], m.group(0))
            for m in self.pattern.finditer(text or "")
        ]

    def find_pairs(self, texts: pa.Array | Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every (text number, skill number) mention in a batch of texts, each pair once,
        as two aligned arrays sorted by text then skill; skill numbers index `slugs`."""
        data, bounds = _framed(texts)
        n_texts, n_skills = len(bounds) - 1, len(self.index.slugs)
        plan = self.index.scan_plan
        if n_texts < 1 or not plan.patterns:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        database, skill_of, length_of = _compiled(plan)
        hits: list[tuple[int, int, int]] = []
        add = hits.append
        database.scan(
            data,
            match_event_handler=lambda pattern, start, end, _flags, _context: add(
                (pattern, start, end)
            ),
            scratch=hyperscan.Scratch(database),
        )
        if not hits:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        pattern, start, end = np.array(hits, dtype=np.int64).T
        length = length_of[pattern]
        # The byte left of the alias: where a fixed-length match starts, else its reported start.
        left = np.where(length == _STARTS_AT_MATCH, start, end - length - 2)
        byte = np.frombuffer(data, dtype=np.uint8)
        check = byte[left] >= 0x80  # a continuation byte: its character must be a separator
        keep = np.ones(len(left), dtype=bool)
        keep[check] = _separator_at(byte, left[check])
        # A match's last byte (the one right of the alias) lies inside its text's frame.
        rows = np.searchsorted(bounds[1:], end[keep] - 1, side="right")
        seen = np.zeros(n_texts * n_skills, dtype=bool)
        seen[rows * n_skills + skill_of[pattern[keep]]] = True
        pairs = np.flatnonzero(seen)
        return pairs // n_skills, pairs % n_skills


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
    return text_bytes(pc.binary_join_element_wise(nul, array, nul, nothing))


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
    """`texts` (a pandas column, an Arrow array, any sequence) as one Arrow large_string array
    without nulls."""
    if hasattr(texts, "__arrow_array__"):  # a pandas column
        texts = pa.array(texts)
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not isinstance(texts, pa.Array):
        texts = pa.array(list(texts), type=pa.large_string(), from_pandas=True)
    if texts.type != pa.large_string():
        texts = texts.cast(pa.large_string())
    if texts.null_count:
        texts = texts.fill_null("")
    return texts
