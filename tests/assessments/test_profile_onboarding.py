import re

import pytest

from assessments.models import Profile
from market.vocabulary import SENIORITY_LEVELS
from tests.market.seed_markdown import seed_facts


def valid_form(**overrides):
    data = {
        "background": "career_switcher",
        "target": "ml-engineer/senior",
        "hours_per_week": "8",
        "start_month": "2026-02",
        "display_name": "Ada",
    }
    return {**data, **overrides}


def test_onboarding_lists_every_target_grouped_by_role_roles_in_page_order(user_client, market):
    html = user_client.get("/onboarding/").content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    # As the market pages list and name them (Role.page_order, Role.label): the seed's order.
    seed_roles = [
        "AI/ML Researcher" if r == "AI/ML Research" else r for r in seed_facts().role_totals
    ]
    assert groups == seed_roles and groups[0] == "ML Engineer"
    for group in re.findall(r"<optgroup[^>]*>(.*?)</optgroup>", html, re.S):
        levels = re.findall(r'<option value="[\w-]+/(\w+)"', group)
        assert levels == sorted(levels, key=SENIORITY_LEVELS.index)
    ml = html[html.index('<optgroup label="ML Engineer">') :]
    ml = ml[: ml.index("</optgroup>")]
    assert re.findall(r">([^<]+)</option>", ml) == ["Mid-level ML Engineer", "Senior ML Engineer"]
    assert '<option value="llmgenai-engineer/mid">Mid-level LLM/GenAI Engineer</option>' in html
    # A role named for its field: its group and its targets name a person.
    assert '<option value="aiml-research/mid">Mid-level AI/ML Researcher</option>' in html
    assert 'value="10"' in html  # hours per week default


def test_saving_the_profile_stores_target_hours_and_month_then_goes_to_skills(
    user_client, user, market
):
    response = user_client.post("/onboarding/", valid_form())
    assert response.status_code == 302 and response.url == "/skills/"
    profile = Profile.objects.get(user=user)
    assert (profile.target_role.slug, profile.target_seniority) == ("ml-engineer", "senior")
    assert profile.hours_per_week == 8
    assert f"{profile.start_month:%Y-%m-%d}" == "2026-02-01"
    assert profile.background == "career_switcher" and profile.onboarded_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_per_week", "0", "Enter at least 1 hour a week."),
        ("hours_per_week", "61", "Enter at most 60 hours a week."),
        ("start_month", "next spring", "Enter a month as YYYY-MM, for example 2026-01."),
        ("target", "ml-engineer/intern", "That role and seniority has no market figures"),
        ("background", "", "Choose the background closest to yours."),
    ],
)
def test_a_rejected_profile_keeps_the_input_and_says_what_is_wrong(
    user_client, user, market, field, value, message
):
    response = user_client.post("/onboarding/", valid_form(**{field: value}))
    assert response.status_code == 400  # as every rejected form of the site
    html = response.content.decode()
    assert message in html
    assert 'value="Ada"' in html  # what the person typed is kept
    assert not Profile.objects.filter(user=user, onboarded_at__isnull=False).exists()


