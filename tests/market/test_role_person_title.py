"""A role named for its field (AI/ML Research) titles its targets by what one person in it is
called (Role.person_title): "Mid-level AI/ML Researcher", as the seed analysis heads them, not
"Mid-level AI/ML Research". Its name, slug and URLs stay; titles over every level keep the name;
a role without a person title is titled by its name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from market.models import Role

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
    assert "AI/ML Research</a>" in page  # the role switcher names the role
    assert "Mid-level AI/ML Research<" not in page and "Mid-level AI/ML Research " not in page
    # Figures over every level name the role itself.
    assert "<h1 data-announce>AI/ML Research, all levels</h1>" in _text(
        client.get("/market/aiml-research/all/")
    )


def test_the_market_overview_pills_title_levels_and_its_table_names_roles(client, seed_snapshot):
    page = _text(client.get(reverse("market:index")))
    assert '<a href="/market/aiml-research/senior/">Senior AI/ML Researcher</a>' in page
    assert '<a href="/market/aiml-research/mid/">AI/ML Research</a></th>' in page


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
    assert "What one person in this role is called in target titles" in form
    response = client.post(
        url,
        {
            "name": role.name,
            "slug": role.slug,
            "description": role.description,
            "title_patterns": role.title_patterns,
            "display_order": role.display_order,
            "page_order": role.page_order,
            "person_title": "Deep Learning Specialist",
        },
    )
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
