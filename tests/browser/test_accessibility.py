"""What a keyboard or screen-reader user needs beyond what axe-core checks on every page
(`test_axe.py`): a working skip link, and the main control of a page operable from the
keyboard alone, with focus kept in place across htmx swaps."""

import re

from playwright.sync_api import Page, expect


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Presses Tab until the locator's element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} is not reachable with Tab")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(live_server, page: Page):
    page.goto(f"{live_server.url}/market/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_a_keyboard_user_rates_a_skill_and_readiness_updates(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/skills/")
    readiness = page.locator("#readiness-now")
    before = readiness.inner_text()
    tensorflow = page.get_by_label("TensorFlow", exact=True)
    tab_to(page, tensorflow)
    page.keyboard.press("ArrowDown")  # a closed select steps to the next level

    expect(page.locator("#save-status")).to_contain_text("Saved: TensorFlow is now Aware (1)")
    expect(readiness).not_to_have_text(before)
    expect(tensorflow).to_be_focused()
    expect(tensorflow).to_have_value("1")
    assert csp_violations == []


def test_switching_seniority_from_the_keyboard_keeps_focus_and_updates_title_and_chart(
    live_server, page: Page, csp_violations
):
    page.goto(f"{live_server.url}/market/ml-engineer/senior/")
    chart = page.locator('canvas[data-chart-config="detail-chart"]')
    expect(chart).to_have_attribute("data-chart-ready", "true")
    before = chart.get_attribute("data-chart-values")
    mid = page.get_by_role("navigation", name="Seniority").get_by_role("link", name="Mid")
    tab_to(page, mid)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/market/ml-engineer/mid/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mid")
    expect(page).to_have_title(re.compile(r"^Mid-level ML Engineer · Market"))
    now_mid = page.get_by_role("navigation", name="Seniority").get_by_role("link", name="Mid")
    expect(now_mid).to_be_focused()
    expect(now_mid).to_have_attribute("aria-current", "page")
    expect(chart).not_to_have_attribute("data-chart-values", before or "")
    assert csp_violations == []


def test_checking_off_a_plan_item_from_the_keyboard_reads_out_what_changed(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/plan/")
    mark = page.get_by_role("button", name=re.compile(r"^Mark ")).first
    mark.focus()
    page.keyboard.press("Enter")

    # Focus goes to the control that replaced the button; the live region says what changed.
    undo = page.get_by_role("button", name=re.compile(r"^Undo "))
    expect(undo).to_have_count(1)
    expect(undo).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Done:")
    assert csp_violations == []


def test_a_table_wider_than_the_screen_is_a_named_scrollable_region(
    live_server, page: Page, csp_violations
):
    # On a phone the compare page's tables are cards now; on a small tablet the framework
    # table (7 columns) is still wider than its box.
    page.set_viewport_size({"width": 700, "height": 800})
    page.goto(f"{live_server.url}/market/compare/")
    region = page.get_by_role(
        "region",
        name="Share of postings mentioning TensorFlow and PyTorch, by role (scrolls sideways)",
    )
    expect(region).to_have_attribute("tabindex", "0")
    assert csp_violations == []


def test_a_table_that_scrolls_only_up_and_down_is_not_said_to_scroll_sideways(
    live_server, page: Page, signed_in, csp_violations
):
    # The plan's projected-readiness table beside its chart scrolls up and down in its box; its
    # region's name said "(scrolls sideways)".
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/plan/")
    region = page.get_by_role("region", name=re.compile(r"^Projected readiness at the end"))
    expect(region).to_have_attribute("aria-label", re.compile(r"\(scrolls up and down\)$"))
    assert csp_violations == []


def test_the_admin_s_autocomplete_search_boxes_are_named_after_their_field(
    live_server, page: Page, make_user, log_in, csp_violations
):
    """Select2's own search box had no name (an "edit" with nothing to say what for): on the
    timeline phase admin each item's Skills box, a row added later and a single choice's
    drop-down box are named after their field."""
    from market.models import Skill, TimelinePhase

    make_user("boss", is_staff=True, is_superuser=True)
    phase = TimelinePhase.objects.create(title="Foundations", start_month=1, end_month=3)
    phase.items.create(order=1, text="Learn Python basics").skills.add(
        Skill.objects.get(slug="python")
    )
    log_in("boss", f"/admin/market/timelinephase/{phase.pk}/change/")

    box = page.get_by_role("searchbox", name="Skills, Learn Python basics")
    expect(box).to_have_count(1)
    box.focus()
    box.press_sequentially("sq")
    expect(page.get_by_role("option", name="SQL", exact=True)).to_be_visible()

    page.get_by_role("button", name="Add another Timeline item").click()
    expect(page.get_by_role("searchbox", name="Skills, new timeline item")).to_have_count(1)
    expect(page.locator(".select2-search__field:not([aria-label])")).to_have_count(0)

    skill = Skill.objects.get(slug="kubernetes")
    page.goto(f"{live_server.url}/admin/market/skill/{skill.pk}/change/")
    page.get_by_role("button", name="Add another Skill prerequisite").click()
    page.locator(".select2-selection").last.click()  # a single choice opens its drop-down
    expect(page.get_by_role("searchbox", name=re.compile(r"^Prerequisite, new"))).to_be_focused()
    assert csp_violations == []
