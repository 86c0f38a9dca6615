"""Finding one skill among the taxonomy on My skills, the what-if panel next to readiness on
the report, and the gap table as cards on a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import SkillLevel, SkillLevelChange
from assessments.selectors import skills_page_for


def test_typing_in_the_skill_filter_leaves_only_matching_skills_and_says_how_many(
    live_server, page: Page, signed_in, csp_violations
):
    page.goto(f"{live_server.url}/skills/")
    skill_filter = page.get_by_label("Filter by name")
    skill_filter.fill("flow")
    expect(page.get_by_label("Airflow", exact=True)).to_be_visible()
    expect(page.get_by_label("Excel", exact=True)).to_be_hidden()
    # It filters every skill on the page, the target's and the others; other names count.
    every = [row.skill for group in page_groups(signed_in) for row in group.rows]
    found = sum(any("flow" in n.lower() for n in s.alias_list) for s in every)
    expect(page.get_by_role("status").filter(has_text="match")).to_have_text(
        f"{found} of {len(every)} skills match “flow”."
    )
    # The target's matching skills keep their place at the top; emptied groups and links go.
    expect(page.get_by_label("TensorFlow", exact=True)).to_be_visible()
    expect(page.get_by_label("Python", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile(r"^Cloud \("))).to_be_hidden()

    skill_filter.fill("zzz")
    expect(page.get_by_role("status").filter(has_text="No skill")).to_have_text(
        "No skill matches “zzz”."
    )
    skill_filter.press("Escape")
    expect(page.get_by_label("Excel", exact=True)).to_be_visible()

    skill_filter.fill("flow")
    page.get_by_label("Airflow", exact=True).select_option("2")
    expect(page.locator("#save-status")).to_contain_text("Saved: Airflow is now Beginner (2).")
    assert csp_violations == []


def page_groups(user):
    """My skills' groups as the page lists them: the target's first, then the others."""
    page = skills_page_for(user=user, profile=user.profile)
    return [page.target_group, *page.other_groups]


def test_the_skill_filter_finds_skills_in_the_target_and_among_the_others_and_counts_them(
    live_server, page: Page, signed_in, csp_violations
):
    # Its hint says "torch", yet it searched only "Other skills": PyTorch, which the target
    # asks for above, stayed with every other target skill, and each kind's link kept its
    # full count ("Infrastructure & MLOps (10)" over one skill shown).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/skills/")
    page.get_by_label("Filter by name").fill("torch")
    expect(page.get_by_label("PyTorch", exact=True)).to_be_visible()  # the target's
    expect(page.get_by_label("Model serving", exact=True)).to_be_visible()  # "TorchServe"
    for other in ["TensorFlow", "Python", "SQL", "Excel", "Docker"]:
        expect(page.get_by_label(other, exact=True)).to_be_hidden()
    groups = page_groups(signed_in)
    total = sum(len(group.rows) for group in groups)
    expect(page.get_by_role("status").filter(has_text="match")).to_have_text(
        f"2 of {total} skills match “torch”."
    )
    kinds = page.get_by_role("navigation", name="Kinds of skill").get_by_role("link")
    expect(kinds).to_have_text(["Infrastructure & MLOps (1)"])  # the others are hidden
    # The count is text of its pill, not a pill drawn inside it.
    count_border = "(el) => getComputedStyle(el).borderTopWidth"
    assert kinds.first.locator("span").evaluate(count_border) == "0px"
    page.get_by_label("Filter by name").press("Escape")
    expect(kinds).to_have_text([f"{g.title} ({len(g.rows)})" for g in groups[1:]])
    expect(page.get_by_label("Python", exact=True)).to_be_visible()
    assert csp_violations == []


def test_without_javascript_my_skills_shows_every_skill_and_no_filter(
    live_server, page_without_javascript: Page, signed_in
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/skills/")
    rows = sum(len(group.rows) for group in page_groups(signed_in))
    expect(page.locator(".skill-row select:visible")).to_have_count(rows)
    expect(page.get_by_label("Filter by name")).to_be_hidden()


def test_the_skill_filter_looks_like_the_other_fields(live_server, page: Page, signed_in):
    # The site's field style left out type=search: the filter was the browser's own thin box,
    # about half as tall as the level selects beside it, with a different border.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/skills/")
    style = """(el) => { const s = getComputedStyle(el);
      return {height: el.getBoundingClientRect().height, border: s.borderTopColor,
              radius: s.borderTopLeftRadius, padding: s.paddingLeft}; }"""
    field = page.get_by_label("Filter by name").evaluate(style)
    select = page.get_by_label("Python", exact=True).evaluate(style)
    assert field["height"] >= select["height"] - 1, (field, select)
    assert (field["border"], field["radius"], field["padding"]) == (
        select["border"],
        select["radius"],
        select["padding"],
    ), (field, select)


def test_what_if_panel_beside_readiness_updates_it_and_the_table_and_saves_nothing(
    live_server, page: Page, signed_in, csp_violations
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/report/")
    figure = page.locator("#readiness-figure")
    real = figure.inner_text()
    panel = page.get_by_role("region", name="What if?")
    # Without scrolling: the panel sits next to the readiness summary.
    expect(panel).to_be_in_viewport()
    expect(figure).to_be_in_viewport()
    expect(panel.get_by_text("Missing: needs Advanced (4)").first).to_be_visible()
    tensorflow = panel.get_by_label("TensorFlow (what-if level)")
    expect(tensorflow.locator("option[selected]")).to_have_text("0 None")
    expect(tensorflow.locator("option", has_text="(needed)")).to_have_text("4 Advanced (needed)")

    tensorflow.select_option("4")
    expect(page.get_by_text("What-if view: these levels are not saved.")).to_be_visible()
    expect(figure).not_to_have_text(real)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="TensorFlow"))
    expect(row.get_by_role("cell").nth(3)).to_have_text("Advanced (4)", use_inner_text=True)
    expect(page.get_by_text("TensorFlow: you are at Advanced (4)")).to_be_visible()

    assert not SkillLevel.objects.filter(user=signed_in, skill__slug="tensorflow").exists()
    assert SkillLevelChange.objects.filter(user=signed_in).count() == 1
    page.get_by_role("link", name="Back to your real levels").first.click()
    expect(figure).to_have_text(real)
    assert csp_violations == []


def test_a_what_if_level_changes_the_status_line_its_select_is_described_by(
    live_server, page: Page, signed_in, csp_violations
):
    # Before: "Missing: needs Advanced (4); you are at None (0)" stayed beside TensorFlow
    # set to 5 Expert: the line gave the saved level's verdict.
    page.goto(f"{live_server.url}/report/")
    panel = page.get_by_role("region", name="What if?")
    tensorflow = panel.get_by_label("TensorFlow (what-if level)")
    expect(tensorflow).to_have_accessible_description(
        "Missing: needs Advanced (4); you are at None (0)"
    )
    tensorflow.focus()
    tensorflow.select_option("5")
    expect(page.get_by_text("What-if view: these levels are not saved.")).to_be_visible()
    expect(tensorflow).to_have_accessible_description(
        "Met: needs Advanced (4); what-if Expert (5), saved level None (0)"
    )
    expect(tensorflow).to_be_focused()  # only the line was swapped, not the select
    expect(tensorflow).to_have_value("5")
    assert csp_violations == []


def largest_gap(page: Page) -> str:
    """The skill of the gap table's first row that costs readiness points: the largest gap."""
    table = page.get_by_role("table", name=re.compile("^Every skill"))
    row = table.get_by_role("row").filter(has_text=re.compile(r"\d points"))
    return row.first.get_by_role("rowheader").inner_text()


