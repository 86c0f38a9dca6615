"""The path from the market to a plan: a logged-out visitor who follows a personal link learns
why it needs an account, and each page says where to go next."""

import re

import pytest
from playwright.sync_api import Page, expect


def test_a_visitor_following_report_learns_why_to_log_in_then_goes_on_to_the_plan(
    live_server, page: Page, make_user, onboard, password, csp_violations
):
    onboard(make_user("kim"), skills={"python": 3})
    page.goto(f"{live_server.url}/market/ml-engineer/senior/")
    expect(page.get_by_text("Next: sign up to see how far your skills are from")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/report/$"))
    expect(
        page.get_by_text(re.compile("^Your gap report compares the skills you rated"))
    ).to_be_visible()
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_server.url}/report/")
    expect(page.get_by_text("Based on 6 skills measured in 2,853 postings")).to_be_visible()
    page.get_by_role("link", name="work through your learning plan").click()  # made on rating
    expect(page).to_have_url(f"{live_server.url}/plan/")
    assert csp_violations == []


# The weight each piece of a "Next: ..." paragraph is drawn in, "Next:" first.
PIECE_WEIGHTS = """
(paragraph) => {
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const text = walker.currentNode.data.trim();
    const weight = getComputedStyle(walker.currentNode.parentElement).fontWeight;
    if (text) found.push([text, Number(weight)]);
  }
  return found;
}
"""


@pytest.mark.parametrize(
    "path",
    ["/market/", "/market/ml-engineer/senior/", "/report/", "/report/roles/"],
)
def test_only_the_lead_in_of_a_next_step_is_bold(live_server, page: Page, signed_in, path):
    # The whole paragraph was bold, its link and its sentence too.
    page.goto(f"{live_server.url}{path}")
    paragraph = page.get_by_role("paragraph").filter(has_text=re.compile(r"^Next:"))
    expect(paragraph).to_have_count(1)
    (lead, lead_weight), *rest = paragraph.evaluate(PIECE_WEIGHTS)
    assert lead == "Next:" and lead_weight >= 600
    assert rest and all(weight == 400 for _, weight in rest), rest
