"""A visitor who follows a personal link (My skills, Report, Plan...) while logged out learns
on the log-in page why the page needs an account, instead of being redirected in silence."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/skills/", "My skills keeps the level you rate for each skill"),
        ("/report/", "Your gap report compares the skills you rated with what employers ask"),
        ("/report/ml-engineer/senior/", "Your gap report compares the skills you rated"),
        ("/report/roles/", "The best-fit ranking scores every role against the skills you rated"),
        ("/plan/", "Your learning plan is built from your own gaps and hours per week"),
        ("/plan.csv", "Your learning plan is built from your own gaps"),
        ("/onboarding/", "Your profile holds your target role"),
    ],
)
def test_a_personal_link_leads_to_a_log_in_page_that_says_why(client, path, reason):
    response = client.get(path, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/accounts/login/?next={path}"
    assert reason in html and "so it is kept in your account. Log in to see it" in html
    assert 'name="next" value="' + path + '"' in html


@pytest.mark.parametrize(
    "query", ["", "?next=/market/", "?next=/no-such-page/", "?next=https://x.example/"]
)
def test_the_log_in_page_gives_no_reason_for_other_pages(client, query):
    html = client.get(f"/accounts/login/{query}").content.decode()
    assert "is kept in your account" not in html
