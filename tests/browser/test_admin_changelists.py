"""The project's admin lists at a laptop's width fit beside the filters, and a long label wraps in
its cell; on a phone too, its date whole."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.models import Snapshot
from market.services.snapshots import snapshot_create

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LONG_LABEL = "A" * 120
# A draft of one level and one skill, analysed on 2025-11-01.
FIGURES = {
    "figures": MarketFigures(
        levels=[LevelFigure(None, "all", 12, 150_000)],
        demands=[DemandFigure(None, "all", "Python", Decimal("50.0"), "Critical")],
    ),
    "source": "tests",
    "analysis_date": dt.date(2025, 11, 1),
}


def open_admin_list(page: Page, make_user, log_in, path: str, *, label: str, viewport: dict):
    """A superuser at `viewport` opens the admin list at `path` ("market/snapshot"), with a
    draft labelled `label`; the draft is returned."""
    snapshot = snapshot_create(**FIGURES, label=label)
    make_user("boss", is_staff=True, is_superuser=True)
    page.set_viewport_size(viewport)
    log_in("boss", f"/admin/{path}/")
    return snapshot


def table_width(page: Page) -> float:
    return page.locator("#result_list").evaluate("t => t.getBoundingClientRect().width")


@pytest.mark.parametrize("model", ["snapshot", "rolelevelstat", "skilldemand"])
def test_a_long_label_without_spaces_wraps_instead_of_widening_an_admin_list(
    live_server, page: Page, make_user, log_in, model
):
    # Before: a draft labelled with 120 characters and no space made the list's table
    # 1728-1817 px wide, scrolled sideways in a box of 631 px (the admin loads none of the
    # site's CSS, whose body wraps long words). Now it is as wide as with an ordinary label.
    snapshot = open_admin_list(
        page, make_user, log_in, f"market/{model}", label=LONG_LABEL, viewport=LAPTOP
    )
    expect(page.get_by_text(LONG_LABEL).first).to_be_visible()
    with_long_label = table_width(page)

    Snapshot.objects.filter(pk=snapshot.pk).update(label="Autumn refresh")
    page.reload()
    expect(page.get_by_text("Autumn refresh").first).to_be_visible()
    assert with_long_label <= table_width(page) + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def results_frame(page: Page) -> dict:
    """The list's table and the box it sits in, which scrolls sideways when the table is wider."""
    return page.locator("#result_list").evaluate(
        "(t) => ({table: t.getBoundingClientRect().width, box: t.parentElement.clientWidth,"
        " scroll: t.parentElement.scrollWidth})"
    )


@pytest.mark.parametrize(
    "path",
    [
        "market/snapshot",
        "market/rolelevelstat",
        "market/skilldemand",
        "market/skill",
        "assessments/leveldescriptor",
    ],
)
def test_the_projects_admin_lists_fit_a_laptop_without_scrolling_sideways(
    live_server, page: Page, make_user, log_in, path
):
    # Django keeps dates, foreign keys and headers on one line: the snapshots' table was 858 px
    # in a box of 631, the level descriptors' (a two-line box per row) 822 px.
    open_admin_list(page, make_user, log_in, path, label="Autumn refresh", viewport=LAPTOP)
    expect(page.locator("#result_list tbody tr").first).to_be_visible()
    frame = results_frame(page)
    assert frame["scroll"] <= frame["box"], frame
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


# How many lines the text `whole` takes where it first appears in `cell`'s text.
LINES_OF = """
(cell, whole) => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(whole);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + whole.length);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  }
  return null;
}
"""


@pytest.mark.parametrize("model", ["snapshot", "rolelevelstat", "skilldemand"])
def test_a_long_snapshot_labels_date_stays_whole_on_one_line_on_a_phone(
    live_server, page: Page, make_user, log_in, model
):
    # The label breaks anywhere so as not to widen the list; on a phone its date broke too,
    # "(2025-11-" on one line and "01)" on the next.
    open_admin_list(page, make_user, log_in, f"market/{model}", label=LONG_LABEL, viewport=PHONE)
    row = page.locator("#result_list tbody tr").filter(has_text=LONG_LABEL).first
    cell = row.locator("th, td").nth(1)  # the Snapshot column, after the checkbox
    expect(cell).to_contain_text(f"{LONG_LABEL} (2025-11-01)")
    assert cell.evaluate(LINES_OF, "(2025-11-01)") == 1


