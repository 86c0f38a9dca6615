"""Public pages from the cache: conditional GETs, the market version, who sees what, and a
state machine of random writes and reads where every cached page equals the uncached one.

Every test runs on local memory and on Redis (the `cache_backend` fixture)."""

import re
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from market.ingestion.figures import MarketFigures
from market.ingestion.refresh import snapshot_roll_back
from market.ingestion.seed import taxonomy_update
from market.models import (
    PathStage,
    Role,
    Skill,
    Snapshot,
    TimelineItem,
)
from market.page_cache import PersonalData, csrf_token, public_page
from market.selectors import market_token, market_token_known, market_version, snapshot_current
from market.services.snapshots import snapshot_create
from market.services.versioning import market_tables, market_version_triggered_tables
from tests.market.page_cache_support import (
    TAXONOMY_EDITS,
    cached_pages,
    market_moved_publish,
    normalised,
    uncached,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend", "seed_snapshot")]

DETAIL = "/market/ml-engineer/senior/"
PUBLIC = [
    "/",
    "/market/",
    DETAIL,
    "/market/compare/",
    "/market/timeline/",
    "/market/paths/",
    "/market/trends/",
    "/market/resources/",
]
# ---- HTTP caching --------------------------------------------------------------------------


def test_an_anonymous_market_page_is_public_with_validators_and_sets_no_cookie(client):
    response = client.get("/market/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert {"Cookie", "HX-Request"} <= set(response["Vary"].split(", "))
    assert not response.cookies  # no CSRF cookie, no session: safe for shared caches


def test_conditional_get_is_304_with_the_same_etag_until_a_publish_then_200_with_a_new_one(
    client,
):
    etag = client.get(DETAIL)["ETag"]
    again = client.get(DETAIL, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content

    market_moved_publish(label="the new market")

    fresh = client.get(DETAIL, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "the new market" in fresh.content.decode()


def test_if_modified_since_the_last_change_is_304(client):
    last_modified = client.get("/market/")["Last-Modified"]
    response = client.get("/market/", headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_a_role_renamed_in_the_admin_changes_the_etag_and_the_page(client, django_user_model):
    etag = client.get(DETAIL)["ETag"]
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "r@example.com", None))
    role = Role.objects.get(slug="ml-engineer")
    response = admin.post(
        reverse("admin:market_role_change", args=[role.pk]),
        {
            "name": "Machine Learning Engineer",
            "slug": role.slug,
            "description": role.description,
            "title_patterns": role.title_patterns,
            "display_order": role.display_order,
            "page_order": role.page_order,
        },
    )
    assert response.status_code == 302
    fresh = client.get(DETAIL, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "Machine Learning Engineer" in fresh.content.decode()


def _skill():
    return Skill.objects.get(slug="python")


def _timeline_skill_add():
    item = TimelineItem.objects.first()
    item.skills.add(Skill.objects.exclude(pk__in=item.skills.all()).first())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: market_moved_publish(), id="publish"),
        pytest.param(lambda: Skill.objects.filter(slug="python").update(aliases="py"), id="update"),
        pytest.param(lambda: _skill().save(), id="save"),
        pytest.param(lambda: _timeline_skill_add(), id="m2m"),
        pytest.param(lambda: PathStage.objects.first().items.first().delete(), id="delete"),
        pytest.param(lambda: taxonomy_update(), id="seed-loader"),
        pytest.param(
            lambda: Skill.objects.bulk_create([Skill(name="Zig", slug="zig", category="language")]),
            id="bulk-create",
        ),
        pytest.param(
            lambda: connection.cursor().execute("UPDATE market_role SET description = 'x'"),
            id="raw-sql",
        ),
    ],
)
def test_every_way_of_changing_the_market_changes_its_version(change):
    before = market_version().token
    change()
    assert market_version().token != before


def test_a_token_lent_by_the_page_cache_holds_within_its_block_only(
    django_assert_num_queries,
):
    read = market_version().token
    with django_assert_num_queries(0), market_token_known(read):
        assert market_token() == read
    # After the block (the next request on this thread) the token is read again.
    with django_assert_num_queries(1):
        assert market_token() == read


def test_a_statement_that_changes_no_market_row_keeps_the_version(make_user):
    # Deleting a user runs `UPDATE market_snapshot SET created_by_id = NULL WHERE ...`.
    before = market_version().token
    Snapshot.objects.filter(pk=-1).update(label="nothing")
    make_user("leaver").delete()
    assert market_version().token == before


def test_rolling_back_to_an_earlier_snapshot_changes_the_version(client, seed_snapshot):
    market_moved_publish()
    before = market_version().token
    snapshot_roll_back(to=seed_snapshot)
    assert market_version().token != before


def test_a_draft_import_changes_the_version_but_not_what_pages_show(client):
    page = normalised(client.get("/market/"))
    current = snapshot_current()
    snapshot_create(
        figures=MarketFigures(levels=[], demands=[]),
        label="draft",
        source="tests",
        analysis_date=current.analysis_date,
    )
    assert normalised(client.get("/market/")) == page


def test_every_market_table_carries_the_version_trigger():
    assert market_version_triggered_tables() == set(market_tables())
    assert "market_timelineitem_skills" in market_tables()  # many-to-many tables too


# ---- Queries ---------------------------------------------------------------------------------


def test_an_anonymous_cache_hit_reads_only_the_market_version(client, django_assert_num_queries):
    client.get("/market/")
    with django_assert_num_queries(1):
        assert client.get("/market/").status_code == 200
    etag = client.get(DETAIL)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(DETAIL, headers={"If-None-Match": etag}).status_code == 304


def test_a_signed_in_cache_hit_reads_the_session_with_its_user_then_the_market_version(
    user_client, django_assert_num_queries
):
    user_client.get(DETAIL)
    with django_assert_num_queries(2):
        assert user_client.get(DETAIL).status_code == 200


# ---- The CSRF token each response gets (market/page_cache.py's csrf_token) ------------------

SECRET = "itu9b44MgBlHIou3rkWIC3lV67jE3pki"


def test_the_csrf_token_is_the_secret_under_a_fresh_mask():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    tokens = {csrf_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a new mask every time (BREACH)
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET  # what CsrfViewMiddleware checks
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the browser's cookie stands


def test_without_a_secret_the_csrf_token_is_djangos_new_one_and_its_cookie_is_sent():
    request = RequestFactory().get("/")
    token = csrf_token(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_cached_page_sends_no_csrf_cookie_to_a_browser_that_has_one(user_client):
    first = user_client.get(DETAIL)  # rendered: Django's get_token sets the cookie
    assert django_settings.CSRF_COOKIE_NAME in first.cookies
    again = user_client.get(DETAIL)  # from the cache, the browser sending its cookie
    assert django_settings.CSRF_COOKIE_NAME not in again.cookies
    user_client.cookies.pop(django_settings.CSRF_COOKIE_NAME)
    assert django_settings.CSRF_COOKIE_NAME in user_client.get(DETAIL).cookies  # lost: a new one


def test_a_session_ends_before_the_csrf_cookie_it_began_with_would_expire():
    """Why a cached page need not renew the CSRF cookie (market/page_cache.py csrf_token)."""
    assert django_settings.SESSION_COOKIE_AGE < django_settings.CSRF_COOKIE_AGE


def test_every_mask_character_is_equally_likely():
    """20,000 masks, 640,000 characters: each of the 62 is expected 10,323 times (sd ~100).
    Taking a random byte modulo 62 without dropping bytes from 248 up would give the first
    eight characters 25% more (about 12,400): far outside the 6% allowed here."""
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    counts = Counter()
    for _ in range(20_000):
        counts.update(csrf_token(request)[:32])
    expected = 20_000 * 32 / len(CSRF_ALLOWED_CHARS)
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert all(abs(n - expected) < 0.06 * expected for n in counts.values()), counts


# ---- Who sees what -------------------------------------------------------------------------


def test_signed_in_people_see_their_own_name_and_get_a_working_csrf_token(
    make_user, django_user_model
):
    ada, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    ada.force_login(make_user("ada"))
    bob.force_login(make_user("bob"))
    assert "ada" in ada.get("/market/").content.decode()
    page = bob.get("/market/")
    text = page.content.decode()
    assert "bob" in text and ">ada<" not in text
    assert page["Cache-Control"] == "private, no-cache" and "ETag" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    assert bob.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_staff_see_the_admin_link_from_the_cache_and_members_do_not(make_user, client):
    member, staff = Client(), Client()
    member.force_login(make_user("member"))
    staff.force_login(make_user("boss", is_staff=True))
    for _ in range(2):  # the second time from the cache
        assert reverse("admin:index") in staff.get("/market/").content.decode()
        assert reverse("admin:index") not in member.get("/market/").content.decode()
        assert reverse("login") in client.get("/market/").content.decode()


def test_waiting_messages_are_shown_once_and_never_cached(client, password):
    client.get("/market/")  # the anonymous page is cached
    client.post(
        reverse("signup"),
        {"username": "newcomer", "password1": password, "password2": password},
    )  # "Welcome, newcomer!" waits for the next page
    assert "Welcome, newcomer!" in client.get("/market/").content.decode()
    assert "Welcome, newcomer!" not in client.get("/market/").content.decode()


def test_a_page_that_reads_personal_data_is_rendered_for_each_person_uncached(make_user):
    @public_page
    def greeting(request):
        return HttpResponse(f"Hello {request.user.email}")

    for name in ("ada", "bob"):
        request = RequestFactory().get("/greeting/")
        request.user = make_user(name, email=f"{name}@example.com")
        request.htmx = HtmxDetails(request)
        response = greeting(request)
        assert response.content.decode() == f"Hello {name}@example.com"
        assert response["Cache-Control"] == "private, no-cache"


def test_the_stand_in_viewer_refuses_personal_questions():
    from market.page_cache import Viewer

    with pytest.raises(PersonalData):
        _ = Viewer("member").email
    assert Viewer.of(AnonymousUser()).kind == "anonymous"


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(client):
    page = client.get(DETAIL)
    fragment = client.get(DETAIL, headers={"HX-Request": "true"})
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    assert page["ETag"] != fragment["ETag"]


def test_compare_is_cached_per_pair_of_snapshots_and_ignores_other_parameters(client):
    old = snapshot_current()
    new = market_moved_publish()
    pair = client.get(f"/market/compare/?before={old.pk}&after={new.pk}")
    same = client.get(f"/market/compare/?before={old.pk}&after={new.pk}&utm=x")
    plain = client.get("/market/compare/?utm=x")
    assert pair["ETag"] == same["ETag"] != plain["ETag"]
    assert normalised(plain) == normalised(uncached(client, "/market/compare/"))


def test_compare_keeps_entries_only_for_the_ids_of_published_snapshots(client):
    # The key holds the parameters as sent: kept, any made-up value would be one more page in
    # the shared cache for a day.
    client.get("/market/compare/")
    kept = len(cached_pages("default"))
    for value in ["abc", "01", "999999", "9" * 40, ""]:
        response = client.get("/market/compare/", {"before": value, "after": value})
        assert response.status_code == 200
        assert normalised(response) == normalised(uncached(client, "/market/compare/"))
    assert len(cached_pages("default")) == kept
    current = snapshot_current().pk
    client.get("/market/compare/", {"before": current, "after": current})
    assert len(cached_pages("default")) == kept + 1


# ---- Random writes and reads -------------------------------------------------------------


def test_every_cached_public_page_equals_the_uncached_page_after_any_writes(make_user):
    people = {"anonymous": Client(), "member": Client(), "staff": Client()}
    people["member"].force_login(make_user("member"))
    boss = make_user("boss", is_staff=True)
    people["staff"].force_login(boss)
    names = st.text(alphabet="abcdefghij <&>", min_size=1, max_size=8)

    class Writes(RuleBasedStateMachine):
        @rule(shift=st.integers(-5, 5), roll_back=st.booleans(), pick=st.integers(0, 1000))
        def publish(self, shift, roll_back, pick):
            if roll_back:  # to any published snapshot, the current one included
                published = list(Snapshot.objects.filter(state="published").order_by("pk"))
                snapshot_roll_back(to=published[pick % len(published)])
            else:
                market_moved_publish(shift=shift, label=f"shifted {shift}")

        @rule(kind=st.sampled_from(TAXONOMY_EDITS), name=names, number=st.integers(0, 10**6))
        def edit_taxonomy(self, kind, name, number):
            kind(name=name, number=number)

        @rule()
        def toggle_staff(self):
            boss.is_staff = not boss.is_staff
            boss.save()

        @rule(path=st.sampled_from(PUBLIC))
        def read(self, path):
            # Every viewer, page then fragment: a variant served for another is caught here.
            for who, client in people.items():
                for headers in ({}, {"HX-Request": "true"}):
                    cached = client.get(path, headers=headers)
                    fresh = uncached(client, path, headers=headers)
                    assert cached.status_code == fresh.status_code == 200
                    assert normalised(cached) == normalised(fresh), (path, who, headers)

    run_state_machine_as_test(
        Writes,
        settings=settings(
            max_examples=8,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
