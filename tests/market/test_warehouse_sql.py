"""`manage.py warehouse_sql`: postings counted in a warehouse (DuckDB here) give the market that
`import_market` gives for the same postings, through the three commands an admin runs."""

import io
from pathlib import Path

import pytest
import sqlglot
from django.core.management import CommandError, call_command

from market.ingestion.postings import columns_detect
from market.ingestion.reading import CHUNK_READERS, file_kind
from market.models import Role, Snapshot
from tests.market.importing_support import FIXTURES, taxonomy  # noqa: F401
from tests.market.warehouse_support import postings_table

pytestmark = pytest.mark.django_db
POSTINGS_FIXTURES = sorted(p.name for p in FIXTURES.glob("postings_*.csv"))
TABLE_FIELDS = ("title", "company", "description", "salary", "seniority")


def _command(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *map(str, args), stdout=out)
    return out.getvalue()


def _imported_export(path: Path) -> str:
    """What export_market writes for the snapshot import_market makes of `path`."""
    _command("import_market", path, "--format", "postings")
    return _command("export_market", "--snapshot", Snapshot.objects.latest("id").pk)


def _warehouse_rows(path: Path) -> list[dict]:
    """A postings file's rows as a warehouse table holds them: cells read by the importer's
    own reader (so both counts see the same text)."""
    kind = file_kind(path)
    columns = columns_detect(kind.header)
    wanted = {f: c for f, c in columns.items() if f in TABLE_FIELDS}
    rows = []
    for _, frame, _ in CHUNK_READERS[kind.container](path, kind, wanted, path.name):
        for record in frame.to_dict("records"):
            rows.append(
                {f: None if record.get(f) != record.get(f) else record.get(f) for f in wanted}
            )
    return rows


def _warehouse_csv(path: Path, tmp_path: Path, *, table: str = "postings") -> Path:
    """Steps 1 and 2: generate the query, run it in the warehouse, save the result as CSV."""
    sql = _command("warehouse_sql", "--table", table)
    out = tmp_path / "market.csv"
    with postings_table(_warehouse_rows(path), table=table) as warehouse:
        warehouse.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')")
    return out


@pytest.mark.parametrize("fixture", POSTINGS_FIXTURES)
def test_the_warehouse_count_is_the_import_of_the_same_postings(fixture, tmp_path):
    # The seed's taxonomy (70 skills, 11 roles) as post_migrate loads it.
    path = FIXTURES / fixture
    expected = _imported_export(path)
    counted = _warehouse_csv(path, tmp_path)
    # The warehouse's CSV is the export format, byte for byte...
    assert counted.read_text() == expected
    # ...and step 3 imports it as the same market, counted here: the same lower bounds.
    output = _command("import_market", counted, "--format", "aggregate", "--counted-here")
    assert "Read " in output and "rows of aggregated figures" in output
    snapshot = Snapshot.objects.latest("id")
    assert snapshot.shares_counted_here
    assert _command("export_market", "--snapshot", snapshot.pk) == expected


@pytest.mark.usefixtures("taxonomy")
@pytest.mark.parametrize("fixture", POSTINGS_FIXTURES)
def test_the_warehouse_count_follows_an_edited_taxonomy(fixture, tmp_path):
    path = FIXTURES / fixture
    assert _warehouse_csv(path, tmp_path).read_text() == _imported_export(path)


def test_roles_without_postings_have_no_rows(tmp_path):
    path = FIXTURES / "postings_warehouse.csv"
    counted = _warehouse_csv(path, tmp_path).read_text()
    roles_counted = {line.split(",")[0] for line in counted.splitlines()[1:]}
    assert "ML Engineer" in roles_counted
    assert set(Role.objects.values_list("name", flat=True)) - roles_counted  # some have none
    assert roles_counted <= {"All", *Role.objects.values_list("name", flat=True)}


def test_the_query_reads_the_table_named(tmp_path):
    path = FIXTURES / "postings_combined.csv"
    counted = _warehouse_csv(path, tmp_path, table="jobs")
    assert counted.read_text() == _imported_export(path)
    assert 'FROM "raw postings"' in _command("warehouse_sql", "--table", "raw postings")


@pytest.mark.parametrize("dialect", ["bigquery", "spark"])
def test_the_query_is_written_in_each_dialect(dialect):
    sql = _command("warehouse_sql", "--dialect", dialect, "--table", "lake.jobs.postings")
    assert sqlglot.parse_one(sql, read=dialect).find(sqlglot.exp.Table).sql(dialect) == (
        "lake.jobs.postings"
    )


def test_a_name_that_is_not_a_table_gets_a_clear_error():
    with pytest.raises(CommandError, match="--table 'jobs.': 'jobs.' is not a table name"):
        _command("warehouse_sql", "--table", "jobs.")


def test_a_name_with_an_unclosed_quote_gets_a_clear_error_not_a_traceback():
    with pytest.raises(CommandError, match="""--table 'x"y': 'x"y' is not a table name"""):
        _command("warehouse_sql", "--table", 'x"y')
