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


def test_an_onboarded_person_logs_in_to_their_report_and_a_new_one_to_onboarding(
    live_server, page: Page, csp_violations, make_user, onboard, log_in
):
    # Logging in took everyone to /onboarding/, those with a report too.
    onboard(make_user("kim"), skills={"python": 3})
    log_in("kim")
    expect(page).to_have_url(re.compile(r"/report/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gap report: Senior ML Engineer")

    page.get_by_role("button", name="Log out").click()
    log_in("kim", "/accounts/login/?next=/plan/")  # next= still wins
    expect(page).to_have_url(re.compile(r"/plan/$"))

    page.get_by_role("button", name="Log out").click()
    log_in("kim", "/accounts/login/?next=https://evil.example/")  # but only within the site
    expect(page).to_have_url(f"{live_server.url}/report/")

    page.get_by_role("button", name="Log out").click()
    make_user("ned")  # signed up, no target yet
    log_in("ned")
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert csp_violations == []


def test_logging_in_from_a_link_back_to_the_log_in_page_lands_on_the_report(
    live_server, page: Page, csp_violations, make_user, onboard, log_in
):
    # A next= naming the log-in page sent a signed-in person to a server error.
    onboard(make_user("kim"), skills={"python": 3})
    log_in("kim", "/accounts/login/?next=/accounts/login/")
    expect(page).to_have_url(f"{live_server.url}/report/")
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/login/")  # signed in now
    expect(page).to_have_url(f"{live_server.url}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gap report: Senior ML Engineer")
    assert csp_violations == []
