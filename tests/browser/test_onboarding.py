"""Onboarding in a real browser: "Use this suggestion" fills in the target in place and
leaves every other answer alone; the targets are grouped by role."""

import re

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
