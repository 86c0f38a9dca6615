"""Every rejected form says the same things the same way (`templates/_error_summary.html`,
`accounts.forms.SiteForm`): a summary at the top that takes focus and links to each field at
fault, and each such field marked invalid and described by its own error."""

import re
from html import unescape

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from accounts.forms import SiteForm

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def summary_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link of the page's error summary; [] without one."""
    found = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    if not found:
        return []
    return [
        (href, unescape(text))
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', found[1])
    ]


def control(html: str, field_id: str) -> str:
    """The start tag of the control with that id."""
    return re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', html)[0]


def test_a_sign_up_with_only_the_confirmation_wrong_summarises_it_and_keeps_the_username(
    client, password
):
    data = {"username": "grace", "password1": password, "password2": password + "x"}
    html = client.post("/accounts/signup/", data).content.decode()
    assert summary_links(html) == [
        ("#id_password2", "Password confirmation: The two password fields didn’t match.")
    ]
    assert "autofocus" not in control(html, "id_username")  # the summary takes focus instead
    assert 'value="grace"' in control(html, "id_username")
    confirmation = control(html, "id_password2")
    assert 'aria-invalid="true"' in confirmation
    assert re.search(r'aria-describedby="[^"]*\bid_password2_error\b', confirmation)
    assert '<ul class="errorlist" id="id_password2_error">' in html


def test_a_fresh_sign_up_form_starts_at_the_username_and_has_no_summary(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "autofocus" in control(html, "id_username")
    assert summary_links(html) == []


def test_a_wrong_log_in_marks_both_fields_invalid_and_describes_them_by_the_error(client, user):
    html = client.post("/accounts/login/", {"username": "ada", "password": "wrong"}).content
    html = html.decode()
    for field_id in ("id_username", "id_password"):
        tag = control(html, field_id)
        assert 'aria-invalid="true"' in tag and 'aria-describedby="form-errors"' in tag
    # What they are described by is the summary's sentence (not a copy of it below).
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)[1]
    assert re.search(r'<li id="form-errors">Please enter a correct username', summary)


def test_a_wrong_log_in_says_its_sentence_once_in_the_summary_as_text_not_a_link(client, user):
    # Before, the summary linked to a copy of the sentence just below it: read and seen twice.
    html = client.post("/accounts/login/", {"username": "ada", "password": "wrong"}).content
    html = unescape(html.decode())
    assert html.count("Please enter a correct username and password") == 1
    assert summary_links(html) == []
    assert 'class="form-errors"' not in html


class TwoWholeFormErrors(SiteForm, forms.Form):
    invalid_together = ("name",)
    name = forms.CharField(required=False)

    def clean(self):
        raise ValidationError(["First whole-form error.", "Second whole-form error."])


def test_each_whole_form_error_has_its_own_id_and_the_fields_in_question_are_described_by_all():
    form = TwoWholeFormErrors(data={"name": "x"})
    html = Template('{% include "_form.html" %}').render(Context({"form": form}))
    assert '<li id="form-errors">First whole-form error.</li>' in html
    assert '<li id="form-errors-2">Second whole-form error.</li>' in html
    assert 'aria-describedby="form-errors form-errors-2"' in control(html, "id_name")
    assert html.count("whole-form error.") == 2


def test_two_rejected_forms_on_one_page_have_their_own_ids_and_describe_their_own_fields():
    # Before: both summaries had "error-summary-title", "form-errors" and "form-errors-2", so
    # each form's fields were described by the first form's sentences. A form's prefix, which
    # already keeps its fields' ids apart, now keeps its summary's apart too.
    first = TwoWholeFormErrors(data={"first-name": "x"}, prefix="first")
    second = TwoWholeFormErrors(data={"second-name": "y"}, prefix="second")
    html = Template(
        '<form>{% include "_form.html" with form=first %}</form>'
        '<form>{% include "_form.html" with form=second %}</form>'
    ).render(Context({"first": first, "second": second}))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(ids)
    for prefix, form_html in zip(("first", "second"), html.split("</form>")[:2], strict=True):
        summary = re.search(r'<div class="error-summary"([^>]*)>(.*?)</div>', form_html, re.S)
        own_ids = set(re.findall(r'\bid="([^"]+)"', summary[2]))
        assert re.search(r'aria-labelledby="([^"]+)"', summary[1])[1] in own_ids
        described_by = re.search(
            r'aria-describedby="([^"]+)"', control(form_html, f"id_{prefix}-name")
        )
        sentences = [
            unescape(re.search(rf'<li id="{id}">([^<]*)</li>', summary[2])[1])
            for id in described_by[1].split()
        ]
        assert sentences == ["First whole-form error.", "Second whole-form error."]


