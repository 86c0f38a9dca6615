"""The export format is a contract: it round-trips, and bad files are rejected with every
problem named by file, row and column."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from market.ingestion.aggregate import AggregateError, aggregate_read
from market.names import spreadsheet_cell, spreadsheet_cell_read
from market.services.snapshots import snapshot_create
from market.vocabulary import DEFAULT_TIER_THRESHOLDS, tier_for

HEADER = "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\n"


def _export(*args) -> str:
    out = io.StringIO()
    call_command("export_market", *args, stdout=out)
    return out.getvalue()


def _problems(text: str, name: str = "market.csv") -> list[str]:
    with pytest.raises(AggregateError) as caught:
        aggregate_read(io.StringIO(text), name=name)
    return caught.value.problems


@pytest.mark.django_db
def test_json_export_round_trips_through_a_new_snapshot_identically(seed_snapshot):
    exported = _export("--format", "json")
    document = aggregate_read(io.StringIO(exported), name="export.json")
    copy = snapshot_create(figures=document.figures, **_meta_for_create(document.meta))
    again = json.loads(_export("--format", "json", "--snapshot", str(copy.pk)))
    first = json.loads(exported)
    assert again["rows"] == first["rows"]
    assert {k: v for k, v in again["snapshot"].items() if k not in {"id", "state"}} == {
        k: v for k, v in first["snapshot"].items() if k not in {"id", "state"}
    }


@pytest.mark.django_db
def test_csv_export_round_trips_through_a_new_snapshot_identically(seed_snapshot):
    exported = _export()
    figures = aggregate_read(io.BytesIO(exported.encode()), name="export.csv").figures
    copy = snapshot_create(
        figures=figures, label="copy", source="test", analysis_date=dt.date(2025, 10, 5)
    )
    assert _export("--snapshot", str(copy.pk)) == exported


def _meta_for_create(meta: dict) -> dict:
    return {
        "label": meta["label"],
        "source": meta["source"],
        "analysis_date": meta["analysis_date"],
        "postings_count": meta["postings_count"],
        "notes": meta["notes"],
        "tier_thresholds": meta.get("tier_thresholds") or {},
    }


@pytest.mark.django_db
def test_export_of_an_unknown_snapshot_says_which_ids_exist(seed_snapshot):
    with pytest.raises(CommandError, match=rf"No snapshot with ID 999.*{seed_snapshot.pk}"):
        _export("--snapshot", "999")


def test_a_valid_file_gives_levels_and_demands_with_salaries_in_whole_dollars():
    figures = aggregate_read(
        io.StringIO(
            HEADER + "ML Engineer,mid,3998,215000,,,\n"
            "ML Engineer,mid,,,TensorFlow,87.7,Critical\n"
            "All,all,21359,,,,\n"
        ),
        name="ok.csv",
    ).figures
    assert [(f.role, f.seniority, f.job_count, f.avg_salary_usd) for f in figures.levels] == [
        ("ML Engineer", "mid", 3998, 215000),
        (None, "all", 21359, None),
    ]
    [demand] = figures.demands
    assert (demand.skill, demand.share_pct, demand.priority) == (
        "TensorFlow",
        Decimal("87.7"),
        "Critical",
    )


def test_a_non_numeric_share_names_file_row_and_column():
    problems = _problems(
        HEADER + "ML Engineer,mid,,,Python,74.5,Critical\nML Engineer,mid,,,AWS,abc,High\n"
    )
    assert problems == ["market.csv, row 3, column share_pct: 'abc' is not a number"]


def test_an_out_of_range_share_and_an_unknown_seniority_are_both_reported():
    problems = _problems(
        HEADER + "ML Engineer,mid,,,Python,101.0,Critical\nML Engineer,junior,,,AWS,50.0,High\n"
    )
    assert problems == [
        "market.csv, row 2, column share_pct: 101.0 is out of range (0 to 100)",
        "market.csv, row 3, column seniority: 'junior' is not one of "
        "all, entry, mid, senior, staff",
    ]


def test_duplicate_rows_point_at_the_first_one():
    problems = _problems(
        HEADER
        + "ML Engineer,mid,3998,215000,,,\n"
        + "ML Engineer,mid,,,Python,74.5,Critical\n"
        + "ML Engineer,mid,,,python,70.0,Critical\n"
        + "ML Engineer,mid,1,2,,,\n"
    )
    assert problems == [
        "market.csv, row 4, column skill: duplicate of row 3 (ML Engineer, mid, python)",
        "market.csv, row 5, column role: duplicate of row 2 (ML Engineer, mid)",
    ]


def test_a_wrong_header_lists_missing_and_unknown_columns():
    problems = _problems("role,level,job_count,avg_salary_usd,skill,share,priority\n")
    assert problems[0] == "market.csv, row 1: missing column(s) seniority, share_pct"
    assert problems[1] == "market.csv, row 1: unknown column(s) 'level', 'share'"


def test_bad_salary_priority_and_a_share_on_a_count_row_are_reported():
    problems = _problems(
        HEADER + "ML Engineer,mid,12.5,$215K,,,\nAI Engineer,mid,,,Python,50,Urgent\n"
        "AI Engineer,senior,10,100000,,40,\n"
    )
    assert problems == [
        "market.csv, row 2, column job_count: '12.5' is not a whole number",
        "market.csv, row 2, column avg_salary_usd: '$215K' is not a whole number",
        "market.csv, row 3, column priority: 'Urgent' is not one of Critical, High, Medium, "
        "Nice-to-have, Not required",
        "market.csv, row 4, column share_pct: must be empty on a row without a skill",
    ]


def test_json_rows_are_counted_from_one_and_errors_name_the_column():
    text = json.dumps(
        {"rows": [{"role": "All", "seniority": "all", "skill": "Python", "share_pct": "x"}]}
    )
    assert _problems(text, "m.json") == ["m.json, row 1, column share_pct: 'x' is not a number"]


def test_an_empty_file_and_invalid_json_get_clear_messages():
    assert _problems("", "e.csv") == [
        "e.csv: is empty (expected the header "
        "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority)"
    ]
    assert _problems(HEADER, "h.csv") == ["h.csv: has no data rows"]
    assert _problems("{nope", "j.json")[0].startswith("j.json: is not valid JSON")


def test_a_missing_priority_comes_from_the_tier_thresholds():
    figures = aggregate_read(
        io.StringIO(HEADER + "X,mid,,,A,60.0,\nX,mid,,,B,59.9,\nX,mid,,,C,0.5,\n"), name="t.csv"
    ).figures
    assert [d.priority for d in figures.demands] == ["Critical", "High", "Not required"]
    assert tier_for(Decimal("10.0"), DEFAULT_TIER_THRESHOLDS) == "Medium"


def test_many_problems_are_all_listed_but_the_message_is_capped():
    rows = "".join(f"R{i},mid,,,S,bad,\n" for i in range(30))
    with pytest.raises(AggregateError) as caught:
        aggregate_read(io.StringIO(HEADER + rows), name="many.csv")
    assert len(caught.value.problems) == 30
    assert "... and 10 more problems" in str(caught.value)


@pytest.mark.django_db
def test_names_a_spreadsheet_would_run_are_exported_as_text_and_read_back_as_typed(seed_snapshot):
    # "-" may start a name (market/names.py), and Excel runs "-2+3" or "-cmd|..." as formulas:
    # the CSV export writes such a name after an apostrophe (shown as text), and reading the
    # export takes the apostrophe off again, so the file still round-trips byte for byte.
    names = ["-2+3", "-cmd|' /C calc'!A0", "'90s stack", "Minus-in-the-middle"]
    writer_out = io.StringIO()
    writer = csv.writer(writer_out, lineterminator="\n")
    writer.writerows(
        [["All", "all", "", "", name, f"{40 + i}.0", ""] for i, name in enumerate(names)]
    )
    typed = HEADER + "All,all,10,,,,\n" + writer_out.getvalue()
    figures = aggregate_read(io.StringIO(typed), name="typed.csv").figures
    assert {d.skill for d in figures.demands} == set(names)
    snapshot = snapshot_create(
        figures=figures, label="signs", source="test", analysis_date=dt.date(2025, 10, 5)
    )

    exported = _export("--snapshot", str(snapshot.pk))

    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    skills = {row["skill"] for row in csv.DictReader(io.StringIO(exported))} - {""}
    assert skills == {"'-2+3", "'-cmd|' /C calc'!A0", "'90s stack", "Minus-in-the-middle"}
    again = aggregate_read(io.StringIO(exported), name="export.csv").figures
    assert {d.skill for d in again.demands} == set(names)
    copy = snapshot_create(
        figures=again, label="copy", source="test", analysis_date=dt.date(2025, 10, 5)
    )
    assert _export("--snapshot", str(copy.pk)) == exported
    # JSON is read by programs, not spreadsheets: its names are as they are.
    rows = json.loads(_export("--format", "json", "--snapshot", str(snapshot.pk)))["rows"]
    assert {row["skill"] for row in rows} - {None} == set(names)


@given(st.text())
def test_reading_a_spreadsheet_cell_gives_back_the_text_it_was_written_from(text):
    cell = spreadsheet_cell(text)
    assert spreadsheet_cell_read(cell) == text
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
