"""One readiness, one figure: the report, the ranking, the plan's cards, chart table and
Markdown round a readiness the same way (`scoring.readiness_shown`), and its words follow
the figure shown.

49.55 is stored as 49.54999...: Python's round gives 49.5, a template's half-up rounding of
its text "49.55" gives 49.6. Before, the report's headline said one and the plan's month
cards, the Markdown months and the market notices the other.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import floatformat
from hypothesis import example, given
from hypothesis import strategies as st

from assessments import charts, exports
from assessments.planning import Goal, plan_schedule
from assessments.scoring import GapResult, readiness_shown, skill_gap
from assessments.selectors import profile_for
from assessments.services.skills import skill_level_set
from tests.html_tables import rows_by_name

MISSING = skill_gap(
    skill="sql", name="SQL", required_level=3, weight=0.5, current_level=2, step_hours={3: 24},
    reason="A must-have",
)  # fmt: skip


def result_at(readiness: float) -> GapResult:
    """A result with one gap still missing, at `readiness`."""
    return GapResult(readiness=readiness, gaps=(MISSING,), total_weight=1.0)


def plan_at(readiness: float):
    """A two-month plan whose projected readiness never moves from `readiness`."""
    return plan_schedule(
        goals=[Goal("sql", "SQL", 2, 3, 0.5)],
        levels={"sql": 2},
        step_hours={"sql": {3: 60}},
        prerequisites={},
        hours_per_week=10,
        today=date(2030, 1, 1),
        readiness=lambda levels: readiness,
    )


@given(st.floats(min_value=0, max_value=100, exclude_max=True, allow_nan=False))
@example(49.55)  # a half tenth: round gives 49.5, half up on its text 49.6
@example(99.96)  # just under 100 with a gap left: 99.9, never 100.0
def test_a_plans_month_chart_and_card_show_a_readiness_as_the_report_does(readiness):
    shown = f"{result_at(readiness).readiness_display:.1f}"
    schedule = plan_at(readiness)
    chart = charts.plan_readiness_chart(schedule=schedule, readiness_now=readiness)
    assert {f"{value:.1f}" for value in chart["data"]["datasets"][0]["data"]} == {shown}
    assert {month.readiness_text for month in schedule.months} == {shown}


def test_a_readiness_on_a_half_tenth_shows_the_same_tenth_on_report_and_plan_months():
    schedule = plan_at(49.55)
    assert result_at(49.55).readiness_display == 49.5
    assert [month.readiness_text for month in schedule.months] == ["49.5", "49.5"]


def test_a_readiness_just_under_100_never_shows_100_in_the_plan_or_the_ranking():
    schedule = plan_at(99.96)
    chart = charts.plan_readiness_chart(schedule=schedule, readiness_now=99.96)
    assert chart["data"]["datasets"][0]["data"] == [99.9, 99.9, 99.9]
    assert [month.readiness_text for month in schedule.months] == ["99.9", "99.9"]
    assert readiness_shown(100.0) == 100.0


@pytest.mark.parametrize("readiness, shown", [(49.55, "49.5"), (99.96, "99.9")])
def test_the_markdown_months_give_readiness_as_the_report_does(readiness, shown):
    detail = SimpleNamespace(
        target_label="Senior MLOps Engineer",
        duration_sentence="Ready in about 2 months.",
        schedule=plan_at(readiness),
        readiness_now=result_at(readiness).readiness_display,
        plan=SimpleNamespace(hours_per_week=10, snapshot=SimpleNamespace(label="Seed")),
        done=(),
        is_nice_to_have=lambda slug: False,  # a plan toward a role
    )
    text = exports.plan_markdown(detail=detail)
    assert f"- Readiness now: {shown}%" in text
    assert re.findall(r"readiness at the end of the month: ([\d.]+)%", text) == [shown, shown]


def test_the_ranking_chart_never_shows_100_for_a_role_with_a_gap():
    fits = [SimpleNamespace(target_label="Senior ML Engineer", result=result_at(99.96))]
    assert charts.ranking_chart(fits=fits)["data"]["datasets"][0]["data"] == [99.9]


@pytest.mark.parametrize("weight", [0.49, 0.4905, 0.123, 0.987])
def test_the_points_chart_gives_each_gap_the_points_of_the_table_beside_it(weight):
    gap = skill_gap(
        skill="aws", name="AWS", required_level=1, weight=weight, current_level=0,
        step_hours={1: 4}, reason="Asked for",
    )  # fmt: skip
    result = GapResult(readiness=50.0, gaps=(gap,), total_weight=4.0)
    bars = charts.report_charts(result=result)["bars"]["data"]["datasets"][0]["data"]
    assert [f"{value:.1f}" for value in bars] == [floatformat(result.points(gap), 1)]


@pytest.mark.parametrize(
    "readiness, words", [(49.96, "On the way"), (79.97, "Nearly ready"), (49.94, "Early days")]
)
def test_readiness_words_follow_the_figure_shown(readiness, words):
    # 49.96 shows as 50.0%, which the key calls "On the way" (50 or more).
    assert result_at(readiness).words == words


@pytest.mark.django_db
def test_the_market_notice_gives_readiness_now_as_the_headline_does(
    user_client, user, role, market, skill, publish_snapshot
):
    profile = profile_for(user=user)
    profile.target_role, profile.target_seniority = role("ML Engineer"), "senior"
    profile.last_seen_snapshot = market
    profile.save()
    for name, level in {"Python": 4, "TensorFlow": 3, "PyTorch": 2, "AWS": 1}.items():
        skill_level_set(user=user, skill=skill(name), level=level)
    # TensorFlow .881 x 1/4, PyTorch and AWS as roadmap must-haves (.5 x 1/3, .5 x 2/3), four
    # untouched must-haves .5 each: 2.72025 of 4.5 (+ Python .619) = 6.04 units: 39.55%,
    # stored as 39.54999...
    shares = {"TensorFlow": ("88.1", "Critical"), "Python": ("61.9", "Critical")}
    publish_snapshot("ML Engineer", "senior", shares, job_count=3000, salary=240000)
    html = " ".join(user_client.get("/report/").content.decode().split())
    headline = re.search(r'id="readiness-figure">([\d.]+)%', html).group(1)
    assert headline == "39.5"
    assert "to <strong>39.5%</strong>" in html
    history = rows_by_name(html, "Readiness for Senior ML Engineer")
    assert [row["Readiness"] for row in history.values()] == ["39.5%"]
