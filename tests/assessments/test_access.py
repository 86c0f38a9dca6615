"""Who may see and change a person's data: the owner only, signed in, by POST with a CSRF
token; everyone else gets the log-in page or 404, and nothing changes."""

import importlib
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import JobAd, Plan, PlanItem, Profile, ShareLink, SkillLevel
from assessments.services.ads import job_ad_create
from assessments.services.plans import plan_build

# Every page showing a person's data (GET).
PAGES = [
    "/onboarding/",
    "/skills/",
    "/report/",
    "/report/roles/",
    "/report/ml-engineer/senior/",
    "/plan/",
    "/plan.ics",
    "/plan.csv",
    "/plan.md",
]
NEW = "an-Other-long-passphrase-77"
# Every write (POST), with a valid body; "{item}" is an item of the person's plan.
WRITES = [
    ("/onboarding/", {"background": "other", "target": "ml-engineer/mid", "hours_per_week": 5}),
    ("/skills/", {"was": "", "level-python": "5"}),
    ("/skills/suggest/", {"text": "Python and Docker"}),
    ("/skills/confirm/", {"add": "python", "level-python": "5"}),
    ("/plan/replan/", {"hours_per_week": "5", "target": "mlops-engineer/senior"}),
    ("/plan/items/{item}/done", {}),
    ("/plan/items/{item}/undo", {}),
    ("/plan/share/", {"action": "create"}),
]


def state(user) -> tuple:
    """What any write could change."""
    plan = Plan.objects.get(user=user)
    return (
        list(SkillLevel.objects.filter(user=user).values_list("skill_id", "level")),
        Profile.objects.filter(user=user).values().get(),
        (plan.hours_per_week, plan.role_id, plan.seniority),
        list(plan.items.values_list("pk", "done_at")),
        ShareLink.objects.filter(user=user).count(),
    )


