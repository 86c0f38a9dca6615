"""axe-core on every page of the site (`tests/site_pages.py`), on a laptop and on a phone,
and on each page's form after it was rejected: any WCAG 2.1 A/AA or best-practice violation
fails, and so does a page that scrolls sideways on the phone, a drop-down that cuts off its
options, a chart that does not say where its table is, or a Content-Security-Policy violation
in the console.

axe-core is a test-only file (`vendor/axe-core/`, never served); the site's strict CSP rightly
refuses it, so it runs in a browser context that bypasses CSP (other browser tests keep CSP on).
"""

import hashlib
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from tests.site_pages import PAGES, SitePage

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

RUN_AXE = r"""async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      (n) => n.target.join(" ") + ": " + n.failureSummary.split("\n").slice(1, 2).join("")),
  }));
}"""

# The elements that stick out past the right edge of the window, outermost first.
WIDER_THAN_WINDOW = r"""() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !out.some((o) => o.contains(el))) out.push(el);
  }
  const name = (el) => {
    const classes = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
    const id = el.id ? "#" + el.id : "";
    return el.tagName.toLowerCase() + id + classes.map((c) => "." + c).join("");
  };
  return out.slice(0, 5).map(
    (el) => name(el) + " right edge " + Math.round(el.getBoundingClientRect().right) + "px");
}"""

# Visible drop-downs too narrow to show their longest option whole (axe does not look).
CUT_OFF_SELECTS = r"""() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const arrow = 16;  // Chromium's drop-down arrow (a select sized to its options has 20px)
  const shown = [...document.querySelectorAll("select")].filter((sel) => sel.offsetParent);
  return shown.filter((sel) => {
    const style = getComputedStyle(sel);
    ctx.font = style.font;
    const room = sel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [...sel.options].some((o) => ctx.measureText(o.text).width > room - arrow);
  }).slice(0, 5).map((sel) => "select#" + sel.id + " " + Math.round(sel.clientWidth) + "px");
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, f"{AXE} is not axe-core {AXE_VERSION}"
    return source.decode()


def settle(page: Page) -> None:
    """Wait until the page has loaded and no htmx request is running."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def audit(page: Page, axe_source: str, where: str) -> list[str]:
    """What axe finds on the page as it is now, and its sideways scroll on a phone."""
    settle(page)
    page.add_script_tag(content=axe_source)
    assert page.evaluate("axe.version") == AXE_VERSION
    problems = [
        f"{where}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in page.evaluate(RUN_AXE, AXE_TAGS)
    ]
    for chart in page.locator("canvas").all():
        name = chart.get_attribute("aria-label") or ""
        if chart.get_attribute("role") != "img" or "table" not in name:
            problems.append(f"{where}: a chart is not an image that says where its table is")
    cut = page.evaluate(CUT_OFF_SELECTS)
    if cut:
        problems.append(f"{where}: options cut off\n    " + "\n    ".join(cut))
    if page.viewport_size["width"] < 600:
        wide = page.evaluate(WIDER_THAN_WINDOW)
        if wide:
            problems.append(f"{where}: scrolls sideways\n    " + "\n    ".join(wide))
    return problems


def fail_form(page: Page, site_page: SitePage) -> None:
    failure = site_page.failure
    if failure.reveal:
        page.get_by_text(failure.reveal, exact=True).click()
    for label, value in failure.fill.items():
        page.get_by_label(label, exact=True).fill(value)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name=failure.button, exact=True).click()
    settle(page)


def new_context(browser: Browser, live_server, user, **options) -> BrowserContext:
    """A browser context, logged in as `user` (None: nobody) through a session cookie."""
    context = browser.new_context(**options)
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.id)
def test_page_has_no_axe_violations_and_fits_a_phone(
    live_server, browser: Browser, site_world, axe_source, site_page: SitePage
):
    world, users = site_world
    user = users.get(site_page.audience)
    url = f"{live_server.url}{site_page.path(world)}"
    problems = []
    # First as people get it, under the site's CSP: the console must report no violation.
    with new_context(browser, live_server, user) as context:
        page = context.new_page()
        refused = []
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
        page.goto(url)
        assert page.url == url, f"{url} redirected to {page.url}"
        settle(page)
        if site_page.failure:
            fail_form(page, site_page)
        problems += [f"{site_page.id}: {text}" for text in refused]
    # Then with axe-core, which the CSP rightly refuses.
    with new_context(browser, live_server, user, bypass_csp=True) as context:
        page = context.new_page()
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.goto(url)
            problems += audit(page, axe_source, f"{site_page.id} {size}")
            if site_page.failure:
                fail_form(page, site_page)
                problems += audit(page, axe_source, f"{site_page.id} {size}, form rejected")
    assert not problems, "\n".join(problems)
