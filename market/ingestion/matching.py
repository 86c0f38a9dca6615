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
  generated texts. Compiling the patterns takes about a second for the whole taxonomy, so
  the compiled database is kept per process and, given a `cache_dir`, on disk (keyed by the
  patterns and the Hyperscan version: a changed taxonomy compiles afresh).

`find_spans` shows people what was found (non-overlapping spans, longest alias first).
"""

import contextlib
import functools
import gc
import hashlib
import mmap
import multiprocessing
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

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
# Case-insensitive (HS_FLAG_CASELESS). Left of an alias: a byte that is not part of a token
# (texts are framed with NUL bytes, so there always is one), or a whole separator character
# (a lead byte above and its continuation bytes). Right of it: a byte that is not part of a
# token, or a separator's lead byte. Between its words: runs of what Python's `\s` matches
# (ASCII white space, \x1c-\x1f, NEL, no-break space, the U+2000 spaces, line and paragraph
# separators) and hyphens.
_HS_NOT_TOKEN = rb"[^A-Za-z0-9_&+#\x80-\xff]"
_HS_BEFORE = rb"(?:" + _HS_NOT_TOKEN + rb"|\xc2[\x80-\xbf]|[\xe2\xef][\x80-\xbf]{2})"
_HS_AFTER = rb"(?:" + _HS_NOT_TOKEN + rb"|[\xc2\xe2\xef])"
_HS_GAP = rb"(?:[\t-\r\x1c-\x20\-]|\xc2[\x85\xa0]|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f)+"


def _scan_pattern(alias: str) -> bytes:
    words = [re.escape(w).encode() for w in alias_words(alias)]
    return _HS_BEFORE + _HS_GAP.join(words) + _HS_AFTER


# One-letter aliases ("R") need their own spelling: as a pattern like the others, every
# lower-case letter in the text would start a check (a third of all the scanning). The
# capital is a pattern (capitals are rare); the lower-case letter is a set of literals, each
# with its two ASCII neighbours (a separator's lead byte on the right, or a continuation byte
# on the left whose character is then checked to be a separator); NUL neighbours, which
# literals cannot hold, are patterns of their own.
_ASCII_SEPARATORS = bytes(
    c for c in range(1, 128) if not (chr(c).isascii() and (chr(c).isalnum() or chr(c) in "_&+#"))
)
_AFTER_LEADS = bytes(_SEPARATOR_LEADS)
_CONTINUATIONS = bytes(range(0x80, 0xC0))
_CHECK_LEFT = 1  # literal id bit: the byte left of the letter continues a character to check


def _one_letter_scan(letter: str, skill: int) -> tuple[list, list]:
    """(patterns, literals) for a one-letter alias; see above."""
    lower, upper = letter.lower().encode(), letter.upper().encode()
    patterns = [
        (_HS_BEFORE + re.escape(upper) + _HS_AFTER, skill, 0),
        (rb"\x00" + re.escape(lower) + _HS_AFTER, skill, 0),
        (_HS_BEFORE + re.escape(lower) + rb"\x00", skill, 0),
    ]
    right = _ASCII_SEPARATORS + _AFTER_LEADS
    literals = [
        (bytes([b]) + lower + bytes([a]), 2 * skill) for b in _ASCII_SEPARATORS for a in right
    ]
    literals += [
        (bytes([b]) + lower + bytes([a]), 2 * skill + _CHECK_LEFT)
        for b in _CONTINUATIONS
        for a in right
    ]
    return patterns, literals


@dataclass(frozen=True)
class _ScanPlan:
    """What find_pairs compiles: (pattern, skill number, Hyperscan flags), and literals with
    their ids (2 x skill number, + _CHECK_LEFT)."""

    patterns: tuple[tuple[bytes, int, int], ...]
    literals: tuple[tuple[bytes, int], ...]

    @functools.cached_property
    def literal_codes(self) -> np.ndarray:
        """Literal number (its id in the compiled database) -> 2 x skill number + check bit."""
        return np.array([code for _, code in self.literals], dtype=np.int64)

    @classmethod
    def of(cls, aliases: Iterable[tuple[str, int]]) -> "_ScanPlan":
        patterns, literals = [], []
        for alias, skill in aliases:
            if re.fullmatch(r"[A-Za-z]", alias):
                more_patterns, more_literals = _one_letter_scan(alias, skill)
                patterns += more_patterns
                literals += more_literals
            else:
                patterns.append((_scan_pattern(alias), skill, hyperscan.HS_FLAG_CASELESS))
        return cls(tuple(patterns), tuple(literals))


_COMPILING = threading.Lock()


@functools.lru_cache(maxsize=8)
def _scan_database(plan: _ScanPlan, cache_dir: Path | None = None) -> tuple:
    """The compiled (patterns, literals or None): from `cache_dir` when an earlier process
    compiled them."""
    key = hashlib.sha256(repr((hyperscan.__version__, plan)).encode()).hexdigest()[:32]
    path = Path(cache_dir) / f"skills-{key}.hsdb" if cache_dir else None
    with _COMPILING:
        if path is not None and path.exists():
            try:
                return _databases_loaded(path.read_bytes(), parts=1 + bool(plan.literals))
            except (OSError, ValueError, hyperscan.HyperscanError):
                pass  # unreadable, or built for another CPU or version: compile it again
        patterns = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        patterns.compile(
            expressions=[pattern for pattern, _, _ in plan.patterns],
            ids=[skill for _, skill, _ in plan.patterns],
            elements=len(plan.patterns),
            flags=[flags for _, _, flags in plan.patterns],
        )
        literals = None
        if plan.literals:
            literals = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            literals.compile(
                expressions=[literal for literal, _ in plan.literals],
                ids=list(range(len(plan.literals))),  # equal ids: compiling takes seconds
                elements=len(plan.literals),
                literal=True,
            )
        if path is not None:
            parts = [hyperscan.dumpb(patterns)] + ([hyperscan.dumpb(literals)] if literals else [])
            _write_quietly(path, b"".join(len(p).to_bytes(8, "little") + p for p in parts))
        return patterns, literals


def _databases_loaded(data: bytes, *, parts: int) -> tuple:
    """(patterns, literals or None) from a cache file: each database's size (8 bytes), then
    the database. ValueError unless it holds exactly `parts` whole databases."""
    loaded = []
    while data:
        size = int.from_bytes(data[:8], "little")
        if size <= 0 or size > len(data) - 8:
            raise ValueError("not a database file")
        loaded.append(hyperscan.loadb(data[8 : 8 + size], mode=hyperscan.HS_MODE_BLOCK))
        data = data[8 + size :]
    if len(loaded) != parts:
        raise ValueError("not a database file")
    return loaded[0], loaded[1] if parts == 2 else None


def _write_quietly(path: Path, data: bytes) -> None:
    """Write `path` whole (a temporary file renamed into place), or not at all: a cache that
    cannot be written (a read-only install) only costs the next process a compilation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


