"""Prerequisite links shipped after a release: the data migration brings an existing database
what market/seed/skills.json gives a fresh one, keeps an admin's link, and goes back. Run
through the migration executor, on the historical models, as `migrate` runs it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from market.models import SkillPrerequisite

BEFORE = ("market", "0025_role_person_title_labels_pages")
SERVING = ("market", "0026_model_serving_builds_on_kubernetes")


def serving_links() -> set[tuple[str, int]]:
    return set(
        SkillPrerequisite.objects.filter(skill__slug="model-serving").values_list(
            "prerequisite__slug", "min_level"
        )
    )


def migrate(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor


@pytest.fixture
def before_serving():
    """A database at 0025 holding Docker, Kubernetes and Model serving (Docker its only
    link; `kubernetes_level`: Kubernetes' too, at a level an admin chose), as its historical models
    write them; every migration applied again at the end, for the tests after."""

    def at_0025(kubernetes_level: int | None = None) -> None:
        executor = migrate(BEFORE)
        old = executor.loader.project_state([BEFORE]).apps
        Skill, Link = old.get_model("market", "Skill"), old.get_model("market", "SkillPrerequisite")
        skills = {
            slug: Skill.objects.update_or_create(
                slug=slug, defaults={"name": name, "category": "infrastructure"}
            )[0]
            for slug, name in [
                ("docker", "Docker"),
                ("kubernetes", "Kubernetes"),
                ("model-serving", "Model serving"),
            ]
        }
        Link.objects.filter(skill=skills["model-serving"]).delete()
        Link.objects.create(
            skill=skills["model-serving"], prerequisite=skills["docker"], min_level=2
        )
        if kubernetes_level is not None:
            Link.objects.create(
                skill=skills["model-serving"],
                prerequisite=skills["kubernetes"],
                min_level=kubernetes_level,
            )

    yield at_0025
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_fresh_database_has_the_link_from_the_seed_file():
    assert serving_links() == {("docker", 2), ("python", 2), ("kubernetes", 1)}


@pytest.mark.django_db(transaction=True)
def test_the_serving_migration_adds_the_link_to_a_database_without_it(before_serving):
    before_serving()
    migrate(SERVING)
    assert serving_links() == {("docker", 2), ("kubernetes", 1)}
    migrate(BEFORE)  # reversed, it does nothing (the link may be an admin's: see below)
    assert serving_links() == {("docker", 2), ("kubernetes", 1)}


@pytest.mark.django_db(transaction=True)
def test_the_serving_migration_keeps_an_admins_own_link_both_ways(before_serving):
    before_serving(kubernetes_level=3)
    migrate(SERVING)
    assert serving_links() == {("docker", 2), ("kubernetes", 3)}
    migrate(BEFORE)
    assert serving_links() == {("docker", 2), ("kubernetes", 3)}


@pytest.mark.django_db(transaction=True)
def test_reversing_the_serving_migration_keeps_an_admins_link_at_its_own_level(before_serving):
    # An admin linked Model serving to Kubernetes at 1 before the migration ran: it left the
    # link alone, and reversed it removed it, as if the migration had made it.
    before_serving(kubernetes_level=1)
    migrate(SERVING)
    migrate(BEFORE)
    assert serving_links() == {("docker", 2), ("kubernetes", 1)}
