"""The report, the best-fit ranking and the market on a phone (390 x 844): nothing runs into
anything, charts keep their labels whole, and no page scrolls sideways."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments.services.ads import job_ad_create
from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.selectors import snapshot_current
from market.services.snapshots import snapshot_create, snapshot_publish
from tests.browser.chart_internals import RADAR_POINT_LABELS

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
ML_ENGINEER_AD = """Machine Learning Engineer

Requirements (must have)
- 3+ years of Python in production
- PyTorch for training deep learning models
- Docker and CI/CD for deploying models

Nice to have
- Scala and Spark for feature engineering
- Kubernetes for model serving
- Terraform for infrastructure as code
- LangChain and LLM application experience
"""

# For each cell of a card table: the box of its column label and of its value, and of every
# badge; a person sees them side by side, so the boxes must not overlap or leave the cell.
CARD_CELLS = """
(table) => Array.from(table.querySelectorAll("tbody td")).map((td) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    text: td.innerText.replace(/\\s+/g, " ").trim(),
    cell: box(td),
    label: box(td.querySelector(".cell-label")),
    value: box(td.querySelector(".cell-value")),
    badges: Array.from(td.querySelectorAll(".tier, .tag")).map(box),
  };
})
"""


RECT = "e => e.getBoundingClientRect().toJSON()"


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and (a["top"] < b["bottom"] and b["top"] < a["bottom"])
    )


def inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def assert_cards_readable(page: Page, table) -> None:
    expect(table).to_be_visible()
    cells = table.evaluate(CARD_CELLS)
    assert cells
    for cell in cells:
        assert not overlap(cell["label"], cell["value"]), cell["text"]
        assert inside(cell["label"], cell["cell"]) and inside(cell["value"], cell["cell"]), cell
        assert cell["cell"]["right"] <= PHONE["width"], cell
        for badge in cell["badges"]:
            assert inside(badge, cell["cell"]), cell["text"]


def market_publish(figures: MarketFigures, label: str, **extra) -> None:
    """Publish `figures` as the market now, dated as the market it replaces."""
    snapshot = snapshot_create(
        figures=figures,
        label=label,
        source="tests",
        analysis_date=snapshot_current().analysis_date,
        **extra,
    )
    snapshot_publish(snapshot=snapshot)


def senior_ml_engineer_publish(shares: dict[str, str], tier: str, jobs: int, **extra) -> None:
    """Publish a market of Senior ML Engineer alone: `shares` (skill name: %), all of `tier`."""
    figures = MarketFigures(
        levels=[LevelFigure("ML Engineer", "senior", jobs, None)],
        demands=[
            DemandFigure("ML Engineer", "senior", name, Decimal(share), tier)
            for name, share in shares.items()
        ],
    )
    market_publish(figures, "Refresh", **extra)


def every_level_publish(levels: list[tuple], roles: tuple[str, ...]) -> None:
    """Publish a market where each of `roles` has every level of `levels` ((seniority, jobs,
    salary), "all" among them), each asking for Python."""
    figures = MarketFigures(
        levels=[LevelFigure(role, level, *rest) for role in roles for level, *rest in levels],
        demands=[
            DemandFigure(role, level, "Python", Decimal("50.0"), "Critical")
            for role in roles
            for level, *_ in levels
        ],
    )
    market_publish(figures, "Every level")


def chart(page: Page, config_id: str) -> str:
    canvas = page.locator(f'canvas[data-chart-config="{config_id}"]')
    expect(canvas).to_have_attribute("data-chart-ready", "true")
    page.wait_for_timeout(300)  # the first animation frame lays the axes out
    return f"Chart.getChart(document.querySelector('canvas[data-chart-config=\"{config_id}\"]'))"


def per_item(page: Page, config_id: str, scale: str, items: str, item: str) -> list:
    """`item` (a JS object over `it`, its index `i`, `scale` and `chart`) for each of `items`
    (a JS list) of the chart's scale `scale`."""
    return page.evaluate(
        f"""() => {{
      const chart = {chart(page, config_id)};
      const scale = chart.scales.{scale};
      return {items}.map((it, i) => ({item}));
    }}"""
    )


