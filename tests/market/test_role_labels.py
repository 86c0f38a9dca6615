"""No two roles share a label (`Role.label`: the person title, else the name). The market
pages key their figures by label, so two roles named alike would merge there silently: the
admin, imports and the seed refuse it, naming both roles."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.ingestion.seed import SeedError, taxonomy_update
from market.models import Role
from market.services.roles import role_label_clash
from market.services.snapshots import SnapshotError, snapshot_create
from tests.market.admin_forms import role_form_data

pytestmark = pytest.mark.django_db

CLASH = (
    "The roles “AI/ML Research” and “{other}” would both be named “AI/ML Researcher” on every "
    "page (a role is named by its person title, else by its name), and the market pages would "
    "merge their figures. Give one of them another person title or name."
)


def test_two_roles_with_one_label_clash_in_any_case_and_one_role_given_twice_does_not():
    research = Role(pk=1, name="AI/ML Research", person_title="AI/ML Researcher")
    assert role_label_clash([research, Role(pk=1, name="AI/ML Research")]) is None
    assert role_label_clash([research, research, Role(pk=2, name="ML Engineer")]) is None
    found = role_label_clash([research, Role(pk=3, name="AI/ML researcher")])
    assert found is not None and "“AI/ML Research” and “AI/ML researcher”" in found


def _admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", None))


def test_the_admin_refuses_a_person_title_that_is_another_roles_label(
    client, django_user_model, seed_snapshot
):
    _admin(client, django_user_model)
    role = Role.objects.get(slug="deep-learning-engineer")
    url = reverse("admin:market_role_change", args=[role.pk])
    response = client.post(url, role_form_data(role, person_title="AI/ML Researcher"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["person_title"] == [CLASH.format(other="Deep Learning Engineer")]
    role.refresh_from_db()
    assert role.person_title == ""
    # Its own label again is no clash.
    again = client.post(url, role_form_data(role, person_title="Deep Learning Engineer"))
    assert again.status_code == 302


def test_the_admin_refuses_a_new_role_named_as_another_role_is_labelled(
    client, django_user_model, seed_snapshot
):
    _admin(client, django_user_model)
    new = Role(name="AI/ML Researcher", slug="aiml-researcher", page_order=9, display_order=9)
    response = client.post(reverse("admin:market_role_add"), role_form_data(new))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["name"] == [CLASH.format(other="AI/ML Researcher")]
    assert not Role.objects.filter(slug="aiml-researcher").exists()


def test_an_import_naming_a_new_role_as_another_role_is_labelled_is_refused(seed_snapshot):
    figures = MarketFigures(
        levels=[LevelFigure("AI/ML Researcher", "mid", 40, None)],
        demands=[DemandFigure("AI/ML Researcher", "mid", "Python", Decimal("80.0"), "Critical")],
    )
    with pytest.raises(SnapshotError) as refused:
        snapshot_create(
            figures=figures, label="Clash", source="tests", analysis_date=dt.date(2025, 11, 30)
        )
    assert str(refused.value) == (
        "The figures name a role the taxonomy lacks. " + CLASH.format(other="AI/ML Researcher")
    )
    assert not Role.objects.filter(name="AI/ML Researcher").exists()


def test_the_seed_refuses_to_write_its_roles_beside_a_role_labelled_as_one_of_them(
    seed_snapshot,
):
    # An admin's role created around the check (a data migration, the shell) with the label.
    Role.objects.create(name="Researchers", slug="researchers", person_title="AI/ML Researcher")
    with pytest.raises(SeedError) as refused:
        taxonomy_update()
    assert str(refused.value) == (
        "The seed's roles (market/seed/roles.json): " + CLASH.format(other="Researchers")
    )
