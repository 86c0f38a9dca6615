"""Nothing about a person can be left out of the export (accounts/personal_data.py), and the
export's documentation names every field it has."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models

from accounts.personal_data import (
    COLUMNS_NOT_EXPORTED,
    NOT_EXPORTED,
    SCHEMA_VERSION,
    SECTIONS,
    personal_data_export,
)
from market.models import Skill, Snapshot

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-export.md"


def models_holding_personal_data() -> set[type[models.Model]]:
    """Every model with a foreign key (or one-to-one) to the user, including the tables behind
    many-to-many fields, and every model whose rows cascade from a model the user owns
    (a plan's items). A model that merely points at the user without cascading (a snapshot's
    `created_by`) is personal, but what cascades from it is not."""
    user = get_user_model()
    everything = apps.get_models(include_auto_created=True)
    owned = {user}
    found = set()
    grew = True
    while grew:
        grew = False
        for model in everything:
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.related_model not in owned:
                    continue
                cascades = field.remote_field.on_delete is models.CASCADE
                if field.related_model is user or cascades:
                    found.add(model)
                if cascades and model not in owned:
                    owned.add(model)
                    grew = True
    return found | {user}


def test_every_model_with_rows_about_a_person_is_in_the_export():
    covered = {model for section in SECTIONS for model in section.models} | set(NOT_EXPORTED)
    missing = sorted(m._meta.label for m in models_holding_personal_data() - covered)
    assert not missing, (
        f"{', '.join(missing)} hold rows about a person but no section of "
        "accounts/personal_data.py exports them: add a Section (and document it in "
        "docs/data-export.md)."
    )


def test_the_coverage_rule_sees_direct_indirect_and_many_to_many_rows():
    found = {m._meta.label for m in models_holding_personal_data()}
    assert {
        "auth.User",
        "auth.User_groups",
        "assessments.Plan",
        "assessments.PlanItem",
        "market.Snapshot",
        "admin.LogEntry",
        "accounts.Session",
    } <= found
    assert "market.RoleLevelStat" not in found  # cascades from a snapshot, not from a person


def test_section_keys_are_unique_and_do_not_clash_with_the_header():
    keys = [section.key for section in SECTIONS]
    assert len(keys) == len(set(keys))
    assert not {"schema_version", "exported_at"} & set(keys)


def keys_of(value, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            into.add(key)
            keys_of(inner, into)
    elif isinstance(value, list):
        for inner in value:
            keys_of(inner, into)
    return into


@pytest.mark.django_db
def test_the_documentation_names_every_field_of_a_full_export(user, fill_account):
    document = personal_data_export(user=fill_account(user))
    for section in SECTIONS:
        assert document[section.key] not in (None, []) or section.key in {
            "admin_actions",
            "market_snapshots_created",
        }, f"the fixture leaves {section.key} empty"
    text = DOC.read_text()
    undocumented = sorted(key for key in keys_of(document, set()) if f"`{key}`" not in text)
    assert not undocumented, f"docs/data-export.md does not describe {undocumented}"
    for section in SECTIONS:
        assert re.search(rf"^#+ `{section.key}`", text, re.M), section.key
    assert f"`schema_version`: {SCHEMA_VERSION}" in text


@pytest.fixture
def full_account(user, fill_account):
    """A person with a row in every section: `fill_account`, plus a group, a permission, an
    admin action and an imported snapshot."""
    fill_account(user)
    user.groups.add(Group.objects.create(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="view_skill"))
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[Skill.objects.first()], action_flag=ADDITION
    )
    Snapshot.objects.create(
        label="Refresh", source="upload", analysis_date="2026-01-01", created_by=user
    )
    return user


def test_every_column_of_a_persons_rows_is_exported_or_says_why_not(full_account):
    document = personal_data_export(user=full_account)
    missing, needless = [], []
    for section in SECTIONS:
        assert document[section.key] not in (None, []), f"the fixture leaves {section.key} empty"
        keys = keys_of(document[section.key], set())
        for model in section.models:
            for column in model._meta.concrete_fields:
                label = f"{model._meta.label}.{column.name}"
                exported = column.name in keys or column.attname in keys
                excused = {label, column.name} & set(COLUMNS_NOT_EXPORTED)
                if not exported and not excused:
                    missing.append(label)
                if exported and label in COLUMNS_NOT_EXPORTED:
                    needless.append(label)
    assert not missing, (
        f"{missing} are not in the export: add them to their section in "
        "accounts/personal_data.py (and docs/data-export.md), or say in COLUMNS_NOT_EXPORTED "
        "why not"
    )
    assert not needless, f"{needless} are exported: take them out of COLUMNS_NOT_EXPORTED"


def test_every_reason_for_a_column_left_out_names_a_column_of_an_exported_model():
    columns = {
        f"{model._meta.label}.{column.name}"
        for section in SECTIONS
        for model in section.models
        for column in model._meta.concrete_fields
    }
    stale = [label for label in COLUMNS_NOT_EXPORTED if "." in label and label not in columns]
    assert not stale, stale
