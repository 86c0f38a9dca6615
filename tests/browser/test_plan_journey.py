import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Plan
from assessments.services.plans import plan_item_check_off

pytestmark = pytest.mark.usefixtures("plans_start_ahead")


def test_open_plan_change_hours_check_off_and_see_readiness_rise(
    page: Page, csp_violations, make_user, onboard, log_in
):
    onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    log_in("lin", "/accounts/login/?next=/plan/")

    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.get_by_role("heading", name="in about 10 months at 10 h/week")).to_be_visible()
    expect(page.locator("canvas[data-chart-ready=true]")).to_have_count(1)
    expect(page.locator("#readiness-now")).to_have_text("0.0%")

    hours = page.get_by_label("Hours per week")
    hours.fill("5")
    hours.press("Tab")  # a change re-plans at once
    expect(page.locator("#announcer")).to_contain_text("9 months later (was October 2030)")
    expect(
        page.get_by_role("paragraph").filter(has_text="Re-planned: you finish in July 2031")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="in about 19 months at 5 h/week")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/plan/$"))

    # htmx writes carry the token from hx-headers: no script can read the CSRF cookie.
    assert "csrftoken" in {cookie["name"] for cookie in page.context.cookies()}
    assert "csrftoken" not in page.evaluate("document.cookie")
    page.get_by_role("button", name="Mark TensorFlow 0 → 3 done").click()
    expect(page.locator("#readiness-now")).to_have_text("21.8%")
    expect(page.get_by_role("button", name="Undo TensorFlow 0 → 3")).to_be_visible()
    expect(page.locator("canvas[data-chart-ready=true]")).to_have_count(1)
    assert csp_violations == []


PHASES = ["Foundations", "ML Fundamentals", "Deep Learning", "Specialization"]


def control_top(locator) -> float:
    return locator.bounding_box()["y"]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_check_off_and_undo_keep_the_place_and_the_focus_and_say_what_changed(
    page: Page, csp_violations, make_user, onboard, log_in, size
):
    onboard(make_user("sam"), background="other", seniority="mid", hours=10)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in("sam", "/accounts/login/?next=/plan/")
    # Content the swap replaces may carry an empty style attribute (set through the CSSOM,
    # as scripts and browser extensions do): htmx must not copy it onto the new content.
    page.locator("#readiness-now").evaluate(
        "el => { el.style.color = 'red'; el.style.color = ''; }"
    )

    mark = page.get_by_role("button", name="Mark PyTorch 0 → 3 done")
    mark.scroll_into_view_if_needed()
    page.mouse.wheel(0, 150)  # somewhere down the month cards, not at an edge
    expect(mark).to_be_in_viewport()
    top, scrolled = control_top(mark), page.evaluate("window.scrollY")
    assert scrolled > 1000
    mark.click()

    undo = page.get_by_role("button", name="Undo PyTorch 0 → 3")
    expect(undo).to_be_focused()
    assert abs(control_top(undo) - top) <= 2  # where the pressed button was
    expect(page.locator("#announcer")).to_have_text("Done: PyTorch is now at level 3.")
    card = page.get_by_role("listitem").filter(has=undo).first
    expect(card).to_contain_text("Done")

    page.keyboard.press("Enter")  # undo from the keyboard, where the focus now is
    mark = page.get_by_role("button", name="Mark PyTorch 0 → 3 done")
    expect(mark).to_be_focused()
    assert abs(control_top(mark) - top) <= 2
    expect(page.locator("#announcer")).to_have_text("Undone: PyTorch is back in the plan.")
    expect(page.get_by_role("heading", name="You are ahead of the calendar")).to_have_count(0)
    assert csp_violations == []


def test_without_javascript_a_check_off_is_confirmed_beside_the_item_the_page_returns_to(
    live_server, page_without_javascript: Page
):
    # Before: the page came back scrolled to the item, and said "Done: ..." at its top, out
    # of view.
    page = page_without_javascript
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/plan/")
    mark = page.get_by_role("button", name=re.compile(r"^Mark .* done$")).last
    skill = re.fullmatch(r"Mark (.+) \d → \d done", mark.inner_text())[1]
    mark.click()

    expect(page).to_have_url(re.compile(r"/plan/#plan-item-\d+$"))
    assert page.evaluate("window.scrollY") > 1000  # far down the month cards
    expect(page.get_by_text(f"Done: {skill} is now at level")).to_be_in_viewport()
    expect(page.locator("#messages")).not_to_contain_text("Done:")


