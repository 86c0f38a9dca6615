import json
import re

import pytest
from django.test import Client
from django.utils.html import escape

from assessments.models import LevelDescriptor, SkillLevel, SkillLevelChange
from assessments.selectors import levels_for, profile_for
from assessments.services.plans import plan_build
from assessments.services.skills import skill_level_set
from assessments.views.skills import gone_sentence
from market.ingestion.refresh import snapshot_discard
from market.models import Skill
from tests.market.test_publish import import_of, meanwhile_before_deleting, race


@pytest.fixture
def onboarded(user, role, market):
    profile = profile_for(user=user)
    profile.target_role = role("ML Engineer")
    profile.target_seniority = "senior"
    profile.save()
    plan_build(user=user)  # as saving the target on the profile does
    return profile


HTMX = {"HX-Request": "true"}


def meaning(category: str, level: int) -> str:
    return LevelDescriptor.objects.get(category=category, level=level).description


def test_skills_page_lists_every_skill_with_a_labelled_level_control(user_client, market, skill):
    html = user_client.get("/skills/").content.decode()
    for name in ["Python", "Excel", "Vector databases"]:
        slug = skill(name).slug
        assert f'<label for="level-{slug}">{name}</label>' in html
        assert f'<select id="level-{slug}" name="level-{slug}"' in html
    # Short options (a phone shows them whole); what a level means is beside the control.
    assert '<option value="3">3 Working</option>' in html
    assert "Choose a target role" in html


def test_beside_each_control_is_what_its_level_means_for_that_kind_of_skill(
    user_client, user, skill
):
    skill_level_set(user=user, skill=skill("Python"), level=3)
    html = user_client.get("/skills/").content.decode()
    python = html[html.index('id="skill-python"') : html.index('id="skill-r"')]
    assert 'aria-describedby="meaning-python asks-python"' in python
    assert escape(meaning("language", 3)) in python
    tensorflow = html[html.index('id="skill-tensorflow"') :]
    assert escape(meaning("framework", 0)) in tensorflow[: tensorflow.index("</div>")]


def test_the_legend_gives_every_level_of_every_kind_of_skill_on_the_page(user_client, market):
    html = user_client.get("/skills/").content.decode()
    legend = html[html.index('class="level-legend-box"') : html.index('id="rating-check"')]
    for category in ["language", "framework", "cloud", "genai", "practice"]:
        for level in range(6):
            assert escape(meaning(category, level)) in legend


def test_an_admin_edit_of_a_level_description_shows_on_the_page(user_client, market):
    LevelDescriptor.objects.filter(category="cloud", level=0).update(
        description="Has never opened its console."
    )
    html = user_client.get("/skills/").content.decode()
    aws = html[html.index('id="skill-aws"') :]
    assert "Has never opened its console." in aws[: aws.index("</div>")]


def test_target_skills_come_first_and_say_what_the_target_asks(user_client, onboarded):
    html = user_client.get("/skills/").content.decode()
    first_group = html.index("Asked for by your target, Senior ML Engineer")
    assert first_group < html.index('for="level-tensorflow"') < html.index('for="level-excel"')
    assert 'aria-describedby="meaning-tensorflow asks-tensorflow"' in html
    assert "91.9% of postings (Critical); needs Advanced (4)" in html


def test_see_my_report_closes_the_target_group_and_the_page(user_client, onboarded):
    html = user_client.get("/skills/").content.decode()
    button = '<button type="submit" name="next" value="report">See my report</button>'
    target = html[html.index('id="skills-target"') : html.index('<section class="more-skills"')]
    assert target.rstrip().removesuffix("</section>").rstrip().endswith(f"{button}</p>")
    main = html[: html.index("</main>")]
    end = '<button type="submit" form="levels-form" name="next" value="report">See my report'
    assert main.rindex(end) > main.rindex("</details>") > main.rindex('id="other-skills"')


def test_the_paste_box_folds_away_below_the_list(user_client, onboarded):
    html = user_client.get("/skills/").content.decode()
    assert html.index('<details class="card paste-box">') > html.index('id="other-skills"')


