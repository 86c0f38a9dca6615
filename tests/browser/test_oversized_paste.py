"""A paste too large for the site, in a real browser. Over DATA_UPLOAD_MAX_MEMORY_SIZE Django
refuses the request before any view reads it (handler400): the person reads what went wrong,
no page nests inside the page, and with htmx the text they pasted stays in its box. Between
the form's own limit and that one, the form answers with its own message. Any htmx form so
refused gets the message where the person is: at the form used, or in the status line that
stays on screen."""

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
        re.compile("An ad can be at most 50,000 characters; this one has 57,000")
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


def made_too_big(form) -> None:
    """The form's next request carries over DATA_UPLOAD_MAX_MEMORY_SIZE (as a paste would):
    Django refuses it before any view reads it."""
    form.evaluate(
        """(form, size) => {
        const extra = document.createElement("input");
        extra.type = "hidden";
        extra.name = "extra";
        extra.value = "a".repeat(size);
        form.append(extra);
    }""",
        len(OVER_THE_LIMIT),
    )


def test_a_refused_plan_form_gets_the_message_at_the_form_the_person_used(
    page: Page, live_server, make_user, onboard, log_in, csp_violations
):
    """The plan's forms answer into the whole plan (#plan-body): the refusal's sentence
    landed at the top of the plan, screens above the "Mark ... done" pressed. It lands at the
    top of the form used, and nothing changed."""
    onboard(make_user("lin"), background="other", seniority="mid", hours=10)
    log_in("lin", "/accounts/login/?next=/plan/")

    done = page.get_by_role("button", name="Mark TensorFlow 0 → 3 done")
    item = page.locator("form").filter(has=done)
    made_too_big(item)
    done.click()
    expect(item.get_by_role("alert")).to_have_text(TOO_BIG)
    expect(page.get_by_role("alert")).to_have_count(1)
    alert = item.get_by_role("alert").bounding_box()
    gap = done.bounding_box()["y"] - (alert["y"] + alert["height"])
    assert 0 <= gap < 40, gap  # right above the button
    expect(done).to_be_visible()  # not done: nothing was read

    hours = page.get_by_label("Hours per week")
    settings = page.locator("form").filter(has=hours)
    made_too_big(settings)
    hours.fill("5")
    hours.press("Tab")  # a change re-plans at once
    expect(settings.get_by_role("alert")).to_have_text(TOO_BIG)
    expect(page.get_by_role("heading", name="in about 10 months at 10 h/week")).to_be_visible()
    assert csp_violations == []


def test_a_refused_level_change_says_so_in_the_skills_page_s_status_line(
    page: Page, live_server, signed_in, csp_violations
):
    """The levels form answers in the status line that stays on screen (sticky) above the
    list: a refusal's sentence stays there too, not at the top of the long form."""
    page.goto(f"{live_server.url}/skills/")
    page.wait_for_load_state()  # htmx bound its triggers
    levels = page.locator("form").filter(has=page.get_by_label("Docker", exact=True))
    made_too_big(levels)
    page.get_by_label("Docker", exact=True).select_option("2")
    expect(page.get_by_role("status").get_by_role("alert")).to_have_text(TOO_BIG)
    expect(levels.get_by_role("alert")).to_have_count(0)
    assert csp_violations == []
