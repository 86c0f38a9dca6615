"""Each page of a person's data is built in a fixed number of queries: the same number after
the taxonomy, the target's requirements, the person's ratings, history and plan items, and the
number of other users all grow."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Plan, SkillLevelChange
from assessments.services.ads import job_ad_create, job_ads_read_again
from assessments.services.plans import plan_build, share_link_create
from assessments.services.profile import profile_mark_seen
from assessments.services.skills import skill_level_set
from market.ingestion.aggregate import aggregate_export, aggregate_read
from market.ingestion.figures import DemandFigure
from market.models import Priority, Skill, SkillCategory, SkillPrerequisite
from market.selectors import snapshot_current
from market.services.snapshots import snapshot_create, snapshot_publish

HTMX = {"HX-Request": "true"}
AD = "Senior ML Engineer\nRequirements\n- Python and PyTorch\n\nNice to have\n- AWS\n"
# (url, htmx?) -> the queries the page takes when rendered (the session with its user, the
# page cache's versions and the profile included), and when served from the cache (the
# session with its user, the versions).
PAGES = {
    # The target's report and the ranking: 13 and 9, and the target of the person's plan (their
    # "Next" leads to it, or says it aims at other gaps: a job ad or another role).
    ("/report/", False): (14, 2),
    ("/report/", True): (14, 2),
    ("/report/?whatif=1&level-pytorch=4", True): (12, 12),  # a what-if is never cached
    ("/report/llmgenai-engineer/mid/", False): (14, 2),
    ("/report/roles/", False): (10, 2),
    ("/skills/", False): (11, 2),
    # Filtered to a job ad (its readiness shown): the ad, its skills and their market.
    ("/skills/?ad={ad}", False): (18, 2),
    ("/plan/", False): (18, 2),  # 17, and the person's job ads the target can be
}


def page_queries(client, url: str, htmx: bool) -> tuple[int, int]:
    """The queries of the page rendered (nothing cached), then of the same page again."""
    for each in caches.all():
        each.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=HTMX if htmx else {})
        assert response.status_code == 200, url
        counts.append(len(queries.captured_queries))
    return counts[0], counts[1]


def grow_everything(*, user, market, make_user, target):
    """Ten more skills, all asked for by the target (with prerequisites); the person rates
    five of them on three different days; five more people with levels and plans."""
    python = Skill.objects.get(slug="python")
    # A bigger market than the seed's, published as a new snapshot: published figures
    # never change.
    figures = aggregate_read(io.StringIO(aggregate_export(market)), name="seed.csv").figures
    extra = []
    for i in range(10):
        skill = Skill.objects.create(name=f"Extra skill {i}", category=SkillCategory.OTHER)
        SkillPrerequisite.objects.create(skill=skill, prerequisite=python, min_level=2)
        figures.demands += [
            DemandFigure("ML Engineer", seniority, skill.name, Decimal("12.5"), Priority.MEDIUM)
            for seniority in ["mid", "senior"]
        ]
        extra.append(skill)
    bigger = snapshot_create(
        figures=figures, label="Bigger", source="test", analysis_date=market.analysis_date
    )
    snapshot_publish(snapshot=bigger)
    # The person has seen it (hid "the market moved"): the page is compared like for like.
    profile_mark_seen(user=user, snapshot=bigger)
    for days_ago, skill in zip([3, 3, 2, 1, 0], extra[:5], strict=True):
        skill_level_set(user=user, skill=skill, level=1)
        SkillLevelChange.objects.filter(user=user, skill=skill).update(
            changed_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    for n in range(5):
        other = make_user(f"other{n}")
        target(other, seniority="senior")
        for skill in extra:
            skill_level_set(user=other, skill=skill, level=3)
        plan_build(user=other)


@pytest.fixture
def person(user, target, skill):
    """A person with a senior ML Engineer target, four ratings and a plan."""
    target(user, seniority="senior")
    for name, level in {"Python": 4, "TensorFlow": 3, "PyTorch": 2, "AWS": 1}.items():
        skill_level_set(user=user, skill=skill(name), level=level)
    plan_build(user=user)
    return user


@pytest.mark.parametrize(("url", "htmx"), list(PAGES))
def test_page_queries_stay_the_same_as_skills_ratings_plan_items_and_users_grow(
    client, person, market, make_user, target, url, htmx
):
    client.force_login(person)
    rendered, again = PAGES[(url, htmx)]
    url = url.format(ad=job_ad_create(user=person, text=AD).pk if "{ad}" in url else "")
    client.get(url)  # warm: the first request of a client reads its session and user
    before = page_queries(client, url, htmx)

    items_before = Plan.objects.get(user=person).items.count()
    grow_everything(user=person, market=market, make_user=make_user, target=target)
    plan_build(user=person)  # re-plan: the plan now holds the new skills too
    # New skills are new reading rules: saved ads are read with them (as `ads_read_again`
    # does on deploy); a page that meets an ad read by older rules takes one query more.
    job_ads_read_again()
    plan = Plan.objects.get(user=person)
    assert plan.items.count() > items_before
    for item in plan.items.order_by("order")[:2]:
        client.post(f"/plan/items/{item.pk}/done")  # done items are listed on /plan/ too

    # The person has read "the market moved" about the bigger market and hidden it.
    client.post("/report/market-seen/", {"snapshot": snapshot_current().pk})
    client.get(url)
    after = page_queries(client, url, htmx)
    assert before == after
    assert after == (rendered, again)


# Pages and downloads the page cache does not keep: (url, the queries each request takes,
# the session with its user included).
UNCACHED = {
    "/plan.ics": 11,
    "/plan.csv": 11,
    "/plan.md": 11,
    "/onboarding/": 6,
    "/shared/{token}/": 13,  # read by its owner here: the session with its user too
}


@pytest.mark.parametrize("url", list(UNCACHED))
def test_downloads_onboarding_and_the_shared_page_take_a_fixed_number_of_queries(
    client, person, market, make_user, target, url
):
    client.force_login(person)
    expected = UNCACHED[url]
    url = url.format(token=share_link_create(user=person).token)
    client.get(url)  # warm: the first request of a client reads its session and user

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        return len(captured.captured_queries)

    before = queries()
    grow_everything(user=person, market=market, make_user=make_user, target=target)
    plan_build(user=person)
    for item in Plan.objects.get(user=person).items.order_by("order")[:2]:
        client.post(f"/plan/items/{item.pk}/done")
    client.post("/report/market-seen/", {"snapshot": snapshot_current().pk})
    assert (before, queries()) == (expected, expected)


# An undo of an item checked off before the last re-plan, which schedules it again as a new
# row: htmx gets the re-planned body (which shows where it is), a page without JavaScript is
# sent to the new row's Undo button, so only it reads that row.
UNDO = {True: 45, False: 30}


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-javascript"])
def test_an_undo_that_schedules_the_item_again_takes_a_fixed_number_of_queries(
    client, person, htmx
):
    client.force_login(person)
    done = Plan.objects.get(user=person).items.order_by("order").first()
    client.post(f"/plan/items/{done.pk}/done")
    plan_build(user=person)  # done before these months: its undo schedules it again
    client.get("/plan/")  # warm: the first request of a client reads its session and user
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/plan/items/{done.pk}/undo", headers=HTMX if htmx else {})
    assert response.status_code == (200 if htmx else 302)
    assert Plan.objects.get(user=person).items.filter(skill=done.skill, done_at=None).exists()
    assert len(queries.captured_queries) == UNDO[htmx]


# A level saved with htmx from My skills filtered to a job ad: the ad is read once (with its
# skills, two queries), before the write, and its new readiness is told from it.
AD_SAVE = 43  # 44 when the ad was looked up twice (is it theirs, then its report)


def test_a_level_saved_with_htmx_on_the_list_filtered_to_an_ad_reads_the_ad_once(client, person):
    client.force_login(person)
    ad = job_ad_create(user=person, text=AD)
    client.get(f"/skills/?ad={ad.pk}")  # warm: the first request of a client reads its session
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/skills/", {"level-pytorch": "4", "ad": str(ad.pk)}, headers=HTMX)
    assert response.status_code == 200
    assert "Saved: PyTorch is now Advanced (4)." in response.content.decode()
    ads_read = [
        q["sql"] for q in queries.captured_queries if 'FROM "assessments_jobad"' in q["sql"]
    ]
    assert len(ads_read) == 1, ads_read
    assert len(queries.captured_queries) == AD_SAVE