def test_saving_a_level_with_htmx_returns_the_confirmation_new_readiness_and_meaning(
    user_client, user, onboarded
):
    before = user_client.get("/skills/").content.decode()
    assert '<span class="readiness">0.0%</span>' in before
    response = user_client.post("/skills/", {"was": "", "level-python": "4"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Saved: Python is now Advanced (4)." in html
    assert 'id="readiness-now" hx-swap-oob="true"' in html
    # Python is 81.3 of the 5.265 weight units of Senior ML Engineer: 15.4% ready.
    assert '<span class="readiness">15.4%</span>' in html
    assert 'id="meaning-python" hx-swap-oob="true"' in html
    assert escape(meaning("language", 4)) in html
    assert '<input type="hidden" name="was" id="levels-was" value="python:4"' in html
    assert json.loads(response.headers["HX-Trigger"]) == {
        "skillsChanged": {"levels": {"python": 4}, "readiness": 15.4}
    }
    assert SkillLevel.objects.get(user=user, skill__slug="python").level == 4


def test_saving_a_level_with_htmx_without_a_target_confirms_without_readiness(
    user_client, user, market
):
    response = user_client.post("/skills/", {"level-python": "3"}, headers=HTMX)
    html = response.content.decode()
    assert "Saved: Python is now Working (3)." in html
    assert "Readiness for" not in html
    assert json.loads(response.headers["HX-Trigger"]) == {
        "skillsChanged": {"levels": {"python": 3}, "readiness": None}
    }


def test_a_save_changes_only_what_was_changed_on_that_page(user_client, user, skill, onboarded):
    # The page was loaded with Python at 2; meanwhile another tab set Python to 4.
    skill_level_set(user=user, skill=skill("Python"), level=4)
    response = user_client.post(
        "/skills/", {"was": "python:2", "level-python": "2", "level-sql": "3", "level-aws": "0"}
    )
    assert response.status_code == 302
    assert levels_for(user=user) == {"python": 4, "sql": 3}


def test_without_javascript_the_form_saves_every_change_and_returns_to_the_first(
    user_client, user, onboarded
):
    data = {"was": "", "level-aws": "2", "level-sql": "3", "level-python": "0"}
    response = user_client.post("/skills/", data)
    assert response.status_code == 302 and response.url == "/skills/#skill-aws"
    page = user_client.get(response.url).content.decode()
    assert "Saved 2 ratings: AWS Beginner (2), SQL Working (3)." in page
    assert levels_for(user=user) == {"aws": 2, "sql": 3}


def test_without_javascript_the_save_is_confirmed_at_the_first_skill_saved_not_at_the_top(
    user_client, user, onboarded
):
    # Before: the redirect scrolled to the skill, and "Saved ..." was said at the page's top,
    # out of view.
    data = {"was": "", "level-aws": "2", "level-sql": "3"}
    page = user_client.post("/skills/", data, follow=True).content.decode()
    top = re.search(r'<div class="messages"[^>]*>(.*?)</div>', page, re.S)[1]
    assert "Saved" not in top
    start = page.index('<div class="skill-row" id="skill-aws"')
    row = page[start : page.index('<div class="skill-row"', start + 1)]
    assert "Saved 2 ratings: AWS Beginner (2), SQL Working (3)." in row
    assert page.count("Saved 2 ratings") == 1


def test_see_my_report_without_javascript_saves_then_opens_the_report(user_client, user, onboarded):
    response = user_client.post("/skills/", {"level-docker": "3", "next": "report"})
    assert response.status_code == 302 and response.url == "/report/"
    assert levels_for(user=user) == {"docker": 3}


def test_an_invalid_level_is_refused_with_a_message_and_nothing_saved(user_client, user, market):
    data = {"level-sql": "2", "level-python": "9"}
    response = user_client.post("/skills/", data, headers=HTMX)
    assert "Not saved: A level is 0 (None) to 5 (Expert)." in response.content.decode()
    assert not SkillLevel.objects.filter(user=user).exists()


def test_an_unknown_skill_is_not_saved_and_named(user_client, user, market):
    response = user_client.post("/skills/", {"level-cobol": "3"}, headers=HTMX)
    assert response.status_code == 200
    assert NOT_IN_MARKET.format("cobol") in response.content.decode()
    assert not SkillLevel.objects.filter(user=user).exists()


NOT_IN_MARKET = "Not saved: “{}” is no longer in the market; reload the page for its skills."


def misspelt_skill_discarded() -> str:
    """A draft's misspelt skill, offered on a page the person then submits after an admin's
    discard deleted it (as market.ingestion.refresh.snapshot_discard does); its slug."""
    typo = Skill.objects.create(name="Pyhton", slug="pyhton", category="language")
    typo.delete()
    return typo.slug


def test_a_stale_page_rating_a_discarded_skill_saves_the_others_and_names_it(
    user_client, user, onboarded
):
    # Before: the other level was saved and the page said so, silent about the typo's rating.
    # Then the page opened at SQL's row (#skill-sql), the "Not saved" line above out of view:
    # now it opens at the messages (tests/browser/test_skills_rating.py sees it on screen).
    typo = misspelt_skill_discarded()
    data = {"was": "", f"level-{typo}": "3", "level-sql": "2"}
    response = user_client.post("/skills/", data)
    assert response.status_code == 302 and response.url == "/skills/#messages"
    page = user_client.get(response.url).content.decode()
    assert "Saved: SQL is now Beginner (2)." in page
    assert escape(NOT_IN_MARKET.format(typo)) in page
    assert levels_for(user=user) == {"sql": 2}


def test_the_gone_sentence_names_every_skill_not_saved_in_order_and_agrees_in_number():
    saved = {Skill(pk=1, name="Python", slug="python"): 3}
    assert gone_sentence(asked=["python"], saved=saved) == ""
    two = gone_sentence(asked=["zorblax", "python", "pyhton"], saved=saved)
    assert two == (
        "Not saved: “pyhton”, “zorblax” are no longer in the market; "
        "reload the page for its skills."
    )


def test_a_stale_page_rating_a_discarded_skill_with_htmx_says_it_is_gone(
    user_client, user, onboarded
):
    # Before: "Nothing to save: your levels are as they were." though the person changed one;
    # then the red line ran on into the green "Readiness for ...", which reads as a save.
    typo = misspelt_skill_discarded()
    response = user_client.post("/skills/", {"was": "", f"level-{typo}": "4"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    status = html[: html.index('<p id="readiness-now"')]  # what #save-status says
    assert status.strip() == f'<span class="bad">{escape(NOT_IN_MARKET.format(typo))}</span>'
    assert "Readiness for" in html[len(status) :]  # the figure on the page is kept up to date
    assert not SkillLevel.objects.filter(user=user).exists()
    both = {"was": "", f"level-{typo}": "4", "level-python": "3"}
    html = user_client.post("/skills/", both, headers=HTMX).content.decode()
    status = html[: html.index('<p id="readiness-now"')]
    # What was saved and the readiness it brings, then (red, last) what was not: before, the
    # red line sat between the two green sentences.
    saved, readiness = status.index("Saved: Python is now Working (3)."), status.index("Readiness")
    assert saved < readiness
    assert status.strip().endswith(f'<span class="bad">{escape(NOT_IN_MARKET.format(typo))}</span>')
    assert levels_for(user=user) == {"python": 3}


def rate(user, skill, levels: dict[str, int]) -> None:
    for name, level in levels.items():
        skill_level_set(user=user, skill=skill(name), level=level)


EIGHT = ["Python", "SQL", "AWS", "Docker", "PyTorch", "Statistics", "Git", "Pandas"]


def test_eight_ratings_all_at_one_level_ask_for_a_second_look(user_client, user, skill):
    rate(user, skill, dict.fromkeys(EIGHT, 3))
    html = user_client.get("/skills/").content.decode()
    check = html[html.index('id="rating-check"') :]
    assert "All 8 skills you rated are at Working (3)" in check[: check.index("</div>")]
    assert "unreliable" in check[: check.index("</div>")]


@pytest.mark.parametrize(
    "levels",
    [dict.fromkeys(EIGHT[:7], 3), {**dict.fromkeys(EIGHT, 3), "Pandas": 2}],
    ids=["seven-rated", "one-differs"],
)
def test_fewer_or_varied_ratings_raise_no_warning(user_client, user, skill, levels):
    rate(user, skill, levels)
    html = user_client.get("/skills/").content.decode()
    check = html[html.index('id="rating-check"') :]
    assert "unreliable" not in check[: check.index("</div>")]


def test_the_save_that_makes_ratings_uniform_says_so(user_client, user, skill):
    rate(user, skill, dict.fromkeys(EIGHT[:7], 2))
    was = ",".join(f"{skill(n).slug}:2" for n in EIGHT[:7])
    response = user_client.post("/skills/", {"was": was, "level-pandas": "2"}, headers=HTMX)
    html = response.content.decode()
    assert "All your ratings are at one level: see the note above the list." in html
    assert 'id="rating-check" hx-swap-oob="true"' in html
    assert "All 8 skills you rated are at Beginner (2)" in html


def test_every_change_is_kept_in_the_history_with_the_previous_level(user, skill, market):
    python = skill("Python")
    skill_level_set(user=user, skill=python, level=2)
    skill_level_set(user=user, skill=python, level=4)
    skill_level_set(user=user, skill=python, level=4)  # no change, no history
    changes = list(
        SkillLevelChange.objects.filter(user=user).values_list("previous_level", "level")
    )
    assert changes == [(0, 2), (2, 4)]


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
    # The saved level, the new readiness, what it means and the rating check (19 queries),
    # plus re-planning the rest of the plan from the new levels (15: the report it is made
    # from, the rows it rewrites), each of the two writes locking the person first (2).
    with django_assert_max_num_queries(36):
        user_client.post("/skills/", {"was": "", "level-python": "3"}, headers=HTMX)


def test_without_javascript_jump_links_lead_to_every_other_group_and_the_filter_stays_hidden(
    user_client, onboarded
):
    html = user_client.get("/skills/").content.decode()
    anchors = re.findall(r'<section class="skill-group[^"]*" id="([\w-]+)"', html)
    assert anchors[0] == "skills-target" and "skills-language" in anchors
    jump = html[html.index('aria-label="Kinds of skill"') : html.index('id="other-skills"')]
    assert re.findall(r'<a href="#([\w-]+)">', jump) == anchors[1:]
    assert '<div class="skill-filter" data-skill-filter hidden>' in html
    assert '<label for="skill-filter">Filter by name</label>' in html
    assert "js/skills-filter.js" in html


@race
def test_a_rating_posted_as_a_discard_takes_its_skill_saves_the_rest_not_a_500(
    monkeypatch, make_user
):
    # The person's page offered "Zorblax" (a draft counted it); they rate it and another skill
    # as an admin discards the draft. Before: the save waited on the discard's lock, then its
    # commit failed (IntegrityError): a 500, and the other skill's rating lost with it. Now the
    # save reads the skills locked: it waits, finds "Zorblax" gone, saves the other, says so.
    adder = import_of("adds Zorblax")
    Skill.objects.create(name="Kept", slug="kept", category="practice")
    person = make_user("ada")
    responses = []

    def post():
        client = Client(raise_request_exception=False)
        client.force_login(person)
        data = {"was": "", "level-zorblax": "2", "level-kept": "3"}
        responses.append(client.post("/skills/", data, headers=HTMX))

    threads = meanwhile_before_deleting(monkeypatch, Skill, post)
    assert snapshot_discard(snapshot=adder).skills == ["Zorblax"]
    threads[0].join(timeout=60)

    assert responses[0].status_code == 200
    html = responses[0].content.decode()
    assert "Saved: Kept is now Working (3)." in html
    assert escape(NOT_IN_MARKET.format("zorblax")) in html
    assert levels_for(user=person) == {"kept": 3}
