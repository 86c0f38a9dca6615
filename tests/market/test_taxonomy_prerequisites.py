"""Prerequisite links shipped after a release: the data migration brings an existing database
what market/seed/skills.json gives a fresh one, keeps an admin's link, and goes back."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from market.models import SkillPrerequisite

SERVING = importlib.import_module("market.migrations.0026_model_serving_builds_on_kubernetes")


class _SchemaEditor:
    connection = connection


def serving_links() -> set[tuple[str, int]]:
    return set(
        SkillPrerequisite.objects.filter(skill__slug="model-serving").values_list(
            "prerequisite__slug", "min_level"
        )
    )


@pytest.mark.django_db
def test_model_serving_builds_on_kubernetes_in_the_file_and_after_the_migration():
    # Seeded from the file: the link is there, and the migration changes nothing.
    assert serving_links() == {("docker", 2), ("python", 2), ("kubernetes", 1)}
    SERVING.prerequisites_add(django_apps, _SchemaEditor())
    assert serving_links() == {("docker", 2), ("python", 2), ("kubernetes", 1)}
    # A database as it was before: the migration adds the link, once; reversed, it goes.
    SERVING.prerequisites_remove(django_apps, _SchemaEditor())
    assert serving_links() == {("docker", 2), ("python", 2)}
    SERVING.prerequisites_add(django_apps, _SchemaEditor())
    SERVING.prerequisites_add(django_apps, _SchemaEditor())
    assert serving_links() == {("docker", 2), ("python", 2), ("kubernetes", 1)}


@pytest.mark.django_db
def test_the_serving_migration_keeps_an_admins_own_link_both_ways():
    SkillPrerequisite.objects.filter(
        skill__slug="model-serving", prerequisite__slug="kubernetes"
    ).update(min_level=3)
    SERVING.prerequisites_add(django_apps, _SchemaEditor())
    SERVING.prerequisites_remove(django_apps, _SchemaEditor())
    assert ("kubernetes", 3) in serving_links()
