"""Finding skills in free text (job postings, CVs) by whole-word alias matching.

A text is split into tokens: maximal runs of letters, digits, `_`, `&`, `+` and `#`.
A one-word alias matches a whole token, case-insensitively, so "R" is not "R&D", "C" is not
"C++" and "Excel" is not "excellent". An alias of several words matches those words in a
row, separated by white space or hyphens ("scikit learn" = "scikit-learn"); its other
characters (`.`, `/`) are matched literally (Node.js, CI/CD). Every alias is looked for on
its own: "Azure Machine Learning" mentions both Azure and machine learning. (`find_spans`,
which shows people what was found, reports non-overlapping spans, longest alias first.)

Speed matters: an import scans every posting's description. Instead of trying every alias
at every position (one regular expression with hundreds of alternatives runs at ~1 MB/s),
a whole chunk of texts is tokenised at once (a byte translation over Arrow's buffer, split
in C++), tokens are looked up in one hash table, and only aliases of several words that
the tokens make possible are confirmed with their own regular expression (started where a
plain search finds the alias's first word). Large batches are matched as two halves on two
threads, since Arrow's kernels release the GIL.
"""

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# `+`, `#` and `.` inside aliases (C++, C#, Node.js) are matched literally.
_BEFORE = r"(?<![\w&+#])"
_AFTER = r"(?![\w&+#])"
_PART_ROWS = 1_000  # find_pairs works on two halves of a batch at least twice this


_MARK = 0x01  # never survives the translation otherwise (ASCII controls become spaces)


def _byte_table() -> bytes:
    table = bytearray(b" " * 128) + bytearray(range(128, 256))  # UTF-8 bytes stay...
    for c in b"abcdefghijklmnopqrstuvwxyz0123456789_&+#":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    # ...except the lead bytes of Latin-1 symbols (U+0080-00BF: no-break space, (c), ...),
    # general punctuation and symbols (U+2000-2FFF: curly quotes, dashes, bullets, arrows)
    # and private-use/specials (U+F000-FFFF: Word's bullets, BOM), which are marked so that
    # the whole character becomes spaces (below).
    for c in (0xC2, 0xE2, 0xEF):
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


def _alias_regex(alias: str) -> str:
    # White space or hyphens between words match either ("scikit learn" = "scikit-learn").
    words = [re.escape(w) for w in re.split(r"[\s\-]+", alias.strip()) if w]
    return r"[\s\-]+".join(words)


