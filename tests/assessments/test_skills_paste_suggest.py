import pytest
from django.utils.html import escape

from assessments.models import SkillLevel, SkillLevelChange
from assessments.selectors import levels_for
from assessments.services.skills import skill_level_set, skills_suggest_from_text
from tests.assessments.test_skills_rating import NOT_IN_MARKET, misspelt_skill_discarded

CV = (
    "Backend developer: Python 3 and PostgreSQL daily; shipped an OpenAI chatbot on a "
    "Pinecone index. Excellent communicator; some R&D work."
)


def test_suggestions_come_from_the_alias_matcher_with_the_matched_phrase(user, market):
    found = {s.skill.name: s.phrases for s in skills_suggest_from_text(text=CV, user=user)}
    assert found["Python"] == ("Python 3",)
    assert found["SQL"] == ("PostgreSQL",)
    assert found["GPT/OpenAI"] == ("OpenAI",)
    assert found["Vector databases"] == ("Pinecone",)
    assert "Excel" not in found and "R" not in found  # whole words only


def test_pasting_text_shows_suggestions_and_changes_nothing(user_client, user, market):
    response = user_client.post("/skills/suggest/", {"text": CV})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Found 4 skills" in html
    assert "matched “Pinecone”" in html
    assert '<label for="add-python">Python</label>' in html
    assert not SkillLevel.objects.filter(user=user).exists()
    assert not SkillLevelChange.objects.filter(user=user).exists()


def test_pasting_text_with_htmx_returns_only_the_suggestions(user_client, market):
    response = user_client.post("/skills/suggest/", {"text": CV}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Found 4 skills" in html and "<html" not in html and "My skills" not in html


def test_empty_text_is_refused_with_a_message(user_client, market):
    html = user_client.post("/skills/suggest/", {"text": "  "}).content.decode()
    assert "Paste some text to look for skills in." in html


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_refused_paste_answers_400_with_the_box_as_typed(user_client, market, headers):
    text = "Python and Docker. " + "x" * 50_000
    response = user_client.post("/skills/suggest/", {"text": text}, headers=headers)
    assert response.status_code == 400
    html = response.content.decode()
    assert ("<html" in html) is not bool(headers)  # htmx gets the paste box alone
    assert "Paste at most 50,000 characters" in html
    assert f">\n{text}</textarea>" in html


def test_confirming_saves_only_the_ticked_skills_at_the_chosen_levels(
    user_client, user, market, skill
):
    response = user_client.post(
        "/skills/confirm/",
        {
            "add": ["python", "vector-databases"],
            "level-python": "4",
            "level-vector-databases": "2",
            "level-sql": "3",
        },
    )
    assert response.status_code == 302 and response.url == "/skills/"
    levels = dict(SkillLevel.objects.filter(user=user).values_list("skill__slug", "level"))
    assert levels == {"python": 4, "vector-databases": 2}
    sources = set(SkillLevelChange.objects.filter(user=user).values_list("source", flat=True))
    assert sources == {SkillLevelChange.Source.SUGGESTED}
    page = user_client.get("/skills/").content.decode()
    assert "Added from your text: Python (Advanced), Vector databases (Beginner)." in page


def test_confirming_nothing_says_so_and_saves_nothing(user_client, user, market):
    response = user_client.post("/skills/confirm/", {"level-python": "4"}, follow=True)
    assert "tick at least one suggested skill" in response.content.decode()
    assert not SkillLevel.objects.filter(user=user).exists()


@pytest.mark.parametrize("with_another", [True, False], ids=["and-python", "alone"])
def test_confirming_a_suggestion_a_discard_deleted_names_it_and_saves_the_rest(
    user_client, user, market, with_another
):
    # Before: silent about the gone skill ("Added from your text: Python (Advanced)."), or
    # alone "Nothing added: tick at least one suggested skill to add." though one was ticked.
    typo = misspelt_skill_discarded()
    data = {"add": [typo], f"level-{typo}": "3"}
    if with_another:
        data |= {"add": [typo, "python"], "level-python": "4"}
    page = user_client.post("/skills/confirm/", data, follow=True).content.decode()
    assert escape(NOT_IN_MARKET.format(typo)) in page
    assert "tick at least one suggested skill" not in page
    assert ("Added from your text: Python (Advanced)." in page) is with_another
    assert levels_for(user=user) == ({"python": 4} if with_another else {})


def test_a_skill_already_rated_is_suggested_unticked_at_its_current_level(
    user_client, user, market, skill
):
    skill_level_set(user=user, skill=skill("Python"), level=5)
    html = user_client.post("/skills/suggest/", {"text": "Python"}).content.decode()
    assert 'id="add-python">' in html and 'id="add-python" checked' not in html
    assert "you are at 5 now" in html


def test_the_paste_box_has_no_maxlength_so_a_long_cv_is_not_cut_by_the_browser(user_client, market):
    # A browser cuts a paste at maxlength without a word: the skills named after the cut
    # would never be found, and the server's "at most 50,000 characters" never shown.
    html = user_client.get("/skills/").content.decode()
    box = html.split('<textarea name="text"')[1].split(">")[0]
    assert "maxlength" not in box


def test_a_paste_over_50000_characters_is_refused_with_its_length_and_kept(user_client, market):
    text = "Python and Docker. " + "x" * 50_000
    response = user_client.post("/skills/suggest/", {"text": text})
    html = response.content.decode()
    assert "Paste at most 50,000 characters (this text has 50,019)." in html
    assert response.context["paste_form"]["text"].value() == text
