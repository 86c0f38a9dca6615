"""Pages list roles in page order (the seed analysis's: ML Engineer first); postings' titles are
still matched in matching order (LLM/GenAI first), whichever order the pages use."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from market.ingestion.importing import role_rules_load
from market.ingestion.postings import RoleClassifier
from market.models import Role
from tests.market.seed_markdown import seed_facts

pytestmark = pytest.mark.django_db

# The analysis's "Skills Breakdown by Role Category", 1. ML Engineer to 6. AI/ML Research, read
# from its text (not from market/seed/roles.json, which this checks).
ANALYSIS_ORDER = list(seed_facts().role_totals)
# market/seed/roles.json display_order: specific roles before the broad ones they contain.
MATCHING_ORDER = [
    "LLM/GenAI Engineer",
    "MLOps Engineer",
    "AI/ML Research",
    "Deep Learning Engineer",
    "ML Engineer",
    "AI Engineer",
    "Data Engineer",
    "Data Scientist",
    "Data Analyst",
]


def _table_rows(page: str, caption: str) -> list[str]:
    """The row headings of the table with `caption`, as text."""
    table = page[page.index(f"<caption>{caption}") :]
    table = table[: table.index("</table>")]
    heads = re.findall(r'<th\b[^>]*\bscope="row"[^>]*>(.*?)</th>', table, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in heads]


def _as_pages_name(names: list[str]) -> list[str]:
    """Roles' names as pages name the roles (`Role.label`: "AI/ML Researcher")."""
    labels = {role.name: role.label for role in Role.objects.all()}
    return [labels[name] for name in names]


def _overview_roles(client) -> list[str]:
    page = client.get(reverse("market:index")).content.decode()
    return _table_rows(page, "Average salary (US dollars per year)")


def test_the_overview_lists_roles_in_the_analysis_order(client, seed_snapshot):
    assert ANALYSIS_ORDER[:2] == ["ML Engineer", "AI Engineer"] and len(ANALYSIS_ORDER) == 6
    assert _overview_roles(client) == _as_pages_name(ANALYSIS_ORDER)


def test_the_role_switcher_on_a_role_page_lists_roles_in_the_analysis_order(client, seed_snapshot):
    page = client.get(reverse("market:detail", args=["mlops-engineer", "mid"])).content.decode()
    slugs = re.findall(r'<a id="role-([\w-]+)"', page)
    names = dict(Role.objects.values_list("slug", "name"))
    assert [names[s] for s in slugs] == ANALYSIS_ORDER


def test_the_framework_table_by_role_lists_roles_as_the_analysis_does(client, seed_snapshot):
    page = client.get(reverse("market:compare")).content.decode()
    rows = _table_rows(page, "Share of postings mentioning TensorFlow and PyTorch, by role")
    assert rows == _as_pages_name(ANALYSIS_ORDER)


def test_titles_are_still_matched_in_matching_order_not_page_order(seed_snapshot):
    rules = role_rules_load()
    assert [name for name, _ in rules] == MATCHING_ORDER
    classify = RoleClassifier(rules).classify
    # Page order puts ML Engineer first; matching it first would take these titles.
    assert classify("Senior LLM Engineer") == "LLM/GenAI Engineer"
    assert classify("Machine Learning Engineer, MLOps") == "MLOps Engineer"
    assert classify("Machine Learning Engineer") == "ML Engineer"


def test_a_role_moved_in_page_order_moves_on_the_pages_and_not_in_matching(client, seed_snapshot):
    research = Role.objects.get(name="AI/ML Research")
    research.page_order = 0
    research.save()
    moved = _as_pages_name(["AI/ML Research", *ANALYSIS_ORDER[:-1]])
    assert _overview_roles(client) == moved
    assert [name for name, _ in role_rules_load()] == MATCHING_ORDER


def test_the_admin_role_list_edits_page_order_and_matching_order_apart(
    client, django_user_model, seed_snapshot
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", None))
    page = client.get(reverse("admin:market_role_changelist")).content.decode()
    assert 'aria-label="Page order of ML Engineer"' in page
    assert 'aria-label="Matching order of ML Engineer"' in page
    names = re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a>', page)
    assert names[:6] == ANALYSIS_ORDER


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_an_existing_databases_seed_roles_the_analysis_order():
    # A database from before page_order: its seed roles by slug, any other role after them.
    before, after = ("market", "0019_taxonomy_round_9"), ("market", "0020_role_page_order")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        OldRole = executor.loader.project_state([before]).apps.get_model("market", "Role")
        for name, slug, matching in [
            ("LLM/GenAI Engineer", "llmgenai-engineer", 1),
            ("ML Engineer", "ml-engineer", 5),
            ("Robotics Engineer", "robotics-engineer", 10),
        ]:
            OldRole.objects.update_or_create(
                slug=slug, defaults={"name": name, "display_order": matching}
            )
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        orders = dict(Role.objects.values_list("slug", "page_order"))
        assert [orders["ml-engineer"], orders["llmgenai-engineer"]] == [1, 3]
        assert orders["robotics-engineer"] == 100
        matching = Role.objects.filter(slug="ml-engineer").values_list("display_order", flat=True)
        assert matching.get() == 5  # matching order kept
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
