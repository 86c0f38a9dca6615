"""A share counted from postings for a skill asked for in many wordings is "at least" in the
gap report: in its why, its table cell and the table's key; the scores do not change."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.scoring import Requirement, gap_score
from assessments.services.plans import plan_build, share_link_create
from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.services.snapshots import snapshot_create, snapshot_publish
from tests.html_tables import rows_by_name

STEP_HOURS = {"serving": dict.fromkeys(range(1, 6), 10)}


def requirement(skill, share, *, lower_bound, tier="High", from_roadmap=False):
    return Requirement(
        skill=skill,
        name=skill.title(),
        share_pct=share,
        tier=tier,
        from_roadmap=from_roadmap,
        n_postings=500,
        lower_bound=lower_bound,
    )


def test_a_lower_bound_is_said_in_the_why_and_changes_no_score():
    levels = {"serving": 1}
    plain, least = (
        gap_score(
            requirements=[requirement("serving", 30.0, lower_bound=flag)],
            levels=levels,
            seniority="senior",
            step_hours=STEP_HOURS,
            target="Senior ML Engineer",
        )
        for flag in (False, True)
    )
    (gap,) = least.gaps
    assert gap.lower_bound and gap.share.lower_bound
    assert gap.why.startswith("Asked for in at least 30.0% of Senior ML Engineer postings (High)")
    assert plain.gaps[0].why.startswith("Asked for in 30.0% of")
    assert (least.readiness, gap.gap_score) == (plain.readiness, plain.gaps[0].gap_score)
    assert least.lower_bounds == ["Serving"] and plain.lower_bounds == []


def test_a_skill_listed_twice_keeps_the_lower_bound_of_its_measured_share():
    result = gap_score(
        requirements=[
            requirement("serving", 0.0, lower_bound=False, tier="", from_roadmap=True),
            requirement("serving", 30.0, lower_bound=True),
        ],
        levels={},
        seniority="mid",
        step_hours=STEP_HOURS,
    )
    (gap,) = result.gaps
    assert gap.source == "both" and gap.lower_bound


def test_a_roadmap_only_requirement_is_never_a_lower_bound():
    result = gap_score(
        requirements=[requirement("serving", 0.0, lower_bound=True, tier="", from_roadmap=True)],
        levels={},
        seniority="mid",
        step_hours=STEP_HOURS,
    )
    assert not result.gaps[0].lower_bound and result.lower_bounds == []


def published_senior_ml_engineer(market, *, import_summary, jobs=1000, serving="30.0"):
    """A published market: Senior ML Engineer (`jobs` postings) asks for Python and Model
    serving (a skill asked for in many wordings; `serving`: its share)."""
    figures = MarketFigures(
        levels=[LevelFigure("ML Engineer", "senior", jobs, None)],
        demands=[
            DemandFigure("ML Engineer", "senior", name, Decimal(share), "High")
            for name, share in {"Python": "90.0", "Model serving": serving}.items()
        ],
    )
    snapshot = snapshot_create(
        figures=figures,
        label="Counted",
        source="tests",
        analysis_date=market.analysis_date,
        import_summary=import_summary,
    )
    return snapshot_publish(snapshot=snapshot)


@pytest.fixture
def counted_senior_ml_engineer(market):
    """Counted from postings: its share of Model serving is a lower bound."""
    return published_senior_ml_engineer(market, import_summary={"format": "postings"})


@pytest.fixture
def transcribed_senior_ml_engineer(market):
    """Made as the seed is (transcribed figures): no share is a lower bound. (The seed itself
    has no figure for a skill asked for in many wordings, so it cannot show that.)"""
    return published_senior_ml_engineer(market, import_summary={"origin": "seed"})


def test_the_report_of_a_counted_market_says_at_least_and_why(
    user_client, user, target, counted_senior_ml_engineer
):
    target(user, role="ML Engineer", seniority="senior")
    page = user_client.get("/report/ml-engineer/senior/").content.decode()
    rows = rows_by_name(page, "Every skill")
    assert rows["Model serving"]["Share of postings"].startswith("at least 30.0%")
    assert rows["Python"]["Share of postings"].startswith("90.0%")
    assert "Asked for in at least 30.0% of Senior ML Engineer postings (High)" in page
    assert "Model serving is asked for in more wordings than the skill finder knows" in page
    # The method's Kubernetes figures are the seed analysis's, not this market's: it says so.
    method = " ".join(page.split("How this is computed", 1)[1].split())
    assert (
        "(in the analysis the site started from, for example, Kubernetes is in 10.5% of mid "
        "but 6.7% of senior LLM/GenAI postings)" in method
    )


SERVING_AD = """Senior Machine Learning Engineer

