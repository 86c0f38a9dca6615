import io
import json
from decimal import Decimal

import pandas as pd
import pytest
from django.core.management import call_command

from market.ingestion.importing import market_import
from market.models import RoleLevelStat, SkillDemand, Snapshot
from tests.market.importing_support import FIXTURES, taxonomy  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_market", *map(str, args), stdout=out)
    return out.getvalue()


def stat(snapshot, role, seniority):
    return RoleLevelStat.objects.get(snapshot=snapshot, role__name=role, seniority=seniority)


def share(snapshot, role, seniority, skill):
    row = SkillDemand.objects.filter(
        snapshot=snapshot, role__name=role, seniority=seniority, skill__name=skill
    ).first()
    return row.share_pct if row else None


@pytest.mark.parametrize(
    ("fixture", "postings"),
    [
        ("postings_combined.csv", 5),
        ("postings_name_description.csv", 3),
        ("postings_indeed.csv", 3),
        ("postings_glassdoor.csv", 3),  # one exact duplicate
        ("postings_linkedin_ai_ml.csv", 6),
    ],
)
def test_each_layout_imports_without_editing(fixture, postings):
    before = Snapshot.objects.count()
    output = run(FIXTURES / fixture)
    snapshot = Snapshot.objects.latest("id")
    assert Snapshot.objects.count() == before + 1
    assert snapshot.state == Snapshot.State.DRAFT and not snapshot.is_current
    assert snapshot.postings_count == postings
    assert f"Snapshot {snapshot.pk} saved as a draft." in output
    assert f"{postings} postings" in output


def test_exact_duplicates_count_once():
    output = run(FIXTURES / "postings_combined.csv")
    snapshot = Snapshot.objects.latest("id")
    assert "6 rows: 5 postings, 1 exact duplicates dropped" in output
    assert snapshot.import_summary["duplicates_dropped"] == 1
    # Two different data analyst postings, the repeated one counted once.
    assert stat(snapshot, "Data Analyst", "all").job_count == 2


def test_figures_from_postings():
    run(FIXTURES / "postings_combined.csv")
    snapshot = Snapshot.objects.latest("id")
    assert stat(snapshot, "Data Scientist", "mid").job_count == 1
    assert stat(snapshot, "Data Scientist", "senior").job_count == 1
    assert stat(snapshot, "Data Scientist", "all").job_count == 2
    # $104k-$171k and $150,000 - $200,000 a year -> 137,500 and 175,000
    assert stat(snapshot, "Data Scientist", "all").avg_salary_usd == 156_250
    assert share(snapshot, "Data Scientist", "all", "Python") == Decimal("100.0")
    assert share(snapshot, "Data Scientist", "all", "Spark") == Decimal("50.0")
    assert share(snapshot, "Data Scientist", "all", "Scikit-learn") == Decimal("50.0")
    # "Excellent" is not Excel, "R&D" is not R
    assert share(snapshot, "Data Analyst", "all", "Excel") == Decimal("100.0")
    assert share(snapshot, "Data Analyst", "all", "R") is None
    # The store manager matches no role but counts in All
    all_stat = RoleLevelStat.objects.get(snapshot=snapshot, role=None, seniority="all")
    assert all_stat.job_count == 5
    assert snapshot.import_summary["unmatched_role"] == 1
    assert snapshot.import_summary["unmatched_titles"] == [["store manager", 1]]
    assert snapshot.tier_thresholds["Critical"] == 60.0
    python_all = SkillDemand.objects.get(
        snapshot=snapshot, role=None, seniority="all", skill__name="Python"
    )
    assert python_all.share_pct == Decimal("40.0") and python_all.priority == "High"


def test_salaries_missing_and_unparseable_are_counted(tmp_path):
    path = tmp_path / "pay.csv"
    path.write_text(
        "title,description,salary\n"
        "Data Scientist,Python,$100K-$120K\n"
        "Data Scientist,SQL,-1\n"
        "Data Scientist,R programming,\n"
        "Data Scientist,Excel,Competitive\n"
    )
    output = run(path)
    summary = Snapshot.objects.latest("id").import_summary
    assert (summary["salary_known"], summary["salary_missing"]) == (1, 2)
    assert summary["salary_unparseable"] == 1
    assert "1 known, 2 missing, 1 unparseable" in output
    assert stat(Snapshot.objects.latest("id"), "Data Scientist", "all").avg_salary_usd == 110_000


def test_linkedin_experience_level_column_sets_seniority():
    run(FIXTURES / "postings_linkedin_ai_ml.csv")
    snapshot = Snapshot.objects.latest("id")
    assert stat(snapshot, "ML Engineer", "mid").job_count == 1  # Mid-Senior, plain title
    assert stat(snapshot, "ML Engineer", "senior").job_count == 1  # Mid-Senior, "Senior"
    assert stat(snapshot, "ML Engineer", "entry").job_count == 1  # Internship
    assert stat(snapshot, "LLM/GenAI Engineer", "entry").job_count == 1  # Entry level
    assert stat(snapshot, "MLOps Engineer", "mid").job_count == 1  # Not Applicable -> title
    assert stat(snapshot, "AI/ML Research", "staff").job_count == 1  # Director
    assert snapshot.analysis_date.isoformat() == "2024-06-01"  # latest posting date


def test_linkedin_list_string_descriptions_are_read():
    run(FIXTURES / "postings_name_description.csv")
    snapshot = Snapshot.objects.latest("id")
    assert share(snapshot, "Data Analyst", "all", "Tableau") == Decimal("100.0")
    assert share(snapshot, "Data Analyst", "all", "SQL") == Decimal("100.0")


def test_map_names_columns_with_unusual_names(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Position,Body,Level\nML Engineer,Python and PyTorch,senior\n")
    run(path, "--map", "title=Position", "--map", "description=Body", "--map", "seniority=Level")
    snapshot = Snapshot.objects.latest("id")
    assert stat(snapshot, "ML Engineer", "senior").job_count == 1


def test_json_lines_and_parquet_give_the_same_figures(tmp_path):
    frame = pd.read_csv(FIXTURES / "postings_combined.csv", dtype=str, keep_default_na=False)
    jsonl = tmp_path / "postings.jsonl"
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in frame.to_dict("records")))
    parquet = tmp_path / "postings.parquet"
    frame.to_parquet(parquet)

    def figures(path):
        snapshot = market_import(path, format="postings").snapshot
        return sorted(
            (d.role.name if d.role else "All", d.seniority, d.skill.name, d.share_pct)
            for d in SkillDemand.objects.filter(snapshot=snapshot).select_related("role", "skill")
        )

    from_csv = figures(FIXTURES / "postings_combined.csv")
    assert from_csv and figures(jsonl) == from_csv
    assert figures(parquet) == from_csv


def test_publish_flag_makes_the_import_current():
    output = run(FIXTURES / "postings_indeed.csv", "--publish", "--label", "April refresh")
    snapshot = Snapshot.objects.get(is_current=True)
    assert snapshot.label == "April refresh"
    assert "published as the current market" in output


def test_progress_callback_reaches_the_end():
    seen = []
    market_import(FIXTURES / "postings_glassdoor.csv", progress=seen.append)
    assert seen and seen[-1] == pytest.approx(1.0)


def test_the_progress_bar_draws_on_one_line_and_clears():
    from market.management.commands.import_market import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(0.5)
    bar(0.5)  # same percentage: nothing new
    bar(1.0)
    bar.close()
    drawn = stream.getvalue()
    assert drawn.count("\r[") == 2
    assert "[###############...............]  50%" in drawn and "100%" in drawn
    assert drawn.endswith("\r")
