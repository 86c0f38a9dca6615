"""Text that people type (a job ad's title and text, a paste, a display name) and text that
admins enter (skill and role names, descriptions) is shown as text on every page: no template
marks it safe. Checked by putting markup in each and reading every page of the site."""

import pytest
from django.test import Client

from assessments.models import Profile
from assessments.services.ads import job_ad_create
from market.models import Role, Skill
from tests.site_pages import PAGES

pytestmark = pytest.mark.django_db

MARKUP = '<img src=x onerror="alert(1)">'
RAW = ("<img src=x", "<script>alert")


@pytest.fixture
def marked_up(site_world):
    """The site's world with markup in every text a person or an admin enters."""
    world, users = site_world
    member = users["member"]
    Skill.objects.filter(slug="python").update(name=f"Python {MARKUP}", description=MARKUP)
    Role.objects.filter(slug="ml-engineer").update(name=f"ML Engineer {MARKUP}")
    Profile.objects.filter(user=member).update(display_name=f"Ada {MARKUP}")
    ad = job_ad_create(
        user=member,
        title=f"Senior ML Engineer {MARKUP}",
        text=f"Senior ML Engineer {MARKUP}\nRequirements\n- Python, SQL, Docker <script>alert(2)",
    )
    return world, users, ad


def test_markup_typed_by_people_or_admins_is_shown_as_text_on_every_page(marked_up):
    world, users, ad = marked_up
    paths = [(page.audience, page.path(world)) for page in PAGES]
    paths += [("member", f"/report/ads/{ad.pk}/"), ("member", f"/skills/?ad={ad.pk}")]
    shown_raw = []
    for audience, path in paths:
        client = Client()
        if audience != "anonymous":
            client.force_login(users[audience])
        html = client.get(path).content.decode()
        if any(raw in html for raw in RAW):
            shown_raw.append(path)
    assert shown_raw == []
    # ...and the markup is there, as text, where the ad is shown.
    client = Client()
    client.force_login(users["member"])
    ad_page = client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "&lt;img src=x" in ad_page and "&lt;script&gt;alert(2)" in ad_page


def test_markup_in_a_paste_is_shown_as_text_among_the_skills_found(marked_up):
    _, users, _ = marked_up
    client = Client()
    client.force_login(users["member"])
    for headers in ({}, {"HX-Request": "true"}):
        text = f"Python {MARKUP} <script>alert(3)</script>"
        html = client.post("/skills/suggest/", {"text": text}, headers=headers).content.decode()
        assert not any(raw in html for raw in RAW)
