"""Charts are drawn by JavaScript: without it no empty chart frame is shown and the table with
the chart's numbers is; with it every chart is shown and drawn, on a wide screen and a phone."""

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Plan
from assessments.services.plans import plan_item_check_off

# Each page with charts, and the caption of a table that carries their numbers.
CHART_PAGES = {
    "/report/": "Every skill Senior ML Engineer asks for",
    "/report/roles/": "Roles ranked by your readiness",
    "/plan/": "Projected readiness at the end of each month",
    "/market/": "Average salary (US dollars per year)",
    "/market/ml-engineer/senior/": "Share of Senior ML Engineer postings that mention each skill",
    "/market/compare/": "Share of postings mentioning TensorFlow and PyTorch",
    "/market/paths/": "Salary progression",
}


def test_without_javascript_no_chart_frame_shows_and_the_tables_with_the_numbers_do(
    live_server, page_without_javascript: Page
):
    page = page_without_javascript
    for path, caption in CHART_PAGES.items():
        page.goto(f"{live_server.url}{path}")
        canvases = page.locator("canvas")
        assert canvases.count() > 0, path  # charts it would draw
        for canvas in canvases.all():
            expect(canvas.locator("xpath=..")).to_be_hidden()  # the frame
            expect(canvas.locator("xpath=ancestor::figure")).to_be_hidden()  # and its caption
        table = page.get_by_role("table", name=re.compile(re.escape(caption)))
        expect(table.first).to_be_visible()


def test_with_javascript_every_chart_is_shown_and_drawn_on_a_wide_screen_and_a_phone(
    live_server, page: Page, signed_in, csp_violations
):
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        for path in CHART_PAGES:
            page.goto(f"{live_server.url}{path}")
            canvases = page.locator("canvas")
            assert canvases.count() > 0, path
            for canvas in canvases.all():
                expect(canvas).to_have_attribute("data-chart-ready", "true")
                expect(canvas).to_be_visible()
                box = canvas.bounding_box()
                assert box["width"] > 100 and box["height"] > 100, (path, width, box)
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, width, box)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert csp_violations == []


