"""Market tables on a phone (390 x 844): a role and seniority's skill table and the career
paths' salary tables show every column without scrolling sideways, each row's name above its
figures."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_phone_layout import PHONE, browser_roles

# Each body row of a table: its cells' text and box, whether a cell's content runs out of it,
# and for each figure written in the cell ("81.3%", "about 2,319", "of 2,853") on how many lines
# it is written.
ROWS = """
(table) => Array.from(table.tBodies[0].rows).map((row) => Array.from(row.cells).map((cell) => {
  const r = cell.getBoundingClientRect();
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const figureLines = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/(?:(?:about|of)\\s)?[0-9][0-9,.]*%?/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      figureLines.push(new Set(Array.from(range.getClientRects(), (b) => Math.round(b.top))).size);
    }
  }
  return {text: cell.innerText.replace(/\\s+/g, " ").trim(), left: r.left, right: r.right,
          top: r.top, spills: cell.scrollWidth > cell.clientWidth + 0.5, figureLines};
}))
"""


def test_skill_table_shows_every_column_on_a_phone_without_scrolling_sideways(
    live_server, page: Page, db, csp_violations
):
    # It scrolled sideways inside its box: "Postings asking" was off-screen ("about 2" showed)
    # and the Priority badges were cut at the screen's edge.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/ml-engineer/senior/")
    table = page.get_by_role(
        "table", name="Share of Senior ML Engineer postings that mention each skill"
    )
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Skill", "Share of postings", "Priority", "Postings asking"]
    )
    frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    rows = table.evaluate(ROWS)
    assert [cell["text"] for cell in rows[0]] == [
        "TensorFlow",
        "91.9%",
        "Critical",
        "about 2,622 of 2,853",
    ]
    for heading, *figures in rows:
        assert heading["left"] >= 0 and heading["right"] <= PHONE["width"], heading
        assert len(figures) == 3, figures
        assert len({figure["top"] for figure in figures}) == 1, figures  # on one row
        assert len(figures[-1]["figureLines"]) == 2, figures  # "about 2,622", "of 2,853"
        for figure in figures:
            assert figure["left"] >= 0 and figure["right"] <= PHONE["width"], figure
            assert not figure["spills"], figure
            assert set(figure["figureLines"]) <= {1}, figure  # each figure whole
    # A screen reader still gets a table: each figure's row and column headers.
    roles = browser_roles(page)
    assert {("columnheader", "Postings asking"), ("rowheader", "TensorFlow")} <= roles
    assert csp_violations == []


def test_career_paths_salary_tables_show_every_column_on_a_phone(live_server, page: Page, db):
    # They scrolled sideways inside their cards: "Explore" (the link to each step's market
    # page) was off-screen, and "To" was cut at the card's edge.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/paths/")
    tables = page.get_by_role("table", name=re.compile(r"^Salary progression, "))
    expect(tables).to_have_count(4)
    for table in tables.all():
        expect(table.get_by_role("columnheader")).to_have_text(["Step", "From", "To", "Explore"])
        frame = table.evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        assert frame[0] <= frame[1], frame  # nothing to scroll sideways
        for heading, *figures in table.evaluate(ROWS):
            assert heading["left"] >= 0 and heading["right"] <= PHONE["width"], heading
            assert len({figure["top"] for figure in figures}) == 1, figures  # on one row
            for figure in figures:
                assert figure["left"] >= 0 and figure["right"] <= PHONE["width"], figure
                assert not figure["spills"], figure
                assert set(figure["figureLines"]) <= {1}, figure  # "$215,000" whole
    rows = tables.first.evaluate(ROWS)
    assert [cell["text"] for cell in rows[0]] == [
        "Entry → Mid-Level",
        "$180,000",
        "$215,000",
        "Mid-level ML Engineer",
    ]
    assert ("rowheader", "Entry → Mid-Level") in browser_roles(page)