def _confirm_regex(alias: str) -> re.Pattern:
    """The alias's own pattern, literal first so the search skips ahead quickly."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", alias.strip().lower()) if w]
    first = words[0]
    rest = "".join(r"[\s\-]+" + w for w in words[1:])
    return re.compile(f"{first}(?<![\\w&+#]{first}){rest}{_AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class _TokenIndex:
    slugs: tuple[str, ...]  # skill number -> slug
    vocabulary: pa.Array  # every token of every alias
    exact_skill: np.ndarray  # token number -> skill number of the one-token alias, or -1
    single_checks: np.ndarray  # token number -> check number (one-token aliases with +/#), or -1
    pair_checks: Mapping[int, tuple[int, ...]]  # first two tokens -> check numbers
    # (skill, tokens, confirm regex, usual spellings of the alias's first word)
    checks: tuple[tuple[int, frozenset, re.Pattern, tuple[str, ...]], ...]
    pair_keys: np.ndarray
    exact_by_token: Mapping[bytes, int]
    single_by_token: Mapping[bytes, int]

    @classmethod
    def build(cls, slug_by_alias: Mapping[str, str]) -> "_TokenIndex":
        slugs = tuple(sorted(set(slug_by_alias.values())))
        number = {slug: i for i, slug in enumerate(slugs)}
        token_ids: dict[bytes, int] = {}
        exact: dict[bytes, int] = {}
        singles: dict[bytes, int] = {}
        firsts: list[tuple[int, ...]] = []  # (first two or three token numbers..., check)
        checks = []
        for alias, slug in slug_by_alias.items():
            tokens = tokens_of(alias)
            if not tokens:
                continue
            ids = [token_ids.setdefault(t, len(token_ids)) for t in tokens]
            literal = re.fullmatch(r"[\w&]+", alias) is not None
            if len(tokens) == 1 and literal:
                exact.setdefault(tokens[0], number[slug])
                continue
            check = len(checks)
            word = re.split(r"[\s\-]+", alias.strip().lower())[0]
            spellings = tuple(dict.fromkeys((word, word.capitalize(), word.upper())))
            checks.append((number[slug], frozenset(tokens), _confirm_regex(alias), spellings))
            if len(tokens) == 1:
                singles[tokens[0]] = check
            else:
                firsts.append((*ids[:3], check))
        size = len(token_ids)
        pairs: dict[int, list[int]] = {}  # two or three first tokens -> checks
        for *ids, check in firsts:
            key = ids[0] * size + ids[1] + (size * size * (ids[2] + 1) if len(ids) > 2 else 0)
            pairs.setdefault(key, []).append(check)
        exact_skill = np.full(size, -1, dtype=np.int64)
        single_checks = np.full(size, -1, dtype=np.int64)
        for token, skill in exact.items():
            exact_skill[token_ids[token]] = skill
        for token, check in singles.items():
            single_checks[token_ids[token]] = check
        vocabulary = pa.array(
            [t.decode() for t in sorted(token_ids, key=token_ids.get)], type=pa.large_string()
        )
        return cls(
            slugs=slugs,
            vocabulary=vocabulary,
            exact_skill=exact_skill,
            single_checks=single_checks,
            pair_checks={k: tuple(v) for k, v in pairs.items()},
            checks=tuple(checks),
            pair_keys=np.array(sorted(pairs), dtype=np.int64),
            exact_by_token=exact,
            single_by_token=singles,
        )

    @property
    def pair_base(self) -> int:
        return max(1, len(self.vocabulary))


@dataclass(frozen=True)
class SkillMatcher:
    pattern: re.Pattern
    slug_by_alias: Mapping[str, str]
    index: _TokenIndex = field(default=None, compare=False, repr=False)

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, Iterable[str]]) -> "SkillMatcher":
        """`aliases` maps a skill's slug to its phrases (its name included)."""
        slug_by_alias: dict[str, str] = {}
        for slug, phrases in aliases.items():
            for phrase in phrases:
                key = _normalise(phrase)
                if key:
                    slug_by_alias.setdefault(key, slug)
        # Longest first, so "machine learning engineer" wins over "machine learning".
        ordered = sorted(slug_by_alias, key=len, reverse=True)
        body = "|".join(_alias_regex(a) for a in ordered) or r"(?!x)x"
        pattern = re.compile(f"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE)
        return cls(pattern, slug_by_alias, _TokenIndex.build(slug_by_alias))

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
        for skill, needed, confirm, _ in index.checks:
            if skill not in found and needed <= tokens and confirm.search(text):
                found.add(skill)
        return {index.slugs[s] for s in found}

    def find_spans(self, text: str) -> list[tuple[str, str]]:
        """(slug, matched text) for each mention, in order, to show people what was found."""
        return [
            (self.slug_by_alias[_normalise(m.group(0))], m.group(0))
            for m in self.pattern.finditer(text or "")
        ]

    def find_pairs(
        self, texts: pa.Array | Sequence[str], *, prepare=None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every (text number, skill number) mention in a batch of texts, each pair once,
        as two aligned arrays; skill numbers index `slugs`. `prepare(text)`, if given, turns a
        text into the one aliases of several words are confirmed in."""
        array = _large_strings(texts)
        n = len(array)
        if n >= 2 * _PART_ROWS:
            # Arrow's kernels release the GIL: two halves overlap on two cores. Each half's
            # pairs come sorted and the halves' rows do not overlap, so the result is the same.
            half = n // 2
            first, second = _halves_pool().map(
                lambda part: self._pairs(part, prepare),
                (array.slice(0, half), array.slice(half)),
            )
            return np.concatenate([first[0], second[0] + half]), np.concatenate(
                [first[1], second[1]]
            )
        return self._pairs(array, prepare)

    def _pairs(self, array: pa.Array, prepare) -> tuple[np.ndarray, np.ndarray]:
        n = len(array)
        empty = np.zeros(0, dtype=np.int64)
        if n == 0 or len(self.index.vocabulary) == 0:
            return empty, empty
        index = self.index
        tokens = pc.ascii_split_whitespace(_translated(array))
        ids = pc.index_in(pc.list_flatten(tokens), value_set=index.vocabulary)
        kept = np.flatnonzero(ids.is_valid().to_numpy(zero_copy_only=False))
        if kept.size == 0:
            return empty, empty
        token = ids.drop_null().to_numpy().astype(np.int64)
        row = pc.list_parent_indices(tokens).to_numpy()[kept].astype(np.int64)
        n_skills = len(index.slugs)
        skill = index.exact_skill[token]
        pairs = row[skill >= 0] * n_skills + skill[skill >= 0]
        # Candidates to confirm: one-token aliases with + or #, and aliases of several words
        # whose first two tokens are next to each other.
        candidates: list[tuple[int, int]] = []
        single = index.single_checks[token]
        candidates += zip(row[single >= 0].tolist(), single[single >= 0].tolist(), strict=True)
        if index.pair_checks:
            # Aliases of several words: their first two tokens next to each other (and the
            # third right after them, for aliases of three words or more).
            size = index.pair_base
            next_to = (np.diff(kept) == 1) & (np.diff(row) == 0)
            adjacent = np.flatnonzero(next_to)
            keys = token[adjacent] * size + token[adjacent + 1]
            third = np.zeros(len(adjacent), dtype=np.int64)
            has_third = np.append(next_to[1:], False)[adjacent]
            third[has_third] = token[adjacent[has_third] + 2] + 1
            for keyset in (keys, keys + size * size * third):
                wanted = np.isin(keyset, index.pair_keys)
                for r, key in zip(
                    row[adjacent[wanted]].tolist(), keyset[wanted].tolist(), strict=True
                ):
                    candidates += [(r, check) for check in index.pair_checks[key]]
        if candidates:
            found = set(pairs.tolist())

            rows = sorted({r for r, _ in candidates})
            # One conversion of the rows to confirm beats one per row (or of every row).
            texts = dict(zip(rows, array.take(rows).to_pylist(), strict=True))
            text_row, text = -1, ""
            for r, check in sorted(set(candidates)):
                skill_no, _, confirm, spellings = index.checks[check]
                key = r * n_skills + skill_no
                if key in found:
                    continue
                if r != text_row:
                    text = texts[r] or ""
                    text_row, text = r, (prepare(text) if prepare else text) or ""
                if _confirmed(confirm, spellings, text):
                    found.add(key)
            pairs = np.fromiter(found, dtype=np.int64, count=len(found))
        pairs = np.unique(pairs)
        return pairs // n_skills, pairs % n_skills


def _confirmed(confirm: re.Pattern, spellings: tuple[str, ...], text: str) -> bool:
    """Whether `confirm` matches somewhere in `text`. The regular expression scans character
    by character; a plain search for its first word, as usually spelt, finds where to start.
    A match from there is a match; only without one is the whole text searched, so the
    answer never depends on the spellings (only the time does)."""
    for word in spellings:
        at = text.find(word)
        if at >= 0 and confirm.search(text, at):
            return True
    return confirm.search(text) is not None


def _large_strings(texts) -> pa.Array:
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


def _translated(array: pa.Array) -> pa.Array:
    """The texts with non-token bytes turned into spaces (same offsets)."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    start, end = int(offsets[0]), int(offsets[-1])
    data = bytes(memoryview(array.buffers()[2])[start:end]) if end > start else b""
    return pa.Array.from_buffers(
        pa.large_string(),
        len(array),
        [None, pa.py_buffer((offsets - start).tobytes()), pa.py_buffer(_token_bytes(data))],
    )


@functools.cache
def _halves_pool() -> ThreadPoolExecutor:
    # Two long-lived threads: a new pool per chunk means new threads, each leaving Arrow's
    # allocator a per-thread cache it does not give back (peak memory doubled at 1M postings).
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="skill-matching")
