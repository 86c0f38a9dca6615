"""An admin changes a skill's exclusion phrases in a real browser: previews what the change
would do on the current market's postings, keeps what was typed, then saves."""

from playwright.sync_api import Page, expect

from market.ingestion.importing import market_import
from market.models import Skill
from tests.market.test_taxonomy_preview import _postings_file


def test_an_admin_previews_a_skill_change_from_the_keyboard_then_saves_it(
    live_server, page: Page, make_user, log_in, tmp_path, csp_violations
):
    Skill.objects.filter(slug="excel").update(case_sensitive_aliases="", exclusions="")
    market_import(_postings_file(tmp_path), publish=True, keep_source=True)
    excel = Skill.objects.get(slug="excel")
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", f"/admin/market/skill/{excel.pk}/change/")

    exclusions = page.get_by_role("textbox", name="Exclusion phrases")
    exclusions.fill("opportunity to excel\nwho excel")
    page.get_by_role("button", name="Preview the change").press("Enter")

    # Focus starts on the counts, not at the top of the page above them.
    preview = page.get_by_role("status").filter(has_text="Preview: nothing is saved yet")
    expect(preview).to_be_focused()
    expect(preview).to_contain_text("In the 5 postings of postings.csv")
    expect(preview).to_contain_text("2 postings would lose it.")
    expect(exclusions).to_have_value("opportunity to excel\nwho excel")
    assert Skill.objects.get(pk=excel.pk).exclusions == ""

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Skill.objects.get(pk=excel.pk).exclusions.splitlines() == [
        "opportunity to excel",
        "who excel",
    ]
    assert csp_violations == []
