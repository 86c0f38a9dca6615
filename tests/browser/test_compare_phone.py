"""The market's comparisons on a phone (390 x 844): the TensorFlow-vs-PyTorch table and the
largest mid-to-senior differences show every column without scrolling sideways inside their
box, and a screen reader still gets tables with their captions and headers."""

import re

from playwright.sync_api import Page, expect

from market.models import Snapshot
from tests.browser.test_market_detail_phone import ROWS, browser_roles
from tests.browser.test_phone_layout import PHONE, assert_cards_readable
from tests.market.test_explorer_pages import publish_changed

FRAMEWORK_COLUMNS = [
    "Role",
    "TensorFlow (mid)",
    "PyTorch (mid)",
    "More asked for (mid)",
    "TensorFlow (senior)",
    "PyTorch (senior)",
    "More asked for (senior)",
]
FRAME = "(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"


def test_the_framework_table_is_a_card_per_role_on_a_phone(live_server, page: Page, db):
    # Its 7 columns scrolled sideways inside their box (704 px of content in 366).
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/compare/")
    table = page.get_by_role(
        "table", name="Share of postings mentioning TensorFlow and PyTorch, by role"
    )
    expect(table.get_by_role("columnheader")).to_have_text(FRAMEWORK_COLUMNS)
    frame = table.evaluate(FRAME)
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    assert_cards_readable(page, table)
    # Each figure beside its column's name, and each role's name above them.
    first = table.locator("tbody tr").first
    labels = first.locator(".cell-label").all_inner_texts()
    assert labels == FRAMEWORK_COLUMNS[1:]
    heading = first.get_by_role("rowheader").bounding_box()
    assert heading["y"] + heading["height"] <= first.locator("td").first.bounding_box()["y"] + 1
    roles = browser_roles(page)
    assert ("columnheader", "TensorFlow (senior)") in roles
    assert ("rowheader", first.get_by_role("rowheader").inner_text()) in roles


def test_the_mid_to_senior_table_names_each_row_by_role_and_skill_on_a_phone(
    live_server, page: Page, db
):
    # It scrolled sideways inside its box (452 px of content in 366), and its rows' first cell,
    # the role, was a plain cell: a screen reader named a row by its skill alone.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/compare/")
    table = page.get_by_role(
        "table", name="Skills whose share changes most from mid-level to senior postings"
    )
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Role", "Skill", "Mid-level", "Senior", "Change"]
    )
    frame = table.evaluate(FRAME)
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    rows = table.evaluate(ROWS)
    assert rows
    for role, skill, *figures in rows:
        assert role["text"] and skill["text"]
        assert role["top"] < skill["top"], (role, skill)  # the role above the skill
        for name in (role, skill):
            assert name["left"] >= 0 and name["right"] <= PHONE["width"], name
        assert len(figures) == 3, figures
        assert len({figure["top"] for figure in figures}) == 1, figures  # on one row
        assert skill["top"] < figures[0]["top"], (skill, figures)
        for figure in figures:
            assert figure["left"] >= 0 and figure["right"] <= PHONE["width"], figure
            assert not figure["spills"], figure
            assert set(figure["figureLines"]) <= {1}, figure  # each figure whole
    # Both the role and the skill name the row for a screen reader.
    first = table.locator("tbody tr").first
    expect(first.get_by_role("rowheader")).to_have_count(2)
    roles = browser_roles(page)
    assert {("rowheader", rows[0][0]["text"]), ("rowheader", rows[0][1]["text"])} <= roles
    assert ("columnheader", "Change") in roles


def test_the_largest_moves_between_snapshots_fit_a_phone(live_server, page: Page, db):
    # Its 6 columns scrolled sideways inside their box, and a row was named by its skill alone
    # though the role and the seniority tell it apart from the others.
    publish_changed(
        Snapshot.objects.get(is_current=True),
        "ML Engineer,mid,,,PyTorch,56.3,High",
        "ML Engineer,mid,,,PyTorch,70.3,Critical",
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/market/compare/")
    table = page.get_by_role("table", name=re.compile(r"^Shares that moved most from "))
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Role", "Seniority", "Skill", "Before", "After", "Change"]
    )
    frame = table.evaluate(FRAME)
    assert frame[0] <= frame[1], frame  # nothing to scroll sideways
    rows = table.evaluate(ROWS)
    assert [cell["text"] for cell in rows[0]] == [
        "ML Engineer",
        "Mid-level",
        "PyTorch",
        "56.3%",
        "70.3%",
        "+14.0 pts",
    ]
    for *names, before, after, change in rows:
        assert [name["top"] for name in names] == sorted({name["top"] for name in names})
        assert len({before["top"], after["top"], change["top"]}) == 1  # on one row
        for cell in (*names, before, after, change):
            assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
            assert not cell["spills"], cell
    expect(table.locator("tbody tr").first.get_by_role("rowheader")).to_have_count(3)