def first_item(user) -> PlanItem:
    return Plan.objects.get(user=user).items.order_by("order").first()


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_of_a_personal_page_get_the_log_in_page(client, market, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_anonymous_writes_go_to_the_log_in_page_and_change_nothing(client, planned, url, data):
    before = state(planned)
    response = client.post(url.format(item=first_item(planned).pk), data)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert state(planned) == before


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_writes_without_a_csrf_token_are_refused_and_change_nothing(planned, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(planned)
    before = state(planned)
    response = client.post(url.format(item=first_item(planned).pk), data)
    assert response.status_code == 403
    assert state(planned) == before


# The other writes: a job ad saved, deleted or planned toward, "the market moved" hidden,
# the password changed, the account deleted, logging out. "{ad}" is one of the person's ads,
# "{password}" their password.
MORE_WRITES = [
    ("/report/ads/", {"title": "", "text": "Requirements\n- Python and SQL\n"}),
    ("/report/ads/{ad}/delete/", {}),
    ("/report/ads/{ad}/plan/", {}),
    ("/report/market-seen/", {"snapshot": "{snapshot}"}),
    (
        "/accounts/password/",
        {"old_password": "{password}", "new_password1": NEW, "new_password2": NEW},
    ),
    ("/accounts/delete/", {"password": "{password}"}),
    ("/accounts/logout/", {}),
]


@pytest.fixture
def with_ad(planned, market):
    """`planned` with a saved job ad and no market seen yet (so hiding the notice writes)."""
    ad = job_ad_create(user=planned, text="Senior ML Engineer\nRequirements\n- Python\n")
    Profile.objects.filter(user=planned).update(last_seen_snapshot=None)
    return planned, ad


def more_state(user) -> tuple:
    """What any of MORE_WRITES could change."""
    user.refresh_from_db()
    return (
        state(user),
        list(JobAd.objects.filter(user=user).values_list("pk", flat=True)),
        Plan.objects.get(user=user).job_ad_id,
        user.password,
    )


def more_write(client, url: str, data: dict, *, ad: JobAd, password: str, market):
    values = {"ad": ad.pk, "password": password, "snapshot": market.pk}
    body = {key: value.format(**values) for key, value in data.items()}
    return client.post(url.format(**values), body)


@pytest.mark.parametrize(("url", "data"), MORE_WRITES)
def test_other_writes_without_a_csrf_token_are_refused_and_change_nothing(
    with_ad, password, market, url, data
):
    user, ad = with_ad
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = more_state(user)
    response = more_write(client, url, data, ad=ad, password=password, market=market)
    assert response.status_code == 403
    assert more_state(user) == before
    assert client.get("/plan/").status_code == 200  # still signed in


@pytest.mark.parametrize(("url", "data"), MORE_WRITES)
def test_each_other_write_with_its_token_does_write(client, with_ad, password, market, url, data):
    # The refusals above are refusals of writes that happen when the request is whole.
    user, ad = with_ad
    client.force_login(user)
    before = more_state(user)
    more_write(client, url, data, ad=ad, password=password, market=market)
    if not User.objects.filter(pk=user.pk).exists():
        return  # the account is deleted
    signed_out = client.get("/plan/").status_code == 302
    assert signed_out or more_state(user) != before


@pytest.mark.parametrize(("url", "data"), MORE_WRITES[:-1])
def test_other_anonymous_writes_go_to_the_log_in_page_and_change_nothing(
    client, with_ad, password, market, url, data
):
    user, ad = with_ad
    before = more_state(user)
    response = more_write(client, url, data, ad=ad, password=password, market=market)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert more_state(user) == before


@pytest.mark.parametrize(("url", "data"), WRITES[4:])
def test_writes_are_post_only(client, planned, url, data):
    client.force_login(planned)
    assert client.get(url.format(item=first_item(planned).pk), data).status_code == 405


@pytest.mark.parametrize("url", ["/report/", "/report/roles/", "/plan/", "/plan.ics"])
def test_reading_pages_refuse_posts(client, planned, url):
    client.force_login(planned)
    assert client.post(url).status_code == 405


def test_an_item_id_that_does_not_exist_is_404(client, planned):
    client.force_login(planned)
    assert client.post("/plan/items/999999/done").status_code == 404


@pytest.mark.parametrize("action", ["done", "undo"])
def test_an_item_a_replan_removed_while_the_request_waited_is_404_not_an_error(
    client, planned, monkeypatch, action
):
    python = first_item(planned)
    if action == "undo":
        client.force_login(planned)
        client.post(f"/plan/items/{python.pk}/done")
        plan_build(user=planned)  # Python is now in the past: an undo schedules it again
    stale = PlanItem.objects.select_related("skill", "plan").get(pk=python.pk)
    if action == "done":
        plan_build(user=planned)  # the item is scheduled again, under a new id
    else:
        client.post(f"/plan/items/{python.pk}/undo")  # the double click's first request
    # The second request read the item before the first one's change.
    views = importlib.import_module("assessments.views.plan")  # the package names a view "plan"
    monkeypatch.setattr(views, "plan_item_for", lambda **kwargs: stale)
    client.force_login(planned)
    assert client.post(f"/plan/items/{python.pk}/{action}").status_code == 404


def test_each_person_downloads_only_their_own_plan(client, planned, other_user, target):
    target(other_user, role="MLOps Engineer", seniority="senior")
    plan_build(user=other_user)
    client.force_login(other_user)
    text = client.get("/plan.md").content.decode()
    assert text.startswith("# Learning plan: Senior MLOps Engineer\n")
    assert "Mid-level ML Engineer" not in text


def test_share_tokens_are_long_random_and_new_after_a_revoke(client, planned):
    client.force_login(planned)
    client.post("/plan/share/", {"action": "create"})
    first = ShareLink.objects.get(revoked_at__isnull=True).token
    client.post("/plan/share/", {"action": "revoke"})
    client.post("/plan/share/", {"action": "create"})
    second = ShareLink.objects.get(revoked_at__isnull=True).token
    for token in (first, second):
        assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", token)  # 192 random bits, URL-safe
    assert first != second
    assert client.get(f"/shared/{first}/").status_code == 404
    response = client.get(f"/shared/{second}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # no cache keeps it past a revoke


def test_the_shared_page_shows_no_personal_details_beyond_the_display_name(client, planned, skill):
    planned.email = "ada.lovelace@example.com"
    planned.first_name, planned.last_name = "Augusta", "King"
    planned.save()
    client.force_login(planned)
    client.post("/plan/share/", {"action": "create"})
    token = ShareLink.objects.get().token
    client.logout()

    html = client.get(f"/shared/{token}/").content.decode()
    assert "Ada L." in html
    for detail in ["ada.lovelace", "Augusta", "King", planned.username, "/accounts/"]:
        assert detail not in html.split("<main", 1)[1], detail

    Profile.objects.filter(user=planned).update(display_name="")
    html = client.get(f"/shared/{token}/").content.decode()
    assert "<h1>Plan toward Mid-level ML Engineer</h1>" in html
    assert "A learning plan, shared as a read-only copy" in html


def test_the_shared_page_cannot_change_anything(client, planned):
    client.force_login(planned)
    client.post("/plan/share/", {"action": "create"})
    token = ShareLink.objects.get().token
    client.logout()
    assert client.post(f"/shared/{token}/").status_code == 405
