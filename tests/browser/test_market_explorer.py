"""A visitor explores the market: switching role and seniority redraws the table and chart in
place (htmx), with the address bar following, under the strict CSP."""

import json

from playwright.sync_api import expect


def _chart_values(page) -> list:
    canvas = page.locator('canvas[data-chart-config="detail-chart"]')
    expect(canvas).to_have_attribute("data-chart-ready", "true")
    return json.loads(canvas.get_attribute("data-chart-values"))


def test_switching_role_and_seniority_updates_table_and_chart(live_server, page, csp_violations):
    page.goto(f"{live_server.url}/market/ml-engineer/mid/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ML Engineer")
    assert _chart_values(page) == [[87.7, 74.5, 61.9, 56.3, 15.0, 7.0]]

    page.get_by_role("navigation", name="Seniority").get_by_role("link", name="Senior").click()
    expect(page).to_have_url(f"{live_server.url}/market/ml-engineer/senior/")
    expect(page.get_by_role("table").first).to_contain_text("91.9%")
    expect(page.locator('canvas[data-chart-config="detail-chart"]')).to_have_attribute(
        "data-chart-values",
        json.dumps([[91.9, 81.3, 63.8, 58.8, 16.9, 13.8]], separators=(",", ":")),
    )

    page.get_by_role("navigation", name="Role").get_by_role("link", name="MLOps Engineer").click()
    expect(page).to_have_url(f"{live_server.url}/market/mlops-engineer/senior/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("MLOps Engineer")
    expect(page.locator('canvas[data-chart-config="detail-chart"]')).to_have_attribute(
        "data-chart-values",
        json.dumps([[93.4, 82.9, 76.3, 72.4, 19.7, 5.3]], separators=(",", ":")),
    )
    expect(page.get_by_role("table").first).to_contain_text("72.4%")
    # The header was not reloaded: the swap happened in place.
    assert page.evaluate("document.querySelectorAll('#market-detail').length") == 1
    assert csp_violations == []


def test_overview_draws_the_salary_chart_without_csp_violations(live_server, page, csp_violations):
    page.goto(f"{live_server.url}/market/")
    canvas = page.locator('canvas[data-chart-config="salary-chart"]')
    expect(canvas).to_have_attribute("data-chart-ready", "true")
    values = json.loads(canvas.get_attribute("data-chart-values"))
    assert 215000 in values[0] and 235000 in values[1]
    top = page.get_by_role("table", name="Share of all measured postings that mention each skill")
    expect(top).to_contain_text("Python")
    assert csp_violations == []


# The value axis of each chart on the page, whichever way its bars run.
VALUE_AXIS_MAX = """() => Array.from(document.querySelectorAll("canvas[data-chart-config]"), c => {
  const chart = Chart.getChart(c);
  return chart.scales[chart.options.indexAxis === "y" ? "x" : "y"].max;
})"""


def test_the_career_paths_salary_charts_share_one_scale(live_server, page, csp_violations):
    # Each path's chart had its own axis ($244K tall on one, $285K on another): bars that look
    # alike were not alike. One axis for every path, on a laptop and on a phone.
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/market/paths/")
        canvases = page.locator("canvas[data-chart-config]")
        expect(canvases).to_have_count(4)
        for i in range(4):
            expect(canvases.nth(i)).to_have_attribute("data-chart-ready", "true")
        tops = page.evaluate(VALUE_AXIS_MAX)
        # The view's salary_axis_max: the highest salary of any path ($285,000, Senior →
        # Staff/Principal) rounded up to the next $50,000. Not just any top they share.
        assert tops == [300000] * 4, tops
    assert csp_violations == []


def test_a_long_label_without_spaces_wraps_on_a_phone_instead_of_widening_the_page(
    live_server, page, tmp_path
):
    # An admin's 120-character label with no space ("Figures from “QQQ...”") made /market/
    # 976 px wide at 390: one word no line could break. Long words now break where they must.
    from market.ingestion.importing import market_import
    from tests.market.test_taxonomy_preview import _postings_file

    market_import(_postings_file(tmp_path), label="Q" * 120, publish=True, keep_source=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/market/")
    expect(page.get_by_text("Figures from “" + "Q" * 120)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
