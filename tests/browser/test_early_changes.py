"""A change made before the page's scripts have loaded (a slow connection) is sent once they
have: saved on My skills, answered on the profile. A page that nobody changed sends nothing,
and going Back shows what is saved rather than a value the browser remembered."""

import pytest
from playwright.sync_api import Page, Request, expect

from assessments.selectors import levels_for
from assessments.services.skills import skill_level_set
from market.models import Skill

HTMX = "**/django_htmx/htmx-2.min.js"


@pytest.fixture
def htmx_requests(page: Page) -> list[Request]:
    """Every request htmx sends from `page` (they carry HX-Request)."""
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if "hx-request" in r.headers else None)
    return sent


@pytest.fixture
def open_before_htmx(page: Page):
    """Opens a page whose htmx script is held back: the page shows and its controls work,
    and nothing listens for their changes yet. Returns a function that lets htmx through."""
    held = []
    page.route(HTMX, lambda route: held.append(route))

    def open_page(url: str):
        with page.expect_request(HTMX):
            page.goto(url, wait_until="commit")

        def release() -> None:
            assert len(held) == 1  # htmx's script was asked for, and is still held
            held.pop().continue_()

        return release

    return open_page


def test_levels_chosen_before_htmx_loaded_are_saved_in_one_request_once_it_has(
    live_server, page: Page, signed_in, open_before_htmx, htmx_requests, csp_violations
):
    release = open_before_htmx(f"{live_server.url}/skills/")
    page.get_by_label("PyTorch", exact=True).select_option("3")
    page.get_by_label("SQL", exact=True).select_option("2")
    assert levels_for(user=signed_in) == {"python": 3}  # nobody listened
    release()

    status = page.locator("#save-status")
    expect(status).to_contain_text("Saved 2 ratings: PyTorch Working (3), SQL Beginner (2).")
    expect(page.locator("#readiness-now")).to_contain_text("Senior ML Engineer")
    assert levels_for(user=signed_in) == {"python": 3, "pytorch": 3, "sql": 2}
    assert [r.method for r in htmx_requests] == ["POST"]
    assert csp_violations == []


def test_a_background_chosen_before_htmx_loaded_gets_its_suggestion_once_it_has(
    live_server, page: Page, signed_in, open_before_htmx, htmx_requests
):
    release = open_before_htmx(f"{live_server.url}/onboarding/")
    page.get_by_label("Researcher").check()
    release()

    suggestion = page.locator("#suggestion")
    expect(suggestion).to_contain_text("What the analysis suggests for Researcher")
    expect(page.get_by_label("Researcher")).to_be_checked()
    assert len(htmx_requests) == 1


@pytest.mark.parametrize("path", ["/skills/", "/onboarding/", "/plan/", "/report/"])
def test_opening_a_page_whose_controls_send_on_change_sends_nothing(
    live_server, page: Page, signed_in, htmx_requests, path
):
    page.goto(f"{live_server.url}{path}")  # returns once the page and its scripts have run
    assert htmx_requests == []


def test_going_back_to_my_skills_shows_and_keeps_the_level_saved_since(
    live_server, page: Page, signed_in, htmx_requests
):
    page.goto(f"{live_server.url}/skills/")
    pytorch = page.get_by_label("PyTorch", exact=True)
    pytorch.select_option("3")
    expect(page.locator("#save-status")).to_contain_text("Saved: PyTorch is now Working (3).")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gap report")
    # Raised since, on another device: the browser still remembers Working (3).
    skill_level_set(user=signed_in, skill=Skill.objects.get(slug="pytorch"), level=5)

    page.go_back()  # returns once the page and its scripts have run
    assert [r.method for r in htmx_requests] == ["POST"]  # the first change only
    expect(pytorch).to_have_value("5")
    # The next change posts the whole form: a remembered Working (3) would go with it.
    page.get_by_label("SQL", exact=True).select_option("2")
    expect(page.locator("#save-status")).to_contain_text("Saved: SQL is now Beginner (2).")
    assert levels_for(user=signed_in) == {"python": 3, "pytorch": 5, "sql": 2}