@dataclass(frozen=True)
class _Index:
    slugs: tuple[str, ...]  # skill number -> slug
    exact_by_token: Mapping[bytes, int]  # token of a one-word alias -> skill number
    # Every other alias: (skill number, the tokens it needs, the alias).
    aliases_to_confirm: tuple[tuple[int, frozenset, str], ...]
    scan_plan: _ScanPlan

    @functools.cached_property
    def checks(self) -> tuple[tuple[int, frozenset, re.Pattern], ...]:
        """aliases_to_confirm with their regular expressions, compiled when find first needs
        them (about a second for the taxonomy: imports, which only scan, never wait for it)."""
        return tuple((s, needed, _confirm_regex(a)) for s, needed, a in self.aliases_to_confirm)

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
        return cls(slugs, exact, tuple(checks), _ScanPlan.of(scanned))


@dataclass(frozen=True)
class SkillMatcher:
    slug_by_alias: Mapping[str, str]
    index: _Index = field(default=None, compare=False, repr=False)
    cache_dir: Path | None = field(default=None, compare=False)

    @classmethod
    def from_aliases(
        cls, aliases: Mapping[str, Iterable[str]], *, cache_dir: Path | None = None
    ) -> "SkillMatcher":
        """`aliases` maps a skill's slug to its phrases (its name included). `cache_dir`, if
        given, keeps find_pairs' compiled patterns for the next process."""
        slug_by_alias: dict[str, str] = {}
        for slug, phrases in aliases.items():
            for phrase in phrases:
                key = _normalise(phrase)
                if key:
                    slug_by_alias.setdefault(key, slug)
        return cls(slug_by_alias, _Index.build(slug_by_alias), cache_dir)

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

    def find_spans(self, text: str) -> list[tuple[str, str]]:
        """(slug, matched text) for each mention, in order, to show people what was found."""
        return [
            (self.slug_by_alias[_normalise(m.group(0))], m.group(0))
            for m in self.pattern.finditer(text or "")
        ]

    def find_pairs(self, texts: pa.Array | Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every (text number, skill number) mention in a batch of texts, each pair once,
        as two aligned arrays sorted by text then skill; skill numbers index `slugs`."""
        return self.scanner.pairs_in(*_framed(texts))

    @functools.cached_property
    def scanner(self) -> "_Scanner":
        """What find_pairs needs, small enough to hand to a worker process."""
        return _Scanner(self.index.scan_plan, len(self.index.slugs), self.cache_dir)


@dataclass(frozen=True)
class _Scanner:
    """The compiled-pattern side of a SkillMatcher: the scan plan, the number of skills and
    where compiled patterns are kept. Picklable, for the worker process."""

    plan: _ScanPlan
    n_skills: int
    cache_dir: Path | str | None = None

    def pairs_in(self, data, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """find_pairs of framed texts (see _framed); `data` is any buffer."""
        plan = self.plan
        if len(bounds) < 2 or not plan.patterns:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        skills: list[int] = []
        ends: list[int] = []

        def found(skill, _from, end, _flags, _context):
            skills.append(skill)
            ends.append(end)

        patterns, literals = _scan_database(plan, self.cache_dir)
        patterns.scan(data, match_event_handler=found, scratch=hyperscan.Scratch(patterns))
        skill = np.array(skills, dtype=np.int64)
        end = np.array(ends, dtype=np.int64)
        if literals is not None:
            skills.clear()
            ends.clear()
            literals.scan(data, match_event_handler=found, scratch=hyperscan.Scratch(literals))
            number = plan.literal_codes[np.array(skills, dtype=np.int64)]
            at = np.array(ends, dtype=np.int64)
            keep = (number & _CHECK_LEFT == 0) | _separator_before(data, at - 3)
            skill = np.concatenate([skill, number[keep] >> 1])
            end = np.concatenate([end, at[keep]])
        # A match's last byte (the one right of the alias) lies inside its text's frame.
        rows = np.searchsorted(bounds[1:], end - 1, side="right")
        pairs = np.unique(rows * self.n_skills + skill)
        return pairs // self.n_skills, pairs % self.n_skills


def _separator_before(data, last: np.ndarray) -> np.ndarray:
    """Whether the continuation byte at each position in `last` ends a separator character
    (one whose lead byte is in _SEPARATOR_LEADS: C2 xx, or E2/EF xx xx)."""
    if not last.size:
        return np.zeros(0, dtype=bool)
    byte = np.frombuffer(data, dtype=np.uint8)
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


# ---- Matching in a worker process ----------------------------------------------------------
# Hyperscan calls back into Python, under the GIL, for every match: a thread scanning while
# another one reads and counts would wait for the GIL at every match. A process of its own
# scans instead. Batches reach it through files both processes map into memory (_Slot): a
# pipe would copy every byte twice more and cost as much as the scan saves.

# The share of each batch first matched in this process while a worker matches the rest
# (this process also reads and counts the postings, about half as much work as matching).
SHARE_HERE = 0.15
_worker_scanner: "_Scanner | None" = None


def _worker_start(scanner: _Scanner) -> None:
    global _worker_scanner
    _worker_scanner = scanner
    gc.disable()  # matching makes no reference cycles; the collector would only cost time
    _scan_database(scanner.plan, scanner.cache_dir)  # compiled (or loaded) before any batch


def _worker_ready() -> None:
    pass


_worker_maps: dict[str, mmap.mmap] = {}


def _worker_pairs_in_slot(path: str, length: int, bounds: np.ndarray) -> tuple:
    mapped = _worker_maps.get(path)
    if mapped is None or len(mapped) < length:  # new, or grown since it was mapped
        with open(path, "rb") as fh:
            mapped = _worker_maps[path] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    return _worker_scanner.pairs_in(memoryview(mapped)[:length], bounds)


class _Slot:
    """A file (in memory, under /dev/shm where there is one) that carries one batch at a time
    to a worker: mapped on both sides once and written over, so that its pages are allocated
    once rather than for every batch."""

    def __init__(self, path: str):
        self.path, self.size = path, 0
        self.mapped: mmap.mmap | None = None
        self.future: Future | None = None

    @property
    def free(self) -> bool:
        return self.future is None or self.future.done()

    def put(self, data: memoryview) -> bool:
        """Copy `data` in; False (and nothing written) when the file cannot hold it."""
        if data.nbytes > self.size:
            self.close()
            size = max(data.nbytes, 2 * self.size)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                # Reserve the space now: writing to a mapped page the file system cannot
                # provide (a full /dev/shm, 64 MB in a default container) kills the process.
                os.posix_fallocate(descriptor, 0, size)
                self.mapped = mmap.mmap(descriptor, size)
                self.size = size
            except OSError:
                self.size = 0
                return False
            finally:
                os.close(descriptor)
        self.mapped[: data.nbytes] = data
        return True

    def close(self) -> None:
        if self.mapped is not None:
            self.mapped.close()
            self.mapped = None


@contextlib.contextmanager
def pairs_finder(matcher: "SkillMatcher", *, processes: int = 0, started: bool = False):
    """A function `texts -> Future` of `matcher.find_pairs(texts)`, to overlap matching with
    reading. With `processes` > 0, most of each batch goes to one of that many worker
    processes while the rest is matched here (the share here grows while the workers lag
    behind and shrinks while they wait), and the whole batch is matched here when the workers
    have two batches each in hand (or are still starting). With 0, every batch is matched
    here (an already finished future).

    Workers are started fresh ("spawn": safe from a threaded server; the program's main
    module must be import-safe, as for any spawned process), by a thread, while batches are
    matched here; `started` waits for them first. Leaving the block stops them and removes
    the batches' files; on an error, work not yet started is dropped."""
    if processes <= 0:
        yield lambda texts: _finished(matcher.find_pairs(texts))
        return
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(
        prefix="skill-matching-", dir=shm if shm.is_dir() else None
    ) as folder:
        slots = [_Slot(os.path.join(folder, f"{i}.bin")) for i in range(2 * processes)]
        pool = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=(matcher.scanner,),
        )
        starting: list[Future] = []
        launched = threading.Event()

        def launch() -> None:
            # Starting a process blocks until it has read its arguments (the compiled plan):
            # a thread waits for that while this one reads and counts the first chunks.
            try:
                starting.extend(pool.submit(_worker_ready) for _ in range(processes))
            finally:
                launched.set()

        threading.Thread(target=launch, name="skill-matching-start", daemon=True).start()
        if started:
            launched.wait()
            wait(starting)
        share = SHARE_HERE

        def find_pairs(texts) -> Future:
            nonlocal share
            array = text_array(texts)
            if not launched.is_set():
                return _finished(matcher.find_pairs(array))
            busy = sum(not slot.free for slot in slots) + sum(not f.done() for f in starting)
            if busy >= len(slots):
                return _finished(matcher.find_pairs(array))
            lagging = busy >= processes
            share = min(0.5, share + 0.05) if lagging else max(0.0, share - 0.05)
            here = int(len(array) * share)
            data, bounds = _framed(array.slice(here))
            if not data.nbytes:
                return _finished(matcher.find_pairs(array))
            slot = next(slot for slot in slots if slot.free)
            if not slot.put(data):  # no room for it in memory: match it here
                return _finished(matcher.find_pairs(array))
            slot.future = pool.submit(_worker_pairs_in_slot, slot.path, data.nbytes, bounds)
            find_pairs.sent += 1
            near = matcher.find_pairs(array.slice(0, here))
            return _joined(near, slot.future, here)

        find_pairs.sent = 0  # batches (or parts) sent to a worker, for whoever wants to know
        try:
            yield find_pairs
        except BaseException:
            launched.wait()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            for slot in slots:
                slot.close()
        launched.wait()
        pool.shutdown(wait=True)


def _joined(near: tuple, far: Future, offset: int) -> Future:
    """A future of the pairs of a batch whose first `offset` texts gave `near` and whose other
    texts are being matched into `far`."""
    joined: Future = Future()

    def join(done: Future) -> None:
        try:
            rows, skills = done.result()
        except BaseException as exc:  # noqa: BLE001 (handed to whoever waits)
            joined.set_exception(exc)
            return
        joined.set_result(
            (np.concatenate([near[0], rows + offset]), np.concatenate([near[1], skills]))
        )

    far.add_done_callback(join)
    return joined


def _finished(result) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


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
