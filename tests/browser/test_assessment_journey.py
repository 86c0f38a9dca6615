import re

from playwright.sync_api import Page, expect


def test_sign_up_onboard_rate_five_skills_and_see_report_and_ranking(
    page: Page, csp_violations, sign_up
):
    sign_up("lin")

    page.get_by_label("Software engineer").check()
    expect(page.get_by_text("Pivot to LLM/GenAI Engineer").first).to_be_visible()
    page.get_by_role("button", name="Use this suggestion").click()
    expect(page.get_by_label("Target role and seniority")).to_have_value("llmgenai-engineer/mid")
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_url(re.compile(r"/skills/$"))

    readiness = page.locator("#readiness-now")
    expect(readiness).to_contain_text("Mid-level LLM/GenAI Engineer")
    expect(readiness).to_contain_text("0.0%")
    status = page.get_by_role("status").filter(has_text="is now")
    levels = {
        "Python": "4",
        "AWS": "2",
        "GPT/OpenAI": "2",
        "Prompt engineering": "1",
        "Vector databases": "1",
    }
    for name, level in levels.items():
        before = readiness.inner_text()
        page.get_by_label(name, exact=True).select_option(level)
        expect(page.locator("#save-status")).to_contain_text(f"Saved: {name} is now")
        expect(readiness).not_to_have_text(before)
    expect(status).to_contain_text("Vector databases")
    assert "0.0%" not in readiness.inner_text()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gap report: Mid-level LLM/GenAI Engineer"
    )
    expect(page.locator("canvas[data-chart-config='radar-config']")).to_have_attribute(
        "data-chart-ready", "true"
    )
    figure = page.locator("#readiness-figure")
    real = figure.inner_text()
    page.get_by_label("TensorFlow (what-if level)").select_option("3")
    expect(page.get_by_text("What-if view: these levels are not saved.")).to_be_visible()
    expect(figure).not_to_have_text(real)

    page.get_by_role("link", name="Rank every role by your readiness").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Best fit: every role by your readiness"
    )
    expect(page.get_by_role("row").filter(has_text="your target")).to_contain_text(
        "Mid-level LLM/GenAI Engineer"
    )
    assert csp_violations == []