def test_a_rejected_password_change_links_to_the_old_password(client, user):
    client.force_login(user)
    data = {"old_password": "not-it", "new_password1": "", "new_password2": ""}
    html = client.post("/accounts/password/", data).content.decode()
    hrefs = [href for href, _ in summary_links(html)]
    assert hrefs == ["#id_old_password", "#id_new_password1", "#id_new_password2"]
    assert 'aria-invalid="true"' in control(html, "id_old_password")


def profile_answers(**overrides) -> dict:
    answers = {
        "background": "career_switcher",
        "target": "ml-engineer/senior",
        "hours_per_week": "8",
        "start_month": "2026-02",
        "display_name": "Ada",
    }
    return {**answers, **overrides}


def test_a_failed_onboarding_summarises_the_errors_at_the_top_of_the_form(user_client):
    answers = profile_answers(hours_per_week="0", background="")
    html = user_client.post("/onboarding/", answers).content.decode()
    assert summary_links(html) == [
        ("#id_background_0", "Your background: Choose the background closest to yours."),
        ("#id_hours_per_week", "Hours per week for learning: Enter at least 1 hour a week."),
    ]
    assert html.index('class="error-summary"') < html.index("<fieldset")
    assert re.search(r'<fieldset[^>]*aria-describedby="id_background_error"', html)
    hours = control(html, "id_hours_per_week")
    assert 'aria-invalid="true"' in hours and "id_hours_per_week_error" in hours
    assert 'value="Ada"' in control(html, "id_display_name")


def test_a_paste_box_without_text_summarises_the_error_in_the_open_box(user_client):
    html = user_client.post("/skills/suggest/", {"text": ""}).content.decode()
    box = html[html.index('<details class="card paste-box" open>') :]
    assert summary_links(box) == [
        (
            "#id_text",
            "Paste a CV, a LinkedIn “About”, or a job ad: Paste some text to look for skills in.",
        )
    ]
    tag = control(box, "id_text")
    assert 'aria-invalid="true"' in tag and "id_text_error" in tag


def test_the_paste_box_with_htmx_comes_back_with_its_summary_and_invalid_field(user_client):
    html = user_client.post("/skills/suggest/", {"text": ""}, headers=HTMX).content.decode()
    assert "<html" not in html
    assert [href for href, _ in summary_links(html)] == ["#id_text"]
    assert 'aria-invalid="true"' in control(html, "id_text")


def test_a_form_without_errors_has_no_summary_and_no_invalid_field(user_client):
    html = user_client.get("/onboarding/").content.decode()
    assert summary_links(html) == [] and "aria-invalid" not in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_rejected_plan_settings_summarise_the_error_above_the_fields(client, site_world, headers):
    _, users = site_world
    client.force_login(users["member"])
    data = {"hours_per_week": "0", "target": "ml-engineer/senior"}
    html = client.post("/plan/replan/", data, headers=headers).content.decode()
    assert summary_links(html) == [
        ("#id_hours_per_week", "Hours per week: Enter at least 1 hour a week.")
    ]
    hours = control(html, "id_hours_per_week")
    assert 'aria-invalid="true"' in hours and "id_hours_per_week_error" in hours


# Every form of the site, rejected for what was typed: (url, who posts, data). The site's rule
# (function views: `400 if form.errors else 200`; Django's form views: accounts/views.py
# RejectedFormStatus): the form comes back as typed with its errors, answered 400, as a page
# and as an htmx fragment alike (base.html's htmx-config swaps a 400 in). Before, sign up, log
# in and the password forms answered 200 while the rest answered 400. A new password chosen
# from a reset link: tests/accounts/test_password_reset.py (its link is made there).
REJECTED_FORMS = [
    ("/accounts/signup/", None, {"username": "", "password1": "a", "password2": "b"}),
    ("/accounts/login/", None, {"username": "member", "password": "wrong"}),
    ("/accounts/password/reset/", None, {"email": "not an address"}),
    ("/accounts/password/", "member", {"old_password": "wrong"}),
    ("/accounts/delete/", "member", {"password": "wrong"}),
    ("/onboarding/", "member", profile_answers(hours_per_week="0")),
    ("/skills/suggest/", "member", {"text": ""}),
    ("/report/ads/", "member", {"text": ""}),
    ("/plan/replan/", "member", {"hours_per_week": "0", "target": "ml-engineer/senior"}),
]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("url, audience, data", REJECTED_FORMS, ids=[f[0] for f in REJECTED_FORMS])
def test_every_rejected_form_is_answered_400_with_its_errors(
    client, site_world, url, audience, data, headers
):
    _, users = site_world
    if audience:
        client.force_login(users[audience])
    response = client.post(url, data, headers=headers)
    assert response.status_code == 400, url
    assert 'aria-invalid="true"' in response.content.decode() or "form-errors" in (
        response.content.decode()
    )
