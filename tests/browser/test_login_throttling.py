"""Log-in throttling as a person (or an attacker) meets it in the browser."""

import re

from playwright.sync_api import Page, expect

from accounts.throttling import LOGIN_PER_USERNAME

PAUSED = "Too many failed log-in attempts for this username"


def try_password(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(
    live_server, page: Page, make_user, password, csp_violations
):
    make_user("ada")
    page.goto(f"{live_server.url}/accounts/login/")
    summary = page.get_by_role("alert")
    for _ in range(LOGIN_PER_USERNAME.allowed - 1):
        try_password(page, "ada", "a-wrong-guess")
        expect(summary).to_contain_text("Please enter a correct username and password")
        expect(summary).not_to_contain_text(PAUSED)

    try_password(page, "ada", "a-wrong-guess")
    expect(summary).to_contain_text(f"{PAUSED}. For its safety, log-in is paused for 15 minutes")

    try_password(page, "ada", password)
    expect(summary).to_contain_text("even with the right password")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Forgot your password?")).to_be_visible()
    assert csp_violations == []


def test_the_admin_log_in_is_refused_the_same_way(live_server, page: Page, make_user, password):
    make_user("root", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    for _ in range(LOGIN_PER_USERNAME.allowed):
        try_password(page, "root", "a-wrong-guess")
    try_password(page, "root", password)
    expect(page.get_by_text(PAUSED)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
