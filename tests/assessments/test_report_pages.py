import datetime as dt
import re

import pytest
from django.utils import timezone

from assessments.models import Profile, SkillLevel, SkillLevelChange
from assessments.selectors import profile_for
from assessments.services.plans import plan_build
from assessments.services.skills import skill_level_set
from market.models import Skill, Snapshot
from tests.html_tables import rows_by_name

GAP_TABLE = "Every skill"
RANKING = "Roles ranked by your readiness"


@pytest.fixture
def onboarded(user, role, market, skill):
    profile = profile_for(user=user)
    profile.target_role = role("ML Engineer")
    profile.target_seniority = "senior"
    profile.last_seen_snapshot = market  # as saving the target does
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
    assert "Average salary $235,000 a year." in html


def test_report_counts_the_postings_asking_for_each_skill_and_names_both_levels(
    user_client, onboarded
):
    rows = rows_by_name(user_client.get("/report/").content.decode(), GAP_TABLE)
    # Senior ML Engineer: 2,853 postings. TensorFlow 91.9% -> 2,622; Python 81.3% -> 2,319.
    assert rows["TensorFlow"]["Share of postings"] == "91.9%"
    assert rows["TensorFlow"]["Postings asking"] == "about 2,622 of 2,853"
    assert rows["Python"]["Postings asking"] == "about 2,319 of 2,853"
    assert rows["GPT/OpenAI"]["Postings asking"] == "about 394 of 2,853"  # 13.8%
    # A roadmap must-have only: no share, no count, the badge says why it is there.
    assert rows["SQL"]["Share of postings"] == "not measured"
    assert rows["SQL"]["Postings asking"] == "not measured"
    assert rows["SQL"]["Priority"] == "Roadmap must-have"
    assert rows["TensorFlow"]["Your level"] == "Working (3)"
    assert rows["TensorFlow"]["Required"] == "Advanced (4)"


def test_report_shows_the_readiness_points_each_gap_costs_and_they_add_up(user_client, onboarded):
    html = user_client.get("/report/").content.decode()
    rows = rows_by_name(html, GAP_TABLE)
    # TensorFlow at Working (3) of Advanced (4): .919 x 1/4 of the 5.265 weight = 4.4 points.
    assert rows["TensorFlow"]["Readiness it costs"] == "4.4 points"
    assert rows["Python"]["Readiness it costs"] == "none (met)"
    costs = [r["Readiness it costs"] for r in rows.values()]
    costs = [float(cost.split()[0]) for cost in costs if cost.endswith(" points")]
    assert sum(costs) == pytest.approx(100 - 38.3, abs=0.3)
    # Each row rounded to its own tenth: they add up within rounding, and the key says so.
    words = " ".join(html.split())
    assert "together, within rounding, the gaps cost what stands between" in words
    assert "exactly what stands" not in words
    assert "Gap score" not in html and "0.500" not in html
    assert "Priority</strong>: how often postings ask for the skill" in html  # the key
    assert "Roadmap must-have</strong>: a skill the career path to Senior ML Engineer" in html


def test_report_of_a_rich_target_states_its_evidence_without_a_warning(user_client, onboarded):
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert (
        "Based on 6 skills measured in 2,853 postings and 4 must-haves from the career path."
        in html
    )
    assert "Thin evidence" not in html and "Few postings" not in html


def test_report_of_a_thin_target_says_the_evidence_is_thin(user_client, onboarded):
    # Mid-level Deep Learning Engineer: the seed measures four skills, no career path leads there.
    html = " ".join(user_client.get("/report/deep-learning-engineer/mid/").content.decode().split())
    assert (
        "Based on 4 skills measured in 205 postings and no must-haves from the career path." in html
    )
    assert "Thin evidence: only 4 requirements known for this target (fewer than 6)" in html
    assert "Few postings" not in html


def test_report_on_few_postings_shows_intervals_and_tentative_tiers(user_client, onboarded):
    # Mid-level MLOps Engineer: 88 postings.
    html = user_client.get("/report/mlops-engineer/mid/").content.decode()
    rows = rows_by_name(html, GAP_TABLE)
    assert rows["Kubernetes"]["Share of postings"] == "69.3% (95% interval 59.0–78.0%)"
    assert rows["Kubernetes"]["Priority"] == "Critical tentative Roadmap must-have"
    assert rows["Kubernetes"]["Postings asking"] == "about 61 of 88"
    assert "Few postings: the shares come from only 88 postings" in " ".join(html.split())


