"""How closely the warehouse query (`manage.py warehouse_sql`) agrees with the app's import on
the real postings.

    python bench/warehouse.py

Every file of real postings in ../shared/data/, and all of them as one table, is counted twice
with the seed taxonomy (a throw-away SQLite database, migrated and seeded):
- import:    market_import(file, format="postings"), the figures of its snapshot;
- warehouse: the file's rows, read by the importer's own reader, in a DuckDB table with
             `salary_usd` from the importer's salary parser (so that only the counting is
             compared, not salary parsing), counted by the generated DuckDB query.
Compared: every share figure (role, seniority, skill; a figure one side lacks counts as 0),
as the absolute difference in percentage points, per skill (mean and largest over that
skill's figures) and overall; job counts, average salaries and tiers: how many differ.
Targets (issue 13): per skill, mean difference <= 0.3 pp and largest <= 1 pp.
Also timed, in the same run: the query's wall time as a multiple of the import's.
Results go to this benchmark's section of bench/RESULTS.md; the rest of the file is kept.
The combined file is written under bench/out/ (git-ignored): postings are never committed.
"""

import csv
import datetime as dt
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import section_write  # noqa: E402

DATA = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "bench" / "out"
TABLE_FIELDS = ("title", "company", "description", "salary", "seniority")
MEAN_TARGET_PP, MAX_TARGET_PP = Decimal("0.3"), Decimal("1")


def django_setup(database: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # post_migrate loads the seed taxonomy


def combined_file() -> Path:
    """Every real posting in one CSV (the fields the table has), as one warehouse holds them."""
    from market.ingestion.postings import columns_detect
    from market.ingestion.reading import CHUNK_READERS, file_kind

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "warehouse_all_postings.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(TABLE_FIELDS)
        for source in sorted(DATA.glob("*/*.csv")):
            kind = file_kind(source)
            columns = {f: c for f, c in columns_detect(kind.header).items() if f in TABLE_FIELDS}
            for _, frame, _ in CHUNK_READERS[kind.container](source, kind, columns, source.name):
                for record in frame.to_dict("records"):
                    writer.writerow([_cell(record.get(f)) or "" for f in TABLE_FIELDS])
    return path


def _cell(value):
    return None if value is None or value != value else value  # NaN: a missing cell


def table_rows(path: Path) -> list[tuple]:
    """The file's postings as table rows: (title, company, description, salary_usd,
    seniority), cells as the importer reads them, salary_usd by its salary parser."""
    from market.ingestion.postings import columns_detect, salary_status
    from market.ingestion.reading import CHUNK_READERS, file_kind

    kind = file_kind(path)
    columns = {f: c for f, c in columns_detect(kind.header).items() if f in TABLE_FIELDS}
    rows = []
    for _, frame, _ in CHUNK_READERS[kind.container](path, kind, columns, path.name):
        for record in frame.to_dict("records"):
            cells = {f: _cell(record.get(f)) for f in TABLE_FIELDS}
            cells["salary"] = salary_status(cells["salary"])[1]
            rows.append(tuple(cells[f] for f in TABLE_FIELDS))
    return rows


def export_rows(csv_text: str) -> dict:
    """{(role, seniority, skill or None): (job_count, avg_salary_usd, share_pct, priority)}."""
    figures = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        key = (row["role"], row["seniority"], row["skill"] or None)
        share = Decimal(row["share_pct"]) if row["share_pct"] else None
        figures[key] = (row["job_count"], row["avg_salary_usd"], share, row["priority"])
    return figures


def count_both(path: Path, sql: str) -> dict:
    import duckdb
    import pandas as pd

    from market.ingestion.aggregate import aggregate_export
    from market.ingestion.importing import market_import

    started = time.perf_counter()
    snapshot = market_import(path, format="postings").snapshot
    import_seconds = time.perf_counter() - started
    imported = export_rows(aggregate_export(snapshot))

    frame = pd.DataFrame(table_rows(path), columns=TABLE_FIELDS)
    with duckdb.connect() as warehouse:
        warehouse.execute(
            "CREATE TABLE postings AS SELECT CAST(title AS VARCHAR) AS title, "
            "CAST(company AS VARCHAR) AS company, CAST(description AS VARCHAR) AS description, "
            "CAST(salary AS DOUBLE) AS salary_usd, CAST(seniority AS VARCHAR) AS seniority "
            "FROM frame"
        )
        started = time.perf_counter()
        result = warehouse.sql(sql)
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.fetchall())
        query_seconds = time.perf_counter() - started
    counted = export_rows(text.getvalue())
    return {
        "rows": len(frame),
        "postings": snapshot.postings_count,
        "import_seconds": import_seconds,
        "query_seconds": query_seconds,
        **compare(imported, counted),
    }


