import os
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from assessments.services.profile import profile_update
from assessments.services.skills import skill_level_set
from market.models import Role, Skill

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
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


@pytest.fixture
def csp_violations(page):
    """Collects Content-Security-Policy violations the page reports in its console."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


@pytest.fixture
def signed_in(live_server, page: Page, django_user_model, password):
    """A person aiming at Senior ML Engineer with Python at Working, logged in on `page`."""
    user = django_user_model.objects.create_user(username="kim", password=password)
    profile_update(
        user=user,
        background="software_engineer",
        target_role=Role.objects.get(slug="ml-engineer"),
        target_seniority="senior",
        hours_per_week=8,
        start_month=date(2030, 1, 1),
    )
    skill_level_set(user=user, skill=Skill.objects.get(slug="python"), level=3)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
    return user