Requirements
- Python
- Model serving with TorchServe
"""


def test_a_job_ad_weighed_on_a_counted_market_says_at_least(
    user_client, user, counted_senior_ml_engineer
):
    from assessments.services.ads import job_ad_create

    ad = job_ad_create(user=user, text=SERVING_AD)
    response = user_client.get(f"/report/ads/{ad.pk}/")
    gaps = {g.gap.skill: g for g in response.context["report"].result.gaps}
    assert gaps["model-serving"].share_text == "at least 30.0% of 1,000 Senior ML Engineer postings"
    assert gaps["python"].share_text == "90.0% of 1,000 Senior ML Engineer postings"
    assert gaps["model-serving"].gap.lower_bound
    assert (
        "asked for in at least 30.0% of Senior ML Engineer postings"
        in gaps["model-serving"].gap.why
    )
    page = response.content.decode()
    assert "at least 30.0% of 1,000 Senior ML Engineer postings" in page
    assert (
        "<strong>At least</strong>: Model serving is asked for in more wordings than the skill "
        "finder knows" in page
    )
    assert "so its priority may be higher than shown." in page


def test_the_job_ad_csv_marks_an_at_least_share_in_a_column_of_its_own(
    user_client, user, counted_senior_ml_engineer
):
    from assessments.services.ads import job_ad_create

    ad = job_ad_create(user=user, text=SERVING_AD)
    content = user_client.get(f"/report/ads/{ad.pk}.csv").content.decode()
    rows = {row["skill"]: row for row in csv.DictReader(io.StringIO(content))}
    # share_pct stays a number a spreadsheet can sort; the page's "at least" is the new column.
    assert (rows["Model serving"]["share_pct"], rows["Model serving"]["share_is_lower_bound"]) == (
        "30.0",
        "yes",
    )
    assert (rows["Python"]["share_pct"], rows["Python"]["share_is_lower_bound"]) == ("90.0", "no")
    assert ",must_have,share_pct,share_is_lower_bound," in content.splitlines()[0]


def test_the_skills_page_says_what_the_target_asks_as_at_least(
    user_client, user, target, counted_senior_ml_engineer
):
    target(user, role="ML Engineer", seniority="senior")
    page = user_client.get("/skills/").content.decode()
    assert "at least 30.0% of postings (High); needs" in page
    assert "90.0% of postings (High); needs" in page
    assert (
        "<strong>At least</strong>: Model serving is asked for in more wordings than the skill "
        "finder knows" in page
    )


def test_the_shared_plan_s_gap_table_says_at_least(
    client, user, target, counted_senior_ml_engineer
):
    target(user, role="ML Engineer", seniority="senior")
    plan_build(user=user)
    link = share_link_create(user=user)
    page = client.get(reverse("assessments:shared", args=[link.token])).content.decode()
    rows = rows_by_name(page, "Every skill Senior ML Engineer asks for, largest gap first")
    assert rows["Model serving"]["Share of postings"] == "at least 30.0%"
    assert rows["Python"]["Share of postings"] == "90.0%"
    # The table's key explains the "at least", as the report's does.
    key = " ".join(page.split('id="shared-gap-table-key"', 1)[1].split("</div>", 1)[0].split())
    assert (
        "<strong>At least</strong>: Model serving is asked for in more wordings than the skill "
        "finder knows" in key
    )


def test_the_what_if_fragment_says_at_least(user_client, user, target, counted_senior_ml_engineer):
    target(user, role="ML Engineer", seniority="senior")
    response = user_client.get("/report/?whatif=1&level-python=3", headers={"HX-Request": "true"})
    page = response.content.decode()
    rows = rows_by_name(page, "Every skill")
    assert rows["Model serving"]["Share of postings"].startswith("at least 30.0%")
    assert "Model serving is asked for in more wordings than the skill finder knows" in page


def test_a_transcribed_market_has_no_lower_bound_in_the_report_the_ads_or_the_skills_page(
    user_client, user, target, transcribed_senior_ml_engineer
):
    from assessments.services.ads import job_ad_create

    target(user, role="ML Engineer", seniority="senior")
    report = user_client.get("/report/ml-engineer/senior/").content.decode()
    assert rows_by_name(report, "Every skill")["Model serving"]["Share of postings"].startswith(
        "30.0%"
    )
    ad = job_ad_create(user=user, text=SERVING_AD)
    response = user_client.get(f"/report/ads/{ad.pk}/")
    gaps = {g.gap.skill: g for g in response.context["report"].result.gaps}
    assert gaps["model-serving"].share_text == "30.0% of 1,000 Senior ML Engineer postings"
    assert not gaps["model-serving"].gap.lower_bound
    for page in (report, response.content.decode(), user_client.get("/skills/").content.decode()):
        assert "at least 30.0%" not in page.lower()
        assert "more wordings than the skill finder knows" not in page


def test_the_report_on_few_counted_postings_says_whose_interval_it_shows(
    user_client, user, target, market
):
    published_senior_ml_engineer(market, import_summary={"format": "postings"}, jobs=120)
    target(user, role="ML Engineer", seniority="senior")
    page = user_client.get("/report/ml-engineer/senior/").content.decode()
    rows = rows_by_name(page, "Every skill")
    assert (
        rows["Model serving"]["Share of postings"]
        == "at least 30.0% (counted share's 95% interval 22.5–38.7%)"
    )
    assert rows["Python"]["Share of postings"] == "90.0% (95% interval 83.3–94.2%)"
    assert (
        "the range the share of the whole market most likely lies in; beside an “at least” "
        "share it is the counted share's, and the market's share may lie above it."
        in " ".join(page.split())
    )


def test_the_report_of_an_imported_outside_analysis_says_no_at_least(
    user_client, user, target, market
):
    # Shares computed elsewhere and imported as an aggregate: what another counter missed is
    # not the skill finder's to say, so no "at least" and no key.
    published_senior_ml_engineer(
        market, import_summary={"format": "aggregate", "file": "theirs.csv"}, jobs=120
    )
    target(user, role="ML Engineer", seniority="senior")
    page = user_client.get("/report/ml-engineer/senior/").content.decode()
    rows = rows_by_name(page, "Every skill")
    assert rows["Model serving"]["Share of postings"] == "30.0% (95% interval 22.5–38.7%)"
    assert "Asked for in 30.0% of Senior ML Engineer postings" in page
    assert "more wordings than the skill finder knows" not in page
    # The method speaks of no "at least" share and no counted share's interval either.
    method = " ".join(page.split("How this is computed", 1)[1].split())
    assert "the range the share of the whole market most likely lies in. A priority" in method
    assert "at least” share" not in method and "counted share" not in method


def test_the_market_moved_notices_say_at_least_for_a_share_now_counted_here(
    user_client, user, target, transcribed_senior_ml_engineer
):
    # The report's and the plan's notices list the share moves: a share the table below shows
    # as "at least 40.0%" must not read as a plain 40.0% there.
    target(user, role="ML Engineer", seniority="senior")
    plan_build(user=user)
    published_senior_ml_engineer(
        transcribed_senior_ml_engineer, import_summary={"format": "postings"}, serving="40.0"
    )
    report = user_client.get("/report/").content.decode()
    moves = rows_by_name(report, "Share of Senior ML Engineer postings, before and after")
    assert moves["Model serving"] == {
        "Before": "30.0%",
        "Now": "at least 40.0%",
        "Move (points)": "+10.0",
    }
    plan = " ".join(user_client.get("/plan/").content.decode().split())
    assert "<li>Model serving: 30.0% → at least 40.0% (+10.0 points)</li>" in plan