def compare(imported: dict, counted: dict) -> dict:
    by_skill: dict[str, list[Decimal]] = defaultdict(list)
    levels_differ = salaries_differ = tiers_differ = 0
    for key in imported.keys() | counted.keys():
        mine, theirs = imported.get(key), counted.get(key)
        role, seniority, skill = key
        if skill is None:
            levels_differ += (mine or (None,))[0] != (theirs or (None,))[0]
            salaries_differ += (mine or (None, None))[1] != (theirs or (None, None))[1]
            continue
        share_a = mine[2] if mine else Decimal(0)
        share_b = theirs[2] if theirs else Decimal(0)
        by_skill[skill].append(abs(share_a - share_b))
        tiers_differ += bool(mine and theirs and mine[3] != theirs[3])
    every = [d for differences in by_skill.values() for d in differences]
    per_skill = {skill: (sum(d) / len(d), max(d)) for skill, d in by_skill.items()}
    worst_mean = max(per_skill.items(), key=lambda item: item[1][0], default=("-", (0, 0)))
    worst_max = max(per_skill.items(), key=lambda item: item[1][1], default=("-", (0, 0)))
    return {
        "shares": len(every),
        "shares_differ": sum(1 for d in every if d),
        "mean_pp": sum(every) / len(every) if every else Decimal(0),
        "max_pp": max(every, default=Decimal(0)),
        "worst_skill_mean": worst_mean,
        "worst_skill_max": worst_max,
        "levels_differ": levels_differ,
        "salaries_differ": salaries_differ,
        "tiers_differ": tiers_differ,
        "groups": sum(1 for key in imported if key[2] is None),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        django_setup(str(Path(folder) / "bench.sqlite3"))
        from market.ingestion.importing import counting_rules_load
        from market.ingestion.warehouse import warehouse_query

        sql = warehouse_query(counting_rules_load())
        files = [*sorted(DATA.glob("*/*.csv")), combined_file()]
        results = {}
        for path in files:
            name = "all of them, one table" if path.parent == OUT else path.name
            results[name] = count_both(path, sql)
            r = results[name]
            print(
                f"{name:<34} {r['postings']:>6} postings  shares differ {r['shares_differ']}/"
                f"{r['shares']}  max {r['max_pp']} pp  query {r['query_seconds']:.2f} s  "
                f"import {r['import_seconds']:.2f} s",
                flush=True,
            )
    text = write_results(results)
    print(text)


def write_results(results: dict) -> str:
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Warehouse query agreement",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, by `bench/warehouse.py` "
        f"(load: `{load.split('load average:')[-1].strip()}`).",
        "Each file of `../shared/data/` (and all of them as one table) counted by the import and"
        " by the `warehouse_sql` query on DuckDB, with the seed taxonomy; the table's cells are"
        " read by the importer's reader and `salary_usd` comes from its salary parser, so only"
        " the counting is compared. A share one side lacks counts as 0.",
        "",
        "| postings file | rows | postings | shares | shares that differ | mean pp | max pp |"
        " worst skill (mean / max pp) | job counts, salaries, tiers that differ |"
        " query s | import s |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for name, r in results.items():
        skill, (mean, _) = r["worst_skill_mean"]
        max_skill, (_, largest) = r["worst_skill_max"]
        worst = f"{skill} {mean:.3f} / {max_skill} {largest:.1f}" if largest else "none differs"
        lines.append(
            f"| {name} | {r['rows']:,} | {r['postings']:,} | {r['shares']:,} | "
            f"{r['shares_differ']} | {r['mean_pp']:.3f} | {r['max_pp']:.1f} | {worst} | "
            f"{r['levels_differ']}, {r['salaries_differ']}, {r['tiers_differ']} | "
            f"{r['query_seconds']:.2f} | {r['import_seconds']:.2f} |"
        )
    worst_mean = max(r["worst_skill_mean"][1][0] for r in results.values())
    worst_max = max(r["worst_skill_max"][1][1] for r in results.values())
    ratios = [r["query_seconds"] / r["import_seconds"] for r in results.values()]
    met = worst_mean <= MEAN_TARGET_PP and worst_max <= MAX_TARGET_PP
    lines += [
        "",
        "## Targets",
        "",
        f"- Per skill, over every file: largest mean difference **{worst_mean:.3f} pp** (target "
        f"<= 0.3 pp), largest difference **{worst_max:.1f} pp** (target <= 1 pp): "
        f"{'met' if met else 'NOT met'}.",
        f"- Query time / import time on the same postings (not a target; DuckDB on this "
        f"machine, every alias a regular expression): median **{statistics.median(ratios):.1f}x**"
        f" (lowest {min(ratios):.1f}x, highest {max(ratios):.1f}x).",
        "",
        "Salaries can differ where exact duplicates disagree on the salary: a table has no file"
        " order, so the query keeps the copy with a stated seniority and the lowest salary, the"
        " import the first copy in the file.",
    ]
    text = "\n".join(lines) + "\n"
    section_write("warehouse", text)
    return text


if __name__ == "__main__":
    main()
