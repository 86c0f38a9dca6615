"""GET never writes: every page and download, opened by each kind of visitor, only reads.
A plan is made by the POST that saves a target (onboarding, the plan's settings, rating a
skill re-plans); "the market moved" is hidden by a POST. Nor does a GET lock a row (a
person's write lock, `person_locked`, is for writes): pages never wait for one another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Plan, Profile
from tests.site_pages import PAGES, SitePage

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
DOWNLOADS = ["assessments:plan_ics", "assessments:plan_csv", "assessments:plan_md"]


def writes_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 302, 404), url
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) or "FOR UPDATE" in q["sql"].upper()
    ]


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.id)
def test_opening_a_page_writes_nothing(client, site_world, site_page: SitePage):
    world, users = site_world
    if site_page.audience != "anonymous":
        client.force_login(users[site_page.audience])
    assert writes_of(client, site_page.path(world)) == []


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloading_the_plan_writes_nothing(client, site_world, name):
    _, users = site_world
    client.force_login(users["member"])
    assert writes_of(client, reverse(name)) == []


def test_a_newcomer_visiting_every_page_leaves_no_profile_or_plan(client, make_user):
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    for url in ["/plan/", "/skills/", "/onboarding/", "/report/", "/report/roles/", "/plan.csv"]:
        assert writes_of(client, url) == [], url
    assert not Profile.objects.filter(user=newcomer).exists()
    assert not Plan.objects.filter(user=newcomer).exists()
