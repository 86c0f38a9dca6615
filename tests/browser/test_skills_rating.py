"""Rating skills on My skills: the target's skills first and in reach of the keyboard, what a
level means beside each control, a warning for ratings all at one level, the whole page
working without JavaScript, and the list printing with each skill's level."""

import re

from playwright.sync_api import Page, expect

from assessments.models import LevelDescriptor
from assessments.selectors import levels_for
from assessments.services.skills import skill_level_set
from market.models import Skill


def test_the_first_target_skill_is_on_screen_and_six_key_presses_away(
    live_server, page: Page, signed_in
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/skills/")
    first = page.get_by_label("TensorFlow", exact=True)  # the target's most asked-for skill
    expect(first).to_be_in_viewport()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Skip to content"
    for _ in range(4):  # the report link, the level legend, the name filter above every list
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()


def test_choosing_a_level_shows_what_it_means_for_that_kind_of_skill(
    live_server, page: Page, signed_in, csp_violations
):
    page.goto(f"{live_server.url}/skills/")
    pytorch = page.get_by_label("PyTorch", exact=True)
    working = LevelDescriptor.objects.get(category="framework", level=3).description
    pytorch.select_option("3")
    expect(page.locator("#save-status")).to_contain_text("Saved: PyTorch is now Working (3).")
    expect(pytorch).to_have_accessible_description(re.compile(re.escape(f"Working: {working}")))
    assert csp_violations == []


def test_an_eighth_rating_at_the_same_level_asks_for_a_second_look(
    live_server, page: Page, signed_in, csp_violations
):
    for slug in ["sql", "aws", "docker", "pandas", "git", "statistics"]:
        skill_level_set(user=signed_in, skill=Skill.objects.get(slug=slug), level=3)
    page.goto(f"{live_server.url}/skills/")  # Python is at Working too: seven so far
    expect(page.get_by_text("unreliable")).to_have_count(0)
    page.get_by_label("PyTorch", exact=True).select_option("3")
    expect(page.locator("#save-status")).to_contain_text("All your ratings are at one level")
    notice = page.get_by_text(re.compile(r"^All 8 skills you rated are at Working \(3\)"))
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("unreliable")
    assert csp_violations == []


def test_without_javascript_see_my_report_saves_the_levels_and_opens_the_report(
    live_server, page_without_javascript: Page, signed_in
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/skills/")
    page.get_by_label("TensorFlow", exact=True).select_option("2")
    page.get_by_label("Excel", exact=True).select_option("4")
    page.get_by_role("button", name="See my report").last.click()

    expect(page).to_have_url(re.compile(r"/report/$"))
    expect(
        page.get_by_text("Saved 2 ratings: TensorFlow Beginner (2), Excel Advanced (4).")
    ).to_be_visible()
    assert levels_for(user=signed_in) == {"python": 3, "tensorflow": 2, "excel": 4}


def test_without_javascript_a_save_is_confirmed_beside_the_skill_the_page_returns_to(
    live_server, page_without_javascript: Page, signed_in
):
    # Before: the page came back at the skill's row and said "Saved: ..." at its top, out of view.
    page = page_without_javascript
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/skills/")
    page.get_by_label("Excel", exact=True).select_option("4")
    page.get_by_role("button", name="Save my ratings").click()

    expect(page).to_have_url(re.compile(r"/skills/#skill-excel$"))
    expect(page.get_by_text("Saved: Excel is now Advanced (4).")).to_be_in_viewport()
    expect(page.locator("#messages")).not_to_contain_text("Saved")


def offered_then_discarded(page: Page, url: str) -> str:
    """My skills as shown while a draft's misspelt skill was in the market, which an admin's
    discard then deleted (as market.ingestion.refresh.snapshot_discard does); its name."""
    typo = Skill.objects.create(name="Pyhton", slug="pyhton", category="language")
    page.goto(url)
    expect(page.get_by_label("Pyhton", exact=True)).to_be_attached()
    typo.delete()
    return typo.name


NOT_IN_MARKET = "Not saved: “pyhton” is no longer in the market; reload the page for its skills."


def test_without_javascript_a_save_that_finds_a_skill_gone_opens_where_that_is_said(
    live_server, page_without_javascript: Page, signed_in
):
    # Before: the page opened at the saved skill's row (#skill-excel), the red "Not saved"
    # message at the top scrolled out of view, so the person believed everything was saved.
    page = page_without_javascript
    page.set_viewport_size({"width": 1280, "height": 800})
    typo = offered_then_discarded(page, f"{live_server.url}/skills/")
    page.get_by_label(typo, exact=True).select_option("3")
    page.get_by_label("Excel", exact=True).select_option("4")
    page.get_by_role("button", name="Save my ratings").click()

    expect(page.get_by_text(NOT_IN_MARKET)).to_be_in_viewport()
    expect(page.get_by_text("Saved: Excel is now Advanced (4).")).to_be_visible()
    assert levels_for(user=signed_in) == {"python": 3, "excel": 4}


def test_a_save_of_only_a_skill_gone_says_not_saved_and_nothing_that_reads_as_saved(
    live_server, page: Page, signed_in, csp_violations
):
    # Before: the red "Not saved" line ran on into a green "Readiness for ...: 11.6%.", as a
    # save says it: the status read as a success.
    typo = offered_then_discarded(page, f"{live_server.url}/skills/")
    page.get_by_label(typo, exact=True).select_option("2")
    status = page.locator("#save-status")
    expect(status).to_have_text(NOT_IN_MARKET)
    expect(page.locator("#readiness-now")).to_contain_text("Readiness for")
    assert levels_for(user=signed_in) == {"python": 3}
    assert csp_violations == []


def test_on_a_phone_each_skill_stacks_name_level_and_meaning_without_cutting_them(
    live_server, page: Page, signed_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/skills/")
    python = page.get_by_label("Python", exact=True)
    expect(python).to_have_value("3")
    working = LevelDescriptor.objects.get(category="language", level=3).description
    meaning = page.get_by_text(f"Working: {working}")
    assert python.bounding_box()["y"] < meaning.bounding_box()["y"]
    box = meaning.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_changing_a_level_and_back_saves_both_changes(live_server, page: Page, signed_in):
    page.goto(f"{live_server.url}/skills/")
    python = page.get_by_label("Python", exact=True)  # at Working (3)
    status = page.locator("#save-status")
    python.select_option("4")
    expect(status).to_contain_text("Saved: Python is now Advanced (4).")
    python.select_option("3")  # what the page first showed: still a change to save
    expect(status).to_contain_text("Saved: Python is now Working (3).")
    assert levels_for(user=signed_in)["python"] == 3


TARGET_SKILLS = [  # what Senior ML Engineer asks for, most asked for first
    "TensorFlow",
    "Python",
    "PyTorch",
    "AWS",
    "MLflow",
    "Machine learning",
    "Model optimization",
    "SQL",
    "Kubernetes",
    "GPT/OpenAI",
]
# What the `signed_in` person's skills print: the target's, with Python at Working.
PRINTED_FOR_KIM = dict.fromkeys(TARGET_SKILLS, "0 None") | {"Python": "3 Working"}


def printed_levels(page: Page) -> dict[str, str]:
    """Each skill that prints with a level: its name -> the level as printed."""
    page.emulate_media(media="print")
    printed = {
        box.evaluate("box => box.labels[0].textContent"): box.evaluate(
            "box => box.selectedOptions[0].text"
        )
        for box in page.get_by_role("combobox").all()
        if box.is_visible()
    }
    page.emulate_media(media="screen")
    return printed


def test_printing_my_skills_prints_each_skill_with_its_level_and_leaves_unrated_others_off(
    live_server, page: Page, signed_in
):
    """Print hides forms, and the levels are one: the list used to print no skill at all. It
    prints the target's skills, each with the level chosen, and the other skills rated above
    None, as chosen on the page (with htmx, no reload)."""
    page.goto(f"{live_server.url}/skills/")
    assert printed_levels(page) == PRINTED_FOR_KIM

    page.get_by_label("Docker", exact=True).select_option("2")
    expect(page.locator("#save-status")).to_contain_text("Saved: Docker is now Beginner (2).")
    assert printed_levels(page) == PRINTED_FOR_KIM | {"Docker": "2 Beginner"}
    page.emulate_media(media="print")
    docker = page.locator(".skill-row").filter(has=page.get_by_label("Docker", exact=True))
    expect(docker.get_by_text("Beginner:")).to_be_visible()  # what the level means
    expect(page.get_by_role("heading", name="Other skills")).to_be_visible()
    expect(page.get_by_role("heading", name="Infrastructure & MLOps")).to_be_visible()
    expect(page.get_by_role("heading", name="Cloud")).to_be_hidden()  # none rated in it
    for control in page.get_by_role("button").all() + page.get_by_role("searchbox").all():
        expect(control).to_be_hidden()


def test_printing_my_skills_prints_the_skills_first_and_what_each_level_means_after_them(
    live_server, page: Page, signed_in
):
    """Before, the levels' legend printed first: on A4 the first skill fell on page 3 of 4.
    Now the skills and levels come first (page 1 of 3), the legend after the last skill
    printed; on screen the legend still sits above the list."""
    page.goto(f"{live_server.url}/skills/")
    legend = page.locator(".level-legend-box")
    skills = page.locator(".skill-row")
    assert legend.bounding_box()["y"] < skills.first.bounding_box()["y"]
    page.emulate_media(media="print")
    expect(legend.get_by_text("Expert", exact=False).first).to_be_visible()
    # Its heading in black ink like the rest, not the screen's link blue (print.css loads last).
    expect(legend.get_by_text("What each level means")).to_have_css("color", "rgb(0, 0, 0)")
    printed = [row.bounding_box() for row in skills.all() if row.is_visible()]
    assert len(printed) == len(PRINTED_FOR_KIM)
    last = max(box["y"] + box["height"] for box in printed)
    assert legend.bounding_box()["y"] >= last


def test_printing_my_skills_without_javascript_prints_each_skill_with_its_level(
    live_server, page_without_javascript: Page
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/skills/")
    assert printed_levels(page) == PRINTED_FOR_KIM
