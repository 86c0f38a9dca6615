"""The report's readiness figure and its radar, measured on a laptop and a phone."""

from itertools import combinations

import pytest
from playwright.sync_api import Page

from tests.browser.chart_internals import RADAR_POINT_LABELS
from tests.browser.test_phone_layout import PHONE, chart

LAPTOP = {"width": 1280, "height": 900}

# The boxes of the text itself (a grid item's box is as wide as its column, its text is not).
FIGURE_AND_WORD = """
() => {
  const text = (el) => { const range = document.createRange(); range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const block = document.querySelector(".readiness-block").getBoundingClientRect();
  const meter = document.querySelector(".readiness-meter").getBoundingClientRect();
  return {
    figure: text(document.getElementById("readiness-figure")),
    word: text(document.querySelector(".readiness-block .readiness-unit")),
    block: block.width, meter: meter.width,
  };
}
"""

# Each point label of the radar (its lines' box, as Chart.js placed it), the canvas's width,
# and the radius of the web.
RADAR = f"""
() => {{
  const canvas = document.querySelector('canvas[data-chart-config="radar-config"]');
  const chart = Chart.getChart(canvas);
  const scale = chart.scales.r;
  return {{
    canvas: canvas.getBoundingClientRect().width,
    width: chart.width,
    radius: scale.drawingArea,
    labels: {RADAR_POINT_LABELS},
  }};
}}
"""


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_readiness_figure_and_its_word_read_as_one(
    live_server, page: Page, signed_in, viewport
):
    # QA: "ready" stood about 220 px right of "11.6%" at 1280 px and 77 px at 390 px: the
    # grid's two auto columns shared the card's width out between them.
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/report/")
    boxes = page.evaluate(FIGURE_AND_WORD)
    figure, word = boxes["figure"], boxes["word"]
    assert 0 <= word["left"] - figure["right"] <= 12, boxes  # a space's width or so
    assert word["top"] < figure["bottom"] and figure["top"] < word["bottom"], boxes  # one line
    assert boxes["meter"] >= boxes["block"] - 1, boxes  # the meter under them spans the card


@pytest.mark.parametrize("path", ["/report/", "/report/mlops-engineer/senior/"])
def test_on_a_phone_the_radar_takes_the_cards_width_and_its_labels_stay_apart(
    live_server, page: Page, signed_in, path
):
    # QA at 390 px: the web was 145 px across in a 332 px canvas, "Model optimization" and
    # "Machine learning" ran 5 px into each other under it (4 px apart in the card's width
    # alone: labels wrapped at 16 characters and set at 13 px took the room).
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    chart(page, "radar-config")  # drawn and laid out
    radar = page.evaluate(RADAR)
    card = page.locator(".chart-pair figure").first.evaluate("(f) => f.clientWidth")
    assert radar["canvas"] >= card - 1, (radar["canvas"], card)  # the card's whole width
    assert radar["radius"] >= 80, radar["radius"]
    labels = radar["labels"]
    for a, b in combinations(labels, 2):  # apart by more than a hair, one way or the other
        apart = max(b["left"] - a["right"], a["left"] - b["right"])
        apart = max(apart, b["top"] - a["bottom"], a["top"] - b["bottom"])
        assert apart >= 5, (a, b)
    for label in labels:
        assert label["left"] >= 0 and label["right"] <= radar["width"], label


def test_on_a_phone_only_the_radar_takes_the_cards_padding(live_server, page: Page, signed_in):
    # Review: the radar's phone rule (its frame over the card's padding) widened the readiness
    # points bars too, whose labels then ran to the card's edge. The bars keep the padding.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/report/")
    chart(page, "bars-config")  # drawn and laid out
    bars_card = page.locator(".chart-pair figure").nth(1)
    padding = bars_card.evaluate("(f) => parseFloat(getComputedStyle(f).paddingLeft)")
    inner = bars_card.evaluate("(f) => f.clientWidth") - 2 * padding
    frame = bars_card.locator(".chart-frame").evaluate("(el) => el.getBoundingClientRect().width")
    assert padding > 0 and abs(frame - inner) <= 1, (frame, inner)