def test_use_this_suggestion_without_javascript_fills_in_the_target_and_saves_nothing(
    user_client, user, market
):
    answers = valid_form(background="software_engineer", hours_per_week="12", use_suggestion="1")
    response = user_client.post("/onboarding/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    target = re.search(r'<select name="target"[^>]*>', html)[0]
    assert "autofocus" in target
    assert '<option value="llmgenai-engineer/mid" selected>' in html
    assert 'value="12"' in html and 'value="Ada"' in html  # the other answers as typed
    assert "The suggested target is filled in below." in html
    assert "error-summary" not in html
    assert not Profile.objects.filter(user=user, onboarded_at__isnull=False).exists()


def test_show_the_suggestion_without_javascript_posts_back_shows_it_and_saves_nothing(
    user_client, user, market
):
    # A GET form would carry the CSRF token into the address bar, history and logs.
    page = user_client.get("/onboarding/").content.decode()
    button = re.search(r"<button[^>]*>Show the suggestion for this background</button>", page)[0]
    assert 'name="show_suggestion"' in button and "formmethod" not in button
    answers = valid_form(background="researcher", hours_per_week="12", show_suggestion="1")
    response = user_client.post("/onboarding/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What the analysis suggests for Researcher" in html
    assert "Suggested target: <strong>Mid-level AI/ML Researcher</strong>" in html
    assert re.search(r'<input[^>]*value="researcher"[^>]*checked', html)
    assert 'value="12"' in html and 'value="Ada"' in html  # the other answers as typed
    assert "error-summary" not in html
    assert not Profile.objects.filter(user=user, onboarded_at__isnull=False).exists()


def test_the_suggestion_button_names_the_target_it_fills_in(user_client, market):
    html = user_client.get(
        "/onboarding/?background=devops_sre", headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        '<button type="submit" name="use_suggestion" value="mlops-engineer/mid" formnovalidate '
        'class="secondary" aria-controls="id_target">Use this suggestion</button>'
    ) in html


def test_the_suggestion_does_not_repeat_its_headline_as_its_first_point(user_client, market):
    html = user_client.get("/onboarding/?background=software_engineer").content.decode()
    assert html.count("Pivot to LLM/GenAI Engineer (fastest growing)") == 1
    assert "<li>Focus on AWS + LLM APIs (70% of senior roles)</li>" in html


def test_choosing_a_background_with_htmx_returns_only_the_suggestion(user_client, market):
    response = user_client.get(
        "/onboarding/?background=software_engineer", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Pivot to LLM/GenAI Engineer" in html
    assert "Use this suggestion" in html
    assert "<html" not in html and "Hours per week" not in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_without_javascript_the_suggestion_shows_on_the_full_page(user_client, market):
    html = user_client.get("/onboarding/?background=career_switcher").content.decode()
    assert "<html" in html and "Start with ML Engineer path" in html
    assert re.search(r'<input[^>]*value="career_switcher"[^>]*checked', html)


@pytest.mark.parametrize(
    ("overrides", "asked"),
    [
        ({"background": ""}, "alone"),
        ({"background": "", "hours_per_week": "0"}, "among-others"),
        ({"hours_per_week": "0"}, None),
    ],
)
def test_a_rejected_profile_asks_a_background_pick_to_take_its_error_away(
    user_client, market, overrides, asked
):
    html = user_client.post("/onboarding/", valid_form(**overrides)).content.decode()
    fieldset = re.search(r'<fieldset id="background-field"[^>]*>', html)[0]
    if asked:
        assert f"""hx-vals='{{"background_error": "{asked}"}}'""" in fieldset
        assert '<li id="id_background-summary"><a href="#id_background_0">' in html
    else:
        assert "hx-vals" not in fieldset


@pytest.mark.parametrize(
    ("background_error", "deleted"),
    [("alone", "error-summary"), ("among-others", "id_background-summary")],
)
def test_a_background_picked_after_a_rejected_save_comes_back_without_its_error(
    user_client, market, background_error, deleted
):
    # Before: only the suggestion came back; the field's error and its summary entry stayed.
    response = user_client.get(
        f"/onboarding/?background=software_engineer&background_error={background_error}",
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html and "Pivot to LLM/GenAI Engineer" in html
    fieldset = re.search(r'<fieldset id="background-field"(.*?)</fieldset>', html, re.S)
    assert 'hx-swap-oob="true"' in fieldset[1] and "hx-vals" not in fieldset[1]
    assert "errorlist" not in fieldset[1] and "aria-invalid" not in fieldset[1]
    assert re.search(r'<input[^>]*value="software_engineer"[^>]*checked', fieldset[1])
    assert f'<div id="{deleted}" hx-swap-oob="delete"></div>' in html
