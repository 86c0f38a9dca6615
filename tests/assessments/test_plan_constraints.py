"""One plan per person and at most one active share link per person are the database's rules,
not only the services' habits; the migration that brought them kept each person's newest."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import Plan, ShareLink
from assessments.services.plans import share_link_create, share_link_revoke

BEFORE = ("assessments", "0002_plan_start_day_phase_and_order")
AFTER = ("assessments", "0004_one_plan_and_one_active_share_link_per_user")


def plan_row(user, market, role):
    return Plan(
        user=user,
        snapshot=market,
        role=role("ML Engineer"),
        seniority="mid",
        hours_per_week=10,
        starts_on=dt.date(2030, 1, 1),
    )


@pytest.mark.django_db
def test_a_second_plan_for_one_person_is_refused_by_the_database(planned, market, role):
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_row(planned, market, role).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.bulk_create([plan_row(planned, market, role)])  # no save() to guard it
    assert Plan.objects.filter(user=planned).count() == 1


@pytest.mark.django_db
def test_a_second_active_share_link_is_refused_and_revoked_ones_may_pile_up(planned):
    first = share_link_create(user=planned)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareLink.objects.bulk_create([ShareLink(user=planned)])
    assert share_link_create(user=planned) == first
    share_link_revoke(user=planned)
    second = share_link_create(user=planned)
    share_link_revoke(user=planned)
    third = share_link_create(user=planned)
    assert len({first.token, second.token, third.token}) == 3
    assert list(ShareLink.objects.filter(user=planned, revoked_at__isnull=True)) == [third]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_persons_newest_plan_and_newest_active_link(
    market, role, skill, make_user
):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old = executor.loader.project_state([BEFORE]).apps
        OldPlan = old.get_model("assessments", "Plan")
        OldItem = old.get_model("assessments", "PlanItem")
        OldLink = old.get_model("assessments", "ShareLink")
        ada, bob = make_user("ada"), make_user("bob")
        fields = {
            "snapshot_id": market.pk,
            "role_id": role("ML Engineer").pk,
            "seniority": "mid",
            "hours_per_week": 10,
            "starts_on": dt.date(2030, 1, 1),
        }
        older = OldPlan.objects.create(user_id=ada.pk, **fields)
        newer = OldPlan.objects.create(user_id=ada.pk, **fields)
        OldPlan.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(1))
        python = skill("Python").pk
        OldItem.objects.create(
            plan_id=older.pk, order=1, skill_id=python, from_level=0, to_level=1, hours=4,
            start_month=1, end_month=1,
        )  # fmt: skip
        bobs = OldPlan.objects.create(user_id=bob.pk, **fields)
        links = [OldLink.objects.create(user_id=ada.pk, token=f"t{i}") for i in range(3)]
        OldLink.objects.filter(pk=links[2].pk).update(created_at=timezone.now() - dt.timedelta(1))
        revoked = OldLink.objects.create(user_id=bob.pk, token="r", revoked_at=timezone.now())

        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])

        assert sorted(Plan.objects.values_list("pk", flat=True)) == sorted([newer.pk, bobs.pk])
        assert not Plan.objects.filter(pk=older.pk).exists()  # its item went with it
        active = ShareLink.objects.filter(revoked_at__isnull=True)
        assert list(active.values_list("token", flat=True)) == ["t1"]  # the newest of ada's
        assert ShareLink.objects.filter(user=ada, revoked_at__isnull=False).count() == 2
        assert ShareLink.objects.get(pk=revoked.pk).revoked_at is not None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
