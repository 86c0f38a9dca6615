"""A rejected form, in a real browser: its error summary takes focus (so a screen reader reads
it first), and each link in it takes the person to the field at fault."""

import re

from playwright.sync_api import Page, expect


def test_a_sign_up_with_a_wrong_confirmation_puts_focus_on_the_summary_not_the_username(
    live_server, page: Page, password, csp_violations
):
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password + "x")
    page.get_by_role("button", name="Sign up").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    page.get_by_role("link", name=re.compile("^Password confirmation: The two password")).click()
    confirmation = page.get_by_label("Password confirmation")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(confirmation).to_have_accessible_description(re.compile("didn’t match"))
    expect(page.get_by_label("Username")).to_have_value("grace")
    assert csp_violations == []


def test_a_failed_onboarding_moves_focus_to_the_summary(
    live_server, page: Page, sign_up, csp_violations
):
    sign_up("lin")
    page.get_by_label("Hours per week for learning").fill("0")
    page.get_by_role("button", name="Save profile").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Your background: Choose the background closest to yours.",
            "Target role and seniority: Choose a target role and seniority.",
            "Hours per week for learning: Enter at least 1 hour a week.",
        ]
    )
    summary.get_by_role("link", name=re.compile("^Your background")).click()
    expect(page.get_by_label("Career switcher")).to_be_focused()
    assert csp_violations == []


def test_an_empty_paste_box_with_htmx_focuses_its_summary(
    live_server, page: Page, signed_in, csp_violations
):
    page.goto(f"{live_server.url}/skills/")
    page.get_by_text("Find skills in a CV, a LinkedIn “About” or a job ad").click()
    page.get_by_role("button", name="Find skills").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    text = page.get_by_label("Paste a CV, a LinkedIn “About”, or a job ad")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_have_accessible_description(re.compile("Paste some text to look for skills"))
    assert csp_violations == []


def test_a_re_plan_with_too_many_hours_shows_its_error_in_place_and_keeps_the_hours(
    live_server, page: Page, signed_in, csp_violations
):
    # The form answers 400; htmx swaps it in (base.html's htmx-config), else nothing happens.
    page.goto(f"{live_server.url}/plan/")
    hours = page.get_by_label("Hours per week")
    hours.fill("70")
    hours.press("Tab")  # a change re-plans at once
    expect(page.get_by_text("Enter at most 60 hours a week.").first).to_be_visible()
    expect(page.get_by_label("Hours per week")).to_have_value("70")
    expect(page.get_by_label("Hours per week")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", name="at 8 h/week")).to_be_visible()  # nothing changed
    assert csp_violations == []


def test_with_debug_on_a_rejected_re_plan_is_still_swapped_in_place_not_over_the_whole_page(
    live_server, page: Page, signed_in, settings, csp_violations
):
    # `make run` serves with DEBUG on, where django-htmx adds its error-page script: it took
    # every 400 for a Django error page and put it in place of the whole document (header,
    # menu and footer gone), then broke on the CSP (eval). A rejected form is not an error page.
    settings.DEBUG = True
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/plan/")
    hours = page.get_by_label("Hours per week")
    hours.fill("0")
    hours.press("Enter")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("main #plan-body")).to_have_count(1)
    expect(page.get_by_label("Hours per week")).to_have_value("0")
    assert errors == []
    assert csp_violations == []


def test_a_wrong_password_puts_focus_on_the_summary_which_says_the_sentence_once(
    live_server, page: Page, user, csp_violations
):
    # Before, the summary linked to a copy of the sentence just below it, so a screen reader
    # read it twice (the focused summary, then the copy) and it was seen twice.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    sentence = re.compile("^Please enter a correct username and password")
    expect(summary.get_by_role("listitem")).to_have_text([sentence])
    expect(summary.get_by_role("link")).to_have_count(0)
    expect(page.get_by_text(sentence)).to_have_count(1)
    username = page.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(sentence)
    assert csp_violations == []
