"""A person pastes a job ad, reads what it asks of them, rates its skills and plans toward it."""

import re

from playwright.sync_api import Page, expect

from accounts.throttling import text_reading_take
from assessments.services.ads import job_ad_create
from assessments.services.plans import plan_build
from tests.assessments.test_ad_plans import AD as AD_WITH_A_TITLE
from tests.assessments.test_ad_rereading import as_read_before_0010

AD = """Senior Machine Learning Engineer

Requirements
- Python and PyTorch in production
- Airflow and Snowflake for our pipelines

Nice to have
- Experience with Docker is a plus
"""


def test_paste_an_ad_read_its_gaps_rate_its_skills_and_plan_toward_it(
    page: Page, live_server, csp_violations, signed_in
):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Job ads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job ads")

    page.get_by_role("button", name="Read this ad").click()  # nothing pasted yet
    expect(page.get_by_label("The job ad")).to_have_accessible_description(
        re.compile("Paste the text of a job ad: the box is empty.")
    )

    page.get_by_label("The job ad").fill(AD)
    page.get_by_role("button", name="Read this ad").click()
    expect(page).to_have_url(re.compile(r"/report/ads/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Machine Learning Engineer")
    expect(page.get_by_text("Read as: Senior ML Engineer.")).to_be_visible()
    table = page.get_by_role("table", name="Every skill the ad asks for")
    expect(table.get_by_role("row").filter(has_text="Docker")).to_contain_text("Nice-to-have")
    expect(table.get_by_role("row").filter(has_text="Snowflake")).to_contain_text("Advanced (4)")
    expect(page.get_by_text("This ad asks for Airflow, Docker and Snowflake")).to_be_visible()
    before = page.locator(".readiness").inner_text()

    page.get_by_role("link", name="Rate the skills it asks for").click()
    expect(page.get_by_role("heading", name="Asked for by the job ad")).to_be_visible()
    # The ad's readiness, named as the ad, not the profile target's; rating moves it.
    named = "Readiness for the job ad “Senior Machine Learning Engineer”"
    expect(page.locator("#readiness-now")).to_have_text(f"{named}: {before}")
    page.wait_for_load_state()  # htmx saves a level on change once the page's scripts ran
    page.get_by_label("Snowflake", exact=True).select_option("4")
    expect(page.locator("#save-status")).to_contain_text("Saved: Snowflake is now")
    expect(page.locator("#save-status")).to_contain_text(named)
    expect(page.locator("#readiness-now .readiness")).not_to_have_text(before)
    after = page.locator("#readiness-now .readiness").inner_text()
    page.get_by_role("link", name="Back to the ad's report").click()
    expect(page.locator(".readiness")).to_have_text(after)
    expect(
        page.get_by_role("region", name="What you already meet").get_by_text("Snowflake")
    ).to_be_visible()

    page.get_by_role("button", name="Plan toward this ad").click()
    expect(page).to_have_url(re.compile(r"/plan/$"))
    label = "the job ad “Senior Machine Learning Engineer”"
    expect(
        page.get_by_role("status").filter(has_text=f"Your plan now aims at {label}")
    ).to_be_visible()
    expect(page.get_by_role("heading", name=f"Ready for {label} in about")).to_be_visible()
    expect(page.get_by_label("Target")).to_have_value(re.compile(r"^ad:\d+$"))
    months = page.get_by_role("region", name="Month by month", exact=True)
    expect(
        months.get_by_role("button", name=re.compile(r"^Mark Airflow 0 → 4 done$"))
    ).to_be_visible()
    assert csp_violations == []


def test_a_plan_whose_ad_reads_differently_now_leads_to_the_ad_to_read_it_again(
    page: Page, live_server, csp_violations, signed_in
):
    ad = job_ad_create(user=signed_in, text=AD_WITH_A_TITLE)
    as_read_before_0010(ad)  # Machine learning a must-have, as older rules read it
    plan_build(user=signed_in, job_ad=ad)
    page.goto(f"{live_server.url}/plan/")
    notice = page.get_by_role("region", name="The ad this plan aims at reads differently now")
    notice.get_by_role("link", name="see what would change on the ad’s page").click()
    expect(page).to_have_url(re.compile(rf"/report/ads/{ad.pk}/#reread-title$"))
    expect(
        page.get_by_text("Machine learning: was must-have, now named in the title")
    ).to_be_visible()
    page.get_by_role("button", name="Read it again and re-make my plan").click()
    page.get_by_role("link", name="See your plan").click()
    expect(page.get_by_role("heading", name="Your learning plan")).to_be_visible()
    expect(notice).to_have_count(0)
    assert csp_violations == []


def test_reading_an_ad_again_past_the_hourly_allowance_focuses_the_reason_above_the_button(
    page: Page, live_server, csp_violations, signed_in
):
    ad = job_ad_create(user=signed_in, text=AD_WITH_A_TITLE)
    as_read_before_0010(ad)
    plan_build(user=signed_in, job_ad=ad)
    text_reading_take(user_id=signed_in.pk, address="127.0.0.1", characters=10**9)  # used up
    page.goto(f"{live_server.url}/report/ads/{ad.pk}/")
    button = page.get_by_role("button", name="Read it again and re-make my plan")
    button.click()
    reason = page.get_by_role("alert").filter(has_text="reading text is paused for you")
    expect(reason).to_be_focused()
    expect(button).to_have_accessible_description(re.compile("reading text is paused for you"))
    expect(
        page.get_by_text("Machine learning: was must-have, now named in the title")
    ).to_be_visible()
    assert csp_violations == []


def test_the_ads_list_names_each_row_by_its_title_and_describes_its_link_by_its_first_ask(
    page: Page, live_server, csp_violations, signed_in
):
    ad = job_ad_create(user=signed_in, text=AD)
    page.goto(f"{live_server.url}/report/ads/")
    table = page.get_by_role("table", name="Your saved job ads, newest first")
    header = table.get_by_role("rowheader")
    first_ask = "“Python and PyTorch in production”"
    # Shown under the title, said once: as the link's description, not in the row's name too.
    expect(header).to_have_accessible_name("Senior Machine Learning Engineer")
    link = header.get_by_role("link", name="Senior Machine Learning Engineer", exact=True)
    expect(link).to_have_attribute("href", f"/report/ads/{ad.pk}/")
    expect(link).to_have_accessible_description(first_ask)
    expect(header.get_by_text(first_ask)).to_be_visible()
    assert csp_violations == []