@pytest.mark.parametrize("model", ["rolelevelstat", "skilldemand"])
def test_a_long_snapshot_labels_date_stays_whole_in_the_figures_filter(
    live_server, page: Page, make_user, log_in, model
):
    # In the filters beside the list, 200 px wide, it broke as "(2025-" and "11-01)".
    open_admin_list(page, make_user, log_in, f"market/{model}", label=LONG_LABEL, viewport=LAPTOP)
    choice = page.locator("#changelist-filter").get_by_role("link", name=LONG_LABEL)
    expect(choice).to_contain_text(f"{LONG_LABEL} (2025-11-01)")
    assert choice.evaluate(LINES_OF, "(2025-11-01)") == 1


def test_each_level_descriptor_shows_its_whole_text_in_the_list_at_a_laptops_width(
    live_server, page: Page, make_user, log_in
):
    # The list's two-line boxes, narrowed to fit the list beside its filters, cut most
    # descriptions at a half-visible third line.
    open_admin_list(
        page, make_user, log_in, "assessments/leveldescriptor", label="Any", viewport=LAPTOP
    )
    boxes = page.locator("#result_list .field-description textarea")
    expect(boxes.first).to_be_visible()
    cut = boxes.evaluate_all(
        "(all) => all.filter((t) => t.scrollHeight > t.clientHeight + 1).map((t) => t.value)"
    )
    assert boxes.count() > 10 and cut == []


# Each row of a list (the header row first): the box of each cell shown, and whether its
# content runs out of it.
LIST_BOXES = """
(table) => Array.from(table.rows).map((row) => Array.from(row.cells)
  .filter((cell) => cell.getClientRects().length)
  .map((cell) => {
    const r = cell.getBoundingClientRect();
    return {text: cell.innerText.replace(/\\s+/g, " ").trim(), left: r.left, right: r.right,
            top: r.top, bottom: r.bottom, spills: cell.scrollWidth > cell.clientWidth + 0.5};
  }))
"""

PHONE_LISTS = [
    "market/snapshot",
    "market/rolelevelstat",
    "market/skilldemand",
    "market/skill",
    "assessments/leveldescriptor",
]


@pytest.mark.parametrize("path", PHONE_LISTS)
def test_the_projects_admin_lists_fit_a_phone_each_value_under_its_header(
    live_server, page: Page, make_user, log_in, path
):
    # At 390 px each list scrolled sideways in its box of 360 px (the snapshots' table was
    # 680 px wide, the figures' 514-640): what a row said past its third column was off-screen.
    open_admin_list(page, make_user, log_in, path, label="Autumn refresh", viewport=PHONE)
    first = page.locator("#result_list tbody tr").first
    expect(first).to_be_visible()
    frame = results_frame(page)
    assert frame["scroll"] <= frame["box"], frame
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    header, *rows = page.locator("#result_list").evaluate(LIST_BOXES)
    assert len(header) >= 3 and rows
    for row in rows[:25]:
        assert len(row) == len(header), row
        for cell, column in zip(row, header, strict=True):
            assert not cell["spills"], cell
            assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
            # Under its own header: the same left and right edges.
            assert abs(cell["left"] - column["left"]) <= 0.5, (cell, column)
            assert abs(cell["right"] - column["right"]) <= 0.5, (cell, column)
    # A row is still chosen by its checkbox and opened by its link.
    if path != "assessments/leveldescriptor":  # a fixed grid: no actions, no checkboxes
        expect(first.get_by_role("checkbox")).to_be_in_viewport()
    expect(first.get_by_role("link").first).to_be_in_viewport()