def test_a_research_target_is_titled_by_a_researcher_not_by_the_field(user_client, onboarded):
    # The role is "AI/ML Research" (a field); its person title names its targets, as the seed
    # analysis heads them ("Mid-Level AI/ML Researchers"), where "Mid-level AI/ML Research" read.
    html = " ".join(user_client.get("/report/aiml-research/mid/").content.decode().split())
    assert "<h1 data-announce>Gap report: Mid-level AI/ML Researcher</h1>" in html
    assert 'aria-current="page">Mid-level AI/ML Researcher</a>' in html  # its pill
    assert ">Senior AI/ML Researcher</a>" in html
    assert "AI/ML Research<" not in html and "AI/ML Research " not in html
    rows = rows_by_name(user_client.get("/report/roles/").content.decode(), RANKING)
    assert any(name.endswith(" Mid-level AI/ML Researcher") for name in rows)
    assert not any(name.endswith("AI/ML Research") for name in rows)


def test_report_without_a_target_sends_the_person_to_onboarding(user_client, market):
    response = user_client.get("/report/")
    assert response.status_code == 302 and response.url == "/onboarding/"


def test_switching_role_with_htmx_returns_the_report_body_only(user_client, onboarded):
    response = user_client.get("/report/llmgenai-engineer/mid/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gap report: Mid-level LLM/GenAI Engineer" in html
    assert "<html" not in html and "How this is computed" not in html
    assert 'aria-current="page">Mid-level LLM/GenAI Engineer</a>' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url",
    ["/report/no-such-role/mid/", "/report/ml-engineer/intern/", "/report/ml-engineer/staff/"],
)
def test_unknown_role_or_seniority_or_one_without_figures_is_404(user_client, onboarded, url):
    assert user_client.get(url).status_code == 404


def test_what_if_with_htmx_shows_new_readiness_and_saves_nothing(user_client, user, onboarded):
    saved = database_state(user)
    url = "/report/?whatif=1&level-pytorch=4&level-aws=3"
    response = user_client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="report-results"' in html and "What-if view: these levels are not saved." in html
    assert "<html" not in html and "What if?" not in html
    # PyTorch 2 -> 4 and AWS 1 -> 3 close .319 + .392 of the 2.24775 + 1.0 (SQL, ML) gap
    # score units of 5.265: readiness 38.3% -> 51.8%.
    assert 'id="readiness-figure">51.8' in html
    assert database_state(user) == saved
    assert 'id="readiness-figure">38.3' in user_client.get("/report/").content.decode()


def database_state(user) -> tuple:
    """Everything a what-if must not touch: levels, their history, the profile."""
    profile = Profile.objects.filter(user=user).values().get()
    levels = sorted(SkillLevel.objects.filter(user=user).values_list("skill_id", "level"))
    return levels, SkillLevelChange.objects.filter(user=user).count(), profile


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


def test_market_moved_notice_shows_share_moves_and_readiness_until_the_person_hides_it(
    user_client, onboarded, publish_snapshot
):
    assert "The market moved" not in user_client.get("/report/").content.decode()
    shares = {"TensorFlow": ("80.0", "Critical"), "Python": ("90.0", "Critical")}
    publish_snapshot("ML Engineer", "senior", shares, job_count=3000, salary=240000)
    html = user_client.get("/report/").content.decode()
    assert "The market moved since your last visit" in html
    moves = rows_by_name(html, "Share of Senior ML Engineer postings, before and after")
    assert moves["TensorFlow"] == {"Before": "91.9%", "Now": "80.0%", "Move (points)": "-11.9"}
    assert moves["Python"]["Move (points)"] == "+8.7"  # 81.3 -> 90.0
    assert moves["PyTorch"] == {"Before": "63.8%", "Now": "not measured", "Move (points)": "-63.8"}
    # Before: the seed (gap scores 3.24775 of 5.265 weight units): 38.3%. After: TensorFlow
    # .8 x 1/4 = .2, PyTorch and AWS only as roadmap must-haves (.5 x 1/3, .5 x 2/3), the
    # four untouched roadmap skills .5 each: 2.7 of 4.7 units missing: 42.6%.
    assert "went from <strong>38.3%</strong> to <strong>42.6%</strong>" in " ".join(html.split())
    assert "The market moved" in user_client.get("/report/").content.decode()  # still there
    newer = Snapshot.objects.get(is_current=True)
    response = user_client.post("/report/market-seen/", {"snapshot": newer.pk})
    assert response.status_code == 302 and response["Location"] == "/report/"
    assert "The market moved" not in user_client.get("/report/").content.decode()


