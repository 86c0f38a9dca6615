"""An accessibility audit of every page (`tests/site_pages.py`) for what axe-core
(`test_axe.py`) does not check or only flags as "needs review": one h1 and no skipped
heading level; one main, one banner, a named nav; every control named in the accessibility
tree; a visible focus indicator on every element Tab reaches; text contrast computed from
the styles of each text node (disabled controls and text on images excepted); reflow with
no sideways scroll at 320 CSS px (WCAG 1.4.10) and at 640 (a 1280 px window zoomed to 200%);
every error message tied to its field (aria-invalid, aria-describedby). Then the htmx swaps:
focus stays on or moves to the control used, and each save or error is announced by one
live region, not two.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from market.models import Snapshot
from tests.browser.test_axe import audit, axe_source, fail_form, new_context, settle  # noqa: F401 - axe_source: a fixture
from tests.market.test_explorer_pages import publish_changed
from tests.site_pages import PAGES, SitePage

UPLOAD = Path(__file__).resolve().parents[1] / "market" / "fixtures" / "postings_combined.csv"

# Headings, landmarks and focus order, as the DOM gives them.
STRUCTURE = r"""() => {
  const problems = [];
  const shown = (el) => el.checkVisibility() || el.closest(".visually-hidden");
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => shown(h) && !h.closest("[aria-hidden=true]"));
  const h1s = headings.filter((h) => h.tagName === "H1");
  if (h1s.length !== 1) problems.push(h1s.length + " h1 elements");
  let last = 0;
  for (const h of headings) {
    const level = +h.tagName[1];
    if (level > last + 1) {
      problems.push("heading level skipped: h" + last + " then h" + level + " '" +
        h.textContent.trim().slice(0, 50) + "'");
    }
    last = level;
  }
  const count = (sel) => [...document.querySelectorAll(sel)].filter(shown).length;
  if (count("main, [role=main]") !== 1) problems.push(count("main") + " main landmarks");
  const banners = [...document.querySelectorAll("header, [role=banner]")].filter((el) =>
    shown(el) && !el.parentElement.closest("article, aside, main, nav, section"));
  if (banners.length !== 1) problems.push(banners.length + " banner landmarks (header)");
  // Django's own admin index has no nav; every page of the site has the main one.
  if (!location.pathname.startsWith("/admin/") && count("nav, [role=navigation]") < 1) {
    problems.push("no nav landmark");
  }
  return problems;
}"""

# Every element Tab reaches (document order, no positive tabindex here), focused as a
# keyboard user focuses it: the outline or box-shadow it shows then.
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
FOCUS_NOT_SHOWN = r"""(selector) => {
  const out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " '" +
    (el.getAttribute("aria-label") || el.textContent || el.name || "").trim().slice(0, 40) + "'";
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest("[inert], [hidden], details:not([open]) > :not(summary)")) continue;
    el.focus();
    if (document.activeElement !== el) continue;  // not focusable as styled (display: none)
    const style = getComputedStyle(el);
    // "auto" is Chromium's own ring (Django's admin keeps it); the site draws 3px solid.
    const outline = style.outlineStyle === "auto" ||
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
    if (!outline && style.boxShadow === "none") out.push(name(el));
  }
  document.activeElement.blur();
  return out.slice(0, 8);
}"""

# Contrast of each visible text node against the colours behind it (WCAG 1.4.3: 4.5:1, or
# 3:1 from 24 px, or from 18.66 px bold). Skips text over an image and disabled controls.
LOW_CONTRAST = r"""() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour[3] > 0) layers.push(colour);
      if (colour && colour[3] === 1) break;
    }
    let rgb = [255, 255, 255];
    for (const layer of layers.reverse()) rgb = over(layer, rgb);
    return rgb;
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!text.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const unseen = "script, style, noscript, option, [aria-hidden=true], .visually-hidden";
    if (el.closest(unseen)) continue;
    if (el.closest(":disabled, [aria-disabled=true]")) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    const style = getComputedStyle(el);
    const back = background(el);
    const fore = parse(style.color);
    if (!back || !fore) continue;
    const [a, b] = [luminance(over(fore, back)), luminance(back)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const cls = el.className ? "." + String(el.className).split(" ")[0] : "";
      out.push(el.tagName.toLowerCase() + cls + " '" + text.textContent.trim().slice(0, 30) +
        "' " + ratio.toFixed(2) + ":1");
    }
  }
  return out.slice(0, 8);
}"""

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Each error message must describe its field, and each field described by one must say it
# is invalid.
ERRORS_UNTIED = r"""() => {
  const out = [];
  const described = new Map();
  for (const el of document.querySelectorAll("[aria-describedby]")) {
    for (const id of el.getAttribute("aria-describedby").split(/\s+/)) {
      if (!id) continue;
      if (!document.getElementById(id)) out.push("aria-describedby names missing #" + id);
      described.set(id, el);
    }
  }
  for (const list of document.querySelectorAll("main .errorlist")) {
    const holder = list.closest("[id]");
    let tied = false;
    for (let node = list; node && node !== document.body; node = node.parentElement) {
      if (node.id && described.has(node.id)) {
        tied = described.get(node.id).matches("[aria-invalid=true], fieldset, [role=radiogroup]");
        break;
      }
    }
    if (!tied) {
      out.push("error not tied to an invalid field: '" + list.textContent.trim().slice(0, 50) +
        "' in #" + (holder ? holder.id : "?"));
    }
  }
  for (const field of document.querySelectorAll("[aria-invalid=true]")) {
    const group = field.closest("fieldset[aria-describedby]");  // radios: the group says why
    if (!field.getAttribute("aria-describedby") && !group) {
      out.push((field.id || field.name) + " invalid, no description");
    }
  }
  return out;
}"""

CONTROL_ROLES = (
    "button|link|textbox|searchbox|combobox|listbox|checkbox|radio|spinbutton|slider|switch|tab"
)
UNNAMED = re.compile(rf"^\s*- ({CONTROL_ROLES})(\s*\[[^\]]*\])*:?\s*$")


def unnamed_controls(page: Page) -> list[str]:
    """Controls the accessibility tree lists without a name (`- button` instead of
    `- button "Save"`)."""
    snapshot = page.locator("body").aria_snapshot()
    return [line.strip() for line in snapshot.splitlines() if UNNAMED.match(line)]


def audit_page(page: Page, where: str) -> list[str]:
    settle(page)
    problems = [f"{where}: {p}" for p in page.evaluate(STRUCTURE)]
    problems += [f"{where}: control without a name: {p}" for p in unnamed_controls(page)]
    page.keyboard.press("Tab")  # keyboard modality: :focus-visible applies to what follows
    unseen = page.evaluate(FOCUS_NOT_SHOWN, FOCUSABLE)
    problems += [f"{where}: no visible focus: {p}" for p in unseen]
    problems += [f"{where}: low contrast: {p}" for p in page.evaluate(LOW_CONTRAST)]
    return problems


def reflows(page: Page, url: str, site_page: SitePage) -> list[str]:
    """The page, and its rejected form, at 320 CSS px and at 640 (1280 zoomed to 200%)."""
    problems = []
    for width, height, name in ((320, 640, "320 px"), (640, 400, "200% zoom")):
        page.set_viewport_size({"width": width, "height": height})
        for rejected in (False, True) if site_page.failure else (False,):
            page.goto(url)
            settle(page)
            if rejected:
                fail_form(page, site_page)
            extra = page.evaluate(SIDEWAYS)
            if extra > 0:
                state = ", form rejected" if rejected else ""
                problems.append(f"{site_page.id}{state}: scrolls {extra}px sideways at {name}")
    return problems


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.id)
def test_page_structure_names_focus_contrast_reflow_and_errors(
    live_server, browser: Browser, site_world, site_page: SitePage
):
    world, users = site_world
    url = f"{live_server.url}{site_page.path(world)}"
    with new_context(browser, live_server, users.get(site_page.audience)) as context:
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url)
        problems = audit_page(page, site_page.id)
        if site_page.failure:
            page.goto(url)
            settle(page)
            fail_form(page, site_page)
            where = f"{site_page.id}, form rejected"
            problems += audit_page(page, where)
            problems += [f"{where}: {p}" for p in page.evaluate(ERRORS_UNTIED)]
        problems += reflows(page, url, site_page)
    assert not problems, "\n".join(problems)


# After an htmx swap: where the focus is, and how many live regions hold a phrase (a
# region inside another counts twice, as a screen reader may read both).
LIVE_REGIONS_SAYING = r"""(phrase) => [...document.querySelectorAll(
    "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]")]
  .filter((region) => region.textContent.replace(/\s+/g, " ").includes(phrase)).length"""
FOCUSED = r"""() => { const el = document.activeElement;
  return !el || el === document.body ? "body" : el.tagName.toLowerCase() + "#" + el.id; }"""


def announced_once(page: Page, phrase: str) -> None:
    """One live region, and only one, says `phrase` (waiting for the first)."""
    try:
        page.wait_for_function(f"() => ({LIVE_REGIONS_SAYING})({phrase!r}) > 0", timeout=5000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"no live region says {phrase!r}") from None
    settle(page)
    assert page.evaluate(LIVE_REGIONS_SAYING, phrase) == 1, f"{phrase!r} is announced twice"


@pytest.mark.parametrize(
    "path, label, phrase",
    [
        ("/skills/", "TensorFlow", "Saved: TensorFlow is now Aware (1)"),
        ("/report/", "TensorFlow (what-if level)", "What-if readiness:"),
    ],
    ids=["save-level", "what-if-level"],
)
def test_a_level_chosen_from_the_keyboard_keeps_focus_on_its_drop_down_and_is_said_once(
    signed_in, page: Page, live_server, csp_violations, path, label, phrase
):
    page.goto(f"{live_server.url}{path}")
    level = page.get_by_label(label, exact=True)
    level.focus()
    page.keyboard.press("ArrowDown")
    announced_once(page, phrase)
    expect(level).to_be_focused()
    assert csp_violations == []


@pytest.mark.parametrize(
    "hours, phrase, focused",
    [
        ("5", "Re-planned", lambda page: page.get_by_label("Hours per week")),
        (
            "0",
            "Enter at least 1 hour a week.",
            lambda page: page.get_by_role("alert").filter(has_text="There is a problem"),
        ),
    ],
    ids=["re-planned", "rejected"],
)
def test_re_planning_from_the_hours_field_says_the_outcome_once_and_keeps_the_focus_near(
    signed_in, page: Page, live_server, csp_violations, hours, phrase, focused
):
    page.goto(f"{live_server.url}/plan/")
    page.get_by_label("Hours per week").fill(hours)
    page.get_by_label("Hours per week").press("Enter")
    announced_once(page, phrase)
    expect(focused(page)).to_be_focused()  # the field, or the summary of what is wrong
    assert csp_violations == []


def test_finding_skills_in_a_paste_moves_focus_to_what_was_found_and_reads_it_once(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/skills/")
    page.get_by_text("Find skills in a CV, a LinkedIn “About” or a job ad").click()
    page.get_by_label("Paste a CV, a LinkedIn “About”, or a job ad").fill(
        "I build data pipelines in Python and SQL and train models with PyTorch."
    )
    page.get_by_role("button", name="Find skills").press("Enter")
    found = page.get_by_role("heading", name=re.compile(r"^Found \d+ skills?"))
    expect(found).to_be_focused()  # read out there; a live region would say it again
    assert found.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    assert page.evaluate(LIVE_REGIONS_SAYING, "Found ") == 0
    assert csp_violations == []


def test_checking_off_and_undoing_are_each_announced_once_with_focus_on_the_new_control(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name=re.compile(r"^Mark ")).first.press("Enter")
    announced_once(page, "Done:")
    undo = page.get_by_role("button", name=re.compile(r"^Undo "))
    expect(undo).to_be_focused()
    undo.press("Enter")
    announced_once(page, "Undone:")
    expect(page.get_by_role("button", name=re.compile(r"^Mark ")).first).to_be_focused()
    assert csp_violations == []


def test_re_planning_from_a_notice_moves_focus_into_the_new_plan_not_the_page(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name=re.compile(r"^Mark ")).first.press("Enter")
    # As a person would: after the check-off has landed. (Pressed within htmx's old 20 ms
    # settle, the new notice's form was not yet bound and posted as a whole page load: the
    # focus at the top. Settling at once closed that window; test_plan_journey presses in it.)
    expect(page.get_by_role("button", name=re.compile(r"^Undo "))).to_be_focused()
    replan = page.get_by_role("button", name="Re-plan from today")
    replan.press("Enter")  # the button goes away with its notice
    announced_once(page, "Re-planned")
    expect(replan).to_have_count(0)
    expect(page.locator(":focus"), "focus fell back to the top of the page").to_have_count(1)
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none", f"{page.evaluate(FOCUSED)} has focus but shows no ring"
    assert csp_violations == []


def test_switching_the_report_role_keeps_focus_on_the_link_and_announces_the_title_once(
    signed_in, page: Page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/report/")
    switcher = page.get_by_role("navigation", name="Other roles and seniorities")
    link = switcher.get_by_role("link").nth(1)
    name = link.inner_text()
    link.press("Enter")
    announced_once(page, f"Gap report: {name}")
    expect(switcher.get_by_role("link", name=name)).to_be_focused()
    assert csp_violations == []


def test_choosing_a_background_keeps_focus_on_it_and_announces_the_suggestion_once(
    page: Page, live_server, sign_up, csp_violations
):
    sign_up("ada")
    career = page.get_by_label("Career switcher")
    career.focus()
    page.keyboard.press("Space")
    announced_once(page, "Use this suggestion")
    expect(career).to_be_focused()
    page.get_by_role("button", name="Use this suggestion").press("Enter")
    announced_once(page, "Target set to")
    expect(page.get_by_label("Target role and seniority")).to_be_focused()
    assert csp_violations == []


# What would move: each chart that animates, each running animation, and each class rule
# of the site's CSS that gives an element a transition or animation (htmx adds those
# classes for a moment: .htmx-swapping), tried on a throwaway element.
MOVING = r"""() => {
  const out = [];
  for (const canvas of document.querySelectorAll("canvas")) {
    const chart = window.Chart && Chart.getChart(canvas);
    const name = (canvas.getAttribute("aria-label") || "").slice(0, 40);
    if (chart && chart.options.animation !== false) out.push("chart '" + name + "' animates");
  }
  // A scroll-driven animation that only shows or hides something (the plan table's "More
  // months below" cue, hidden over the last pixels of scroll) follows the person's own
  // scrolling and moves nothing: it is not motion. One that changes anything else is.
  const onlyShowsAtScroll = (a) =>
    window.ScrollTimeline && a.timeline instanceof ScrollTimeline &&
    a.effect.getKeyframes().every((frame) => Object.keys(frame).every((key) =>
      ["offset", "computedOffset", "easing", "composite", "visibility"].includes(key)));
  out.push(...document.getAnimations().filter((a) => !onlyShowsAtScroll(a))
    .map((a) => "running animation " + a.animationName));
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (!(rule instanceof CSSStyleRule) || !/^(\.[\w-]+)+$/.test(rule.selectorText)) continue;
      const probe = document.createElement("div");
      probe.className = rule.selectorText.slice(1).split(".").join(" ");
      document.body.append(probe);
      const style = getComputedStyle(probe);
      if (parseFloat(style.transitionDuration) > 0 || style.animationName !== "none") {
        out.push(rule.selectorText + " transitions or animates");
      }
      probe.remove();
    }
  }
  return out;
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_nothing_moves_for_a_person_who_asks_for_reduced_motion(
    browser: Browser, live_server, site_world, motion
):
    world, users = site_world
    with new_context(browser, live_server, users["member"], reduced_motion=motion) as context:
        page = context.new_page()
        moving = []
        for path in ("/market/ml-engineer/senior/", "/plan/", "/report/"):
            page.goto(f"{live_server.url}{path}")
            settle(page)
            expect(page.locator("canvas[data-chart-ready=true]").first).to_be_attached()
            moving += [f"{path}: {what}" for what in page.evaluate(MOVING)]
        if motion == "reduce":
            assert not moving, "\n".join(moving)
        else:  # the check sees motion where there is some
            assert any("animates" in m for m in moving) and any("htmx" in m for m in moving)