def test_without_javascript_a_check_off_returns_with_the_items_title_in_view(
    live_server, page_without_javascript: Page
):
    # Before: the page came back with the item's button flush at the top of the window, its
    # title (the skill, its levels and hours) scrolled out above it.
    page = page_without_javascript
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/plan/")
    # One far enough from the plan's end for the page to scroll it to the top of the window.
    page.get_by_role("button", name=re.compile(r"^Mark .* done$")).nth(3).click()

    button_id = page.url.rsplit("#", 1)[1]
    item = page.locator(f"li.plan-item:has(#{button_id})")
    assert page.evaluate("window.scrollY") > 500
    expect(item.locator(".plan-item-title")).to_be_in_viewport(ratio=1)
    expect(page.locator(f"#{button_id}")).to_be_in_viewport(ratio=1)


def test_without_javascript_an_undo_from_the_done_list_is_confirmed_beside_the_item_again(
    live_server, page_without_javascript: Page
):
    # An item checked off before a re-plan is listed under "Done" and comes back as a new
    # row. Before: the page went to the old row's id, which it no longer has, and said
    # "Undone: ..." at its top, out of view of the item.
    page = page_without_javascript
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/plan/")
    mark = page.get_by_role("button", name=re.compile(r"^Mark .* done$")).nth(2)
    skill = re.fullmatch(r"Mark (.+) \d → \d done", mark.inner_text())[1]
    mark.click()
    page.get_by_role("button", name="Re-plan", exact=True).click()
    done = page.get_by_role("region", name="Done")
    undo = done.get_by_role("button", name=re.compile(rf"^Undo {re.escape(skill)} "))
    old_id = undo.get_attribute("id")

    undo.click()

    expect(page).to_have_url(re.compile(r"/plan/#plan-item-\d+$"))
    new_id = page.url.rsplit("#", 1)[1]
    assert new_id != old_id
    button = page.locator(f"#{new_id}")
    expect(button).to_have_text(re.compile(rf"^Mark {re.escape(skill)} .* done$"))
    expect(button).to_be_in_viewport()
    expect(page.get_by_text(f"Undone: {skill} is back in the plan.")).to_be_in_viewport()
    expect(page.locator("#messages")).not_to_contain_text("Undone:")


