"""Counting the same postings twice: by the importer's tally, and by the warehouse query run on
DuckDB over a table of them (salary_usd computed by the importer's own salary parser)."""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

import duckdb
import pandas as pd
from django.core.management import call_command

from market.ingestion.aggregate import figures_rows, rows_sorted
from market.ingestion.matching import SkillMatcher, SkillRules
from market.ingestion.postings import RoleClassifier, salary_status
from market.ingestion.tally import PostingsTally
from market.ingestion.warehouse import CountingRules
from market.models import Snapshot

THRESHOLDS = {"Critical": 60.0, "High": 25.0, "Medium": 10.0, "Nice-to-have": 1.0}
TABLE_DDL = (
    "CREATE TABLE {table} (title VARCHAR, company VARCHAR, description VARCHAR, "
    "salary_usd DOUBLE, seniority VARCHAR)"
)
FIELDS = ("title", "company", "description", "salary", "seniority")


class Taxonomy:
    """Skills ({slug: (name, [aliases])}, in display order) and roles ([(name, patterns)], in
    the order they are tried), as both counters take them; `case_sensitive` and `exclusions`
    ({slug: [phrases]}) are the skills' other rules, read as the admin's taxonomy is
    (SkillRules.of: case-sensitive aliases first)."""

    def __init__(
        self,
        skills: Mapping[str, tuple[str, Sequence[str]]],
        roles: Sequence[tuple[str, Sequence[str]]],
        thresholds: Mapping[str, float] = THRESHOLDS,
        *,
        case_sensitive: Mapping[str, Sequence[str]] | None = None,
        exclusions: Mapping[str, Sequence[str]] | None = None,
    ):
        self.skills, self.roles, self.thresholds = dict(skills), list(roles), dict(thresholds)
        case_sensitive, exclusions = case_sensitive or {}, exclusions or {}
        self.matcher = SkillMatcher.from_rules(
            SkillRules.of(
                slug=slug,
                name=name,
                aliases=aliases,
                case_sensitive_aliases=case_sensitive.get(slug, []),
                exclusions=exclusions.get(slug, []),
            )
            for slug, (name, aliases) in self.skills.items()
        )
        self.names = {slug: name for slug, (name, _) in self.skills.items()}
        self.orders = {slug: i for i, slug in enumerate(self.skills)}

    @property
    def rules(self) -> CountingRules:
        return CountingRules.of(
            matcher=self.matcher,
            skill_names=self.names,
            skill_orders=self.orders,
            role_rules=self.roles,
            tier_thresholds=self.thresholds,
        )

    def tally_rows(self, postings: Iterable[Mapping]) -> list[tuple]:
        """The export rows (as tuples, in export order) that the importer's tally gives."""
        frame = pd.DataFrame(
            {f: pd.Series([p.get(f) for p in postings], dtype="str") for f in FIELDS}
        )
        tally = PostingsTally(
            matcher=self.matcher,
            classify_role=RoleClassifier(self.roles).classify,
            role_names=[name for name, _ in self.roles],
            skill_names=self.names,
        )
        tally.add(frame)
        rows = rows_sorted(
            figures_rows(tally.figures(thresholds=self.thresholds)),
            role_order={name: i for i, (name, _) in enumerate(self.roles)},
            skill_order={name: self.orders[slug] for slug, name in self.names.items()},
        )
        return [as_tuple(row) for row in rows]


def as_tuple(row: Mapping) -> tuple:
    share = row["share_pct"]
    return (
        row["role"],
        row["seniority"],
        row["job_count"],
        row["avg_salary_usd"],
        row["skill"],
        None if share is None else f"{share:.1f}",
        row["priority"],
    )


def postings_table(postings: Iterable[Mapping], *, table: str = "postings"):
    """A DuckDB database with the postings in `table`: salary_usd is what the importer reads
    from the salary cell (None when missing or unparseable)."""
    connection = duckdb.connect()
    connection.execute(TABLE_DDL.format(table=table))
    return postings_put(connection, postings, table=table)


def postings_put(connection, postings: Iterable[Mapping], *, table: str = "postings"):
    """`connection` with the postings (only them) in `table`."""
    connection.execute(f"DELETE FROM {table}")
    rows = [
        (
            p.get("title"),
            p.get("company"),
            p.get("description"),
            salary_status(p.get("salary"))[1],
            p.get("seniority"),
        )
        for p in postings
    ]
    if rows:
        connection.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
    return connection


def warehouse_rows(sql: str, postings: Iterable[Mapping], *, table: str = "postings") -> list:
    with postings_table(postings, table=table) as connection:
        return connection.sql(sql).fetchall()


class Warehouse:
    """One DuckDB database whose `market` view is the query, for counting many sets of
    postings in a row (a view is parsed once)."""

    def __init__(self, sql: str):
        self.connection = postings_table([])
        self.connection.execute("SET threads TO 1")  # tiny tables; the machine is shared
        self.connection.execute(f"CREATE VIEW market AS {sql}")

    def rows(self, postings: Iterable[Mapping]) -> list:
        connection = postings_put(self.connection, postings)
        return connection.sql("SELECT * FROM market").fetchall()


def imported_as_the_warehouse_counts(tmp_path, rows: Sequence[Mapping]) -> Snapshot:
    """Import postings `rows` (title, company, description) with `import_market`, and check
    that the warehouse query (`warehouse_sql`) over the same rows gives exactly the market the
    import exported (`export_market`). Returns the imported snapshot."""
    path = tmp_path / "postings.csv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, ["title", "company", "description"])
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_market", str(path), "--format", "postings", stdout=io.StringIO())
    snapshot = Snapshot.objects.latest("id")
    exported = io.StringIO()
    call_command("export_market", "--snapshot", str(snapshot.pk), stdout=exported)
    sql = io.StringIO()
    call_command("warehouse_sql", stdout=sql)
    out = tmp_path / "market.csv"
    with postings_table(rows) as warehouse:
        warehouse.execute(f"COPY ({sql.getvalue()}) TO '{out}' (HEADER, DELIMITER ',')")
    assert out.read_text() == exported.getvalue()
    return snapshot
