"""Personal pages from the cache: the person's version moves with every write of their rows
(whichever code makes it) and only theirs; nobody is served another person's page; a cached
page's form still posts; and a state machine of random writes and reads where every cached
page equals the uncached one, for the writer and for someone else.

Every test runs on local memory and on Redis (the `cache_backend` fixture). Nothing in the
write path touches the cache: a write made by another process is the same to these pages as
one made here, since the key is read from the database on every request."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accounts.services import account_delete
from assessments.models import JobAd, LevelDescriptor, PersonVersion, PlanItem, SkillLevel
from assessments.page_cache import page_versions
from assessments.services.ads import job_ad_create, job_ad_delete
from assessments.services.plans import (
    plan_build,
    plan_item_check_off,
    plan_item_undo,
    plan_refresh,
    share_link_create,
    share_link_revoke,
)
from assessments.services.profile import profile_mark_seen, profile_plan_settings_set
from assessments.services.skills import skill_levels_set
from assessments.services.versioning import (
    EVERYONE,
    person_tables,
    person_version_triggered_tables,
)
from market.ingestion.refresh import snapshot_roll_back
from market.models import Role, Snapshot
from market.selectors import snapshot_current
from tests.conftest import SITE_AD
from tests.market.page_cache_support import (
    TAXONOMY_EDITS,
    cached_pages,
    market_moved_publish,
    normalised,
    uncached,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend", "market")]

HTMX = {"HX-Request": "true"}
PERSONAL = [
    ("/skills/", {}),
    ("/report/", {}),
    ("/report/", HTMX),
    ("/report/llmgenai-engineer/mid/", {}),
    ("/report/roles/", {}),
    ("/plan/", {}),
]
PAGES = [*PERSONAL, ("/skills/?ad={ad}", {})]
SKILLS = ["python", "sql", "pytorch", "docker", "aws", "tensorflow", "kubernetes", "spark"]


def person_token(user) -> str:
    return page_versions(person_id=user.pk)[2]


@pytest.fixture
def ada(make_user, onboard):
    person = onboard(make_user("ada"), skills={"python": 3, "sql": 2, "pytorch": 1})
    plan_build(user=person)
    return person


# ---- The person's version ------------------------------------------------------------------


def test_every_table_of_the_app_carries_the_person_version_trigger():
    with connection.cursor() as cursor:  # the app's tables as the database has them
        tables = {
            t for t in connection.introspection.table_names(cursor) if t.startswith("assessments_")
        }
    assert person_version_triggered_tables() == tables - {PersonVersion._meta.db_table}
    assert set(person_tables()) == tables - {PersonVersion._meta.db_table}
    assert {"assessments_planitem", "assessments_jobadskill"} <= tables


def _item(user) -> PlanItem:
    return PlanItem.objects.filter(plan__user=user, done_at=None).order_by("order").first()


def _undo_last(user) -> None:
    plan_item_check_off(user=user, item=_item(user))
    plan_item_undo(user=user, item=PlanItem.objects.get(plan__user=user, done_at__isnull=False))


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda u: skill_levels_set(user=u, levels={"docker": 2}), id="levels"),
        pytest.param(
            lambda u: profile_plan_settings_set(
                user=u,
                hours_per_week=3,
                role=Role.objects.get(slug="mlops-engineer"),
                seniority="mid",
            ),
            id="target-and-hours",
        ),
        pytest.param(lambda u: plan_item_check_off(user=u, item=_item(u)), id="check-off"),
        pytest.param(_undo_last, id="undo"),
        pytest.param(lambda u: plan_build(user=u), id="plan-build"),
        pytest.param(lambda u: job_ad_create(user=u, text=SITE_AD), id="ad-add"),
        pytest.param(lambda u: share_link_create(user=u), id="share-link"),
        pytest.param(
            lambda u: PlanItem.objects.filter(plan__user=u).update(hours=1), id="bulk-update"
        ),
        pytest.param(
            lambda u: SkillLevel.objects.filter(user=u, skill__slug="sql").delete(), id="delete"
        ),
        pytest.param(
            lambda u: connection.cursor().execute(
                "UPDATE assessments_profile SET hours_per_week = 7 WHERE user_id = %s", [u.pk]
            ),
            id="raw-sql",
        ),
    ],
)
def test_every_write_of_a_persons_rows_moves_their_version_and_nobody_elses(
    write, ada, make_user, onboard
):
    bob = onboard(make_user("bob"), skills={"python": 2})
    before_ada, before_bob = person_token(ada), person_token(bob)
    write(ada)
    assert person_token(ada) != before_ada
    assert person_token(bob) == before_bob


def test_deleting_a_job_ad_moves_the_version(ada):
    ad = job_ad_create(user=ada, text=SITE_AD)
    before = person_token(ada)
    job_ad_delete(user=ada, ad=ad)
    assert person_token(ada) != before


def test_a_level_descriptor_edit_moves_everyones_version(ada):
    before = page_versions(person_id=ada.pk)
    LevelDescriptor.objects.filter(level=3).update(description="Ships it alone.")
    after = page_versions(person_id=ada.pk)
    assert after[1] != before[1] and after[2] == before[2]  # everyone's, not the person's
    assert EVERYONE == 0


def test_deleting_an_account_leaves_no_version_row(ada):
    account_delete(user=ada)
    assert person_token(ada) == ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM assessments_personversion WHERE person_id = %s", [ada.pk]
        )
        assert cursor.fetchone()[0] == 0


def _pages_of(person, alias: str) -> int:
    return sum(f">{person.username}<".encode() in page for page in cached_pages(alias))


def test_deleting_an_account_removes_every_cached_page_of_the_person_at_once(
    ada, make_user, onboard
):
    bob = onboard(make_user("bob"), skills={"sql": 4})
    plan_build(user=bob)
    for person in (ada, bob):
        client = Client()
        client.force_login(person)
        for path, headers in PERSONAL:
            client.get(path, headers=headers)
    Client().get("/market/")  # a public page stays
    before = {alias: len(cached_pages(alias)) for alias in ("default", "local")}
    ada_pages = {alias: _pages_of(ada, alias) for alias in ("default", "local")}
    full_pages = sum(not headers for _, headers in PERSONAL)  # an htmx fragment has no name
    assert ada_pages == {"default": full_pages, "local": full_pages}
    assert _pages_of(bob, "default") == full_pages

    account_delete(user=ada)

    for alias in ("default", "local"):
        assert _pages_of(ada, alias) == 0
        assert _pages_of(bob, alias) == full_pages
        assert len(cached_pages(alias)) == before[alias] - len(PERSONAL)  # htmx page too


# ---- Who sees what ---------------------------------------------------------------------------


def test_a_personal_page_is_private_and_the_second_request_comes_from_the_cache(
    ada, client, django_assert_num_queries
):
    client.force_login(ada)
    first = client.get("/plan/")
    with django_assert_num_queries(2):  # the session with its user; the versions
        again = client.get("/plan/")
    assert {"no-store", "private"} <= set(again["Cache-Control"].split(", "))
    assert "ETag" not in again
    assert "Cookie" in again["Vary"]
    assert normalised(again) == normalised(first)


def test_two_people_never_get_each_otherscached_pages(ada, make_user, onboard):
    bob = onboard(make_user("bob"), role="mlops-engineer", seniority="mid", skills={"sql": 4})
    plan_build(user=bob)
    clients = {}
    for person in (ada, bob):
        clients[person.username] = Client()
        clients[person.username].force_login(person)
    for path, headers in PERSONAL:
        for _ in range(2):  # the second time from the cache
            for name, client in clients.items():
                cached = client.get(path, headers=headers)
                assert normalised(cached) == normalised(uncached(client, path, headers=headers))
                assert f">{name}<" in cached.content.decode() or headers


def test_a_cached_page_carries_a_working_csrf_token_of_its_own(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    client.get("/plan/")
    page = client.get("/plan/").content.decode()  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "csrf-token-" not in page
    item = _item(ada)
    response = client.post(f"/plan/items/{item.pk}/done", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert f"Done: {item.skill.name}" in client.get("/plan/").content.decode()


def test_a_what_if_and_waiting_messages_are_rendered_not_cached(ada, client):
    client.force_login(ada)
    what_if = "/report/?whatif=1&level-python=5"
    assert normalised(client.get(what_if, headers=HTMX)) == normalised(
        uncached(client, what_if, headers=HTMX)
    )
    client.get("/skills/")
    client.post("/skills/", {"level-docker": "2", "was": "python:3,pytorch:1,sql:2"})
    assert "Saved: Docker" in client.get("/skills/").content.decode()  # the message, once
    assert "Saved: Docker" not in client.get("/skills/").content.decode()


# ---- Random writes and reads -------------------------------------------------------------


def _publish(*, shift, roll_back, pick):
    if roll_back:  # to any published snapshot, the current one included
        published = list(Snapshot.objects.filter(state="published").order_by("pk"))
        snapshot_roll_back(to=published[pick % len(published)])
    else:
        market_moved_publish(shift=shift, label=f"shifted {shift}")


def test_every_cached_personal_page_equals_the_uncached_page_after_any_writes(
    ada, make_user, onboard
):
    bob = onboard(make_user("bob"), role="llmgenai-engineer", seniority="mid", skills={"sql": 3})
    people = {}
    for person in (ada, bob):
        people[person.username] = (person, Client())
        people[person.username][1].force_login(person)
    targets = [(r.slug, s) for r in Role.objects.order_by("pk")[:4] for s in ("mid", "senior")]

    class Writes(RuleBasedStateMachine):
        @rule(
            who=st.sampled_from(["ada", "bob"]),
            slug=st.sampled_from(SKILLS),
            level=st.integers(0, 5),
        )
        def rate(self, who, slug, level):
            user = people[who][0]
            if skill_levels_set(user=user, levels={slug: level}):
                plan_refresh(user=user)  # as the skills page does

        @rule(
            who=st.sampled_from(["ada", "bob"]),
            goal=st.sampled_from(targets),
            hours=st.integers(1, 60),
        )
        def target_and_hours(self, who, goal, hours):
            role, seniority = Role.objects.get(slug=goal[0]), goal[1]
            if not snapshot_current().demands.filter(role=role, seniority=seniority).exists():
                return  # the form offers only targets with figures
            profile_plan_settings_set(
                user=people[who][0], hours_per_week=hours, role=role, seniority=seniority
            )

        @rule(pick=st.integers(0, 50))
        def check_off(self, pick):
            items = list(PlanItem.objects.filter(plan__user=ada, done_at=None).order_by("order"))
            if items:
                plan_item_check_off(user=ada, item=items[pick % len(items)])

        @rule(pick=st.integers(0, 50))
        def undo(self, pick):
            items = list(PlanItem.objects.filter(plan__user=ada).exclude(done_at=None))
            if items:
                plan_item_undo(user=ada, item=items[pick % len(items)])

        @rule(shift=st.integers(-5, 5), roll_back=st.booleans(), pick=st.integers(0, 1000))
        def publish(self, shift, roll_back, pick):
            _publish(shift=shift, roll_back=roll_back, pick=pick)

        @rule(
            kind=st.sampled_from(TAXONOMY_EDITS),
            name=st.text("abc <&>", min_size=1, max_size=6),
            number=st.integers(0, 10**6),
        )
        def edit_taxonomy(self, kind, name, number):
            kind(name=name, number=number)

        @rule(text=st.text("abcdef ", min_size=1, max_size=20))
        def describe_level(self, text):
            LevelDescriptor.objects.filter(level=2).update(description=f"Has {text}.")

        @rule(plan_toward_it=st.booleans())
        def ad_add(self, plan_toward_it):
            ad = job_ad_create(user=ada, text=SITE_AD)
            if plan_toward_it:
                profile_plan_settings_set(user=ada, hours_per_week=6, job_ad=ad)

        @rule()
        def ad_delete(self):
            ad = JobAd.objects.filter(user=ada).first()
            if ad is not None:
                job_ad_delete(user=ada, ad=ad)

        @rule(create=st.booleans())
        def share(self, create):
            (share_link_create if create else share_link_revoke)(user=ada)

        @rule()
        def mark_seen(self):
            profile_mark_seen(user=ada, snapshot=snapshot_current())

        @rule(staff=st.booleans())
        def user_row(self, staff):
            User.objects.filter(pk=bob.pk).update(is_staff=staff)

        @rule(who=st.sampled_from(["ada", "bob"]), page=st.sampled_from(PAGES))
        def read(self, who, page):
            self.compare(who, page)

        @invariant()
        def every_page_in_turn(self):
            # After every step, the next page in turn for both people: a page cached before a
            # write is read again after it.
            self.steps = getattr(self, "steps", 0) + 1
            for who in people:
                self.compare(who, PAGES[self.steps % len(PAGES)])

        def compare(self, who, page):
            user, client = people[who]
            path, headers = page
            if "{ad}" in path:
                ad_id = JobAd.objects.filter(user=user).values_list("pk", flat=True).first()
                path = path.format(ad=ad_id) if ad_id else "/skills/"
            cached = client.get(path, headers=headers)
            fresh = uncached(client, path, headers=headers)
            assert cached.status_code == fresh.status_code
            assert normalised(cached) == normalised(fresh), (who, path, headers)

    run_state_machine_as_test(
        Writes,
        settings=settings(
            max_examples=8,
            stateful_step_count=16,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
