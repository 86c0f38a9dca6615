"""Back and Forward after in-place (htmx) switches, and resizing a whole page, under the
strict Content-Security-Policy: a console listener fails the test on any violation."""

import json

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def charts_drawn(page: Page) -> None:
    """Every chart of the page is drawn (charts.js marks a canvas once Chart.js drew it)."""
    canvases = page.locator("canvas[data-chart-config]")
    expect(canvases.first).to_have_attribute("data-chart-ready", "true")
    for i in range(canvases.count()):
        expect(canvases.nth(i)).to_have_attribute("data-chart-ready", "true")


def test_back_and_forward_after_switching_target_on_the_report_break_no_csp_rule(
    live_server, page: Page, signed_in, csp_violations
):
    page.goto(f"{live_server.url}/report/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Gap report: Senior ML Engineer")
    charts_drawn(page)
    switcher = page.get_by_role("navigation", name="Other roles and seniorities")

    switcher.get_by_role("link", name="Mid-level LLM/GenAI Engineer").click()
    expect(page).to_have_url(f"{live_server.url}/report/llmgenai-engineer/mid/")
    expect(heading).to_have_text("Gap report: Mid-level LLM/GenAI Engineer")
    charts_drawn(page)
    switcher.get_by_role("link", name="Senior MLOps Engineer").click()
    expect(heading).to_have_text("Gap report: Senior MLOps Engineer")
    charts_drawn(page)

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/report/llmgenai-engineer/mid/")
    expect(heading).to_have_text("Gap report: Mid-level LLM/GenAI Engineer")
    charts_drawn(page)
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/report/")
    expect(heading).to_have_text("Gap report: Senior ML Engineer")
    charts_drawn(page)
    page.go_forward()
    expect(heading).to_have_text("Gap report: Mid-level LLM/GenAI Engineer")
    charts_drawn(page)
    page.go_forward()
    expect(heading).to_have_text("Gap report: Senior MLOps Engineer")
    charts_drawn(page)
    # One page, not a page inside a page: the restored report is whole.
    assert page.locator("#report-body").count() == 1
    assert page.get_by_role("heading", name="How this is computed").count() == 1
    assert csp_violations == []


def _detail_values(page: Page) -> list:
    canvas = page.locator('canvas[data-chart-config="detail-chart"]')
    expect(canvas).to_have_attribute("data-chart-ready", "true")
    return json.loads(canvas.get_attribute("data-chart-values"))[0]


def test_back_and_forward_after_switching_role_on_the_market_break_no_csp_rule(
    live_server, page: Page, csp_violations
):
    page.goto(f"{live_server.url}/market/ml-engineer/mid/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Mid-level ML Engineer")
    assert _detail_values(page)[0] == 87.7

    page.get_by_role("navigation", name="Seniority").get_by_role("link", name="Senior").click()
    expect(heading).to_have_text("Senior ML Engineer")
    page.get_by_role("navigation", name="Role").get_by_role("link", name="MLOps Engineer").click()
    expect(heading).to_have_text("Senior MLOps Engineer")
    expect(page).to_have_url(f"{live_server.url}/market/mlops-engineer/senior/")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/market/ml-engineer/senior/")
    expect(heading).to_have_text("Senior ML Engineer")
    assert _detail_values(page)[0] == 91.9
    page.go_back()
    expect(heading).to_have_text("Mid-level ML Engineer")
    assert _detail_values(page)[0] == 87.7
    page.go_forward()
    expect(heading).to_have_text("Senior ML Engineer")
    page.go_forward()
    expect(heading).to_have_text("Senior MLOps Engineer")
    assert _detail_values(page)[0] == 93.4
    assert page.locator("#market-detail").count() == 1
    assert csp_violations == []


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide in a {viewport} px window"


@pytest.mark.parametrize(
    "path", ["/report/", "/report/roles/", "/plan/", "/market/", "/market/ml-engineer/senior/"]
)
def test_resizing_a_whole_page_to_a_phone_and_back_redraws_it_within_the_csp(
    live_server, page: Page, signed_in, csp_violations, path
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{path}")
    charts_drawn(page)
    no_sideways_scroll(page)
    for width, height in [(390, 844), (820, 1180), (390, 844), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # charts.js re-lays charts 200 ms after the last resize
        charts_drawn(page)
        no_sideways_scroll(page)
    assert csp_violations == []


def test_back_and_forward_after_a_check_off_show_the_plan_as_it_is_now_within_the_csp(
    live_server, page: Page, make_user, onboard, log_in, csp_violations
):
    onboard(make_user("ria"), background="other", seniority="mid", hours=10)
    log_in("ria", "/accounts/login/?next=/plan/")
    # An empty style attribute on swapped content (scripts and extensions leave them) must
    # not be copied by htmx onto the new content.
    page.locator("#readiness-now").evaluate(
        "el => { el.style.color = 'red'; el.style.color = ''; }"
    )
    page.get_by_role("button", name="Mark PyTorch 0 → 3 done").click()
    undo = page.get_by_role("button", name="Undo PyTorch 0 → 3")
    expect(undo).to_be_focused()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report").click()
    expect(page).to_have_url(f"{live_server.url}/report/")
    page.go_back()  # the browser must not bring back the plan from before the check-off
    expect(page).to_have_url(f"{live_server.url}/plan/")
    expect(undo).to_be_visible()
    expect(page.get_by_role("button", name="Mark PyTorch 0 → 3 done")).to_have_count(0)

    undo.click()
    expect(page.get_by_role("button", name="Mark PyTorch 0 → 3 done")).to_be_focused()
    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/report/")
    page.go_back()
    expect(page.get_by_role("button", name="Mark PyTorch 0 → 3 done")).to_be_visible()
    expect(undo).to_have_count(0)

    page.get_by_role("button", name="Log out").click()
    expect(page).not_to_have_url(f"{live_server.url}/plan/")
    page.go_back()  # after logging out, Back shows no personal page from the cache
    expect(page.get_by_role("button", name="Undo PyTorch 0 → 3")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark PyTorch 0 → 3 done")).to_have_count(0)
    assert csp_violations == []