def category_labels_fit(page: Page, config_id: str) -> dict:
    """The widest category label of a sideways bar chart, and the room left of the bars."""
    return page.evaluate(
        f"""() => {{
      const chart = {chart(page, config_id)};
      const scale = chart.scales.y;
      const ticks = scale.options.ticks;
      const grid = scale.options.grid;
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = Chart.helpers.toFont(ticks.font).string;
      const lines = scale.ticks.flatMap((t) => [].concat(t.label));
      const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
      ctx.restore();
      const room = scale.right - (grid.drawTicks ? grid.tickLength : 0) - ticks.padding;
      return {{widest, room, labels: lines.length, categories: scale.ticks.length}};
    }}"""
    )


def value_ticks(page: Page, config_id: str, axis: str) -> dict:
    """Where each value-axis label of a chart is drawn, and how wide it is."""
    return page.evaluate(
        f"""() => {{
      const chart = {chart(page, config_id)};
      const scale = chart.scales["{axis}"];
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
      const labels = scale.ticks.map((t, i) => ({{
        text: String(t.label), at: scale.getPixelForTick(i),
        width: ctx.measureText(String(t.label)).width}}));
      ctx.restore();
      return {{labels, rotation: scale.labelRotation}};
    }}"""
    )


def test_report_cards_keep_labels_apart_from_values_and_badges_inside(
    live_server, page: Page, signed_in, csp_violations
):
    page.set_viewport_size(PHONE)
    # Mid-level MLOps Engineer: intervals, tentative tiers and roadmap badges in one card.
    page.goto(f"{live_server.url}/report/mlops-engineer/mid/")
    table = page.get_by_role("table", name="Every skill Mid-level MLOps Engineer asks for")
    assert_cards_readable(page, table)
    kubernetes = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Kubernetes")
    )
    expect(kubernetes.get_by_role("cell").nth(2)).to_have_text(
        "Priority Critical tentative Roadmap must-have", use_inner_text=True
    )
    assert csp_violations == []


