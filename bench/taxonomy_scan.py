"""What a taxonomy change costs the import's scan: `find_pairs` (the fast matcher) over the
corpus, the shipped taxonomy against an earlier one, in one run; or what a change of the
matcher's code costs, the shipped taxonomy matched by this tree's code and by an earlier one.

    python bench/taxonomy_scan.py                        # against main's seed taxonomy
    python bench/taxonomy_scan.py --against REF --reach 3 --rounds 7 --copies 4
    python bench/taxonomy_scan.py --code --against REF   # against REF's matching.py

The earlier taxonomy is market/seed/skills.json at git REF; `--reach` is the proximity reach
(PROXIMITY_WORDS) it was matched with, when the change moved it (round 5: 3 -> 6). With
`--code`, the earlier side is market/ingestion/matching.py at git REF, loaded under another
module name in the same process, over the shipped taxonomy (as is the other side); the two
must find the same pairs in the corpus (checked once, before any timing). The corpus
(bench/extraction.py's four files, exact duplicates once) is repeated `--copies` times so that
one scan lasts long enough to time; the two taxonomies' scans alternate, each round one of
each (which goes first alternates too), and the CPU time of each is the process's
(time.process_time: the machine is shared, wall time is not comparable). Both matchers are
compiled before any timing (the import compiles once per process). Prints the median CPU
seconds of each, their ratio (new / old) and the load average; nothing is written: the figures
go into bench/RESULTS.md's hand-written notes with the change they measure.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _matcher(entries, *, reach: int | None = None, m=None):
    """A matcher over taxonomy `entries`, its scan and every regular expression compiled now;
    with `reach`, its proximity aliases reach that many words (the module's spelling of the
    gap, with the bound replaced, as an earlier PROXIMITY_WORDS compiled it); `m`: the matching
    module (this tree's when not given)."""
    if m is None:
        from market.ingestion import matching as m

    saved = m.PROXIMITY_BETWEEN, m._HS_BETWEEN
    if reach is not None:
        bound, old = f"{{0,{m.PROXIMITY_WORDS}}}", f"{{0,{reach}}}"
        m.PROXIMITY_BETWEEN = m.PROXIMITY_BETWEEN.replace(bound, old)
        m._HS_BETWEEN = m._HS_BETWEEN.replace(bound.encode(), old.encode())
    try:
        matcher = m.SkillMatcher.from_rules(m.rules_of_entries(entries))
        matcher.index.compiled  # noqa: B018 - compiled now, with this reach
        for alias in matcher.index.aliases:
            matcher.index.pattern(alias)
    finally:
        m.PROXIMITY_BETWEEN, m._HS_BETWEEN = saved
    return matcher


def _git_show(ref: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def _module_at(ref: str, path: str, name: str) -> types.ModuleType:
    """The Python module at `path` as git `ref` has it, loaded as `name`."""
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses look their module up by name
    exec(compile(_git_show(ref, path), f"{ref}:{path}", "exec"), module.__dict__)
    return module


def _cpu(matcher, texts) -> float:
    start = time.process_time()
    matcher.find_pairs(texts)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git ref of the earlier taxonomy")
    parser.add_argument("--reach", type=int, help="the earlier taxonomy's PROXIMITY_WORDS")
    parser.add_argument(
        "--code", action="store_true", help="compare REF's matching code, not its taxonomy"
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import extraction

    new = _matcher(extraction._taxonomy())
    if args.code:
        earlier = _module_at(args.against, "market/ingestion/matching.py", "matching_earlier")
        old = _matcher(extraction._taxonomy(), reach=args.reach, m=earlier)
    else:
        old_seed = _git_show(args.against, "market/seed/skills.json")
        old = _matcher(json.loads(old_seed)["skills"], reach=args.reach)
    texts = [p.description for p in extraction.corpus_read(extraction.DATA)] * args.copies
    size = sum(len(t.encode()) for t in texts) / 1e6
    if args.code:  # two versions of the code over one taxonomy: they must find the same pairs
        pairs = [
            [a.tolist() for a in m.find_pairs(texts[: len(texts) // args.copies])]
            for m in (old, new)
        ]
        if pairs[0] != pairs[1]:
            sys.exit(f"{args.against}'s matching code and this tree's find different pairs")
    times = {"old": [], "new": []}
    for n in range(args.rounds):
        order = (("old", old), ("new", new)) if n % 2 == 0 else (("new", new), ("old", old))
        for name, matcher in order:
            times[name].append(_cpu(matcher, texts))
    old_s, new_s = statistics.median(times["old"]), statistics.median(times["new"])
    one, five, _ = os.getloadavg()
    print(
        f"find_pairs over {len(texts):,} texts ({size:.0f} MB), median of {args.rounds} paired "
        f"rounds, CPU: {args.against}'s {'matching code' if args.code else 'taxonomy'}"
        f"{f' (reach {args.reach})' if args.reach else ''} {old_s:.2f} s, "
        f"{'this tree' if args.code else 'shipped'} {new_s:.2f} s: "
        f"{new_s / old_s:.2f}x; load average {one:.1f} / {five:.1f}"
    )


if __name__ == "__main__":
    main()