def test_a_control_pressed_the_moment_it_appears_is_sent_by_htmx_not_as_a_page_load(
    page: Page, csp_violations, make_user, onboard, log_in
):
    # htmx binds swapped-in content when it settles (base.html's htmx-config: at once). With
    # its default 20 ms, the Undo a double click on "Mark done" lands on was a plain form:
    # a whole page load, the focus thrown to the top.
    onboard(make_user("ari"), background="other", seniority="mid", hours=10)
    log_in("ari", "/accounts/login/?next=/plan/")
    page.wait_for_load_state("load")  # log_in returns at the new address, maybe before this
    # A page load would start a new window object: this mark would be gone.
    page.evaluate("() => { window.samePage = true; }")
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", () => setTimeout(() => {
             [...document.querySelectorAll("#plan-body button")]
               .find((b) => b.textContent.startsWith("Undo PyTorch")).click(); }),
           { once: true })"""
    )
    page.get_by_role("button", name="Mark PyTorch 0 → 3 done").click()

    expect(page.locator("#announcer")).to_have_text("Undone: PyTorch is back in the plan.")
    mark = page.get_by_role("button", name="Mark PyTorch 0 → 3 done")
    expect(mark).to_be_focused()
    assert page.evaluate("() => window.samePage") is True
    assert csp_violations == []


def test_the_default_order_goes_phase_by_phase_and_the_quickest_order_is_remembered(
    page: Page, csp_violations, make_user, onboard, log_in
):
    onboard(make_user("kai"), background="other", seniority="mid", hours=10)
    log_in("kai", "/accounts/login/?next=/plan/")

    def month_phases() -> list[str]:
        return page.locator(".month-card h3 .phase").all_inner_texts()

    phases = month_phases()
    assert [PHASES.index(p) for p in phases] == sorted(PHASES.index(p) for p in phases)
    expect(page.get_by_label("Phase by phase")).to_be_checked()

    page.get_by_label("Quickest readiness gain").check()  # a change re-plans at once
    expect(
        page.get_by_role("paragraph").filter(has_text="Order: quickest readiness gain.")
    ).to_be_visible()
    quickest = month_phases()
    assert quickest != phases

    page.reload()
    expect(page.get_by_label("Quickest readiness gain")).to_be_checked()
    assert month_phases() == quickest
    assert csp_violations == []


# Each "· done <date>" the page shows: is its "·" on the line of the text before it, and its
# date's year on that line too?
DONE_ON_LINES = """
(root) => {
  const top = (node, i) => { const r = document.createRange(); r.setStart(node, i);
    r.setEnd(node, i + 1); return Math.round(r.getClientRects()[0].top); };
  const nodes = []; const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const found = [];
  nodes.forEach((node, n) => {
    const match = /· done \\d+ \\w+ \\d{4}/.exec(node.data);
    if (!match) return;
    let before = null;  // the last character before the "·" that is not a space
    for (let k = n, i = match.index - 1; k >= 0 && before === null; k--, i = null) {
      const text = nodes[k].data;
      for (let j = i === null ? text.length - 1 : i; j >= 0; j--) {
        if (text[j].trim()) { before = top(nodes[k], j); break; }
      }
    }
    const end = match.index + match[0].length - 1;
    found.push({text: match[0], before: before, dot: top(node, match.index), year: top(node, end)});
  });
  return found;
}
"""


def test_on_a_phone_each_done_date_stays_on_the_line_of_the_item_it_follows(
    page: Page, make_user, onboard, log_in
):
    # "· done 1 Dec 2026" started a line of its own at 390 px, cut from the dates or hours
    # before it.
    user = onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    for item in Plan.objects.get(user=user).items.order_by("order"):
        plan_item_check_off(user=user, item=item)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("lin", "/accounts/login/?next=/plan/")
    lines = page.locator("main").evaluate(DONE_ON_LINES)
    assert len(lines) > 10, lines  # on the month cards and in the Done list
    assert [each for each in lines if not (each["before"] == each["dot"] == each["year"])] == [], (
        lines
    )


SCROLL_CUE = """async box => {
  // The bar follows the scroll timeline from the next frame.
  for (let i = 0; i < 2; i++) await new Promise(done => requestAnimationFrame(done));
  const cue = getComputedStyle(box, "::after");
  const frame = box.getBoundingClientRect();
  const rows = [...box.querySelectorAll("tbody tr")].map(row => row.getBoundingClientRect());
  return {
    shown: cue.visibility === "visible" && cue.display !== "none",
    text: cue.content,
    overflows: box.scrollHeight > box.clientHeight,
    lastSeen: rows.length > 0 && rows[rows.length - 1].bottom <= frame.bottom + 1,
  };
}"""


def test_the_readiness_table_beside_the_chart_says_more_months_follow_until_its_end(
    page: Page, make_user, onboard, log_in
):
    # At 1280 px the table of a long plan sat in a box the chart's height, a row cut in half
    # at its bottom edge and nothing saying more months followed.
    onboard(make_user("lin"), background="other", seniority="mid", hours=2)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in("lin", "/accounts/login/?next=/plan/")
    table = page.get_by_role("table", name="Projected readiness at the end of each month")
    assert table.locator("tbody tr").count() > 40
    box = table.locator("xpath=..")
    start = box.evaluate(SCROLL_CUE)
    assert start["overflows"] and start["shown"], start
    assert "More months below" in start["text"], start
    box.evaluate("box => box.scrollTo(0, box.scrollHeight)")
    expect(table.get_by_role("row").last).to_be_visible()
    end = box.evaluate(SCROLL_CUE)
    assert end["lastSeen"] and not end["shown"], end


def test_a_long_plans_scroll_cue_is_not_printed(page: Page, make_user, onboard, log_in):
    # On paper the whole table prints (print.css): a "More months below" bar would sit on it.
    onboard(make_user("lin"), background="other", seniority="mid", hours=2)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in("lin", "/accounts/login/?next=/plan/")
    table = page.get_by_role("table", name="Projected readiness at the end of each month")
    box = table.locator("xpath=..")
    assert box.evaluate(SCROLL_CUE)["shown"]  # on screen it is there
    page.emulate_media(media="print")
    cue = box.evaluate(SCROLL_CUE)
    assert not cue["overflows"] and not cue["shown"], cue


def test_a_short_plans_readiness_table_has_no_scroll_cue(page: Page, make_user, onboard, log_in):
    onboard(make_user("lin"), background="other", seniority="mid", hours=40)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in("lin", "/accounts/login/?next=/plan/")
    table = page.get_by_role("table", name="Projected readiness at the end of each month")
    cue = table.locator("xpath=..").evaluate(SCROLL_CUE)
    assert not cue["overflows"] and not cue["shown"], cue