def test_market_moved_notice_lists_every_move_as_cards_on_a_phone(
    live_server, page: Page, signed_in, csp_violations
):
    # Its table scrolled sideways at 390 px: Now and Move were off-screen.
    # The others are no longer measured.
    senior_ml_engineer_publish({"TensorFlow": "80.0", "Python": "90.0"}, "Critical", 3000)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/")
    notice = page.get_by_role("region", name="The market moved since your last visit")
    table = notice.get_by_role("table", name="Share of Senior ML Engineer postings")
    expect(table.get_by_role("columnheader")).to_have_count(4)
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    assert_cards_readable(page, table)
    pytorch = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="PyTorch"))
    expect(pytorch.get_by_role("cell")).to_have_text(
        ["Before 63.8%", "Now not measured", "Move (points) -63.8"], use_inner_text=True
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert csp_violations == []


def test_report_charts_are_readable_on_a_phone(live_server, page: Page, signed_in):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/")
    size = page.evaluate(
        f"() => Chart.helpers.toFont({chart(page, 'radar-config')}.scales.r.options"
        ".pointLabels.font).size"
    )
    assert size == 12, size  # charts.js sets it on a phone (the config says 13)
    fit = category_labels_fit(page, "bars-config")
    assert fit["widest"] <= fit["room"], fit


def test_report_radar_labels_are_12_px_on_a_phone_and_the_configs_13_on_a_laptop(
    live_server, page: Page, signed_in
):
    sizes = {}
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{live_server.url}/report/")
        sizes[width] = page.evaluate(
            f"() => Chart.helpers.toFont({chart(page, 'radar-config')}.scales.r.options"
            ".pointLabels.font).size"
        )
    assert sizes == {390: 12, 1280: 13}, sizes


def test_market_chart_labels_of_several_lines_do_not_run_into_each_other(
    live_server, page: Page, db
):
    # Counted here, "Monitoring & observability (at least)" takes three lines and "Production
    # ML (at least)" two; Chart.js gives every bar the same height, so the frame must give
    # each bar room for the tallest label (the frame was sized for the lines in total).
    shares = {"Python": "90.0", "SQL": "50.0", "Kubernetes": "45.0"}
    shares |= {"Monitoring & observability": "40.0", "Production ML": "35.0"}
    senior_ml_engineer_publish(shares, "High", 120, import_summary={"format": "postings"})
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/ml-engineer/senior/")
    line = "Chart.helpers.toFont(scale.options.ticks.font).lineHeight"
    ticks = per_item(
        page,
        "detail-chart",
        "y",
        "scale.ticks",
        '{text: [].concat(it.label).join(" "), at: scale.getPixelForTick(i),'
        f" height: [].concat(it.label).length * {line}}}",
    )
    assert "Monitoring & observability (at least)" in [t["text"] for t in ticks]
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert abs(b["at"] - a["at"]) >= (a["height"] + b["height"]) / 2, (a, b)


def test_job_ad_report_cards_show_every_column_on_a_phone(live_server, page: Page, signed_in):
    # The ad's table scrolled sideways on a phone: only Skill, Asked as and Required showed.
    ad = job_ad_create(
        user=signed_in,
        text="Senior Machine Learning Engineer\n\nRequirements\n- Python and Kubernetes\n",
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/ads/{ad.pk}/")
    table = page.get_by_role("table", name="Every skill the ad asks for")
    assert_cards_readable(page, table)
    kubernetes = table.get_by_role("row").filter(has_text="Kubernetes")
    expect(kubernetes.get_by_role("cell").nth(6)).to_have_text(
        "In the ad “Kubernetes”", use_inner_text=True
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_job_ad_weight_floor_note_stands_on_its_own_line_under_the_tier(
    live_server, page: Page, signed_in, size
):
    # "7.0% of ... postings [Nice-to-have]; counted at 50%, the floor for an ad's must-have"
    # ran on after the market's tier badge, which then read as the ad's kind; at 390 px it
    # wrapped around the badge.
    ad = job_ad_create(
        user=signed_in,
        text="Senior Machine Learning Engineer\n\nRequirements\n- Python and Kubernetes\n",
    )
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/report/ads/{ad.pk}/")
    row = page.get_by_role("table", name="Every skill the ad asks for").get_by_role("row")
    share = row.filter(has_text="Kubernetes").get_by_role("cell").nth(3)
    note, tier = share.locator(".weight-note"), share.locator(".tier")
    floor = "counted at 50%, the floor for an ad's must-have"
    expect(note).to_contain_text(floor)
    box, badge, cell = (e.evaluate(RECT) for e in (note, tier, share))
    assert box["top"] >= badge["bottom"], (box, badge)  # its own line, under the badge
    assert inside(box, cell), (box, cell)


def test_saved_job_ads_list_shows_every_column_on_a_phone(live_server, page: Page, signed_in):
    # The list of saved ads scrolled sideways at 390 px: readiness, largest gaps and the date
    # were off-screen, and each title broke into a word per line.
    job_ad_create(
        user=signed_in,
        text="Senior Machine Learning Engineer\n\nRequirements\n- Python and Kubernetes\n",
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/ads/")
    table = page.get_by_role("table", name="Your saved job ads")
    assert_cards_readable(page, table)
    row = table.get_by_role("row").filter(has_text="Senior Machine Learning Engineer")
    expect(row.get_by_role("cell").nth(2)).to_have_text(
        re.compile(r"^Your readiness\s+\d+\.\d%\s*$"), use_inner_text=True
    )
    expect(row.get_by_role("cell").nth(3)).to_contain_text("Kubernetes")
    # What tells ads of one title apart: the first requirement under it, the time saved.
    expect(row.get_by_role("rowheader")).to_contain_text("“Python and Kubernetes”")
    expect(row.get_by_role("cell").nth(4)).to_have_text(
        re.compile(r"^Saved\s+\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC\s*$"), use_inner_text=True
    )
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame


def test_shared_plans_gap_table_shows_every_column_on_a_phone(live_server, page: Page, signed_in):
    # A visitor opening the share link on a phone got the gap table scrolling sideways in its
    # box: Level now, Required and Gap score (now Readiness it costs) were off-screen.
    from assessments.services.plans import share_link_create

    token = share_link_create(user=signed_in).token
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/shared/{token}/")
    table = page.get_by_role("table", name=re.compile(r"^Every skill .* asks for, largest gap"))
    assert_cards_readable(page, table)
    python = table.get_by_role("row").filter(has_text="Python")
    expect(python.get_by_role("cell").nth(4)).to_have_text(
        re.compile(r"^Readiness it costs\s+\d+\.\d points\s*$"), use_inner_text=True
    )
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame


def test_shared_plan_toward_a_job_ad_shows_how_the_ad_asks_on_a_phone(
    live_server, page: Page, signed_in
):
    # The "Asked as" column of a shared plan toward an ad: each card says Must-have or
    # Nice-to-have beside its label, the tier stays beside the share, nothing scrolls sideways.
    from assessments.services.plans import plan_build, share_link_create

    ad = job_ad_create(user=signed_in, text=ML_ENGINEER_AD)
    plan_build(user=signed_in, job_ad=ad)
    token = share_link_create(user=signed_in).token
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/shared/{token}/")
    table = page.get_by_role("table", name=re.compile(r"^Every skill the job ad .* asks for"))
    assert_cards_readable(page, table)
    asked = {}
    for name in ("Python", "Scala", "Kubernetes", "Terraform", "LangChain"):
        row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
        asked[name] = row.get_by_role("cell").nth(1).inner_text().split()
    assert asked == {
        "Python": ["Asked", "as", "Must-have"],
        **dict.fromkeys(("Scala", "Kubernetes", "Terraform", "LangChain"),
                        ["Asked", "as", "Nice-to-have"]),
    }  # fmt: skip
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_report_radar_keeps_long_skill_names_whole_on_a_phone(live_server, page: Page, signed_in):
    # Senior MLOps Engineer asks for "Monitoring & observability" and "Kubernetes", on
    # opposite sides of the radar: unwrapped, both ran off the canvas ("ing & observability").
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/mlops-engineer/senior/")
    radar = page.evaluate(
        f"""() => {{
      const chart = {chart(page, "radar-config")};
      const scale = chart.scales.r;
      return {{width: chart.width, labels: {RADAR_POINT_LABELS}}};
    }}"""
    )
    labels = radar["labels"]
    assert "Monitoring & observability" in [label["text"] for label in labels]
    for label in labels:
        assert label["left"] >= 0 and label["right"] <= radar["width"], label


def test_ranking_shows_readiness_and_what_raises_it_first_and_keeps_chart_labels_whole(
    live_server, page: Page, signed_in, csp_violations
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/roles/")
    table = page.get_by_role("table", name="Roles ranked by your readiness")
    assert_cards_readable(page, table)
    first = table.get_by_role("row").nth(1)
    for column in (0, 1):  # readiness, and the skills that would raise it most
        cell = first.get_by_role("cell").nth(column)
        cell.scroll_into_view_if_needed()
        expect(cell).to_be_in_viewport()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    fit = category_labels_fit(page, "ranking-config")
    assert fit["widest"] <= fit["room"], fit
    assert fit["labels"] > fit["categories"]  # long role names wrapped, not cut
    assert csp_violations == []


def test_market_salary_chart_axis_labels_do_not_overlap(live_server, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    # On a phone the salary bars lie sideways: salaries run along the x axis.
    ticks = value_ticks(page, "salary-chart", "x")
    assert ticks["rotation"] == 0, ticks
    labels = ticks["labels"]
    assert len(labels) >= 3, labels
    assert all(t["text"].startswith("$") for t in labels if t["text"] != "0"), labels
    for a, b in zip(labels, labels[1:], strict=False):
        assert b["at"] - a["at"] >= (a["width"] + b["width"]) / 2 + 4, (a, b)
    fit = category_labels_fit(page, "salary-chart")
    assert fit["widest"] <= fit["room"], fit


def test_captions_of_tables_that_scroll_sideways_stay_whole_on_a_phone(live_server, page: Page):
    # A caption stays put while its table scrolls; inside a card (the career paths' salary
    # tables; "the market moved" on the report) its end was cut off ("Traditional ML Engin").
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/paths/")
    page.wait_for_load_state("load")
    captions = page.evaluate(
        """() => Array.from(document.querySelectorAll(".card .table-scroll caption")).map((c) => {
      const box = c.closest(".table-scroll").getBoundingClientRect();
      return {text: c.innerText, right: c.getBoundingClientRect().right, boxRight: box.right};
    })"""
    )
    assert any(c["text"].startswith("Salary progression") for c in captions), captions
    for caption in captions:
        assert caption["right"] <= caption["boxRight"] + 0.5, caption


@pytest.mark.parametrize(
    "path",
    [
        "/report/",
        "/report/roles/",
        "/report/mlops-engineer/mid/",
        "/market/",
        "/market/ml-engineer/mid/",
        "/market/mlops-engineer/senior/",
        "/market/compare/",
        "/market/paths/",
        "/market/timeline/",
        "/market/trends/",
        "/market/resources/",
        "/accounts/login/?next=/report/",
    ],
)
def test_no_page_scrolls_sideways_on_a_phone(live_server, page: Page, signed_in, path):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide"


def test_on_a_laptop_the_ranking_lines_up_readiness_on_the_right_with_or_without_a_badge(
    live_server, page: Page, signed_in
):
    # A readiness with a "thin evidence" badge wraps in its cell; the number was left at the
    # cell's left edge (the badges' box started there), off the column of right-aligned numbers.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/report/roles/")
    table = page.get_by_role("table", name="Roles ranked by your readiness")
    rights = table.locator("td.num:first-of-type").evaluate_all(
        """(cells) => cells.map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td.querySelector(".cell-value").firstChild);
          return {thin: !!td.querySelector(".tag-thin"),
                  right: Math.round(range.getBoundingClientRect().right),
                  cell: Math.round(td.getBoundingClientRect().right)};
        })"""
    )
    assert any(r["thin"] for r in rights) and not all(r["thin"] for r in rights)
    assert len({r["right"] for r in rights}) == 1, rights


# Each arithmetic expression of the worked example: its text and how many line boxes it takes;
# and whether the definition around it takes more lines than one.
EXAMPLE_ARITHMETIC = """
(method) => Array.from(method.querySelectorAll(".arithmetic")).map((span) => ({
  text: span.textContent,
  lines: span.getClientRects().length,
  sentenceWraps: span.closest("dd").getBoundingClientRect().height
    > 1.5 * span.getBoundingClientRect().height,
}))
"""


@pytest.mark.parametrize(
    "path",
    [
        "/report/",
        "/report/?whatif=1&level-pytorch=5&level-tensorflow=5",
        "/report/mlops-engineer/mid/",
        "/report/llmgenai-engineer/mid/",
        "/report/ml-engineer/mid/",
    ],
)
def test_on_a_phone_each_sum_of_the_worked_example_stays_on_one_line(
    live_server, page: Page, signed_in, path
):
    # "0.919 × 4 ÷ 4 = 0.919" broke after its "×" at 390 px, the sum on two lines.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    method = page.get_by_role("region", name="How this is computed")
    sums = method.evaluate(EXAMPLE_ARITHMETIC)
    assert len(sums) == 2, sums  # the gap's score, and the readiness points it costs
    assert "=" in sums[0]["text"] and sums[1]["text"].endswith(" points"), sums
    for each in sums:
        assert each["lines"] == 1 and each["sentenceWraps"], each
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide"


SALARY_TABLE = "Average salary (US dollars per year) and job count by role and seniority"

# Each row of a table: its cells' text and horizontal extent, whether a cell's content runs
# out of it, and on how many lines its first figure ("$215,000", "85.6%") is written.
ROW_BOXES = """
(table) => Array.from(table.rows).map((row) => Array.from(row.cells).map((cell) => {
  const r = cell.getBoundingClientRect();
  const first = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode();
  const range = document.createRange();
  if (first) range.selectNodeContents(first);
  const tops = first ? Array.from(range.getClientRects(), (b) => Math.round(b.top)) : [];
  const lines = new Set(tops).size;
  return {text: cell.innerText.replace(/\\s+/g, " ").trim(), left: r.left, right: r.right,
          top: r.top, spills: cell.scrollWidth > cell.clientWidth + 0.5, lines};
}))
"""


def assert_figures_under_their_headers(table) -> list[list[dict]]:
    """Nothing of the table scrolls sideways on a phone; each row's heading and figures are on
    screen, each figure whole and under its own column's header. Gives the body's rows."""
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    header, *rows = table.evaluate(ROW_BOXES)
    for row in rows:
        heading, *figures = row
        assert heading["left"] >= 0 and heading["right"] <= PHONE["width"], heading
        assert len(figures) == len(header) - 1, row
        assert len({figure["top"] for figure in figures}) == 1, row  # the figures on one row
        for figure, column in zip(figures, header[1:], strict=True):
            assert not figure["spills"] and figure["lines"] == 1, figure
            assert figure["left"] >= 0 and figure["right"] <= PHONE["width"], figure
            assert figure["left"] < column["right"] and column["left"] < figure["right"]
            assert abs(figure["right"] - column["right"]) <= 0.5, (figure, column)
    return rows


def browser_roles(page: Page) -> set[tuple[str, str]]:
    """(role, name) of every node of the browser's own accessibility tree, as a screen reader
    gets them: a table laid out with other CSS display values can lose its table roles."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    return {
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in tree["nodes"]
        if "role" in node
    }


def test_market_salary_table_shows_every_column_on_a_phone_without_scrolling_sideways(
    live_server, page: Page, db, csp_violations
):
    # It scrolled sideways inside its box: "All levels" and its "*" were off-screen.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    table = page.get_by_role("table", name=SALARY_TABLE)
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Role", "Mid-level", "Senior", "All levels"]
    )
    rows = assert_figures_under_their_headers(table)
    assert len(rows) == 6
    ai_engineer = next(row for row in rows if row[0]["text"] == "AI Engineer")
    assert ai_engineer[-1]["text"] == "$225,000* 3,384 jobs", ai_engineer
    expect(page.get_by_text("* AI Engineer: the all-levels average ($225,000)")).to_be_visible()
    # A screen reader still gets a table: each figure's row and column headers.
    roles = browser_roles(page)
    assert {("columnheader", "All levels"), ("rowheader", "AI Engineer")} <= roles
    assert ("table", SALARY_TABLE) in roles
    assert csp_violations == []


def test_market_top_skills_table_shows_every_column_on_a_phone(live_server, page: Page, db):
    # It scrolled sideways inside its box: "Roles and seniorities measured" was off-screen.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    table = page.get_by_role("table", name="Share of all measured postings that mention each skill")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Skill", "Share of postings", "Postings measured", "Roles and seniorities measured"]
    )
    rows = assert_figures_under_their_headers(table)
    assert [cell["text"] for cell in rows[0]] == ["TensorFlow", "85.6%", "13,542", "12"]
    assert ("rowheader", "TensorFlow") in browser_roles(page)


def test_market_salary_table_with_every_level_fits_a_phone_with_each_figure_whole(
    live_server, page: Page, db
):
    # Entry to Staff and All levels: five figures a row. They wrapped onto a second line under
    # a header of their own, and "$215,000" broke into "$215,00" and "0".
    levels = [("entry", 120, 95_000), ("mid", 3998, 215_000), ("senior", 2853, 235_000)]
    levels += [("staff", 412, 285_000), ("all", 7383, 224_000)]
    every_level_publish(levels, roles=("ML Engineer",))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    table = page.get_by_role("table", name=SALARY_TABLE)
    expect(table.get_by_role("columnheader")).to_have_count(6)
    rows = assert_figures_under_their_headers(table)
    assert [cell["text"] for cell in rows[0]] == [
        "ML Engineer",
        "$95,000 120 jobs",
        "$215,000 3,998 jobs",
        "$235,000 2,853 jobs",
        "$285,000 412 jobs",
        "$224,000 7,383 jobs",
    ]


def test_market_salary_table_with_every_level_at_a_million_dollars_fits_a_phone(
    live_server, page: Page, db
):
    # Five figures of "$1,250,000" do not fit one phone row: they ran into each other and out
    # of their cells. Each row's figures now wrap alike under headers that wrap alike.
    levels = [("entry", 120, 1_050_000), ("mid", 3998, 1_250_000), ("senior", 2853, 1_480_000)]
    levels += [("staff", 412, 2_150_000), ("all", 7383, 1_375_000)]
    every_level_publish(levels, roles=("ML Engineer", "AI Engineer"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/")
    table = page.get_by_role("table", name=SALARY_TABLE)
    expect(table.get_by_role("columnheader")).to_have_count(6)
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    header, *rows = table.evaluate(ROW_BOXES)
    assert [cell["text"] for cell in rows[0]] == ["ML Engineer"] + [
        f"${salary:,} {jobs:,} jobs" for _, jobs, salary in levels
    ]
    for row in rows:
        heading, *cells = row
        assert heading["left"] >= 0 and heading["right"] <= PHONE["width"], heading
        for cell, column in zip(cells, header[1:], strict=True):
            assert not cell["spills"] and cell["lines"] == 1, cell  # "$1,250,000" whole
            assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
            # Under its own column's header: the same column, the same right edge.
            assert abs(cell["right"] - column["right"]) <= 0.5, (cell, column)
            assert abs(cell["left"] - column["left"]) <= 0.5, (cell, column)
        for a, b in zip(cells, cells[1:], strict=False):
            assert a["right"] <= b["left"] + 0.5 or a["top"] < b["top"], (a, b)  # apart
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
