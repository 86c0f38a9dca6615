import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import SkillLevel, SkillLevelChange
from assessments.services.profile import profile_get_or_create
from assessments.services.skills import skill_level_set
from market.figures import DemandFigure, LevelFigure, MarketFigures
from market.services.snapshots import snapshot_create, snapshot_publish


@pytest.fixture
def onboarded(user, role, market, skill):
    profile = profile_get_or_create(user=user)
    profile.target_role = role("ML Engineer")
    profile.target_seniority = "senior"
    profile.save()
    for name, level in {"Python": 4, "TensorFlow": 3, "PyTorch": 2, "AWS": 1}.items():
        skill_level_set(user=user, skill=skill(name), level=level)
    return profile


def test_report_shows_readiness_charts_table_strengths_and_method(user_client, onboarded):
    response = user_client.get("/report/")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Gap report: Senior ML Engineer" in html
    assert 'id="radar-config"' in html and 'id="bars-config"' in html
    assert 'data-chart-config="radar-config" role="img"' in html
    assert "Asked for in 91.9% of Senior ML Engineer postings (Critical)" in html
    assert "Python: you are at Advanced (4), Advanced (4) needed." in html
    assert "How this is computed" in html and "Critical 3 (4 at senior and staff)" in html
    assert "Based on 2,853 postings, average salary $235,000" in html


def test_report_without_a_target_sends_the_person_to_onboarding(user_client, market):
    response = user_client.get("/report/")
    assert response.status_code == 302 and response.url == "/onboarding/"


def test_switching_role_with_htmx_returns_the_report_body_only(user_client, onboarded):
    response = user_client.get("/report/llmgenai-engineer/mid/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gap report: Mid-level LLM/GenAI Engineer" in html
    assert "<html" not in html and "How this is computed" not in html
    assert 'aria-current="page">LLM/GenAI Engineer, mid' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url",
    ["/report/no-such-role/mid/", "/report/ml-engineer/intern/", "/report/ml-engineer/staff/"],
)
def test_unknown_role_or_seniority_or_one_without_figures_is_404(user_client, onboarded, url):
    assert user_client.get(url).status_code == 404


def test_what_if_with_htmx_shows_new_readiness_and_saves_nothing(user_client, user, onboarded):
    url = "/report/?whatif=1&level-pytorch=4&level-aws=3"
    response = user_client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="report-results"' in html and "What-if view: these levels are not saved." in html
    assert "<html" not in html and "What if?" not in html
    real = user_client.get("/report/").content.decode()
    assert 'id="readiness-figure">' in real
    assert (
        real.split('id="readiness-figure">')[1][:6] != html.split('id="readiness-figure">')[1][:6]
    )
    assert SkillLevel.objects.get(user=user, skill__slug="pytorch").level == 2


def test_what_if_works_without_javascript_as_a_form_get(user_client, onboarded):
    html = user_client.get("/report/?whatif=1&level-python=0").content.decode()
    assert "<html" in html and "What-if view" in html
    assert "Python: you are at" not in html  # no longer a strength in the what-if


def test_readiness_over_time_comes_from_the_history(user_client, user, onboarded):
    html = user_client.get("/report/").content.decode()
    assert f"<td>{dt.date.today():%Y-%m-%d}</td>" in html
    assert 'id="history-config"' not in html  # one day is a table row, not yet a line

    yesterday = timezone.now() - dt.timedelta(days=1)
    SkillLevelChange.objects.filter(user=user, skill__slug="python").update(changed_at=yesterday)
    html = user_client.get("/report/").content.decode()
    assert 'id="history-config"' in html
    assert f"<td>{timezone.localdate(yesterday):%Y-%m-%d}</td>" in html
    assert f"<td>{dt.date.today():%Y-%m-%d}</td>" in html


def test_market_moved_notice_shows_share_moves_and_readiness_then_is_not_repeated(
    user_client, onboarded, market
):
    user_client.get("/report/")  # has now seen the current snapshot
    figures = MarketFigures(
        levels=[LevelFigure("ML Engineer", "senior", 3000, 240000)],
        demands=[
            DemandFigure("ML Engineer", "senior", "TensorFlow", Decimal("80.0"), "Critical"),
            DemandFigure("ML Engineer", "senior", "Python", Decimal("90.0"), "Critical"),
        ],
    )
    newer = snapshot_create(
        figures=figures, label="Refresh", source="tests", analysis_date=dt.date(2026, 1, 5)
    )
    snapshot_publish(snapshot=newer)
    html = user_client.get("/report/").content.decode()
    assert "The market moved since your last visit" in html
    assert '<td class="num">-11.9</td>' in html  # TensorFlow 91.9 -> 80.0
    assert '<td class="num">+8.7</td>' in html  # Python 81.3 -> 90.0
    assert "The market moved" not in user_client.get("/report/").content.decode()


def test_best_fit_ranks_every_role_level_with_salary_jobs_and_top_skills(user_client, onboarded):
    response = user_client.get("/report/roles/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Senior ML Engineer" in html and "Mid-level LLM/GenAI Engineer" in html
    assert "$235,000" in html and "2,853" in html
    assert 'id="ranking-config"' in html


def test_each_report_shows_only_the_requesters_levels(user_client, onboarded, other_user, skill):
    skill_level_set(user=other_user, skill=skill("Kubernetes"), level=5)
    html = user_client.get("/report/").content.decode()
    assert "Kubernetes: you are at" not in html  # not a strength for ada
