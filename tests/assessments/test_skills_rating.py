import json
import re

import pytest

from assessments.models import SkillLevel, SkillLevelChange
from assessments.services.plans import plan_build
from assessments.services.profile import profile_get_or_create
from assessments.services.skills import skill_level_set


@pytest.fixture
def onboarded(user, role, market):
    profile = profile_get_or_create(user=user)
    profile.target_role = role("ML Engineer")
    profile.target_seniority = "senior"
    profile.save()
    plan_build(user=user)  # as saving the target on the profile does
    return profile


def test_skills_page_lists_every_skill_with_a_labelled_level_control(user_client, market, skill):
    html = user_client.get("/skills/").content.decode()
    for name in ["Python", "Excel", "Vector databases"]:
        slug = skill(name).slug
        assert f'<label for="level-{slug}">{name}</label>' in html
    assert "3 Working: Use it on real work without help." in html
    assert "Choose a target role" in html


def test_target_skills_come_first_and_are_marked(user_client, onboarded):
    html = user_client.get("/skills/").content.decode()
    first_group = html.index("Asked for by your target, Senior ML Engineer")
    assert first_group < html.index('for="level-tensorflow"') < html.index('for="level-excel"')
    assert 'aria-describedby="asks-tensorflow"' in html
    assert "91.9% of postings (Critical); needs Advanced (4)" in html


def test_saving_a_level_with_htmx_returns_the_confirmation_and_new_readiness(
    user_client, user, onboarded
):
    before = user_client.get("/skills/").content.decode()
    assert '<span class="readiness">0.0%</span>' in before
    response = user_client.post(
        "/skills/", {"skill": "python", "level": "4"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Saved: Python is now Advanced (4)." in html
    assert 'id="readiness-now" hx-swap-oob="true"' in html
    # Python is 81.3 of the 5.265 weight units of Senior ML Engineer: 15.4% ready.
    assert '<span class="readiness">15.4%</span>' in html
    assert '"skillsChanged"' in response.headers["HX-Trigger"]
    assert json.loads(response.headers["HX-Trigger"]) == {
        "skillsChanged": {"skill": "python", "level": 4, "readiness": 15.4}
    }
    assert SkillLevel.objects.get(user=user, skill__slug="python").level == 4


def test_saving_a_level_with_htmx_without_a_target_confirms_without_readiness(
    user_client, user, market
):
    response = user_client.post(
        "/skills/", {"skill": "python", "level": "3"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Saved: Python is now Working (3)." in html
    assert "Readiness for" not in html and 'id="readiness-now"' not in html
    assert json.loads(response.headers["HX-Trigger"]) == {
        "skillsChanged": {"skill": "python", "level": 3, "readiness": None}
    }


def test_without_javascript_the_level_form_posts_saves_and_returns_to_the_skill(
    user_client, user, onboarded
):
    response = user_client.post("/skills/", {"skill": "aws", "level": "2"})
    assert response.status_code == 302 and response.url == "/skills/#skill-aws"
    page = user_client.get(response.url).content.decode()
    assert "Saved: AWS is now Beginner (2)." in page
    assert SkillLevel.objects.get(user=user, skill__slug="aws").level == 2


def test_every_change_is_kept_in_the_history_with_the_previous_level(user, skill, market):
    python = skill("Python")
    skill_level_set(user=user, skill=python, level=2)
    skill_level_set(user=user, skill=python, level=4)
    skill_level_set(user=user, skill=python, level=4)  # no change, no history
    changes = list(
        SkillLevelChange.objects.filter(user=user).values_list("previous_level", "level")
    )
    assert changes == [(0, 2), (2, 4)]


def test_an_invalid_level_is_refused_with_a_message_and_nothing_saved(user_client, user, market):
    response = user_client.post(
        "/skills/", {"skill": "python", "level": "9"}, headers={"HX-Request": "true"}
    )
    assert "Not saved: A level is 0 (None) to 5 (Expert)." in response.content.decode()
    assert not SkillLevel.objects.filter(user=user).exists()


def test_an_unknown_skill_is_404(user_client, market):
    assert user_client.post("/skills/", {"skill": "cobol", "level": "3"}).status_code == 404


def test_the_skills_page_shows_only_the_requesters_levels(user_client, other_user, skill):
    skill_level_set(user=other_user, skill=skill("R"), level=5)
    html = user_client.get("/skills/").content.decode()
    assert '<option value="5" selected>' not in html


def test_skills_page_queries_do_not_grow_with_skills_or_users(
    user_client, user, onboarded, skill, make_user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        user_client.get("/skills/")
    for i, name in enumerate(["Python", "AWS", "Docker", "SQL", "R", "Excel"]):
        skill_level_set(user=user, skill=skill(name), level=i % 5 + 1)
        skill_level_set(user=make_user(f"u{i}"), skill=skill(name), level=3)
    with django_assert_max_num_queries(12):
        user_client.get("/skills/")
    # The saved level and the new readiness (16 queries), plus re-planning the rest of the
    # plan from the new levels (15: the report it is made from, the rows it rewrites).
    with django_assert_max_num_queries(31):
        user_client.post(
            "/skills/", {"skill": "python", "level": "3"}, headers={"HX-Request": "true"}
        )


def test_without_javascript_a_jump_list_links_every_group_and_the_filter_stays_hidden(
    user_client, onboarded
):
    html = user_client.get("/skills/").content.decode()
    anchors = re.findall(r'<section class="skill-group[^"]*" id="([\w-]+)"', html)
    assert anchors[0] == "skills-target" and "skills-language" in anchors
    jump = html[html.index('id="jump-title"') : html.index('id="skill-list"')]
    assert re.findall(r'<a href="#([\w-]+)">', jump) == anchors
    assert "Your target&#x27;s skills (" in jump or "Your target's skills (" in jump
    assert '<div class="skill-filter" data-skill-filter hidden>' in html
    assert '<label for="skill-filter">Filter by name</label>' in html
    assert "js/skills-filter.js" in html