def test_comparing_other_snapshots_keeps_focus_on_the_button_and_says_which_once(
    live_server, page: Page, csp_violations
):
    seed_snapshot = Snapshot.objects.get(is_current=True)
    newer = publish_changed(
        seed_snapshot,
        "ML Engineer,mid,,,PyTorch,56.3,High",
        "ML Engineer,mid,,,PyTorch,70.3,Critical",
    )
    page.goto(f"{live_server.url}/market/compare/")
    page.get_by_label("From snapshot").select_option(str(newer.pk))
    page.get_by_label("To snapshot").select_option(str(seed_snapshot.pk))
    compare = page.get_by_role("button", name="Compare", exact=True)
    compare.press("Enter")
    announced_once(page, "Shares that moved most from Next")
    expect(compare).to_be_focused()
    assert csp_violations == []


def draft_previewed(page: Page, make_user, log_in):
    """An admin, "boss", on the preview of a draft just made by an upload; boss."""
    boss = make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(UPLOAD))
    page.get_by_role("button", name="Import and preview").click()
    expect(page.get_by_role("heading", name="Import summary")).to_be_visible()
    return boss


def reflow_problems(page: Page, where: str) -> list[str]:
    """The page's sideways scroll at 320 and 640 px wide (WCAG's reflow), as problems."""
    problems = []
    for width, height in ((320, 640), (640, 400)):
        page.set_viewport_size({"width": width, "height": height})
        extra = page.evaluate(SIDEWAYS)
        if extra > 0:
            problems.append(f"{where}: scrolls {extra}px sideways at {width} px")
    return problems


