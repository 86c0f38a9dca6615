"""The home page's next step: sign up (anonymous), choose a target (signed in, none yet), or
the report and the plan (a target chosen)."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_snapshot")]


def hero_actions(response) -> list[tuple[str, str, str]]:
    """(class, href, text) of every link in the home page's actions, in order."""
    html = response.content.decode()
    actions = re.search(r'<p class="actions">(.*?)</p>', html, re.S).group(1)
    return [
        (cls or "", href, " ".join(text.split()))
        for cls, href, text in re.findall(
            r'<a (?:class="([^"]*)" )?href="([^"]*)">(.*?)</a>', actions, re.S
        )
    ]


@pytest.fixture
def seed_snapshot(db):
    from market.models import Snapshot

    return Snapshot.objects.get(is_current=True)


MARKET = ("", "/market/", "Explore the market data")


def test_an_anonymous_visitor_is_asked_to_sign_up_or_log_in(client):
    for _ in range(2):  # the second time from the cache
        assert hero_actions(client.get("/")) == [
            ("button-link", reverse("signup"), "Sign up — it takes a minute"),
            ("button-link secondary", reverse("login"), "Log in"),
            MARKET,
        ]


def test_a_signed_in_person_without_a_target_is_asked_to_choose_one_first(user_client):
    for _ in range(2):
        assert hero_actions(user_client.get("/")) == [
            ("button-link", reverse("assessments:onboarding"), "Choose your target"),
            MARKET,
        ]


def test_a_person_with_a_target_gets_the_report_and_the_plan(user_client, user, onboard):
    user_client.get("/")  # cached without a target
    onboard(user)
    for _ in range(2):
        assert hero_actions(user_client.get("/")) == [
            ("button-link", reverse("assessments:report"), "See my gap report"),
            ("button-link secondary", reverse("assessments:plan"), "Open my learning plan"),
            MARKET,
        ]


def test_a_signed_in_home_page_from_the_cache_reads_the_session_with_its_user_then_versions(
    user_client, user, onboard, django_assert_num_queries
):
    # The same two queries as any cached page: the session with its user, then the market's
    # and the person's versions in one (assessments/page_cache.py); the profile is read only
    # when the page is rendered.
    for person_has_target in (False, True):
        if person_has_target:
            onboard(user)
        user_client.get("/")
        with django_assert_num_queries(2):
            assert user_client.get("/").status_code == 200


def test_each_person_gets_their_own_home_page(client, make_user, onboard):
    ada, bob = client, type(client)()
    ada.force_login(onboard(make_user("ada")))
    bob.force_login(make_user("bob"))
    assert "See my gap report" in ada.get("/").content.decode()
    bob_page = bob.get("/").content.decode()
    assert "Choose your target" in bob_page and "See my gap report" not in bob_page
    assert ">ada<" not in bob_page
