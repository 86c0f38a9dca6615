"""A role named for its field (AI/ML Research) is named on every page by what one person in it
is called (Role.person_title, `Role.label`): "AI/ML Researcher" on buttons, tables and charts,
"Mid-level AI/ML Researcher" in titles, as the seed analysis heads its people. Its stored name,
slug and URLs stay; a role without a person title is named by its name."""

import json
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from market.models import Role
from tests.market.admin_forms import role_form_data

pytestmark = pytest.mark.django_db

RESEARCH = "/market/aiml-research/mid/"


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_seed_gives_ai_ml_research_a_person_title_and_the_other_roles_none(seed_snapshot):
    titles = dict(Role.objects.values_list("slug", "person_title"))
    assert titles.pop("aiml-research") == "AI/ML Researcher"
    assert set(titles.values()) == {""}
    research = Role.objects.get(slug="aiml-research")
    assert research.name == "AI/ML Research"  # the name and slug stay
    assert research.target_title("mid") == "Mid-level AI/ML Researcher"
    assert Role.objects.get(slug="ml-engineer").target_title("mid") == "Mid-level ML Engineer"


def test_a_level_of_ai_ml_research_is_titled_by_a_researcher_its_role_by_its_name(
    client, seed_snapshot
):
    page = _text(client.get(RESEARCH))
    assert "<title>Mid-level AI/ML Researcher · Market · Skillgap</title>" in page
    assert "<h1 data-announce>Mid-level AI/ML Researcher</h1>" in page
    assert "Share of Mid-level AI/ML Researcher postings that mention each skill" in page
    assert 'aria-current="page">AI/ML Researcher</a>' in page  # the role switcher
    assert "What the analysis says about AI/ML Researcher</h2>" in page
    assert "Mid-level AI/ML Research<" not in page and "Mid-level AI/ML Research " not in page
    assert "<h1 data-announce>AI/ML Researcher, all levels</h1>" in _text(
        client.get("/market/aiml-research/all/")
    )


def test_the_market_overview_pills_and_table_name_the_researcher(client, seed_snapshot):
    page = _text(client.get(reverse("market:index")))
    assert '<a href="/market/aiml-research/senior/">Senior AI/ML Researcher</a>' in page
    assert '<a href="/market/aiml-research/mid/">AI/ML Researcher</a></th>' in page


# The seed's own words stay as it wrote them: quotations (attributed to its section "AI/ML
# Research"), the heading it gives path 4, "Path 4: AI/ML Research" (its section heading in
# market/seed/ai-ml-skills-demand.md, the path's name in content.json), and its advice "Stay in
# AI/ML Research" (the field). Everything the pages say themselves about the role, the path's
# chart and table included, uses one name.
SEED_WORDS = re.compile(
    r"<blockquote.*?</blockquote>|Path 4: AI/ML Research|Stay in AI/ML Research",
    re.S,
)


@pytest.mark.parametrize(
    "url",
    [
        "/market/",
        "/market/compare/",
        "/market/paths/",
        "/market/aiml-research/mid/",
        "/market/aiml-research/all/",
        "/market/ml-engineer/mid/",
    ],
)
def test_every_market_page_names_the_research_role_one_way(client, seed_snapshot, url):
    html = client.get(url).content.decode()
    charts = re.findall(r'<script id="[^"]*" type="application/json">(.*?)</script>', html, re.S)
    labels = {label for c in charts for label in json.loads(c).get("data", {}).get("labels", [])}
    assert not any(label == "AI/ML Research" for label in labels)  # chart bars
    assert not re.search(r"AI/ML Research(?!er)", SEED_WORDS.sub("", html))
    assert "AI/ML Researcher" in html


def test_each_paths_chart_and_table_name_its_role_as_pages_do(client, seed_snapshot):
    # The heading quotes the seed ("Path 4: AI/ML Research"); the page's own words do not.
    page = _text(client.get("/market/paths/"))
    assert "<caption>Salary progression, Path 4 (AI/ML Researcher)</caption>" in page
    assert "at each step of Path 4 (AI/ML Researcher); the numbers are in the table" in page
    assert "<caption>Salary progression, Path 1 (ML Engineer)</caption>" in page


def test_a_role_with_a_blank_person_title_keeps_its_name(client, seed_snapshot):
    Role.objects.filter(slug="aiml-research").update(person_title="")
    page = _text(client.get(RESEARCH))
    assert "<h1 data-announce>Mid-level AI/ML Research</h1>" in page


def test_the_admin_edits_a_roles_person_title_and_the_pages_follow(
    client, django_user_model, seed_snapshot
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", None))
    role = Role.objects.get(slug="deep-learning-engineer")
    url = reverse("admin:market_role_change", args=[role.pk])
    form = client.get(url).content.decode()
    assert 'name="person_title"' in form
    assert "What pages call this role and one person in it" in form
    response = client.post(url, role_form_data(role, person_title="Deep Learning Specialist"))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.person_title == "Deep Learning Specialist"
    assert role.name == "Deep Learning Engineer"
    page = _text(client.get("/market/deep-learning-engineer/senior/"))
    assert "<h1 data-announce>Senior Deep Learning Specialist</h1>" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_an_existing_databases_research_role_its_person_title():
    # A database from before person_title: the seed's research role by slug, no other role.
    before, after = ("market", "0020_role_page_order"), ("market", "0021_role_person_title")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        OldRole = executor.loader.project_state([before]).apps.get_model("market", "Role")
        for name, slug in [
            ("AI/ML Research", "aiml-research"),
            ("ML Engineer", "ml-engineer"),
            ("Robotics Research", "robotics-research"),
        ]:
            OldRole.objects.update_or_create(slug=slug, defaults={"name": name})
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        titles = dict(Role.objects.values_list("slug", "person_title"))
        assert titles["aiml-research"] == "AI/ML Researcher"
        assert titles["ml-engineer"] == titles["robotics-research"] == ""
        assert Role.objects.filter(slug="aiml-research", name="AI/ML Research").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
