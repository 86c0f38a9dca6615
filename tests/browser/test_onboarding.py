"""Onboarding in a real browser: "Use this suggestion" fills in the target in place and
leaves every other answer alone; the targets are grouped by role."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Profile


def test_use_this_suggestion_fills_in_only_the_target_in_place(
    live_server, page: Page, sign_up, csp_violations
):
    sign_up("lin")
    target = page.get_by_label("Target role and seniority")
    target.select_option("Senior ML Engineer")
    page.get_by_label("Hours per week for learning").fill("12")
    page.get_by_label("Software engineer").check()
    expect(page.get_by_text("Pivot to LLM/GenAI Engineer").first).to_be_visible()
    page.get_by_role("button", name="Use this suggestion").click()

    expect(target).to_be_focused()
    expect(target).to_have_value("llmgenai-engineer/mid")
    expect(page.locator("#announcer")).to_have_text(
        "Target set to Mid-level LLM/GenAI Engineer. Save your profile to keep it."
    )
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_label("Hours per week for learning")).to_have_value("12")
    expect(page.get_by_label("Software engineer")).to_be_checked()
    assert not Profile.objects.filter(onboarded_at__isnull=False).exists()  # nothing saved

    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(re.compile(r"/skills/$"))
    expect(page.locator("#readiness-now")).to_contain_text("Mid-level LLM/GenAI Engineer")
    assert csp_violations == []


def test_picking_a_background_after_a_rejected_save_takes_its_error_away_in_place(
    live_server, page: Page, sign_up, csp_violations
):
    # Before: the suggestion changed, but "Choose the background closest to yours." stayed in
    # red above the checked choice, and the summary still claimed it.
    sign_up("lin")
    page.get_by_label("Hours per week for learning").fill("0")
    page.get_by_role("button", name="Save profile").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("link")).to_have_count(3)

    software = page.get_by_label("Software engineer")
    software.check()
    expect(page.get_by_text("Pivot to LLM/GenAI Engineer").first).to_be_visible()
    expect(page.get_by_text("Choose the background closest to yours.")).to_have_count(0)
    expect(software).to_be_checked()
    expect(software).to_be_focused()
    expect(software).not_to_have_attribute("aria-invalid", "true")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Target role and seniority: Choose a target role and seniority.",
            "Hours per week for learning: Enter at least 1 hour a week.",
        ]
    )
    expect(page.get_by_text("Enter at least 1 hour a week.").last).to_be_visible()  # kept
    assert csp_violations == []


def test_picking_the_background_a_save_lacked_alone_takes_the_summary_away(
    live_server, page: Page, sign_up, csp_violations
):
    sign_up("lin")
    page.get_by_label("Target role and seniority").select_option("Senior ML Engineer")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()

    page.get_by_label("Career switcher").check()
    expect(page.get_by_text("Choose the background closest to yours.")).to_have_count(0)
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(re.compile(r"/skills/$"))
    assert csp_violations == []


def test_on_a_laptop_the_your_data_card_lines_up_with_the_profile_form(
    live_server, page: Page, signed_in
):
    # The "Your data" card ran the page's full width (1120 px) under a form of 640 px.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/onboarding/")
    form = page.locator("form.profile-form").bounding_box()
    card = page.get_by_role("region", name="Your data").bounding_box()
    assert form["width"] < 1000, form  # the form keeps its measure
    assert (round(card["x"]), round(card["width"])) == (round(form["x"]), round(form["width"]))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_your_data_card_stands_as_far_from_save_profile_as_the_sections_above_do(
    live_server, page: Page, signed_in, width
):
    # It sat 16 px under the "Save profile" button, half the 32 px between the form's cards.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/onboarding/")
    background = page.get_by_role("group", name="Your background").bounding_box()
    suggestion = page.locator("#suggestion").bounding_box()
    save = page.get_by_role("button", name="Save profile").bounding_box()
    card = page.get_by_role("region", name="Your data").bounding_box()
    section_spacing = suggestion["y"] - (background["y"] + background["height"])
    assert section_spacing >= 24, section_spacing
    assert card["y"] - (save["y"] + save["height"]) == pytest.approx(section_spacing, abs=1)