def test_the_market_refresh_preview_passes_the_audit_and_reflows(
    live_server, page: Page, make_user, log_in
):
    # The draft's preview has a URL of its own (refresh/<id>/), made by an upload.
    draft_previewed(page, make_user, log_in)
    problems = audit_page(page, "refresh preview") + reflow_problems(page, "refresh preview")
    assert not problems, "\n".join(problems)


def test_the_discard_confirmation_passes_both_audits_and_reflows(
    live_server,
    browser: Browser,
    page: Page,
    make_user,
    log_in,
    axe_source,  # noqa: F811
):
    # Discard asks first on a page of its own (refresh/<id>/discard/), reached from a draft,
    # which the site-wide audits' world does not have: made here by an upload.
    boss = draft_previewed(page, make_user, log_in)
    page.get_by_role("link", name="Discard", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Discard draft \d+\?$"))).to_be_visible()
    where = "discard confirmation"
    problems = audit_page(page, where) + reflow_problems(page, where)
    # axe-core, which the site's CSP rightly refuses, in a context that bypasses it.
    with new_context(browser, live_server, boss, bypass_csp=True) as context:
        axe_page = context.new_page()
        axe_page.goto(page.url)
        problems += audit(axe_page, axe_source, where)
    assert not problems, "\n".join(problems)
