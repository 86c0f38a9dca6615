"""On a phone (390 px) a date ("1 Dec 2026") and a level ("Aware (1)") are each read whole, on
one line: a line may break between the two dates of a range, never inside either; and the
what-if panel's level controls line up in one column."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Plan
from assessments.services.plans import plan_item_check_off

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}

# A date as the pages write it ("1 Jan", "27 Jan 2030", "1 December 2026") and a level
# ("Working (3)", "None (0)").
WHOLE_PIECES = (
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*( \d{4})?\b"
    r"|\b(None|Aware|Beginner|Working|Advanced|Expert) \(\d\)"
)

# Each date and level in the text of `root` (across the elements it is split into): its text,
# and on how many lines it is drawn.
PIECE_LINES = """
(root, source) => {
  const nodes = []; const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = (offset) => {
    let k = nodes.length - 1;
    while (k > 0 && nodes[k][1] > offset) k--;
    return [nodes[k][0], offset - nodes[k][1]];
  };
  const found = [];
  for (const match of text.matchAll(new RegExp(source, "g"))) {
    const range = document.createRange();
    range.setStart(...at(match.index));
    range.setEnd(...at(match.index + match[0].length - 1));
    range.setEnd(range.endContainer, range.endOffset + 1);
    const tops = Array.from(range.getClientRects(), (r) => Math.round(r.bottom))
      .filter((bottom, i, all) => all.indexOf(bottom) === i);
    found.push({text: match[0], lines: tops.length});
  }
  return found;
}
"""


def broken_pieces(locator) -> tuple[list[dict], list[dict]]:
    """(every date and level of the elements `locator` finds, those drawn on 2+ lines)."""
    pieces = [p for each in locator.all() for p in each.evaluate(PIECE_LINES, WHOLE_PIECES)]
    return pieces, [p for p in pieces if p["lines"] != 1]


@pytest.mark.usefixtures("plans_start_ahead")
def test_on_a_phone_the_plans_dates_and_levels_stay_whole(page: Page, make_user, onboard, log_in):
    # "1 Jan – 27 Jan" ended a line and "2030" began the next; "Aware" ended one, "(1)" began
    # the next, on the month cards and in the Done list.
    user = onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    items = Plan.objects.get(user=user).items.order_by("order")
    for item in items[: len(items) // 2]:
        plan_item_check_off(user=user, item=item)
    page.set_viewport_size(PHONE)
    log_in("lin", "/accounts/login/?next=/plan/")
    for where in (page.locator(".month-card"), page.locator(".plan-done li")):
        pieces, broken = broken_pieces(where)
        assert len(pieces) > 10 and broken == [], broken
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# A what-if level among the other skills too: their list is open.
WHAT_IF = "/report/?whatif=1&level-pytorch=5&level-tensorflow=2&level-gpt-openai=4"


def test_on_a_phone_the_what_if_status_lines_keep_each_level_whole(
    live_server, page: Page, make_user, onboard, log_in
):
    # "Missing: needs Working (3); what-if Beginner" ended a line, "(2), saved level" began
    # the next.
    onboard(make_user("kim"), skills={"python": 1})  # Senior ML Engineer: 2 to 4 needed
    page.set_viewport_size(PHONE)
    log_in("kim", WHAT_IF)
    status = page.locator(".whatif-needs")
    expect(status.first).to_be_visible()
    pieces, broken = broken_pieces(status)
    assert len(pieces) >= 16 and broken == [], broken


# The controls narrower than their widest choice: the width each takes when left to size itself.
NARROWER_THAN_ITS_CHOICES = """
(all) => all.filter((select) => {
  const width = select.getBoundingClientRect().width;
  select.style.width = "max-content";
  select.style.maxWidth = "none";
  const natural = select.getBoundingClientRect().width;
  select.style.width = select.style.maxWidth = "";
  return width < natural - 0.5;
}).map((select) => select.id)
"""


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_what_if_level_controls_are_one_width_and_fit_the_panel(
    live_server, page: Page, make_user, onboard, log_in, viewport
):
    # A control whose choices hold "4 Advanced (needed)" was wider than one holding
    # "3 Working (needed)": their left edges zigzagged down the panel.
    onboard(make_user("kim"), skills={"python": 1})  # Senior ML Engineer: 2 to 4 needed
    page.set_viewport_size(viewport)
    log_in("kim", WHAT_IF)
    panel = page.get_by_role("region", name="What if?")
    controls = panel.get_by_role("combobox")
    expect(controls.first).to_be_visible()
    boxes = [each.bounding_box() for each in controls.all()]
    frame = panel.bounding_box()
    assert len(boxes) == 10
    assert len({round(box["x"]) for box in boxes}) == 1, boxes
    assert len({round(box["width"]) for box in boxes}) == 1, boxes
    assert all(box["x"] + box["width"] <= frame["x"] + frame["width"] for box in boxes), boxes
    # Each is as wide as its widest choice would make it alone ("4 Advanced (needed)" whole).
    cut = controls.evaluate_all(NARROWER_THAN_ITS_CHOICES)
    assert cut == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.usefixtures("plans_start_ahead")
def test_on_a_phone_a_finished_plan_keeps_the_day_its_items_were_done_whole(
    page: Page, make_user, onboard, log_in
):
    # "... every item was done by 1" ended a line and "December 2026." began the next; so did
    # "the last on 1" in "Every item of this plan is done: ...".
    user = onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    for item in Plan.objects.get(user=user).items.all():
        plan_item_check_off(user=user, item=item)
    page.set_viewport_size(PHONE)
    log_in("lin", "/accounts/login/?next=/plan/")
    # The one sentence that says so: "Finished on 1 December 2026, before its start on ...".
    sentences = page.locator("p").filter(has_text=re.compile(r"^Finished on "))
    expect(sentences).to_have_count(1)
    pieces, broken = broken_pieces(sentences)
    assert len(pieces) >= 2 and broken == [], broken


def test_on_a_laptop_the_saved_ads_list_keeps_each_saved_date_whole(
    live_server, page: Page, signed_in
):
    # With two long titles and long gap lists, the "Saved" column was the narrowest and its
    # date broke into "2 Dec" and "2026".
    from assessments.services.ads import job_ad_create

    for title in ("Machine Learning Engineer at Acme Robotics", "Senior Data Engineer, Payments"):
        job_ad_create(
            user=signed_in,
            title=title,
            text=f"{title}\n\nRequirements\n- Docker, Kubernetes, Airflow, Spark, Terraform\n",
        )
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/report/ads/")
    table = page.get_by_role("table", name="Your saved job ads")
    pieces, broken = broken_pieces(table.locator("tbody td .cell-value"))
    assert len([p for p in pieces if re.fullmatch(r"\d{1,2} \w{3} \d{4}", p["text"])]) == 2
    assert broken == []
