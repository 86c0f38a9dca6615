"""post_migrate receivers that write rows do not run on a partial or backwards schema
(config.migrating): `migrate market 0009` used to fail after it had restored the data, when
the seed's receiver asked for a column that 0010 adds."""

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from assessments import apps as assessments_apps
from config.migrating import schema_is_current
from market import apps as market_apps


def state_at(app_label: str, migration: str):
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return loader.project_state((app_label, migration)).apps


def latest(app_label: str) -> str:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes(app_label)
    return leaf[1]


@pytest.mark.django_db
def test_the_schema_is_current_after_a_full_migrate_or_a_flush_not_after_a_partial_one():
    assert schema_is_current("market", None)  # a flush passes no state
    assert schema_is_current("market", global_apps)
    assert schema_is_current("market", state_at("market", latest("market")))
    assert not schema_is_current("market", state_at("market", "0009_taxonomy_proximity_aliases"))
    assert not schema_is_current("market", state_at("market", "0001_initial"))
    assert schema_is_current("assessments", state_at("assessments", latest("assessments")))
    assert not schema_is_current("assessments", state_at("assessments", "0001_initial"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("receiver", "app_label", "writers"),
    [
        (
            market_apps._ensure_default_market,
            "market",
            [
                "market.ingestion.seed.seed_ensure",
                "market.services.versioning.market_version_triggers_install",
            ],
        ),
        (
            assessments_apps._after_migrate,
            "assessments",
            [
                "assessments.services.levels.level_descriptors_ensure",
                "assessments.services.versioning.person_version_triggers_install",
            ],
        ),
    ],
)
def test_the_receivers_write_nothing_on_a_partial_schema(monkeypatch, receiver, app_label, writers):
    calls = []
    for path in writers:
        module, name = path.rsplit(".", 1)
        monkeypatch.setattr(f"{module}.{name}", lambda *a, name=name, **k: calls.append(name))
    receiver(None, using="default", apps=state_at(app_label, "0001_initial"))
    assert calls == []
    receiver(None, using="default", apps=state_at(app_label, latest(app_label)))
    assert sorted(calls) == sorted(path.rsplit(".", 1)[1] for path in writers)
