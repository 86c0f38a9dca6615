import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # A conftest's hooks see every collected item, not only those below it.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: drive Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# Every document reports its CSP violations to the console too (Chromium also logs its own
# "Refused to ..." line): a listener on the console then misses none, reloads included.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def csp_violations(page):
    """Collects Content-Security-Policy violations the page reports in its console."""
    found: list[str] = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


@pytest.fixture
def log_in(live_server, page: Page, password):
    """Logs a person in through the log-in form that `path` leads to (the site's, or the
    admin's after its redirect); `path=None` fills the form already on the page."""

    def log_in(username: str, path: str | None = "/accounts/login/", on: Page = page) -> None:
        if path is not None:
            on.goto(f"{live_server.url}{path}")
        on.get_by_label("Username").fill(username)
        on.get_by_label("Password").fill(password)
        on.get_by_role("button", name="Log in").click()
        expect(on).not_to_have_url(re.compile(r"/login/"))

    return log_in


@pytest.fixture
def sign_up(live_server, page: Page, password):
    """Signs a new person up through the form; they land on onboarding, logged in."""

    def sign_up(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/signup/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password confirmation").fill(password)
        page.get_by_role("button", name="Sign up").click()
        expect(page).to_have_url(re.compile(r"/onboarding/$"))

    return sign_up


@pytest.fixture
def signed_in(make_user, onboard, log_in):
    """A person aiming at Senior ML Engineer with Python at Working, logged in on `page`."""
    user = onboard(make_user("kim"), skills={"python": 3})
    log_in("kim")
    return user


@pytest.fixture
def page_without_javascript(browser: Browser, signed_in, log_in):
    """A page in a browser with JavaScript off, where the `signed_in` person logged in too."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(signed_in.username, on=page)
    yield page
    context.close()
