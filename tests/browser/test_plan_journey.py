import re

from playwright.sync_api import Page, expect


def test_open_plan_change_hours_check_off_and_see_readiness_rise(
    page: Page, csp_violations, make_user, onboard, log_in
):
    onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    log_in("lin", "/accounts/login/?next=/plan/")

    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.get_by_role("heading", name="in about 10 months at 10 h/week")).to_be_visible()
    expect(page.locator("canvas[data-chart-ready=true]")).to_have_count(1)
    expect(page.locator("#readiness-now")).to_have_text("0.0%")

    hours = page.get_by_label("Hours per week")
    hours.fill("5")
    hours.press("Tab")  # a change re-plans at once
    expect(page.get_by_role("status").filter(has_text="Re-planned")).to_contain_text(
        "9 months later (was October 2030)"
    )
    expect(page.get_by_role("heading", name="in about 19 months at 5 h/week")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/plan/$"))

    page.get_by_role("button", name="Mark TensorFlow 0 → 3 done").click()
    expect(page.locator("#readiness-now")).to_have_text("21.8%")
    expect(page.get_by_role("button", name="Undo TensorFlow 0 → 3")).to_be_visible()
    expect(page.locator("canvas[data-chart-ready=true]")).to_have_count(1)
    assert csp_violations == []