def test_the_worked_example_follows_each_what_if_and_role_the_page_shows(
    live_server, page: Page, signed_in, csp_violations
):
    # With JavaScript the example kept the saved levels' largest gap beside a what-if table.
    page.goto(f"{live_server.url}/report/")
    method = page.get_by_role("region", name="How this is computed")
    saved = largest_gap(page)
    expect(method).to_contain_text(f"For example, your largest gap, {saved} at")

    panel = page.get_by_role("region", name="What if?")
    panel.get_by_label(f"{saved} (what-if level)").select_option("5")
    expect(page.get_by_text("What-if view: these levels are not saved.")).to_be_visible()
    what_if = largest_gap(page)
    assert what_if != saved
    expect(method).to_contain_text(f"For example, your largest gap, {what_if} at")
    expect(method).to_contain_text(f": for {what_if}, 100 ×")
    # ...and the readiness history says it is not the what-if (it said so only without it).
    history = page.get_by_role("region", name="Readiness over time")
    expect(history.locator("caption")).to_contain_text("with your saved levels (not the what-if)")

    switcher = page.get_by_role("navigation", name="Other roles and seniorities")
    switcher.get_by_role("link", name="Mid-level LLM/GenAI Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gap report: Mid-level LLM/GenAI Engineer"
    )
    expect(method).to_contain_text(f"For example, your largest gap, {largest_gap(page)} at")
    assert csp_violations == []


def test_on_a_phone_the_gap_table_is_a_stack_of_cards_without_sideways_scrolling(
    live_server, page: Page, signed_in, csp_violations
):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/report/")
    table = page.get_by_role("table", name=re.compile("^Every skill Senior ML Engineer asks for"))
    expect(table).to_be_visible()
    python = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Python"))
    share = python.get_by_role("cell").first
    expect(share).to_be_visible()
    # Each line of the card reads "label  value": the column's name is shown beside it.
    expect(share).to_have_text(re.compile(r"^Share of postings\s*81\.3%$"), use_inner_text=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    assert csp_violations == []


# The gap table's frame, the table and its Why column, as boxes.
GAP_TABLE_BOXES = """
(table) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right};
  };
  const frame = table.parentElement;
  return {frame: box(frame), table: box(table), scroll: frame.scrollWidth,
    client: frame.clientWidth, why: box(table.querySelector("thead th:last-child")),
    whyCells: Array.from(table.querySelectorAll("tbody td.why")).map(box)};
}
"""


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/report/", "Senior ML Engineer"),
        ("/report/mlops-engineer/senior/", "Senior MLOps Engineer"),
    ],
)
def test_on_a_laptop_the_gap_table_fits_without_scrolling_and_shows_why(
    live_server, page: Page, signed_in, csp_violations, path, target
):
    # At 1280 px the table was 1,297 px wide in a 1,120 px box: Why was cut off at the right.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{path}")
    table = page.get_by_role("table", name=re.compile(f"^Every skill {target} asks for"))
    expect(table.get_by_role("columnheader")).to_have_count(9)
    expect(table.get_by_role("columnheader").last).to_have_text("Why")
    python = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Python"))
    expect(python.get_by_role("cell")).to_have_count(8)
    expect(python.get_by_role("cell").last).to_contain_text("you are at Working (3)")
    boxes = table.evaluate(GAP_TABLE_BOXES)
    assert boxes["scroll"] <= boxes["client"], boxes  # nothing to scroll sideways
    assert boxes["table"]["right"] <= boxes["frame"]["right"] + 0.5, boxes
    for cell in [boxes["why"], *boxes["whyCells"]]:
        assert cell["right"] <= boxes["frame"]["right"] + 0.5, boxes
        assert cell["right"] - cell["left"] >= 12 * 16, boxes  # Why stays a readable column
    assert csp_violations == []