def plan_chart(page: Page, live_server, width: int, height: int):
    """/plan/ opened at `width` x `height`: its readiness chart's canvas, drawn."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/plan/")
    canvas = page.locator("canvas[data-chart-config='plan-readiness-config']")
    expect(canvas).to_have_attribute("data-chart-ready", "true")
    return canvas


# Where Chart.js put the plan chart's line: its tension, each point's x and y and radius, the
# plot's edges.
PLAN_LINE = """canvas => {
  const chart = Chart.getChart(canvas);
  const meta = chart.getDatasetMeta(0);
  return {
    tension: meta.dataset.options.tension,
    points: meta.data.map(p => ({x: p.x, y: p.y, r: p.options.radius + p.options.borderWidth})),
    area: chart.chartArea,
    clip: meta._clip,
  };
}"""


def test_the_plan_chart_line_stays_on_its_points_and_its_end_points_are_whole(
    live_server, page: Page, signed_in
):
    # Before: a curve (tension 0.2) dipped under two equal months, and the last point was cut
    # at the plot's right edge.
    for width, height in [(1280, 800), (390, 844)]:
        line = plan_chart(page, live_server, width, height).evaluate(PLAN_LINE)
        assert line["tension"] == 0, width  # straight from point to point: no overshoot
        points, area = line["points"], line["area"]
        assert len(points) > 2
        first, last = points[0], points[-1]
        assert first["x"] - first["r"] >= area["left"], (width, first, area)
        assert last["x"] + last["r"] <= area["right"], (width, last, area)
        top = min(p["y"] - p["r"] for p in points)
        assert top >= area["top"] - line["clip"]["top"], (width, top, area, line["clip"])


# The plan chart's x-axis labels as Chart.js drew them (those autoSkip kept; a label on
# several lines joined by spaces), where each is centred and how wide, and the canvas's width.
PLAN_MONTH_TICKS = """canvas => {
  const chart = Chart.getChart(canvas);
  const scale = chart.scales.x;
  const ctx = chart.ctx;
  ctx.save();
  ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
  const labels = scale.ticks.map((t, i) => ({
    text: [].concat(t.label).join(" "), at: scale.getPixelForTick(i),
    width: Math.max(...[].concat(t.label).map((line) => ctx.measureText(line).width))}));
  ctx.restore();
  return {labels, rotation: scale.labelRotation, width: chart.width};
}"""


MONTH = re.compile(r"([A-Z][a-z]{2}) (20\d\d)")


def month_steps(texts: list[str]) -> list[int]:
    """How many months apart each label after "Now" is from the one before ("Mar 2030")."""
    months = [datetime.strptime(text, "%b %Y") for text in texts[1:]]
    return [
        (b.year - a.year) * 12 + b.month - a.month for a, b in zip(months, months[1:], strict=False)
    ]


def assert_month_axis(axis: dict, width: int, *, steps: Callable[[list[int]], bool]) -> None:
    """The axis starts at "Now", names months level and apart, within the canvas, and steps
    through the months as `steps` says."""
    labels = axis["labels"]
    texts = [label["text"] for label in labels]
    assert texts[0] == "Now" and len(texts) >= 4, (width, texts)
    assert all(MONTH.fullmatch(text) for text in texts[1:]), texts
    assert steps(month_steps(texts)), (width, texts)
    assert axis["rotation"] == 0, (width, axis)  # level, not slanted
    for a, b in zip(labels, labels[1:], strict=False):
        assert b["at"] - a["at"] >= (a["width"] + b["width"]) / 2 + 4, (width, a, b)
    assert labels[0]["at"] - labels[0]["width"] / 2 >= 0, (width, labels[0])
    assert labels[-1]["at"] + labels[-1]["width"] / 2 <= axis["width"], (width, labels[-1])


@pytest.fixture
def half_done_plan(make_user, onboard, log_in):
    """Lin's plan, half of it checked off, Lin signed in."""
    user = onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    items = Plan.objects.get(user=user).items.order_by("order")
    for item in items[: len(items) // 2]:
        plan_item_check_off(user=user, item=item)
    log_in("lin", "/accounts/login/?next=/plan/")


# At 1280 px every other month has its name; on a phone (the names stacked) no two names are
# more than two months apart.
EVERY_OTHER_MONTH = {1280: lambda steps: set(steps) == {2}, 390: lambda steps: max(steps) <= 2}


@pytest.mark.usefixtures("plans_start_ahead", "half_done_plan")
def test_the_plan_chart_names_its_months_on_a_phone_and_a_laptop(live_server, page: Page):
    # Before: at 390 px, half done, the x-axis showed only "Now": every "Month 3 (Mar 2030)"
    # was too wide to fit beside it, so autoSkip dropped them all.
    for width, height in [(390, 844), (1280, 800)]:
        axis = plan_chart(page, live_server, width, height).evaluate(PLAN_MONTH_TICKS)
        assert_month_axis(axis, width, steps=EVERY_OTHER_MONTH[width])


@pytest.mark.usefixtures("plans_start_ahead", "half_done_plan")
def test_the_plan_chart_names_its_months_again_when_the_window_narrows(live_server, page: Page):
    # A laptop window made narrow (or a tablet turned) re-lays the axis out, without a reload:
    # the phone's stacked names, no two more than two months apart.
    canvas = plan_chart(page, live_server, 1280, 800)
    expect(canvas).to_have_attribute("data-chart-layout", "as-given")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(canvas).to_have_attribute("data-chart-layout", "narrow")
    axis = canvas.evaluate(PLAN_MONTH_TICKS)
    assert axis["width"] < 390, axis["width"]
    assert_month_axis(axis, 390, steps=EVERY_OTHER_MONTH[390])


def test_in_print_no_chart_or_caption_only_figure_shows_and_each_table_prints_whole(
    live_server, page: Page, signed_in
):
    """Charts are left off paper (print.css: the tables carry the numbers): no figure or pair
    of figures is left as a card with only its caption, and no table is cut at the height of
    its screen scroll box (the plan's readiness table showed 8 of its months)."""
    page.emulate_media(media="print")
    for path, caption in CHART_PAGES.items():
        page.goto(f"{live_server.url}{path}")
        canvases = page.locator("canvas")
        assert canvases.count() > 0, path
        for canvas in canvases.all():
            expect(canvas).to_be_hidden()
            expect(canvas.locator("xpath=ancestor::figure")).to_be_hidden()
            expect(
                canvas.locator("xpath=ancestor::*[contains(@class, 'chart-pair')]")
            ).to_be_hidden()
        table = page.get_by_role("table", name=re.compile(re.escape(caption))).first
        expect(table).to_be_visible()
        frame = table.locator("xpath=..")
        clipped = frame.evaluate("frame => frame.scrollHeight - frame.clientHeight")
        assert clipped <= 0, (path, clipped)


# A made-up ad longer than the ad text's screen scroll box (32rem).
LONG_AD = "Senior Machine Learning Engineer\n\nRequirements\n" + "".join(
    f"- Python and PyTorch for model number {n} in production\n" for n in range(1, 61)
)


def test_in_print_the_job_ad_report_prints_the_whole_ad(live_server, page: Page, signed_in):
    """The ad as pasted, in a closed <details> and a screen scroll box (.ad-text, 32rem),
    prints open, under its label, and whole: the last of its 63 lines is on paper."""
    from assessments.services.ads import job_ad_create

    ad = job_ad_create(user=signed_in, text=LONG_AD)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/report/ads/{ad.pk}/")
    expect(page.get_by_text("The ad as you pasted it")).to_be_visible()
    box = page.locator(".ad-text")
    expect(box).to_be_visible()
    expect(box.get_by_text("model number 60 in production")).to_be_visible()
    clipped = box.evaluate("box => box.scrollHeight - box.clientHeight")
    assert clipped <= 0, clipped


def test_in_print_each_details_box_prints_open_under_its_label_or_not_at_all(
    live_server, page: Page, signed_in
):
    """A closed <details> prints nothing in Chromium unless print.css opens it: a box whose
    content belongs on paper (the level legend, the ad as pasted) prints open under its summary
    as a label; one that holds only controls (the what-if list, the paste box) not at all."""
    from assessments.services.ads import job_ad_create

    ad = job_ad_create(user=signed_in, text=LONG_AD)
    page.emulate_media(media="print")
    shown = {}
    for path in ["/skills/", "/report/", f"/report/ads/{ad.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        for box in page.locator("details").all():
            name = box.get_attribute("class")
            shown[name] = box.is_visible()
            if shown[name]:
                expect(box.locator("> summary")).to_be_visible()
                for part in box.locator("> :not(summary)").all():
                    expect(part).to_be_visible()
        if path == "/report/":  # the what-if panel is controls only: no card with its intro
            expect(page.get_by_role("heading", name="What if?")).to_be_hidden()
    assert shown == {
        "level-legend-box": True,
        "card paste-box": False,
        "whatif-more": False,
        "card ad-source": True,
    }
    page.goto(f"{live_server.url}/skills/")
    expect(page.locator(".level-legend").first.get_by_text("5 Expert")).to_be_visible()
