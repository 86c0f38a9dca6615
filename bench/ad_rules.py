"""Benchmark the job-ad pages with the reading rules kept per process against read anew.

    python bench/ad_rules.py                # 40 rounds, SQLite (PostgreSQL: DATABASE_URL)
    python bench/ad_rules.py --rounds 10 --no-write

Every ad page compares each saved ad's `read_with` with the current rules' key. Before, each
request read the rules (every skill, every role's title rules: two queries) and hashed them;
now a request reads the market version (one query) and uses the rules this process read at
that version. Both are measured in the same run, alternating request by request on the same
data (bench/pages.py's probe, its three saved ads, the seed market): "anew" swaps
`reading_rules_load` for one that reads the rules on every call (the before-code's work, with
the same key), "kept" is the code as it is. Figures are medians of each page's time as a
ratio to /healthz in the same round (bench/pages.py's `rounds_run`), then anew / kept.
Results go to the ad_rules section of bench/RESULTS.md; the rest of the file is kept.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (  # noqa: E402
    BASELINE,
    PROBE_SKILLS,
    Page,
    ads_make,
    database_prepare,
    django_setup,
    machine,
    measure_in_process,
    person_make,
    section_write,
)

HEADING = (
    "# Job-ad pages: reading rules kept per process\n\n"
    "`bench/ad_rules.py`: each ad page with the reading rules read anew on every request "
    "(before) and kept per process by market version (now), alternating in the same run; one "
    "block per database."
)


def pages_for(ad_id: int) -> list[tuple[str, str]]:
    return [
        ("/report/ads/ (3 saved ads)", "/report/ads/"),
        ("/report/ads/<id>/", f"/report/ads/{ad_id}/"),
        ("/report/ads/<id>.csv", f"/report/ads/{ad_id}.csv"),
    ]


def run(args) -> str:
    from assessments.services import ads
    from market.models import Skill

    kept_load = ads.reading_rules_load

    def anew_load() -> ads.ReadingRules:
        return ads.ReadingRules(read=ads._rules_read_now(version=None))

    def anew() -> None:
        ads.reading_rules_load = anew_load

    def kept() -> None:
        ads.reading_rules_load = kept_load

    rng = random.Random(2025)
    skills = list(Skill.objects.order_by("display_order", "name"))
    probe = person_make(
        username="probe", skills=rng.sample(skills, PROBE_SKILLS), history_days=90, rng=rng
    )
    ad_id = ads_make(user=probe)[0].pk
    pages = [Page(BASELINE, "/healthz")]
    for label, path in pages_for(ad_id):
        pages += [
            Page(f"{label} anew", path, before=anew),
            Page(f"{label} kept", path, before=kept),
        ]
    timings = measure_in_process(user=probe, pages=pages, rounds=args.rounds, warmup=3)
    kept()
    info = machine()
    lines = [
        f"{info['db']}, {info['cpus']} CPUs, Python {info['python']}, Django {info['django']}; "
        f"{args.rounds} rounds, load average {args.load_start:.1f} at the start "
        f"(`python bench/ad_rules.py --rounds {args.rounds}`).",
        "",
        "| page | queries anew / kept | ms anew / kept | x /healthz anew | x /healthz kept "
        "| anew / kept |",
        "|---|---|---|---|---|---|",
    ]
    for label, _ in pages_for(ad_id):
        before, after = timings[f"{label} anew"], timings[f"{label} kept"]
        lines.append(
            f"| {label} | {before.queries} / {after.queries} | "
            f"{before.median:.1f} / {after.median:.1f} | {before.ratio:.2f} | "
            f"{after.ratio:.2f} | **{before.ratio / after.ratio:.2f}x** |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    args.load_start = os.getloadavg()[0]
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="skillgap-ad-rules-"))
    database = database_prepare(workdir)
    try:
        django_setup(workdir, database)
        block = run(args)
        print(block)
        print(f"({time.perf_counter() - started:.0f} s)")
        if not args.no_write:
            vendor = machine()["vendor"].lower()
            section_write(name="ad_rules", vendor=vendor, block=block, heading=HEADING)
    finally:
        from django.db import connections

        connections.close_all()
        if database.drop:
            database.drop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