def test_hiding_the_market_notice_takes_only_a_published_snapshot(user_client, onboarded):
    seen = onboarded.last_seen_snapshot_id
    for value in ["²", "999999", "", "1; DROP TABLE"]:
        response = user_client.post("/report/market-seen/", {"snapshot": value})
        assert response.status_code == 302
    assert Profile.objects.get(pk=onboarded.pk).last_seen_snapshot_id == seen
    assert user_client.get("/report/market-seen/").status_code == 405


def test_market_moved_to_older_figures_is_announced_as_older_not_new(
    user_client, onboarded, publish_snapshot
):
    # The person last saw the seed's figures, analysed 5 October 2025.
    shares = {"TensorFlow": ("80.0", "Critical"), "Python": ("90.0", "Critical")}
    publish_snapshot(
        "ML Engineer", "senior", shares, label="Summer back-fill", analysis_date=dt.date(2025, 7, 1)
    )
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert "Older market figures are in use since your last visit" in html
    assert (
        "The figures now in use (Summer back-fill, analysed 1 July 2025) are older than the ones"
        " you saw last time (AI/ML Skills Demand Analysis, analysed 5 October 2025)" in html
    )
    assert "New market figures" not in html and "The market moved" not in html


def test_best_fit_ranks_every_role_level_with_salary_jobs_and_top_skills(user_client, onboarded):
    response = user_client.get("/report/roles/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Senior ML Engineer" in html and "Mid-level LLM/GenAI Engineer" in html
    assert "$235,000" in html and "2,853" in html
    assert 'id="ranking-config"' in html


def test_best_fit_with_nothing_rated_says_its_order_is_by_postings_not_by_fit(
    user_client, user, market, skill
):
    # Before: every role at 0.0% under "ranked by how ready you are", with no word that the
    # order was only the tie-break (postings: Mid-level ML Engineer's 3,998 first).
    html = user_client.get("/report/roles/").content.decode()
    rows = rows_by_name(html, "Roles ranked by your readiness")
    assert {row["Readiness"].split()[0] for row in rows.values()} == {"0.0%"}
    assert next(iter(rows)) == "1. Mid-level ML Engineer"
    notice = "Your readiness is 0.0% for every role: you have rated none of the skills"
    assert notice in html and 'href="/skills/">Rate your skills</a>' in html
    skill_level_set(user=user, skill=skill("Python"), level=1)
    assert notice not in user_client.get("/report/roles/").content.decode()


def test_a_target_met_in_full_draws_no_empty_points_chart_and_offers_no_gaps_to_plan(
    user_client, onboarded, skill
):
    # Before: "Readiness points each missing skill costs you" over an empty bar chart, and
    # "Next: turn these gaps into a month-by-month learning plan" with no gap left.
    for name in ["TensorFlow", "PyTorch", "AWS", "Kubernetes", "GPT/OpenAI", "SQL"]:
        skill_level_set(user=onboarded.user, skill=skill(name), level=5)
    for name in ["Machine learning", "Model optimization", "MLflow"]:
        skill_level_set(user=onboarded.user, skill=skill(name), level=5)
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert 'id="readiness-figure">100.0%' in html
    assert 'id="bars-config"' not in html and 'data-chart-config="bars-config"' not in html
    assert "No skill of Senior ML Engineer is missing: none costs you readiness points." in html
    assert "turn these gaps into" not in html
    assert 'id="radar-config"' in html  # your levels against the required ones still show


def test_best_fit_says_a_thin_target_meets_its_measured_requirements_not_nothing_missing(
    user_client, onboarded, skill
):
    for name in ["Python", "TensorFlow", "PyTorch", "AWS", "Kubernetes"]:
        skill_level_set(user=onboarded.user, skill=skill(name), level=3)
    html = user_client.get("/report/roles/").content.decode()
    rows = rows_by_name(html, "Roles ranked by your readiness")
    deep_learning = rows["1. Mid-level Deep Learning Engineer"]
    assert deep_learning["Readiness"] == "100.0% thin evidence"
    assert deep_learning["What would raise it most"] == "Meets all 4 measured requirements"
    assert "Nothing missing" not in html
    # A rich target keeps its three largest gains, in readiness points.
    senior = next(r for name, r in rows.items() if name.endswith(" Senior ML Engineer your target"))
    assert senior["Readiness"].endswith("%") and "thin" not in senior["Readiness"]
    assert senior["What would raise it most"].count("points)") == 3


def test_each_report_shows_only_the_requesters_levels(user_client, onboarded, other_user, skill):
    skill_level_set(user=other_user, skill=skill("Kubernetes"), level=5)
    html = user_client.get("/report/").content.decode()
    assert "Kubernetes: you are at" not in html  # not a strength for ada


def whole_words(html: str) -> str:
    """The page with each run of words kept on one line (`<span class="nowrap">`) as its text."""
    return re.sub(r'<span class="nowrap">([^<]*)</span>', r"\1", html)


def test_what_if_panel_lists_the_largest_gaps_with_the_level_each_needs(user_client, onboarded):
    html = whole_words(" ".join(user_client.get("/report/").content.decode().split()))
    panel = html[html.index('id="whatif-title"') : html.index('id="report-details"')]
    assert "Your largest gaps" in panel
    assert "Missing: needs Advanced (4); you are at Working (3)" in panel  # TensorFlow
    assert '<option value="4">4 Advanced (needed)</option>' in panel
    assert "Met: needs Advanced (4); you are at Advanced (4)" in panel  # Python, under "other"
    assert panel.index("Your largest gaps") < panel.index("The other ")


def test_what_if_with_htmx_replaces_readiness_and_sends_the_tables_out_of_band(
    user_client, user, onboarded
):
    saved = database_state(user)
    url = "/report/?whatif=1&level-tensorflow=4"
    html = user_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.index('id="report-results"') < html.index('id="report-details" hx-swap-oob="true"')
    assert "TensorFlow: you are at Advanced (4), Advanced (4) needed." in html
    assert "(what-if levels)" in html and 'id="whatif-form"' not in html
    assert database_state(user) == saved


def test_switching_role_with_htmx_sends_no_out_of_band_tables(user_client, onboarded):
    url = "/report/llmgenai-engineer/mid/"
    html = user_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.count('id="report-details"') == 1
    assert 'id="report-details" hx-swap-oob' not in html  # in the body it replaces
    assert 'id="whatif-form"' in html  # the panel is the new target's


@pytest.fixture
def target_gone(user, role, publish_snapshot):
    """A Senior Deep Learning Engineer target (a role without a career path), nothing rated,
    then a refresh with Data Scientist figures only."""
    profile = profile_for(user=user)
    profile.target_role = role("Deep Learning Engineer")
    profile.target_seniority = "senior"
    profile.save()
    publish_snapshot("Data Scientist", "mid", {"Python": ("80.0", "Critical")}, label="Refresh")
    return profile


GONE = (
    "The current market, “Refresh” (2025-11-30), has no figures for Senior Deep Learning "
    "Engineer, your target: choose another one."
)


def test_a_target_the_current_market_has_no_figures_for_gets_no_readiness_but_a_message(
    user_client, target_gone
):
    # Scored against no requirement at all it was "100.0% ready", with nothing rated.
    response = user_client.get("/report/", follow=True)
    assert response.redirect_chain == [("/onboarding/", 302)]
    html = response.content.decode()
    assert GONE in html and "100.0%" not in html


def test_an_htmx_report_of_a_target_without_figures_sends_the_page_to_the_profile(
    user_client, target_gone
):
    response = user_client.get("/report/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/onboarding/"


def test_my_skills_shows_no_readiness_for_a_target_without_figures(user_client, target_gone):
    html = user_client.get("/skills/").content.decode()
    assert "Readiness for" not in html and "100.0%" not in html


def words(html: str) -> str:
    """The text of `html` as a person reads it: without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]*>", "", html).split())


def method_text(html: str) -> str:
    """The words of "How this is computed"."""
    start = html.index('id="method-title"')
    return words(html[html.index(">", start) + 1 : html.index("</section>", start)])


@pytest.mark.parametrize("met", [[], ["SQL", "Machine learning", "Model optimization", "MLflow"]])
def test_how_this_is_computed_works_through_your_own_largest_gap_with_its_rows_numbers(
    user_client, onboarded, skill, met
):
    # Before: fixed numbers from the seed ("Python at Beginner (2) where Advanced (4) is
    # needed and 81.3% of postings ask"), whatever the person's rows said. With `met`, the
    # largest gap is a skill postings measure, not a roadmap must-have.
    for name in met:
        skill_level_set(user=onboarded.user, skill=skill(name), level=5)
    html = user_client.get("/report/").content.decode()
    name, row = next(
        (name, row)
        for name, row in rows_by_name(html, GAP_TABLE).items()
        if row["Readiness it costs"] != "none (met)"
    )  # the table comes largest gap first
    method = method_text(html)
    assert f"your largest gap, {name} at {row['Your level']} where {row['Required']} is needed" in (
        method
    )
    if row["Share of postings"] == "not measured":
        assert "a roadmap must-have postings do not measure, weighing 0.5, scores" in method
    else:
        assert f"and {row['Share of postings']} of postings ask, scores" in method
        assert f"{row['Share of postings']} counts" in method
    assert f"= {row['Readiness it costs']}, as its row says" in method
    assert "0.813" not in method and "63.8%" not in method


def test_how_this_is_computed_with_no_gap_works_through_a_hypothetical_skill(
    user_client, onboarded, skill
):
    for name in ["TensorFlow", "PyTorch", "AWS", "Kubernetes", "GPT/OpenAI", "SQL"]:
        skill_level_set(user=onboarded.user, skill=skill(name), level=5)
    for name in ["Machine learning", "Model optimization", "MLflow"]:
        skill_level_set(user=onboarded.user, skill=skill(name), level=5)
    method = method_text(user_client.get("/report/").content.decode())
    assert (
        "For example (a hypothetical skill: you have no gap here), a skill asked for in 50% of "
        "postings, at Beginner (2) where Working (3) is needed, scores 0.5 × 1 ÷ 3 = 0.167."
    ) in method
    assert "largest gap" not in method and "as its row says" not in method


def worked_example(html: str) -> str:
    """The words of the worked example "How this is computed" shows, wherever it comes in
    `html`: in the full page's method section or an htmx response's out-of-band fragment."""
    start = html.index('id="report-method"')
    return words(html[html.index(">", start) + 1 : html.index("</dl>", start)])


def largest_gap(html: str) -> str:
    """The name of the gap table's first missing skill: the largest gap."""
    return next(
        name
        for name, row in rows_by_name(html, GAP_TABLE).items()
        if row["Readiness it costs"] != "none (met)"
    )


def test_what_if_with_htmx_sends_the_worked_example_of_the_what_if_levels_out_of_band(
    user_client, onboarded
):
    # The example kept the saved levels' largest gap beside a table of the what-if's.
    saved = largest_gap(user_client.get("/report/").content.decode())
    url = f"/report/?whatif=1&level-{Skill.objects.get(name=saved).slug}=5"
    html = user_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="report-method" hx-swap-oob="true"' in html
    what_if = largest_gap(html)
    assert what_if != saved
    example = worked_example(html)
    assert f"For example, your largest gap, {what_if} at" in example
    assert f": for {what_if}, 100 ×" in example and saved not in example
    # The same sentences as the page without JavaScript shows for this what-if.
    assert example == worked_example(user_client.get(url).content.decode())


def test_switching_role_with_htmx_sends_the_new_targets_worked_example_out_of_band(
    user_client, onboarded
):
    url = "/report/llmgenai-engineer/mid/"
    html = user_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.count('id="report-method" hx-swap-oob="true"') == 1
    example = worked_example(html)
    assert f"For example, your largest gap, {largest_gap(html)} at" in example
    assert example == worked_example(user_client.get(url).content.decode())


def test_the_what_if_panel_counts_one_other_skill_in_the_singular(user_client, onboarded):
    # Once "The other 1 skills this target asks for" (senior AI Engineer, these levels).
    html = user_client.get("/report/ai-engineer/senior/").content.decode()
    assert "<summary>The other 1 skill this target asks for</summary>" in html
    html = user_client.get("/report/").content.decode()
    assert "<summary>The other 4 skills this target asks for</summary>" in html


def test_the_readiness_history_says_it_is_the_saved_levels_beside_a_what_if(user_client, onboarded):
    # A what-if headline (51.8%) sat above a history ending at the saved levels' 38.3%, with
    # nothing saying which was which.
    html = " ".join(
        user_client.get("/report/?whatif=1&level-pytorch=4&level-aws=3").content.decode().split()
    )
    assert 'id="readiness-figure">51.8' in html
    assert (
        "<caption>Readiness for Senior ML Engineer with your saved levels (not the what-if), at"
        " the end of each day you changed one</caption>" in html
    )
    assert '<td class="num">38.3%</td>' in html
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert "with your saved levels, at the end of each day you changed one</caption>" in html


def test_an_htmx_what_if_sends_the_readiness_history_saying_it_is_not_the_what_if(
    user_client, onboarded
):
    # The history stays the saved levels'; with JavaScript its caption did not say so.
    html = " ".join(
        user_client.get(
            "/report/?whatif=1&level-pytorch=4&level-aws=3", headers={"HX-Request": "true"}
        )
        .content.decode()
        .split()
    )
    assert (
        '<section id="report-history" aria-labelledby="history-title" hx-swap-oob="true">' in html
    )
    assert "with your saved levels (not the what-if), at the end of each day" in html


def test_a_what_if_status_line_follows_the_what_if_level_without_javascript(user_client, onboarded):
    # Before: "Missing: needs Advanced (4); you are at Working (3)" beside a select set to
    # 5 Expert - the saved level's verdict under a what-if level that meets it.
    html = whole_words(
        " ".join(user_client.get("/report/?whatif=1&level-tensorflow=5").content.decode().split())
    )
    panel = html[html.index('id="whatif-title"') : html.index('id="report-details"')]
    assert (
        '<span class="whatif-needs" id="whatif-tensorflow-needs">Met: needs Advanced (4); '
        "what-if Expert (5), saved level Working (3)</span>"
    ) in panel
    assert "Missing: needs Advanced (4); you are at Working (3)" not in panel
    # A skill the what-if leaves at its saved level reads as before.
    assert "Met: needs Advanced (4); you are at Advanced (4)" in panel  # Python


def test_an_htmx_what_if_sends_each_status_line_out_of_band_beside_its_select(
    user_client, onboarded
):
    # Before: the what-if swapped readiness and the tables, the status lines kept the saved
    # levels' verdicts ("Met" for Python set to 0 None).
    html = whole_words(
        " ".join(
            user_client.get("/report/?whatif=1&level-python=0", headers={"HX-Request": "true"})
            .content.decode()
            .split()
        )
    )
    assert 'id="whatif-form"' not in html  # the select that changed keeps its focus
    assert (
        '<span class="whatif-needs is-missing" id="whatif-python-needs" hx-swap-oob="true">'
        "Missing: needs Advanced (4); what-if None (0), saved level Advanced (4)</span>"
    ) in html
    assert (
        '<span class="whatif-needs is-missing" id="whatif-tensorflow-needs" hx-swap-oob="true">'
        "Missing: needs Advanced (4); you are at Working (3)</span>"
    ) in html


def test_next_points_a_person_with_a_plan_for_the_target_to_work_through_it(user_client, onboarded):
    # Before: "Next: turn these gaps into a month-by-month learning plan" above a plan made
    # for these gaps already.
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert "turn these gaps into a month-by-month learning plan</a>" in html  # no plan yet
    plan_build(user=onboarded.user)
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert (
        '<strong>Next:</strong> <a href="/plan/">work through your learning plan</a>: it closes'
        " these gaps month by month."
    ) in html
    assert "turn these gaps into" not in html


def test_next_says_a_plan_made_for_another_target_is_not_for_these_gaps(
    user_client, onboarded, role
):
    plan_build(user=onboarded.user)
    onboarded.target_role = role("LLM/GenAI Engineer")
    onboarded.target_seniority = "mid"
    onboarded.save()  # the plan stays Senior ML Engineer's until a re-plan
    html = " ".join(user_client.get("/report/").content.decode().split())
    assert (
        "<strong>Next:</strong> your learning plan aims at Senior ML Engineer, not at these"
        ' gaps: <a href="/plan/">open your plan</a> and choose Mid-level LLM/GenAI Engineer as'
        " its target to plan them month by month."
    ) in html
    assert "turn these gaps into" not in html and "work through" not in html
    # ...and the ranking no longer says the plan follows the target.
    roles = " ".join(user_client.get("/report/roles/").content.decode().split())
    assert "Your learning plan aims at Senior ML Engineer: <a" in roles
    assert "follows your target" not in roles


def test_ranking_offers_to_make_a_plan_to_a_person_with_a_target_and_no_plan(
    user_client, onboarded
):
    # A target but no plan yet (made on /plan/): no plan "follows" it.
    roles = " ".join(user_client.get("/report/roles/").content.decode().split())
    assert "follows your target" not in roles
    assert (
        'Your target is Senior ML Engineer: <a href="/plan/">make its learning plan</a>, or'
        ' change the target on <a href="/onboarding/">your profile</a>.'
    ) in roles
