"""A paste too large for the site, in a real browser. Over DATA_UPLOAD_MAX_MEMORY_SIZE Django
refuses the request before any view reads it (handler400): the person reads what went wrong,
no page nests inside the page, and with htmx the text they pasted stays in its box. Between
the form's own limit and that one, the form answers with its own message."""

import re

from django.conf import settings
from playwright.sync_api import Page, expect

TOO_BIG = re.compile(r"^What you sent is larger than 5 MB, .*: paste a shorter text\.$")
OVER_THE_LIMIT = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
OVER_THE_FORM = "a" * 57_000  # over the forms' own limit of 50,000 characters
PASTE_BOX = "Paste a CV, a LinkedIn “About”, or a job ad"


def assert_one_page(page: Page) -> None:
    expect(page.locator("header")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
    expect(page.locator("main main, main header, main footer")).to_have_count(0)
    assert page.content().count("<html") == 1


def paste_for_skills(page: Page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/skills/")
    page.wait_for_load_state()  # htmx bound its triggers
    page.get_by_text("Find skills in a CV, a LinkedIn “About” or a job ad").click()
    page.get_by_label(PASTE_BOX).fill(text)
    page.get_by_role("button", name="Find skills").click()


def paste_an_ad(page: Page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/report/ads/")
    page.get_by_label("The job ad").fill(text)
    page.get_by_role("button", name="Read this ad").click()


def paste_two_ads_too_long(page: Page, live_server) -> None:
    """One over the form's limit (the form's message), then one over the site's (the 400 page)."""
    paste_an_ad(page, live_server, OVER_THE_FORM)
    expect(page.get_by_label("The job ad")).to_have_accessible_description(
        re.compile("An ad can be at most 50,000 characters; this one has 57000")
    )

    paste_an_ad(page, live_server, OVER_THE_LIMIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Request not accepted")
    expect(page.get_by_role("alert")).to_have_text(TOO_BIG)
    assert_one_page(page)


def test_a_paste_over_the_limit_in_the_skills_box_with_htmx_keeps_the_text_and_says_why(
    page: Page, live_server, signed_in, csp_violations
):
    paste_for_skills(page, live_server, OVER_THE_LIMIT)

    expect(page.get_by_role("alert")).to_have_text(TOO_BIG)
    expect(page).to_have_url(f"{live_server.url}/skills/")
    box = page.get_by_label(PASTE_BOX)
    expect(box).to_be_visible()
    assert box.evaluate("box => box.value.length") == len(OVER_THE_LIMIT)
    assert_one_page(page)

    box.fill(OVER_THE_FORM)  # the form's own limit: its message, and the alert above goes
    page.get_by_role("button", name="Find skills").click()
    expect(box).to_have_accessible_description(re.compile("Paste at most 50,000 characters"))
    expect(page.get_by_text(TOO_BIG)).to_have_count(0)
    assert csp_violations == []


def test_a_paste_over_the_limit_in_the_skills_box_without_javascript_gets_the_400_page(
    page_without_javascript: Page, live_server
):
    page = page_without_javascript
    paste_for_skills(page, live_server, OVER_THE_LIMIT)

    expect(page.get_by_role("heading", level=1)).to_have_text("Request not accepted")
    expect(page.get_by_role("alert")).to_have_text(TOO_BIG)
    assert_one_page(page)


def test_a_job_ad_over_the_forms_limit_gets_its_message_and_over_the_sites_the_400_page(
    page: Page, live_server, signed_in, csp_violations
):
    paste_two_ads_too_long(page, live_server)
    # The ad form is a plain form (no htmx): Back, as the page says, brings the text back.
    page.go_back()
    box = page.get_by_label("The job ad")
    assert box.evaluate("box => box.value.length") == len(OVER_THE_LIMIT)
    assert csp_violations == []


def test_a_job_ad_over_the_limit_without_javascript_gets_the_400_page(
    page_without_javascript: Page, live_server
):
    page = page_without_javascript
    paste_two_ads_too_long(page, live_server)
