import re

from playwright.sync_api import Page, expect


def test_new_user_signs_up_lands_on_onboarding_logs_out_and_back_in(
    live_server, page: Page, csp_violations
):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password", exact=True).fill("a-long-Unusual-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-Unusual-passphrase-42")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill("a-long-Unusual-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert csp_violations == []
