"""Whose count a market's shares are (Snapshot.shares_counted_here), by where they came from:
only shares counted from postings with this app's skill finder miss the postings that ask
for a skill in other words, so only they show "at least" for skills asked for in many
wordings. An aggregate CSV looks the same whoever counted it (warehouse_sql's result is the
export format byte for byte), so the importer is told: `--counted-here`; a JSON export says
it itself."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from market.ingestion.importing import market_import
from market.models import Snapshot
from tests.html_tables import rows_by_name

pytestmark = pytest.mark.django_db

# An aggregate of Senior ML Engineer with Model serving, a skill asked for in many wordings.
AGGREGATE_CSV = """role,seniority,job_count,avg_salary_usd,skill,share_pct,priority
ML Engineer,senior,1000,,,,
ML Engineer,senior,,,Python,90.0,Critical
ML Engineer,senior,,,Model serving,30.0,High
"""
KEY = "more wordings than the skill finder knows"


@pytest.mark.parametrize(
    ("summary", "counted"),
    [
        ({"format": "postings", "file": "jobs.csv"}, True),
        ({"format": "aggregate", "file": "market.csv", "counted_here": True}, True),
        ({"format": "aggregate", "file": "market.csv", "counted_here": False}, False),
        ({"format": "aggregate", "file": "theirs.csv"}, False),  # imported before the flag
        ({"origin": "seed", "file": "market_seed.csv"}, False),  # the transcription
        ({}, False),  # figures typed in the admin
        ({"counted_here": True}, False),  # only an aggregate is declared
    ],
)
def test_only_shares_counted_with_this_app_s_rules_are_counted_here(summary, counted):
    assert Snapshot(import_summary=summary).shares_counted_here is counted


def _command(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *map(str, args), stdout=out)
    return out.getvalue()


def _model_serving(client) -> tuple[str, str]:
    """The detail page's share of Model serving, and the page's text."""
    page = client.get(reverse("market:detail", args=["ml-engineer", "senior"])).content.decode()
    return rows_by_name(page, "Share of Senior ML Engineer postings")["Model serving"][
        "Share of postings"
    ], " ".join(page.split())


@pytest.fixture
def aggregate_csv(seed_snapshot, tmp_path):
    path = tmp_path / "market.csv"
    path.write_text(AGGREGATE_CSV)
    return path


def test_an_outside_analysis_imported_as_an_aggregate_shows_no_at_least(client, aggregate_csv):
    output = _command("import_market", aggregate_csv, "--format", "aggregate", "--publish")
    assert 'Shares taken as given (not counted here): none is shown as "at least"' in output
    share, page = _model_serving(client)
    assert share == "30.0%"
    assert KEY not in page and "at least" not in page.lower()


def test_warehouse_sql_s_result_imported_with_counted_here_shows_at_least(client, aggregate_csv):
    output = _command(
        "import_market", aggregate_csv, "--format", "aggregate", "--counted-here", "--publish"
    )
    assert (
        "Shares counted here with this app's rules: skills asked for in many wordings show "
        '"at least" their share.' in output
    )
    assert Snapshot.objects.get(is_current=True).import_summary["counted_here"] is True
    share, page = _model_serving(client)
    assert share == "at least 30.0%"
    assert f"Model serving is asked for in {KEY}" in page


def test_the_warehouse_query_says_how_to_import_its_result(seed_snapshot):
    assert "import_market FILE --format aggregate --counted-here" in _command("warehouse_sql")


def test_a_postings_import_is_counted_here_and_refuses_the_declaration(seed_snapshot, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text(
        "title,description\n"
        "Senior ML Engineer,Python and model serving with TorchServe\n"
        "Senior Machine Learning Engineer,Python\n"
    )
    assert market_import(path).snapshot.shares_counted_here
    before = Snapshot.objects.count()
    with pytest.raises(CommandError, match="is for an aggregated export only"):
        _command("import_market", path, "--counted-here")
    assert Snapshot.objects.count() == before


def _exported_json(snapshot: Snapshot, tmp_path) -> tuple[dict, Path]:
    """export_market's JSON of `snapshot`: its snapshot metadata, and the file written."""
    text = _command("export_market", "--format", "json", "--snapshot", snapshot.pk)
    path = tmp_path / f"export-{snapshot.pk}.json"
    path.write_text(text)
    return json.loads(text)["snapshot"], path


def test_a_json_export_of_a_counted_market_says_so_and_comes_back_counted(
    client, aggregate_csv, tmp_path
):
    counted = market_import(aggregate_csv, format="aggregate", counted_here=True).snapshot
    meta, path = _exported_json(counted, tmp_path)
    assert meta["counted_here"] is True
    _command("import_market", path, "--publish")  # no flag: the file says it
    assert _model_serving(client)[0] == "at least 30.0%"


def test_a_json_export_of_a_market_counted_elsewhere_comes_back_as_given(
    client, aggregate_csv, tmp_path
):
    outside = market_import(aggregate_csv, format="aggregate").snapshot
    meta, path = _exported_json(outside, tmp_path)
    assert meta["counted_here"] is False
    _command("import_market", path, "--publish")
    assert _model_serving(client)[0] == "30.0%"


def test_the_seed_s_json_export_says_its_shares_were_not_counted_here(seed_snapshot, tmp_path):
    meta, path = _exported_json(seed_snapshot, tmp_path)
    assert meta["counted_here"] is False
    assert not market_import(path).snapshot.shares_counted_here


def test_a_json_export_whose_counted_here_is_not_true_or_false_is_refused(seed_snapshot, tmp_path):
    _, path = _exported_json(seed_snapshot, tmp_path)
    document = json.loads(path.read_text())
    document["snapshot"]["counted_here"] = "yes"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="snapshot counted_here 'yes' is not true or false"):
        _command("import_market", path)


def test_declaring_counted_here_a_json_export_that_says_otherwise_is_refused(
    seed_snapshot, tmp_path
):
    # The seed's figures were transcribed, not counted: the file says so, and a declaration
    # does not override it (nor is it dropped silently); the published market stays.
    _, path = _exported_json(seed_snapshot, tmp_path)
    before = list(Snapshot.objects.values_list("pk", "is_current"))
    with pytest.raises(CommandError, match="says its shares were not counted here"):
        _command("import_market", path, "--counted-here", "--publish")
    assert list(Snapshot.objects.values_list("pk", "is_current")) == before
