import re

from playwright.sync_api import Page, expect


def test_new_user_signs_up_lands_on_onboarding_logs_out_and_back_in(
    page: Page, csp_violations, sign_up, log_in
):
    sign_up("grace")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    log_in("grace", path=None)
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert csp_violations == []
