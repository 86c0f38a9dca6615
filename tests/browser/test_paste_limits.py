"""Past the hourly allowance of pasted text (accounts/throttling.py), in a real browser: the
paste box answered 429 shows why and until when, with the text still in it."""

import dataclasses
import re

import pytest
from playwright.sync_api import Page, expect

from accounts import throttling
from tests.browser.test_oversized_paste import PASTE_BOX, paste_for_skills

CV = "Backend developer: Python and PostgreSQL daily; Docker and Kubernetes in production."


@pytest.fixture
def one_paste_an_hour(monkeypatch):
    limit = dataclasses.replace(throttling.PASTE_CHARACTERS_PER_PERSON, allowed=len(CV))
    monkeypatch.setattr(throttling, "PASTE_CHARACTERS_PER_PERSON", limit)


def test_a_paste_past_the_allowance_says_so_at_the_box_and_keeps_the_text(
    page: Page, live_server, signed_in, one_paste_an_hour, csp_violations
):
    paste_for_skills(page, live_server, CV)
    expect(page.get_by_text("Found ")).to_be_visible()

    box = page.get_by_label(PASTE_BOX)
    box.fill(CV + " And SQL.")
    page.get_by_role("button", name="Find skills").click()
    expect(box).to_have_accessible_description(
        re.compile("reading text is paused for you for 1 hour")
    )
    expect(box).to_have_value(CV + " And SQL.")
    expect(page).to_have_url(f"{live_server.url}/skills/")
    assert csp_violations == []
